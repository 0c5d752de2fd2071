"""tests/load/watchproc.py: a `snakepipe watch` process whose JSON log lines (--log-format json)
are read on a thread, for tests/load/test_watch.py and perf/watch.py."""
import json
import subprocess
import threading
import time


class Watch:
    def __init__(self, binary, *args):
        self.p = subprocess.Popen([binary, "watch", *args, "--log-format", "json", "--quiet"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.events = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stderr:
            try:
                e = json.loads(line)
            except ValueError:
                e = {"event": "unparsed", "line": line}
            e["at"] = time.monotonic()
            with self.lock:
                self.events.append(e)

    def of(self, kind):
        with self.lock:
            return [e for e in self.events if e.get("event") == kind]

    def wait(self, kind, count=1, seconds=60):
        """The count-th event of kind, or None when it does not come in time."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            hits = self.of(kind)
            if len(hits) >= count:
                return hits[count - 1]
            time.sleep(0.01)
        return None

    def status(self):
        """/proc/<pid>/status as a dict (VmRSS, VmHWM, …)."""
        out = {}
        with open(f"/proc/{self.p.pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                out[k] = v.strip()
        return out

    def stop(self, sig=None):
        """Sends sig (default SIGTERM) and returns the exit code (None if it would not stop)."""
        if sig is None:
            self.p.terminate()
        else:
            self.p.send_signal(sig)
        try:
            return self.p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            return None
