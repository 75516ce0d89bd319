"""Exact conversions between the library's integers and Python's Decimal and
Fraction. Points are whole hundredths ("centipoints"); observations are
units of 1/100,000,000. No value ever passes through a float."""

import decimal
from decimal import Decimal
from fractions import Fraction

# Wide enough that no operation here ever rounds, whatever the caller's context.
_CONTEXT = decimal.Context(prec=100, Emax=10000, Emin=-10000)

VALUE_SCALE = 100_000_000  # PMINDEX_VALUE_SCALE


def centi(n):
    """Hundredths (an int) to a Decimal with exactly 2 places: 8750 -> 87.50."""
    return Decimal((1 if n < 0 else 0, tuple(int(d) for d in str(abs(n))), -2))


def units(n):
    """Units of 1/VALUE_SCALE to the shortest exact Decimal: 87500000 -> 0.875."""
    q, r = divmod(abs(n), VALUE_SCALE)
    s = str(q) if r == 0 else ("%d.%08d" % (q, r)).rstrip("0")
    return Decimal("-" + s if n < 0 else s)


def _decimal(value, what):
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError("%s must be an int, a str or a Decimal, not %s (binary floating point "
                        "is not exact)" % (what, type(value).__name__))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except ArithmeticError:
            raise ValueError("%s: %r is not a number" % (what, value)) from None
    else:
        raise TypeError("%s must be an int, a str or a Decimal, not %s"
                        % (what, type(value).__name__))
    if not d.is_finite():
        raise ValueError("%s: %r is not a finite number" % (what, value))
    return d


def to_scaled(value, scale, what):
    """An exact number to an integer count of 1/scale; refuses what does not fit exactly."""
    try:
        d = _CONTEXT.multiply(_decimal(value, what), scale)
    except ArithmeticError:
        raise ValueError("%s: %s is too large" % (what, value)) from None
    if d != d.to_integral_value(context=_CONTEXT):
        raise ValueError("%s: %s has more decimals than 1/%d" % (what, value, scale))
    n = int(d)
    if not -(2 ** 63) < n < 2 ** 63:
        raise ValueError("%s: %s is too large" % (what, value))
    return n


def to_centi(value, what="points"):
    """87.5, '87.5' or Decimal('87.50') -> 8750."""
    return to_scaled(value, 100, what)


def to_units(value, what="value"):
    """'0.875' -> 87500000."""
    return to_scaled(value, VALUE_SCALE, what)


def to_fraction(value, what="share"):
    """A Fraction, an int, a Decimal or a str such as '2/3' or '0.6' -> (num, den)."""
    if isinstance(value, Fraction):
        f = value
    elif isinstance(value, str) and "/" in value:
        try:
            f = Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise ValueError("%s: %r is not a fraction" % (what, value)) from None
    else:
        f = Fraction(_decimal(value, what))
    return f.numerator, f.denominator


def cell(value, what):
    """A Python value as the text of a sheet cell."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("%s: %s is not a finite number" % (what, value))
        return format(value, "f")
    if isinstance(value, float):
        raise TypeError("%s: give the value as a str or a Decimal, not a float (binary "
                        "floating point is not exact): %r" % (what, value))
    raise TypeError("%s: a cell is a str, an int, a Decimal or None, not %s"
                    % (what, type(value).__name__))


#: The ways as_dict() gives numbers: "decimal" (exact, the default), "float"
#: (binary floating point, for numpy and pandas: never use it to decide a
#: verdict) or "str" (the exact decimal text, such as "87.50").
NUMBERS = ("decimal", "float", "str")


def numbers_as(value, numbers):
    """Converts every Decimal in value (a Decimal, or dicts, lists and tuples
    of them, which become dicts and lists) as NUMBERS names; the rest is
    kept. Ints (counts, ranks, households) stay ints."""
    if numbers == "decimal":
        convert = None
    elif numbers == "float":
        convert = float
    elif numbers == "str":
        convert = _plain
    else:
        raise ValueError("numbers is 'decimal', 'float' or 'str', not %r" % (numbers,))
    return _convert(value, convert)


def _plain(d):
    """A Decimal's text without exponent: Decimal('1E-8') -> '0.00000001'."""
    return format(d, "f")


def _convert(value, convert):
    if isinstance(value, Decimal):
        return convert(value) if convert else value
    if isinstance(value, dict):
        return {k: _convert(v, convert) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_convert(v, convert) for v in value]
    return value
