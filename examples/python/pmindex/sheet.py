"""Score sheets: read row by row (pmindex_sheet) or scored whole, in bulk
(pmindex_batch), into a file that appears complete or not at all."""

import ctypes
import io
import os
import stat
import sys
import tempfile
from collections import namedtuple

from ._native import Batch as _BatchP
from ._native import Compound as _CompoundP
from ._native import Handle, Owner, encode, lib, require
from ._native import has as _has
from ._native import Sheet as _SheetP
from .assessment import FORMATS, Compound, assess
from .errors import PmindexError, Status, check

_PARTIAL = 1  # PMINDEX_SHEET_PARTIAL
_DIGEST = 2  # PMINDEX_SHEET_DIGEST (1.2)
_BATCH_HEADER = 1  # PMINDEX_BATCH_HEADER
_BATCH_RECORDS = 2  # PMINDEX_BATCH_RECORDS (1.2): pmindex_assessment_record()
_CHUNK = 1 << 20

#: What score_sheet() did: the rows written, the errors kept (at most
#: max_errors of them, in the order of the sheet) and how many there were.
ScoreReport = namedtuple("ScoreReport", "rows errors error_count")


def _open(model, source, encoding, partial, name, digest=False):
    """Opens a pmindex_sheet on a path or on bytes; returns its Owner."""
    flags = (_PARTIAL if partial else 0) | (_DIGEST if digest else 0)
    enc = encode(encoding, "encoding") if encoding is not None else None
    p = _SheetP()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        rc = lib.pmindex_sheet_open_memory(model._ptr, data, len(data),
                                           encode(name, "name") if name else None, enc, flags,
                                           ctypes.byref(p))
        keep = (model._owner, data)  # the reader reads the bytes in place
    else:
        path = os.fsdecode(source)
        rc = lib.pmindex_sheet_open(model._ptr, encode(path, "path"), enc, flags, ctypes.byref(p))
        keep = (model._owner,)
    owner = Owner(p, lib.pmindex_sheet_free, keep) if p else None
    if rc == Status.E_UNSUPPORTED and not p:
        raise PmindexError(rc, "unknown encoding %r: the library reads utf-8 and gb18030 "
                               "(also gbk)" % (encoding,))
    if rc < 0:
        check(rc, lib.pmindex_sheet_error(p) if p else None, "sheet")
    return owner


class Sheet(Handle):
    _what = "sheet"

    """A score sheet read row by row. Iterating gives an Assessment for each
    good row (each owns a copy of its row); bad rows are skipped and their
    errors kept in ``errors`` (at most max_errors, in the order of the
    sheet; ``error_count`` counts them all). When the iteration ends and
    there were errors, PmindexError is raised listing them, unless
    skip_bad_rows is true::

        with model.read_sheet("district.csv") as sheet:
            for a in sheet:
                print(a.compound_id, a.index, a.tier, a.card)

    ``source`` is a path ("-" for standard input) or the bytes of a sheet.
    ``encoding`` is None or "utf-8", or "gb18030" (also "gbk") for sheets
    saved by Chinese spreadsheet programs. With ``partial`` item columns may
    be missing. With ``digest`` (libpmindex 1.2) the reader hashes the
    sheet's bytes: ``digest`` then gives their SHA-256 once the sheet was
    read to its end, for a ledger's audit log (Ledger.apply(inputs=...)).
    Opening raises PmindexError if the file cannot be read.
    """

    def __init__(self, model, source, encoding=None, partial=False, skip_bad_rows=False,
                 name=None, max_errors=100, digest=False):
        if digest:
            require("pmindex_sheet_digest", "Sheet(digest=True)")
        self.model = model
        self.skip_bad_rows = skip_bad_rows
        self.max_errors = max_errors
        self.errors = []
        self.error_count = 0
        self.name = name or ("<stdin>" if source == "-" else
                             os.fsdecode(source) if not isinstance(source, (bytes, bytearray,
                                                                             memoryview))
                             else "<memory>")
        self._owner = _open(model, source, encoding, partial, name, digest)


    def _error(self):
        self.error_count += 1
        if self.max_errors is None or len(self.errors) < self.max_errors:
            self.errors.append(PmindexError.from_error(lib.pmindex_sheet_error(self._ptr)))

    def compounds(self):
        """Iterates over the good rows as Compounds (copies), without assessing them."""
        p = self._ptr
        row = _CompoundP()
        ref = ctypes.byref(row)
        while True:
            rc = lib.pmindex_sheet_next(p, ref)
            if rc == 0:
                break
            if rc < 0:
                self._error()
                continue
            c = Compound(self.model)
            check(lib.pmindex_compound_copy(c._ptr, row), lib.pmindex_compound_error(c._ptr))
            yield c
        if self.error_count and not self.skip_bad_rows:
            raise PmindexError.collect(self.errors, self.error_count)

    def __iter__(self):
        for c in self.compounds():
            yield assess(self.model, c)

    @property
    def digest(self):
        """The SHA-256 of the sheet's bytes (32 bytes), once it was read to
        its end; None before, or when the sheet was not opened with digest."""
        if not _has("pmindex_sheet_digest"):
            return None
        out = (ctypes.c_uint8 * 32)()
        if lib.pmindex_sheet_digest(self._ptr, out) != 0:
            return None
        return bytes(out)

    def has_column(self, column):
        """Whether the sheet's header has a column (once reading began)."""
        return bool(lib.pmindex_sheet_has_column(self._ptr, encode(column, "column")))


class _Output:
    """Output that appears whole or not at all, as examples/common/output.c
    does: a file is written beside its destination and renamed into place; a
    device or FIFO is written directly; a file object gets the bytes once
    everything succeeded."""

    def __init__(self, out):
        self.tmp = self.path = self.dest = None
        if hasattr(out, "write"):
            self.dest = out
            self.fp = tempfile.TemporaryFile()
            return
        path = os.fspath(out)
        if path == "-":
            sys.stdout.flush()
            self.dest = getattr(sys.stdout, "buffer", sys.stdout)
            self.fp = tempfile.TemporaryFile()
            return
        self.path = path
        try:
            st = os.stat(path)
        except FileNotFoundError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(21, "cannot write: is a directory", path)
            self.fp = open(path, "wb")
            return
        folder, base = os.path.split(path)
        fd, self.tmp = tempfile.mkstemp(prefix="." + base + ".", dir=folder or ".")
        try:
            mask = os.umask(0)
            os.umask(mask)
            os.fchmod(fd, 0o666 & ~mask)  # as a plain open() would have made it
            self.fp = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            os.unlink(self.tmp)
            raise

    def write(self, data):
        self.fp.write(data)

    def commit(self):
        try:
            if self.dest is not None:
                self.fp.seek(0)
                dest, source = self.dest, self.fp
                if isinstance(dest, io.TextIOBase):
                    source = io.TextIOWrapper(self.fp, encoding="utf-8", newline="")
                while True:
                    chunk = source.read(_CHUNK)
                    if not chunk:
                        break
                    dest.write(chunk)
                dest.flush()
                self.fp.close()
                return
            self.fp.close()
            if self.tmp:
                os.replace(self.tmp, self.path)
                self.tmp = None
        finally:
            self.abort()

    def abort(self):
        if not self.fp.closed:
            self.fp.close()
        if self.tmp:
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass
            self.tmp = None


#: The most threads one sheet is read on (PMINDEX_SHEET_MAX_THREADS).
MAX_THREADS = 256


def cores():
    """The number of cores this process may run on: score_sheet()'s threads
    by default, as pmindex-score's."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_THREADS))


def score_sheet(model, source, out, format="csv", encoding=None, skip_bad_rows=False,
                partial=False, header=True, name=None, max_errors=100, threads=None):
    """Scores every compound of a score sheet and writes the results, byte
    for byte what ``pmindex-score --format csv|jsonl`` writes. The work is
    done by the library in chunks of whole records (pmindex_batch_fill), so
    Python adds almost nothing to the time of pmindex-score.

    ``source`` is a path ("-" for standard input) or the bytes of a sheet;
    ``out`` a path ("-" for standard output) or a file object (binary, or
    text for UTF-8). A path is written to a temporary file beside it and
    renamed into place only on success.

    Every error of the sheet is collected, in order. With errors and
    without ``skip_bad_rows``, nothing is written and PmindexError is raised
    listing them (``errors``, ``count``). With ``skip_bad_rows``, the good
    rows are written and the errors are in the ScoreReport returned.
    ``header`` (CSV only) starts the output with the header line.
    ``threads`` is how many threads read, assess and write (default: as
    many as this process has cores, see cores(); 1: this thread alone):
    the output and the errors are the same for any number.
    """
    if format not in FORMATS:
        raise ValueError("format is 'csv' or 'jsonl', not %r" % (format,))
    if max_errors is not None and max_errors < 1:
        raise ValueError("max_errors must be at least 1 (or None for all)")
    if threads is not None and (not isinstance(threads, int) or isinstance(threads, bool) or
                                not 1 <= threads <= MAX_THREADS):
        raise ValueError("threads is a whole number from 1 to %d, not %r" % (MAX_THREADS, threads))
    if threads is not None and threads > 1:
        require("pmindex_sheet_set_threads", "score_sheet(threads=...)")
    if threads is None:
        threads = cores() if _has("pmindex_sheet_set_threads") else 1
    sheet = _open(model, source, encoding, partial, name)
    if threads > 1:
        check(lib.pmindex_sheet_set_threads(sheet.ptr, threads), what="threads")
    b = _BatchP()
    require("pmindex_assessment_record", "score_sheet")
    flags = _BATCH_RECORDS | (_BATCH_HEADER if header and format == "csv" else 0)
    check(lib.pmindex_batch_new(model._ptr, sheet.ptr, FORMATS[format], flags, ctypes.byref(b)),
          what="batch")
    batch = Owner(b, lib.pmindex_batch_free, (sheet,))
    output = _Output(out)
    try:
        cap = _CHUNK
        chunk = ctypes.create_string_buffer(cap)
        view = memoryview(chunk).cast("B")
        rows, status = ctypes.c_int64(), ctypes.c_int32()
        rrows, rstatus = ctypes.byref(rows), ctypes.byref(status)
        fill, write = lib.pmindex_batch_fill, output.write
        total, errors, count = 0, [], 0
        while True:
            n = fill(b, chunk, cap, rrows, rstatus)
            if n < 0:
                check(n, what="scoring the sheet")
            if n >= cap:  # one record longer than the whole chunk
                cap = n + 1
                chunk = ctypes.create_string_buffer(cap)
                view = memoryview(chunk).cast("B")
                continue
            write(view[:n])
            total += rows.value
            if status.value < 0:
                count += 1
                if max_errors is None or len(errors) < max_errors:
                    errors.append(PmindexError.from_error(lib.pmindex_sheet_error(sheet.ptr)))
            elif status.value == 0:
                break
        if count and not skip_bad_rows:
            raise PmindexError.collect(errors, count)
        output.commit()
        return ScoreReport(total, errors, count)
    finally:
        output.abort()
        batch.release()
