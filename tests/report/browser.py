#!/usr/bin/env python3
"""pmindex-report's pages in a real browser: headless Chromium (Debian's
chromium, which .ci/setup installs), run offline (in a network namespace
with no network when the system allows one) with a network log.

From the DOM Chromium renders: every section in both languages, the red
and black lists equal to pmindex-rank's cards, as many histogram bars as
the page says. A screenshot at desktop and at phone width is decoded and
must not be blank. Printed to PDF, the page is A4 and each section and
notice starts a page. The network log shows no request of the page's.

    browser.py --report PMINDEX-REPORT --rank PMINDEX-RANK --sheet SHEET
Exit 77 (skipped) when Chromium is not installed or cannot run here.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pages  # noqa: E402
from pages import SECTIONS, Chromium, dom, png_pixels, report, table_rows  # noqa: E402

CJK = re.compile("[\u4e00-\u9fff]")
# Chromium's own services, which it may call whatever the page holds (the
# flags only thin them out); under `unshare -n` they cannot leave anyway.
BROWSER_HOSTS = re.compile(r"^https?://([a-z0-9-]+\.)*(google\.com|googleapis\.com|gvt1\.com|"
                           r"gstatic\.com|chromium\.org)(/|$)")

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
    return ok


def requests_of(netlog):
    """The URLs of every request in a Chromium network log."""
    with open(netlog, encoding="utf-8") as f:
        text = f.read()
    try:
        log = json.loads(text)
    except ValueError:  # a log cut short when the browser quit: close it
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    urls = set()
    for event in log.get("events", []):
        params = event.get("params") or {}
        for key in ("url", "original_url", "new_url"):
            if isinstance(params.get(key), str):
                urls.add(params[key])
    return urls


def rendered(chromium, page, tmp, name):
    """The DOM of the page as Chromium renders it, and the page's requests."""
    netlog = os.path.join(tmp, name + ".netlog.json")
    out = chromium.run(page, "--dump-dom", "--log-net-log=" + netlog)
    if not check(out.returncode == 0, "%s: chromium --dump-dom failed: %s"
                 % (name, out.stderr.decode()[-500:])):
        return None
    page_url = "file://" + os.path.abspath(page)
    for url in sorted(requests_of(netlog)):
        check(url == page_url or url.startswith("data:") or BROWSER_HOSTS.match(url),
              "%s: the page asked for %s" % (name, url))
    return dom(out.stdout.decode("utf-8"))


def not_blank(name, path, size):
    width, height, rows = png_pixels(path)
    check((width, height) == size, "%s: the screenshot is %dx%d, not %dx%d"
          % (name, width, height, size[0], size[1]))
    colours, inked = set(), 0
    for row in rows:
        for px in row:
            colours.add(px)
            inked += px != (255, 255, 255)
    share = inked / float(width * height)
    check(len(colours) >= 50 and share > 0.03,
          "%s: the screenshot looks blank (%d colours, %.1f%% not white)"
          % (name, len(colours), 100 * share))
    return len(colours), share


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", required=True)
    ap.add_argument("--rank", required=True)
    ap.add_argument("--sheet", required=True)
    args = ap.parse_args()
    chromium = Chromium()
    ranked = pages.ranked(args.rank, args.sheet)
    black = sum(1 for r in ranked if r["card"] == "black")
    with tempfile.TemporaryDirectory() as tmp:
        if not chromium.usable(tmp):
            print("SKIP: chromium is not installed or cannot run here (.ci/setup installs it)")
            return 77
        print("chromium: %s%s" % (chromium.binary,
                                  ", offline in a network namespace (unshare -n)" if chromium.prefix
                                  else ", with the host's network (unshare -n is not allowed here)"))
        for lang in ("zh", "en"):
            page = os.path.join(tmp, "report-%s.html" % lang)
            with open(page, "w", encoding="utf-8") as f:
                f.write(report(args.report, "--lang", lang, "--notices", args.sheet))
            root = rendered(chromium, page, tmp, lang)
            if root is None:
                continue
            for s in SECTIONS:
                sec = root.find("section", id=s)
                if check(sec is not None and sec.find("h2") is not None,
                         "%s: section %s is not rendered with its heading" % (lang, s)):
                    heading = sec.find("h2").text()
                    check(bool(CJK.search(heading)) == (lang == "zh"),
                          "%s: heading %r is not in %s" % (lang, heading, lang))
            for card in ("red", "black"):
                want = [r["compound_id"] for r in ranked if r["card"] == card]
                got = [row[0] for row in table_rows(root, card + "-list")]
                check(got == want, "%s: the rendered %s list has %d compounds, pmindex-rank %d"
                      " (or another order)" % (lang, card, len(got), len(want)))
            svg = next((s for s in root.find_all("svg") if "histogram" in s.attrs.get("class", "")), None)
            if check(svg is not None, "%s: no histogram rendered" % lang):
                bars = [r for r in svg.find_all("rect") if "bar" in r.attrs.get("class", "").split()]
                said = int(svg.find("g").attrs.get("data-bars", "-1"))
                check(len(bars) == said and str(said) in svg.find("title").text(),
                      "%s: %d bars rendered, the page says %d" % (lang, len(bars), said))
            notices = len([a for a in root.find_all("article") if a.attrs.get("class") == "notice"])
            check(notices == black, "%s: %d notices rendered for %d black cards" % (lang, notices, black))
        # Screenshots: a desktop and a phone.
        page = os.path.join(tmp, "report-en.html")
        for name, size in (("desktop", (1280, 1600)), ("phone", (390, 1600))):
            png = os.path.join(tmp, name + ".png")
            out = chromium.run(page, "--screenshot=" + png, "--window-size=%d,%d" % size,
                               "--hide-scrollbars")
            if check(out.returncode == 0 and os.path.exists(png),
                     "%s: no screenshot: %s" % (name, out.stderr.decode()[-300:])):
                colours, share = not_blank(name, png, size)
                print("%s screenshot %dx%d: %d colours, %.1f%% not white"
                      % (name, size[0], size[1], colours, 100 * share))
        # Print to PDF: A4, and page breaks before each section and notice.
        pdf = os.path.join(tmp, "report.pdf")
        out = chromium.run(page, "--print-to-pdf=" + pdf, "--no-pdf-header-footer")
        if check(out.returncode == 0 and os.path.exists(pdf), "no PDF: %s" % out.stderr.decode()[-300:]):
            data = open(pdf, "rb").read()
            npages = len(re.findall(rb"/Type\s*/Page[^s]", data))
            boxes = {tuple(round(float(v)) for v in m.split())
                     for m in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)}
            check(boxes == {(0, 0, 595, 842)}, "the PDF's pages are %s, not A4" % boxes)
            check(npages >= len(SECTIONS) + black,
                  "the PDF has %d pages for %d sections and %d notices" % (npages, len(SECTIONS), black))
            print("printed: %d A4 pages (%d sections, %d notices)" % (npages, len(SECTIONS), black))
    return pages.finish(failures)


if __name__ == "__main__":
    sys.exit(main())
