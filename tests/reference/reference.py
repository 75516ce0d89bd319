"""A slow, obviously correct reference of the spec's computation.

Written from the specification of the computation (now told in
models/luohu-2018.md, "How a compound is scored") and the model rules of
README.md and models/README.md, not from lib/: every quantity is a
fractions.Fraction, and the only rounding is round2() below, to 0.01, half
away from zero. It shares no code with the library or its Python binding.

A model here is plain data:

    Model(indicators=[Indicator(id, points)], items=[Item(...)], vetoes=[ids],
          tiers=[Tier(key, threshold)] best first, downgrade_share, coverage_floor,
          black_tier (index or None), black_on_veto, black_shares=[(indicator, share)],
          red_tier (index or None))
"""
from collections import namedtuple
from fractions import Fraction as F

Indicator = namedtuple("Indicator", "id points")
# type: graded | passfail | deduct | rate; levels: [(value, label_zh, label_en)] best first
Item = namedtuple("Item", "id indicator max type penalty zero full levels")
Tier = namedtuple("Tier", "key threshold")
Model = namedtuple("Model", "indicators items vetoes tiers downgrade_share coverage_floor "
                            "black_tier black_on_veto black_shares red_tier")
Verdict = namedtuple("Verdict", "index item_points indicator_points tier card")

DEFAULT_LEVELS = [(F(1), "符合", "meets"), (F(1, 2), "基本符合", "partly meets"),
                  (F(0), "不符合", "does not meet")]
PASSFAIL = {"1": 1, "0": 0, "是": 1, "否": 0, "yes": 1, "no": 0, "pass": 1, "fail": 0}


def round2(x):
    """x rounded to 0.01, half away from zero."""
    x = F(x)
    sign = -1 if x < 0 else 1
    n = abs(x) * 100
    whole = n.numerator // n.denominator
    if n - whole >= F(1, 2):
        whole += 1
    return F(sign * whole, 100)


def parse_number(text):
    """A plain decimal: sign, digits, point, at most 6 decimals, optional %."""
    pct = text.endswith("%")
    if pct:
        text = text[:-1]
    sign = 1
    if text[:1] in "+-" and text:
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    whole, _, frac = text.partition(".")
    assert (whole or frac) and (whole + frac).isdigit() and len(frac) <= 6, text
    value = F(int(whole or "0")) + (F(int(frac), 10 ** len(frac)) if frac else 0)
    return sign * value / (100 if pct else 1)


def parse_cell(item, text):
    """The observation of a cell (None: not applicable)."""
    text = text.strip(" \t\u3000")
    if text == "" or text.lower() == "na":
        return None
    if item.type == "graded":
        levels = item.levels or DEFAULT_LEVELS
        for value, zh, en in levels:
            if text == zh or text.lower() == en.lower():
                return value
        value = parse_number(text)
        assert value in [lv[0] for lv in levels], (item.id, text)
        return value
    if item.type == "passfail":
        return F(PASSFAIL[text.lower()])
    if item.type == "deduct":
        assert "%" not in text
        value = parse_number(text)
        assert value >= 0 and value.denominator == 1
        return value
    value = parse_number(text)
    assert value >= 0
    return value


def item_points(item, v):
    """Rule 1, exact, then rounded."""
    if item.type in ("graded", "passfail"):
        exact = v * item.max
    elif item.type == "deduct":
        exact = max(F(0), item.max - v * item.penalty)
    else:
        # linear from 0 at zero to max at full, clamped to [0, max]
        exact = item.max * (v - item.zero) / (item.full - item.zero)
        exact = min(max(exact, F(0)), item.max)
    return round2(exact)


def assess(model, cells):
    """cells: column -> text. Returns a Verdict (tier: key or 'fallback'; card: red/black/none)."""
    earned = {k.id: F(0) for k in model.indicators}
    applicable = {k.id: F(0) for k in model.indicators}
    points_of_item = {}
    for item in model.items:
        v = parse_cell(item, cells.get(item.id, ""))
        if v is None:
            points_of_item[item.id] = None
            continue
        p = item_points(item, v)
        points_of_item[item.id] = p
        earned[item.indicator] += p
        applicable[item.indicator] += item.max

    # Rule 2: indicator points; rule 3: the index over indicators with points.
    points = {}
    for k in model.indicators:
        a = applicable[k.id]
        points[k.id] = None if a == 0 else round2(k.points * earned[k.id] / a)
    with_points = [k for k in model.indicators if points[k.id] is not None]
    index = None
    if with_points:
        index = round2(100 * sum(points[k.id] for k in with_points)
                       / sum(k.points for k in with_points))

    # Rule 4: coverage over the whole model.
    coverage = sum(applicable.values()) / sum(k.points for k in model.indicators)
    vetoed = any(cells.get(v, "").strip() == "1" for v in model.vetoes)
    if index is None or coverage < model.coverage_floor:
        return Verdict(index, points_of_item, points, "fallback", "none")

    # Rule 5: tier from the rounded index (best first; the last has threshold 0).
    last = len(model.tiers) - 1
    tier = next(t for t, tr in enumerate(model.tiers) if index >= tr.threshold or t == last)
    # Rule 6: one step down for any indicator share below the downgrade share.
    shares = {k.id: earned[k.id] / applicable[k.id] for k in with_points}
    if any(s < model.downgrade_share for s in shares.values()):
        tier = min(tier + 1, last)
    # Rule 8: black card for the tier (from index and downgrade), a veto, a share floor.
    black = model.black_tier is not None and tier >= model.black_tier
    black |= vetoed and model.black_on_veto
    black |= any(ind in shares and shares[ind] < floor for ind, floor in model.black_shares)
    # Rule 7: any veto means the last tier.
    if vetoed:
        tier = last
    # Rule 9: red card, without history (ladder level 0).
    card = "black" if black else (
        "red" if model.red_tier is not None and tier == model.red_tier and not vetoed else "none")
    return Verdict(index, points_of_item, points, model.tiers[tier].key, card)


def default_model():
    """The default model, typed in from the spec's tables."""
    I = Item
    g, pf, d, r = "graded", "passfail", "deduct", "rate"
    rows = [
        ("A1", 3, pf), ("A2", 3, g), ("A3", 2, g), ("A4", 2, g), ("A5", 3, g), ("A6", 2, d, 1),
        ("B1", 4, g), ("B2", 4, r, "0.80", "1.00"), ("B3", 3, g), ("B4", 4, r, "0.60", "1.00"),
        ("B5", 3, g), ("B6", 4, d, 1), ("B7", 2, d, 1), ("B8", 3, d, 1), ("B9", 3, pf),
        ("C1", 5, d, 1), ("C2", 3, d, 1), ("C3", 4, g), ("C4", 5, r, "4", "0"),
        ("C5", 4, r, "0.70", "1.00"), ("C6", 4, r, "0.70", "1.00"), ("C7", 3, pf), ("C8", 3, g),
        ("C9", 2, g), ("C10", 2, g), ("D1", 6, r, "0.60", "0.95"), ("D2", 3, g),
        ("D3", 3, r, "0.60", "1.00"), ("D4", 2, g), ("D5", 3, d, 1), ("D6", 3, g),
    ]
    items = []
    for row in rows:
        iid, mx, t = row[:3]
        pen = F(row[3]) if t == d else None
        zero, full = (F(row[3]), F(row[4])) if t == r else (None, None)
        items.append(I(iid, iid[0], F(mx), t, pen, zero, full, None))
    return Model(
        indicators=[Indicator("A", F(15)), Indicator("B", F(30)), Indicator("C", F(35)),
                    Indicator("D", F(20))],
        items=items, vetoes=["V1", "V2", "V3", "V4", "V5"],
        tiers=[Tier("excellent", F(90)), Tier("good", F(80)), Tier("pass", F(70)),
               Tier("fail", F(0))],
        downgrade_share=F(60, 100), coverage_floor=F(2, 3), black_tier=3, black_on_veto=True,
        black_shares=[("B", F(50, 100))], red_tier=0)
