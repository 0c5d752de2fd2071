#!/usr/bin/env python3
"""perf/watch.py: what `snakepipe watch` costs and how soon a save shows.

  perf/watch.py [--kernel DIR] [--saves N]

1. Latency: a git work tree (a copy of the stdlib's json/ and email/), watched into SQLite with
   --flush-interval 0.2, 1 and 5 (the default); N saves each of a new file, timed from the write
   to the function showing in current_functions. Latency ~ the interval + one incremental index.
2. Watching a kernel-size tree (DIR, default: linux-source-6.1 unpacked into $CORPORA_DIR): the
   time to set the watches up, how many, the process's peak RSS and the kernel memory of the
   inotify marks (/proc/slabinfo, as root), with --no-catch-up (the tree itself is not indexed).
Binary: $SNAKEPIPE, else build/snakepipe (a release build)."""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
BIN = os.environ.get("SNAKEPIPE", os.path.join(ROOT, "build", "snakepipe"))
sys.path.insert(0, os.path.join(ROOT, "tests", "load"))
import watchproc  # noqa: E402  the watch process and its log lines, shared with the tests


def Watch(*args):
    return watchproc.Watch(BIN, *args)


def wait(w, kind, n=1, seconds=600):
    e = w.wait(kind, n, seconds)
    if e is None:
        raise SystemExit(f"watch: no {kind} event within {seconds} s")
    return e


def latency(saves):
    work = tempfile.mkdtemp(prefix="sp-watch-perf-")
    tree = os.path.join(work, "repo")
    shutil.copytree("/usr/lib/python3.11/json", os.path.join(tree, "json"), ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree("/usr/lib/python3.11/email", os.path.join(tree, "email"), ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(["git", "init", "-q", tree], check=True)
    subprocess.run(["git", "-C", tree, "add", "-A"], check=True)
    subprocess.run(["git", "-C", tree, "-c", "user.name=p", "-c", "user.email=p@p", "commit", "-qm", "x"], check=True)
    print(f"latency from a save to current_functions ({saves} saves, {sum(len(f) for _, _, f in os.walk(tree))} files):")
    print("  interval   median    max     median - interval")
    for interval in (0.2, 1.0, 5.0):
        db = os.path.join(work, f"w{interval}.db")
        w = Watch(tree, "--db", db, "--flush-interval", str(interval))
        wait(w, "run_finished")
        con = sqlite3.connect(db)
        lat = []
        for i in range(saves):
            name = f"saved_{str(interval).replace('.', '_')}_{i}"
            t0 = time.monotonic()
            with open(os.path.join(tree, f"{name}.py"), "w") as f:
                f.write(f"def {name}():\n    return {i}\n")
            while not con.execute("SELECT count(*) FROM current_functions WHERE name = ?", (name,)).fetchone()[0]:
                time.sleep(0.005)
            lat.append(time.monotonic() - t0)
            time.sleep(0.05)
        con.close()
        w.stop()
        med = statistics.median(lat)
        print(f"  {interval:6.1f} s  {med:6.2f} s  {max(lat):6.2f} s  {med - interval:6.2f} s")
    shutil.rmtree(work)


def slab_marks():
    try:
        with open("/proc/slabinfo") as f:
            for line in f:
                if line.startswith("inotify_inode_mark"):
                    parts = line.split()
                    return int(parts[1]), int(parts[3])
    except OSError:
        pass
    return None


def kernel(tree):
    db = os.path.join(tempfile.mkdtemp(prefix="sp-watch-perf-"), "k.db")
    files = sum(len(f) for _, _, f in os.walk(tree))
    before = slab_marks()
    t0 = time.monotonic()
    w = Watch(tree, "--db", db, "--no-catch-up")
    ev = wait(w, "watching")
    setup = ev["at"] - t0
    time.sleep(0.5)
    st = w.status()
    after = slab_marks()
    print(f"watching {tree}: {files} files in {ev['directories']} directories")
    print(f"  watches set up in {setup:.2f} s; snakepipe VmRSS {st['VmRSS']}, VmHWM {st['VmHWM']}")
    if before and after:
        n = after[0] - before[0]
        print(f"  inotify marks in the kernel: +{n} objects of {after[1]} B = {n * after[1] / 1024:.0f} KiB")
    else:
        print("  inotify marks in the kernel: not in /proc/slabinfo (merged slab caches, or not root)")
    with open("/proc/sys/fs/inotify/max_user_watches") as f:
        print(f"  fs.inotify.max_user_watches = {f.read().strip()}")
    w.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", help="an unpacked kernel tree (default: unpack linux-source-6.1)")
    ap.add_argument("--saves", type=int, default=8)
    a = ap.parse_args()
    if not os.access(BIN, os.X_OK):
        sys.exit(f"{BIN}: not built (meson setup build --buildtype=release && ninja -C build)")
    latency(a.saves)
    tree = a.kernel
    if not tree:
        base = os.path.join(os.environ.get("CORPORA_DIR", "/tmp/snakepipe-corpora"), "linux-6.1")
        tree = os.path.join(base, "linux-source-6.1")
        if not os.path.isdir(tree):
            os.makedirs(base, exist_ok=True)
            subprocess.run(["tar", "-xf", "/usr/src/linux-source-6.1.tar.xz", "-C", base], check=True)
    kernel(tree)


if __name__ == "__main__":
    main()
