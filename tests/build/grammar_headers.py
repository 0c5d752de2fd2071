#!/usr/bin/env python3
"""tests/build/grammar_headers.py BUILD_DIR: every tree-sitter header a grammar or the runtime
includes comes from its own npm package.

The sources meson compiles from node_modules/ (tree-sitter's runtime, each grammar's parser and
scanner) include "tree_sitter/parser.h" and friends, headers whose layout changes between
tree-sitter releases. A quoted include the package cannot satisfy itself silently falls through to
the system's include path: TypeScript's shared common/scanner.h found Debian's
/usr/include/tree_sitter/parser.h (0.20.7) on a machine that had one, and failed to compile on one
that had none. Each compile command of compile_commands.json is run again with -M (dependencies
only) and every tree_sitter/ header it lists must lie in the source's package directory."""
import json
import os
import shlex
import subprocess
import sys


def package_of(path):
    """node_modules/<pkg> (or node_modules/@scope/<pkg>) that holds path, or None."""
    parts = os.path.normpath(path).split(os.sep)
    if "node_modules" not in parts:
        return None
    i = len(parts) - 1 - parts[::-1].index("node_modules")
    n = 3 if i + 1 < len(parts) and parts[i + 1].startswith("@") else 2
    return os.sep.join(parts[: i + n])


def deps_command(args, directory):
    """The compile command turned into a dependency listing on stdout."""
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MQ", "-MT"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD"):
            continue
        out.append(a)
    return out + ["-M", "-MF", "/dev/stdout"]


def main():
    build = sys.argv[1]
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
        commands = json.load(f)
    checked, bad = 0, []
    for c in commands:
        src = os.path.normpath(os.path.join(c["directory"], c["file"]))
        pkg = package_of(src)
        if pkg is None:
            continue
        args = c["arguments"] if "arguments" in c else shlex.split(c["command"])
        r = subprocess.run(deps_command(args, c["directory"]), cwd=c["directory"],
                           capture_output=True, text=True)
        if r.returncode:
            bad.append(f"{c['file']}: the preprocessor failed: {r.stderr.strip()[:400]}")
            continue
        deps = r.stdout.replace("\\\n", " ").split(":", 1)[1].split()
        for d in deps:
            d = os.path.normpath(os.path.join(c["directory"], d))
            if "/tree_sitter/" in d and package_of(d) != pkg:
                bad.append(f"{c['file']}: {d} is outside its package {pkg}")
        checked += 1
    if checked == 0:
        print("not ok - no source of node_modules/ in compile_commands.json")
        return 1
    for b in bad:
        print("not ok -", b)
    print(f"{'ok' if not bad else 'not ok'} - {checked} sources of node_modules/: every tree_sitter/ "
          "header from their own package")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
