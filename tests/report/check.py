#!/usr/bin/env python3
"""pmindex-report's pages without a browser: one self-contained file that
names no URL, valid HTML5 (tidy), every section in both languages, the
histogram's bars, the red and black lists equal to pmindex-rank's cards,
the palette's contrast by WCAG 2.1, print and phone style, hostile names
in a sheet shown as text, never as markup, and the page of a ledger's
period equal to the page of the sheet it was applied from.

    check.py --report PMINDEX-REPORT --rank PMINDEX-RANK --ledger PMINDEX-LEDGER --sheet SHEET
             [--parts PART...]
"""
import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pages  # noqa: E402
from pages import SECTIONS, contrast, dom, report, table_rows  # noqa: E402

# The palette's pairs: (foreground, background, minimum ratio). Text needs
# 4.5:1 (WCAG 2.1 AA, 1.4.3), the marks of a chart 3:1 against what they
# touch (1.4.11): bars and lines on the page, a bar's fill on its track.
TEXT_PAIRS = [(fg, bg) for fg in ("ink", "muted", "accent", "honour", "watch", "threshold")
              for bg in ("paper", "stripe")] + [("paper", "red"), ("paper", "black")]
MARK_PAIRS = [("bar", "paper"), ("bar", "stripe"), ("track", "paper"), ("track", "stripe"),
              ("bar", "track"), ("threshold", "paper"), ("rule", "paper")]
CJK = re.compile("[\u4e00-\u9fff]")
FORBIDDEN_TAGS = {"script", "link", "img", "iframe", "object", "embed", "base", "audio", "video",
                  "source", "picture", "frame", "frameset", "applet", "form", "input"}
URL_ATTRS = {"src", "srcset", "xlink:href", "action", "formaction", "poster", "data",
             "background", "cite", "longdesc", "ping", "manifest"}

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
    return ok


def self_contained(name, text, root, allow_text_urls=False):
    """No element, attribute or style that could fetch anything."""
    for n in root.walk():
        check(n.tag not in FORBIDDEN_TAGS, "%s: a <%s> element" % (name, n.tag))
        for attr, value in n.attrs.items():
            check(attr not in URL_ATTRS and not attr.startswith("on"),
                  "%s: attribute %s on <%s>" % (name, attr, n.tag))
            if attr == "href":
                check((value or "").startswith("#"), "%s: href %r is not a #fragment" % (name, value))
            if attr == "style":
                check("url(" not in value and "//" not in value, "%s: style %r" % (name, value))
    ids = {n.attrs.get("id") for n in root.walk() if "id" in n.attrs}
    for n in root.find_all("a"):
        check(n.attrs.get("href", "#")[1:] in ids, "%s: link %s to no element" % (name, n.attrs.get("href")))
    style = "".join(n.text() for n in root.find_all("style"))
    for bad in ("url(", "@import", "//", "@font-face"):
        check(bad not in style, "%s: the style sheet has %r" % (name, bad))
    if not allow_text_urls:
        # Not even as text: the sample's pages name no scheme and no "//".
        check(re.search(r"[a-zA-Z][a-zA-Z0-9+.-]*://", text) is None and "//" not in text,
              "%s: the page holds a URL or //" % name)


def valid_html(name, path):
    tidy = shutil.which("tidy")
    if not check(tidy is not None, "tidy is not installed (.ci/setup installs it)"):
        return
    # Empty <span>s are valid HTML5; tidy would only trim them.
    out = subprocess.run([tidy, "-q", "-e", "--drop-empty-elements", "no", path],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    check(out.returncode == 0 and not out.stdout.strip(),
          "%s: tidy says (exit %d):\n%s" % (name, out.returncode, out.stdout.decode()[:2000]))
    check(open(path, encoding="utf-8").read().startswith("<!DOCTYPE html>\n<html lang="),
          "%s: not an HTML5 document with a language" % name)


def sections(name, root, lang, notices):
    for s in SECTIONS:
        sec = root.find("section", id=s)
        if s == "notices" and not notices:
            check(sec is None, "%s: a notices section without --notices" % name)
            continue
        if not check(sec is not None, "%s: no section %s" % (name, s)):
            continue
        h2 = sec.find("h2")
        if check(h2 is not None, "%s: section %s has no heading" % (name, s)):
            heading = h2.text()
            check(bool(CJK.search(heading)) == (lang == "zh"),
                  "%s: heading %r of section %s is not in %s" % (name, heading, s, lang))
        check(root.find("a", href="#" + s) is not None, "%s: the contents do not link to %s" % (name, s))
    html = root.find("html")
    check(html is not None and html.attrs.get("lang") == ("zh-CN" if lang == "zh" else "en"),
          "%s: <html lang> is not %s" % (name, lang))


def charts(name, root):
    for svg in root.find_all("svg"):
        check(svg.attrs.get("role") == "img", "%s: an <svg> without role=img" % name)
        title = svg.find("title")
        check(title is not None and title.parent is svg and title.text().strip(),
              "%s: an <svg> without its <title>" % name)
        desc = svg.find("desc")
        check(desc is not None and desc.text().strip(), "%s: an <svg> without a <desc>" % name)


def histogram(name, root, tiered):
    svg = next((s for s in root.find_all("svg") if "histogram" in s.classes()), None)
    if not check(svg is not None, "%s: no histogram" % name):
        return
    group = svg.find("g", class_="bars")
    said = int(group.attrs["data-bars"])
    bars = [r for r in svg.find_all("rect") if "bar" in r.classes()]
    rows = table_rows(root, "histogram-table")
    check(len(bars) == said == len(rows) == 20,
          "%s: %d bars, the page says %d, its table has %d rows" % (name, len(bars), said, len(rows)))
    counts = [int(r[1]) for r in rows]
    check(sum(counts) == tiered, "%s: the histogram counts %d compounds, not %d"
          % (name, sum(counts), tiered))
    check(str(said) in svg.find("title").text(), "%s: the histogram's title does not say its bars" % name)


def card_lists(name, root, ranked):
    for card in ("red", "black"):
        want = [[r["compound_id"], r["name"], r["street"], r["company"], r["index"]]
                for r in ranked if r["card"] == card]
        got = [row[:5] for row in table_rows(root, card + "-list")]
        check(got == want, "%s: the %s list differs from pmindex-rank's %s cards:\n%s\n%s"
              % (name, card, card, got[:3], want[:3]))
        heading = root.find("h3", id=card + "-list-h")
        check(heading is not None and re.search(r"\b%d\b" % len(want), heading.text()),
              "%s: the %s list's heading %r does not say its %d compounds"
              % (name, card, heading.text() if heading else None, len(want)))
        for row in table_rows(root, card + "-list"):
            check(":" not in row[5] or " " in row[5] or "：" in row[5],
                  "%s: reasons %r look like keys, not words" % (name, row[5]))


def palette(name, root):
    style = "".join(n.text() for n in root.find_all("style"))
    m = re.search(r":root\{([^}]*)\}", style)
    if not check(m is not None, "%s: no palette in :root" % name):
        return
    colours = dict(re.findall(r"--([a-z]+):(#[0-9a-fA-F]{3,6})", m.group(1)))
    for pairs, minimum in ((TEXT_PAIRS, 4.5), (MARK_PAIRS, 3.0)):
        for fg, bg in pairs:
            ratio = contrast(colours[fg], colours[bg])
            check(ratio >= minimum, "%s: %s on %s has contrast %.2f, below %.1f"
                  % (name, fg, bg, ratio, minimum))
    # Every colour of the style sheet is one of the palette's.
    rules = style[m.end():]
    check(re.search(r"#[0-9a-fA-F]{3,6}\b", rules) is None, "%s: a colour outside the palette" % name)
    for needed in ("@page{size:A4", "@media print", "break-before:page", "@media (max-width:"):
        check(needed in style, "%s: the style sheet lacks %r" % (name, needed))
    check(root.find("meta", name="viewport") is not None, "%s: no viewport for phones" % name)


def whole_page(name, text, tmp, lang, notices, allow_text_urls=False):
    """The checks of every page: self-contained, valid, its sections and
    charts. Returns its DOM."""
    path = os.path.join(tmp, "page.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    root = dom(text)
    self_contained(name, text, root, allow_text_urls)
    valid_html(name, path)
    sections(name, root, lang, notices)
    charts(name, root)
    return root


# ---- hostile names --------------------------------------------------------------------

HOSTILE = {
    "name": "<script>alert(1)</script>\"q\" & 'a'",
    "street": "</td></tr></table><img src=x onerror=alert(2)>街道",
    "company": "A&amp;B \u0001\u001b[31mRed\u007f\u0085 <!-- x --> ]]> &#60;b&#62;",
}


def shown(text):
    """What the page must show of a cell: control characters as spaces."""
    return "".join(" " if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in text)


def hostile(binary, sheet, tmp):
    with open(sheet, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0].keys())
    # A black-card compound of the sample: it is in the black list, the
    # groups' tables and its own notice.
    target = next(r for r in rows if r["compound_id"] == "LH-GY-014")
    target.update(HOSTILE)
    path = os.path.join(tmp, "hostile.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    for lang in ("zh", "en"):
        text = report(binary, "--lang", lang, "--notices", "--compound", "LH-GY-014", path)
        name = "hostile (%s)" % lang
        root = dom(text)
        self_contained(name, text, root, allow_text_urls=True)
        out = os.path.join(tmp, "hostile-%s.html" % lang)
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
        valid_html(name, out)
        for bad in ("<script", "<img", "<!-- x", "</td></tr></table><img"):
            check(bad not in text, "%s: %r reached the page as markup" % (name, bad))
        for ch in "\u0001\u001b\u007f\u0085":
            check(ch not in text, "%s: control character U+%04X in the page" % (name, ord(ch)))
        row = next(r for r in table_rows(root, "black-list") if r[0] == "LH-GY-014")
        check(row[1:4] == [shown(HOSTILE["name"]), shown(HOSTILE["street"]), shown(HOSTILE["company"])],
              "%s: the black list shows %r" % (name, row[1:4]))
        notice = next((a for a in root.find_all("article", class_="notice")
                       if "LH-GY-014" in a.text()), None)
        check(notice is not None and shown(HOSTILE["company"]) in notice.text(),
              "%s: the notice does not name the company as text" % name)
        detail = root.find("article", class_="compound")
        check(detail is not None and shown(HOSTILE["name"]) in detail.find("h3").text(),
              "%s: --compound does not show the name as text" % name)


# ---- a ledger's period against its sheet ------------------------------------------------

# The parts of a page that do not depend on where the period was read from:
# the glance (the first period of a ledger has no previous one), the
# histogram, the groups compared (households-weighted means, the company
# lists) and the red and black lists.
SAME_TABLES = ["glance-table", "histogram-table", "streets-table", "stations-table",
               "companies-table", "red-list", "black-list"]


def notice_parts(article):
    """What a notice says of its compound, but for the ladder's words (a
    sheet has no history, a ledger says "by the ledger")."""
    parts = [article.find("p", class_="addressee").text(), article.find("dl", class_="facts").text()]
    for tag, cls in (("table", "indicators"), ("table", "losses"), ("ul", "rules"), ("ul", "vetoes")):
        node = article.find(tag, class_=cls)
        parts.append(node.text() if node is not None else None)
    return parts


def ledger_equals_sheet(report_bin, ledger_bin, sheet, ranked, tiered, tmp):
    """The sheet applied to a ledger as one period: the ledger's page has the
    sheet page's lists, statistics, households, unmanaged counts and
    notices with each item's observation, all made by the library's
    district from the observations the ledger kept."""
    db = os.path.join(tmp, "district.ledger")
    for argv in (["init"], ["apply", sheet]):
        out = subprocess.run([ledger_bin, "--db", db, "--by", "check"] + argv,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if not check(out.returncode == 0, "pmindex-ledger %s: %s" % (argv[0], out.stderr.decode())):
            return
    with open(sheet, encoding="utf-8", newline="") as f:
        period = next(csv.DictReader(f))["period"]
    for lang in ("zh", "en"):
        name = "the ledger's %s (%s)" % (period, lang)
        text = report(report_bin, "--db", db, "--period", period, "--lang", lang, "--notices")
        root = whole_page(name, text, tmp, lang, True, allow_text_urls=True)
        histogram(name, root, tiered)
        card_lists(name, root, ranked)
        sheet_root = dom(report(report_bin, "--lang", lang, "--notices", sheet))
        for table in SAME_TABLES:
            got, want = table_rows(root, table), table_rows(sheet_root, table)
            check(got == want, "%s: table %s differs from the sheet's page:\n%s\n%s"
                  % (name, table, [r for r in got if r not in want][:3],
                     [r for r in want if r not in got][:3]))
        for ol in ("honour-list", "watch-list"):
            got, want = root.find("ol", class_=ol), sheet_root.find("ol", class_=ol)
            check((got and got.text()) == (want and want.text()),
                  "%s: the %s differs from the sheet's page" % (name, ol))
        households = next(r for r in table_rows(root, "glance-table") if r[0] in ("户数", "Households"))
        check(households[1] not in ("–", "0"), "%s: the glance gives no households: %r" % (name, households))
        notices = [notice_parts(a) for a in root.find_all("article", class_="notice")]
        want = [notice_parts(a) for a in sheet_root.find_all("article", class_="notice")]
        check(len(notices) == len(want) > 0 and notices == want,
              "%s: %d notices differ from the sheet page's %d" % (name, len(notices), len(want)))
        observations = [r[2] for a in root.find_all("article", class_="notice")
                        for r in pages.rows_of(a.find("table", class_="losses"))]
        check(observations and all(o != "–" for o in observations),
              "%s: a notice's lost item has no observation" % name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", required=True)
    ap.add_argument("--rank", required=True)
    ap.add_argument("--ledger", required=True)
    ap.add_argument("--sheet", required=True)
    ap.add_argument("--parts", nargs="*", default=[],
                    help="partial sheets that merged give SHEET: the same page but its source")
    args = ap.parse_args()
    ranked = pages.ranked(args.rank, args.sheet)
    tiered = sum(1 for r in ranked if r["tier"] != "fallback")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("zh", "en"):
            for notices in (False, True):
                name = "%s%s" % (lang, " --notices" if notices else "")
                text = report(args.report, "--lang", lang, *(["--notices"] if notices else []),
                              args.sheet)
                root = whole_page(name, text, tmp, lang, notices)
                histogram(name, root, tiered)
                card_lists(name, root, ranked)
                palette(name, root)
                if notices:
                    black = sum(1 for r in ranked if r["card"] == "black")
                    got = len(list(root.find_all("article", class_="notice")))
                    check(got == black, "%s: %d notices for %d black cards" % (name, got, black))
        hostile(args.report, args.sheet, tmp)
        ledger_equals_sheet(args.report, args.ledger, args.sheet, ranked, tiered, tmp)
        # Edges: a sheet with no compound is refused, as pmindex-score and
        # pmindex-rank refuse it, and nothing is written; another model
        # (quarters, its own tiers) gives a valid page.
        empty = os.path.join(tmp, "empty.csv")
        with open(args.sheet, encoding="utf-8") as f, open(empty, "w", encoding="utf-8") as out:
            out.write(f.readline())
        refused = subprocess.run([args.report, "--notices", empty], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        check(refused.returncode == 1 and not refused.stdout and
              b"the sheet has no compounds" in refused.stderr,
              "a sheet with no compound: exit %d, %d bytes out, %r" %
              (refused.returncode, len(refused.stdout), refused.stderr[:200]))
        root_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        for name, argv in (("quarterly model", ["--lang", "en", "--notices", "--model",
                                                os.path.join(root_dir, "models/quarterly-demo.ini"),
                                                os.path.join(root_dir, "examples/data/quarterly-sample.csv")]),):
            whole_page(name, report(args.report, *argv), tmp, "en" if "--lang" in argv else "zh",
                       True, allow_text_urls=True)
    if args.parts:
        source = re.compile(r'<p class="meta">.*?</p>')
        whole = source.sub("", report(args.report, args.sheet))
        merged = source.sub("", report(args.report, *args.parts))
        check(merged == whole, "the merged partial sheets do not give the whole sheet's page")
    return pages.finish(failures)


if __name__ == "__main__":
    sys.exit(main())
