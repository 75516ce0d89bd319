"""Scoring models: the embedded default, INI files, models built from Python
data, and everything a model holds."""

import ctypes
import os
from collections import namedtuple
from fractions import Fraction
from functools import cached_property

from . import _exact, _native
from ._native import Handle, Owner, decode, encode, lib
from ._native import Builder as _BuilderP
from ._native import Error as _ErrorP
from ._native import Model as _ModelP
from .assessment import Compound, assess, lang_code
from .errors import PmindexError, check, text, unknown

ITEM_TYPES = {1: "graded", 2: "passfail", 3: "deduct", 4: "rate"}
PERIOD_KINDS = {1: "half", 2: "quarter", 3: "month"}
_RULE_DOWNGRADE, _RULE_COVERAGE, _RULE_BLACK_SHARE = 1, 2, 3

#: An indicator: its id, names and points (its weight W_k, a Decimal).
Indicator = namedtuple("Indicator", "id name_zh name_en points")
#: An item: its id (also its sheet column), names, indicator id, max points,
#: type ("graded", "passfail", "deduct" or "rate"), the points a deduct item
#: loses per finding (else None), a rate item's goalposts zero and full (else
#: None), the levels of a graded item (else ()), a rate item's tolerance (one
#: step of its observation, else None) and the legal basis (laws and
#: regulations behind the item, "" when the model gives none).
Item = namedtuple("Item", "id name_zh name_en indicator max type penalty zero full levels "
                          "tolerance basis_zh basis_en", defaults=(None, "", ""))
#: A level of a graded item: its value (the share of max it earns) and labels.
Level = namedtuple("Level", "value label_zh label_en")
#: A veto event (一票否决): id (its sheet column), descriptions, the item it
#: belongs to (or None), whether it is a legal violation and its legal basis.
Veto = namedtuple("Veto", "id description_zh description_en item legal basis_zh basis_en",
                  defaults=("", ""))
#: A tier, best first: its key, labels and lowest index (threshold).
Tier = namedtuple("Tier", "key label_zh label_en threshold")
#: The rules of a model, as exact Fractions: the indicator share below which
#: the tier drops one step, the coverage below which a compound is fallback,
#: the black-card share floors, and the card rules by tier key.
Rules = namedtuple("Rules", "downgrade_share coverage_floor black_shares black_tier "
                            "black_on_veto red_tier")
#: A black-card floor: a compound whose share of the indicator is below it gets a black card.
BlackShare = namedtuple("BlackShare", "indicator share")
#: The company honour and watch lists (mean indices as Decimal points).
CompanyRules = namedtuple("CompanyRules", "honour_min honour_no_black watch_below watch_on_black")
#: The sanction ladder across periods, and the days a black card gives to rectify.
Ladder = namedtuple("Ladder", "period_kind max_level clean_periods legal_level levels "
                              "rectification_days", defaults=(30,))
#: A ladder level: its measure (key and labels) and inspection frequency.
LadderLevel = namedtuple("LadderLevel", "level key label_zh label_en inspection_zh inspection_en")


def _entry(e):
    """A spec entry given as a namedtuple or a dict, as a dict."""
    return e._asdict() if hasattr(e, "_asdict") else dict(e)


class Model(Handle):
    _what = "model"

    """A scoring model: indicators, items, vetoes, tiers, card rules and the
    sanction ladder. Immutable; may be shared between threads.

    Make one with Model.default(), Model.load_ini(path) or Model.build(spec).
    The C model is freed when the Model and everything made from it (its
    compounds, assessments and sheets) are gone, or after close() once
    those are gone.
    """

    def __init__(self, owner):
        self._owner = owner
        self._loaded = False

    def _load(self):
        """Reads what compounds and assessments need of the model, once: they
        stay readable after close()."""
        if not self._loaded:
            self.indicators, self.items, self.vetoes, self.tiers
            self._loaded = True

    @classmethod
    def _adopt(cls, ptr):
        return cls(Owner(ptr, lib.pmindex_model_free))

    # ---- making models --------------------------------------------------------

    @classmethod
    def default(cls):
        """The embedded default model: Luohu 2018-style, 4 indicators, 31 items."""
        p = _ModelP()
        check(lib.pmindex_model_default(ctypes.byref(p)), what="default model")
        return cls._adopt(p)

    @staticmethod
    def _with_error(call):
        e = _ErrorP()
        check(lib.pmindex_error_new(ctypes.byref(e)), what="error object")
        owner = Owner(e, lib.pmindex_error_free)
        try:
            p = _ModelP()
            rc = call(p, e)
            if rc < 0:
                raise PmindexError.from_error(e) if lib.pmindex_error_code(e) else \
                    PmindexError.from_code(rc)
            return p
        finally:
            owner.release()

    @classmethod
    def load_ini(cls, path):
        """Loads a model from an INI file (pmindex_model_load_ini, the format
        of models/README.md). Raises PmindexError naming the file, line and
        key at fault (NotImplementedError only with a 1.0 library, which
        had no INI models)."""
        _require("pmindex_model_load_ini", "Model.load_ini")
        b = encode(os.fsdecode(path), "path")
        return cls._adopt(cls._with_error(
            lambda p, e: lib.pmindex_model_load_ini(b, ctypes.byref(p), e)))

    @classmethod
    def from_ini(cls, ini, name=None):
        """Loads a model from INI text (str or bytes) held in memory."""
        _require("pmindex_model_load_ini_memory", "Model.from_ini")
        data = ini.encode("utf-8") if isinstance(ini, str) else bytes(ini)
        n = encode(name, "name") if name is not None else None
        return cls._adopt(cls._with_error(
            lambda p, e: lib.pmindex_model_load_ini_memory(data, len(data), n,
                                                           ctypes.byref(p), e)))

    @staticmethod
    def check_ini(path):
        """Checks a model file as load_ini() does and returns every problem
        found, one line each as the library writes them ([] for a valid
        model)."""
        _require("pmindex_model_check_ini", "Model.check_ini")
        b = encode(os.fsdecode(path), "path")
        return text(lib.pmindex_model_check_ini, b, first=4096).splitlines()

    def to_ini(self):
        """The model as INI text that load_ini() reads back to the same model."""
        _require("pmindex_model_write_ini", "Model.to_ini")
        return text(lib.pmindex_model_write_ini, self._ptr, first=1 << 16)

    @classmethod
    def build(cls, spec):
        """Builds a model from Python data shaped like to_spec() returns:
        a dict with name_zh, name_en, indicators, items, vetoes, tiers and,
        optionally, rules, company_rules and ladder. Entries may be dicts or
        the namedtuples of this module; points and values are int, str or
        Decimal (never float), shares are Fraction, int, Decimal or a str
        such as "2/3". The library checks everything at once and the
        PmindexError names the element at fault (section "item C4", field
        "zero")."""
        p = _BuilderP()
        check(lib.pmindex_builder_new(ctypes.byref(p)), what="builder")
        owner = Owner(p, lib.pmindex_builder_free)
        try:
            _build(p, spec)
            m = _ModelP()
            check(lib.pmindex_builder_build(p, ctypes.byref(m)), lib.pmindex_builder_error(p))
            return cls._adopt(m)
        finally:
            owner.release()

    def to_spec(self):
        """The whole model as Python data that build() takes back."""
        return {
            "name_zh": self.name("zh"),
            "name_en": self.name("en"),
            "indicators": [i._asdict() for i in self.indicators],
            "items": [dict(i._asdict(), levels=[lv._asdict() for lv in i.levels])
                      for i in self.items],
            "vetoes": [v._asdict() for v in self.vetoes],
            "tiers": [t._asdict() for t in self.tiers],
            "rules": dict(self.rules._asdict(),
                          black_shares=[b._asdict() for b in self.rules.black_shares]),
            "company_rules": self.company_rules._asdict(),
            "ladder": dict(self.ladder._asdict(),
                           levels=[lv._asdict() for lv in self.ladder.levels]),
        }

    # ---- what a model holds --------------------------------------------------------

    def name(self, lang="zh"):
        return decode(lib.pmindex_model_name(self._ptr, lang_code(lang)))

    @cached_property
    def indicators(self):
        p = self._ptr
        return tuple(Indicator(decode(lib.pmindex_model_indicator_id(p, k)),
                               decode(lib.pmindex_model_indicator_name(p, k, 0)),
                               decode(lib.pmindex_model_indicator_name(p, k, 1)),
                               _exact.centi(lib.pmindex_model_indicator_points(p, k)))
                     for k in range(lib.pmindex_model_indicator_count(p)))

    @cached_property
    def items(self):
        p = self._ptr
        out = []
        for i in range(lib.pmindex_model_item_count(p)):
            kind = ITEM_TYPES.get(lib.pmindex_model_item_type(p, i), "unknown")
            penalty = zero = full = None
            levels = ()
            if kind == "deduct":
                penalty = _exact.centi(lib.pmindex_model_item_penalty(p, i))
            elif kind == "rate":
                z, f = ctypes.c_int64(), ctypes.c_int64()
                check(lib.pmindex_model_item_goalposts(p, i, ctypes.byref(z), ctypes.byref(f)))
                zero, full = _exact.units(z.value), _exact.units(f.value)
            elif kind == "graded":
                levels = tuple(
                    Level(_exact.units(lib.pmindex_model_item_level_value(p, i, j)),
                          decode(lib.pmindex_model_item_level_label(p, i, j, 0)),
                          decode(lib.pmindex_model_item_level_label(p, i, j, 1)))
                    for j in range(lib.pmindex_model_item_level_count(p, i)))
            tolerance, basis = None, ("", "")
            if _native.has("pmindex_model_item_tolerance"):
                if kind == "rate":
                    tolerance = _exact.units(lib.pmindex_model_item_tolerance(p, i))
                basis = (decode(lib.pmindex_model_item_basis(p, i, 0)),
                         decode(lib.pmindex_model_item_basis(p, i, 1)))
            out.append(Item(decode(lib.pmindex_model_item_id(p, i)),
                            decode(lib.pmindex_model_item_name(p, i, 0)),
                            decode(lib.pmindex_model_item_name(p, i, 1)),
                            self.indicators[lib.pmindex_model_item_indicator(p, i)].id,
                            _exact.centi(lib.pmindex_model_item_max(p, i)),
                            kind, penalty, zero, full, levels, tolerance, *basis))
        return tuple(out)

    @cached_property
    def vetoes(self):
        p = self._ptr
        out = []
        for v in range(lib.pmindex_model_veto_count(p)):
            item = lib.pmindex_model_veto_item(p, v)
            out.append(Veto(decode(lib.pmindex_model_veto_id(p, v)),
                            decode(lib.pmindex_model_veto_description(p, v, 0)),
                            decode(lib.pmindex_model_veto_description(p, v, 1)),
                            self.items[item].id if item >= 0 else None,
                            bool(lib.pmindex_model_veto_legal(p, v)),
                            *((decode(lib.pmindex_model_veto_basis(p, v, 0)),
                               decode(lib.pmindex_model_veto_basis(p, v, 1)))
                              if _native.has("pmindex_model_veto_basis") else ("", ""))))
        return tuple(out)

    @cached_property
    def tiers(self):
        p = self._ptr
        return tuple(Tier(decode(lib.pmindex_model_tier_key(p, t)),
                          decode(lib.pmindex_model_tier_label(p, t, 0)),
                          decode(lib.pmindex_model_tier_label(p, t, 1)),
                          _exact.centi(lib.pmindex_model_tier_threshold(p, t)))
                     for t in range(lib.pmindex_model_tier_count(p)))

    def fallback_label(self, lang="zh"):
        """The label of the compounds too little covered to rank (兜底管理)."""
        return decode(lib.pmindex_model_tier_label(self._ptr, -1, lang_code(lang)))

    def _rule(self, rule, n=0):
        ind, num, den = ctypes.c_int32(), ctypes.c_int64(), ctypes.c_int64()
        check(lib.pmindex_model_rule(self._ptr, rule, n, ctypes.byref(ind), ctypes.byref(num),
                                     ctypes.byref(den)))
        return ind.value, Fraction(num.value, den.value)

    @cached_property
    def rules(self):
        p = self._ptr
        black_shares = []
        for n in range(lib.pmindex_model_black_share_count(p)):
            k, share = self._rule(_RULE_BLACK_SHARE, n)
            black_shares.append(BlackShare(self.indicators[k].id, share))
        black_tier = lib.pmindex_model_black_tier(p)
        red_tier = lib.pmindex_model_red_tier(p)
        return Rules(self._rule(_RULE_DOWNGRADE)[1], self._rule(_RULE_COVERAGE)[1],
                     tuple(black_shares),
                     self.tiers[black_tier].key if black_tier >= 0 else None,
                     bool(lib.pmindex_model_black_on_veto(p)),
                     self.tiers[red_tier].key if red_tier >= 0 else None)

    @cached_property
    def company_rules(self):
        hmin, wbelow = ctypes.c_int64(), ctypes.c_int64()
        hnb, wob = ctypes.c_int32(), ctypes.c_int32()
        check(lib.pmindex_model_company_rules(self._ptr, ctypes.byref(hmin), ctypes.byref(hnb),
                                              ctypes.byref(wbelow), ctypes.byref(wob)))
        return CompanyRules(_exact.centi(hmin.value), bool(hnb.value),
                            _exact.centi(wbelow.value), bool(wob.value))

    @cached_property
    def ladder(self):
        p = self._ptr
        top = lib.pmindex_model_ladder_max_level(p)
        levels = tuple(LadderLevel(n, decode(lib.pmindex_model_measure_key(p, n)),
                                   decode(lib.pmindex_model_measure_label(p, n, 0)),
                                   decode(lib.pmindex_model_measure_label(p, n, 1)),
                                   decode(lib.pmindex_model_inspection(p, n, 0)),
                                   decode(lib.pmindex_model_inspection(p, n, 1)))
                       for n in range(top + 1))
        days = (lib.pmindex_model_rectification_days(p)
                if _native.has("pmindex_model_rectification_days") else 30)
        return Ladder(PERIOD_KINDS.get(lib.pmindex_model_period_kind(p), "unknown"), top,
                      lib.pmindex_model_ladder_clean_periods(p),
                      lib.pmindex_model_ladder_legal_level(p), levels, days)

    def _find(self, table, key, what):
        entries = getattr(self, table)
        for e in entries:
            if e[0] == key:
                return e
        raise unknown(("the model", what), key, [e[0] for e in entries])

    def indicator(self, id):
        return self._find("indicators", id, "indicator")

    def item(self, id):
        return self._find("items", id, "item")

    def veto(self, id):
        return self._find("vetoes", id, "veto")

    def tier(self, key):
        return self._find("tiers", key, "tier")

    @property
    def columns(self):
        """The columns a score sheet of this model may have."""
        return (["compound_id", "name", "street", "station", "company", "households",
                 "managed", "period"] + [i.id for i in self.items] + [v.id for v in self.vetoes])

    # ---- using a model ---------------------------------------------------------

    def compound(self, observations=None):
        """A new Compound of this model, optionally with cells set."""
        return Compound(self, observations)

    def assess(self, observations):
        """Assesses one compound. ``observations`` maps sheet columns (item
        ids, veto ids, and optionally managed, compound_id, name...) to cell
        values as strings ("1", "87.5%", "符合", "" or "NA" for not
        applicable), or is a Compound. Returns an Assessment; raises
        PmindexError listing every bad cell."""
        if isinstance(observations, Compound):
            if observations.model is not self:
                raise ValueError("the compound belongs to another model")
            c = observations.copy()
        else:
            c = Compound(self, observations)
        return assess(self, c)

    def csv_header(self):
        """The header line of the CSV results (with its newline)."""
        _native.require("pmindex_assessment_header", "csv_header")
        return text(lib.pmindex_assessment_header, self._ptr, 1, 0)

    def read_sheet(self, source, **options):
        """Opens a score sheet for reading row by row; see pmindex.Sheet."""
        from .sheet import Sheet
        return Sheet(self, source, **options)

    def score_sheet(self, source, out, **options):
        """Scores a whole sheet into a file, as pmindex-score does; see
        pmindex.sheet.score_sheet."""
        from .sheet import score_sheet
        return score_sheet(self, source, out, **options)

    def __repr__(self):
        state = "closed" if self._owner is None else self.name("en")
        return "<pmindex.Model %s>" % state


_require = _native.require


def _opt_str(v, what):
    return None if v is None else encode(v, what)


def _build(p, spec):
    """Feeds a spec to a pmindex_builder."""
    def ok(rc):
        check(rc, lib.pmindex_builder_error(p))

    def s(v, what):
        return encode(v if v is not None else "", what)

    if "name_zh" in spec or "name_en" in spec:
        ok(lib.pmindex_builder_set_name(p, s(spec.get("name_zh"), "name_zh"),
                                        s(spec.get("name_en"), "name_en")))
    for e in map(_entry, spec.get("indicators", ())):
        ok(lib.pmindex_builder_add_indicator(p, s(e["id"], "indicator id"),
                                             s(e.get("name_zh"), "name_zh"),
                                             s(e.get("name_en"), "name_en"),
                                             _exact.to_centi(e["points"], "points")))
    types = {v: k for k, v in ITEM_TYPES.items()}
    for e in map(_entry, spec.get("items", ())):
        kind = e.get("type")
        if kind not in types:
            raise ValueError("item %s: type is one of %s, not %r"
                             % (e.get("id"), ", ".join(types), kind))
        ok(lib.pmindex_builder_add_item(p, s(e["id"], "item id"), s(e.get("name_zh"), "name_zh"),
                                        s(e.get("name_en"), "name_en"),
                                        s(e["indicator"], "indicator"),
                                        _exact.to_centi(e["max"], "max"), types[kind]))
        if e.get("penalty") is not None:
            ok(lib.pmindex_builder_set_penalty(p, _exact.to_centi(e["penalty"], "penalty")))
        if e.get("zero") is not None or e.get("full") is not None:
            ok(lib.pmindex_builder_set_goalposts(p, _exact.to_units(e.get("zero", 0), "zero"),
                                                 _exact.to_units(e.get("full", 0), "full")))
        for lv in map(_entry, e.get("levels") or ()):
            ok(lib.pmindex_builder_add_item_level(p, _exact.to_units(lv["value"], "level"),
                                                  s(lv.get("label_zh"), "label_zh"),
                                                  s(lv.get("label_en"), "label_en")))
        if e.get("tolerance") is not None:
            _native.require("pmindex_builder_set_tolerance", "an item's tolerance")
            ok(lib.pmindex_builder_set_tolerance(p, _exact.to_units(e["tolerance"], "tolerance")))
        if e.get("basis_zh") or e.get("basis_en"):
            _native.require("pmindex_builder_set_item_basis", "an item's legal basis")
            ok(lib.pmindex_builder_set_item_basis(p, s(e.get("basis_zh") or "", "basis_zh"),
                                                  s(e.get("basis_en") or "", "basis_en")))
    for e in map(_entry, spec.get("vetoes", ())):
        ok(lib.pmindex_builder_add_veto(p, s(e["id"], "veto id"),
                                        s(e.get("description_zh"), "description_zh"),
                                        s(e.get("description_en"), "description_en"),
                                        _opt_str(e.get("item"), "item"),
                                        1 if e.get("legal") else 0))
        if e.get("basis_zh") or e.get("basis_en"):
            _native.require("pmindex_builder_set_veto_basis", "a veto's legal basis")
            ok(lib.pmindex_builder_set_veto_basis(p, s(e.get("basis_zh") or "", "basis_zh"),
                                                  s(e.get("basis_en") or "", "basis_en")))
    for e in map(_entry, spec.get("tiers", ())):
        ok(lib.pmindex_builder_add_tier(p, s(e["key"], "tier key"), s(e.get("label_zh"), "label_zh"),
                                        s(e.get("label_en"), "label_en"),
                                        _exact.to_centi(e["threshold"], "threshold")))
    rules = spec.get("rules")
    if rules is not None:
        rules = _entry(rules)
        for key, code in (("downgrade_share", _RULE_DOWNGRADE),
                          ("coverage_floor", _RULE_COVERAGE)):
            if rules.get(key) is not None:
                ok(lib.pmindex_builder_set_rule(p, code, *_exact.to_fraction(rules[key], key)))
        for b in map(_entry, rules.get("black_shares") or ()):
            ok(lib.pmindex_builder_add_black_share(p, s(b["indicator"], "indicator"),
                                                   *_exact.to_fraction(b["share"], "share")))
        if {"black_tier", "black_on_veto", "red_tier"} & set(rules):
            ok(lib.pmindex_builder_set_cards(p, _opt_str(rules.get("black_tier"), "black_tier"),
                                             1 if rules.get("black_on_veto", True) else 0,
                                             _opt_str(rules.get("red_tier"), "red_tier")))
    company = spec.get("company_rules")
    if company is not None:
        c = _entry(company)
        ok(lib.pmindex_builder_set_company_rules(
            p, _exact.to_centi(c["honour_min"], "honour_min"), 1 if c.get("honour_no_black") else 0,
            _exact.to_centi(c["watch_below"], "watch_below"), 1 if c.get("watch_on_black") else 0))
    ladder = spec.get("ladder")
    if ladder is not None:
        lad = _entry(ladder)
        kinds = {v: k for k, v in PERIOD_KINDS.items()}
        if lad.get("period_kind", "half") not in kinds:
            raise ValueError("ladder: period_kind is one of %s, not %r"
                             % (", ".join(kinds), lad.get("period_kind")))
        ok(lib.pmindex_builder_set_ladder(p, int(lad["max_level"]), int(lad["clean_periods"]),
                                          int(lad["legal_level"]),
                                          kinds[lad.get("period_kind", "half")]))
        if lad.get("rectification_days") is not None:
            _native.require("pmindex_builder_set_rectification_days", "rectification_days")
            ok(lib.pmindex_builder_set_rectification_days(p, int(lad["rectification_days"])))
        for lv in map(_entry, lad.get("levels") or ()):
            ok(lib.pmindex_builder_set_level(p, int(lv["level"]), s(lv.get("key"), "key"),
                                             s(lv.get("label_zh"), "label_zh"),
                                             s(lv.get("label_en"), "label_en"),
                                             s(lv.get("inspection_zh"), "inspection_zh"),
                                             s(lv.get("inspection_en"), "inspection_en")))
