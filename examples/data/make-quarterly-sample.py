#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Write a FICTIONAL sample score sheet for the second shipped model.

Usage (from the repository root):

    python3 examples/data/make-quarterly-sample.py > examples/data/quarterly-sample.csv

The sheet follows models/quarterly-demo.ini (5 indicators, 20 items S1..G3, vetoes X1..X4)
and the score-sheet format: 40 compounds of a made-up city, period 2024Q2, values written
the way assessors write them (counts of findings, 92%, 0.95, 优/良/中/差, excellent,
符合, 是/否, NA, empty).

Everything is made up. Deterministic: a fixed seed, per-compound generators seeded from
strings; running it twice gives byte-identical output. The scores are the library's to
compute (tests/golden/quarterly-sample.*); the first ten rows are steered to show every
verdict: five stars with a red card, four stars, indicator S at exactly 60% (no black
card), F below its 40% floor, a veto and two legal vetoes, a downgrade, an unmanaged
compound whose coverage is below 3/4 (fallback) and one that is still ranked.
"""

import csv
import io
import random
import sys

SEED = "pmindex-quarterly-demo-2024Q2-v1"
PERIOD = "2024Q2"

ITEMS = [
    ("S1", "deduct", 3), ("S2", "deduct", 4), ("S3", "rate", (0.85, 1.0)),
    ("S4", "deduct", 4), ("S5", "passfail", None),
    ("E1", "deduct", 16), ("E2", "deduct", 7), ("E3", "grade4", None), ("E4", "deduct", 2),
    ("F1", "faults", None), ("F2", "passfail", None), ("F3", "deduct", 8),
    ("F4", "rate", (0.6, 1.0)),
    ("K1", "rate", (0.7, 1.0)), ("K2", "deduct", 4), ("K3", "rate", (0.5, 0.9)),
    ("K4", "grade4", None),
    ("G1", "graded", None), ("G2", "deduct", 2), ("G3", "passfail", None),
]
VETOES = ["X1", "X2", "X3", "X4"]

STREETS = ["滨河街道", "青松街道", "望湖街道", "石桥街道"]
NAMES = ["锦绣", "翠苑", "金桥", "明珠", "阳光", "和平", "枫林", "海景", "紫荆", "康乐"]
KINDS = ["花园", "小区", "大厦", "新村", "雅苑"]
COMPANIES = ["示例市安居物业服务有限公司", "示例市恒信物业管理有限公司",
             "示例市和美物业服务有限公司", "示例市同心物业管理有限公司"]


def value(rng, kind, param, q):
    """A cell for an item, good with probability growing with q (0..1)."""
    good = rng.random() < q
    if kind == "deduct":
        if good:
            return "0"
        return str(rng.randint(1, param))
    if kind == "rate":
        zero, full = param
        lo = zero - 0.05 if not good else zero + (full - zero) * 0.6
        v = lo + rng.random() * (full - lo)
        v = min(max(v, 0.0), 1.0)
        return rng.choice(["%.2f" % v, "%.1f%%" % (v * 100)])
    if kind == "faults":
        return "0" if good else "%.1f" % (rng.randint(1, 20) / 10)
    if kind == "passfail":
        return rng.choice(["1", "是", "yes"]) if good else rng.choice(["0", "否"])
    if kind == "grade4":
        return rng.choice(["1", "优", "excellent", "0.8", "良"]) if good else \
            rng.choice(["0.5", "中", "fair", "0", "差"])
    if kind == "graded":
        return rng.choice(["1", "符合"]) if good else rng.choice(["0.5", "基本符合", "0", "不符合"])
    raise ValueError(kind)


def row(i):
    rng = random.Random("%s/%d" % (SEED, i))
    street = STREETS[i % len(STREETS)]
    cells = {
        "compound_id": "DC-%03d" % i,
        "name": rng.choice(NAMES) + rng.choice(KINDS) + ("" if i % 3 else "二期"),
        "street": street,
        "station": street.replace("街道", "派出所"),
        "company": COMPANIES[rng.randrange(len(COMPANIES))],
        "households": str(rng.randint(120, 2400)),
        "managed": "1",
        "period": PERIOD,
    }
    q = 0.55 + 0.45 * rng.random()
    for item, kind, param in ITEMS:
        cells[item] = value(rng, kind, param, q)
    for v in VETOES:
        cells[v] = ""
    return cells


def steer(rows):
    """Rows that show each verdict (ids in the docstring's order)."""
    best = {"S1": "0", "S2": "0", "S3": "100%", "S4": "0", "S5": "是", "E1": "0", "E2": "0",
            "E3": "优", "E4": "0", "F1": "0", "F2": "1", "F3": "0", "F4": "1", "K1": "99%",
            "K2": "0", "K3": "0.92", "K4": "excellent", "G1": "符合", "G2": "0", "G3": "1"}
    rows[0].update(best)                                   # five stars, red card
    rows[1].update(best, E1="2", K3="88%")                 # still five stars
    rows[2].update(best, S3="97%", E3="良", F1="0.2", K1="93%", G1="基本符合")  # four stars
    rows[3].update(best, S1="2", S2="2", S5="否")  # S exactly 60%: no black card
    rows[4].update(best, F1="1.5", F3="6", F4="0.62", F2="0")  # F below 40%
    rows[5].update(best, X3="1")                           # a veto: one star, black card
    rows[6].update(best, X1="1", X2="1")                   # two legal vetoes
    rows[7].update(best, E1="12", E2="4", E3="差", E4="5")   # E below half: downgrade
    # Unmanaged: no company, many items not applicable -> coverage below 3/4.
    rows[8].update(company="", managed="0", S1="NA", S2="NA", S3="", S4="NA", E3="NA",
                   F1="NA", F2="NA", F3="", F4="NA", K1="", K2="NA", K3="NA", X4="")
    # Unmanaged but enough items applicable to be ranked.
    rows[9].update(company="", managed="0", F1="NA", F2="NA", K2="NA")


def main():
    rows = [row(i) for i in range(1, 41)]
    steer(rows)
    out = io.StringIO()
    columns = ["compound_id", "name", "street", "station", "company", "households", "managed",
               "period"] + [i for i, _, _ in ITEMS] + VETOES
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main()
