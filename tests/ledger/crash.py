#!/usr/bin/env python3
"""Crash test of the ledger: a large period (200,000 compounds by default)
is applied by pmindex-ledger, and the process is killed with SIGKILL at a
random moment, many times. After each kill, the ledger must hold the whole
period or none of it, every period before it intact, and SQLite's
integrity_check must say ok. Kills land in every phase: reading, writing,
committing, checkpointing. A period that survived its kill (it committed
first) is checked, then the ledger goes back to its first period, so that
the file and the time each check takes stay small.

    crash.py --ledger PMINDEX-LEDGER --gen PMINDEX-GEN-SHEET [--compounds N]
             [--kills K] [--seed S] [--max-seconds T]

Stops after K kills or when T seconds are spent (whichever first, but at
least --min-kills kills). Prints what it did; exits 1 on any violation.
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
from synthetic import synthetic_sheet  # noqa: E402


def next_period(p):
    year, half = int(p[:4]), int(p[5])
    return "%dH%d" % (year + half // 2, half % 2 + 1)


def sheet_for(base, period, tmp):
    """The synthetic sheet (all rows of period 2018H2) as a sheet of period."""
    path = os.path.join(tmp, "sheet-%s.csv" % period)
    if not os.path.exists(path):
        with open(base, "rb") as src, open(path + ".tmp", "wb") as dst:
            for line in src:
                dst.write(line.replace(b",2018H2,", (",%s," % period).encode()))
        os.replace(path + ".tmp", path)
    return path


def check(db, applied, compounds):
    """The ledger holds exactly the periods of `applied`, each whole."""
    con = sqlite3.connect(db)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchall()
        if ok != [("ok",)]:
            return "integrity_check: %r" % (ok,)
        periods = con.execute("SELECT name, compounds FROM periods ORDER BY seq").fetchall()
        if [p for p, _ in periods] != applied:
            return "periods %r, expected %r" % ([p for p, _ in periods], applied)
        for name, n in periods:
            code = con.execute("SELECT code FROM periods WHERE name = ?", (name,)).fetchone()[0]
            rows = con.execute("SELECT count(*) FROM assessments WHERE period = ?",
                               (code,)).fetchone()[0]
            if n != compounds or rows != compounds:
                return "period %s: %d rows, %d recorded, expected %d" % (name, rows, n, compounds)
        if applied:
            n = con.execute("SELECT count(*) FROM compounds").fetchone()[0]
            if n != compounds:
                return "%d compounds with a state, expected %d" % (n, compounds)
            last = con.execute("SELECT count(*) FROM compounds WHERE last_period = "
                               "(SELECT max(code) FROM periods)").fetchone()[0]
            if last != compounds:
                return "%d states of the last period, expected %d" % (last, compounds)
        orphans = con.execute("SELECT count(*) FROM assessments WHERE period NOT IN "
                              "(SELECT code FROM periods)").fetchone()[0]
        if orphans:
            return "%d assessments of a period not applied" % orphans
    finally:
        con.close()
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ledger", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--compounds", type=int, default=200000)
    ap.add_argument("--kills", type=int, default=40)
    ap.add_argument("--min-kills", type=int, default=20)
    ap.add_argument("--max-seconds", type=float, default=45)
    ap.add_argument("--seed", type=int)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rnd = random.Random(seed)
    print("crash test: %d compounds, seed %d" % (args.compounds, seed))

    base = synthetic_sheet(args.gen, args.compounds)

    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pmindex-crash-") as tmp:
        db = os.path.join(tmp, "ledger.db")
        subprocess.run([args.ledger, "--db", db, "init"], check=True)
        applied, period = [], "2018H2"
        # One whole run first: how long an apply takes here.
        sheet = sheet_for(base, period, tmp)
        t0 = time.monotonic()
        subprocess.run([args.ledger, "--db", db, "--period", period, "-o", os.devnull, "apply",
                        sheet], check=True)
        full = time.monotonic() - t0
        applied.append(period)
        period = next_period(period)
        print("an uninterrupted apply takes %.2f s" % full)
        # The ledger of one period, to go back to once a period survived its
        # kill: the file stays small, so each check stays short.
        pristine = os.path.join(tmp, "pristine.db")
        if os.path.exists(db + "-wal"):
            print("the WAL is still there after a clean exit")
            return 1
        shutil.copyfile(db, pristine)
        kills = survived = lost = 0
        while kills < args.kills and (kills < args.min_kills or
                                      time.monotonic() - start < args.max_seconds):
            sheet = sheet_for(base, period, tmp)
            delay = rnd.uniform(0.0, full * 1.3)
            p = subprocess.Popen([args.ledger, "--db", db, "--period", period, "-o",
                                  os.devnull, "apply", sheet],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            _, err = p.communicate()
            kills += 1
            finished = p.returncode == 0
            if p.returncode not in (0, -signal.SIGKILL):
                print("kill %d: pmindex-ledger failed (%d): %s"
                      % (kills, p.returncode, err.decode(errors="replace")))
                return 1
            # Whole or nothing: find out which, then check everything.
            con = sqlite3.connect(db)
            has = con.execute("SELECT count(*) FROM periods WHERE name = ?",
                              (period,)).fetchone()[0]
            con.close()
            if finished and not has:
                print("kill %d: the apply finished but period %s is not in the ledger"
                      % (kills, period))
                return 1
            expect = applied + [period] if has else applied
            problem = check(db, expect, args.compounds)
            if problem:
                print("kill %d after %.3f s (period %s): %s" % (kills, delay, period, problem))
                return 1
            if has:
                survived += 1
                # Back to the ledger of one period (the period's sheet is kept).
                for f in (db + "-wal", db + "-shm"):
                    if os.path.exists(f):
                        os.remove(f)
                shutil.copyfile(pristine, db)
            else:
                lost += 1
        print("%d kills in %.1f s: %d periods whole (killed after their commit), %d periods "
              "absent; every time integrity_check ok and no period in part (%d compounds a "
              "period)" % (kills, time.monotonic() - start, survived, lost, args.compounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
