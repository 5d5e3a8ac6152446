#!/usr/bin/env bash
# Build every fuzz target and run it once over each of its checked-in seeds (fuzz/seeds/TARGET/):
# proof for CI that the targets still compile and that no seed, each a hostile input or a former
# crash, fails again. Longer sessions: `RUSTC_BOOTSTRAP=1 cargo fuzz run record`.
#
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them. The
# targets build in the dev profile (debug assertions and overflow checks on, and a faster build
# than release), without a sanitizer: docket has no unsafe code for one to watch.
set -euo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.2 --locked
fi
for target in $(cargo fuzz list); do
  seeds=(seeds/"$target"/*)
  echo "fuzz/$target: ${#seeds[@]} seeds"
  cargo fuzz run --dev --sanitizer none "$target" "${seeds[@]}" -- -timeout=10 -rss_limit_mb=2048
done
echo "fuzz targets: all seeds pass"
