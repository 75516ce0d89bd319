"""Compounds (the observations of one compound) and assessments (the
verdict on one): thin classes over pmindex_compound and pmindex_assessment."""

import ctypes
from collections import namedtuple
from functools import cached_property

from . import _exact
from ._native import Handle, Owner, decode, encode, lib, require
from ._native import Assessment as _AssessmentP
from ._native import Compound as _CompoundP
from ._native import Margins as _MarginsP
from .errors import ById, PmindexError, check, text, unknown

LANGS = {"zh": 0, "en": 1}
FIELDS = ("compound_id", "name", "street", "station", "company", "period")
CARDS = ("none", "red", "black")
# Record formats (enum pmindex_format).
FORMAT_CSV, FORMAT_JSONL = 1, 2
FORMATS = {"csv": FORMAT_CSV, "jsonl": FORMAT_JSONL}
RULES = {1: "fallback", 2: "veto", 3: "downgrade", 4: "black_tier", 5: "black_veto",
         6: "black_share", 7: "red"}
TIER_FALLBACK = -1

#: A rule that fired. ``key`` is the stable key ("veto:V1", "downgrade:C"),
#: ``rule`` its kind ("veto", "downgrade", ...), ``arg`` the veto id,
#: indicator id or tier key it names (None for none), ``zh`` and ``en`` the
#: sentence in Chinese and English.
Reason = namedtuple("Reason", "key rule arg zh en")
#: An indicator's result: points p_k (rescaled to its weight), earned e_k,
#: applicable a_k, all Decimal points, and share e_k/a_k as a Decimal percent.
IndicatorScore = namedtuple("IndicatorScore", "points earned applicable share")
#: An item's result: the observation (Decimal, None when not applicable), the
#: points earned and lost (Decimal, None when not applicable) and its max.
ItemScore = namedtuple("ItemScore", "value points lost max")
#: How sure a verdict is (Assessment.margins()): how far the index is above
#: the threshold of its index tier and below the next one up (Decimal points;
#: None for a fallback compound, and index_up in the best tier), whether one
#: step of one item changes the verdict, and the flips, nearest first.
Margins = namedtuple("Margins", "index_down index_up fragile flips")
#: One change that flips a verdict. ``item`` is the item's id (the veto's for
#: "lifted"); ``direction`` "better", "worse", "best", "worst" (an item that
#: does not apply, applied at its best or worst value) or "lifted"; ``before``
#: and ``after`` the observations (Decimal; ``before`` None for an item that
#: does not apply); ``tier`` and ``card`` what the change gives; ``steps`` a
#: Decimal with 2 places rounded up (None when not in steps); ``zh`` and
#: ``en`` the change in words.
Flip = namedtuple("Flip", "item direction before after tier card steps zh en")
FLIP_DIRECTIONS = {1: "better", 2: "worse", 3: "best", 4: "worst", 5: "lifted"}
RECORD_MARGINS = 1  # PMINDEX_RECORD_MARGINS


def lang_code(lang):
    try:
        return LANGS[lang]
    except KeyError:
        raise ValueError("lang is 'zh' or 'en', not %r" % (lang,)) from None


_column_bytes = {}


def _column(name):
    """Column names as bytes, cached: the same few dozen names come back."""
    b = _column_bytes.get(name)
    if b is None:
        b = encode(name, "a column name")
        if len(_column_bytes) < 4096:
            _column_bytes[name] = b
    return b


class Compound(Handle):
    _what = "compound"

    """The observations of one compound, as a row of a score sheet gives
    them. Cells are set from their text with the sheet reader's own parser
    (labels such as 符合, percentages, NA or empty for not applicable)::

        c = model.compound({"compound_id": "LH-1", "B2": "87.5%", "A2": "符合"})
        c["C4"] = "NA"

    A compound belongs to one thread at a time.
    """

    def __init__(self, model, observations=None):
        self.model = model
        mp = model._ptr  # raises if the model is closed
        model._load()  # what reading a compound needs of its model, even once it is closed
        self._model = model._owner
        p = _CompoundP()
        check(lib.pmindex_compound_new(mp, ctypes.byref(p)), what="compound")
        self._owner = Owner(p, lib.pmindex_compound_free, (self._model,))
        if observations:
            self.update(observations)


    def close(self):
        """Frees the C object now (it is also freed when garbage collected)."""
        self._owner = self._model = None

    def set(self, column, value):
        """Sets one cell: an item or veto id, or compound_id, name, street,
        station, company, households, managed or period. The value is the
        cell's text (an int, a Decimal or None are taken as their text; a
        float is refused). Raises PmindexError, leaving the compound as it was."""
        t = _exact.cell(value, column).encode("utf-8")
        p = self._ptr
        if lib.pmindex_compound_set_text(p, _column(column), t, len(t)) < 0:
            raise PmindexError.from_error(lib.pmindex_compound_error(p))

    __setitem__ = set

    def update(self, observations):
        """Sets many cells from a mapping (or pairs). Every bad cell is
        reported: one PmindexError lists them all; the good ones are set."""
        p = self._ptr
        set_text, error = lib.pmindex_compound_set_text, lib.pmindex_compound_error
        errors = []
        items = observations.items() if hasattr(observations, "items") else observations
        for column, value in items:
            if isinstance(value, str):
                t = value.encode("utf-8")
            else:
                t = _exact.cell(value, column).encode("utf-8")
            if set_text(p, _column(column), t, len(t)) < 0:
                errors.append(PmindexError.from_error(error(p)))
        if errors:
            raise PmindexError.collect(errors)

    def clear(self):
        """Back to empty: every item not applicable, no veto, managed."""
        lib.pmindex_compound_clear(self._ptr)

    def copy(self):
        """An independent copy."""
        c = Compound(self.model)
        check(lib.pmindex_compound_copy(c._ptr, self._ptr), lib.pmindex_compound_error(c._ptr))
        return c

    def __getitem__(self, column):
        """An item's observation (Decimal, or None when not applicable), a
        veto (bool), or a field's text."""
        m = self._ptr and self._model.ptr
        i = lib.pmindex_model_find_item(m, _column(column))
        if i >= 0:
            return self._value(i)
        v = lib.pmindex_model_find_veto(m, _column(column))
        if v >= 0:
            return bool(lib.pmindex_compound_veto(self._ptr, v))
        if column in FIELDS:
            return decode(lib.pmindex_compound_field(self._ptr, FIELDS.index(column)))
        if column == "households":
            return self.households
        if column == "managed":
            return self.managed
        raise unknown(("the model", "column"), column, self.model.columns)

    def _value(self, i):
        v = ctypes.c_int64()
        rc = lib.pmindex_compound_value(self._ptr, i, ctypes.byref(v))
        return _exact.units(v.value) if rc == 1 else None

    @property
    def compound_id(self):
        return decode(lib.pmindex_compound_field(self._ptr, 0))

    @property
    def fields(self):
        """The descriptive fields: compound_id, name, street, station, company, period."""
        p = self._ptr
        return {f: decode(lib.pmindex_compound_field(p, k)) for k, f in enumerate(FIELDS)}

    @property
    def households(self):
        """The number of households, or None when not given."""
        h = lib.pmindex_compound_households(self._ptr)
        return None if h < 0 else h

    @property
    def managed(self):
        """False for a compound with no property company (无物管小区)."""
        return bool(lib.pmindex_compound_managed(self._ptr))

    @property
    def line(self):
        """The line of the sheet its row starts on; None when not from a sheet."""
        n = lib.pmindex_compound_line(self._ptr)
        return n or None

    @property
    def observations(self):
        """Item id -> the observation as an exact Decimal, None when not applicable."""
        return {item.id: self._value(i) for i, item in enumerate(self.model.items)}

    @property
    def vetoes(self):
        """The ids of the confirmed vetoes."""
        p = self._ptr
        return tuple(v.id for k, v in enumerate(self.model.vetoes)
                     if lib.pmindex_compound_veto(p, k))

    def __repr__(self):
        return "<pmindex.Compound %s>" % (self.compound_id or "(no id)")


class Assessment(Handle):
    _what = "assessment"

    """The verdict on one compound: index, tier, card, reasons, and the
    points of every indicator and item. Made by Model.assess() or by reading
    a sheet; it keeps its own copy of the compound's observations
    (``compound``) and never changes. Values are exact: Decimal points with
    2 places, never floats.

    ``index``: Decimal, or None when no item applies.
    ``tier``: the model's tier key ("excellent", ...) or "fallback".
    ``card``: "red", "black" or "none".
    ``reasons``: the rules that fired, as Reason tuples.

    ``as_dict()`` gives all of it as plain data (the JSON record's shape),
    ``explain()`` the text of ``pmindex-score --explain``.
    """

    def __init__(self, model, compound, assessment_owner):
        self.model = model
        self.compound = compound
        self._owner = assessment_owner
        self._model = assessment_owner.parents[0]


    def close(self):
        """Frees the C objects now (they are also freed when garbage collected).
        Values already read stay readable."""
        self._owner = self._model = None
        self.compound.close()

    # ---- the headline values ----------------------------------------------------

    @property
    def compound_id(self):
        return self.compound.compound_id

    @cached_property
    def index(self):
        v = ctypes.c_int64()
        return _exact.centi(v.value) if lib.pmindex_assessment_index(self._ptr, ctypes.byref(v)) \
            else None

    @cached_property
    def tier_index(self):
        """The tier's position in model.tiers (0 = best), or None for fallback."""
        t = lib.pmindex_assessment_tier(self._ptr)
        return None if t == TIER_FALLBACK else t

    @property
    def tier(self):
        t = self.tier_index
        return "fallback" if t is None else self.model.tiers[t].key

    def tier_label(self, lang="zh"):
        """The tier's label, such as 优秀 or Excellent (兜底管理 for fallback)."""
        t = self.tier_index
        return decode(lib.pmindex_model_tier_label(self._ptr and self._model.ptr,
                                                   TIER_FALLBACK if t is None else t,
                                                   lang_code(lang)))

    @cached_property
    def card(self):
        return CARDS[lib.pmindex_assessment_card(self._ptr)]

    @cached_property
    def coverage(self):
        """The share of the model's points that applied, as a Decimal percent (96.67)."""
        return _exact.centi(lib.pmindex_assessment_coverage(self._ptr, None, None))

    @cached_property
    def coverage_fraction(self):
        """The coverage as an exact Fraction."""
        from fractions import Fraction
        num, den = ctypes.c_int64(), ctypes.c_int64()
        lib.pmindex_assessment_coverage(self._ptr, ctypes.byref(num), ctypes.byref(den))
        return Fraction(num.value, den.value)

    @cached_property
    def reasons(self):
        p, m = self._ptr, self.model
        arg = ctypes.c_int32()
        out = []
        for n in range(lib.pmindex_assessment_reason_count(p)):
            rule = RULES.get(lib.pmindex_assessment_reason(p, n, ctypes.byref(arg)), "other")
            a = arg.value
            if a < 0:
                name = None
            elif rule == "veto":
                name = m.vetoes[a].id
            elif rule in ("downgrade", "black_share"):
                name = m.indicators[a].id
            elif rule in ("black_tier", "red"):
                name = m.tiers[a].key
            else:
                name = a
            out.append(Reason(text(lib.pmindex_assessment_reason_key, p, n, first=64), rule,
                              name, text(lib.pmindex_assessment_reason_text, p, n, 0),
                              text(lib.pmindex_assessment_reason_text, p, n, 1)))
        return tuple(out)

    @property
    def reason_keys(self):
        return tuple(r.key for r in self.reasons)

    # ---- the details --------------------------------------------------------

    @cached_property
    def indicators(self):
        """Indicator id -> IndicatorScore, or None when none of its items applies."""
        p = self._ptr
        v = [ctypes.c_int64() for _ in range(4)]
        refs = [ctypes.byref(x) for x in v]
        out = ById(("the model", "indicator"))
        for k, ind in enumerate(self.model.indicators):
            if lib.pmindex_assessment_indicator(p, k, *refs) == 1:
                out[ind.id] = IndicatorScore(*(_exact.centi(x.value) for x in v))
            else:
                out[ind.id] = None
        return out

    @cached_property
    def items(self):
        """Item id -> ItemScore (observation, points, lost, max)."""
        p, c = self._ptr, self.compound
        points, lost = ctypes.c_int64(), ctypes.c_int64()
        rp, rl = ctypes.byref(points), ctypes.byref(lost)
        out = ById(("the model", "item"))
        for i, item in enumerate(self.model.items):
            if lib.pmindex_assessment_item(p, i, rp, rl) == 1:
                out[item.id] = ItemScore(c._value(i), _exact.centi(points.value),
                                         _exact.centi(lost.value), item.max)
            else:
                out[item.id] = ItemScore(None, None, None, item.max)
        return out

    @cached_property
    def losses(self):
        """(item id, points lost) of the items that lost points, largest loss first."""
        p = self._ptr
        n = lib.pmindex_assessment_losses(p, None, 0)
        order = (ctypes.c_int32 * max(n, 1))()
        lib.pmindex_assessment_losses(p, order, n)
        items = self.model.items
        lost = ctypes.c_int64()
        out = []
        for i in order[:n]:
            lib.pmindex_assessment_item(p, i, None, ctypes.byref(lost))
            out.append((items[i].id, _exact.centi(lost.value)))
        return tuple(out)

    # ---- as data and as text ------------------------------------------------------

    def as_dict(self, numbers="decimal"):
        """The verdict as plain data, shaped like the JSON Lines record
        (jsonl()), with indicators and items as dicts by id::

            {"compound_id": ..., "name", "street", "station", "company",
             "period", "households": int or None, "managed": bool,
             "index", "indicators": {"A": {"points", "earned", "applicable",
             "share"}, ...}, "coverage", "tier", "card", "reasons": [keys],
             "items": {"A1": {"value", "points", "lost"}, ...}, "losses": [ids]}

        Points, the index, shares, coverage (percent) and observations are
        exact Decimals with numbers="decimal" (the default), floats with
        "float" (for numpy and pandas; never decide a verdict with them) or
        their exact text with "str" ("87.50"). None where nothing applies.
        """
        empty_indicator = dict.fromkeys(("points", "earned", "applicable", "share"))
        d = dict(self.compound.fields)
        d.update({
            "households": self.compound.households,
            "managed": self.compound.managed,
            "index": self.index,
            "indicators": {k: s._asdict() if s else dict(empty_indicator)
                           for k, s in self.indicators.items()},
            "coverage": self.coverage,
            "tier": self.tier,
            "card": self.card,
            "reasons": list(self.reason_keys),
            "items": {k: {"value": s.value, "points": s.points, "lost": s.lost}
                      for k, s in self.items.items()},
            "losses": [item for item, _ in self.losses],
        })
        return _exact.numbers_as(d, numbers)

    def explain(self, lang="zh"):
        """The compound in full, as ``pmindex-score --explain ID`` prints it:
        its fields, index, tier, card and coverage, every indicator and item
        with its observation, points and points lost, the items that lost
        most, and every rule that fired. ``lang`` is "zh" or "en". The
        library lays it out (pmindex_assessment_explain), so the text is the
        program's byte for byte."""
        require("pmindex_assessment_explain", "Assessment.explain()")
        return text(lib.pmindex_assessment_explain, self._ptr, self.compound._ptr,
                    lang_code(lang), 0, first=8192)

    # ---- how sure the verdict is ----------------------------------------------------

    def margins(self):
        """How sure the verdict is: a Margins of the index margins, fragility
        and the flips (libpmindex 1.2), as pmindex-score --margins gives them."""
        require("pmindex_margins_new", "Assessment.margins()")
        m = _MarginsP()
        check(lib.pmindex_margins_new(self._ptr and self._model.ptr, ctypes.byref(m)),
              what="margins")
        owner = Owner(m, lib.pmindex_margins_free, (self._model,))
        try:
            check(lib.pmindex_margins_compute(m, self.compound._ptr), what="margins")
            down, up = ctypes.c_int64(), ctypes.c_int64()
            has = lib.pmindex_margins_index(m, ctypes.byref(down), ctypes.byref(up)) == 1
            model = self.model
            flips = []
            el, direction, tier, card = (ctypes.c_int32() for _ in range(4))
            before, after = ctypes.c_int64(), ctypes.c_int64()
            for n in range(lib.pmindex_margins_flip_count(m)):
                lib.pmindex_margins_flip(m, n, ctypes.byref(el), ctypes.byref(direction),
                                         ctypes.byref(before), ctypes.byref(after),
                                         ctypes.byref(tier), ctypes.byref(card))
                d = FLIP_DIRECTIONS[direction.value]
                steps = lib.pmindex_margins_flip_steps(m, n)
                flips.append(Flip(
                    model.vetoes[el.value].id if d == "lifted" else model.items[el.value].id, d,
                    None if d in ("best", "worst") else _exact.units(before.value),
                    _exact.units(after.value),
                    "fallback" if tier.value == TIER_FALLBACK else model.tiers[tier.value].key,
                    CARDS[card.value], _exact.centi(steps) if steps >= 0 else None,
                    text(lib.pmindex_margins_flip_text, m, n, 0),
                    text(lib.pmindex_margins_flip_text, m, n, 1)))
            return Margins(_exact.centi(down.value) if has else None,
                           _exact.centi(up.value) if has and up.value >= 0 else None,
                           lib.pmindex_margins_fragile(m) == 1, tuple(flips))
        finally:
            owner.release()

    # ---- the library's records ---------------------------------------------------

    def csv(self, margins=False):
        """The CSV result line, exactly as pmindex-score writes it (with its
        newline); with margins, as pmindex-score --margins does."""
        return self._record(FORMAT_CSV, 512, margins)

    def jsonl(self, margins=False):
        """The JSON Lines record, exactly as pmindex-score writes it (with
        its newline); with margins, as pmindex-score --margins does."""
        return self._record(FORMAT_JSONL, 4096, margins)

    def _record(self, fmt, first, margins=False):
        require("pmindex_assessment_record", "Assessment.csv() and .jsonl()")
        if margins:
            require("pmindex_margins_new", "records with margins")
        return text(lib.pmindex_assessment_record, self._ptr, self.compound._ptr, fmt,
                    RECORD_MARGINS if margins else 0, first=first)

    def __repr__(self):
        return "<pmindex.Assessment %s index=%s tier=%s card=%s>" % (
            self.compound_id or "(no id)", self.index, self.tier, self.card)


def assess(model, compound):
    """Assesses a Compound of the model; the Assessment takes it over."""
    mp = model._ptr
    a = _AssessmentP()
    check(lib.pmindex_assessment_new(mp, ctypes.byref(a)), what="assessment")
    owner = Owner(a, lib.pmindex_assessment_free, (model._owner,))
    check(lib.pmindex_assess(mp, compound._ptr, a), what="assess")
    return Assessment(model, compound, owner)
