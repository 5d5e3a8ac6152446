#!/usr/bin/env bash
# The project's whole test suite, as CI runs it. Installs what the tests need when run as root
# (Debian's chromium and poppler-utils for the browser and PDF tests), then runs the Rust tests,
# the lints, and the browser/feed checks.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || need_packages+=(poppler-utils)
command -v man >/dev/null 2>&1 || need_packages+=(man-db groff-base)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need_packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
  else
    echo "missing ${need_packages[*]}: install them (apt-get install ${need_packages[*]}) for the browser and PDF tests" >&2
  fi
fi

cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo test
bash tests/ci/check.sh
if [ -x tests/browser/run.sh ]; then
  tests/browser/run.sh
fi
