"""Errors of the library as Python exceptions."""

import enum

from . import _native
from ._native import decode, lib


class Status(enum.IntEnum):
    """The library's return codes (enum pmindex_status)."""

    OK = 0
    E_INVALID = -1
    E_NOMEM = -2
    E_IO = -3
    E_PARSE = -4
    E_RANGE = -5
    E_MODEL = -6
    E_COLUMN = -7
    E_DUPLICATE = -8
    E_ENCODING = -9
    E_SYNTAX = -10
    E_NOT_FOUND = -11
    E_STATE = -12
    E_LIMIT = -13
    E_UNSUPPORTED = -14
    E_CONFLICT = -15
    E_BUSY = -16
    E_STORE = -17


def strerror(code):
    """The library's short description of a return code."""
    return decode(lib.pmindex_strerror(code))


class PmindexError(Exception):
    """An error of libpmindex: what is wrong and where.

    Attributes, as the library's error object gives them ('' or 0 when the
    error has no such part): ``code`` (a negative int, see Status),
    ``message``, ``file``, ``line``, ``column``, ``section``, ``field`` and
    ``value``. ``str(e)`` is the library's one-line form
    ``file:line:column: field "value": message``.

    An operation that found several errors (a score sheet, a dict of
    observations) raises one PmindexError for all of them: its attributes
    are those of the first, ``errors`` lists them all in order (at most the
    number the operation keeps) and ``count`` says how many there were.
    A single error has ``errors == [self]`` and ``count == 1``.
    """

    def __init__(self, code, message, file="", line=0, column=0, section="", field="",
                 value="", text=None):
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.section = section
        self.field = field
        self.value = value
        self.text = text if text is not None else message
        self.errors = [self]
        self.count = 1
        super().__init__(self.text)

    @property
    def status(self):
        """The code as a Status (or the int, for a code this module does not know)."""
        try:
            return Status(self.code)
        except ValueError:
            return self.code

    def __str__(self):
        if self.count <= 1:
            return self.text
        lines = [e.text for e in self.errors]
        if self.count > len(self.errors):
            lines.append("... and %d more errors (%d in all)"
                         % (self.count - len(self.errors), self.count))
        return "%d errors:\n%s" % (self.count, "\n".join(lines))

    def __reduce__(self):
        return (_rebuild, (self.code, self.message, self.file, self.line, self.column,
                           self.section, self.field, self.value, self.text,
                           self.errors if self.count > 1 else None, self.count))

    @classmethod
    def from_error(cls, error):
        """Copies a library error object (a pmindex_error pointer): the
        exception outlives the handle it came from."""
        return cls(lib.pmindex_error_code(error),
                   decode(lib.pmindex_error_message(error)),
                   decode(lib.pmindex_error_file(error)),
                   lib.pmindex_error_line(error),
                   lib.pmindex_error_column(error),
                   decode(lib.pmindex_error_section(error)),
                   decode(lib.pmindex_error_field(error)),
                   decode(lib.pmindex_error_value(error)),
                   _native.text(lib.pmindex_error_format, error))

    @classmethod
    def from_code(cls, code, what=None):
        """An error known only by its code (no handle kept details)."""
        message = strerror(code)
        return cls(code, message, text="%s: %s" % (what, message) if what else message)

    @classmethod
    def collect(cls, errors, count=None):
        """One exception for several errors (the first gives its attributes)."""
        first = errors[0]
        e = cls(first.code, first.message, first.file, first.line, first.column,
                first.section, first.field, first.value, first.text)
        e.errors = list(errors)
        e.count = count if count is not None else len(errors)
        e.args = (str(e),)
        return e


def _rebuild(code, message, file, line, column, section, field, value, text, errors, count):
    if errors:
        return PmindexError.collect(errors, count)
    return PmindexError(code, message, file, line, column, section, field, value, text)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def case_hint(key, known):
    """' (did you mean "B2"?)' when key differs from one of the known names
    only in ASCII letter case, as the library's sheet reader says it; else ''."""
    if isinstance(key, str):
        folded = key.translate(_ASCII_LOWER)
        for name in known:
            if name.translate(_ASCII_LOWER) == folded:
                return ' (did you mean "%s"?)' % name
    return ""


def unknown(what, key, known):
    """The KeyError for a name that is not there, with the case hint."""
    return KeyError("%s has no %s %s%s" % (what[0], what[1], _quote(key), case_hint(key, known)))


def _quote(key):
    return '"%s"' % key if isinstance(key, str) else repr(key)


class ById(dict):
    """A dict of results by id (item, indicator) whose KeyError names the
    id meant when a key differs only in letter case."""

    __slots__ = ("_what",)

    def __init__(self, what, *args):
        super().__init__(*args)
        self._what = what

    def __missing__(self, key):
        raise unknown(self._what, key, self.keys())

    def __reduce__(self):
        return (ById, (self._what, dict(self)))


def check(rc, error=None, what=None):
    """Raises for a negative return code, with the handle's error details."""
    if rc >= 0:
        return rc
    if error:
        e = PmindexError.from_error(error)
        if e.code == 0:  # the handle kept no details: only the code
            e = PmindexError.from_code(rc, what)
        raise e
    raise PmindexError.from_code(rc, what)


def text(fn, *args, first=256):
    """The whole text of a (buf, cap) -> length function; raises for an error code."""
    t = _native.text(fn, *args, first=first)
    if isinstance(t, int):
        raise PmindexError.from_code(t, fn.__name__)
    return t
