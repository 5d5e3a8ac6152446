"""Writes the shell steps of a CI file as scripts, in order, so a test can run them or shellcheck them.

usage: steps.py github WORKFLOW JOB OUT   one OUT/NN.sh per `run:` step of JOB, OUT/env with the
                                          workflow's and job's `env:` (`uses:` steps are listed
                                          on standard output, as they are not shell)
       steps.py action ACTION OUT         one OUT/NN.sh per `run:` step of a composite action
       steps.py action-run ACTION OUT inputs.pdf=true github.action_ref=v0.1.0 ...
                                          the steps that would run, each with OUT/NN.env
       steps.py gitlab FILE JOB OUT       OUT/01.sh with the job's before_script and script (one
                                          shell, as GitLab runs them), OUT/env with `variables:`

A step's `${{ ... }}` expressions are left to the caller: the steps docket writes use none.
"""

import re
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


def evaluate(expression: str, context: dict):
    """The few GitHub expressions action.yml uses: `inputs.x`, `github.x`, `==`, `&&`, `||`."""
    python = expression.replace("&&", " and ").replace("||", " or ")
    return eval(python, {"__builtins__": {}}, context)  # the project's own file, not input


def action_run(path: str, out: Path, settings: list) -> None:
    """The action's `run:` steps that would run, with their `env:`, for `inputs` and `github`
    given as name=value (inputs default as action.yml says)."""
    from types import SimpleNamespace

    action = yaml.safe_load(Path(path).read_text())
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    github = {}
    for setting in settings:
        name, value = setting.split("=", 1)
        kind, key = name.split(".", 1)
        (inputs if kind == "inputs" else github)[key] = value
    context = {"inputs": SimpleNamespace(**inputs), "github": SimpleNamespace(**github)}
    template = lambda text: re.sub(
        r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m.group(1), context)), str(text)
    )
    scripts, n = [], 0
    for step in action["runs"]["steps"]:
        if "run" not in step or not evaluate(step.get("if", "True"), context):
            continue
        n += 1
        env = {key: template(value) for key, value in (step.get("env") or {}).items()}
        write_env(out, env)
        (out / "env").rename(out / f"{n:02}.env")
        scripts.append(step["run"])
    write_scripts(out, scripts)


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
    out = Path(args[1] if kind == "action-run" else args[-1])
    out.mkdir(parents=True, exist_ok=True)
    if kind == "github":
        github(args[0], args[1], out)
    elif kind == "action":
        action(args[0], out)
    elif kind == "action-run":
        action_run(args[0], Path(args[1]), args[2:])
    elif kind == "gitlab":
        gitlab(args[0], args[1], out)
    else:
        sys.exit(f"unknown kind {kind}")
