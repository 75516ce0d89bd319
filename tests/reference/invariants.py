#!/usr/bin/env python3
"""Invariants of the library's verdicts on random compounds.

    invariants.py [--compounds N] [--models M] [--seed S]

On the default model and on M random models (compare.py's generators), for
each random compound, through the library (the Python binding):

- the index lies in [0, 100];
- with every item applicable (default model: 100 points), the index equals
  the total of the item points;
- improving one observation (a better grade, pass for fail, one finding
  fewer, a rate nearer its full goalpost) never lowers the index and never
  gives a worse tier;
- a confirmed veto means the last tier (fail) and, when the model gives a
  black card for a veto (the default model does), a black card;
- a fallback compound has no tier and no card.
"""
import argparse
import random
import sys
from decimal import Decimal
from fractions import Fraction as F

import pmindex
import compare
import reference as ref

failures = 0
counts = {"vetoed": 0, "fallback": 0, "all applicable": 0, "improvements": 0}


def fail(what, cells, detail):
    global failures
    failures += 1
    if failures <= 10:
        print("FAIL %s: %s\n  cells: %s" % (what, detail, cells), file=sys.stderr)


def improve(rng, item, text):
    """A better observation than text for item, or None when there is none."""
    v = ref.parse_cell(item, text)
    if v is None:
        return None
    if item.type == "graded":
        better = [lv for lv in (item.levels or ref.DEFAULT_LEVELS) if lv[0] > v]
        return compare.dec_text(rng.choice(better)[0], 8) if better else None
    if item.type == "passfail":
        return "1" if v == 0 else None
    if item.type == "deduct":
        return str(int(v) - 1) if v > 0 else None
    # rate: a step towards full, within what a sheet may hold
    step = F(rng.randint(1, 100000), 10 ** 6) * abs(item.full - item.zero)
    nv = v + step if item.full > item.zero else v - step
    if item.full > item.zero:
        nv = min(nv, max(item.full, v))
    else:
        nv = max(nv, min(item.full, v), F(0))
    nv = F(int(nv * 10 ** 6), 10 ** 6)   # at most 6 decimals
    if nv == v or (item.full > item.zero) != (nv > v):
        return None
    return compare.dec_text(nv, 6)


def check(rng, lib_model, model, cells, what):
    a = lib_model.assess(cells)
    n_tiers = len(model.tiers)
    if a.index is not None and not Decimal(0) <= a.index <= Decimal(100):
        fail(what, cells, "index %s outside [0, 100]" % a.index)
    if a.tier == "fallback":
        counts["fallback"] += 1
        if a.card != "none":
            fail(what, cells, "fallback with card %s" % a.card)
        if a.tier_index is not None:
            fail(what, cells, "fallback with a tier")
    vetoed = any(cells.get(v, "").strip() == "1" for v in model.vetoes)
    if vetoed and a.tier != "fallback":
        counts["vetoed"] += 1
        if a.tier_index != n_tiers - 1:
            fail(what, cells, "veto but tier %s" % a.tier)
        if model.black_on_veto and a.card != "black":
            fail(what, cells, "veto but card %s" % a.card)
    # All items applicable in a model of 100 points: the index is the total.
    if sum(k.points for k in model.indicators) == 100 and \
            all(ref.parse_cell(it, cells[it.id]) is not None for it in model.items):
        counts["all applicable"] += 1
        total = sum(s.points for s in a.items.values())
        if a.index != total:
            fail(what, cells, "every item applies but index %s != total %s" % (a.index, total))
    # One observation better: never a lower index nor a worse tier.
    applicable = [it for it in model.items if ref.parse_cell(it, cells[it.id]) is not None]
    rng.shuffle(applicable)
    for it in applicable[:3]:
        better = improve(rng, it, cells[it.id])
        if better is None:
            continue
        cells2 = dict(cells)
        cells2[it.id] = better
        b = lib_model.assess(cells2)
        counts["improvements"] += 1
        if (a.index is None) != (b.index is None) or (a.index is not None and b.index < a.index):
            fail(what, cells, "%s %r -> %r lowered the index %s -> %s"
                 % (it.id, cells[it.id], better, a.index, b.index))
        if (a.tier_index is None) != (b.tier_index is None) or \
                (a.tier_index is not None and b.tier_index > a.tier_index):
            fail(what, cells, "%s %r -> %r worsened the tier %s -> %s"
                 % (it.id, cells[it.id], better, a.tier, b.tier))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compounds", type=int, default=3000)
    ap.add_argument("--models", type=int, default=60)
    ap.add_argument("--per-model", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7011)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    default = ref.default_model()
    lib_default = pmindex.Model.default()
    for n in range(args.compounds):
        cells = compare.random_cells(rng, default, n)
        if n % 4 == 0:      # every item applicable, often
            for it in default.items:
                if ref.parse_cell(it, cells[it.id]) is None:
                    cells[it.id] = compare.best_cell(it)
        check(rng, lib_default, default, cells, "default model, compound %d" % n)
    total = args.compounds
    for m in range(args.models):
        model = compare.random_model(rng, m)
        lib_model = pmindex.Model.from_ini(compare.model_ini(model, m), "random-%d.ini" % m)
        for n in range(args.per_model):
            check(rng, lib_model, model, compare.random_cells(rng, model, n),
                  "random model %d, compound %d" % (m, n))
            total += 1
    print("%d compounds, %d invariant failures; checked: %s"
          % (total, failures, ", ".join("%s %d" % kv for kv in counts.items())))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
