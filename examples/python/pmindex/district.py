"""A district's period (pmindex_district): every compound's verdict ranked
in the district, its street, its police station and its company, and the
summaries of streets, stations and property companies; and partial sheets
merged by compound_id (pmindex_merge). Needs libpmindex 1.1."""

import ctypes
from collections import namedtuple
from fractions import Fraction

from . import _exact
from ._native import District as _DistrictP
from ._native import Merge as _MergeP
from ._native import Handle, Owner, decode, has, lib, require
from ._native import Uncertainty as _UncertaintyP
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

#: A probability over the samples of an uncertainty analysis: ``p`` the
#: exact Fraction of the samples, ``low`` and ``high`` its 95% Wilson score
#: interval (Decimal, rounded outwards to the millionth).
Probability = namedtuple("Probability", "p low high")
#: A compound in the uncertainty analysis: its plain verdict and rank, the
#: probability of each tier (by key), of a red and of a black card, and its
#: district rank's median and 5th and 95th percentiles (None when unranked).
CompoundUncertainty = namedtuple("CompoundUncertainty",
                                 "compound_id name tier card rank tiers red black rank_median "
                                 "rank_p5 rank_p95")
#: A street, station or company in the uncertainty analysis: its plain rank,
#: its rank's median and percentiles, and for a company the probability of
#: each list (None otherwise).
GroupUncertainty = namedtuple("GroupUncertainty", "name rank rank_median rank_p5 rank_p95 honour "
                                                  "watch")
#: An estimate with its 95% bootstrap interval (Decimal); None when undefined.
Estimate = namedtuple("Estimate", "value low high")
#: An uncertain input's sensitivity: ``input`` "weight:A", "goalposts" or
#: "errors" (``indicator`` the weight's indicator id), ``cards`` the share of
#: the district's compounds whose card changes when it alone varies,
#: ``first_order`` and ``total`` its Sobol indices of the mean absolute rank
#: shift.
Sensitivity = namedtuple("Sensitivity", "input indicator cards first_order total")
_INPUTS = {"weights": 1, "goalposts": 2, "errors": 3}
_PPM = 1000000


def _need(name):
    require(name, "the district API (libpmindex 1.1)")


def _scope(by):
    try:
        return SCOPES[by]
    except KeyError:
        raise ValueError("by is 'district', 'street', 'station' or 'company', not %r"
                         % (by,)) from None


class District(Handle):
    _what = "district"

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
        # Copies of the compounds, for uncertainty() (libpmindex 1.2).
        self._kept = [] if has("pmindex_uncertainty_new") else None


    def add(self, assessment):
        """Adds an Assessment (with its compound); the district keeps a compact copy."""
        p = self._ptr
        check(lib.pmindex_district_add(p, assessment.compound._ptr, assessment._ptr),
              lib.pmindex_district_error(p), "district")
        if self._kept is not None:
            self._kept.append(assessment.compound.copy())

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

    def uncertainty(self, samples, seed=0, weights=0, goalposts=0, errors=0, threads=1):
        """How sure the computed district's verdicts are: a Monte Carlo
        analysis of ``samples`` samples (libpmindex 1.2), as pmindex-rank
        --uncertainty runs it, the same bytes for the same seed on any
        number of threads. ``weights``, ``goalposts`` and ``errors`` are
        shares ("20%", "0.2", Decimal or Fraction): how much every
        indicator weight varies, how far every rate item's goalposts move
        and how far every rate observation is off, as a share of its span."""
        require("pmindex_uncertainty_new", "District.uncertainty()")
        self.ranked_count  # raises before compute()
        u = _UncertaintyP()
        check(lib.pmindex_uncertainty_new(self.model._ptr, ctypes.byref(u)), what="uncertainty")
        owner = Owner(u, lib.pmindex_uncertainty_free, (self._owner, self.model._owner))
        error = lib.pmindex_uncertainty_error(u)
        for name, value in (("weights", weights), ("goalposts", goalposts), ("errors", errors)):
            check(lib.pmindex_uncertainty_set(u, _INPUTS[name], _ppm(value, name)), error,
                  "uncertainty")
        for c in self._kept:
            check(lib.pmindex_uncertainty_add(u, c._ptr), error, "uncertainty")
        if not isinstance(samples, int) or not isinstance(seed, int) or \
                not isinstance(threads, int):
            raise TypeError("samples, seed and threads are ints")
        if not 0 <= seed < 2 ** 64:
            raise ValueError("seed is 0 to 2**64 - 1, not %d" % seed)
        check(lib.pmindex_uncertainty_run(u, self._ptr, samples, seed, threads), error,
              "uncertainty")
        return Uncertainty(self, owner, seed)


def _ppm(value, what):
    """A share as millionths: "20%", "0.2", a Decimal or a Fraction."""
    if isinstance(value, str) and value.strip().endswith("%"):
        d = _exact._decimal(value.strip()[:-1], what) / 100
    elif isinstance(value, Fraction):
        d = value
    else:
        d = _exact._decimal(value, what)
    ppm = Fraction(d) * _PPM
    if ppm.denominator != 1:
        raise ValueError("%s: %s has more decimals than a millionth" % (what, value))
    return int(ppm)


def _ppm_decimal(n):
    """Millionths as the shortest exact Decimal."""
    return _exact.units(n * 100)


class Uncertainty(Handle):
    _what = "uncertainty analysis"

    """The results of District.uncertainty(): read them as tuples or as the
    records pmindex-rank --uncertainty writes."""

    def __init__(self, district, owner, seed):
        self.district = district
        self.model = district.model
        self.seed = seed
        self._owner = owner
        self.samples = lib.pmindex_uncertainty_samples(owner.ptr)


    def _probability(self, count):
        low, high = ctypes.c_int64(), ctypes.c_int64()
        check(lib.pmindex_probability_interval(count, self.samples, ctypes.byref(low),
                                               ctypes.byref(high)))
        return Probability(Fraction(count, self.samples), _ppm_decimal(low.value),
                           _ppm_decimal(high.value))

    def _rank(self, scope, n):
        v = [ctypes.c_int64() for _ in range(3)]
        if check(lib.pmindex_uncertainty_rank(self._ptr, scope, n, *(ctypes.byref(x) for x in v)),
                 what="uncertainty") == 1:
            return tuple(x.value for x in v)
        return (None, None, None)

    def compounds(self):
        """Every compound, in the district's listing order."""
        p, d = self._ptr, self.district
        out = []
        for r in d.ranking():
            k = check(lib.pmindex_district_listed(d._ptr, len(out)), what="district")
            tiers = {t.key: self._probability(lib.pmindex_uncertainty_tier_count(p, k, i))
                     for i, t in enumerate(self.model.tiers)}
            red = self._probability(lib.pmindex_uncertainty_card_count(p, k, 1))
            black = self._probability(lib.pmindex_uncertainty_card_count(p, k, 2))
            out.append(CompoundUncertainty(r.compound_id, r.name, r.tier, r.card, r.rank, tiers,
                                           red, black, *self._rank(0, k)))
        return out

    def groups(self, by):
        """The streets, stations or companies, in the district's listing order."""
        scope = _scope(by)
        if scope == 0:
            raise ValueError("groups() are by street, station or company")
        p, d = self._ptr, self.district
        out = []
        for g, s in enumerate(d.summaries(by)):
            honour = watch = None
            if scope == 3 and s.rank:
                honour = self._probability(lib.pmindex_uncertainty_list_count(p, g, 1))
                watch = self._probability(lib.pmindex_uncertainty_list_count(p, g, 2))
            out.append(GroupUncertainty(s.name, s.rank, *self._rank(scope, g), honour, watch))
        return out

    def _estimate(self, n, measure):
        v = [ctypes.c_int64() for _ in range(3)]
        if lib.pmindex_uncertainty_sensitivity(self._ptr, n, measure,
                                               *(ctypes.byref(x) for x in v)) == 1:
            return Estimate(*(_ppm_decimal(x.value) for x in v))
        return None

    @property
    def inputs(self):
        """The sensitivity of each uncertain input, as Sensitivity tuples."""
        p = self._ptr
        out = []
        k = ctypes.c_int32()
        for n in range(lib.pmindex_uncertainty_input_count(p)):
            kind = lib.pmindex_uncertainty_input(p, n, ctypes.byref(k))
            indicator = self.model.indicators[k.value].id if kind == 1 else None
            name = "weight:" + indicator if kind == 1 else ("goalposts" if kind == 2 else "errors")
            out.append(Sensitivity(name, indicator, *(self._estimate(n, m) for m in (1, 2, 3))))
        return out

    @property
    def rank_shift(self):
        """The mean absolute rank shift (Decimal ranks) with its 95% interval."""
        v = [ctypes.c_int64() for _ in range(3)]
        if check(lib.pmindex_uncertainty_rank_shift(self._ptr, *(ctypes.byref(x) for x in v)),
                 what="uncertainty") == 1:
            return Estimate(*(_exact.centi(x.value) for x in v))
        return None

    def _records(self, by, fmt):
        p = self._ptr
        if by == "input":
            head = text(lib.pmindex_uncertainty_input_header, p, fmt, 0)
            return head + "".join(text(lib.pmindex_uncertainty_input_record, p, n, fmt, 0,
                                       first=1024)
                                  for n in range(lib.pmindex_uncertainty_input_count(p)))
        scope = _scope(by)
        d = self.district
        n = len(d) if scope == 0 else lib.pmindex_district_group_count(d._ptr, scope)
        head = text(lib.pmindex_uncertainty_header, p, scope, fmt, 0, first=1024)
        return head + "".join(text(lib.pmindex_uncertainty_record, p, scope, k, fmt, 0, first=2048)
                              for k in range(n))

    def csv(self, by="district"):
        """The records as pmindex-rank --uncertainty --format csv writes them,
        by "district", "street", "station", "company" or "input"."""
        return self._records(by, FORMAT_CSV)

    def jsonl(self, by="district"):
        """The records as pmindex-rank --uncertainty --format jsonl writes them."""
        return self._records(by, FORMAT_JSONL)


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
