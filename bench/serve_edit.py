"""Time one-record edits under `docket serve`, as a browser sees them.

    python3 bench/serve_edit.py URL RECORD PAGE EDITS

For each edit: wait for the server to be idle, start a long-poll on the live-reload endpoint
(as the page's script does), rewrite RECORD's title, and time until the reload is signalled
and until PAGE (the record's page, relative to URL) is fetched with the new title.
"""

import json
import re
import sys
import threading
import time
import urllib.request


def get(url):
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode()


def main():
    url, record, page, edits = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    signalled, fetched = [], []
    for i in range(edits):
        time.sleep(2)  # past the watcher's debounce of the last edit
        generation = json.loads(get(url + "__docket/status"))["generation"]
        done = {}

        def poll():
            done["status"] = json.loads(get(url + "__docket/poll?since=%d" % generation))
            done["at"] = time.perf_counter()

        waiter = threading.Thread(target=poll)
        waiter.start()
        time.sleep(0.1)
        title = "Edited title number %d" % i
        with open(record, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"^title: .*$", "title: " + title, text, count=1, flags=re.M)
        started = time.perf_counter()
        with open(record, "w", encoding="utf-8") as f:
            f.write(text)
        waiter.join()
        body = get(url + page)
        finished = time.perf_counter()
        if title not in body:
            sys.exit("edit %d: the page does not show the new title" % i)
        signalled.append((done["at"] - started) * 1000)
        fetched.append((finished - started) * 1000)
        print("edit %d: reload signalled after %.0f ms, page fetched after %.0f ms (%s)"
              % (i, signalled[-1], fetched[-1], done["status"]["summary"]))
    for name, times in (("reload signalled", signalled), ("new page fetched", fetched)):
        times.sort()
        print("%s: median %.0f ms, min %.0f ms, max %.0f ms"
              % (name, times[len(times) // 2], times[0], times[-1]))


main()
