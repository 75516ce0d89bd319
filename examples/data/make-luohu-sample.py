#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Write a realistic, FICTIONAL sample score sheet for pmindex.

Usage (from the repository root):

    python3 examples/data/make-luohu-sample.py > examples/data/luohu-sample.csv

The sheet follows the default model (spec/default-model.md) and the score-sheet format
(spec/score-sheet.md): 200 residential compounds of Luohu district, Shenzhen, period
2018H2, one column per item A1..D6 and per veto V1..V5, values written the way assessors
write them (1 / 0.5 / 0, 符合 / 基本符合 / 不符合, 是 / 否, 92%, 0.95, NA, empty ...).

Everything here is made up: compound names are plausible but not a survey, and the property
companies are invented names, not real firms. Scores are random, steered so that every
verdict of the model and a set of boundary cases appear (see the summary on stderr).

The generator carries a small exact scorer (fractions.Fraction, rules 1-8 of the
Computation section of default-model.md). It is used only to steer generation and to print
the summary; the library is the reference. Standard library only, deterministic: a fixed
seed, per-compound generators seeded from strings, no dependence on hash order or time.
Running it twice gives byte-identical output.

Boundary cases built in (ids are printed on stderr): indexes of exactly 90.00 (one of them a
sheet where a naive binary-double computation gets 89.99, hence Good), 90.00 with an item not
applicable, 89.99, 80.00 and 70.00; downgrades from each tier; an indicator share of exactly
60% (no downgrade) and a B share of exactly 50% (no black card); B below 50% with index >= 80;
single and double vetoes (V4 on an index above 90); unmanaged compounds, with coverage 0.66
(fallback) and 0.67 (scored), and with indicator A not applicable at all.
"""

import csv
import io
import math
import random
import re
import sys
from fractions import Fraction as Fr

SEED = "pmindex-luohu-2018H2-v1"
PERIOD = "2018H2"

# --------------------------------------------------------------------------------------
# The default model (default-model.md)
# --------------------------------------------------------------------------------------

INDICATORS = [("A", 15), ("B", 30), ("C", 35), ("D", 20)]
W = dict(INDICATORS)
IND_IDS = [k for k, _ in INDICATORS]

# id, max, type, parameter (deduct: penalty; rate: (zero, full))
ITEMS = [
    ("A1", 3, "passfail", None),
    ("A2", 3, "graded", None),
    ("A3", 2, "graded", None),
    ("A4", 2, "graded", None),
    ("A5", 3, "graded", None),
    ("A6", 2, "deduct", 1),
    ("B1", 4, "graded", None),
    ("B2", 4, "rate", (Fr("0.80"), Fr("1.00"))),
    ("B3", 3, "graded", None),
    ("B4", 4, "rate", (Fr("0.60"), Fr("1.00"))),
    ("B5", 3, "graded", None),
    ("B6", 4, "deduct", 1),
    ("B7", 2, "deduct", 1),
    ("B8", 3, "deduct", 1),
    ("B9", 3, "passfail", None),
    ("C1", 5, "deduct", 1),
    ("C2", 3, "deduct", 1),
    ("C3", 4, "graded", None),
    ("C4", 5, "rate", (Fr(4), Fr(0))),
    ("C5", 4, "rate", (Fr("0.70"), Fr("1.00"))),
    ("C6", 4, "rate", (Fr("0.70"), Fr("1.00"))),
    ("C7", 3, "passfail", None),
    ("C8", 3, "graded", None),
    ("C9", 2, "graded", None),
    ("C10", 2, "graded", None),
    ("D1", 6, "rate", (Fr("0.60"), Fr("0.95"))),
    ("D2", 3, "graded", None),
    ("D3", 3, "rate", (Fr("0.60"), Fr("1.00"))),
    ("D4", 2, "graded", None),
    ("D5", 3, "deduct", 1),
    ("D6", 3, "graded", None),
]
ITEM = {i[0]: i for i in ITEMS}
ITEM_IDS = [i[0] for i in ITEMS]
VETO_IDS = ["V1", "V2", "V3", "V4", "V5"]

for _k, _w in INDICATORS:
    assert sum(mx for iid, mx, _, _ in ITEMS if iid[0] == _k) == _w, _k
assert sum(W.values()) == 100

TIERS = ["Excellent", "Good", "Pass", "Fail"]
TIER_ZH = {"Excellent": "优秀", "Good": "良好", "Pass": "合格", "Fail": "不合格"}

HEADER = (["compound_id", "name", "street", "station", "company", "households", "managed",
           "period"] + ITEM_IDS + VETO_IDS)

# --------------------------------------------------------------------------------------
# Reading cells exactly (score-sheet.md)
# --------------------------------------------------------------------------------------

NUM_RE = re.compile(r"^([+-]?)(\d+)(?:\.(\d{1,6}))?(%?)$")
GRADED_LABELS = {"符合": Fr(1), "基本符合": Fr(1, 2), "不符合": Fr(0)}
PASSFAIL_LABELS = {"是": 1, "否": 0, "yes": 1, "no": 0, "pass": 1, "fail": 0}


def parse_number(s):
    m = NUM_RE.match(s)
    if not m:
        raise ValueError("not a number: %r" % s)
    sign, whole, frac, pct = m.groups()
    frac = frac or ""
    v = Fr(int(whole + frac), 10 ** len(frac))
    if sign == "-":
        v = -v
    if pct:
        v /= 100
    return v


def parse_cell(iid, text):
    """Sheet text -> exact value (Fraction / int), or None for not applicable."""
    s = text.strip()
    if s == "" or s.upper() == "NA":
        return None
    _, mx, typ, par = ITEM[iid]
    if typ == "graded":
        if s in GRADED_LABELS:
            return GRADED_LABELS[s]
        v = parse_number(s)
        if v not in (0, Fr(1, 2), 1) or s.endswith("%"):
            raise ValueError("%s: bad graded value %r" % (iid, s))
        return v
    if typ == "passfail":
        if s.lower() in PASSFAIL_LABELS:
            return PASSFAIL_LABELS[s.lower()]
        v = parse_number(s)
        if v not in (0, 1) or s.endswith("%"):
            raise ValueError("%s: bad passfail value %r" % (iid, s))
        return int(v)
    if typ == "deduct":
        v = parse_number(s)
        if v.denominator != 1 or v < 0 or s.endswith("%"):
            raise ValueError("%s: bad finding count %r" % (iid, s))
        return int(v)
    v = parse_number(s)  # rate
    zero, full = par
    if v < 0 or (0 <= zero <= 1 and 0 <= full <= 1 and v > 1):
        raise ValueError("%s: rate out of range %r" % (iid, s))
    return v


# --------------------------------------------------------------------------------------
# The exact scorer (default-model.md, Computation, rules 1-8)
# --------------------------------------------------------------------------------------


def round_half_away(x):
    """Fraction -> nearest integer, halves away from zero."""
    n, d = x.numerator, x.denominator
    q, r = divmod(abs(n), d)
    if 2 * r >= d:
        q += 1
    return q if n >= 0 else -q


def item_centi(iid, v):
    """Rule 1: item points in whole hundredths (centipoints)."""
    _, mx, typ, par = ITEM[iid]
    if typ in ("graded", "passfail"):
        return round_half_away(Fr(v) * mx * 100)
    if typ == "deduct":
        return max(0, mx - v * par) * 100
    zero, full = par
    pts = mx * (v - zero) / (full - zero)
    pts = min(max(pts, Fr(0)), Fr(mx))
    return round_half_away(pts * 100)


def score(vals, vetoes=()):
    """vals: item id -> exact value or None. Returns a dict with everything the summary uses."""
    e = {k: 0 for k in IND_IDS}      # centipoints earned
    a = {k: 0 for k in IND_IDS}      # max points of applicable items
    lost = []
    for iid in ITEM_IDS:
        v = vals[iid]
        if v is None:
            continue
        c = item_centi(iid, v)
        k = iid[0]
        e[k] += c
        a[k] += ITEM[iid][1]
        lost.append((ITEM[iid][1] * 100 - c, iid))
    p = {}
    for k in IND_IDS:                # rule 2
        if a[k] > 0:
            p[k] = round_half_away(Fr(W[k] * e[k], a[k]))
    sum_w = sum(W[k] for k in p)
    sum_a = sum(a.values())
    index_c = round_half_away(Fr(100 * sum(p.values()), sum_w)) if sum_w else 0   # rule 3
    # rule 4: coverage = sum a_k / sum W_k.  The two readings (all indicators, or only the
    # ones with points) differ only when an indicator has no applicable item; the generator
    # makes sure every compound gets the same answer under both.
    fallback = 3 * sum_a < 2 * sum(W.values())
    fallback_alt = 3 * sum_a < 2 * sum_w if sum_w else True
    if index_c >= 9000:              # rule 5
        base = "Excellent"
    elif index_c >= 8000:
        base = "Good"
    elif index_c >= 7000:
        base = "Pass"
    else:
        base = "Fail"
    down = [k for k in IND_IDS if a[k] > 0 and 100 * e[k] < 60 * a[k] * 100]   # rule 6
    tier = base
    if down:
        tier = TIERS[min(TIERS.index(base) + 1, 3)]
    vet = [v for v in VETO_IDS if v in vetoes]
    if vet:                          # rule 7
        tier = "Fail"
    b_black = a["B"] > 0 and 100 * e["B"] < 50 * a["B"] * 100
    black_why = []                   # rule 8
    if tier == "Fail":
        black_why.append("tier")
    if vet:
        black_why.append("veto")
    if b_black:
        black_why.append("B<50%")
    if fallback:
        card = ""
        tier_out = "fallback"
    else:
        tier_out = tier
        card = "black" if black_why else ("red" if tier == "Excellent" else "")
    lost.sort(key=lambda t: (-t[0], ITEM_IDS.index(t[1])))
    return dict(e=e, a=a, p=p, index_c=index_c, sum_a=sum_a, sum_w=sum_w,
                fallback=fallback, fallback_alt=fallback_alt, base=base, down=down,
                tier=tier_out, vetoes=vet, b_black=b_black, black_why=black_why,
                card=card, lost=lost)


def share_exact(r, k, percent):
    """Indicator k earns exactly percent % of its applicable points."""
    return r["a"][k] > 0 and 100 * r["e"][k] == percent * r["a"][k] * 100


# --------------------------------------------------------------------------------------
# A naive binary-floating-point scorer: only to flag sheets where doubles would go wrong
# (points as doubles, rounded with floor(x*100+0.5)/100, tiers compared as doubles).
# --------------------------------------------------------------------------------------


def naive_score(cells):
    e = {k: 0.0 for k in IND_IDS}
    a = {k: 0 for k in IND_IDS}
    for iid in ITEM_IDS:
        s = cells[iid].strip()
        if s == "" or s.upper() == "NA":
            continue
        _, mx, typ, par = ITEM[iid]
        if typ == "graded":
            v = float(GRADED_LABELS[s]) if s in GRADED_LABELS else float(s)
            pts = v * mx
        elif typ == "passfail":
            v = PASSFAIL_LABELS[s.lower()] if s.lower() in PASSFAIL_LABELS else float(s)
            pts = v * mx
        elif typ == "deduct":
            pts = max(0.0, mx - float(s) * par)
        else:
            v = float(s[:-1]) / 100 if s.endswith("%") else float(s)
            zero, full = float(par[0]), float(par[1])
            pts = min(max(mx * (v - zero) / (full - zero), 0.0), float(mx))
        pts = math.floor(pts * 100 + 0.5) / 100
        e[iid[0]] += pts
        a[iid[0]] += mx
    total = 0.0
    sum_w = 0
    for k in IND_IDS:
        if a[k]:
            total += math.floor(W[k] * e[k] / a[k] * 100 + 0.5) / 100
            sum_w += W[k]
    idx = math.floor(100 * total / sum_w * 100 + 0.5) / 100
    base = ("Excellent" if idx >= 90 else "Good" if idx >= 80 else
            "Pass" if idx >= 70 else "Fail")
    return idx, base


# --------------------------------------------------------------------------------------
# Writing cells the way assessors write them
# --------------------------------------------------------------------------------------


def dec_str(x, min_places=0):
    """Exact decimal text of a Fraction with a finite expansion (at most 6 places)."""
    x = Fr(x)
    for d in range(0, 7):
        y = x * 10 ** d
        if y.denominator == 1 and d >= min_places:
            n = int(y)
            sgn = "-" if n < 0 else ""
            digits = str(abs(n)).rjust(d + 1, "0")
            if d == 0:
                return sgn + digits
            return sgn + digits[:-d] + "." + digits[-d:]
    raise ValueError("no short decimal for %s" % x)


def make_style(rng):
    """How one assessor fills in one row, drawn once per compound."""
    graded_main = "label" if rng.random() < 0.4 else "num"
    pf_main = rng.choices(["10", "是否", "yesno", "passfail"], [64, 30, 4, 2])[0]
    rate_main = "dec" if rng.random() < 0.2 else "pct"
    na_main = "NA" if rng.random() < 0.4 else ""
    st = {"veto": "0" if rng.random() < 0.45 else "", "cell": {}}
    for iid, _, typ, _ in ITEMS:
        r = rng.random()
        if typ == "graded":
            g = graded_main
            if r < 0.1:
                g = "num" if g == "label" else "label"
            elif r < 0.14 and g == "num":
                g = "num1.0"        # the odd 1.0
            kind = g
        elif typ == "passfail":
            kind = "10" if (r < 0.1 and pf_main != "10") else pf_main
        elif typ == "rate":
            kind = rate_main
            if r < 0.1:
                kind = "pct" if kind == "dec" else "dec"
        else:
            kind = "int"
        na = na_main if rng.random() < 0.9 else ("" if na_main == "NA" else "NA")
        st["cell"][iid] = (kind, na)
    return st


def fmt_cell(iid, v, style):
    kind, na = style["cell"][iid]
    if v is None:
        return na
    typ = ITEM[iid][2]
    if typ == "graded":
        if kind == "label":
            return {Fr(1): "符合", Fr(1, 2): "基本符合", Fr(0): "不符合"}[Fr(v)]
        if kind == "num1.0" and v == 1:
            return "1.0"
        return dec_str(v)
    if typ == "passfail":
        return {"10": ("0", "1"), "是否": ("否", "是"), "yesno": ("no", "yes"),
                "passfail": ("fail", "pass")}[kind][int(v)]
    if typ == "deduct":
        return str(v)
    if iid == "C4":                  # faults per 10 lifts: a plain number
        return dec_str(v)
    if kind == "pct":
        return dec_str(v * 100) + "%"
    return dec_str(v, 2)


def fmt_row(vals, style):
    return {iid: fmt_cell(iid, vals[iid], style) for iid in ITEM_IDS}


# --------------------------------------------------------------------------------------
# Drawing observations
# --------------------------------------------------------------------------------------


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def draw_q(rng, lo, hi, over=None, jitter=0.04):
    q = rng.uniform(lo, hi)
    qs = {k: clamp(q + rng.gauss(0, jitter), 0.02, 1.0) for k in IND_IDS}
    for k, (l2, h2) in (over or {}).items():
        qs[k] = rng.uniform(l2, h2)
    return qs


def draw_values(rng, qs, na, fixed):
    vals = {}
    for iid, mx, typ, par in ITEMS:
        if iid in fixed:
            vals[iid] = fixed[iid]
            continue
        if iid in na:
            vals[iid] = None
            continue
        s = clamp(qs[iid[0]] + rng.gauss(0, 0.05), 0.0, 1.0)
        if typ == "graded":
            x = rng.random()
            vals[iid] = Fr(1) if x < s else Fr(1, 2) if x < s + (1 - s) * 0.7 else Fr(0)
        elif typ == "passfail":
            vals[iid] = 1 if rng.random() < s + (1 - s) * 0.25 else 0
        elif typ == "deduct":
            p = (1 - s) * 0.45
            vals[iid] = sum(1 for _ in range(5) if rng.random() < p)
        else:
            zero, full = par
            t = s + rng.gauss(0, 0.07)
            if iid == "C4":
                v = 4.0 * (1.0 - t)
                vals[iid] = Fr(int(round(clamp(v, 0.0, 6.0) * 10)), 10)
            else:
                v = float(zero) + t * float(full - zero)
                v = clamp(v, max(0.0, float(zero) - 0.12), 1.0)
                grid = rng.choices([100, 200, 1000], [60, 25, 15])[0]
                vals[iid] = Fr(int(round(v * grid)), grid)
    return vals


# Items that are often not applicable in a compound with no property company, and how often.
UNMANAGED_NA = {
    "A1": 0.15, "A2": 0.95, "A3": 0.7, "A4": 0.6, "A5": 0.45, "A6": 0.6,
    "B1": 0.3, "B2": 0.25, "B3": 0.4, "B4": 0.05, "B5": 0.1, "B6": 0.0, "B7": 0.3,
    "B8": 0.1, "B9": 0.4,
    "C1": 0.1, "C2": 0.35, "C3": 0.35, "C5": 0.7, "C6": 0.4, "C7": 0.9, "C8": 0.8,
    "C9": 0.8, "C10": 0.6,
    "D1": 0.05, "D2": 0.8, "D3": 0.1, "D4": 0.3, "D5": 0.3, "D6": 0.7,
}


# With no property company these never apply.
UNMANAGED_ALWAYS_NA = ["A2", "C7"]


def draw_unmanaged_na(rng, base_na, scale, force=(), keep=()):
    """Not-applicable items of an unmanaged compound; scale makes them rarer or commoner,
    except the items that are about the company itself (probability 0.8 and up)."""
    na = set(base_na) | set(force) | set(UNMANAGED_ALWAYS_NA)
    for iid in ITEM_IDS:
        if iid in UNMANAGED_NA and iid not in keep:
            p = UNMANAGED_NA[iid]
            if rng.random() < (p if p >= 0.8 else min(1.0, p * scale)):
                na.add(iid)
    return na


# --------------------------------------------------------------------------------------
# Roles: what each compound must turn out to be
# --------------------------------------------------------------------------------------

REGULAR_Q = {"Excellent": (0.90, 1.0), "Good": (0.78, 0.95), "Pass": (0.62, 0.86),
             "Fail": (0.50, 0.74)}

# Special managed compounds: role -> description (and expected tier in the comment)
SPECIAL_MANAGED = [
    "X9000",      # index exactly 90.00, every item applies -> Excellent, red card
    "X9000NA",    # index exactly 90.00 with C4 not applicable (indicator scaling) -> Excellent
    "X8999",      # index exactly 89.99 -> Good
    "X8000",      # index exactly 80.00 -> Good
    "X7000",      # index exactly 70.00 -> Pass
    "DG_E",       # index >= 90, A share < 60% -> downgraded to Good
    "DG_G",       # index 80-90, D share < 60% -> downgraded to Pass
    "DG_P",       # index 70-80, C share < 60% -> downgraded to Fail, black card
    "SH60",       # A share exactly 60%: no downgrade -> Good
    "B50",        # B share exactly 50%: downgrade (Good -> Pass) but no black card
    "BLK_B1",     # B share < 50%, index >= 80 -> Pass after downgrade, black card for B
    "BLK_B2",     # same with B7 not applicable (share over applicable points)
    "BLK_B3",     # B share < 50%, index 70-80 -> Fail, black card (tier and B)
    "POOR1",      # index < 60, weak everywhere -> Fail, black
    "POOR2",
    "V1", "V2", "V3", "V4", "V5",   # one veto each -> Fail, black
    "V1V5",       # two vetoes
]
SPECIAL_UNMANAGED = [
    "FB_ANA",     # fallback, party-building entirely not applicable
    "FB1", "FB2", "FB3",           # fallback: coverage < 2/3
    "COV66",      # coverage exactly 0.66 -> fallback
    "COV67",      # coverage exactly 0.67 -> scored (Pass)
    "ANA",        # indicator A entirely not applicable, coverage >= 2/3 -> scored (Good)
    "UM_Good", "UM_Pass", "UM_Pass", "UM_Pass", "UM_Pass", "UM_Fail", "UM_Fail", "UM_Fail",
]
REGULAR_COUNTS = {"Excellent": 38, "Good": 64, "Pass": 46, "Fail": 16}

EXACT_TARGETS = {"X9000": 9000, "X9000NA": 9000, "X8999": 8999, "X8000": 8000, "X7000": 7000}
VETO_ROLES = {"V1": ["V1"], "V2": ["V2"], "V3": ["V3"], "V4": ["V4"], "V5": ["V5"],
              "V1V5": ["V1", "V5"]}

# Roles that need every item to apply (the compound gets a type with lifts and greenery).
ALL_APPLY = {"X9000", "X8999", "X8000", "X7000", "DG_E", "DG_G", "DG_P", "SH60", "B50",
             "BLK_B1", "BLK_B3", "V1", "V2", "V3", "V4", "V5", "V1V5"}


def in_range(r, lo, hi):
    return lo <= r["index_c"] < hi


def plain(r, tier):
    """Scored, the given tier, no downgrade, no veto."""
    return (not r["fallback"] and not r["fallback_alt"] and r["tier"] == tier
            and not r["down"] and not r["vetoes"])


def attempt(role, rng, base_na):
    """One random draw for a role: (vals, vetoes, predicate, exact target or None)."""
    fixed = {}
    vetoes = []
    na = set(base_na)
    target = None
    if role.startswith("REG_"):
        tier = role[4:]
        qs = draw_q(rng, *REGULAR_Q[tier])
        pred = lambda r, t=tier: plain(r, t)
    elif role.startswith("UM_"):
        tier = role[3:]
        qs = draw_q(rng, *REGULAR_Q[tier])
        na = draw_unmanaged_na(rng, base_na, 0.6)
        pred = lambda r, t=tier: plain(r, t) and r["sum_a"] >= 70
    elif role in EXACT_TARGETS:
        target = EXACT_TARGETS[role]
        lo = {9000: (0.90, 0.98), 8999: (0.90, 0.98), 8000: (0.80, 0.9),
              7000: (0.68, 0.8)}[target]
        qs = draw_q(rng, *lo)
        pred = lambda r, t=target: (not r["fallback"] and not r["down"]
                                    and abs(r["index_c"] - t) <= 150)
    elif role == "DG_E":
        qs = draw_q(rng, 0.97, 1.0, {"A": (0.25, 0.5)}, jitter=0.02)
        pred = lambda r: r["index_c"] >= 9000 and r["down"] == ["A"] and r["tier"] == "Good"
    elif role == "DG_G":
        qs = draw_q(rng, 0.9, 0.99, {"D": (0.2, 0.45)})
        pred = lambda r: in_range(r, 8000, 9000) and r["down"] == ["D"] and r["tier"] == "Pass"
    elif role == "DG_P":
        qs = draw_q(rng, 0.82, 0.95, {"C": (0.35, 0.55)})
        pred = lambda r: in_range(r, 7000, 8000) and r["down"] == ["C"] and r["tier"] == "Fail"
    elif role == "SH60":
        qs = draw_q(rng, 0.85, 0.97)
        # A: 3 + 1.5 + 1 + 1 + 1.5 + 1 = 9 of 15 = 60% exactly
        fixed = {"A1": 1, "A2": Fr(1, 2), "A3": Fr(1, 2), "A4": Fr(1, 2), "A5": Fr(1, 2),
                 "A6": 1}
        pred = lambda r: (share_exact(r, "A", 60) and not r["down"] and r["tier"] == "Good")
    elif role == "B50":
        qs = draw_q(rng, 0.96, 1.0, jitter=0.02)
        # B: 2 + 2 + 1.5 + 2 + 1.5 + 2 + 2 + 2 + 0 = 15 of 30 = 50% exactly
        fixed = {"B1": Fr(1, 2), "B2": Fr("0.90"), "B3": Fr(1, 2), "B4": Fr("0.80"),
                 "B5": Fr(1, 2), "B6": 2, "B7": 0, "B8": 1, "B9": 0}
        pred = lambda r: (share_exact(r, "B", 50) and r["index_c"] >= 8000
                          and r["down"] == ["B"] and r["tier"] == "Pass"
                          and r["card"] == "")
    elif role in ("BLK_B1", "BLK_B2"):
        qs = draw_q(rng, 0.97, 1.0, {"B": (0.15, 0.4)}, jitter=0.02)
        if role == "BLK_B2":
            na.add("B7")
        pred = lambda r: (r["b_black"] and r["index_c"] >= 8000 and r["down"] == ["B"]
                          and r["tier"] == "Pass" and r["card"] == "black")
    elif role == "BLK_B3":
        qs = draw_q(rng, 0.85, 0.95, {"B": (0.15, 0.4)})
        pred = lambda r: (r["b_black"] and in_range(r, 7000, 8000) and r["down"] == ["B"]
                          and r["tier"] == "Fail")
    elif role.startswith("POOR"):
        qs = draw_q(rng, 0.2, 0.5, jitter=0.08)
        pred = lambda r: r["index_c"] < 6000 and not r["fallback"] and r["tier"] == "Fail"
    elif role in VETO_ROLES:
        vetoes = VETO_ROLES[role]
        spec = {
            # veto: (q range, fixed weak item(s), index range)
            "V1": ((0.75, 0.9), {"B6": 4}, (7000, 8500)),
            "V2": ((0.8, 0.95), {"D5": 3}, (8000, 9000)),
            "V3": ((0.75, 0.9), {"A6": 2}, (7000, 8500)),
            "V4": ((0.96, 1.0), {"C8": Fr(0)}, (9000, 10001)),
            "V5": ((0.7, 0.85), {"B8": 3}, (6500, 8000)),
            "V1V5": ((0.6, 0.8), {"B6": 4, "B8": 2}, (6000, 7500)),
        }[role]
        qs = draw_q(rng, *spec[0], jitter=0.02 if role == "V4" else 0.04)
        fixed = dict(spec[1])
        lo, hi = spec[2]
        single = len(vetoes) == 1
        pred = lambda r, lo=lo, hi=hi, single=single: (
            in_range(r, lo, hi) and r["tier"] == "Fail" and not r["fallback"]
            and (not single or not r["down"]))
    elif role in ("FB1", "FB2", "FB3", "FB_ANA"):
        qs = draw_q(rng, 0.45, 0.8, jitter=0.08)
        force = ["A1", "A2", "A3", "A4", "A5", "A6"] if role == "FB_ANA" else []
        na = draw_unmanaged_na(rng, base_na, 1.5, force=force)
        pred = lambda r: r["fallback"] and r["fallback_alt"]
    elif role in ("COV66", "COV67"):
        want = 66 if role == "COV66" else 67
        qs = draw_q(rng, *(REGULAR_Q["Pass"] if want == 67 else (0.5, 0.8)))
        na = draw_unmanaged_na(rng, base_na, 1.1, keep=["A1"])
        if want == 67:
            pred = lambda r: r["sum_a"] == 67 and plain(r, "Pass")
        else:
            pred = lambda r: r["sum_a"] == 66 and r["fallback"] and r["fallback_alt"]
    elif role == "ANA":
        qs = draw_q(rng, *REGULAR_Q["Good"])
        na = draw_unmanaged_na(rng, base_na, 0.35, force=["A1", "A2", "A3", "A4", "A5", "A6"])
        pred = lambda r: r["sum_a"] >= 70 and plain(r, "Good")
    else:
        raise AssertionError(role)
    vals = draw_values(rng, qs, na, fixed)
    return vals, vetoes, pred, target


RATE_PREFERENCE = ["D1", "B4", "C5", "C6", "D3", "B2"]


def naive_differs(vals, style, r):
    cells = fmt_row(vals, style)
    idx, base = naive_score(cells)
    return "%.2f" % idx != "%.2f" % (r["index_c"] / 100) or base != r["base"]


def naive_item_centi(iid, text):
    """Item points as the naive double computation gets them, in hundredths."""
    _, mx, _, par = ITEM[iid]
    s = text.strip()
    v = float(s[:-1]) / 100 if s.endswith("%") else float(s)
    zero, full = float(par[0]), float(par[1])
    pts = min(max(mx * (v - zero) / (full - zero), 0.0), float(mx))
    return math.floor(pts * 100 + 0.5)


def plant_trap(vals, vetoes, target, style, rng):
    """Give one rate item a value whose exact points end in a half hundredth (rounded up,
    half away from zero) while the naive double computation rounds it down, then move
    another rate item so that the exact index is target.  Returns new vals or None."""
    items = [i for i in ("B4", "B2", "D3", "C5", "C6") if vals[i] is not None]
    rng.shuffle(items)
    for iid in items:
        _, mx, _, (zero, full) = ITEM[iid]
        cur = vals[iid]
        cands = []
        for res in (10000, 100000):
            lo = math.floor(max(zero, cur - Fr(3, 100)) * res)
            hi = math.ceil(min(Fr(1), cur + Fr(3, 100)) * res)
            for kk in range(lo, hi + 1):
                v = Fr(kk, res)
                if not zero < v < full:
                    continue
                exact = mx * (v - zero) / (full - zero) * 100
                if exact.denominator != 2:
                    continue
                text = fmt_cell(iid, v, style)
                if naive_item_centi(iid, text) < round_half_away(exact):
                    cands.append((abs(v - cur), v))
            if cands:
                break
        cands.sort()
        for _, v in cands[:10]:
            trial = dict(vals)
            trial[iid] = v
            got = hit_target(trial, vetoes, target, style, False, exclude=(iid,))
            if got is None:
                continue
            trial[got[0]] = got[1]
            r = score(trial, vetoes)
            nidx, nbase = naive_score(fmt_row(trial, style))
            if r["index_c"] == target and nbase != r["base"]:
                return trial
    return None


def hit_target(vals, vetoes, target, style, want_trap, exclude=()):
    """Move one rate item so that the index is exactly target (no downgrade, no fallback).

    Searches values on a 1%, 0.1%, 0.01%, 0.001% grid near the value that solves for the
    needed points; prefers the coarsest grid, then the smallest change.  With want_trap it
    prefers a value for which the naive double computation gets another index or tier."""
    r0 = score(vals, vetoes)
    fallback_pick = None
    for res in (100, 1000, 10000, 100000):
        found = []
        for iid in RATE_PREFERENCE:
            cur = vals[iid]
            if cur is None or iid in exclude:
                continue
            _, mx, _, (zero, full) = ITEM[iid]
            k = iid[0]
            need = (item_centi(iid, cur)
                    + Fr(target - r0["index_c"]) * r0["sum_w"] * r0["a"][k] / (100 * W[k]))
            if need < 0 or need > mx * 100:
                continue
            ends = [zero + (need + d) / (100 * mx) * (full - zero) for d in (-4, 4)]
            klo = math.floor(min(ends) * res)
            khi = math.ceil(max(ends) * res)
            for kk in range(klo, min(khi, klo + 800) + 1):
                v = Fr(kk, res)
                if v < 0 or v > 1:
                    continue
                trial = dict(vals)
                trial[iid] = v
                r = score(trial, vetoes)
                if r["index_c"] == target and not r["down"] and not r["fallback"]:
                    trap = naive_differs(trial, style, r)
                    found.append((abs(v - cur), RATE_PREFERENCE.index(iid), v, iid, trap))
        if not found:
            continue
        found.sort(key=lambda t: (t[0], t[1]))
        if want_trap:
            traps = [f for f in found if f[4]]
            if traps:
                return traps[0][3], traps[0][2]
            if fallback_pick is None:
                fallback_pick = found[0]
            continue
        return found[0][3], found[0][2]
    if fallback_pick:
        return fallback_pick[3], fallback_pick[2]
    return None


def realise(role, rng, base_na, style, max_tries=400000):
    for n in range(1, max_tries + 1):
        vals, vetoes, pred, target = attempt(role, rng, base_na)
        r = score(vals, vetoes)
        if not pred(r):
            continue
        if role == "X9000" and n < 20000:
            # exact 90.00 where binary floating point would say 89.99 (Good)
            trapped = plant_trap(vals, vetoes, target, style, rng)
            if trapped is None:
                continue
            r = score(trapped, vetoes)
            assert r["index_c"] == target and not r["down"]
            return trapped, vetoes, r, n
        if target is not None:
            got = hit_target(vals, vetoes, target, style, want_trap=False)
            if got is None:
                continue
            iid, v = got
            vals = dict(vals)
            vals[iid] = v
            r = score(vals, vetoes)
            assert r["index_c"] == target and not r["down"]
        return vals, vetoes, r, n
    raise RuntimeError("could not realise role %s" % role)


# --------------------------------------------------------------------------------------
# Places, names, companies
# --------------------------------------------------------------------------------------

# street, 2-letter code, police station, number of compounds.  笋岗 and 清水河 share 清水河派出所.
STREETS = [
    ("东门街道", "DM", "东门派出所", 22),
    ("南湖街道", "NH", "南湖派出所", 20),
    ("桂园街道", "GY", "桂园派出所", 19),
    ("黄贝街道", "HB", "黄贝派出所", 24),
    ("东湖街道", "DH", "东湖派出所", 23),
    ("笋岗街道", "SG", "清水河派出所", 17),
    ("清水河街道", "QS", "清水河派出所", 16),
    ("翠竹街道", "CZ", "翠竹派出所", 21),
    ("莲塘街道", "LT", "莲塘派出所", 22),
    ("东晓街道", "DX", "东晓派出所", 16),
]
assert sum(s[3] for s in STREETS) == 200

PREFIXES = {
    "DM": ["湖贝", "新园", "立新", "城东", "晒布", "向西", "东乐", "翠华", "东门", "新港",
           "湖东", "太平"],
    "NH": ["国贸", "嘉宾", "建设", "春风", "和平", "人民", "渔邨", "南湖", "罗湖", "友谊",
           "华都", "金城"],
    "GY": ["桂园", "红桂", "松园", "宝安", "老围", "大塘", "鹿丹", "金塘", "桂木", "蔡屋",
           "红宝", "松泉"],
    "HB": ["黄贝", "新秀", "文锦", "凤凰", "碧波", "滨河", "湖景", "华丽", "罗芳", "黄贝岭",
           "怡景", "锦绣"],
    "DH": ["东湖", "水库", "大望", "梧桐", "翠湖", "银湖", "东华", "湖畔", "罗沙", "清湖",
           "金碧", "愉天"],
    "SG": ["笋岗", "田心", "宝岗", "洪湖", "八卦", "笋西", "宝平", "洪涛", "梅园", "红岭"],
    "QS": ["清水河", "草埔", "玉龙", "红岗", "泥岗", "吓屋", "坑背", "西坑", "龙园", "清平",
           "三角", "银龙"],
    "CZ": ["翠竹", "水贝", "木头龙", "田贝", "翠北", "贝丽", "翠景", "大村", "翠岭", "百仕",
           "东昌", "翠达"],
    "LT": ["莲塘", "仙湖", "畔山", "鹏兴", "长岭", "西岭", "国威", "坳下", "莲馨", "梧桐山",
           "聚宝", "莲南"],
    "DX": ["东晓", "独树", "兰花", "翠鹏", "马山", "草埔", "布心", "太白", "金稻", "太宁",
           "东瑞", "兰亭"],
}

# type suffix: (weight, households range, has lifts)
LIFT_TYPES = {
    "花园": (6, (300, 1800)), "大厦": (5, (80, 600)), "苑": (2, (150, 1200)),
    "雅苑": (1, (150, 1000)), "名苑": (1, (150, 1000)), "公寓": (2, (80, 450)),
    "城": (1, (900, 3000)), "家园": (2, (300, 1600)), "山庄": (1, (600, 2500)),
    "华庭": (1, (200, 1200)), "阁": (1, (80, 400)), "小区": (2, (200, 1500)),
}
NOLIFT_TYPES = {
    "新村": (5, (150, 1200)), "小区": (3, (150, 1000)), "统建楼": (1, (80, 500)),
    "住宅区": (1, (100, 800)),
}
UNMANAGED_NOLIFT_TYPES = {
    "新村": (3, (120, 900)), "小区": (2, (100, 700)), "统建楼": (2, (80, 400)),
    "宿舍区": (2, (80, 400)), "住宅区": (1, (100, 600)),
}
UNMANAGED_LIFT_TYPES = {"大厦": (3, (80, 300)), "公寓": (1, (80, 200)), "小区": (1, (150, 600))}

# Names that must appear (street code, name, type, needs lifts, must be managed).
# Two of them carry a comma or a double quote so that RFC 4180 quoting is exercised.
RESERVED_NAMES = [
    ("CZ", "翠竹花园", "花园", True, False),
    ("DH", "东湖新村", "新村", False, False),
    ("DH", "金湖花园(一期,二期)", "花园", True, True),
    ("HB", '碧波花园"二期"', "花园", True, True),
]

# Invented property companies (fictional; any likeness to a real firm is accidental),
# each with a quality grade 0 (best) .. 3 (worst).
COMPANIES = [
    ("深圳市景湖居安物业管理有限公司", 0),
    ("深圳市恒鹏信达物业管理有限公司", 0),
    ("深圳市东源润泽物业管理有限公司", 1),
    ("深圳市华庭嘉悦物业服务有限公司", 1),
    ("深圳市梧岭安泰物业管理有限公司", 1),
    ("深圳市金湾宜居物业管理有限公司", 2),
    ("深圳市粤嘉和顺物业管理有限公司", 2),
    ("深圳市莲城康泰物业服务有限公司", 2),
    ("深圳市鹏润居泰物业管理有限公司", 3),
    ("深圳市银岭融景物业管理有限公司", 3),
]


def weighted(rng, table):
    keys = list(table)
    return rng.choices(keys, [table[k][0] for k in keys])[0]


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def main():
    master = random.Random(SEED)

    # 1. slots, street by street
    slots = []
    for street, code, station, n in STREETS:
        for i in range(1, n + 1):
            slots.append({"street": street, "code": code, "station": station,
                          "cid": "LH-%s-%03d" % (code, i)})

    # 2. which compounds have no property company (15, at most 3 per street)
    while True:
        um = sorted(master.sample(range(len(slots)), len(SPECIAL_UNMANAGED)))
        per = {}
        for i in um:
            per[slots[i]["code"]] = per.get(slots[i]["code"], 0) + 1
        if max(per.values()) <= 3:
            break
    um_set = set(um)

    # 3. roles
    managed_roles = list(SPECIAL_MANAGED)
    for tier in TIERS:
        managed_roles += ["REG_" + tier] * REGULAR_COUNTS[tier]
    unmanaged_roles = list(SPECIAL_UNMANAGED)
    assert len(managed_roles) + len(unmanaged_roles) == len(slots)
    master.shuffle(managed_roles)
    master.shuffle(unmanaged_roles)
    for i, s in enumerate(slots):
        s["managed"] = i not in um_set
        s["role"] = (managed_roles if s["managed"] else unmanaged_roles).pop()

    # 4. type of compound (decides lifts, greenery, households), then observations
    for s in slots:
        rng = random.Random("%s/%s" % (SEED, s["cid"]))
        s["rng"] = rng
        role = s["role"]
        if s["managed"]:
            if role == "X9000NA":
                lifts = False
            elif role in ALL_APPLY:
                lifts = True
            else:
                lifts = rng.random() >= 0.18
            table = LIFT_TYPES if lifts else NOLIFT_TYPES
        else:
            lifts = rng.random() >= 0.65
            table = UNMANAGED_LIFT_TYPES if lifts else UNMANAGED_NOLIFT_TYPES
        s["lifts"] = lifts
        s["type"] = weighted(rng, table)
        s["style"] = make_style(rng)

    # reserved names take the first fitting compound of their street
    for code, name, typ, lifts, must_manage in RESERVED_NAMES:
        for s in slots:
            if (s["code"] == code and s["lifts"] == lifts and "name" not in s
                    and (s["managed"] or not must_manage)):
                s["name"] = name
                s["type"] = typ
                break
        else:
            raise RuntimeError("no place for " + name)

    for s in slots:
        rng = s["rng"]
        base_na = set()
        if not s["lifts"]:
            base_na.add("C4")
        if s["managed"] and s["role"] not in ALL_APPLY and s["role"] not in EXACT_TARGETS:
            if s["type"] in ("大厦", "公寓", "阁") and rng.random() < 0.4:
                base_na.add("C2")          # a tower with no greenery
            if rng.random() < (0.2 if s["type"] in ("大厦", "公寓", "阁") else 0.06):
                base_na.add("B7")          # no e-bikes kept on site
        vals, vetoes, r, tries = realise(s["role"], rng, base_na, s["style"])
        s["vals"], s["vetoes"], s["r"], s["tries"] = vals, vetoes, r, tries

    # 5. names and households
    used = {s["name"] for s in slots if "name" in s}
    for s in slots:
        rng = s["rng"]
        tables = [LIFT_TYPES, NOLIFT_TYPES, UNMANAGED_NOLIFT_TYPES, UNMANAGED_LIFT_TYPES]
        if "name" not in s:
            for _ in range(1000):
                name = rng.choice(PREFIXES[s["code"]]) + s["type"]
                if name not in used and not name.startswith("金湖花园"):
                    break
                s["type"] = weighted(rng, LIFT_TYPES if s["lifts"] else (
                    NOLIFT_TYPES if s["managed"] else UNMANAGED_NOLIFT_TYPES))
            else:
                raise RuntimeError("names exhausted in " + s["street"])
            used.add(name)
            s["name"] = name
        lo, hi = next(t[s["type"]][1] for t in tables if s["type"] in t)
        s["households"] = rng.randint(lo, hi)

    # 6. companies, biased by quality and by home streets
    crng = random.Random(SEED + "/companies")
    homes = {}
    codes = [st[1] for st in STREETS]
    for cname, _ in COMPANIES:
        homes[cname] = set(crng.sample(codes, crng.randint(3, 5)))
    closeness = {0: 3.0, 1: 1.5, 2: 0.5, 3: 0.2}
    for s in slots:
        if not s["managed"]:
            s["company"] = ""
            continue
        t = s["r"]["tier"]
        rank = TIERS.index(t) if t in TIERS else 3
        ws = []
        for cname, grade in COMPANIES:
            w = closeness[abs(grade - rank)]
            w *= 3.0 if s["code"] in homes[cname] else 0.3
            ws.append(w)
        s["company"] = crng.choices([c for c, _ in COMPANIES], ws)[0]
    for cname, _ in COMPANIES:
        mine = [s for s in slots if s["company"] == cname]
        assert len(mine) >= 5 and len({s["code"] for s in mine}) >= 3, cname

    # 7. write the sheet, and check it reads back to the same scores
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(HEADER)
    for s in slots:
        cells = fmt_row(s["vals"], s["style"])
        back = {iid: parse_cell(iid, cells[iid]) for iid in ITEM_IDS}
        r2 = score(back, s["vetoes"])
        assert r2["index_c"] == s["r"]["index_c"] and r2["tier"] == s["r"]["tier"], s["cid"]
        s["cells"] = cells
        vet = ["1" if v in s["vetoes"] else s["style"]["veto"] for v in VETO_IDS]
        w.writerow([s["cid"], s["name"], s["street"], s["station"], s["company"],
                    str(s["households"]), "1" if s["managed"] else "0", PERIOD]
                   + [cells[iid] for iid in ITEM_IDS] + vet)
    sys.stdout.buffer.write(buf.getvalue().encode("utf-8"))
    sys.stdout.flush()

    summary(slots)


def summary(slots):
    out = []
    say = out.append
    n = len(slots)
    tiers = {}
    for s in slots:
        tiers[s["r"]["tier"]] = tiers.get(s["r"]["tier"], 0) + 1
    say("luohu-sample: %d compounds, period %s, seed %r" % (n, PERIOD, SEED))
    say("managed %d, unmanaged %d" % (sum(s["managed"] for s in slots),
                                      sum(not s["managed"] for s in slots)))
    say("streets: " + ", ".join("%s %d" % (st[0], sum(s["street"] == st[0] for s in slots))
                                for st in STREETS))
    parts = []
    for t in TIERS + ["fallback"]:
        c = tiers.get(t, 0)
        parts.append("%s %s %d (%.1f%%)" % (TIER_ZH.get(t, "兜底"), t, c, 100.0 * c / n))
    say("tiers: " + ", ".join(parts))
    red = [s for s in slots if s["r"]["card"] == "red"]
    black = [s for s in slots if s["r"]["card"] == "black"]
    say("cards: red %d, black %d, none %d (fallback compounds get none)"
        % (len(red), len(black), n - len(red) - len(black)))
    fb = [s for s in slots if s["r"]["fallback"]]
    say("fallback (coverage < 2/3): %d: %s" % (len(fb), ", ".join(
        "%s (%s%%)" % (s["cid"], s["r"]["sum_a"]) for s in fb)))
    companies = {}
    for s in slots:
        if s["company"]:
            companies.setdefault(s["company"], []).append(s)
    say("companies: %d, compounds each: %s" % (len(companies), ", ".join(
        str(len(v)) for v in companies.values())))

    def idx(s):
        return "%.2f" % (s["r"]["index_c"] / 100)

    def by_role(role):
        return [s for s in slots if s["role"] == role]

    say("special cases:")
    desc = [
        ("X9000", "index exactly 90.00, every item applies -> 优秀 Excellent, red card"),
        ("X9000NA", "index exactly 90.00 with C4 not applicable (indicator C scaled 35/30) -> Excellent"),
        ("X8999", "index exactly 89.99 -> 良好 Good"),
        ("X8000", "index exactly 80.00 -> Good"),
        ("X7000", "index exactly 70.00 -> 合格 Pass"),
        ("DG_E", "downgrade: index >= 90 but A share < 60% -> Good"),
        ("DG_G", "downgrade: index 80-90, D share < 60% -> Pass"),
        ("DG_P", "downgrade: index 70-80, C share < 60% -> Fail, black card"),
        ("SH60", "A share exactly 60%: downgrade must NOT fire -> Good"),
        ("B50", "B share exactly 50%: no B black card; downgrade (50% < 60%) Good -> Pass, no card"),
        ("BLK_B1", "B share < 50%, index >= 80: downgrade to Pass, black card for B only"),
        ("BLK_B2", "same with B7 not applicable (B share over 28 points)"),
        ("BLK_B3", "B share < 50%, index 70-80: downgrade to Fail, black card (tier + B)"),
        ("POOR1", "index < 60, several weak indicators: Fail, downgrade fires without effect"),
        ("POOR2", "same"),
        ("V1", "veto V1 (fire accident; B6 = 4 findings)"),
        ("V2", "veto V2 (media exposure; D5 = 3 findings)"),
        ("V3", "veto V3 (refusing supervision; A6 = 2 findings)"),
        ("V4", "veto V4 (commercial use of common parts; C8 = 0) with index >= 90: Fail anyway"),
        ("V5", "veto V5 (unreported major hazard; B8 = 3 findings)"),
        ("V1V5", "two vetoes V1 + V5"),
        ("FB_ANA", "fallback, unmanaged, indicator A entirely not applicable"),
        ("FB1", "fallback, unmanaged"),
        ("FB2", "fallback, unmanaged"),
        ("FB3", "fallback, unmanaged"),
        ("COV66", "coverage exactly 0.66 (just below 2/3) -> fallback"),
        ("COV67", "coverage exactly 0.67 (just above 2/3) -> scored"),
        ("ANA", "indicator A entirely not applicable, scored over B+C+D (85 points)"),
    ]
    for role, text in desc:
        for s in by_role(role):
            r = s["r"]
            shares = " ".join("%s %s/%d" % (k, dec_str(Fr(r["e"][k], 100)), r["a"][k])
                              for k in IND_IDS if r["a"][k])
            extra = []
            if r["down"]:
                extra.append("downgrade " + ",".join(r["down"]))
            if r["vetoes"]:
                extra.append("veto " + ",".join(r["vetoes"]))
            if r["black_why"] and r["card"] == "black":
                extra.append("black: " + ",".join(r["black_why"]))
            say("  %-10s %-7s %s: index %s, tier %s, card %s, coverage %s%%, %s%s" % (
                s["cid"], role, text, idx(s), r["tier"], r["card"] or "-", r["sum_a"],
                shares, ("; " + "; ".join(extra)) if extra else ""))
    dg = [s for s in slots if s["r"]["down"] and not s["r"]["fallback"]]
    say("downgrade fired (%d): %s" % (len(dg), ", ".join(
        "%s[%s %s->%s]" % (s["cid"], ",".join(s["r"]["down"]), s["r"]["base"], s["r"]["tier"])
        for s in dg)))
    bb = [s for s in slots if s["r"]["b_black"] and not s["r"]["fallback"]]
    say("B share < 50%% (%d): %s" % (len(bb), ", ".join(
        "%s(index %s)" % (s["cid"], idx(s)) for s in bb)))
    say("exact 90.00: %s" % ", ".join(s["cid"] for s in slots if s["r"]["index_c"] == 9000))
    say("exact 89.99: %s" % ", ".join(s["cid"] for s in slots if s["r"]["index_c"] == 8999))
    say("exact 80.00: %s; exact 70.00: %s" % (
        ", ".join(s["cid"] for s in slots if s["r"]["index_c"] == 8000),
        ", ".join(s["cid"] for s in slots if s["r"]["index_c"] == 7000)))
    say("vetoes: %s" % ", ".join("%s[%s]" % (s["cid"], "+".join(s["vetoes"]))
                                 for s in slots if s["vetoes"]))
    say("fallback: %s" % ", ".join(s["cid"] for s in fb))
    say("unmanaged: %s" % ", ".join("%s(%s)" % (s["cid"], s["r"]["tier"])
                                    for s in slots if not s["managed"]))
    trap = []
    for s in slots:
        nidx, nbase = naive_score(s["cells"])
        r = s["r"]
        if "%.2f" % nidx != idx(s) or nbase != r["base"]:
            trap.append("%s(exact %s %s, naive double %.2f %s)" % (
                s["cid"], idx(s), r["base"], nidx, nbase))
    say("naive double computation disagrees (%d): %s" % (len(trap), ", ".join(trap) or "-"))
    sys.stderr.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
