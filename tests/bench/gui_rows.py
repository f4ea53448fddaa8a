#!/usr/bin/env python3
"""Turns gui_bench / coldstart_bench JSON ({benchmark, results: [...]}) into the run-all.sh row form
{"rows": [{benchmark, ours, peer, ratio, target, pass}], "raw": {...}}.
   gui_rows.py OUT.json LABEL=FILE ...   (a missing FILE becomes a failed row, so a crash shows)"""
import json
import os
import sys

out, inputs = sys.argv[1], sys.argv[2:]
rows, raw = [], {}
for item in inputs:
    label, path = item.split("=", 1)
    if not os.path.exists(path):
        rows.append({"benchmark": f"{label} (no result: the benchmark failed)", "ours": None, "peer": None,
                     "ratio": None, "target": "-", "pass": False})
        continue
    with open(path) as f:
        doc = json.load(f)
    raw[label] = doc
    for r in doc["results"]:
        unit = r.get("unit", "")
        rows.append({"benchmark": f"{label} {r['name']}", "ours": f"{r['ours']:.1f} {unit}".strip(),
                     "peer": f"{r['peer']:.1f} {unit}".strip(), "ratio": round(r["ratio"], 3),
                     "target": r["target"], "pass": bool(r["pass"])})
with open(out, "w") as f:
    json.dump({"rows": rows, "raw": raw}, f, indent=2)
