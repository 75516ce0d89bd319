"""pandas DataFrames of verdicts, rankings and ledgers, for analysts::

    from pmindex.pandas import score_frame, rank_frame, ledger_frame

    df = score_frame("district.csv")            # one row per compound, by compound_id
    df["index"].idxmin()                        # the compound with the lowest index
    df.groupby("street")["index"].describe()
    df[df["card"] == "black"]
    rank_frame("district.csv", by="company")    # one row per property company
    ledger_frame("luohu.ledger").loc["LH-HB-020"]   # a compound's periods
    impact_frame(pmindex.Impact(old, new, ["district.csv"]))   # what a new model changes
    impact_ladder_frame(pmindex.Impact.from_ledger(None, new, "luohu.ledger", "2019H1"))

Numeric columns are float64 (NaN where nothing applies), counts and ranks
are integers (nullable Int64 where a value may be missing), tier and card
are categoricals whose categories follow the model (tiers best first, then
"fallback"; cards "none", "red", "black"), and lists of keys are texts
separated by ";" as in the CSV records.

The frames are read from the library's own JSON Lines records, so every
value is the one pmindex-score, pmindex-rank and pmindex-ledger write: a
float is the nearest one to the record's exact decimal (87.50). Floats are
for statistics and charts. The verdicts (tier, card, ranks, lists) were
decided by the library in exact arithmetic: never recompute one from them.

pandas is optional: the rest of pmindex uses only the standard library, and
only this module imports pandas.
"""

import io
import json
import os
import sys

try:
    import pandas as _pd
except ImportError as _e:  # say how to get it, for the Python that runs us
    raise ImportError(
        "pmindex.pandas needs pandas, which %s cannot import (%s). On Debian and Ubuntu: "
        "apt install python3-pandas (for /usr/bin/python3); elsewhere: pip install pandas, "
        "or pip install './examples/python[pandas]'. The rest of pmindex works without it."
        % (sys.executable, _e), name="pandas") from _e

from .assessment import CARDS, FORMAT_JSONL
from .district import District, merge_sheets
from .impact import impact_frame
from .ledger import Ledger
from .model import Model

__all__ = ["score_frame", "rank_frame", "ledger_frame", "impact_frame", "impact_ledger_frame"]

_TEXT = ("name", "street", "station", "company")
_RANKS = ("rank", "street_rank", "station_rank", "company_rank")
_STATS = ("mean", "weighted_mean", "median", "min", "max")
_CARD_TYPE = _pd.CategoricalDtype(CARDS)


def _tier_type(keys):
    """Tier keys best first, then "fallback"; unordered, so that no one
    compares tiers as texts, but sorted and grouped in this order."""
    return _pd.CategoricalDtype(list(dict.fromkeys(list(keys) + ["fallback"])))


def _parse(lines):
    return [json.loads(line) for line in lines if line.strip()]


def _floats(values):
    return _pd.Series(values, dtype="float64").to_numpy()


def _ints(values, nullable=False):
    return _pd.array(values, dtype="Int64" if nullable else "int64")


def _joined(values):
    return [";".join(v) for v in values]


def _indicator_points(record):
    """Points by indicator id: an assessment's record lists objects, a
    ranking's and a ledger row's give an object of points."""
    ind = record.get("indicators") or {}
    if isinstance(ind, list):
        return {x["id"]: x.get("points") for x in ind}
    return ind


def _compounds(records, indicators, tiers, ranks):
    cols = {}
    for key in _TEXT:
        cols[key] = [r.get(key, "") for r in records]
    if not ranks:  # a ranking's records leave out the period
        cols["period"] = [r.get("period", "") for r in records]
    cols["households"] = _ints([r.get("households") for r in records], nullable=True)
    cols["managed"] = _pd.array([bool(r.get("managed", True)) for r in records], dtype="bool")
    cols["index"] = _floats([r.get("index") for r in records])
    points = [_indicator_points(r) for r in records]
    for k in indicators:
        cols[k] = _floats([p.get(k) for p in points])
    cols["coverage"] = _floats([r.get("coverage") for r in records])
    cols["tier"] = _pd.Categorical([r["tier"] for r in records], dtype=_tier_type(tiers))
    cols["card"] = _pd.Categorical([r["card"] for r in records], dtype=_CARD_TYPE)
    cols["reasons"] = _joined(r.get("reasons", ()) for r in records)
    if ranks:
        for key in _RANKS:
            cols[key] = _ints([r.get(key) for r in records], nullable=True)
    index = _pd.Index([r["compound_id"] for r in records], name="compound_id", dtype="object")
    return _pd.DataFrame(cols, index=index)


def score_frame(sheet, model=None, encoding=None, partial=False, skip_bad_rows=False):
    """Scores a sheet (a path, "-" or its bytes) and returns one row per
    compound, indexed by compound_id: name, street, station, company,
    period, households, managed, index, the points of each indicator
    (columns named by their ids), coverage (percent), tier, card and
    reasons. ``model`` defaults to the embedded one. A sheet with errors
    raises PmindexError listing them, unless ``skip_bad_rows``: the frame
    then holds the good rows, and ``df.attrs["errors"]`` the errors."""
    model = model or Model.default()
    out = io.BytesIO()
    report = model.score_sheet(sheet, out, format="jsonl", encoding=encoding, partial=partial,
                               skip_bad_rows=skip_bad_rows)
    records = _parse(out.getvalue().decode("utf-8").splitlines())
    df = _compounds(records, [i.id for i in model.indicators], [t.key for t in model.tiers],
                    ranks=False)
    df.attrs["errors"] = list(report.errors)
    return df


def _groups(records, scope, tiers):
    cols = {"compounds": _ints([r["compounds"] for r in records]),
            "households": _ints([r["households"] for r in records])}
    for key in list(tiers) + ["fallback"]:
        cols[key] = _ints([r["tiers"].get(key, 0) for r in records])
    for card in CARDS[1:]:
        cols[card] = _ints([r["cards"].get(card, 0) for r in records])
    for key in _STATS:
        cols[key] = _floats([r.get(key) for r in records])
    cols["rank"] = _ints([r.get("rank") for r in records], nullable=True)
    cols["lists"] = _joined(r.get("lists", ()) for r in records)
    cols["black_compounds"] = _joined((b["compound_id"] for b in r.get("black_compounds", ()))
                                      for r in records)
    index = _pd.Index([r[scope] for r in records], name=scope, dtype="object")
    return _pd.DataFrame(cols, index=index)


def rank_frame(sheets, model=None, by="district", missing_na=False, encoding=None):
    """Ranks a district's period and returns, by="district", one row per
    compound in listing order (by rank; fallback compounds last), indexed
    by compound_id, with score_frame's columns (no period) and the ranks
    rank, street_rank, station_rank and company_rank (<NA> when unranked);
    or, by="street", "station" or "company", one row per group in listing
    order, indexed by its name: compounds, households, the count of each
    tier and of "fallback", red, black, mean, weighted_mean, median, min,
    max, rank, lists and black_compounds.

    ``sheets`` is one sheet (a path or bytes) or a list of the partial
    sheets of one period, merged by compound_id as pmindex-rank merges them
    (``missing_na``: an item no sheet gives is not applicable)."""
    model = model or Model.default()
    if isinstance(sheets, (str, bytes, bytearray, memoryview, os.PathLike)):
        sheets = [sheets]
    sheets = list(sheets)
    district = District(model)
    if len(sheets) == 1:
        for a in model.read_sheet(sheets[0], encoding=encoding):
            district.add(a)
    else:
        for c in merge_sheets(model, sheets, missing_na=missing_na, encoding=encoding):
            district.add_compound(c)
    district.compute()
    records = _parse(district.jsonl(by).splitlines())
    tiers = [t.key for t in model.tiers]
    if by == "district":
        return _compounds(records, [i.id for i in model.indicators], tiers, ranks=True)
    return _groups(records, by, tiers)


def ledger_frame(ledger, period=None, compound_id=None, decisions=False, items=False):
    """The rows of a ledger (a path, opened read-only, or a pmindex.Ledger)
    indexed by (compound_id, period): name, street, station, company,
    index, coverage, tier, card, level_before, level, clean, events,
    measure (the ladder level of the measure issued, <NA> for none),
    measure_key, measure_zh, measure_en, reasons and the points of each
    indicator; with ``items`` also the points of each item. ``period`` and
    ``compound_id`` select rows; ``decisions`` keeps the rows with a card or
    a measure. Tier categories come from the models the periods were
    applied with, so ``df.loc["LH-HB-020"]`` is a compound's history and
    ``df.xs("2019H1", level="period")`` a period."""
    own = not isinstance(ledger, Ledger)
    led = Ledger(os.fspath(ledger), readonly=True) if own else ledger
    try:
        records = _parse(led.records(period, compound_id, decisions=decisions))
        tiers, seen = [], {}
        for p in led.periods:
            text = led.period_model(p)
            if text not in seen:
                seen[text] = [t.key for t in Model.from_ini(text).tiers]
                tiers.extend(seen[text])
    finally:
        if own:
            led.close()
    indicators = list(dict.fromkeys(k for r in records for k in r.get("indicators") or {}))
    item_ids = list(dict.fromkeys(k for r in records for k in r.get("items") or {}))
    cols = {key: [r.get(key, "") for r in records] for key in _TEXT}
    cols["index"] = _floats([r.get("index") for r in records])
    cols["coverage"] = _floats([r.get("coverage") for r in records])
    cols["tier"] = _pd.Categorical([r["tier"] for r in records], dtype=_tier_type(tiers))
    cols["card"] = _pd.Categorical([r["card"] for r in records], dtype=_CARD_TYPE)
    for key in ("level_before", "level", "clean"):
        cols[key] = _ints([r[key] for r in records])
    cols["events"] = _joined(r.get("events", ()) for r in records)
    measures = [r.get("measure") or {} for r in records]
    cols["measure"] = _ints([m.get("level") for m in measures], nullable=True)
    for key in ("key", "zh", "en"):
        cols["measure_" + key] = [m.get(key, "") for m in measures]
    cols["reasons"] = _joined(r.get("reasons", ()) for r in records)
    for k in indicators:
        cols[k] = _floats([(r.get("indicators") or {}).get(k) for r in records])
    if items:
        for k in item_ids:
            cols[k] = _floats([(r.get("items") or {}).get(k) for r in records])
    index = _pd.MultiIndex.from_arrays(
        [[r["compound_id"] for r in records], [r["period"] for r in records]],
        names=["compound_id", "period"])
    return _pd.DataFrame(cols, index=index)


def impact_ladder_frame(impact):
    """What the sanction ladder would have decided had the new model been
    used from a ledger's period on (pmindex.Impact.from_ledger()): each
    compound and period whose card, level or measure would differ, indexed
    by (compound_id, period): name, street, station, company, old_index,
    new_index, old_tier, new_tier, old_card, new_card, old_level, new_level,
    old_measure and new_measure (the measures' keys, "" for none). "old_"
    is what the ledger stored. ``df.loc["K7"]`` is a compound's periods."""
    records = _parse(impact._lines("ladder", FORMAT_JSONL))
    cols = {key: [r[key] for r in records] for key in _TEXT}
    for w in ("old", "new"):
        cols[w + "_index"] = _floats([r[w + "_index"] for r in records])
    tiers = {"old": [t.key for t in impact.old_model.tiers],
             "new": [t.key for t in impact.new_model.tiers]}
    for w in ("old", "new"):  # a later period's stored model may have other tiers
        keys = tiers[w] + [r[w + "_tier"] for r in records]
        cols[w + "_tier"] = _pd.Categorical([r[w + "_tier"] for r in records],
                                            dtype=_tier_type(keys))
    for w in ("old", "new"):
        cols[w + "_card"] = _pd.Categorical([r[w + "_card"] for r in records], dtype=_CARD_TYPE)
    for w in ("old", "new"):
        cols[w + "_level"] = _ints([r[w + "_level"] for r in records])
    for w in ("old", "new"):
        cols[w + "_measure"] = [r[w + "_measure"] or "" for r in records]
    index = _pd.MultiIndex.from_tuples([(r["compound_id"], r["period"]) for r in records],
                                       names=["compound_id", "period"])
    return _pd.DataFrame(cols, index=index)
