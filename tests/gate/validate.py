#!/usr/bin/env python3
"""tests/gate/validate.py: the gate's golden outputs are documents their consumers accept.

  validate.py sarif FILE...   @microsoft/sarif-multitool validate (npm, node_modules/.bin): fails
                              on a non-zero exit or on any error, warning or note it reports
  validate.py parse DIR       every *.json and *.sarif in DIR parses as JSON, every *.xml as XML
"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SRC = os.environ.get("SNAKEPIPE_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))


def sarif(files):
    tool = os.path.join(SRC, "node_modules", ".bin", "sarif-multitool")
    if not os.path.exists(tool):
        print(f"missing {tool}: run scripts/bootstrap (npm ci --ignore-scripts)")
        return 1
    bad = 0
    for f in files:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.sarif")
            # the tool writes its own files beside the working directory: keep them in tmp
            p = subprocess.run([tool, "validate", "-o", out, os.path.abspath(f)], cwd=tmp,
                               capture_output=True, text=True, timeout=120)
            found = []
            if os.path.exists(out):
                with open(out, encoding="utf-8") as fh:
                    log = json.load(fh)
                for run in log.get("runs", []):
                    for res in run.get("results", []):
                        found.append(f"{res.get('level', 'warning')} {res.get('ruleId')}: "
                                     f"{res.get('message', {}).get('text', '')}")
                    for inv in run.get("invocations", []):
                        for n in inv.get("toolExecutionNotifications", []) or []:
                            found.append(f"notification: {n.get('message', {}).get('text', '')}")
            else:
                found.append("the validator wrote no log")
            if p.returncode != 0 or found:
                bad += 1
                print(f"not ok: {f} (exit {p.returncode})")
                for line in found:
                    print("  " + line)
                print(p.stdout[-4000:], p.stderr[-4000:])
            else:
                print(f"ok: {f} is valid SARIF 2.1.0 with no findings")
    return 1 if bad else 0


def parse(directory):
    bad = 0
    names = sorted(os.listdir(directory))
    for name in names:
        path = os.path.join(directory, name)
        try:
            if name.endswith((".json", ".sarif")):
                with open(path, encoding="utf-8") as fh:
                    json.load(fh)
            elif name.endswith(".xml"):
                ET.parse(path)
            else:
                continue
            print(f"ok: {name} parses")
        except (ValueError, ET.ParseError) as e:
            bad += 1
            print(f"not ok: {name}: {e}")
    if not any(n.endswith((".json", ".sarif", ".xml")) for n in names):
        print(f"not ok: nothing to parse in {directory}")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("sarif", "parse"):
        sys.exit(__doc__)
    sys.exit(sarif(sys.argv[2:]) if sys.argv[1] == "sarif" else parse(sys.argv[2]))
