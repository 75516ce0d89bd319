"""Before adopting a new model: what changed in it (pmindex_model_diff) and
what it changes, compound by compound (pmindex_impact). Needs libpmindex 1.2::

    old = pmindex.Model.default()
    new = pmindex.Model.load_ini("revised.ini")
    imp = pmindex.Impact(old, new, ["district.csv"])
    imp.summary                       # {'compounds': 200, 'changed': 24, 'up': 101, ...}
    imp.tiers[("good", "pass")]       # compounds going from good to pass
    for c in imp.changes():           # every compound whose tier or card changes
        c.compound_id, c.old_tier, c.new_tier, c.items[0], c.new_only_rules
    imp.movers("up", 10)              # the 10 biggest rises in the district ranking
    imp.groups("company")             # mean index, tiers and lists under both models
    imp.new.summaries("street")       # each model's district, as pmindex.District
    imp.csv(), imp.jsonl()            # what pmindex-model impact writes
    model_diff(old, new)              # the parameters that changed

    # On a ledger's period instead of sheets (the ledger is only read):
    imp = pmindex.Impact.from_ledger(None, new, "district.ledger", "2019H1")
    imp.periods()                     # each period's cards, measures, sanctions: stored, new
    imp.ladder()                      # each compound and period whose ladder would differ

    from pmindex.impact import impact_frame
    impact_frame(imp)                 # the changes as a pandas DataFrame
    from pmindex.pandas import impact_ladder_frame
    impact_ladder_frame(imp)          # the ladder's differences as a DataFrame

Values read from the records are exact: points and shares are Decimal.
"""

import ctypes
import json
import os
from collections import namedtuple
from decimal import Decimal

from ._native import Compound as _CompoundP
from ._native import Impact as _ImpactP
from ._native import ModelDiff as _ModelDiffP
from ._native import Handle, Owner, decode, lib, require
from .assessment import FORMAT_CSV, FORMAT_JSONL, Assessment
from .district import District, merge_sheets
from .errors import PmindexError, check, text
from .ledger import Ledger, period as _period
from .model import Model
from .sheet import _open

__all__ = ["Change", "Column", "Difference", "Group", "Impact", "ItemChange", "LadderChange",
           "LadderPeriod", "Mover", "Transition", "impact_frame", "model_diff"]

#: The models of a comparison, as the library numbers them.
WHICH = {"old": 0, "new": 1}
#: The parts of an impact (enum pmindex_impact_part).
PARTS = {"summary": 1, "columns": 2, "tiers": 3, "cards": 4, "changes": 5, "up": 6, "down": 7,
         "street": 8, "station": 9, "company": 10, "periods": 11, "ladder": 12}
_DIFF_CHANGES = {1: "removed", 2: "added", 3: "changed", 4: "order"}

#: A parameter that changed: change ("removed", "added", "changed" or
#: "order"), the section ("item C4", "tier good"; for "order" the kind of
#: sections), the key and its old and new INI text (None where a model lacks
#: it), and what a removed or added section is, in Chinese and English.
Difference = namedtuple("Difference", "change section key old new title_zh title_en")
#: An item or veto only one model has: its column, which model has it
#: ("old" or "new"), "item" or "veto", and how the new model treats it
#: ("not_applicable", "not_confirmed" or "ignored").
Column = namedtuple("Column", "column only_in type treatment")
#: A cell of the tier or card matrix: old and new tier (or card), the count
#: and its share (percent, Decimal) of the compounds of the old tier.
Transition = namedtuple("Transition", "old new count share")
#: An item that accounts for a change: its id, its points under each model
#: (None when not applicable or absent) and the change of its part of the
#: index, largest first.
ItemChange = namedtuple("ItemChange", "item old_points new_points index_change")
#: A compound whose tier or card changes (the fields of its record).
Change = namedtuple("Change", "compound_id name street station company old_index new_index "
                              "index_change old_tier new_tier old_card new_card old_rank "
                              "new_rank old_coverage new_coverage old_index_tier new_index_tier "
                              "items old_only_rules new_only_rules")
#: A compound that rises or falls in the district's ranking.
Mover = namedtuple("Mover", "direction place compound_id name street station company old_rank "
                            "new_rank rank_change old_index new_index old_tier new_tier")
#: A period of a ledger from the one compared on (Impact.from_ledger): its
#: compounds, how many of them the ladder would treat otherwise, and its red
#: cards, black cards, sanction measures issued and compounds with a
#: sanction in force after it, as the ledger stored them ("old_") and had
#: the new model been used ("new_").
LadderPeriod = namedtuple("LadderPeriod", "period compounds changed old_red new_red old_black "
                                          "new_black old_measures new_measures old_sanctioned "
                                          "new_sanctioned")
#: A compound and period whose card, level or measure (its key, None for
#: none) under the new model differs from what the ledger stored ("old_").
LadderChange = namedtuple("LadderChange", "period compound_id name street station company "
                                          "old_index new_index old_tier new_tier old_card "
                                          "new_card old_level new_level old_measure new_measure")
#: A street, police station or company under both models: its mean and
#: weighted mean index, rank, tier counts (dicts by key), cards and lists.
Group = namedtuple("Group", "scope name compounds old_mean new_mean old_weighted_mean "
                            "new_weighted_mean old_rank new_rank old_tiers new_tiers old_red "
                            "old_black new_red new_black old_lists new_lists")


def _need(name):
    require(name, "the impact of a new model (libpmindex 1.2)")


def _which(which):
    try:
        return WHICH[which]
    except KeyError:
        raise ValueError("which is 'old' or 'new', not %r" % (which,)) from None


def _part(part):
    try:
        return PARTS[part]
    except KeyError:
        raise ValueError("part is one of %s, not %r" % (", ".join(PARTS), part)) from None


def _record(line):
    """A JSON record with exact numbers, without its "kind"."""
    r = json.loads(line, parse_float=Decimal)
    r.pop("kind", None)
    return r


def model_diff(old, new):
    """The parameters that changed from model ``old`` to ``new``, in the
    order of pmindex-model diff: a list of Difference."""
    _need("pmindex_model_diff_new")
    d = _diff(old, new)
    out = []
    for n in range(lib.pmindex_model_diff_count(d.ptr)):
        values = [lib.pmindex_model_diff_value(d.ptr, n, w) for w in (0, 1)]
        out.append(Difference(_DIFF_CHANGES[lib.pmindex_model_diff_change(d.ptr, n)],
                              decode(lib.pmindex_model_diff_section(d.ptr, n)),
                              decode(lib.pmindex_model_diff_key(d.ptr, n)),
                              *(v.decode("utf-8") if v is not None else None for v in values),
                              decode(lib.pmindex_model_diff_title(d.ptr, n, 0)),
                              decode(lib.pmindex_model_diff_title(d.ptr, n, 1))))
    d.release()
    return out


def _diff(old, new):
    from ._native import Error as _ErrorP
    e = _ErrorP()
    check(lib.pmindex_error_new(ctypes.byref(e)), what="error object")
    error = Owner(e, lib.pmindex_error_free)
    p = _ModelDiffP()
    try:
        rc = lib.pmindex_model_diff_new(old._ptr, new._ptr, ctypes.byref(p), e)
        if rc < 0:
            raise PmindexError.from_error(e) if lib.pmindex_error_code(e) else \
                PmindexError.from_code(rc, "model diff")
    finally:
        error.release()
    return Owner(p, lib.pmindex_model_diff_free, (old._owner, new._owner))


class _DistrictView(District):
    """One model's district inside an impact: read-only, freed with it."""

    def __init__(self, model, ptr, owner):  # pylint: disable=super-init-not-called
        self.model = model
        self._owner = Owner(ptr, lambda p: None, (owner,))


class Impact(Handle):
    _what = "impact"

    """The same compounds scored under the model in use and a proposed one,
    compared. ``sheets`` (paths or bytes of score sheets written for
    ``old``) are read at once and the impact computed: one sheet as
    pmindex-score reads it, several merged by compound_id as pmindex-rank
    merges them (``missing_na`` makes an item no sheet gives not
    applicable). A sheet with errors raises PmindexError listing them.
    Without sheets, add() compounds of ``old`` (from anywhere), then
    compute(). Items the new model has and the sheets lack are not
    applicable under it; columns it does not know are ignored (see
    ``columns``).
    """

    def __init__(self, old, new, sheets=None, encoding=None, missing_na=False, max_errors=100):
        _need("pmindex_impact_new")
        self.old_model, self.new_model = old, new
        p = _ImpactP()
        check(lib.pmindex_impact_new(old._ptr, new._ptr, ctypes.byref(p)), what="impact")
        self._owner = Owner(p, lib.pmindex_impact_free, (old._owner, new._owner))
        self._computed = False
        if sheets is not None:
            if isinstance(sheets, (str, bytes, bytearray, os.PathLike)):
                sheets = [sheets]
            self._read(list(sheets), encoding, missing_na, max_errors)
            self.compute()


    def _read(self, sheets, encoding, missing_na, max_errors):
        if len(sheets) > 1:
            for c in merge_sheets(self.old_model, sheets, missing_na, encoding, max_errors):
                self.add(c)
            return
        sheet = _open(self.old_model, sheets[0], encoding, False, None)
        row = _CompoundP()
        errors, count = [], 0
        try:
            while True:
                rc = lib.pmindex_sheet_next(sheet.ptr, ctypes.byref(row))
                if rc == 0:
                    break
                if rc < 0:
                    error = PmindexError.from_error(lib.pmindex_sheet_error(sheet.ptr))
                elif count == 0 and lib.pmindex_impact_add(self._ptr, row) == 0:
                    continue
                elif count == 0:
                    error = PmindexError.from_error(lib.pmindex_impact_error(self._ptr))
                else:
                    continue  # after an error only the sheet's own are collected
                count += 1
                if max_errors is None or len(errors) < max_errors:
                    errors.append(error)
        finally:
            sheet.release()
        if count:
            raise PmindexError.collect(errors, count)

    @classmethod
    def from_ledger(cls, old, new, ledger, p):
        """The impact of model ``new`` on what a ledger keeps of period ``p``
        ("2019H1"), computed: the period's compounds from the observations
        the ledger kept, and what the sanction ladder would have decided
        had ``new`` been used from ``p`` on (periods(), ladder()). ``old``
        is the model the period was applied with: None for the ledger's own
        copy, or a Model that differs from it only in legal bases.
        ``ledger`` is a path (opened read-only and never upgraded: its file
        stays as it is) or a pmindex.Ledger. Raises PmindexError: Status.
        E_NOT_FOUND for a period not in force, E_STATE for an ``old`` that is
        not the period's model, a period stored by pmindex 1.1 without
        observations (or a 1.1 ledger given by path), a ladder of another
        kind of period; E_RANGE for an observation ``new`` cannot take."""
        _need("pmindex_impact_add_ledger")
        own = not isinstance(ledger, Ledger)
        led = Ledger(os.fspath(ledger), readonly=True, upgrade=False) if own else ledger
        try:
            if old is None:
                old = Model.from_ini(led.period_model(p))
            imp = cls(old, new)
            ptr = imp._ptr
            check(lib.pmindex_impact_add_ledger(ptr, led._ptr, _period(p), 0),
                  lib.pmindex_impact_error(ptr), "impact")
        finally:
            if own:
                led.close()
        return imp.compute()

    def add(self, compound):
        """Adds a Compound (or an Assessment's compound) of the old model."""
        if isinstance(compound, Assessment):
            compound = compound.compound
        p = self._ptr
        check(lib.pmindex_impact_add(p, compound._ptr), lib.pmindex_impact_error(p), "impact")

    def compute(self):
        """Ranks both districts and compares them; afterwards nothing can be added."""
        p = self._ptr
        check(lib.pmindex_impact_compute(p), lib.pmindex_impact_error(p), "impact")
        self._computed = True
        return self

    # ---- each model's district ---------------------------------------------------

    def _district(self, which):
        ptr = lib.pmindex_impact_district(self._ptr, _which(which))
        model = self.old_model if which == "old" else self.new_model
        return _DistrictView(model, ptr, self._owner)

    @property
    def old(self):
        """The compounds under the old model: a District (ranking(), summaries())."""
        return self._district("old")

    @property
    def new(self):
        """The compounds under the new model: a District; compound numbers
        and order are those of ``old``."""
        return self._district("new")

    def events(self, compound, which="new"):
        """The ladder events (pmindex_ladder_events bits) a compound's period
        brings under a model, by compound number: for replaying the sanction
        ladder with SanctionLadder as if the model had been used."""
        return check(lib.pmindex_impact_events(self._ptr, compound, _which(which)),
                     what="impact")

    # ---- the records ---------------------------------------------------------------

    def count(self, part):
        """The number of records of a part ("changes", "up", "street"...)."""
        return check(lib.pmindex_impact_count(self._ptr, _part(part)), what="impact")

    def _lines(self, part, fmt, limit=None):
        p, n = self._ptr, self.count(part)
        if limit is not None:
            n = min(n, limit)
        code = _part(part)
        return [text(lib.pmindex_impact_record, p, code, k, fmt, 0, first=1024)
                for k in range(n)]

    def records(self, part, limit=None):
        """The JSON records of a part as dicts (numbers as Decimal), without "kind"."""
        return [_record(line) for line in self._lines(part, FORMAT_JSONL, limit)]

    @property
    def summary(self):
        """compounds, changed (tier or card), tier_changes, card_changes, up, down."""
        return self.records("summary")[0]

    @property
    def columns(self):
        """The items and vetoes only one model has: a list of Column."""
        return [Column(**r) for r in self.records("columns")]

    def transitions(self, what="tiers"):
        """The cells of the "tiers" or "cards" matrix: a list of Transition,
        each old value (best first, "fallback" last) to each new one."""
        if what not in ("tiers", "cards"):
            raise ValueError("what is 'tiers' or 'cards', not %r" % (what,))
        return [Transition(**r) for r in self.records(what)]

    @property
    def tiers(self):
        """{(old tier, new tier): count}, "fallback" included."""
        return {(t.old, t.new): t.count for t in self.transitions("tiers")}

    @property
    def cards(self):
        """{(old card, new card): count}."""
        return {(t.old, t.new): t.count for t in self.transitions("cards")}

    def changes(self):
        """Every compound whose tier or card changes, by old tier, new tier
        and new ranking: a list of Change, ``items`` a list of ItemChange."""
        out = []
        for r in self.records("changes"):
            r["items"] = [ItemChange(**i) for i in r["items"]]
            r["old_only_rules"] = tuple(r["old_only_rules"])
            r["new_only_rules"] = tuple(r["new_only_rules"])
            out.append(Change(**r))
        return out

    def movers(self, direction="up", limit=None):
        """The compounds that rise ("up") or fall ("down") in the district's
        ranking, the biggest move first: a list of Mover."""
        if direction not in ("up", "down"):
            raise ValueError("direction is 'up' or 'down', not %r" % (direction,))
        return [Mover(**r) for r in self.records(direction, limit)]

    def groups(self, by):
        """The streets ("street"), police stations ("station") or companies
        ("company") under both models, in the new model's order: a list of Group."""
        if by not in ("street", "station", "company"):
            raise ValueError("by is 'street', 'station' or 'company', not %r" % (by,))
        out = []
        for r in self.records(by):
            r["old_lists"], r["new_lists"] = tuple(r["old_lists"]), tuple(r["new_lists"])
            out.append(Group(**r))
        return out

    def periods(self):
        """An impact on a ledger's period (from_ledger()): that period and
        each later one in force, with the ladder's totals as stored and
        under the new model: a list of LadderPeriod (empty for sheets)."""
        return [LadderPeriod(**r) for r in self.records("periods")]

    def ladder(self):
        """An impact on a ledger's period: each compound and period whose
        card, level or measure under the new model differs from what the
        ledger stored, by period and compound_id: a list of LadderChange."""
        return [LadderChange(**r) for r in self.records("ladder")]

    def csv(self, part="changes", header=True):
        """A part as CSV; by default the changes, byte for byte as
        pmindex-model impact --format csv writes them (on a ledger's period
        the program writes the "ladder" part)."""
        head = [text(lib.pmindex_impact_header, self._ptr, _part(part), FORMAT_CSV, 0)]
        return "".join((head if header else []) + self._lines(part, FORMAT_CSV))

    def jsonl(self, movers=10):
        """The whole report as JSON Lines, as pmindex-model impact --format
        jsonl --movers N writes it: the parameter diff, then every part."""
        d = _diff(self.old_model, self.new_model)
        lines = [text(lib.pmindex_model_diff_record, d.ptr, n, FORMAT_JSONL, 0, first=512)
                 for n in range(lib.pmindex_model_diff_count(d.ptr))]
        d.release()
        for part in PARTS:
            lines += self._lines(part, FORMAT_JSONL, movers if part in ("up", "down") else None)
        return "".join(lines)


def _model(m):
    if isinstance(m, Model):
        return m
    if m == "default":
        return Model.default()
    return Model.load_ini(m)


def impact_frame(impact, new=None, sheets=None, **options):
    """The compounds whose tier or card changes as a pandas DataFrame indexed
    by compound_id: name, street, station, company, old_index, new_index,
    index_change, old_tier, new_tier, old_card, new_card, old_rank, new_rank,
    old_coverage, new_coverage, old_index_tier, new_index_tier, items
    ("C4:-2.00;B2:+1.00", each item's change of its part of the index),
    old_only_rules and new_only_rules (reason keys separated by ";").

    Give an Impact, or the old and new models (Model, a path or "default")
    and the sheets: impact_frame("default", "revised.ini", ["district.csv"]).
    As in pmindex.pandas, numbers are float64 (for statistics and charts;
    the verdicts were decided exactly), ranks nullable Int64, tiers and
    cards categoricals in the models' order. Needs pandas (imported here
    only)."""
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError("impact_frame needs pandas (on Debian: apt install python3-pandas); "
                          "the rest of pmindex works without it", name="pandas") from e
    if not isinstance(impact, Impact):
        impact = Impact(_model(impact), _model(new), sheets, **options)
    records = [_record(line) for line in impact._lines("changes", FORMAT_JSONL)]

    def floats(key):
        return pd.Series([None if r[key] is None else float(r[key]) for r in records],
                         dtype="float64").to_numpy()

    def tiers(model):
        return pd.CategoricalDtype([t.key for t in model.tiers] + ["fallback"])

    cards = pd.CategoricalDtype(["none", "red", "black"])
    cols = {}
    for key in ("name", "street", "station", "company"):
        cols[key] = [r[key] for r in records]
    for key in ("old_index", "new_index", "index_change"):
        cols[key] = floats(key)
    for w, model in (("old", impact.old_model), ("new", impact.new_model)):
        cols[w + "_tier"] = pd.Categorical([r[w + "_tier"] for r in records],
                                           dtype=tiers(model))
    for w in ("old", "new"):
        cols[w + "_card"] = pd.Categorical([r[w + "_card"] for r in records], dtype=cards)
    for w in ("old", "new"):
        cols[w + "_rank"] = pd.array([r[w + "_rank"] for r in records], dtype="Int64")
    for key in ("old_coverage", "new_coverage"):
        cols[key] = floats(key)
    for w, model in (("old", impact.old_model), ("new", impact.new_model)):
        cols[w + "_index_tier"] = pd.Categorical([r[w + "_index_tier"] for r in records],
                                                 dtype=tiers(model))
    cols["items"] = [";".join("%s:%s%s" % (i["item"], "+" if i["index_change"] > 0 else "",
                                           i["index_change"]) for i in r["items"])
                     for r in records]
    for key in ("old_only_rules", "new_only_rules"):
        cols[key] = [";".join(r[key]) for r in records]
    index = pd.Index([r["compound_id"] for r in records], name="compound_id", dtype="object")
    return pd.DataFrame(cols, index=index)
