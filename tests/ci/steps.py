"""Writes the shell steps of a CI file as scripts, in order, so a test can run them or shellcheck them.

usage: steps.py github WORKFLOW JOB OUT   one OUT/NN.sh per `run:` step of JOB, OUT/env with the
                                          workflow's and job's `env:` (`uses:` steps are listed
                                          on standard output, as they are not shell)
       steps.py action ACTION OUT         one OUT/NN.sh per `run:` step of a composite action
       steps.py gitlab FILE JOB OUT       OUT/01.sh with the job's before_script and script (one
                                          shell, as GitLab runs them), OUT/env with `variables:`

A step's `${{ ... }}` expressions are left to the caller: the steps docket writes use none.
"""

import shlex
import sys
from pathlib import Path

import yaml


def write_env(out: Path, env: dict, expand: bool = False) -> None:
    """GitHub takes `env:` values as they are; GitLab expands `$NAME` in `variables:`."""
    quote = (lambda v: '"' + v.replace('"', '\\"') + '"') if expand else shlex.quote
    lines = [f"export {key}={quote(str(value))}\n" for key, value in env.items()]
    (out / "env").write_text("".join(lines))


def write_scripts(out: Path, scripts: list) -> None:
    for n, script in enumerate(scripts, 1):
        (out / f"{n:02}.sh").write_text("#!/bin/sh\nset -e\n" + script + "\n")


def github(path: str, job: str, out: Path) -> None:
    workflow = yaml.safe_load(Path(path).read_text())
    steps = workflow["jobs"][job]["steps"]
    env = dict(workflow.get("env") or {})
    env.update(workflow["jobs"][job].get("env") or {})
    write_env(out, env)
    scripts = []
    for step in steps:
        if "run" in step:
            scripts.append(step["run"])
        else:
            print(step["uses"])
    write_scripts(out, scripts)


def action(path: str, out: Path) -> None:
    steps = yaml.safe_load(Path(path).read_text())["runs"]["steps"]
    write_scripts(out, [step["run"] for step in steps if "run" in step])


def gitlab(path: str, job: str, out: Path) -> None:
    pipeline = yaml.safe_load(Path(path).read_text())
    default = pipeline.get("default") or {}
    spec = pipeline[job]
    lines = spec.get("before_script", default.get("before_script", [])) + spec["script"]
    env = dict(pipeline.get("variables") or {})
    env.update(spec.get("variables") or {})
    write_env(out, env, expand=True)
    write_scripts(out, ["\n".join(lines)])


if __name__ == "__main__":
    kind, args = sys.argv[1], sys.argv[2:]
    out = Path(args[-1])
    out.mkdir(parents=True, exist_ok=True)
    if kind == "github":
        github(args[0], args[1], out)
    elif kind == "action":
        action(args[0], out)
    elif kind == "gitlab":
        gitlab(args[0], args[1], out)
    else:
        sys.exit(f"unknown kind {kind}")
