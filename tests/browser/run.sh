#!/usr/bin/env bash
# The checks that need real outside tools, on the built example site:
#   - the Atom feed, sitemap, robots.txt and page metadata, read by feedparser and lxml
#     (tests/feeds/check_feeds.py, with the sitemap XSD in tests/feeds/sitemap.xsd);
#   - the JSON Schemas against every example record and against `docket check`
#     (tests/feeds/check_schemas.py, with jsonschema and PyYAML);
#   - the standard data files of the example, of a site of hostile text
#     (tests/fixtures/exports-hostile) and of a `docket init` starter: events.json against its
#     schema, the STIX bundle through stix2-validator, the MISP events through PyMISP, the
#     citation files through bibtexparser, rispy and citeproc-js, the SQLite file through
#     sqlite3, CITATION.cff against the CFF 1.2.0 schema (tests/feeds/check_exports.py,
#     tests/browser/check_citations.mjs);
#   - the site in headless Chromium, served over http on 127.0.0.1: pages load without console
#     errors under the Content-Security-Policy, search and filters work, retracted records are
#     marked and left out of counts, sorting and totals (tests/browser/check.mjs, with
#     playwright-core driving Debian's chromium), and charts stay readable: no chart text under
#     11px at 390px wide, marks reachable as links, no white panels in dark mode
#     (tests/browser/charts.mjs);
#   - every page type against the Nu Html Checker (npm vnu-jar, run with Java) and axe-core at
#     1366 and 390 px, and no table cell past a 390 px screen (tests/browser/validate.mjs), for
#     the example, the Persian and the English-and-Persian fixtures (both of its languages),
#     and the 1,000-event site of ../shared/bench/gen.py;
#   - a site written in Persian: search by either Arabic-script letter variant, filters and
#     chart labels in Persian, right to left, screenshots (tests/browser/languages.mjs).
# Installs what it needs (chromium with apt when run as root, Python packages into
# tests/browser/.venv, playwright-core with npm), builds docket, and exits non-zero on any failure.
# Screenshots go to tests/browser/artifacts/.
#
# usage: tests/browser/run.sh            (debug build)
#        DOCKET_PROFILE=release tests/browser/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: apt-get install chromium" >&2
    exit 1
  fi
fi

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$repo/tests/feeds/requirements.txt"
# Only for its copy of the CFF 1.2.0 schema: its own dependencies (an old ruamel.yaml) do not
# build on current Pythons, and the check reads the schema file without importing it.
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps cffconvert==2.0.0
(cd "$here" && npm ci --silent --no-audit --no-fund)

profile="${DOCKET_PROFILE:-debug}"
if [ "$profile" = release ]; then
  cargo build --quiet --release
else
  cargo build --quiet
fi
docket="$repo/target/$profile/docket"

work="$(mktemp -d)"
server=""
server1k=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  if [ -n "$server1k" ]; then kill "$server1k" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The example's base_url ends in /docket, so the site is served under that path.
site="$work/www/docket"
SOURCE_DATE_EPOCH=1798761600 "$docket" build --root "$repo" --output "$site"

status=0
echo "== feeds, sitemap and page metadata"
"$venv/bin/python" "$repo/tests/feeds/check_feeds.py" "$site" || status=1
echo "== JSON Schemas"
"$venv/bin/python" "$repo/tests/feeds/check_schemas.py" "$repo" "$site" "$docket" || status=1

echo "== standard data files"
hostile="$work/hostile"
SOURCE_DATE_EPOCH=1798761600 "$docket" build --root "$repo/tests/fixtures/exports-hostile" --output "$hostile" >/dev/null
starter="$work/starter"
"$docket" init "$starter" --ci none >/dev/null
"$venv/bin/python" "$repo/tests/feeds/check_exports.py" "$site" "$hostile" --init "$starter" || status=1
node "$here/check_citations.mjs" "$site" || status=1
node "$here/check_citations.mjs" "$hostile" || status=1

echo "== headless Chromium"
port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
  if "$venv/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/docket/')" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
rm -rf "$here/artifacts"
node "$here/check.mjs" "http://127.0.0.1:$port/docket/" "$site" "$here/artifacts" || status=1

echo "== validators and phone layout: the example"
node "$here/validate.mjs" "http://127.0.0.1:$port/docket/" "$site" example || status=1

# Sites in other languages, served beside the example: one written in Persian, and one in
# English and Persian (their base_url paths are /fa-tracker and /tracker).
echo "== a site in Persian, and one in English and Persian"
SOURCE_DATE_EPOCH=1798761600 "$docket" build --root "$repo/tests/fixtures/lang-fa" --output "$work/www/fa-tracker" >/dev/null
SOURCE_DATE_EPOCH=1798761600 "$docket" build --root "$repo/tests/fixtures/lang-en-fa" --output "$work/www/tracker" >/dev/null
node "$here/languages.mjs" "http://127.0.0.1:$port/fa-tracker/" "$here/artifacts" || status=1
node "$here/validate.mjs" "http://127.0.0.1:$port/fa-tracker/" "$work/www/fa-tracker" lang-fa || status=1
node "$here/validate.mjs" "http://127.0.0.1:$port/tracker/" "$work/www/tracker" lang-en-fa || status=1
node "$here/validate.mjs" "http://127.0.0.1:$port/tracker/" "$work/www/tracker" lang-en-fa/fa --language fa/ || status=1

# The synthetic 1,000-event site of the benchmarks; its base_url has no path, so it is served
# at the root of a server of its own.
gen="${DOCKET_GEN:-$repo/../shared/bench/gen.py}"
echo "== validators and phone layout: a 1,000-event site"
if [ -f "$gen" ]; then
  python3 "$gen" 1000 "$work/gen" >/dev/null
  SOURCE_DATE_EPOCH=1798761600 "$docket" build --root "$work/gen/docket" --output "$work/www1k" >/dev/null
  port1k="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  python3 -m http.server "$port1k" --bind 127.0.0.1 --directory "$work/www1k" >"$work/server1k.log" 2>&1 &
  server1k=$!
  for _ in $(seq 50); do
    if "$venv/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port1k/')" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  node "$here/validate.mjs" "http://127.0.0.1:$port1k/" "$work/www1k" gen-1000 --vnu-sample 50 || status=1
  kill "$server1k" 2>/dev/null || true
else
  echo "FAIL no generator at $gen (set DOCKET_GEN)"
  status=1
fi

exit "$status"
