"""A district's period (pmindex_district): every compound's verdict ranked
in the district, its street, its police station and its company, and the
summaries of streets, stations and property companies; and partial sheets
merged by compound_id (pmindex_merge). Needs libpmindex 1.1."""

import ctypes
from collections import namedtuple

from . import _exact
from ._native import District as _DistrictP
from ._native import Merge as _MergeP
from ._native import Owner, decode, lib, require
from .assessment import CARDS, FORMAT_CSV, FORMAT_JSONL, TIER_FALLBACK, Compound, assess
from .errors import PmindexError, check, text
from .sheet import _open

#: The scopes of rankings and summaries, as the library numbers them.
SCOPES = {"district": 0, "street": 1, "station": 2, "company": 3}
_STATS = ("mean", "median", "min", "max", "weighted_mean")
_MERGE_MISSING_NA = 1  # PMINDEX_MERGE_MISSING_NA

class Ranked(namedtuple("Ranked", "compound_id name street station company households index "
                                  "tier card rank street_rank station_rank company_rank")):
    """One compound of the ranking. ``index`` is a Decimal or None; ``tier``
    the tier key or "fallback"; ranks are ints, None when unranked."""

    __slots__ = ()

    def as_dict(self, numbers="decimal"):
        """The fields as a dict; the index as a Decimal, a float or its text
        (numbers="decimal", "float" or "str")."""
        return _exact.numbers_as(self._asdict(), numbers)


class Summary(namedtuple("Summary", "name compounds households tiers cards mean weighted_mean "
                                    "median min max rank lists black")):
    """The summary of a street, station, company or the whole district:
    counts of each tier key (and "fallback") and card, the index statistics
    (Decimal, None without a compound that has a tier), the group's rank
    (None without a mean), its lists ("honour", "watch") and the compound
    ids of its black-card compounds."""

    __slots__ = ()

    def as_dict(self, numbers="decimal"):
        """The fields as a dict (lists as lists); the statistics as Decimals,
        floats or their text (numbers="decimal", "float" or "str")."""
        return _exact.numbers_as(self._asdict(), numbers)


def _need(name):
    require(name, "the district API (libpmindex 1.1)")


def _scope(by):
    try:
        return SCOPES[by]
    except KeyError:
        raise ValueError("by is 'district', 'street', 'station' or 'company', not %r"
                         % (by,)) from None


class District:
    """The compounds of one period, ranked and summarised::

        d = pmindex.District(model)
        for a in model.read_sheet("district.csv"):
            d.add(a)
        d.compute()
        d.ranking()[0]           # Ranked(compound_id='LH-CZ-003', ..., rank=1, ...)
        d.summaries("company")   # [Summary(name='...', weighted_mean=Decimal('91.32'), ...)]
        d.csv("street")          # the CSV pmindex-rank --by street --format csv writes

    Adding after compute() raises PmindexError (E_STATE).
    """

    def __init__(self, model):
        _need("pmindex_district_new")
        self.model = model
        p = _DistrictP()
        check(lib.pmindex_district_new(model._ptr, ctypes.byref(p)), what="district")
        self._owner = Owner(p, lib.pmindex_district_free, (model._owner,))

    @property
    def _ptr(self):
        if self._owner is None:
            raise ValueError("the district is closed")
        return self._owner.ptr

    def close(self):
        self._owner = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def add(self, assessment):
        """Adds an Assessment (with its compound); the district keeps a compact copy."""
        p = self._ptr
        check(lib.pmindex_district_add(p, assessment.compound._ptr, assessment._ptr),
              lib.pmindex_district_error(p), "district")

    def add_compound(self, compound):
        """Assesses a Compound and adds it."""
        self.add(assess(self.model, compound))

    def compute(self):
        """Ranks and summarises; afterwards nothing can be added."""
        p = self._ptr
        check(lib.pmindex_district_compute(p), lib.pmindex_district_error(p), "district")
        return self

    def __len__(self):
        return lib.pmindex_district_count(self._ptr)

    @property
    def ranked_count(self):
        return check(lib.pmindex_district_ranked_count(self._ptr), what="district")

    def _compound(self, k):
        p = self._ptr
        v = ctypes.c_int64()
        index = _exact.centi(v.value) if lib.pmindex_district_compound_index(
            p, k, ctypes.byref(v)) == 1 else None
        tier = lib.pmindex_district_compound_tier(p, k)
        hh = lib.pmindex_district_compound_households(p, k)
        ranks = [check(lib.pmindex_district_compound_rank(p, k, s)) or None for s in range(4)]
        return Ranked(*(decode(lib.pmindex_district_compound_field(p, k, f)) for f in range(5)),
                      hh if hh >= 0 else None, index,
                      "fallback" if tier == TIER_FALLBACK else self.model.tiers[tier].key,
                      CARDS[lib.pmindex_district_compound_card(p, k)], *ranks)

    def ranking(self):
        """Every compound in listing order: by rank, then compound_id; the
        fallback compounds (unranked) last."""
        p = self._ptr
        n = len(self)
        return [self._compound(check(lib.pmindex_district_listed(p, i), what="district"))
                for i in range(n)]

    def _summary(self, scope, g):
        p = self._ptr
        tiers = {t.key: lib.pmindex_district_group_tier_count(p, scope, g, i)
                 for i, t in enumerate(self.model.tiers)}
        tiers["fallback"] = check(lib.pmindex_district_group_tier_count(p, scope, g,
                                                                        TIER_FALLBACK))
        cards = {c: lib.pmindex_district_group_card_count(p, scope, g, i)
                 for i, c in enumerate(CARDS) if c != "none"}
        stats = {}
        v = ctypes.c_int64()
        for i, name in enumerate(_STATS):
            stats[name] = _exact.centi(v.value) if lib.pmindex_district_group_stat(
                p, scope, g, i, ctypes.byref(v)) == 1 else None
        n = lib.pmindex_district_group_black(p, scope, g, None, 0)
        black = (ctypes.c_int64 * max(n, 1))()
        lib.pmindex_district_group_black(p, scope, g, black, n)
        lists = lib.pmindex_district_group_lists(p, scope, g)
        return Summary(decode(lib.pmindex_district_group_name(p, scope, g)),
                       lib.pmindex_district_group_compounds(p, scope, g),
                       lib.pmindex_district_group_households(p, scope, g), tiers, cards,
                       stats["mean"], stats["weighted_mean"], stats["median"], stats["min"],
                       stats["max"], lib.pmindex_district_group_rank(p, scope, g) or None,
                       tuple(name for bit, name in ((1, "honour"), (2, "watch")) if lists & bit),
                       tuple(decode(lib.pmindex_district_compound_field(p, black[b], 0))
                             for b in range(n)))

    def summaries(self, by):
        """The summaries of "street", "station" or "company", in listing
        order (by rank, then name); "district" gives the one whole."""
        scope = _scope(by)
        self.ranked_count  # raises before compute()
        return [self._summary(scope, g)
                for g in range(lib.pmindex_district_group_count(self._ptr, scope))]

    def summary(self):
        """The summary of the whole district."""
        return self.summaries("district")[0]

    def _records(self, by, fmt):
        require("pmindex_district_record", "District.csv() and .jsonl()")
        scope = _scope(by)
        p = self._ptr
        n = len(self) if scope == 0 else lib.pmindex_district_group_count(p, scope)
        return [text(lib.pmindex_district_record, p, scope, k, fmt, 0, first=1024)
                for k in range(n)]

    def csv(self, by="district", header=True):
        """The ranking or summaries as CSV, byte for byte as pmindex-rank writes them."""
        records = self._records(by, FORMAT_CSV)
        head = [text(lib.pmindex_district_header, self._ptr, _scope(by), FORMAT_CSV, 0)]
        return "".join((head if header else []) + records)

    def jsonl(self, by="district"):
        """The ranking or summaries as JSON Lines, as pmindex-rank writes them."""
        return "".join(self._records(by, FORMAT_JSONL))


def merge_sheets(model, sources, missing_na=False, encoding=None, max_errors=100):
    """Merges partial sheets of one period by compound_id (paths or bytes)
    and returns the merged Compounds, in order of first appearance. Every
    problem (conflicts, sheet errors, compounds missing from a sheet, items
    no sheet gives unless ``missing_na``) is collected: PmindexError lists
    them (its ``errors``, at most max_errors; ``count`` counts them all)."""
    _need("pmindex_merge_new")
    m = _MergeP()
    check(lib.pmindex_merge_new(model._ptr, _MERGE_MISSING_NA if missing_na else 0,
                                ctypes.byref(m)), what="merge")
    owner = Owner(m, lib.pmindex_merge_free, (model._owner,))
    for k, source in enumerate(sources):
        name = "sheet %d" % (k + 1) if isinstance(source, (bytes, bytearray)) else None
        sheet = _open(model, source, encoding, True, name)
        check(lib.pmindex_merge_add_sheet(m, sheet.ptr), what="merge")
        sheet.release()
    lib.pmindex_merge_finish(m)
    count = lib.pmindex_merge_error_count(m)
    if count:
        errors = [PmindexError.from_error(lib.pmindex_merge_error(m, k))
                  for k in range(min(count, max_errors if max_errors is not None else count))
                  if lib.pmindex_merge_error(m, k)]
        raise PmindexError.collect(errors, count)
    out = []
    for k in range(lib.pmindex_merge_count(m)):
        c = Compound(model)
        check(lib.pmindex_compound_copy(c._ptr, lib.pmindex_merge_compound(m, k)),
              lib.pmindex_compound_error(c._ptr))
        out.append(c)
    owner.release()
    return out
