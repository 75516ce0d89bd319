#!/usr/bin/env python3
"""Runs one benchmark: makes a synthetic sheet once (cached in the build
directory), runs a command on it, and reports wall time, CPU time (user +
sys) and peak memory of the command. Fails when a target is missed.

    run.py --gen GENERATOR --compounds N [--shuffled] [--max-seconds S]
           [--max-wall-seconds S] [--max-rss-mb M] [--runs R] [--max-ratio X]
           [--sheet PATH] [--max-output-mb M] [--other-output]
           -- COMMAND ARGS... [--vs BASELINE ARGS...]

In COMMAND, {sheet} is replaced by the sheet's path and {out} by a
temporary output path (removed before each run, so that no run pays for
deleting the last one's output). --shuffled runs on the same rows in a
random order. Seconds are given with the sheet's MB per second beside them,
and the load average of the machine when the runs began. --max-seconds bounds the CPU time (user + sys),
--max-wall-seconds the wall time (for commands that use several cores).
The figures reported are those of the fastest run.
With --vs, BASELINE runs as many times, alternating with COMMAND, and the
ratio of their CPU times (fastest runs) must not exceed --max-ratio; their
outputs must be the same bytes, unless --other-output says the command
writes something else (a report about the same sheet). --sheet PATH runs on
a sheet of its own (such as the sample district) instead of a synthetic one;
--max-output-mb bounds the size of what the command wrote to {out}.
"""
import argparse
import os
import resource
import sys
import tempfile
import time

from synthetic import shuffled_sheet, synthetic_sheet


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    ap.add_argument("--compounds", type=int, default=1000000)
    ap.add_argument("--shuffled", action="store_true")
    ap.add_argument("--seed", type=int, default=2018)
    ap.add_argument("--max-seconds", type=float)
    ap.add_argument("--max-wall-seconds", type=float)
    ap.add_argument("--max-rss-mb", type=float)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--name", default="benchmark")
    ap.add_argument("--max-ratio", type=float)
    ap.add_argument("--sheet")
    ap.add_argument("--max-output-mb", type=float)
    ap.add_argument("--other-output", action="store_true")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    baseline = None
    if "--vs" in command:
        at = command.index("--vs")
        command, baseline = command[:at], command[at + 1:]

    sheet = args.sheet or (shuffled_sheet if args.shuffled else synthetic_sheet)(
        args.gen, args.compounds, args.seed)
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])

    size = os.path.getsize(sheet) / 1e6
    with tempfile.TemporaryDirectory() as tmpdir:
        commands = [("command", command)] + ([("baseline", baseline)] if baseline else [])
        best = {}
        for _ in range(args.runs):
            for which, cmd in commands:
                out = os.path.join(tmpdir, which + ".out")
                for stale in (out, out + "-wal", out + "-shm"):
                    if os.path.exists(stale):
                        os.remove(stale)
                argv = [a.replace("{sheet}", sheet).replace("{out}", out) for a in cmd]
                run = measure(argv)
                if run is None:
                    print("%s: the %s failed: %s" % (args.name, which, " ".join(argv)),
                          file=sys.stderr)
                    return 1
                if which not in best or run[1] < best[which][1]:
                    best[which] = run
        output_mb = None
        if args.max_output_mb is not None:
            output_mb = os.path.getsize(os.path.join(tmpdir, "command.out")) / 1e6
        if baseline and not args.other_output and not same_file(
                os.path.join(tmpdir, "command.out"), os.path.join(tmpdir, "baseline.out")):
            print("%s: the command and the baseline wrote different output" % args.name)
            return 1
    wall, cpu, rss = best["command"]
    print("%s: %d compounds (%.0f MB sheet%s), fastest of %d, load %s: %.2f s wall (%.0f MB/s), "
          "%.2f s CPU (user+sys, %.0f MB/s), %.1f MB peak memory; %.0f compounds/s of CPU"
          % (args.name, args.compounds, size, ", rows shuffled" if args.shuffled else "",
             args.runs, load, wall, size / wall, cpu, size / cpu, rss, args.compounds / cpu))
    if output_mb is not None:
        print("%s: output %.2f MB" % (args.name, output_mb))
    ratio = None
    if baseline:
        bwall, bcpu, brss = best["baseline"]
        ratio = cpu / bcpu
        print("%s: baseline %s: %.2f s wall (%.0f MB/s), %.2f s CPU (%.0f MB/s), %.1f MB peak "
              "memory; CPU ratio %.2f%s"
              % (args.name, os.path.basename(baseline[0]), bwall, size / bwall, bcpu, size / bcpu,
                 brss, ratio, "" if args.other_output else ", same output"))
    failed = False
    if args.max_seconds is not None and cpu > args.max_seconds:
        print("%s: over the target of %.2f s" % (args.name, args.max_seconds))
        failed = True
    if args.max_wall_seconds is not None and wall > args.max_wall_seconds:
        print("%s: over the target of %.2f s of wall time" % (args.name, args.max_wall_seconds))
        failed = True
    if args.max_rss_mb is not None and rss > args.max_rss_mb:
        print("%s: over the target of %.0f MB" % (args.name, args.max_rss_mb))
        failed = True
    if output_mb is not None and output_mb > args.max_output_mb:
        print("%s: output over the target of %.1f MB" % (args.name, args.max_output_mb))
        failed = True
    if args.max_ratio is not None and ratio is not None and ratio > args.max_ratio:
        print("%s: over the target ratio of %.2f" % (args.name, args.max_ratio))
        failed = True
    return 1 if failed else 0


def measure(argv):
    """Runs argv in its own child (so that its peak memory is its own);
    returns (wall, cpu, peak MB), or None when it failed."""
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    start = time.monotonic()
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def same_file(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


if __name__ == "__main__":
    sys.exit(main())
