#!/usr/bin/env python3
"""Benchmark 4 of issue 8: HTTP requests per poll cycle while N jobs are active (default 194).
`batchboard-cli resume --until-done` creates N jobs that stay PENDING (no concurrency or rate
limit, a pending time longer than the run); once all N are active, every API request the CLI sends
is counted over several poll cycles (a cycle starts with a batches.list without pageToken). The
peer is a client that polls each job with its own GET: N requests per cycle.

Usage: bench_poll.py --cli CLI --emulator EMU --out OUT.json [--jobs N] [--cycles K]
"""
import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def is_cycle_start(e):
    return e.get("method") == "GET" and e.get("path", "").rstrip("/").endswith("/batches") \
        and "pageToken" not in e.get("query", "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--jobs", type=int, default=194)
    ap.add_argument("--cycles", type=int, default=5)
    ap.add_argument("--speed", type=float, default=600)
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args()
    cli = os.path.abspath(args.cli)

    work = tempfile.mkdtemp(prefix="bb-bench-poll.")
    proc = None
    try:
        folder = benchlib.write_batch_folder(os.path.join(work, "batches"), args.jobs, 2, first=1)
        project = os.path.join(work, "poll.batchboard")
        env = dict(os.environ, GEMINI_API_KEY="bench-key", QT_QPA_PLATFORM="offscreen")
        imp = subprocess.run([cli, "import", folder, "--project", project], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if imp.returncode != 0:
            raise RuntimeError(f"import failed: {imp.stdout[-400:]}")
        # The project's own concurrency limit (Settings in the app; Tier 1 default is 100).
        with sqlite3.connect(project) as db:
            db.execute("INSERT INTO meta (key, value) VALUES ('limits.concurrentBatches', ?) "
                       "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(args.jobs + 10),))
        with benchlib.Emulator(os.path.abspath(args.emulator)) as emu:
            emu.configure({"speed": args.speed, "pendingSeconds": 1e6, "runningSeconds": 60,
                           "batchTtlSeconds": 10 ** 7,
                           "limits": {"concurrentBatches": args.jobs + 10, "batchCreatesPerMinute": 0}})
            proc = subprocess.Popen([cli, "resume", "--until-done", "--project", project, "--base-url",
                                     emu.base], env=env, cwd=work, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + args.timeout
            while emu.state()["usage"]["activeBatches"] < args.jobs:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the jobs did not all become active")
                time.sleep(0.2)
            recorder = benchlib.RequestRecorder(emu, interval=0.2).start(skip_existing=True)
            # Cycles that start after every job is active: count from the first one on.
            while sum(1 for e in recorder.entries if is_cycle_start(e)) < args.cycles + 1:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("not enough poll cycles")
                time.sleep(0.2)
            entries = recorder.stop()
            proc.send_signal(signal.SIGINT)
            proc.wait(30)
    finally:
        if proc and proc.poll() is None:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)

    starts = [i for i, e in enumerate(entries) if is_cycle_start(e)]
    window = entries[starts[0]:starts[args.cycles]]
    per_cycle = len(window) / args.cycles
    routes = {}
    for e in window:
        routes[e.get("route", "?")] = routes.get(e.get("route", "?"), 0) + 1
    result = {
        "activeJobs": args.jobs,
        "cycles": args.cycles,
        "requestsInWindow": len(window),
        "requestsPerCycle": per_cycle,
        "routes": routes,
        "peerRequestsPerCycle": args.jobs,
        "ratios": {"requests_per_cycle": per_cycle},
        "targets": {"requests_per_cycle": 2},
    }
    print(f"poll cycle with {args.jobs} active jobs: {per_cycle:.2f} requests per cycle "
          f"(peer: {args.jobs}); routes {routes}")
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
