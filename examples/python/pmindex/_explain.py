"""Assessment.explain(): one compound in full, as ``pmindex-score --explain
ID`` prints it, character for character.

Every number and sentence comes from the library (pmindex_centi_format,
pmindex_decimal_format, the model's labels, pmindex_assessment_reason_text);
this module only lays them out for a terminal, as examples/pmindex-score.c
does with examples/common/cli.c (terminal widths: CJK characters count 2;
control characters become spaces). The layout is a presentation of the
programs, not a verdict: it is not in the library, whose behaviour cannot
change within a major version. tests/python/test_explain.py compares the
two for every compound of the sample sheets, in both languages.
"""

import ctypes

from ._native import decode, lib, text

_ZH, _EN = 0, 1
_CARDS = {_ZH: ("—", "红牌", "黑牌"), _EN: ("-", "red", "black")}
_FIELD_BYTES = 512  # cli_printable()'s buffers in pmindex-score's explain()
_LOSSES_SHOWN = 10
_WIDE = ((0x1100, 0x115F), (0x2E80, 0x303E), (0x3041, 0x33FF), (0x3400, 0x4DBF),
         (0x4E00, 0x9FFF), (0xA000, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF),
         (0xFE30, 0xFE4F), (0xFF00, 0xFF60), (0xFFE0, 0xFFE6), (0x1F300, 0x1F64F),
         (0x20000, 0x3FFFD))


def _control(c):
    return c < 0x20 or 0x7F <= c < 0xA0


def _char_width(c):
    if _control(c):
        return 0
    return 2 if any(lo <= c <= hi for lo, hi in _WIDE) else 1


def width(s):
    """Terminal columns of a text (cli_width)."""
    return sum(_char_width(ord(ch)) for ch in s)


def pad(s, cols):
    """s padded with spaces to cols columns, or cut with "…" so that a space
    always follows it (cli_pad)."""
    room = cols - 1
    cut = width(s) > room
    out, w = [], 0
    for ch in s:
        c = ord(ch)
        cw = _char_width(c)
        if cut and w + cw > room - 1:
            break
        if _control(c):
            out.append(" ")
            w += 1
            continue
        out.append(ch)
        w += cw
    if cut:
        out.append("…")
        w += 1
    return "".join(out) + " " * max(0, cols - w)


def right(s, cols):
    """s aligned right in cols columns (put_right)."""
    return " " * max(0, cols - width(s)) + s


def printable(s, cap=_FIELD_BYTES):
    """Sheet text for a terminal: control characters become spaces; cut to
    cap - 1 bytes at a character boundary (cli_printable)."""
    out, used = [], 0
    for ch in s:
        n = len(ch.encode("utf-8"))
        if used + n + 1 > cap:
            break
        out.append(" " if _control(ord(ch)) else ch)
        used += n
    return "".join(out)


def _centi(n):
    return text(lib.pmindex_centi_format, n, first=32)


def _observation(m, compound, i, lang):
    v = ctypes.c_int64()
    if lib.pmindex_compound_value(compound, i, ctypes.byref(v)) != 1:
        return "NA"
    s = text(lib.pmindex_decimal_format, v.value, first=32)
    for j in range(lib.pmindex_model_item_level_count(m, i)):
        if lib.pmindex_model_item_level_value(m, i, j) == v.value:
            s += " " + decode(lib.pmindex_model_item_level_label(m, i, j, lang))
    return s


def explain(m, compound, a, lang):
    """The text of pmindex-score --explain for one compound (C pointers of
    the model, the compound and its assessment), ending in a newline."""
    en = lang == _EN
    field = lambda k: decode(lib.pmindex_compound_field(compound, k))  # noqa: E731
    lines = ["%s %s" % (field(0), printable(field(1)))]
    hh = lib.pmindex_compound_households(compound)
    managed = lib.pmindex_compound_managed(compound)
    lines.append(
        ("  street %s · station %s · company %s · households %s · %s · period %s" if en else
         "  街道 %s · 派出所 %s · 物业企业 %s · 户数 %s · %s · 期间 %s")
        % (printable(field(2)), printable(field(3)), printable(field(4)),
           str(hh) if hh >= 0 else "-",
           ("managed" if en else "有物业管理") if managed else
           ("not managed" if en else "无物业管理"), printable(field(5))))
    v = ctypes.c_int64()
    index = _centi(v.value) if lib.pmindex_assessment_index(a, ctypes.byref(v)) else "-"
    coverage = _centi(lib.pmindex_assessment_coverage(a, None, None))
    tier = decode(lib.pmindex_model_tier_label(m, lib.pmindex_assessment_tier(a), lang))
    card = _CARDS[lang][lib.pmindex_assessment_card(a)]
    lines.append(("Index %s · tier %s · card %s · coverage %s%%" if en else
                  "指数 %s · 等级 %s · 牌 %s · 覆盖率 %s%%") % (index, tier, card, coverage))

    lines.append("")
    lines.append(pad("Indicator" if en else "指标", 36) +
                 ("  Points  Earned  Applicable    Share" if en else
                  "    得分    实得    适用满分   得分率"))
    vals = [ctypes.c_int64() for _ in range(4)]
    for k in range(lib.pmindex_model_indicator_count(m)):
        label = "%s %s" % (decode(lib.pmindex_model_indicator_id(m, k)),
                           decode(lib.pmindex_model_indicator_name(m, k, lang)))
        if lib.pmindex_assessment_indicator(a, k, *(ctypes.byref(x) for x in vals)) == 1:
            nums = [_centi(x.value) for x in vals]
            nums[3] += "%"
        else:
            nums = ["-"] * 4
        lines.append(pad(label, 36) + right(nums[0], 8) + right(nums[1], 8) +
                     right(nums[2], 12) + right(nums[3], 9))

    lines.append("")
    lines.append(pad("Item" if en else "项目", 6) + pad("Name" if en else "名称", 40) +
                 pad("Observation" if en else "观测值", 18) +
                 ("  Points     Max    Lost" if en else "    得分    满分    失分"))
    points, lost = ctypes.c_int64(), ctypes.c_int64()
    for i in range(lib.pmindex_model_item_count(m)):
        if lib.pmindex_assessment_item(a, i, ctypes.byref(points), ctypes.byref(lost)) == 1:
            p, lo = _centi(points.value), _centi(lost.value)
        else:
            p = lo = "-"
        lines.append(pad(decode(lib.pmindex_model_item_id(m, i)), 6) +
                     pad(decode(lib.pmindex_model_item_name(m, i, lang)), 40) +
                     pad(_observation(m, compound, i, lang), 18) +
                     right(p, 8) + right(_centi(lib.pmindex_model_item_max(m, i)), 8) +
                     right(lo, 8))

    n = lib.pmindex_assessment_losses(a, None, 0)
    order = (ctypes.c_int32 * max(n, 1))()
    lib.pmindex_assessment_losses(a, order, n)
    line = "Items that lost most points:" if en else "失分最多的项目："
    if n == 0:
        line += " none" if en else "无"
    for j, i in enumerate(order[:min(n, _LOSSES_SHOWN)]):
        lib.pmindex_assessment_item(a, i, None, ctypes.byref(lost))
        line += "%s%s -%s" % ((", " if en else "，") if j else " ",
                              decode(lib.pmindex_model_item_id(m, i)), _centi(lost.value))
    lines.append("")
    lines.append(line)
    lines.append("Rules that fired:" if en else "触发的规则：")
    count = lib.pmindex_assessment_reason_count(a)
    if count == 0:
        lines.append("  none" if en else "  无")
    for r in range(count):
        lines.append("  - [%s] %s" % (text(lib.pmindex_assessment_reason_key, a, r, first=96),
                                      text(lib.pmindex_assessment_reason_text, a, r, lang,
                                           first=1024)))
    return "\n".join(lines) + "\n"
