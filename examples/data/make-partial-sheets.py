#!/usr/bin/env python3
"""Splits the sample district's sheet (luohu-sample.csv) into the three
partial sheets its bodies would send: the police stations (public security,
B1..B9, vetoes V1 and V5), the street offices (Party-building A1..A6,
co-governance D1..D6, the period) and the district (property services
C1..C10, company, households, managed, vetoes V2..V4). Each carries
compound_id and name; rows are in a different order in each sheet, as
three offices would send them. Merged, they must rank exactly as the whole
sheet does (tests/meson.build: rank-merged-*).

    examples/data/make-partial-sheets.py   # writes examples/data/luohu-partial-*.csv
"""

import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PARTS = {
    "police": ["compound_id", "name", "station"] + ["B%d" % i for i in range(1, 10)]
              + ["V1", "V5"],
    "street": ["compound_id", "name", "street", "period"] + ["A%d" % i for i in range(1, 7)]
              + ["D%d" % i for i in range(1, 7)],
    "district": ["compound_id", "name", "company", "households", "managed"]
                + ["C%d" % i for i in range(1, 11)] + ["V2", "V3", "V4"],
}


def main():
    with open(os.path.join(HERE, "luohu-sample.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for n, (part, columns) in enumerate(PARTS.items()):
        ordered = rows[n::3] + [r for k, r in enumerate(rows) if k % 3 != n]
        if part == "street":
            ordered = list(reversed(ordered))
        path = os.path.join(HERE, "luohu-partial-%s.csv" % part)
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(columns)
            for r in ordered:
                w.writerow([r[c] for c in columns])


if __name__ == "__main__":
    main()
