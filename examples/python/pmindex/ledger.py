"""Periods, the sanction ladder and the ledger (SQLite) across periods:
thin classes over pmindex_period_*, pmindex_ladder_* and pmindex_ledger_*.

    ledger = pmindex.Ledger("district.ledger", create=True)
    ledger.apply(model, "2018H2", model.read_sheet("2018H2.csv").compounds())
    for row in ledger.history("LH-HB-020"):
        print(row.period, row.card, row.level, row.measure)
"""

import ctypes
from collections import namedtuple
from decimal import Decimal

from . import _exact, _native
from ._native import Ledger as _LedgerP
from ._native import LedgerRows as _RowsP
from ._native import Error as _ErrorP
from ._native import Owner, decode, encode, lib, pmindex_ladder_state, require
from .assessment import CARDS, FORMATS, Compound
from .errors import ById, PmindexError, check

KINDS = {1: "half", 2: "quarter", 3: "month"}

#: Bits of Ladder.events() (enum pmindex_ladder_event).
BLACK, RED, LEGAL, SKIP = 1, 2, 4, 8


def period(text):
    """The code of a period name ("2018H2", "2018Q3", "2018-09"); an int is
    returned as it is. Raises PmindexError for anything else."""
    if isinstance(text, int):
        return text
    require("pmindex_period_parse", "periods (libpmindex 1.1)")
    b = encode(text, "period")
    code = ctypes.c_int32()
    rc = lib.pmindex_period_parse(b, len(b), ctypes.byref(code))
    if rc < 0:
        raise PmindexError(rc, "not a period (2018H2, 2018Q3 or 2018-09): %r" % text)
    return code.value


def period_name(code):
    """The canonical name of a period code."""
    require("pmindex_period_format", "periods (libpmindex 1.1)")
    b = ctypes.create_string_buffer(16)
    n = lib.pmindex_period_format(code, b, 16)
    if n < 0:
        raise PmindexError(n, "not a period code: %r" % code)
    return b.value.decode("ascii")


def period_kind(p):
    """'half', 'quarter' or 'month'."""
    k = lib.pmindex_period_kind(period(p))
    if k < 0:
        raise PmindexError(k, "not a period: %r" % p)
    return KINDS[k]


def next_period(p):
    """The name of the period after p."""
    n = ctypes.c_int32()
    check(lib.pmindex_period_next(period(p), ctypes.byref(n)), what="next period")
    return period_name(n.value)


def compare_periods(a, b):
    """-1, 0 or 1; raises for periods of different kinds."""
    o = ctypes.c_int32()
    check(lib.pmindex_period_compare(period(a), period(b), ctypes.byref(o)), what="compare")
    return o.value


class LadderState(namedtuple("LadderState", "level clean period")):
    """A compound's place on the ladder; period is a name, or None."""

    __slots__ = ()

    def _c(self):
        return pmindex_ladder_state(self.level, self.clean,
                                    period(self.period) if self.period else 0, 0)

    @classmethod
    def _from(cls, s):
        return cls(s.level, s.clean, period_name(s.period) if s.period else None)


LadderState.NEW = LadderState(0, 0, None)

#: What one step decided: the state after, the card and the measure (a
#: ladder level, or None).
Step = namedtuple("Step", "state card measure")


class SanctionLadder:
    """The sanction ladder of a model, one step at a time (no storage);
    model.ladder gives its parameters."""

    def __init__(self, model):
        require("pmindex_ladder_step", "the sanction ladder (libpmindex 1.1)")
        self.model = model

    def events(self, assessment):
        """The event bits (BLACK, RED, LEGAL, SKIP) of an Assessment."""
        return check(lib.pmindex_ladder_events(self.model._ptr, assessment.compound._ptr,
                                               assessment._owner.ptr), what="ladder events")

    def step(self, state, p, events):
        """The Step from a LadderState for period p with the given events."""
        before = state._c()
        after = pmindex_ladder_state()
        card, measure = ctypes.c_int32(), ctypes.c_int32()
        rc = lib.pmindex_ladder_step(self.model._ptr, ctypes.byref(before), period(p), events,
                                     ctypes.byref(after), ctypes.byref(card),
                                     ctypes.byref(measure))
        if rc < 0:
            raise PmindexError(rc, "the ladder cannot step from %r to %s with events %d"
                               % (state, p, events))
        return Step(LadderState._from(after), CARDS[card.value],
                    measure.value if measure.value >= 0 else None)


class LedgerRow(namedtuple("LedgerRow", "compound_id period name street station company index "
                                        "coverage tier card level_before level clean measure "
                                        "measure_key measure_zh measure_en events reasons "
                                        "indicators items")):
    """One row of a ledger: a compound in a period. ``index`` (None when
    none), ``coverage`` (percent) and the points of ``indicators`` and
    ``items`` (dicts by id, None where nothing applied) are Decimals;
    ``measure`` is the ladder level whose measure was issued, or None;
    ``events`` the bits BLACK, RED, LEGAL, SKIP; ``reasons`` the keys."""

    __slots__ = ()

    def as_dict(self, numbers="decimal"):
        """The fields as a dict (tuples as lists); the numbers as Decimals,
        floats or their text (numbers="decimal", "float" or "str")."""
        return _exact.numbers_as(self._asdict(), numbers)

_INT = {"period": 1, "index": 2, "tier": 3, "card": 4, "level": 5, "clean": 6,
        "level_before": 7, "measure": 8, "events": 9, "coverage": 10}
_TEXT = {"compound_id": 1, "period_name": 2, "name": 3, "street": 4, "station": 5,
         "company": 6, "tier_key": 7, "card_key": 8, "measure_key": 9, "reasons": 10,
         "indicators": 11, "items": 12, "measure_zh": 13, "measure_en": 14}


def _centi(n):
    return Decimal(n).scaleb(-2)


def _points(text, what):
    out = ById(("the row", what))
    for part in text.split(";") if text else ():
        k, _, v = part.partition("=")
        out[k] = None if v in ("", "NA") else Decimal(v)
    return out


class Ledger:
    """A district's ledger in an SQLite file (one per ledger). ``create``
    makes it when missing; ``readonly`` only reads. Raises PmindexError
    (Status.E_IO, E_STORE, E_BUSY...) when it cannot be opened."""

    def __init__(self, path, create=False, readonly=False, busy_timeout=None):
        require("pmindex_ledger_open", "the ledger (libpmindex 1.1)")
        e = _ErrorP()
        check(lib.pmindex_error_new(ctypes.byref(e)), what="error object")
        try:
            p = _LedgerP()
            flags = (1 if create else 0) | (2 if readonly else 0)
            rc = lib.pmindex_ledger_open(encode(path, "path"), flags, ctypes.byref(p), e)
            check(rc, e, "ledger")
        finally:
            lib.pmindex_error_free(e)
        self.path = path
        self._owner = Owner(p, lib.pmindex_ledger_free)
        if busy_timeout is not None:
            self.busy_timeout = busy_timeout

    @property
    def _ptr(self):
        if self._owner is None:
            raise ValueError("the ledger is closed")
        return self._owner.ptr

    def close(self):
        """Closes the file (a period begun and not committed is rolled back)."""
        if self._owner is not None:
            self._owner.release()
        self._owner = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _check(self, rc, what=None):
        return check(rc, lib.pmindex_ledger_error(self._ptr), what)

    @property
    def busy_timeout(self):
        return self._busy

    @busy_timeout.setter
    def busy_timeout(self, ms):
        self._check(lib.pmindex_ledger_set_busy_timeout(self._ptr, int(ms)), "busy timeout")
        self._busy = int(ms)

    _busy = 5000

    # ---- applying a period -----------------------------------------------------

    def begin(self, model, p, allow_model_change=False):
        """Begins applying period p with a model; then add() and commit()."""
        self._model = model  # the C model must outlive the application
        self._check(lib.pmindex_ledger_begin(self._ptr, model._ptr, period(p),
                                             1 if allow_model_change else 0), "begin")

    def add(self, compound):
        """Adds a Compound (or a dict of cells) to the period begun."""
        if not isinstance(compound, Compound):
            compound = Compound(self._model, compound)
        self._check(lib.pmindex_ledger_add(self._ptr, compound._ptr), "add")

    def commit(self):
        self._check(lib.pmindex_ledger_commit(self._ptr), "commit")
        self._model = None

    def rollback(self):
        lib.pmindex_ledger_rollback(self._ptr)
        self._model = None

    def apply(self, model, p, compounds, allow_model_change=False):
        """Applies period p in one transaction: every compound (Compounds or
        dicts of cells) or, if anything fails, none. Returns their number."""
        self.begin(model, p, allow_model_change)
        n = 0
        try:
            for c in compounds:
                self.add(c)
                n += 1
            self.commit()
        except BaseException:
            self.rollback()
            raise
        return n

    # ---- reading -----------------------------------------------------------------

    @property
    def periods(self):
        """The names of the periods applied, in order."""
        n = self._check(lib.pmindex_ledger_period_count(self._ptr), "periods")
        return [period_name(self._check(lib.pmindex_ledger_period(self._ptr, i), "period"))
                for i in range(n)]

    def period_model(self, p):
        """The canonical INI text of the model period p was applied with."""
        t = _native.text(lib.pmindex_ledger_period_model, self._ptr, period(p), first=65536)
        if isinstance(t, int):
            self._check(t, "period model")
        return t

    def state(self, compound_id):
        """The LadderState of a compound, or None when the ledger does not know it."""
        s = pmindex_ladder_state()
        found = self._check(lib.pmindex_ledger_state(self._ptr, encode(compound_id, "id"),
                                                     ctypes.byref(s)), "state")
        return LadderState._from(s) if found else None

    def rows(self, period_=None, compound_id=None, by_street=False, decisions=False):
        """Iterates over LedgerRows: of one period, one compound, or all."""
        for r in self._rows(period_, compound_id, by_street, decisions):
            yield self._row(r)

    def _rows(self, p, compound_id, by_street, decisions):
        rows = _RowsP()
        flags = (1 if by_street else 0) | (2 if decisions else 0)
        cid = encode(compound_id, "compound_id") if compound_id is not None else None
        self._check(lib.pmindex_ledger_rows_new(self._ptr, period(p) if p else 0, cid, flags,
                                                ctypes.byref(rows)), "rows")
        try:
            while self._check(lib.pmindex_ledger_rows_next(rows), "rows"):
                yield rows
        finally:
            lib.pmindex_ledger_rows_free(rows)

    @staticmethod
    def _row(r):
        i = lambda k: lib.pmindex_ledger_rows_int(r, _INT[k])  # noqa: E731
        t = lambda k: decode(lib.pmindex_ledger_rows_text(r, _TEXT[k]))  # noqa: E731
        index, measure = i("index"), i("measure")
        return LedgerRow(t("compound_id"), t("period_name"), t("name"), t("street"),
                         t("station"), t("company"), _centi(index) if index >= 0 else None,
                         _centi(i("coverage")), t("tier_key"), t("card_key"), i("level_before"),
                         i("level"), i("clean"), measure if measure >= 0 else None,
                         t("measure_key") or None, t("measure_zh"), t("measure_en"),
                         i("events"), tuple(k for k in t("reasons").split(";") if k),
                         _points(t("indicators"), "indicator"), _points(t("items"), "item"))

    def history(self, compound_id):
        """A compound's rows, period by period."""
        return list(self.rows(compound_id=compound_id))

    def decisions(self, p):
        """The rows of period p with a card or a measure, by street."""
        return list(self.rows(p, by_street=True, decisions=True))

    def records(self, period_=None, compound_id=None, by_street=False, decisions=False,
                format="jsonl"):
        """Iterates over the records of the rows that rows() gives, each a
        line of CSV or JSON Lines (with its newline) as pmindex-ledger
        export writes them (pmindex_ledger_row_record)."""
        require("pmindex_ledger_row_record", "Ledger.records()")
        fmt = FORMATS[format]
        for r in self._rows(period_, compound_id, by_street, decisions):
            t = _native.text(lib.pmindex_ledger_row_record, r, fmt, 0, first=1024)
            if isinstance(t, int):
                self._check(t, "records")
            yield t

    def export(self, out=None, period_=None, format="csv"):
        """The ledger's records (CSV with a header, or JSON Lines) as
        pmindex-ledger export writes them: returned as str, or written to
        the text file object out."""
        require("pmindex_ledger_row_record", "Ledger.export()")
        fmt = FORMATS[format]
        parts = [_native.text(lambda b, c: lib.pmindex_ledger_row_header(fmt, 0, b, c))]
        parts.extend(self.records(period_, format=format))
        text = "".join(parts)
        if out is not None:
            out.write(text)
        return text

    def __repr__(self):
        return "<pmindex.Ledger %r>" % self.path
