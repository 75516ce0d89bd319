#!/usr/bin/env python3
"""Runs one benchmark: makes a synthetic sheet once (cached in the build
directory), runs a command on it, and reports wall time, CPU time (user +
sys) and peak memory of the command. Fails when a target is missed.

    run.py --gen GENERATOR --compounds N [--max-seconds S] [--max-rss-mb M]
           [--runs R] -- COMMAND ARGS...

In COMMAND, {sheet} is replaced by the sheet's path and {out} by a
temporary output path. The figures reported are those of the fastest run.
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    ap.add_argument("--compounds", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=2018)
    ap.add_argument("--max-seconds", type=float)
    ap.add_argument("--max-rss-mb", type=float)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--name", default="benchmark")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    cache = os.path.join(os.path.dirname(os.path.abspath(args.gen)), "bench-data")
    os.makedirs(cache, exist_ok=True)
    sheet = os.path.join(cache, "synthetic-%d-%d.csv" % (args.compounds, args.seed))
    if not os.path.exists(sheet):
        tmp = sheet + ".tmp"
        with open(tmp, "wb") as f:
            subprocess.run([args.gen, str(args.compounds), str(args.seed)], stdout=f, check=True)
        os.replace(tmp, sheet)

    best = None
    with tempfile.TemporaryDirectory() as tmpdir:
        out = os.path.join(tmpdir, "out")
        argv = [a.replace("{sheet}", sheet).replace("{out}", out) for a in command]
        for _ in range(args.runs):
            # Each run in its own child so that its peak memory is its own.
            pid = os.fork()
            if pid == 0:
                os.execvp(argv[0], argv)
            start = time.monotonic()
            _, status, usage = os.wait4(pid, 0)
            wall = time.monotonic() - start
            if os.waitstatus_to_exitcode(status) != 0:
                print("%s: the command failed (%d)" % (args.name, status), file=sys.stderr)
                return 1
            cpu = usage.ru_utime + usage.ru_stime
            run = (wall, cpu, usage.ru_maxrss / 1024.0)
            if best is None or run[1] < best[1]:
                best = run
    wall, cpu, rss = best
    size = os.path.getsize(sheet) / 1e6
    print("%s: %d compounds (%.0f MB sheet): %.2f s wall, %.2f s CPU (user+sys), "
          "%.1f MB peak memory; %.0f compounds/s of CPU"
          % (args.name, args.compounds, size, wall, cpu, rss, args.compounds / cpu))
    failed = False
    if args.max_seconds is not None and cpu > args.max_seconds:
        print("%s: over the target of %.2f s" % (args.name, args.max_seconds))
        failed = True
    if args.max_rss_mb is not None and rss > args.max_rss_mb:
        print("%s: over the target of %.0f MB" % (args.name, args.max_rss_mb))
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
