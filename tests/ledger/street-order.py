#!/usr/bin/env python3
"""The decision table of pmindex-ledger groups a period's decisions by street
in the program (rows read in compound_id order, streets in byte order),
while its CSV records come ordered by SQLite (PMINDEX_LEDGER_BY_STREET,
ORDER BY street, compound_id). The two orders must be the same: this
applies a sheet whose rows are shuffled, whose streets interleave, and
where some streets are empty, ASCII, mixed case or share a prefix, then
checks that each table (apply and period, both languages) lists the same
compounds under the same streets in the same order as the records. The
apply's output is also the same on 1, 2 and 8 threads (the fragile marks
are found on a thread of their own when there are two or more), and it
marks some cards fragile, so that the marks are compared too.

    street-order.py --ledger PMINDEX-LEDGER --gen PMINDEX-GEN-SHEET

Exits 1 on any difference.
"""
import argparse
import csv
import io
import os
import random
import subprocess
import sys
import tempfile

PERIOD = "2018H2"
NO_STREET = {"zh": "（无街道）", "en": "(no street)"}
# Streets that sort around the generator's (all of them 街道 in Chinese):
# empty first, ASCII before CJK, upper case before lower, a prefix before
# the longer name.
ODD_STREETS = ["", "Zone 9", "zone 9", "Zone", "东门", "东门街道东", "A"]


def sheet(gen, compounds, seed):
    """A generated sheet, its rows shuffled and a third given odd streets."""
    text = subprocess.run([gen, str(compounds), str(seed)], check=True,
                          stdout=subprocess.PIPE).stdout.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    street = header.index("street")
    rng = random.Random(seed)
    for row in body:
        if rng.random() < 0.35:
            row[street] = rng.choice(ODD_STREETS)
    rng.shuffle(body)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header] + body)
    return out.getvalue()


def table_groups(text):
    """[(street heading, [compound ids])] of a decision table: blocks after
    the title, each a heading and its lines (the totals have none)."""
    groups = []
    for block in text.split("\n\n")[1:]:
        lines = block.split("\n")
        ids = [line.split()[0] for line in lines[1:] if line.startswith("  ")]
        if ids:
            groups.append((lines[0], ids))
    return groups


def record_groups(text, lang):
    """The same from the CSV records, in their order."""
    groups = []
    for row in csv.DictReader(io.StringIO(text)):
        heading = row["street"] or NO_STREET[lang]
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(row["compound_id"])
    return groups


def brief(group):
    """A group in a message: its heading, size and first ids."""
    if group is None:
        return "(none)"
    return "%r with %d (%s ...)" % (group[0], len(group[1]), ", ".join(group[1][:3]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ledger", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--compounds", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, PERIOD + ".csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(sheet(args.gen, args.compounds, args.seed))
        db = os.path.join(tmp, "ledger.db")

        def run(*argv):
            return subprocess.run([args.ledger, "--db", db] + list(argv), check=True,
                                  stdout=subprocess.PIPE).stdout.decode("utf-8")

        run("init")
        tables = {"apply zh": run("--period", PERIOD, "apply", path)}
        if "*" not in tables["apply zh"]:
            failures += 1
            print("apply: no card is marked fragile: the sheet tests no mark")
        for threads in (1, 2, 8):
            other = os.path.join(tmp, "ledger-%d.db" % threads)
            got = subprocess.run([args.ledger, "--db", other, "init"], check=True)
            got = subprocess.run([args.ledger, "--db", other, "--threads", str(threads),
                                  "--period", PERIOD, "apply", path], check=True,
                                 stdout=subprocess.PIPE).stdout.decode("utf-8")
            if got != tables["apply zh"]:
                failures += 1
                print("apply on %d thread%s: the table differs from the default's"
                      % (threads, "s"[:threads > 1]))
            else:
                print("apply on %d thread%s: the same table" % (threads, "s"[:threads > 1]))
        for lang in ("zh", "en"):
            tables["period " + lang] = run("--lang", lang, "period", PERIOD)
        records = run("--format", "csv", "period", PERIOD)
        for name, text in tables.items():
            lang = name.split()[1]
            got, want = table_groups(text), record_groups(records, lang)
            if got != want:
                failures += 1
                print("%s: the table's streets and compounds differ from the records':"
                      % name)
                for k, (g, w) in enumerate(zip(got + [None] * len(want), want + [None] * len(got))):
                    if g != w:
                        print("  group %d: table %s, records %s" % (k, brief(g), brief(w)))
                        break
            else:
                print("%s: %d streets, %d decisions, in the records' order"
                      % (name, len(got), sum(len(ids) for _, ids in got)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
