#!/usr/bin/env python3
"""Turns the benchmarks' JSON files into one table (benchmark, ours, peer, ratio, target, pass) and
one JSON file. Called by run-all.sh: summarize.py --out OUT.json [--small] KIND=FILE ...
KIND is validate, upload, scenario, poll, or rows (a file that already has {"rows": [...]})."""
import argparse
import json
import platform
import os
import sys
from datetime import datetime, timezone


def row(benchmark, ours, peer, ratio, target, better):
    """`ratio` is compared with `target`; better is 'higher' or 'lower'."""
    if ratio is None:
        ok = None
    else:
        ok = ratio >= target if better == "higher" else ratio <= target
    return {"benchmark": benchmark, "ours": ours, "peer": peer, "ratio": ratio,
            "target": f"{'>=' if better == 'higher' else '<='} {target:g}", "pass": ok}


def validate_rows(d):
    s, n = d["seconds"], d["bytes"]
    mb = lambda t: f"{n / t / 1e6:.0f} MB/s"  # noqa: E731
    bb = s["batchboard-cli validate"]
    return [row("1 validate throughput vs jq -c .", mb(bb), "jq " + mb(s["jq -c ."]), d["ratios"]["vs_jq"], 10,
                "higher"),
            row("1 validate throughput vs sha256sum", mb(bb), "sha256sum " + mb(s["sha256sum"]),
                d["ratios"]["vs_sha256sum"], 1.0, "higher")]


def upload_rows(d):
    m = d["medianMBps"]
    return [row(f"2 upload {d['bytes'] / 2**20:.0f} MiB throughput vs curl", f"{m['ours']:.0f} MB/s",
                f"curl {m['curl']:.0f} MB/s", d["ratios"]["throughput_vs_curl"], 0.8, "higher"),
            row("2 upload peak RSS above idle (MiB)", f"{d['peakRssAboveIdleMiB']:.1f} MiB", "-",
                d["peakRssAboveIdleMiB"], 64, "lower")]


def scenario_rows(d):
    p, o, n = d["params"], d["ours"], d.get("naive")
    name = f"3 {p['files']}x{p['per_file']} makespan"
    rows = [row(f"{name} vs theoretical min", f"{o['makespanEmulatedSeconds']:.0f} s",
                f"min {d['theoreticalMinSeconds']:.0f} s"
                + (f", naive {n['makespanEmulatedSeconds']:.0f} s" if n else ""),
                d["ratios"]["makespan_vs_min"], 1.1, "lower"),
            row("3 max 429s per limit episode", f"{o['responses429']} in {len(o['create429Episodes'])} ep.",
                f"naive {n['responses429']} in {len(n['create429Episodes'])} ep." if n else "-",
                d["ratios"]["max_429_per_episode"], 2, "lower")]
    rows.append(row("3 total HTTP requests vs naive SDK script", str(o["requests"]),
                    f"naive {n['requests']}" if n else "naive skipped",
                    d["ratios"]["requests_vs_naive"], 0.5, "lower"))
    return rows


def poll_rows(d):
    return [row(f"4 requests per poll cycle, {d['activeJobs']} active jobs", f"{d['requestsPerCycle']:.2f}",
                f"{d['peerRequestsPerCycle']} GETs", d["requestsPerCycle"], 2, "lower")]


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
    return str(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--small", action="store_true")
    ap.add_argument("inputs", nargs="*")
    args = ap.parse_args()
    makers = {"validate": validate_rows, "upload": upload_rows, "scenario": scenario_rows,
              "poll": poll_rows, "rows": lambda d: d["rows"]}
    rows, raw = [], {}
    for item in args.inputs:
        kind, path = item.split("=", 1)
        with open(path) as f:
            data = json.load(f)
        raw[os.path.basename(path)] = data
        rows += makers[kind](data)

    headers = ["benchmark", "ours", "peer", "ratio", "target", "pass"]
    table = [[r["benchmark"], fmt(r["ours"]), fmt(r["peer"]), fmt(r["ratio"]), r["target"],
              {True: "PASS", False: "FAIL", None: "-"}[r["pass"]]] for r in rows]
    widths = [max(len(h), *(len(t[i]) for t in table)) if table else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    print(line(headers))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for t in table:
        print(line(t))
    result = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "small": args.small,
              "machine": {"cpus": os.cpu_count(), "load": os.getloadavg(), "platform": platform.platform()},
              "rows": rows, "benchmarks": raw}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(f"JSON: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
