#!/usr/bin/env python3
"""Benchmarks of corrections on a large ledger: 20 half-years of the
100,000-compound synthetic sheet (made once into bench-data/ beside the
generator: it takes a while), copied for each run.

    ledger.py --ledger PMINDEX-LEDGER --gen PMINDEX-GEN-SHEET --measure review|revoke
              [--compounds N] [--periods P] [--runs R] [--max-ms T]

review: `pmindex-ledger review` of one compound in the ledger's second
period: a compound without a sanction gets a legal violation (V1), level
4, so that its ladder steps again through the later periods until the
clean periods bring it back down (8 periods, 9 rows written; a different
compound each run).
revoke: `pmindex-ledger revoke` of the last period (applied again, not
timed, between runs). The copy is synced and read once first, as a ledger
in use is on disk and in the page cache. Reports wall and CPU time (user + sys) of the fastest
and the slowest run; fails when the slowest run's CPU time is over --max-ms.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

from synthetic import period_sheet, synthetic_sheet

FIRST_YEAR = 2010


def periods(n):
    return ["%dH%d" % (FIRST_YEAR + k // 2, k % 2 + 1) for k in range(n)]


def cached_ledger(prog, gen, compounds, n):
    """The ledger of n periods, made once (into a temporary name first)."""
    base = synthetic_sheet(gen, compounds)
    cache = os.path.dirname(base)
    path = os.path.join(cache, "ledger-%dx%d.db" % (n, compounds))
    if os.path.exists(path):
        return path, base
    tmp = path + ".tmp"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(tmp + suffix):
            os.remove(tmp + suffix)
    t0 = time.monotonic()
    subprocess.run([prog, "--db", tmp, "--by", "benchmark", "init"], check=True)
    with tempfile.TemporaryDirectory(dir=cache) as sheets:
        for p in periods(n):
            sheet = period_sheet(base, p, sheets)
            subprocess.run([prog, "--db", tmp, "--by", "benchmark", "-o", os.devnull, "apply",
                            sheet], check=True)
            os.remove(sheet)
    os.replace(tmp, path)
    print("made %s: %d periods of %d compounds in %.0f s (%.0f MB)"
          % (path, n, compounds, time.monotonic() - t0, os.path.getsize(path) / 1e6))
    return path, base


def measure(argv):
    """Runs argv; returns (wall, cpu) seconds, or None when it failed."""
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return wall, usage.ru_utime + usage.ru_stime


def unsanctioned(prog, db, period, count):
    """Ids of compounds at level 0 with no card in a period, spread over it."""
    out = subprocess.run([prog, "--db", db, "--period", period, "--format", "csv", "export"],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    head = out[0].split(",")
    card, level = head.index("card"), head.index("level")
    ids = [r.split(",")[0] for r in out[1:]
           if r.split(",")[card] == "none" and r.split(",")[level] == "0"]
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ledger", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--measure", choices=("review", "revoke"), required=True)
    ap.add_argument("--compounds", type=int, default=100000)
    ap.add_argument("--periods", type=int, default=20)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--max-ms", type=float)
    args = ap.parse_args()
    prog = args.ledger
    cached, base = cached_ledger(prog, args.gen, args.compounds, args.periods)
    names = periods(args.periods)
    runs, written = [], []
    with tempfile.TemporaryDirectory(dir=os.path.dirname(cached)) as tmp:
        db = os.path.join(tmp, "ledger.db")
        shutil.copyfile(cached, db)
        # A ledger in use is on disk and in the page cache: the copy is
        # synced first (else the first commit's fsync writes all of it) and
        # read once.
        with open(db, "rb") as f:
            while f.read(1 << 24):
                pass
            os.fsync(f.fileno())
        ids = unsanctioned(prog, db, names[1], args.runs) if args.measure == "review" else []
        out = os.path.join(tmp, "out.csv")
        for run in range(args.runs):
            if args.measure == "review":
                sheet = os.path.join(tmp, "review-%d.csv" % run)
                with open(sheet, "w", encoding="utf-8") as f:
                    f.write("compound_id,V1\n%s,1\n" % ids[run])
                argv = [prog, "--db", db, "--by", "benchmark", "--reason", "benchmark",
                        "--format", "csv", "-o", out, "review", names[1], sheet]
            else:
                argv = [prog, "--db", db, "--by", "benchmark", "--reason", "benchmark",
                        "revoke", names[-1]]
            got = measure(argv)
            if got is None:
                print("%s: failed: %s" % (args.measure, " ".join(argv)), file=sys.stderr)
                return 1
            runs.append(got)
            if args.measure == "review":
                with open(out, encoding="utf-8") as f:
                    written.append(sum(1 for _ in f) - 1)
            if args.measure == "revoke":  # the period again, for the next run
                sheet = period_sheet(base, names[-1], tmp)
                subprocess.run([prog, "--db", db, "--by", "benchmark", "-o", os.devnull,
                                "apply", sheet], check=True)
    runs.sort(key=lambda r: r[1])
    (wall, cpu), (worst_wall, worst) = runs[0], runs[-1]
    what = ("a review of one compound (%s rows written)" % "/".join(map(str, written))
            if args.measure == "review" else "revoking a period of %d compounds" % args.compounds)
    print("pmindex-ledger %s: %s in a ledger of %d periods of %d compounds: %.1f ms wall, "
          "%.1f ms CPU (user+sys) the fastest of %d runs; the slowest %.1f ms wall, %.1f ms CPU"
          % (args.measure, what, args.periods, args.compounds, wall * 1e3, cpu * 1e3, args.runs,
             worst_wall * 1e3, worst * 1e3))
    if args.max_ms is not None and worst * 1e3 > args.max_ms:
        print("%s: over the target of %.0f ms" % (args.measure, args.max_ms))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
