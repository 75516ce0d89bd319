#!/usr/bin/env python3
"""Compares the library with the reference (reference.py) on random compounds.

    compare.py [--compounds N] [--models M] [--per-model K] [--seed S]

N random compounds of the default model, then M random models (written as
INI text, loaded through pmindex.Model.from_ini) with K random compounds each.
Every compound is given to both as the cells of a sheet row; the index, each
item's and each indicator's points, the tier and the card must be identical.
Exits 1 on the first difference, printing the model, the cells and both
verdicts. The random models cover 1 to 6 indicators and 1 to 8 items each,
every item type, goalposts in both directions (inside and outside [0, 1]),
levels of their own, 1 to 5 tiers, share floors, cards that may be none, and
vetoes; cells are NA or empty about one time in six.
"""
import argparse
import random
import sys
import time
from decimal import Decimal
from fractions import Fraction as F

import pmindex
import reference as ref


# ---- random numbers as text ---------------------------------------------------------

def dec_text(x, places):
    """A Fraction with at most `places` decimals, in plain decimal text."""
    q = x * 10 ** places
    assert q.denominator == 1, (x, places)
    s = str(Decimal(q.numerator).scaleb(-places))
    if "E" in s or "e" in s:
        s = format(Decimal(q.numerator).scaleb(-places), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def rand_centi(rng, lo, hi):
    return F(rng.randint(lo, hi), 100)


# ---- random models -----------------------------------------------------------------

def random_model(rng, n):
    nind = rng.randint(1, 6)
    indicators, items = [], []
    for k in range(nind):
        kid = "K%d" % k
        total = F(0)
        for j in range(rng.randint(1, 8)):
            mx = rand_centi(rng, 1, 1200) if rng.random() < 0.7 else F(rng.randint(1, 10))
            t = rng.choice(["graded", "passfail", "deduct", "rate"])
            penalty = zero = full = levels = None
            if t == "deduct":
                penalty = min(mx, rng.choice([F(1), F(1, 2), rand_centi(rng, 1, int(mx * 100))]))
            elif t == "rate":
                if rng.random() < 0.6:      # both goalposts in [0, 1]
                    a, b = sorted(rng.sample(range(0, 100001), 2))
                    lo, hi = F(a, 100000), F(b, 100000)
                else:                       # counts and the like
                    a, b = sorted(rng.sample(range(0, 2001), 2))
                    lo, hi = F(a, 100), F(b, 100)
                zero, full = (lo, hi) if rng.random() < 0.6 else (hi, lo)
            elif t == "graded" and rng.random() < 0.5:
                count = rng.randint(2, 5)
                values = sorted(set(F(rng.randint(0, 1000), 1000) for _ in range(count)),
                                reverse=True)
                if len(values) < 2:
                    values = [F(1), F(0)]
                levels = [(v, "级%d" % i, "level %d" % i) for i, v in enumerate(values)]
            items.append(ref.Item("I%d_%d" % (k, j), kid, mx, t, penalty, zero, full, levels))
            total += mx
        indicators.append(ref.Indicator(kid, total))
    ntiers = rng.randint(1, 5)
    thresholds = sorted(set(rand_centi(rng, 1, 9999) for _ in range(ntiers - 1)), reverse=True)
    thresholds.append(F(0))
    tiers = [ref.Tier("t%d" % i, th) for i, th in enumerate(thresholds)]
    nv = rng.randint(0, 3)
    vetoes = ["X%d" % v for v in range(nv)]

    def share():
        return rng.choice([F(rng.randint(0, 100), 100), F(rng.randint(1, 5), rng.randint(5, 9)),
                           F(2, 3), F(0), F(1)])

    # The red-card tier must be better than the black-card tier.
    black = rng.choice([None] + list(range(len(tiers))))
    black_shares = []
    for ind in rng.sample(indicators, rng.randint(0, min(2, len(indicators)))):
        black_shares.append((ind.id, share() or F(1, 100)))  # a floor is above 0
    return ref.Model(
        indicators=indicators, items=items, vetoes=vetoes, tiers=tiers,
        downgrade_share=share(), coverage_floor=share(),
        black_tier=black, black_on_veto=rng.random() < 0.7, black_shares=black_shares,
        red_tier=rng.choice([None] + list(range(black if black is not None else len(tiers)))))


def share_text(s):
    return "%d/%d" % (s.numerator, s.denominator)


def model_ini(m, n):
    out = ["[model]", "name_zh = 随机模型 %d" % n, "name_en = Random model %d" % n, ""]
    for k in m.indicators:
        out += ["[indicator %s]" % k.id, "name_zh = 指标", "name_en = indicator",
                "points = " + dec_text(k.points, 2), ""]
    for it in m.items:
        out += ["[item %s]" % it.id, "indicator = " + it.indicator, "name_zh = 项目",
                "name_en = item", "type = " + it.type, "max = " + dec_text(it.max, 2)]
        if it.type == "deduct":
            out.append("penalty = " + dec_text(it.penalty, 2))
        if it.type == "rate":
            out += ["zero = " + dec_text(it.zero, 8), "full = " + dec_text(it.full, 8)]
        for i, (v, zh, en) in enumerate(it.levels or []):
            out += ["level%d = %s" % (i + 1, dec_text(v, 8)), "level%d_zh = %s" % (i + 1, zh),
                    "level%d_en = %s" % (i + 1, en)]
        out.append("")
    for v in m.vetoes:
        out += ["[veto %s]" % v, "description_zh = 否决", "description_en = veto",
                "legal = no", ""]
    for t in m.tiers:
        out += ["[tier %s]" % t.key, "label_zh = 级", "label_en = tier",
                "threshold = " + dec_text(t.threshold, 2), ""]
    out += ["[rules]", "downgrade_share = " + share_text(m.downgrade_share),
            "coverage_floor = " + share_text(m.coverage_floor), "",
            "[cards]",
            "black_tier = " + ("none" if m.black_tier is None else m.tiers[m.black_tier].key),
            "black_on_veto = " + ("yes" if m.black_on_veto else "no"),
            "black_share = " + (", ".join("%s %s" % (i, share_text(s)) for i, s in m.black_shares)
                                or "none"),
            "red_tier = " + ("none" if m.red_tier is None else m.tiers[m.red_tier].key), ""]
    return "\n".join(out)


# ---- random cells --------------------------------------------------------------------

def random_number_text(rng, value_places, pct_ok=True):
    """A value with at most 6 decimals, written plainly or as a percentage."""
    v = value_places
    if pct_ok and rng.random() < 0.4 and (v * 10 ** 4).denominator == 1:
        return dec_text(v * 100, 4) + "%"
    s = dec_text(v, 6)
    r = rng.random()
    if r < 0.1 and "." not in s:
        s += ".0"
    elif r < 0.15:
        s = " " + s + " "
    return s


def best_cell(item):
    if item.type == "graded":
        return (item.levels or ref.DEFAULT_LEVELS)[0][1]
    if item.type == "passfail":
        return "1"
    if item.type == "deduct":
        return "0"
    return dec_text(item.full, 8) if (item.full * 10 ** 6).denominator == 1 else "NA"


def random_cell(rng, item, quality):
    if rng.random() < quality:
        return best_cell(item)
    r = rng.random()
    if r < 0.08:
        return ""
    if r < 0.16:
        return rng.choice(["NA", "na", " NA "])
    if item.type == "graded":
        levels = item.levels or ref.DEFAULT_LEVELS
        v, zh, en = rng.choice(levels)
        c = rng.random()
        if c < 0.3:
            return zh
        if c < 0.5:
            return rng.choice([en, en.upper()])
        return random_number_text(rng, v, pct_ok=False)
    if item.type == "passfail":
        return rng.choice(list(ref.PASSFAIL) + ["YES", "Pass"])
    if item.type == "deduct":
        top = int(item.max / item.penalty) + 2
        return str(rng.randint(0, top if rng.random() < 0.5 else min(top, 3)))
    lo, hi = min(item.zero, item.full), max(item.zero, item.full)
    if hi <= 1:
        cap = F(1)
    else:
        cap = hi * F(6, 5)
    c = rng.random()
    if c < 0.15:
        v = rng.choice([item.zero, item.full, F(0), cap])
        if (v * 10 ** 6).denominator != 1:
            v = F(round(v * 10 ** 6), 10 ** 6)
    elif c < 0.6:
        v = F(rng.randint(int(lo * 10000), int(min(hi, cap) * 10000)), 10000)
    else:
        v = F(rng.randint(0, int(cap * 10 ** 6)), 10 ** 6)
    return random_number_text(rng, v)


def random_cells(rng, model, n):
    cells = {"compound_id": "R-%d" % n}
    quality = rng.random() ** 0.5    # how many cells are at their best
    for it in model.items:
        cells[it.id] = random_cell(rng, it, quality)
    for v in model.vetoes:
        cells[v] = "1" if rng.random() < 0.02 else rng.choice(["0", ""])
    if rng.random() < 0.02:           # mostly not applicable: fallback
        for it in model.items:
            if rng.random() < 0.8:
                cells[it.id] = ""
    return cells


# ---- comparison ----------------------------------------------------------------------

def dec(x):
    return None if x is None else Decimal(x.numerator) / Decimal(x.denominator)


def compare(lib_model, model, cells, what):
    want = ref.assess(model, cells)
    a = lib_model.assess(cells)
    got_items = {i.id: a.items[i.id].points for i in model.items}
    got_ind = {k.id: (a.indicators[k.id].points if a.indicators[k.id] else None)
               for k in model.indicators}
    got = (a.index, got_items, got_ind, a.tier, a.card)
    exp = (dec(want.index), {k: dec(v) for k, v in want.item_points.items()},
           {k: dec(v) for k, v in want.indicator_points.items()}, want.tier, want.card)
    if got != exp:
        print("DIFFERENCE on %s" % what, file=sys.stderr)
        print("cells:", cells, file=sys.stderr)
        print("library:  ", got, file=sys.stderr)
        print("reference:", exp, file=sys.stderr)
        return None
    return want


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compounds", type=int, default=5000)
    ap.add_argument("--models", type=int, default=100)
    ap.add_argument("--per-model", type=int, default=50)
    ap.add_argument("--seed", type=int, default=20181130)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    t0 = time.process_time()

    default = ref.default_model()
    lib_default = pmindex.Model.default()
    seen = {}
    for n in range(args.compounds):
        cells = random_cells(rng, default, n)
        v = compare(lib_default, default, cells, "default model, compound %d" % n)
        if not v:
            return 1
        seen[(v.tier, v.card)] = seen.get((v.tier, v.card), 0) + 1
    print("default model: %d compounds identical" % args.compounds)
    print("verdicts (tier/card): %s" % ", ".join("%s/%s %d" % (k + (n,))
                                                 for k, n in sorted(seen.items())))

    total = 0
    verdicts = {}
    for n in range(args.models):
        model = random_model(rng, n)
        text = model_ini(model, n)
        try:
            lib_model = pmindex.Model.from_ini(text, "random-%d.ini" % n)
        except pmindex.PmindexError as e:
            print("random model %d does not load: %s\n%s" % (n, e, text), file=sys.stderr)
            return 1
        for c in range(args.per_model):
            cells = random_cells(rng, model, c)
            v = compare(lib_model, model, cells, "random model %d, compound %d" % (n, c))
            if not v:
                print(text, file=sys.stderr)
                return 1
            verdicts[(v.tier == "fallback", v.card)] = verdicts.get((v.tier == "fallback", v.card), 0) + 1
            total += 1
    print("random models: %d models, %d compounds identical" % (args.models, total))
    print("verdicts of random models (fallback, card): %s"
          % ", ".join("%s/%s %d" % (k[0], k[1], v) for k, v in sorted(verdicts.items())))
    print("CPU time %.1f s" % (time.process_time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
