#!/usr/bin/env bash
# Side-by-side build benchmark: docket, Hugo, and the write floor (a minimal program writing the
# same files docket wrote), on the synthetic sites of ../shared/bench/gen.py.
#
#   bench/compare.sh [SIZES...]        default sizes: 1000 10000 100000
#   RUNS=5 bench/compare.sh 10000      runs per tool and size (default 3), alternating tools
#   WORK=/path bench/compare.sh        where sites and outputs go (default /tmp/docket-bench)
#
# Prints one Markdown table row per size: median wall time and peak RSS of each tool, the
# docket/floor and Hugo/docket ratios. Installs Debian's hugo when run as root and missing.
# Then a second table: the library floor (examples/library_floor.rs), what parsing every record
# and running every event page's template take alone, and with the write floor the least any
# build on these libraries can take. A third: a one-record rebuild with a warm build cache
# (`docket build --cache`), as a CI run after a typical commit, beside the clean build.
#
# Every timed run writes into a folder that did not exist, and no output is removed until the
# last run is timed: on ext4 without a journal, creating files right after a large removal is up
# to 10x slower (new inodes skip numbers freed in the last 1-6 minutes), which would make each
# run's time depend on what the one before it removed. This needs free disk for every output:
# about 15 GB with 100,000 events. The outputs are removed when the script ends, so on such a disk
# wait six minutes before running it again.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 100000}")
read -r -a sizes <<<"${sizes[*]}"
runs=${RUNS:-3}
work=${WORK:-/tmp/docket-bench}
gen=../shared/bench/gen.py
outputs=$work/outputs
mkdir -p "$work"
rm -rf "$outputs"
trap 'rm -rf "$outputs"' EXIT

if ! command -v hugo >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
fi
cargo build --release --quiet --bin docket --example write_floor --example library_floor
docket=$PWD/target/release/docket
floor=$PWD/target/release/examples/write_floor
library=$PWD/target/release/examples/library_floor
least_rows=()
cache_rows=()

# time_it LABEL CMD... → appends "seconds kilobytes" to $work/LABEL.times
time_it() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.tmp" "$@" >/dev/null 2>&1 || { echo "$label failed" >&2; return 1; }
  cat "$work/time.tmp" >>"$work/$label.times"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| events | docket s | docket MB | floor s | docket/floor | hugo s | hugo MB | hugo/docket | docket files | docket MB written | hugo files | hugo MB written |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  site=$work/site-$n
  [ -d "$site/docket" ] || python3 "$gen" "$n" "$site" >/dev/null
  rm -f "$work"/*.times
  for ((r = 1; r <= runs; r++)); do
    out=$outputs/$n/docket-$r
    time_it docket "$docket" build --root "$site/docket" --output "$out"
    # The floor writes exactly the files docket just wrote: same paths, same sizes.
    "$floor" "$out" "$outputs/$n/floor-$r" 1 | sed -E 's/.*median_seconds=([0-9.]+).*/\1 0/' >>"$work/floor.times"
    if command -v hugo >/dev/null 2>&1; then
      time_it hugo hugo --quiet --source "$site/hugo" --destination "$outputs/$n/hugo-$r"
    fi
  done
  d_s=$(cut -d' ' -f1 "$work/docket.times" | median); d_kb=$(cut -d' ' -f2 "$work/docket.times" | sort -n | tail -1)
  f_s=$(cut -d' ' -f1 "$work/floor.times" | median)
  if [ -f "$work/hugo.times" ]; then
    h_s=$(cut -d' ' -f1 "$work/hugo.times" | median); h_kb=$(cut -d' ' -f2 "$work/hugo.times" | sort -n | tail -1)
  else
    h_s=nan; h_kb=0
  fi
  # Files and the bytes in them (not counting folders).
  tree_size() { find "$1" -type f -printf '%s\n' 2>/dev/null | awk '{n++; b+=$1} END {printf "%d %.0f", n, b/1048576}'; }
  read -r files mb <<<"$(tree_size "$outputs/$n/docket-1")"
  read -r h_files h_mb <<<"$(tree_size "$outputs/$n/hugo-1")"
  awk -v n="$n" -v ds="$d_s" -v dk="$d_kb" -v fs="$f_s" -v hs="$h_s" -v hk="$h_kb" -v files="$files" -v mb="$mb" -v hf="$h_files" -v hm="$h_mb" 'BEGIN {
    printf "| %d | %.2f | %.0f | %.2f | %.2f | %s | %s | %s | %d | %d | %s | %s |\n", n, ds, dk/1024, fs, ds/fs,
      (hs == "nan" ? "–" : sprintf("%.2f", hs)), (hk == 0 ? "–" : sprintf("%.0f", hk/1024)),
      (hs == "nan" ? "–" : sprintf("%.1f", hs/ds)), files, mb, (hs == "nan" ? "–" : hf), (hs == "nan" ? "–" : hm) }'
  # A one-record commit in CI: a warm cache (primed by a build), one record's title changed
  # before each timed build, so each rebuild renders what that record touches and reuses the rest.
  cache=$work/cache-$n
  rm -rf "$cache"
  "$docket" build --root "$site/docket" --output "$outputs/$n/cache-prime" --cache "$cache" >/dev/null 2>&1
  record=$(find "$site/docket/content/events" -name '*.yaml' | sort | sed -n 1p)
  cp "$record" "$work/record.orig"
  for ((r = 1; r <= runs; r++)); do
    sed "s/^title: .*/title: \"Record edited in run $r\"/" "$work/record.orig" >"$record"
    time_it cached "$docket" build --root "$site/docket" --output "$outputs/$n/cached-$r" --cache "$cache"
  done
  cp "$work/record.orig" "$record"
  c_s=$(cut -d' ' -f1 "$work/cached.times" | median); c_kb=$(cut -d' ' -f2 "$work/cached.times" | sort -n | tail -1)
  c_mb=$(du -sm "$cache" | cut -f1)
  cache_rows+=("$(awk -v n="$n" -v ds="$d_s" -v cs="$c_s" -v ck="$c_kb" -v cm="$c_mb" 'BEGIN {
    printf "| %d | %.2f | %.2f | %.0f | %.2f | %d |", n, ds, cs, ck/1024, cs/ds, cm }')")
  # The least a build can take: the floor's writes shared by every core, plus the libraries.
  lib=$("$library" "$site/docket" "$runs")
  parse=$(sed -E 's/.*parse_seconds=([0-9.]+).*/\1/' <<<"$lib")
  template=$(sed -E 's/.*template_seconds=([0-9.]+).*/\1/' <<<"$lib")
  least_rows+=("$(awk -v n="$n" -v p="$parse" -v t="$template" -v fs="$f_s" -v ds="$d_s" -v hs="$h_s" -v cores="$(nproc)" 'BEGIN {
    least = fs / cores + p + t
    printf "| %d | %.3f | %.3f | %.2f | %.2f | %.2f | %s |", n, p, t, least, least / fs, 1.5 * fs,
      (hs == "nan" ? "–" : sprintf("%.2f", hs / 8)) }')")
done
echo
echo "| events | parse s | template s | least build s | least/floor | 1.5x floor s | hugo/8 s |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${least_rows[@]}"
echo
echo "| events | clean build s | one-record rebuild, warm cache s | its MB | cached/clean | cache MB |"
echo "|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${cache_rows[@]}"
