#!/usr/bin/env python3
"""Benchmark 3 of issue 8: the 194 x 100 scenario under the emulator's limits at an accelerated
clock. Runs `batchboard-cli import` + `resume --until-done` and the naive @google/genai script
(naive_sdk.mjs), each against its own fresh emulator with the same limits, and compares both with
the theoretical minimum makespan.

Theoretical minimum (N batches, C concurrent batches, R creates per sliding minute, every job
PENDING for P and RUNNING for U emulated seconds, D = P + U; uploads, polling and downloads free):
    s_k = max(0, s_{k-R} + 60, s_{k-C} + D)   (earliest create time of the k-th batch, k = 0..N-1;
                                               terms with a negative index are left out)
    T_min = s_{N-1} + D
The earliest-start schedule is optimal: both constraints only ever push a create later, and every
job lasts exactly D, so starting each batch as early as the limits allow never delays a later one.

Usage: bench_scenario.py --cli CLI --emulator EMU --out OUT.json [--small] [--skip-naive]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

FULL = dict(files=194, per_file=100, concurrent=35, rate=10, pending=120, running=600, speed=60)
SMALL = dict(files=24, per_file=10, concurrent=5, rate=4, pending=30, running=90, speed=60)


def theoretical_min(n, c, r, d):
    s = []
    for k in range(n):
        t = 0.0
        if k >= r:
            t = max(t, s[k - r] + 60.0)
        if k >= c:
            t = max(t, s[k - c] + d)
        s.append(t)
    return s[-1] + d


def emulator_config(p):
    return {"speed": p["speed"], "pendingSeconds": p["pending"], "runningSeconds": p["running"],
            "failedLineRate": 0.01,
            "limits": {"concurrentBatches": p["concurrent"], "batchCreatesPerMinute": p["rate"]}}


def measure(emulator, command, env, cwd, timeout):
    """Runs `command` against `emulator`; returns its exit code, the emulated and real makespan,
    the request counts and the 429 episodes."""
    recorder = benchlib.RequestRecorder(emulator).start()
    t0 = emulator.now()
    cpu0 = emulator.cpu_seconds()
    wall0 = time.monotonic()
    proc = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=timeout)
    wall = time.monotonic() - wall0
    entries = recorder.stop()
    state = emulator.state()
    last = max((benchlib.parse_time(e["time"]) for e in entries), default=t0)
    routes = state.get("requestCounts", {})
    return {
        "exitCode": proc.returncode,
        "stdoutTail": proc.stdout[-400:],
        "stderrTail": proc.stderr[-400:],
        "makespanEmulatedSeconds": last - t0,
        "wallSeconds": wall,
        "requests": benchlib.total_requests(state),
        "requestsByRoute": routes,
        "responses429": int(state.get("responses429", 0)),
        "create429Episodes": benchlib.episodes_429(entries),
        "requestsSeenInLog": len(entries),
        "emulatorCpuSeconds": emulator.cpu_seconds() - cpu0,
        "batchesSucceeded": sum(1 for b in state.get("batches", []) if b.get("state") in
                                ("BATCH_STATE_SUCCEEDED", "JOB_STATE_SUCCEEDED")),
    }


def run_ours(args, p, work, folder):
    project = os.path.join(work, "bench.batchboard")
    env = dict(os.environ, GEMINI_API_KEY="bench-key", QT_QPA_PLATFORM="offscreen")
    imp = subprocess.run([args.cli, "import", folder, "--project", project], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if imp.returncode != 0:
        raise RuntimeError(f"import failed: {imp.stdout[-400:]}")
    with benchlib.Emulator(args.emulator) as emu:
        emu.configure(emulator_config(p))
        r = measure(emu, [args.cli, "resume", "--until-done", "--project", project, "--base-url", emu.base],
                    env, work, args.timeout)
    results = os.path.join(work, "bench-results")
    r["resultFiles"] = len(os.listdir(results)) if os.path.isdir(results) else 0
    return r


def run_naive(args, p, work, folder):
    script = os.path.join(args.node_dir, "naive_sdk.mjs")
    shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "naive_sdk.mjs"), script)
    out = os.path.join(work, "naive-results")
    with benchlib.Emulator(args.emulator) as emu:
        emu.configure(emulator_config(p))
        r = measure(emu, ["node", script, emu.base, folder, out, str(p["speed"])], dict(os.environ),
                    args.node_dir, args.timeout)
    r["resultFiles"] = len(os.listdir(out)) if os.path.isdir(out) else 0
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--node-dir", help="folder with node_modules/@google/genai (naive peer)")
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--speed", type=float)
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args()
    args.cli, args.emulator = os.path.abspath(args.cli), os.path.abspath(args.emulator)
    if args.node_dir:
        args.node_dir = os.path.abspath(args.node_dir)
    p = dict(SMALL if args.small else FULL)
    if args.speed:
        p["speed"] = args.speed

    work = tempfile.mkdtemp(prefix="bb-bench-scenario.")
    try:
        folder = benchlib.write_batch_folder(os.path.join(work, "batches"), p["files"], p["per_file"])
        tmin = theoretical_min(p["files"], p["concurrent"], p["rate"], p["pending"] + p["running"])
        ours = run_ours(args, p, work, folder)
        naive = None
        if not args.skip_naive and args.node_dir and os.path.isdir(
                os.path.join(args.node_dir, "node_modules", "@google", "genai")):
            naive = run_naive(args, p, work, folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    result = {
        "params": p,
        "theoreticalMinSeconds": tmin,
        "formula": "s_k = max(0, s_{k-R} + 60, s_{k-C} + D); T_min = s_{N-1} + D; D = P + U",
        "ours": ours,
        "naive": naive,
        "ratios": {
            "makespan_vs_min": ours["makespanEmulatedSeconds"] / tmin,
            "max_429_per_episode": max(ours["create429Episodes"], default=0),
            "requests_vs_naive": ours["requests"] / naive["requests"] if naive else None,
        },
        "targets": {"makespan_vs_min": 1.1, "max_429_per_episode": 2, "requests_vs_naive": 0.5},
    }
    ok = ours["exitCode"] == 0 and ours["resultFiles"] == p["files"]
    print(f"scenario {p['files']}x{p['per_file']}: C={p['concurrent']} R={p['rate']}/min "
          f"P={p['pending']}s U={p['running']}s speed={p['speed']}x; T_min={tmin:.0f}s")
    for name, r in (("batchboard-cli", ours), ("naive @google/genai", naive)):
        if r:
            print(f"  {name:20} makespan {r['makespanEmulatedSeconds']:7.0f}s emulated "
                  f"({r['wallSeconds']:6.1f}s real), {r['requests']:5d} requests, "
                  f"{r['responses429']:3d} 429s, episodes {r['create429Episodes']}, exit {r['exitCode']}")
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    if not ok:
        print(f"batchboard-cli did not finish the scenario: exit {ours['exitCode']}, "
              f"{ours['resultFiles']} result files; {ours['stderrTail']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
