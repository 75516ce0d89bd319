#!/usr/bin/env python3
"""Proves the library's flips (Assessment.margins()) against the reference.

    flips.py [--compounds N] [--models M] [--per-model K] [--seed S] [--no-sample]

For the sample district (unless --no-sample), N random compounds of the default model and K
random compounds of each of M random models (compare.py's generators,
written as INI and loaded by the library), every reported flip is applied
to the compound's cells and the changed compound is assessed by the
independent reference (reference.py): it must give the reported verdict,
and the observation one step short of it (one level, one finding,
0.000001) must keep the compound's own. Every level or count between keeps
it too (the 12 nearest each end of a long run of counts, the verdict being
monotone); an item without a flip in a direction keeps it at the end of its
range; items that do not apply are tried at their best and worst values,
confirmed vetoes lifted; fragility is recomputed from one step of every
item. Exits 1 on the first disagreement, printing the model and the cells.
"""
import argparse
import csv
import random
import sys
from decimal import Decimal
from fractions import Fraction as F

import pmindex
import reference as ref
from compare import model_ini, random_cells, random_model

STEP = F(1, 10 ** 6)
NEAR = 12  # levels or counts checked next to each end of a long run


def cell(value):
    """An exact value as a cell: plain with at most 6 decimals, else as a
    percentage (8 decimals, the most an observation has)."""
    v = F(value)
    if (v * 10 ** 6).denominator == 1:
        return format(Decimal(v.numerator) / Decimal(v.denominator), "f")
    assert (v * 10 ** 8).denominator == 1, value
    return format(Decimal((v * 100).numerator) / Decimal((v * 100).denominator), "f") + "%"


class Disagreement(Exception):
    pass


def verdict(model, cells):
    v = ref.assess(model, cells)
    return v.tier, v.card


def levels_of(item):
    if item.type == "passfail":
        return [F(1), F(0)]
    return [lv[0] for lv in (item.levels or ref.DEFAULT_LEVELS)]


def value_of(item, cells):
    return ref.parse_cell(item, cells.get(item.id, ""))


def vmax_of(item):
    return F(1) if max(item.zero, item.full) <= 1 else None


def values_between(item, before, bound, better):
    """The discrete values from before (excluded) towards bound (included),
    nearest first; bound None: to the end of the range."""
    if item.type in ("graded", "passfail"):
        levels = levels_of(item)
        j0 = levels.index(before)
        js = range(j0 - 1, -1, -1) if better else range(j0 + 1, len(levels))
        out = [levels[j] for j in js]
    else:
        last = -(-item.max // item.penalty)  # ceil: findings that lose every point
        out = list(range(int(before) - 1, -1, -1)) if better else \
            list(range(int(before) + 1, max(int(last), int(before) + 1) + 1))
        out = [F(x) for x in out]
    if bound is not None:
        out = out[:out.index(bound) + 1]
    return out


def one_step(item, before, better, tolerance):
    """The observation one step away in a direction, or None."""
    if item.type in ("graded", "passfail"):
        vals = values_between(item, before, None, better)
        return vals[0] if vals else None
    if item.type == "deduct":
        x = before - 1 if better else before + 1
        return x if x >= 0 else None
    up = better == (item.full > item.zero)
    x = before + tolerance if up else before - tolerance
    top = vmax_of(item)
    if top is not None and x > top:
        x = top
    return max(x, F(0))


def check_compound(lib_model, model, cells, what):
    a = lib_model.assess(cells)
    margins = a.margins()
    now = verdict(model, cells)
    if (a.tier, a.card) != now:
        raise Disagreement("%s: the library's verdict %s is not the reference's %s"
                           % (what, (a.tier, a.card), now))
    flips = {}
    for f in margins.flips:
        if (f.item, f.direction) in flips:
            raise Disagreement("%s: two flips of %s %s" % (what, f.item, f.direction))
        flips[(f.item, f.direction)] = f

    def with_value(item, value):
        changed = dict(cells)
        changed[item.id] = cell(value)
        return verdict(model, changed)

    fragile = False
    tolerance = {it.id: it.tolerance for it in lib_model.items}
    for item in model.items:
        before = value_of(item, cells)
        if before is None:
            for direction in ("best", "worst"):
                best = direction == "best"
                if item.type in ("graded", "passfail"):
                    v = levels_of(item)[0 if best else -1]
                elif item.type == "deduct":
                    v = F(0) if best else F(-(-item.max // item.penalty))
                else:
                    v = item.full if best else item.zero
                got = with_value(item, v)
                f = flips.get((item.id, direction))
                if (f is not None) != (got != now) or \
                        (f and ((f.tier, f.card) != got or F(f.after) != v)):
                    raise Disagreement("%s: %s %s gives %s; the library says %s"
                                       % (what, item.id, direction, got, f))
            continue
        for direction in ("better", "worse"):
            better = direction == "better"
            f = flips.get((item.id, direction))
            tol = tolerance[item.id]
            step = one_step(item, before, better, F(tol) if tol is not None else None)
            if step is not None and step != before and with_value(item, step) != now:
                fragile = True
            if f is not None:
                after = F(f.after)
                if F(f.before) != before:
                    raise Disagreement("%s: %s flip from %s, the cell is %s"
                                       % (what, item.id, f.before, before))
                got = with_value(item, after)
                if got != (f.tier, f.card) or got == now:
                    raise Disagreement("%s: %s %s to %s gives %s, the library says %s/%s"
                                       % (what, item.id, direction, f.after, got, f.tier, f.card))
            if item.type != "rate":
                vals = values_between(item, before, F(f.after) if f else None, better)
                if len(vals) > 2 * NEAR:  # the nearest to each end: the verdict is monotone
                    vals = vals[:NEAR] + vals[-NEAR:]
                for v in vals:
                    if f is not None and v == F(f.after):
                        break
                    if with_value(item, v) != now:
                        raise Disagreement("%s: %s at %s already flips (%s: %s)"
                                           % (what, item.id, v, direction, f))
                continue
            up = better == (item.full > item.zero)
            if f is not None:
                after = F(f.after)
                if (after / STEP).denominator != 1:
                    raise Disagreement("%s: %s flips at %s, more than 6 decimals"
                                       % (what, item.id, after))
                short = after - STEP if up else after + STEP
                if (short > before if up else short < before) and with_value(item, short) != now:
                    raise Disagreement("%s: %s one step short of %s (%s) flips too"
                                       % (what, item.id, after, short))
            else:
                top = vmax_of(item)
                end = (max(item.zero, item.full) if top is None else top) if up else F(0)
                far = item.full if better else item.zero
                for v in (end, far):
                    if v >= 0 and (top is None or v <= top) and v != before and \
                            with_value(item, v) != now:
                        raise Disagreement("%s: %s has no %s flip, but %s flips"
                                           % (what, item.id, direction, v))
    for v in model.vetoes:
        if cells.get(v, "").strip() != "1":
            continue
        changed = dict(cells)
        changed[v] = "0"
        got = verdict(model, changed)
        f = flips.get((v, "lifted"))
        if (f is not None) != (got != now) or (f and (f.tier, f.card) != got):
            raise Disagreement("%s: lifting %s gives %s; the library says %s" % (what, v, got, f))
    if fragile != margins.fragile:
        raise Disagreement("%s: fragile is %s; one step says %s" % (what, margins.fragile, fragile))
    return margins


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compounds", type=int, default=2000)
    ap.add_argument("--models", type=int, default=60)
    ap.add_argument("--per-model", type=int, default=40)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--no-sample", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    default = ref.default_model()
    lib_default = pmindex.Model.default()
    counts = {"compounds": 0, "flips": 0, "fragile": 0}

    def run(lib_model, model, cells, what):
        m = check_compound(lib_model, model, cells, what)
        counts["compounds"] += 1
        counts["flips"] += len(m.flips)
        counts["fragile"] += m.fragile

    try:
        with open("examples/data/luohu-sample.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f) if not args.no_sample else ():
                run(lib_default, default, row, "sample district, " + row["compound_id"])
        for n in range(args.compounds):
            run(lib_default, default, random_cells(rng, default, n), "default model, %d" % n)
        for n in range(args.models):
            model = random_model(rng, n)
            text = model_ini(model, n)
            lib_model = pmindex.Model.from_ini(text, "random-%d.ini" % n)
            for c in range(args.per_model):
                cells = random_cells(rng, model, c)
                try:
                    run(lib_model, model, cells, "random model %d, compound %d" % (n, c))
                except Disagreement:
                    print(text, file=sys.stderr)
                    print("cells:", cells, file=sys.stderr)
                    raise
    except Disagreement as e:
        print("DISAGREEMENT: %s" % e, file=sys.stderr)
        return 1
    print("%(compounds)d compounds, %(flips)d flips proved; %(fragile)d fragile" % counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
