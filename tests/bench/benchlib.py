"""Shared helpers of the issue-8 benchmarks: a gemini-emulator process, its control API, batch
folders, process CPU and memory from /proc. Standard library only."""
import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.request
from datetime import datetime


class Emulator:
    """gemini-emulator --port 0 [args]; stopped with SIGTERM by stop() or on context exit."""

    def __init__(self, exe, *args):
        self.proc = subprocess.Popen([exe, "--port", "0", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on (http://\S+)", line)
        if not m:
            self.stop()
            raise RuntimeError(f"emulator did not start: {line!r}")
        self.base = m.group(1)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            raw = r.read()
        return json.loads(raw) if raw else {}

    def state(self):
        return self.call("GET", "/emulator/state")

    def configure(self, patch):
        return self.call("POST", "/emulator/config", patch)

    def reset(self):
        self.call("POST", "/emulator/reset", {})

    def now(self):
        return parse_time(self.call("GET", "/emulator/clock")["now"])

    def cpu_seconds(self):
        return process_cpu_seconds(self.proc.pid)


class RequestRecorder:
    """Follows GET /emulator/requests while a run goes on (the emulator keeps only the last
    2000 entries), so every API request of the run is seen in order."""

    def __init__(self, emulator, interval=0.5):
        self.emulator = emulator
        self.interval = interval
        self.entries = []
        self.since = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self, skip_existing=False):
        if skip_existing:
            got = self.emulator.call("GET", "/emulator/requests?since=0")["requests"]
            self.since = int(got[-1]["seq"]) if got else 0
        self._thread.start()
        return self

    def _fetch(self):
        got = self.emulator.call("GET", f"/emulator/requests?since={self.since}")["requests"]
        for e in got:
            e.pop("headers", None)
            e.pop("body", None)
            self.entries.append(e)
        if got:
            self.since = int(got[-1]["seq"])

    def _run(self):
        while not self._stop.is_set():
            try:
                self._fetch()
            except OSError:
                pass
            self._stop.wait(self.interval)

    def stop(self):
        self._stop.set()
        self._thread.join()
        time.sleep(0.2)  # outcomes (status) of the last requests
        self._fetch()
        # Statuses are set when the response is sent; refresh the entries still in the log.
        latest = {int(e["seq"]): e for e in
                  self.emulator.call("GET", "/emulator/requests?since=0")["requests"]}
        for e in self.entries:
            fresh = latest.get(int(e["seq"]))
            if fresh and "status" in fresh:
                e["status"] = fresh["status"]
        return self.entries


def parse_time(text):
    # RFC 3339 with up to 9 fractional digits and a Z.
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z", text)
    base = datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
    frac = float(m.group(2)) if m.group(2) else 0.0
    return (base - datetime(1970, 1, 1)).total_seconds() + frac


def process_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_batch_folder(folder, files, per_file, first=11, text_bytes=200):
    """batch_NNN.jsonl files of `per_file` QA-style requests each (keys bNNN-qNNN)."""
    os.makedirs(folder, exist_ok=True)
    filler = ("Refine this question and answer so that it is precise and self-contained. " * 40)
    for n in range(first, first + files):
        with open(os.path.join(folder, f"batch_{n:03d}.jsonl"), "w") as f:
            for q in range(1, per_file + 1):
                key = f"b{n:03d}-q{q:03d}"
                line = {"key": key, "request": {"contents": [{"role": "user", "parts": [
                    {"text": f"{key}: {filler[:text_bytes]}"}]}], "generationConfig": {"temperature": 0.2}}}
                f.write(json.dumps(line) + "\n")
    return folder


def total_requests(state):
    return sum(int(v) for v in state.get("requestCounts", {}).values())


def episodes_429(entries):
    """429s of batch creates grouped into limit episodes: an episode is the run of refused creates
    between two accepted ones. Returns the list of 429 counts, one per episode."""
    episodes, current = [], 0
    for e in entries:
        if e.get("method") != "POST" or not re.search(r":batchGenerateContent$", e.get("path", "")):
            continue
        status = int(e.get("status", 0))
        if status == 429:
            current += 1
        elif 200 <= status < 300:
            if current:
                episodes.append(current)
            current = 0
    if current:
        episodes.append(current)
    return episodes
