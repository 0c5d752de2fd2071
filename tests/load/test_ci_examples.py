#!/usr/bin/env python3
"""tests/load/test_ci_examples.py: examples/ci/*.yml do what they promise. A fixture repository
(an "origin" with main, a change adding an over-complex function and a change touching only
legacy code already over the threshold) is cloned as CI clones it; the GitHub workflow's
"snakepipe check" step and the GitLab job's before_script + script run as they are written, through
bash -eo pipefail as the runners do, with the CI's variables set and ${{ }} expressions filled in.
Checked: exit codes (6 gate failed, 0 passed), the reports the files upload (SARIF, Code Climate,
JUnit, annotations, the step summary) and that the database carried from the first run (the cache)
serves the second clone. SQLite, as the examples use."""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET

import yaml

from common import BIN, SRC, check, finish, tmpdir, write

EXAMPLES = os.path.join(SRC, "examples", "ci")


def git(root, *args):
    return subprocess.run(["git", "-C", root, "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          check=True, capture_output=True, text=True).stdout.strip()


def func(name, decisions, tweak=0):
    """name(x) with `decisions` if statements: cyclomatic complexity decisions + 1."""
    body = "".join(f"    if x == {i}:\n        return {i + tweak}\n" for i in range(decisions))
    return f"def {name}(x):\n{body}    return -1\n"


def make_origin(root):
    """main: legacy.py already over the threshold; feature: adds new.py's fresh() (21 > 15);
    legacy-touch: legacy() returns other values, its complexity unchanged."""
    os.makedirs(root)
    git(root, "init", "-q", "-b", "main")
    write(root, "legacy.py", func("legacy", 20))
    write(root, "util.py", "def small(a):\n    return a + 1\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "new.py", func("fresh", 20))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "an over-complex function")
    git(root, "checkout", "-q", "-b", "legacy-touch", "main")
    write(root, "legacy.py", "# touched\n" + func("legacy", 20, tweak=100))
    git(root, "commit", "-q", "-am", "legacy only")
    git(root, "checkout", "-q", "main")


def clone(origin, where, branch):
    subprocess.run(["git", "clone", "-q", origin, where], check=True)
    git(where, "checkout", "-q", branch)


def fill_expressions(text, ctx):
    """${{ runner.temp }} and friends as GitHub fills them; an unknown one fails the test."""
    def one(m):
        key = m.group(1).strip()
        check(key in ctx, f"github: expression ${{{{ {key} }}}} is known to the test")
        return ctx.get(key, "")
    return re.sub(r"\$\{\{(.*?)\}\}", one, text)


def snakepipe_lines(script):
    return [ln.strip() for ln in script.splitlines() if ln.strip().startswith("snakepipe ")]


def bash(script, cwd, env):
    e = dict(os.environ)
    e.update(env)
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                          env=e, capture_output=True, text=True, timeout=600)


def stray(stderr):
    """stderr lines other than git fetch's progress: a command hidden by `|| true` that failed."""
    return [ln for ln in stderr.splitlines() if not ln.startswith(("From ", " * "))]


def output_of(lines, fmt):
    """The --output file of the command line with --format fmt."""
    for ln in lines:
        if f"--format {fmt}" in ln:
            m = re.search(r"--output (\S+)", ln)
            return m.group(1).strip('"') if m else None
    return None


def run_github(origin, tmp, branch, runner_temp, bindir):
    with open(os.path.join(EXAMPLES, "github-actions.yml"), encoding="utf-8") as f:
        wf = yaml.safe_load(f)
    job = wf["jobs"]["check"]
    step = next(s for s in job["steps"] if s.get("name") == "snakepipe check")
    upload = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    ws = os.path.join(tmp, f"gh-{branch}")
    clone(origin, ws, branch)
    ctx = {"runner.temp": runner_temp, "github.workspace": ws, "github.base_ref": "main",
           "github.sha": git(ws, "rev-parse", "HEAD")}
    summary = os.path.join(tmp, f"gh-{branch}-summary.md")
    env = {k: fill_expressions(str(v), ctx) for k, v in job.get("env", {}).items()}
    env.update({"GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": summary, "RUNNER_TEMP": runner_temp,
                "GITHUB_WORKSPACE": ws, "GITHUB_ACTIONS": "true", "CI": "true",
                "PATH": bindir + os.pathsep + os.environ["PATH"]})
    script = fill_expressions(step["run"], ctx)
    lines = snakepipe_lines(script)
    checks = [ln for ln in lines if ln.startswith("snakepipe check ")]
    check(len(checks) >= 3 and any(ln.startswith("snakepipe gc ") for ln in lines),
          f"github: the step runs snakepipe check ({len(checks)} times) and gc")
    p = bash(script, ws, env)
    check(not stray(p.stderr), f"github {branch}: nothing complained on stderr ({stray(p.stderr)})")
    sarif_path = output_of(lines, "sarif")
    check(sarif_path == upload["with"]["sarif_file"], f"github: upload-sarif uploads what check wrote ({sarif_path})")
    check(upload.get("if") == "always()", "github: SARIF is uploaded when the gate fails too")
    sarif_file = os.path.join(ws, sarif_path or "missing")
    sarif = None
    if os.path.exists(sarif_file):
        with open(sarif_file, encoding="utf-8") as f:
            sarif = json.load(f)
    md = open(summary, encoding="utf-8").read() if os.path.exists(summary) else ""
    return p, sarif, md


def run_gitlab(origin, tmp, branch, cache, bindir):
    with open(os.path.join(EXAMPLES, "gitlab-ci.yml"), encoding="utf-8") as f:
        job = yaml.safe_load(f)["snakepipe-check"]
    ws = os.path.join(tmp, f"gl-{branch}")
    clone(origin, ws, branch)
    cache_dir = job["cache"]["paths"][0].rstrip("/")
    if os.path.isdir(cache):  # the runner restores the cache into the work tree
        shutil.copytree(cache, os.path.join(ws, cache_dir))
    env = {k: str(v) for k, v in job.get("variables", {}).items()}
    env.update({"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_PIPELINE_SOURCE": "merge_request_event",
                "CI_PROJECT_DIR": ws, "GITLAB_CI": "true", "CI": "true",
                "PATH": bindir + os.pathsep + os.environ["PATH"]})
    script = "\n".join(job.get("before_script", []) + job["script"])
    lines = snakepipe_lines(script)
    checks = [ln for ln in lines if ln.startswith("snakepipe check ")]
    check(len(checks) >= 2 and any(ln.startswith("snakepipe gc ") for ln in lines),
          f"gitlab: the job runs snakepipe check ({len(checks)} times) and gc")
    p = bash(script, ws, env)
    check(not stray(p.stderr), f"gitlab {branch}: nothing complained on stderr ({stray(p.stderr)})")
    reports = job["artifacts"]["reports"]
    check(job["artifacts"].get("when") == "always", "gitlab: reports are kept when the gate fails too")
    check(reports.get("codequality") == output_of(lines, "codeclimate"),
          "gitlab: the code quality report is the codeclimate output")
    check(reports.get("junit") == output_of(lines, "junit"), "gitlab: the JUnit report is the junit output")
    cq, junit = None, None
    try:
        with open(os.path.join(ws, reports["codequality"]), encoding="utf-8") as f:
            cq = json.load(f)
        junit = ET.parse(os.path.join(ws, reports["junit"])).getroot()
    except (OSError, ValueError, ET.ParseError) as e:
        print(f"# gitlab reports: {e}")
    if os.path.isdir(os.path.join(ws, cache_dir)):  # the runner saves the cache (when: always)
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(os.path.join(ws, cache_dir), cache)
    return p, cq, junit


def results(sarif):
    try:
        return sarif["runs"][0]["results"]
    except (TypeError, KeyError, IndexError):
        return []


def uri(res):
    return res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def github(origin, tmp, bindir):
    runner_temp = os.path.join(tmp, "gh-runner-temp")  # restored and saved by actions/cache
    os.makedirs(runner_temp)
    p, sarif, md = run_github(origin, tmp, "feature", runner_temp, bindir)
    check(p.returncode == 6, f"github feature: the step fails with the gate's exit 6 (got {p.returncode}; {p.stderr[-300:]})")
    res = results(sarif)
    check(len(res) == 1 and uri(res[0]) == "new.py" and res[0]["baselineState"] == "new"
          and res[0]["level"] == "error", f"github feature: SARIF holds one new error in new.py ({res})")
    check("::error file=new.py,line=1," in p.stdout, "github feature: an error annotation on new.py")
    check(md.startswith("### snakepipe check: failed") and "fresh" in md, "github feature: the step summary says failed")
    db = os.path.join(runner_temp, "snakepipe", "snakepipe.db")
    check(os.path.exists(db), "github: the database sits in the cached directory")
    p, sarif, md = run_github(origin, tmp, "legacy-touch", runner_temp, bindir)
    check(p.returncode == 0, f"github legacy-touch: the step passes (got {p.returncode}; {p.stderr[-300:]})")
    res = results(sarif)
    check(len(res) == 1 and uri(res[0]) == "legacy.py" and res[0]["baselineState"] == "unchanged"
          and res[0]["level"] == "note", f"github legacy-touch: SARIF reports legacy.py as unchanged ({res})")
    check("::warning file=legacy.py,line=2," in p.stdout and "::error" not in p.stdout,
          "github legacy-touch: a warning annotation, no error")
    check(md.startswith("### snakepipe check: passed"), "github legacy-touch: the step summary says passed")


def gitlab(origin, tmp, bindir):
    cache = os.path.join(tmp, "gl-cache")
    p, cq, junit = run_gitlab(origin, tmp, "feature", cache, bindir)
    check(p.returncode == 6, f"gitlab feature: the job fails with the gate's exit 6 (got {p.returncode}; {p.stderr[-300:]})")
    check(isinstance(cq, list) and len(cq) == 1 and cq[0]["location"]["path"] == "new.py"
          and cq[0]["severity"] == "major", f"gitlab feature: one major code quality issue in new.py ({cq})")
    check(junit is not None and junit.get("failures") == "1", "gitlab feature: JUnit counts one failure")
    check(re.search(r"^new\.py:1: error: fresh: ", p.stdout, re.M) is not None, "gitlab feature: the log names new.py:1")
    check(os.path.isdir(cache), "gitlab: the job leaves its database in the cached path")
    p, cq, junit = run_gitlab(origin, tmp, "legacy-touch", cache, bindir)
    check(p.returncode == 0, f"gitlab legacy-touch: the job passes (got {p.returncode}; {p.stderr[-300:]})")
    check(isinstance(cq, list) and len(cq) == 1 and cq[0]["location"]["path"] == "legacy.py"
          and cq[0]["severity"] == "info", f"gitlab legacy-touch: legacy.py reported as info ({cq})")
    check(junit is not None and junit.get("failures") == "0", "gitlab legacy-touch: JUnit counts no failure")
    # the second clone shares the first's repository and snapshots (the restored cache)
    con = sqlite3.connect(os.path.join(tmp, "gl-legacy-touch", ".snakepipe-cache", "snakepipe.db"))
    try:
        repos = con.execute("SELECT count(*) FROM repositories").fetchone()[0]
    finally:
        con.close()
    check(repos == 1, f"gitlab: both clones are one repository in the cached database ({repos})")


def main():
    tmp = tmpdir()
    origin = os.path.join(tmp, "origin")
    make_origin(origin)
    bindir = os.path.join(tmp, "bin")  # snakepipe on PATH, as the install step leaves it
    os.makedirs(bindir)
    os.symlink(os.path.abspath(BIN), os.path.join(bindir, "snakepipe"))
    github(origin, tmp, bindir)
    gitlab(origin, tmp, bindir)
    shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
