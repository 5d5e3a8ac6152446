#!/usr/bin/env bash
# CI smoke benchmark: build the 10,000-event synthetic site and fail only on a gross regression:
# more than 5x the budget (1.5x the write floor measured in the same run), with a floor of 30 s
# so a noisy shared disk cannot fail it by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 ../shared/bench/gen.py 10000 "$work/site" >/dev/null
cargo build --release --quiet --bin docket --example write_floor
python3 - "$work" <<'PY'
import re, subprocess, sys, time
work = sys.argv[1]
start = time.monotonic()
subprocess.run(["target/release/docket", "build", "--root", f"{work}/site/docket", "--output", f"{work}/out"],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
docket = time.monotonic() - start
# Three fresh folders, none removed in between (see examples/write_floor.rs).
out = subprocess.run(["target/release/examples/write_floor", f"{work}/out", f"{work}/floor", "3"],
                     check=True, capture_output=True, text=True).stdout
floor = float(re.search(r"median_seconds=([0-9.]+)", out).group(1))
limit = max(5 * 1.5 * floor, 30.0)
print(f"smoke benchmark: docket {docket:.2f}s for 10,000 events; write floor {floor:.2f}s; limit {limit:.1f}s")
if docket > limit:
    sys.exit("FAIL: the 10,000-event build is more than 5x over budget")
PY
