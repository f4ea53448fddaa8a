#!/usr/bin/env python3
"""Benchmark 2 of issue 8: uploading one large JSONL file to the emulator through the Qt client
(bench_upload: bb_gemini's UploadJob, the engine's upload path) against curl doing the same
resumable protocol (start; 8 MiB chunks "upload" with X-Goog-Upload-Offset; the last one
"upload, finalize") against the same emulator process, in alternating runs (A B A B ...).

curl runs at its best: one process, one kept-alive connection for every chunk (--next), no
"Expect: 100-continue" round trip, chunk files cut beforehand (outside the timing). The emulator's
CPU time per run is recorded so that it can be seen not to be the bottleneck.

Usage: bench_upload.py --client BENCH_UPLOAD --emulator EMU --out OUT.json [--mib 1024] [--runs 3]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

CHUNK = 8 * 1024 * 1024


def write_jsonl(path, size):
    text = ("Refine this question and answer so that it is precise and self-contained. " * 28)[:2000]
    written, n = 0, 0
    with open(path, "w") as f:
        while written < size:
            line = ('{"key":"k%09d","request":{"contents":[{"role":"user","parts":[{"text":"%s"}]}],'
                    '"generationConfig":{"temperature":0.2}}}\n') % (n, text)
            f.write(line)
            written += len(line)
            n += 1
    return os.path.getsize(path)


def split_chunks(path, folder):
    os.makedirs(folder, exist_ok=True)
    names = []
    with open(path, "rb") as f:
        i = 0
        while True:
            data = f.read(CHUNK)
            if not data:
                break
            name = os.path.join(folder, f"c{i:05d}")
            with open(name, "wb") as out:
                out.write(data)
            names.append(name)
            i += 1
    return names


def curl_upload(base, size, chunks):
    start = subprocess.run(
        ["curl", "-sS", "-D", "-", "-o", "/dev/null", "-X", "POST", base + "/upload/v1beta/files",
         "-H", "X-Goog-Upload-Protocol: resumable", "-H", "X-Goog-Upload-Command: start",
         "-H", f"X-Goog-Upload-Header-Content-Length: {size}",
         "-H", "X-Goog-Upload-Header-Content-Type: application/jsonl",
         "-H", "Content-Type: application/json", "--data-binary", '{"file":{"displayName":"bench-curl"}}'],
        stdout=subprocess.PIPE, text=True, check=True)
    url = next(line.split(":", 1)[1].strip() for line in start.stdout.splitlines()
               if line.lower().startswith("x-goog-upload-url:"))
    args, offset = ["curl"], 0
    for i, c in enumerate(chunks):
        last = i == len(chunks) - 1
        args += ["-sS", "-o", "-" if last else "/dev/null", "-X", "POST", "-H", "Expect:",
                 "-H", "X-Goog-Upload-Command: " + ("upload, finalize" if last else "upload"),
                 "-H", f"X-Goog-Upload-Offset: {offset}", "-H", "Content-Type: application/octet-stream",
                 "--data-binary", "@" + c, url]
        if not last:
            args.append("--next")
        offset += os.path.getsize(c)
    done = subprocess.run(args, stdout=subprocess.PIPE, text=True, check=True)
    file = json.loads(done.stdout)["file"]
    if int(file.get("sizeBytes", 0)) != size:
        raise RuntimeError(f"curl upload stored {file.get('sizeBytes')} of {size} bytes")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--client", required=True)
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mib", type=int, default=1024)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="bb-bench-upload.")
    ours, peer = [], []
    try:
        path = os.path.join(work, "upload.jsonl")
        size = write_jsonl(path, args.mib * 1024 * 1024)
        chunks = split_chunks(path, os.path.join(work, "chunks"))
        with benchlib.Emulator(os.path.abspath(args.emulator)) as emu:
            for _ in range(args.runs):
                emu.reset()  # drops the previous run's file (and its bytes on disk)
                cpu0, t0 = emu.cpu_seconds(), time.monotonic()
                run = subprocess.run([os.path.abspath(args.client), emu.base + "/", path],
                                     stdout=subprocess.PIPE, text=True)
                wall = time.monotonic() - t0
                r = json.loads(run.stdout.strip().splitlines()[-1])
                if not r.get("ok") or int(r.get("sizeBytes", 0)) != size:
                    raise RuntimeError(f"bench_upload failed: {r}")
                r.update(wall=wall, emulatorCpu=emu.cpu_seconds() - cpu0)
                ours.append(r)

                emu.reset()
                cpu0, t0 = emu.cpu_seconds(), time.monotonic()
                curl_upload(emu.base, size, chunks)
                wall = time.monotonic() - t0
                peer.append({"seconds": wall, "emulatorCpu": emu.cpu_seconds() - cpu0})
            emu.reset()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    mbps = lambda s: size / s / 1e6  # noqa: E731
    ours_s = statistics.median(r["seconds"] for r in ours)
    peer_s = statistics.median(r["seconds"] for r in peer)
    ratios = [p["seconds"] / o["seconds"] for o, p in zip(ours, peer)]
    peak_above_idle = max((r["peakRssKiB"] - r["idleRssKiB"]) for r in ours) / 1024
    result = {
        "bytes": size,
        "chunkBytes": CHUNK,
        "runs": {"ours": ours, "curl": peer},
        "medianSeconds": {"ours": ours_s, "curl": peer_s},
        "medianMBps": {"ours": mbps(ours_s), "curl": mbps(peer_s)},
        "emulatorCpuShare": {"ours": statistics.median(r["emulatorCpu"] / r["seconds"] for r in ours),
                             "curl": statistics.median(r["emulatorCpu"] / r["seconds"] for r in peer)},
        "peakRssAboveIdleMiB": peak_above_idle,
        "ratios": {"throughput_vs_curl": statistics.median(ratios), "rss_above_idle_mib": peak_above_idle},
        "targets": {"throughput_vs_curl": 0.8, "rss_above_idle_mib": 64},
    }
    print(f"upload {size / 2**20:.0f} MiB: Qt client {mbps(ours_s):.1f} MB/s, curl {mbps(peer_s):.1f} MB/s, "
          f"ratio {result['ratios']['throughput_vs_curl']:.2f} (target >= 0.8); peak RSS "
          f"{peak_above_idle:.1f} MiB above idle (target <= 64); emulator CPU share "
          f"{result['emulatorCpuShare']['ours']:.2f} / {result['emulatorCpuShare']['curl']:.2f}")
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
