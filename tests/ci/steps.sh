#!/usr/bin/env bash
# Runs the shell steps of the workflow `docket init` writes, in order, on this machine, as
# GitHub Actions would (each step its own `sh -e`, GITHUB_PATH honoured between steps), with
# the installer pointed at a local release folder this script makes: the debug docket packed
# as this platform's release archive, with its SHA256SUMS. Asserts a published folder with the
# briefings' PDFs (when Chromium is here). The same for the GitLab `pages` job and for the
# composite action.yml. Then the installer on its own: a cached install is reused, a wrong or
# missing checksum stops the install (fail closed), and a platform with no release binary is
# built from the pinned tag with cargo.
# Needs tests/ci/.venv (made by tests/ci/check.sh, which runs this) for PyYAML.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
python="$here/.venv/bin/python"
cd "$repo"

cargo build --quiet
docket="$repo/target/debug/docket"
version="$("$docket" --version | cut -d ' ' -f 2)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

status=0
fail() {
  echo "FAIL: $*" >&2
  status=1
}

case "$(uname -m)" in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
esac
case "$(uname -s)" in
  Linux) target="$arch-unknown-linux-musl" ;;
  Darwin) target="$arch-apple-darwin" ;;
esac

# release FOLDER: a release of this docket for this platform, laid out as on GitHub.
release() {
  mkdir -p "$1/v$version" "$work/pack"
  cp "$docket" "$work/pack/docket"
  tar -czf "$1/v$version/docket-$target.tar.gz" -C "$work/pack" docket
  (cd "$1/v$version" && sha256sum -- *.tar.gz >SHA256SUMS)
}
release "$work/releases"

echo "== the scaffolded GitHub workflow, step by step"
site="$work/site"
"$docket" init "$site" >/dev/null
(
  cd "$site"
  git init -q .
  git add -A
  GIT_COMMITTER_DATE="2026-12-01T12:00:00Z" git -c user.name=t -c user.email=t@example.org \
    commit -q -m starter
)
"$python" "$here/steps.py" github "$site/.github/workflows/docket.yml" site "$work/steps" >"$work/uses.txt"
echo "skipped (not shell): $(tr '\n' ' ' <"$work/uses.txt")"
home="$work/home"
mkdir -p "$home"
: >"$work/github_path"
step_path="$PATH"
for step in "$work/steps"/[0-9]*.sh; do
  echo "-- $(basename "$step")"
  # A step sees the workflow's env, and every folder earlier steps added to GITHUB_PATH.
  while IFS= read -r dir; do step_path="$dir:$step_path"; done <"$work/github_path"
  : >"$work/github_path"
  if ! (
    cd "$site"
    # shellcheck disable=SC1091
    . "$work/steps/env"
    HOME="$home" PATH="$step_path" GITHUB_PATH="$work/github_path" \
      DOCKET_RELEASES="file://$work/releases" sh -e "$step"
  ); then
    fail "step $(basename "$step") of the scaffolded workflow"
    break
  fi
done

[ -x "$home/.docket/bin/docket" ] || fail "the installer put no docket in ~/.docket/bin"
[ -f "$site/public/index.html" ] || fail "no published site in public/"
if command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then
  pdfs="$(find "$site/public/briefings" -name '*.pdf' | wc -l)"
  [ "$pdfs" -ge 1 ] || fail "no briefing PDF in public/briefings/"
  find "$site/public/briefings" -name '*.pdf' -exec head -c 5 {} \; | grep -q '%PDF-' || fail "the briefing PDF is not a PDF"
  echo "published $(find "$site/public" -type f | wc -l) files, $pdfs PDF"
else
  echo "no Chromium here: the PDFs are not checked"
fi
# Dated by the commit: the build's date is the commit's (2026-12-01), not today.
grep -rq "2026-12-01\|1 December 2026" "$site/public/" || fail "the build is not dated by the commit"

echo "== the scaffolded GitLab pages job (its apt-get lines left out: Chromium is here)"
gitlab="$work/gitlab"
"$docket" init --ci gitlab "$gitlab" >/dev/null
(
  cd "$gitlab"
  git init -q .
  git add -A
  GIT_COMMITTER_DATE="2026-12-01T12:00:00Z" git -c user.name=t -c user.email=t@example.org \
    commit -q -m starter
)
"$python" "$here/steps.py" gitlab "$gitlab/.gitlab-ci.yml" pages "$work/gitlab-steps"
grep -v 'apt-get' "$work/gitlab-steps/01.sh" >"$work/gitlab-steps/job.sh"
if ! (
  cd "$gitlab"
  export CI_PROJECT_DIR="$gitlab"
  # shellcheck disable=SC1091
  . "$work/gitlab-steps/env"
  HOME="$home" DOCKET_RELEASES="$work/releases" sh -e "$work/gitlab-steps/job.sh"
); then
  fail "the GitLab pages job"
fi
[ -x "$gitlab/.docket/bin/docket" ] || fail "the GitLab job installed no docket in .docket/bin (its cache)"
[ -f "$gitlab/public/index.html" ] || fail "the GitLab job published no site in public/"
if command -v chromium >/dev/null 2>&1; then
  find "$gitlab/public/briefings" -name '*.pdf' | grep -q . || fail "the GitLab job printed no PDF"
fi

echo "== the composite action (action.yml), used at v$version with pdf: true"
used="$work/used"
"$docket" init --ci none "$used" >/dev/null
(
  cd "$used"
  git init -q .
  git add -A
  git -c user.name=t -c user.email=t@example.org commit -q -m starter
)
"$python" "$here/steps.py" action-run action.yml "$work/action-steps" inputs.pdf=true \
  "github.action_ref=v$version" github.server_url=https://example.invalid \
  github.action_repository=docket-tracker/docket
: >"$work/github_path"
step_path="$PATH"
for step in "$work/action-steps"/[0-9]*.sh; do
  while IFS= read -r dir; do step_path="$dir:$step_path"; done <"$work/github_path"
  : >"$work/github_path"
  if ! (
    cd "$used"
    # shellcheck disable=SC1090
    . "${step%.sh}.env"
    HOME="$work/action-home" PATH="$step_path" GITHUB_PATH="$work/github_path" \
      GITHUB_ACTION_PATH="$repo" DOCKET_RELEASES="$work/releases" sh -e "$step"
  ); then
    fail "step $(basename "$step") of action.yml"
    break
  fi
done
[ -f "$used/public/index.html" ] || fail "the action published no site in public/"
if command -v chromium >/dev/null 2>&1; then
  find "$used/public/briefings" -name '*.pdf' | grep -q . || fail "the action printed no PDF"
fi

install() {
  HOME="$home" DOCKET_VERSION="$version" DOCKET_REPOSITORY="https://example.invalid/docket" \
    DOCKET_HOME="$1" DOCKET_RELEASES="$2" sh "$repo/install.sh"
}

echo "== a cached install of the same version is reused"
install "$home/.docket" "$work/nowhere" 2>"$work/log" || fail "a cached install is not reused"
grep -q "already installed" "$work/log" || fail "the cached install was not noticed: $(cat "$work/log")"

echo "== a wrong checksum stops the install"
release "$work/wrong"
zeros=0000000000000000000000000000000000000000000000000000000000000000
sed -i "s/^[0-9a-f]*/$zeros/" "$work/wrong/v$version/SHA256SUMS"
if install "$work/wrong-home" "$work/wrong" 2>"$work/log"; then
  fail "a wrong checksum was accepted"
fi
grep -q "checksum mismatch" "$work/log" || fail "no word of the mismatch: $(cat "$work/log")"
[ ! -e "$work/wrong-home/bin/docket" ] || fail "a binary with a wrong checksum was installed"

echo "== a replaced archive stops the install"
# A working docket of the right version, but not the one SHA256SUMS lists.
release "$work/tampered"
mkdir -p "$work/impostor"
printf '#!/bin/sh\necho "docket %s"\n' "$version" >"$work/impostor/docket"
chmod +x "$work/impostor/docket"
tar -czf "$work/tampered/v$version/docket-$target.tar.gz" -C "$work/impostor" docket
if install "$work/tampered-home" "$work/tampered" 2>"$work/log"; then
  fail "a replaced archive was accepted"
fi
[ ! -e "$work/tampered-home/bin/docket" ] || fail "a replaced archive was installed"

echo "== a pinned DOCKET_SHA256 refuses an archive that matches only SHA256SUMS"
if DOCKET_SHA256="$zeros" install "$work/pinned-home" "$work/releases" 2>"$work/log"; then
  fail "an archive other than the pinned one was accepted"
fi
grep -q "DOCKET_SHA256" "$work/log" || fail "no word of the pinned checksum: $(cat "$work/log")"
[ ! -e "$work/pinned-home/bin/docket" ] || fail "an archive other than the pinned one was installed"
pinned="$(sha256sum "$work/releases/v$version/docket-$target.tar.gz" | cut -d ' ' -f 1)"
DOCKET_SHA256="$pinned" install "$work/pinned-home" "$work/releases" 2>"$work/log" ||
  fail "the pinned archive was refused: $(cat "$work/log")"

echo "== a release without SHA256SUMS stops the install"
release "$work/unsummed"
rm "$work/unsummed/v$version/SHA256SUMS"
if install "$work/unsummed-home" "$work/unsummed" 2>"$work/log"; then
  fail "an archive without a checksum file was accepted"
fi
[ ! -e "$work/unsummed-home/bin/docket" ] || fail "an unverified archive was installed"

echo "== no binary for the platform: cargo install --locked --git ... --tag"
mkdir -p "$work/fake-cargo"
cat >"$work/fake-cargo/cargo" <<EOF
#!/bin/sh
# Records its arguments and installs a docket that reports the pinned version.
printf '%s\n' "\$*" >"$work/cargo-args"
mkdir -p "$work/source-home/bin"
printf '#!/bin/sh\necho "docket $version"\n' >"$work/source-home/bin/docket"
chmod +x "$work/source-home/bin/docket"
EOF
chmod +x "$work/fake-cargo/cargo"
if PATH="$work/fake-cargo:$PATH" DOCKET_TARGET=riscv64gc-unknown-linux-musl \
  install "$work/source-home" "$work/releases" 2>"$work/log"; then
  expected="install --locked --root $work/source-home --git https://example.invalid/docket --tag v$version docket"
  [ "$(cat "$work/cargo-args")" = "$expected" ] || fail "cargo was run as: $(cat "$work/cargo-args")"
else
  fail "the source fallback failed: $(cat "$work/log")"
fi

if [ "$status" -ne 0 ]; then
  echo "the scaffolded workflow's steps failed" >&2
fi
exit "$status"
