"""Periods, the sanction ladder and the ledger (SQLite) across periods:
thin classes over pmindex_period_*, pmindex_ladder_* and pmindex_ledger_*.

    ledger = pmindex.Ledger.create("district.ledger", actor="Li Wei")
    with model.read_sheet("2018H2.csv", digest=True) as sheet:
        ledger.apply(model, None, sheet.compounds(), inputs=[sheet])  # the period from the sheet
    for row in ledger.history("LH-HB-020"):
        print(row.period, row.card, row.level, row.measure)
    ledger.review("2018H2", [{"compound_id": "LH-HB-020", "B2": "1"}], reason="appeal upheld")
    ledger.revoke("2018H2", reason="the street office sent the wrong sheet")
    for entry in ledger.log():
        print(entry.entry, entry.at, entry.actor, entry.action, entry.reason)
"""

import contextlib
import ctypes
import os
from collections import namedtuple
from decimal import Decimal

from . import _exact, _native
from ._native import Ledger as _LedgerP
from ._native import LedgerChanges as _ChangesP
from ._native import LedgerLog as _LogP
from ._native import LedgerRows as _RowsP
from ._native import Error as _ErrorP
from ._native import Handle, Owner, decode, encode, lib, pmindex_ladder_state, require
from .assessment import CARDS, FORMATS, Compound
from .errors import ById, PmindexError, Status, check
from .model import Model
from .sheet import Sheet

KINDS = {1: "half", 2: "quarter", 3: "month"}

#: Bits of Ladder.events() (enum pmindex_ladder_event).
BLACK, RED, LEGAL, SKIP = 1, 2, 4, 8

# enum pmindex_ledger_begin_flags, pmindex_ledger_rows_flags, the sides of a change.
_ALLOW_MODEL_CHANGE, _ALLOW_GAP, _DRY_RUN = 1, 2, 4
_BY_STREET, _DECISIONS, _ALL_REVISIONS, _REVOKED = 1, 2, 4, 8
_OLD, _NEW = 1, 2


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
                                        "indicators items revision entry revoked")):
    """One row of a ledger: a compound in a period. ``index`` (None when
    none), ``coverage`` (percent) and the points of ``indicators`` and
    ``items`` (dicts by id, None where nothing applied) are Decimals;
    ``measure`` is the ladder level whose measure was issued, or None;
    ``events`` the bits BLACK, RED, LEGAL, SKIP; ``reasons`` the keys.
    Since 1.2 also its ``revision`` (1 as applied, each review adds one),
    the audit log's ``entry`` that wrote it (None for rows of 1.1) and
    whether its period was ``revoked``."""

    __slots__ = ()

    def as_dict(self, numbers="decimal"):
        """The fields as a dict (tuples as lists); the numbers as Decimals,
        floats or their text (numbers="decimal", "float" or "str")."""
        return _exact.numbers_as(self._asdict(), numbers)


#: An entry of the audit log: inputs are (name, sha256 hex) pairs.
LogEntry = namedtuple("LogEntry", "entry at actor action period compounds changed model reason "
                      "detail inputs")

#: What a review changed in one row: old is the LedgerRow before (None for
#: none), new the one the review wrote.
Change = namedtuple("Change", "compound_id period old new")

#: When a compound's level steps down if nothing else happens: its level and
#: clean periods in a row now, the period and the level it steps down to
#: (None, None at level 0).
Outlook = namedtuple("Outlook", "level clean step_down_period step_down_level")

_INT = {"period": 1, "index": 2, "tier": 3, "card": 4, "level": 5, "clean": 6,
        "level_before": 7, "measure": 8, "events": 9, "coverage": 10, "revision": 11,
        "entry": 12, "revoked": 13}
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


class Ledger(Handle):
    _what = "ledger"

    """A district's ledger in an SQLite file (one per ledger). ``create``
    makes it when missing; ``readonly`` only reads. A ledger of pmindex 1.1
    is upgraded in place when first opened, unless ``upgrade`` is False:
    then it is refused (Status.E_STATE), and with ``readonly`` the file is
    never changed. Raises PmindexError (Status.E_IO, E_STORE, E_BUSY...)
    when it cannot be opened."""

    def __init__(self, path, create=False, readonly=False, busy_timeout=None, actor=None,
                 upgrade=True, _new=None):
        require("pmindex_ledger_open", "the ledger (libpmindex 1.1)")
        e = _ErrorP()
        check(lib.pmindex_error_new(ctypes.byref(e)), what="error object")
        try:
            p = _LedgerP()
            if _new is not None:  # Ledger.create(): (actor, reason)
                rc = lib.pmindex_ledger_create(encode(path, "path"), *_new, ctypes.byref(p), e)
            else:
                flags = (1 if create else 0) | (2 if readonly else 0) | (0 if upgrade else 4)
                rc = lib.pmindex_ledger_open(encode(path, "path"), flags, ctypes.byref(p), e)
            check(rc, e, "ledger")
        finally:
            lib.pmindex_error_free(e)
        self.path = path
        self._owner = Owner(p, lib.pmindex_ledger_free)
        self._dry = False
        if busy_timeout is not None:
            self.busy_timeout = busy_timeout
        if actor is not None:
            self.actor = actor

    @classmethod
    def create(cls, path, actor=None, reason=None, busy_timeout=None):
        """Makes a new ledger in a file that does not exist (PmindexError
        Status.E_STATE if it does) and opens it; the audit log's first entry
        names the actor (the login name when None) and the reason."""
        require("pmindex_ledger_create", "Ledger.create (libpmindex 1.2)")
        new = (encode(actor, "actor") if actor is not None else None,
               encode(reason, "reason") if reason is not None else None)
        ledger = cls(path, busy_timeout=busy_timeout, _new=new)
        ledger._actor = actor  # the library keeps it as the handle's actor
        return ledger


    def close(self):
        """Closes the file (a period begun and not committed is rolled back)."""
        if self._owner is not None:
            self._owner.release()
        self._owner = None

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

    @property
    def actor(self):
        """Who makes this handle's changes, for the audit log (None: the
        login name of the process)."""
        return self._actor

    @actor.setter
    def actor(self, name):
        require("pmindex_ledger_set_actor", "Ledger.actor (libpmindex 1.2)")
        self._check(lib.pmindex_ledger_set_actor(
            self._ptr, encode(name, "actor") if name is not None else None), "actor")
        self._actor = name

    _actor = None

    @contextlib.contextmanager
    def _change(self, reason, actor):
        """The next change's reason (None: none) and, for it only, its actor."""
        if _native.has("pmindex_ledger_set_reason"):
            self._check(lib.pmindex_ledger_set_reason(
                self._ptr, encode(reason, "reason") if reason is not None else None), "reason")
        elif reason is not None or actor is not None:
            require("pmindex_ledger_set_reason", "a reason or an actor (libpmindex 1.2)")
        kept = self._actor
        if actor is not None:
            self.actor = actor
        try:
            yield
        finally:
            if actor is not None:
                self.actor = kept

    def _add_inputs(self, inputs):
        for i in inputs:
            name, digest = (i.name, i.digest) if hasattr(i, "digest") else i
            if digest is None:
                raise ValueError("no SHA-256 of %r: open the sheet with digest=True and read "
                                 "it to its end" % (name,))
            digest = bytes(digest)
            if len(digest) != 32:
                raise ValueError("a SHA-256 has 32 bytes, not %d" % len(digest))
            self._check(lib.pmindex_ledger_add_input(
                self._ptr, encode(name, "input name"), (ctypes.c_uint8 * 32)(*digest)), "input")

    # ---- applying a period -----------------------------------------------------

    def begin(self, model, p, allow_model_change=False, allow_gap=False, dry_run=False):
        """Begins applying period p (None: the period the first compound
        names) with a model; then add() and commit(). With libpmindex 1.2 a
        period that skips periods is refused unless allow_gap; dry_run
        makes commit() store nothing (read the rows, then rollback())."""
        flags = ((_ALLOW_MODEL_CHANGE if allow_model_change else 0) |
                 (_ALLOW_GAP if allow_gap else 0) | (_DRY_RUN if dry_run else 0))
        self._model = model  # the C model must outlive the application
        if _native.has("pmindex_ledger_begin_apply"):
            rc = lib.pmindex_ledger_begin_apply(self._ptr, model._ptr,
                                                period(p) if p is not None else 0, flags)
        else:
            if p is None or flags & ~_ALLOW_MODEL_CHANGE:
                require("pmindex_ledger_begin_apply",
                        "a period from the sheet, allow_gap and dry_run (libpmindex 1.2)")
            rc = lib.pmindex_ledger_begin(self._ptr, model._ptr, period(p), flags)
        self._check(rc, "begin")
        self._dry = dry_run

    def add(self, compound):
        """Adds a Compound (or a dict of cells) to the period begun."""
        if not isinstance(compound, Compound):
            compound = Compound(self._model, compound)
        self._check(lib.pmindex_ledger_add(self._ptr, compound._ptr), "add")

    def commit(self):
        """Commits the period or review begun. After a dry run nothing is
        stored: the change stays readable until rollback()."""
        self._check(lib.pmindex_ledger_commit(self._ptr), "commit")
        if not self._dry:
            self._model = None

    def rollback(self):
        """Drops the change begun (or the dry run committed)."""
        lib.pmindex_ledger_rollback(self._ptr)
        self._model = None
        self._dry = False

    def apply(self, model, p, compounds, allow_model_change=False, allow_gap=False,
              dry_run=False, actor=None, reason=None, inputs=()):
        """Applies period p in one transaction: every compound (Compounds or
        dicts of cells) or, if anything fails, none. Returns their number.

        ``p`` None takes the period from the compounds (each must name the
        same). A period after a gap is refused unless ``allow_gap``.
        ``dry_run`` does everything and stores nothing (it raises exactly
        when the real apply would). ``reason`` and ``actor`` (for this
        change only; by default the handle's ``actor``) go to the audit log,
        with ``inputs``: Sheets opened with digest=True (read once the
        compounds are), or (name, sha256 bytes) pairs."""
        with self._change(reason, actor):
            self.begin(model, p, allow_model_change, allow_gap, dry_run)
            n = 0
            try:
                for c in compounds:
                    self.add(c)
                    n += 1
                self._add_inputs(inputs)
                self.commit()
            except BaseException:
                self.rollback()
                raise
            if dry_run:
                self.rollback()
        return n

    # ---- corrections -------------------------------------------------------------

    def revoke(self, p, reason, actor=None, dry_run=False):
        """Revokes period p, the last applied: every ladder goes back to its
        state before p, so that a corrected sheet of p can be applied; p's
        rows stay, marked revoked. Returns the audit log's LogEntry."""
        require("pmindex_ledger_revoke", "Ledger.revoke (libpmindex 1.2)")
        with self._change(reason, actor):
            self._check(lib.pmindex_ledger_revoke(self._ptr, period(p),
                                                  _DRY_RUN if dry_run else 0), "revoke")
        try:
            return self._entry(lib.pmindex_ledger_last_entry(self._ptr))
        finally:
            if dry_run:
                self.rollback()

    def review(self, p, corrections, reason, actor=None, dry_run=False, inputs=(),
               encoding=None):
        """Reviews (复核) compounds of period p: ``corrections`` is a partial
        sheet (a path, or its bytes) or an iterable of dicts of cells, each
        with compound_id and the cells that change; the other cells keep
        the values the ledger observed. Each compound is assessed again with
        p's own model and its ladder stepped again through the later
        periods. Nothing recorded is changed: the corrected rows get a new
        revision. Returns the Changes (before and after) of every row
        written; with ``dry_run`` nothing is stored."""
        require("pmindex_ledger_begin_review", "Ledger.review (libpmindex 1.2)")
        model = Model.from_ini(self.period_model(p))
        with self._change(reason, actor):
            self._check(lib.pmindex_ledger_begin_review(self._ptr, model._ptr, period(p),
                                                        _DRY_RUN if dry_run else 0), "review")
            self._model, self._dry = model, dry_run
            try:
                if isinstance(corrections, (str, bytes, bytearray, os.PathLike)):
                    self._review_sheet(model, corrections, encoding)
                else:
                    for cells in corrections:
                        self._review_one(Compound(model, cells), list(cells))
                self._add_inputs(inputs)
                self.commit()
                changes = self.changes()
            except BaseException:
                self.rollback()
                raise
            if dry_run:
                self.rollback()
        self._model = None
        return changes

    def _review_one(self, compound, columns):
        cols = (ctypes.c_char_p * max(len(columns), 1))(*[encode(c, "column") for c in columns])
        self._check(lib.pmindex_ledger_review_add(self._ptr, compound._ptr, cols, len(columns)),
                    "review")

    def _review_sheet(self, model, source, encoding):
        sheet = Sheet(model, source, encoding=encoding, partial=True, digest=True)
        names = None
        for c in sheet.compounds():
            if names is None:
                names = [n for n in ("compound_id", "name", "street", "station", "company",
                                     "period", "households", "managed") +
                         tuple(i.id for i in model.items) + tuple(v.id for v in model.vetoes)
                         if sheet.has_column(n)]
            self._review_one(c, names)
        if names is None:
            raise PmindexError(Status.E_STATE, "%s: the sheet has no compounds" % sheet.name)
        self._add_inputs([sheet])

    def changes(self):
        """The Changes of the last review made through this handle."""
        require("pmindex_ledger_changes_new", "Ledger.changes (libpmindex 1.2)")
        ch = _ChangesP()
        self._check(lib.pmindex_ledger_changes_new(self._ptr, 0, ctypes.byref(ch)), "changes")
        out = []
        try:
            while self._check(lib.pmindex_ledger_changes_next(ch), "changes"):
                old = None
                if lib.pmindex_ledger_changes_int(ch, _OLD, _INT["revision"]) > 0:
                    old = self._row(ch, lambda c, k: lib.pmindex_ledger_changes_int(ch, _OLD, k),
                                    lambda c, k: lib.pmindex_ledger_changes_text(ch, _OLD, k))
                new = self._row(ch, lambda c, k: lib.pmindex_ledger_changes_int(ch, _NEW, k),
                                lambda c, k: lib.pmindex_ledger_changes_text(ch, _NEW, k))
                out.append(Change(new.compound_id, new.period, old, new))
        finally:
            lib.pmindex_ledger_changes_free(ch)
        return out

    # ---- the audit log ------------------------------------------------------------

    def log(self, period_=None, entry=None):
        """The audit log's LogEntries, in order: every change of the ledger."""
        require("pmindex_ledger_log_new", "Ledger.log (libpmindex 1.2)")
        return [self._log_entry(g) for g in self._log(period_, entry)]

    def _log(self, p, entry):
        g = _LogP()
        self._check(lib.pmindex_ledger_log_new(self._ptr, period(p) if p else 0, entry or 0, 0,
                                               ctypes.byref(g)), "log")
        try:
            while self._check(lib.pmindex_ledger_log_next(g), "log"):
                yield g
        finally:
            lib.pmindex_ledger_log_free(g)

    @staticmethod
    def _log_entry(g):
        i = lambda k: lib.pmindex_ledger_log_int(g, k)  # noqa: E731
        t = lambda k: decode(lib.pmindex_ledger_log_text(g, k))  # noqa: E731
        inputs = tuple((decode(lib.pmindex_ledger_log_input(g, k, 1)),
                        decode(lib.pmindex_ledger_log_input(g, k, 2))) for k in range(i(5)))
        return LogEntry(i(1), t(1), t(2), t(3), t(4) or None, i(3), i(4), t(6) or None, t(5),
                        t(7), inputs)

    def _entry(self, entry):
        for g in self._log(None, entry):
            return self._log_entry(g)
        return None

    def export_log(self, out=None, period_=None, format="csv"):
        """The log's records (CSV with a header, or JSON Lines) as
        ``pmindex-ledger log --format csv|jsonl`` writes them: returned as
        str, or written to the text file object out."""
        fmt = FORMATS[format]
        parts = [_native.text(lambda b, c: lib.pmindex_ledger_log_header(fmt, 0, b, c))]
        for g in self._log(period_, None):
            t = _native.text(lib.pmindex_ledger_log_record, g, fmt, 0, first=1024)
            if isinstance(t, int):
                self._check(t, "log")
            parts.append(t)
        text = "".join(parts)
        if out is not None:
            out.write(text)
        return text

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

    def rows(self, period_=None, compound_id=None, by_street=False, decisions=False,
             all_revisions=False, revoked=False):
        """Iterates over LedgerRows: of one period, one compound, or all;
        the current revision of the periods in force, unless all_revisions
        (every revision) or revoked (revoked periods too)."""
        for r in self._rows(period_, compound_id, by_street, decisions, all_revisions, revoked):
            yield self._row(r, lib.pmindex_ledger_rows_int, lib.pmindex_ledger_rows_text)

    def _rows(self, p, compound_id, by_street, decisions, all_revisions=False, revoked=False):
        rows = _RowsP()
        flags = ((_BY_STREET if by_street else 0) | (_DECISIONS if decisions else 0) |
                 (_ALL_REVISIONS if all_revisions else 0) | (_REVOKED if revoked else 0))
        cid = encode(compound_id, "compound_id") if compound_id is not None else None
        self._check(lib.pmindex_ledger_rows_new(self._ptr, period(p) if p else 0, cid, flags,
                                                ctypes.byref(rows)), "rows")
        try:
            while self._check(lib.pmindex_ledger_rows_next(rows), "rows"):
                yield rows
        finally:
            lib.pmindex_ledger_rows_free(rows)

    @staticmethod
    def _row(r, int_fn, text_fn):
        i = lambda k: int_fn(r, _INT[k])  # noqa: E731
        t = lambda k: decode(text_fn(r, _TEXT[k]))  # noqa: E731
        index, measure = i("index"), i("measure")
        revision = i("revision") if _native.has("pmindex_ledger_rows_observations") else 1
        return LedgerRow(t("compound_id"), t("period_name"), t("name"), t("street"),
                         t("station"), t("company"), _centi(index) if index >= 0 else None,
                         _centi(i("coverage")), t("tier_key"), t("card_key"), i("level_before"),
                         i("level"), i("clean"), measure if measure >= 0 else None,
                         t("measure_key") or None, t("measure_zh"), t("measure_en"),
                         i("events"), tuple(k for k in t("reasons").split(";") if k),
                         _points(t("indicators"), "indicator"), _points(t("items"), "item"),
                         revision, i("entry") or None, bool(i("revoked")))

    def history(self, compound_id, all_revisions=False, revoked=False):
        """A compound's rows, period by period (see rows())."""
        return list(self.rows(compound_id=compound_id, all_revisions=all_revisions,
                              revoked=revoked))

    def outlook(self, compound_id):
        """The compound's Outlook: its level and clean periods in a row, and
        the period in which its level steps down if nothing else happens
        (no black card in any coming period); None for an unknown compound."""
        require("pmindex_ledger_step_down", "Ledger.outlook (libpmindex 1.2)")
        s = self.state(compound_id)
        if s is None:
            return None
        p, lv = ctypes.c_int32(), ctypes.c_int32()
        rc = self._check(lib.pmindex_ledger_step_down(self._ptr, encode(compound_id, "id"),
                                                      ctypes.byref(p), ctypes.byref(lv)),
                         "outlook")
        return Outlook(s.level, s.clean, period_name(p.value) if rc else None,
                       lv.value if rc else None)

    def observed(self, p, compound_id):
        """What the ledger kept as observed for a compound in period p (the
        current revision): a Compound of the period's model, or None for a
        row stored by libpmindex 1.1, which kept points only."""
        require("pmindex_ledger_rows_observations", "Ledger.observed (libpmindex 1.2)")
        model = Model.from_ini(self.period_model(p))
        for r in self._rows(p, compound_id, False, False):
            c = Compound(model)
            found = self._check(lib.pmindex_ledger_rows_observations(r, c._ptr), "observed")
            return c if found else None
        return None

    def decisions(self, p):
        """The rows of period p with a card or a measure, by street."""
        return list(self.rows(p, by_street=True, decisions=True))

    def records(self, period_=None, compound_id=None, by_street=False, decisions=False,
                format="jsonl", all_revisions=False, revoked=False):
        """Iterates over the records of the rows that rows() gives, each a
        line of CSV or JSON Lines (with its newline) as pmindex-ledger
        export writes them (pmindex_ledger_row_record)."""
        require("pmindex_ledger_row_record", "Ledger.records()")
        fmt = FORMATS[format]
        for r in self._rows(period_, compound_id, by_street, decisions, all_revisions, revoked):
            t = _native.text(lib.pmindex_ledger_row_record, r, fmt, 0, first=1024)
            if isinstance(t, int):
                self._check(t, "records")
            yield t

    def export(self, out=None, period_=None, format="csv", all_revisions=False, revoked=False):
        """The ledger's records (CSV with a header, or JSON Lines) as
        pmindex-ledger export writes them: returned as str, or written to
        the text file object out."""
        require("pmindex_ledger_row_record", "Ledger.export()")
        fmt = FORMATS[format]
        parts = [_native.text(lambda b, c: lib.pmindex_ledger_row_header(fmt, 0, b, c))]
        parts.extend(self.records(period_, format=format, all_revisions=all_revisions,
                                  revoked=revoked))
        text = "".join(parts)
        if out is not None:
            out.write(text)
        return text

    def __repr__(self):
        return "<pmindex.Ledger %r>" % self.path
