#!/usr/bin/env bash
# Incremental rebuild under `docket serve`: edit one record of the 10,000-event synthetic site
# again and again and time, from the save, until the browser is told to reload and until the
# event's page is served with the edit. The time includes the file watcher's debounce.
#
#   bench/serve-edit.sh [EVENTS] [EDITS]      defaults: 10000 events, 15 edits
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-10000}
edits=${2:-15}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
python3 ../shared/bench/gen.py "$events" "$work/site" >/dev/null
cargo build --release --quiet --bin docket
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1798761600} target/release/docket serve \
  --root "$work/site/docket" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 1 300); do grep -q '^serving' "$work/serve.out" && break; sleep 1; done
url=$(grep -o 'http://[^ ]*' "$work/serve.out" | head -1)
[ -n "$url" ] || { cat "$work/serve.err" >&2; exit 1; }
grep '^built' "$work/serve.out"
record=$(ls "$work/site/docket/content/events" | sed -n "$((events / 2))p")
python3 bench/serve_edit.py "$url" "$work/site/docket/content/events/$record" "events/${record%.yaml}/" "$edits"
