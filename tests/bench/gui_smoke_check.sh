#!/usr/bin/env bash
# Smoke check of a GUI benchmark (issue 8, #5/#6): runs it small and checks that it wrote sane JSON
# ({benchmark, results: [{name, ours, peer, ratio, target, pass}]} with finite positive figures).
# Whether the targets are met is not checked here: timings on a CI machine are noise.
#   gui_smoke_check.sh OUT.json COMMAND ARGS...
set -euo pipefail
out=$1
shift
rm -f "$out"
"$@"
python3 - "$out" <<'PY'
import json, math, sys
doc = json.load(open(sys.argv[1]))
assert doc["benchmark"] and doc["results"], "no results"
for row in doc["results"]:
    for field in ("name", "ours", "peer", "ratio", "target", "pass"):
        assert field in row, f"missing {field} in {row}"
    for field in ("ours", "peer", "ratio"):
        assert isinstance(row[field], (int, float)) and math.isfinite(row[field]) and row[field] >= 0, row
    assert row["peer"] > 0, row
print("smoke ok:", ", ".join(f"{r['name']} = {r['ours']:.1f}" for r in doc["results"]))
PY
