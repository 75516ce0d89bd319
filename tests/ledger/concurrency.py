#!/usr/bin/env python3
"""Concurrency of the ledger, with pmindex-ledger processes:

1. two applies of different periods at once: the second waits for the
   first (busy timeout), then applies its period, or is refused because
   the other period came later; never both in part;
2. readers during a write: while a large period is being applied, history
   and export return at once with the last committed periods, and a writer
   that will not wait long fails with a clear message.

    concurrency.py --ledger PMINDEX-LEDGER --gen PMINDEX-GEN-SHEET [--compounds N]
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from synthetic import period_sheet as sheet_for, synthetic_sheet  # noqa: E402


def periods(db):
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [r[0] for r in con.execute("SELECT name FROM periods ORDER BY seq")]
    finally:
        con.close()


def locked(db):
    """Whether some process holds the ledger's write lock now."""
    con = sqlite3.connect(db, timeout=0)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as e:
        if "locked" in str(e):
            return True
        raise
    finally:
        con.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ledger", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--compounds", type=int, default=200000)
    args = ap.parse_args()
    L = args.ledger
    base = synthetic_sheet(args.gen, args.compounds)
    failures = []

    def fail(msg):
        print("FAIL: " + msg)
        failures.append(msg)

    with tempfile.TemporaryDirectory(prefix="pmindex-concurrency-") as tmp:
        db = os.path.join(tmp, "ledger.db")
        subprocess.run([L, "--db", db, "--by", "concurrency", "init"], check=True)
        subprocess.run([L, "--db", db, "--period", "2018H2", "-o", os.devnull, "apply",
                        sheet_for(base, "2018H2", tmp)], check=True)

        # 1. Two applies at once (2019H2 first would skip 2019H1: allowed here).
        procs = {p: subprocess.Popen([L, "--db", db, "--period", p, "--busy-timeout", "120000",
                                      "--allow-gap",
                                      "-o", os.devnull, "apply", sheet_for(base, p, tmp)],
                                     stderr=subprocess.PIPE, text=True)
                 for p in ("2019H1", "2019H2")}
        results = {p: (proc.wait(), proc.stderr.read()) for p, proc in procs.items()}
        got = periods(db)
        if results["2019H1"][0] == 0 and results["2019H2"][0] == 0:
            if got != ["2018H2", "2019H1", "2019H2"]:
                fail("both applies succeeded but the ledger has %r" % got)
            print("two applies at once: 2019H1 then 2019H2 (the second waited)")
        elif results["2019H2"][0] == 0 and results["2019H1"][0] == 1:
            if "comes before 2019H2" not in results["2019H1"][1]:
                fail("2019H1 refused without saying why: %r" % results["2019H1"][1])
            if got != ["2018H2", "2019H2"]:
                fail("2019H1 refused but the ledger has %r" % got)
            print("two applies at once: 2019H2 first, then 2019H1 refused: %s"
                  % results["2019H1"][1].strip())
        else:
            fail("two applies at once: %r; ledger %r" % (results, got))

        # 2. Readers during a write, a writer that does not wait long.
        last = got[-1]
        proven = False
        for p in ("2020H1", "2020H2", "2021H1"):
            sheet = sheet_for(base, p, tmp)
            writer = subprocess.Popen([L, "--db", db, "--period", p, "-o", os.devnull, "apply",
                                       sheet], stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 30
            while not locked(db) and writer.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            t0 = time.monotonic()
            h = subprocess.run([L, "--db", db, "--format", "csv", "history", "SY-0000001"],
                               capture_output=True, text=True)
            e = subprocess.run([L, "--db", db, "--period", last, "export"],
                               capture_output=True, text=True)
            w = subprocess.run([L, "--db", db, "--period", "2030H1", "--busy-timeout", "100",
                                "-o", os.devnull, "apply", sheet], capture_output=True, text=True)
            readers = time.monotonic() - t0
            still = writer.poll() is None and locked(db)
            rc = writer.wait()
            if rc != 0:
                fail("the writer of %s failed: %s" % (p, writer.stderr.read()))
            if h.returncode != 0 or e.returncode != 0:
                fail("a reader failed during the write: %s %s" % (h.stderr, e.stderr))
            if h.stdout.count("\n") != 1 + len(got):
                fail("history during the write: %r" % h.stdout)
            if e.stdout.count("\n") != 1 + args.compounds:
                fail("export during the write: %d lines" % e.stdout.count("\n"))
            if not still:
                print("the write of %s ended before the readers were done (%.2f s); again" %
                      (p, readers))
                got = periods(db)
                last = got[-1]
                continue
            if w.returncode != 1 or "is locked by another writer (waited 100 ms)" not in w.stderr:
                fail("a second writer during the write: exit %d, %r" % (w.returncode, w.stderr))
            print("during the write of %s: history, an export of %s (%d rows) and a refused "
                  "writer took %.2f s, the writer still holding the lock: %s"
                  % (p, last, args.compounds, readers, w.stderr.strip().splitlines()[0]))
            got = periods(db)
            if got[-1] != p:
                fail("after the write the ledger has %r" % got)
            proven = True
            break
        if not proven:
            fail("could not read during a write: every write ended first")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
