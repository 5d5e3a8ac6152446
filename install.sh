#!/bin/sh
# Installs one pinned docket release into "$DOCKET_HOME/bin" (default ~/.docket/bin).
#
#   DOCKET_VERSION=0.1.0 DOCKET_REPOSITORY=https://github.com/docket-tracker/docket sh install.sh
#
# Downloads the release's archive for this computer (Linux or macOS, x86_64 or aarch64) and its
# SHA256SUMS file, and installs the binary only when its checksum is the one listed: a missing
# checksum file, a missing line or a wrong sum stops the install (fail closed). Where the release
# has no binary for this computer it builds the same tag from source with
# `cargo install --locked --git ... --tag v$DOCKET_VERSION docket` instead.
#
# The version and the address are read from the environment only, so the CI file that runs this
# script is the one place they are pinned (`docket init` fills them in). Also read:
#   DOCKET_HOME      where to install (bin/docket under it); kept between runs by the CI cache
#   DOCKET_RELEASES  where releases are downloaded from, instead of $DOCKET_REPOSITORY/releases/download:
#                    an https:// or file:// address, or a local folder, holding v<version>/
#   DOCKET_TARGET    the release target to fetch, instead of the one detected (e.g. x86_64-unknown-linux-musl)
#   DOCKET_SHA256    the archive's own SHA-256, when it is pinned too: then a release whose archive
#                    and SHA256SUMS were both replaced is refused as well
set -eu

say() { printf 'docket-install: %s\n' "$*" >&2; }
fail() {
  say "error: $*"
  exit 1
}

version="${DOCKET_VERSION:-}"
repository="${DOCKET_REPOSITORY:-}"
[ -n "$version" ] || fail "set DOCKET_VERSION to the docket release to install (e.g. 0.1.0)"
[ -n "$repository" ] || fail "set DOCKET_REPOSITORY to the address of docket's git repository"
case "$version" in
  v*) version="${version#v}" ;;
esac
case "$version" in
  [0-9]*[!0-9A-Za-z.+-]* | [!0-9]*) fail "DOCKET_VERSION '$version' is not a release version such as 0.1.0" ;;
esac
tag="v$version"
home="${DOCKET_HOME:-${HOME:?}/.docket}"
bin="$home/bin"
releases="${DOCKET_RELEASES:-${repository%/}/releases/download}"

# Put the install folder on PATH for the CI job's later steps.
on_path() {
  if [ -n "${GITHUB_PATH:-}" ]; then
    printf '%s\n' "$bin" >>"$GITHUB_PATH"
  fi
  say "installed docket $version at $bin/docket"
}

# A cached install of the same version is used as it is.
if [ -x "$bin/docket" ] && [ "$("$bin/docket" --version 2>/dev/null || true)" = "docket $version" ]; then
  say "docket $version is already installed (cached)"
  on_path
  exit 0
fi

detect_target() {
  arch="$(uname -m)"
  case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) return 1 ;;
  esac
  case "$(uname -s)" in
    Linux) echo "$arch-unknown-linux-musl" ;;
    Darwin) echo "$arch-apple-darwin" ;;
    *) return 1 ;;
  esac
}

# fetch NAME DEST: copy release file NAME of $tag to DEST; status 1 when the release has no such
# file, and a stop on any other failure (a network error is not taken for a missing binary).
fetch() {
  case "$releases" in
    https://*)
      command -v curl >/dev/null 2>&1 || fail "curl is not installed, so no release can be downloaded"
      status=0
      curl --fail --silent --show-error --location --retry 3 --proto '=https' \
        --output "$2" "$releases/$tag/$1" || status=$?
      case "$status" in
        0) ;;
        22) return 1 ;;
        *) fail "cannot download $releases/$tag/$1 (curl exit status $status)" ;;
      esac
      ;;
    *)
      local_dir="${releases#file://}"
      case "$local_dir" in
        *://*) fail "DOCKET_RELEASES must be an https:// or file:// address or a folder, not $releases" ;;
      esac
      [ -f "$local_dir/$tag/$1" ] || return 1
      cp "$local_dir/$tag/$1" "$2" || fail "cannot copy $local_dir/$tag/$1"
      ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    fail "neither sha256sum nor shasum is installed, so the download cannot be verified"
  fi
}

from_source() {
  say "$1; building docket $tag from source with cargo"
  command -v cargo >/dev/null 2>&1 || fail "cargo is not installed (https://rustup.rs), and there is no release binary for this computer"
  cargo install --locked --root "$home" --git "$repository" --tag "$tag" docket
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! target="${DOCKET_TARGET:-$(detect_target)}"; then
  from_source "no release binary for $(uname -s) $(uname -m)"
else
  archive="docket-$target.tar.gz"
  if ! fetch "$archive" "$work/$archive"; then
    from_source "release $tag has no $archive at $releases"
  else
    # From here on every failure stops the install: a binary is never installed unverified.
    fetch SHA256SUMS "$work/SHA256SUMS" || fail "release $tag has no SHA256SUMS at $releases, so $archive cannot be verified"
    expected="$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1; exit }' "$work/SHA256SUMS")"
    [ -n "$expected" ] || fail "SHA256SUMS of $tag lists no checksum for $archive"
    actual="$(sha256 "$work/$archive")"
    [ "$actual" = "$expected" ] || fail "checksum mismatch for $archive: SHA256SUMS says $expected, the download is $actual"
    if [ -n "${DOCKET_SHA256:-}" ] && [ "$actual" != "$DOCKET_SHA256" ]; then
      fail "checksum mismatch for $archive: DOCKET_SHA256 is $DOCKET_SHA256, the download is $actual"
    fi
    mkdir "$work/unpacked"
    tar -xzf "$work/$archive" -C "$work/unpacked" docket
    mkdir -p "$bin"
    mv -f "$work/unpacked/docket" "$bin/docket"
    chmod 755 "$bin/docket"
  fi
fi

installed="$("$bin/docket" --version 2>/dev/null || true)"
[ "$installed" = "docket $version" ] || fail "the installed docket reports '$installed', not 'docket $version'"
on_path
