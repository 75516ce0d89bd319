#!/usr/bin/env python3
"""Crash test of the ledger: pmindex-ledger is killed with SIGKILL at random
moments while it changes a large ledger (200,000 compounds a period by
default), many times, for each kind of change:

  apply    the second period, onto a ledger of one;
  revoke   the second period of a ledger of two;
  review   the first period of a ledger of two, a fifth of its compounds
           corrected (their ladders step again through the second period).

After each kill the ledger must be exactly as before the change or exactly
as after it (the tables' contents, times aside, compared with a ledger the
change ran on undisturbed), never in between, and SQLite's integrity_check
must say ok. Kills land in every phase: reading, writing, committing,
checkpointing.

    crash.py --ledger PMINDEX-LEDGER --gen PMINDEX-GEN-SHEET [--compounds N]
             [--kills K] [--ops apply,revoke,review] [--seed S]

K kills for each change. Prints what it did; exits 1 on any violation.
"""
import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from synthetic import period_sheet, synthetic_sheet  # noqa: E402

FIRST, SECOND = "2018H2", "2019H1"

# What a ledger holds, times aside: enough aggregates of every table that a
# change done in part cannot look like none or all of it.
CONTENT = [
    "SELECT count(*), total(seq), total(revision), total(coalesce(entry, 0)), total(level),"
    " total(level_before), total(clean), total(card), total(coalesce(idx, -1)),"
    " total(length(reasons)), total(length(observations)) FROM assessments",
    "SELECT count(*), total(revision), total(level), total(length(key)) FROM measures",
    "SELECT count(*), total(level), total(clean), total(last_period) FROM compounds",
    "SELECT count(*), group_concat(name || ':' || compounds || ':' || coalesce(revoked, '-'))"
    " FROM (SELECT * FROM periods ORDER BY seq)",
    "SELECT count(*), group_concat(action || ':' || period || ':' || compounds || ':' || changed)"
    " FROM (SELECT * FROM log ORDER BY entry)",
    "SELECT count(*), group_concat(sha256) FROM (SELECT * FROM log_inputs ORDER BY entry, n)",
]


def content(db):
    """The ledger's content, or a string saying what is wrong with the file."""
    con = sqlite3.connect(db)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchall()
        if ok != [("ok",)]:
            return "integrity_check: %r" % (ok,)
        return tuple(con.execute(q).fetchone() for q in CONTENT)
    finally:
        con.close()


def copy(src, dst):
    for suffix in ("-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    shutil.copyfile(src, dst)


def corrections(base, path):
    """A partial sheet correcting B1 of every fifth compound."""
    with open(base, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        header = next(src).rstrip("\n").split(",")
        b1 = header.index("B1")
        out.write("compound_id,B1\n")
        for k, line in enumerate(src):
            if k % 5 == 0:
                cells = line.split(",")
                out.write("%s,%s\n" % (cells[0], "0" if cells[b1] != "0" else "1"))
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ledger", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--compounds", type=int, default=200000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--ops", default="apply,revoke,review")
    ap.add_argument("--seed", type=int)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rnd = random.Random(seed)
    print("crash test: %d compounds, seed %d" % (args.compounds, seed))
    base = synthetic_sheet(args.gen, args.compounds)
    L = [args.ledger]
    start = time.monotonic()
    failed = False

    with tempfile.TemporaryDirectory(prefix="pmindex-crash-") as tmp:
        one, two = os.path.join(tmp, "one.db"), os.path.join(tmp, "two.db")
        subprocess.run(L + ["--db", one, "--by", "crash", "init"], check=True)
        subprocess.run(L + ["--db", one, "-o", os.devnull, "apply",
                            period_sheet(base, FIRST, tmp)], check=True)
        if os.path.exists(one + "-wal"):
            print("the WAL is still there after a clean exit")
            return 1
        copy(one, two)
        second = period_sheet(base, SECOND, tmp)
        subprocess.run(L + ["--db", two, "-o", os.devnull, "apply", second], check=True)
        changes = {
            "apply": (one, ["-o", os.devnull, "apply", second]),
            "revoke": (two, ["--reason", "crash test", "-o", os.devnull, "revoke", SECOND]),
            "review": (two, ["--reason", "crash test", "-o", os.devnull, "review", FIRST,
                             corrections(base, os.path.join(tmp, "corrections.csv"))]),
        }
        db = os.path.join(tmp, "ledger.db")
        for op in args.ops.split(","):
            start_db, argv = changes[op]
            cmd = L + ["--db", db, "--by", "crash"] + argv
            # Undisturbed: what the change makes, and how long it takes.
            copy(start_db, db)
            before = content(db)
            t0 = time.monotonic()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            full = time.monotonic() - t0
            after = content(db)
            if before == after or isinstance(after, str):
                print("%s: the change changed nothing, or broke the ledger: %r" % (op, after))
                return 1
            done = kept = 0
            for kill in range(args.kills):
                copy(start_db, db)
                delay = rnd.uniform(0.0, full * 1.3)
                p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                time.sleep(delay)
                p.send_signal(signal.SIGKILL)
                _, err = p.communicate()
                if p.returncode not in (0, -signal.SIGKILL):
                    print("%s, kill %d: pmindex-ledger failed (%d): %s"
                          % (op, kill + 1, p.returncode, err.decode(errors="replace")))
                    return 1
                got = content(db)
                if got == after:
                    done += 1
                elif got == before and p.returncode != 0:
                    kept += 1
                else:
                    print("%s, kill %d after %.3f s: the ledger is %s"
                          % (op, kill + 1, delay, got if isinstance(got, str) else
                             "neither as before nor as after the change"
                             + (" (and the program had finished)" if p.returncode == 0 else "")))
                    failed = True
                    break
            print("%s (%.2f s undisturbed): %d kills: %d ledgers as after the change, %d as "
                  "before; never in between, integrity_check ok every time"
                  % (op, full, done + kept, done, kept))
    print("%.1f s in all" % (time.monotonic() - start))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
