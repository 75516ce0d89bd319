"""What the report's tests share: making pages with pmindex-report, a small
DOM of a page (html.parser, no third-party module), Chromium run headless
and offline, and PNG decoding with zlib."""

import csv
import html.parser
import io
import os
import shutil
import struct
import subprocess
import tempfile
import zlib

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
SECTIONS = ["glance", "distribution", "groups", "lists", "ladder", "compounds", "notices"]


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()

    def find_all(self, tag=None, **attrs):
        for n in self.walk():
            if (tag is None or n.tag == tag) and all(n.attrs.get(k.rstrip("_")) == v
                                                      for k, v in attrs.items()):
                yield n

    def find(self, tag=None, **attrs):
        return next(self.find_all(tag, **attrs), None)

    def classes(self):
        return (self.attrs.get("class") or "").split()


class _Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.at = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_startendtag(self, tag, attrs):
        self.at.children.append(Node(tag, attrs, self.at))

    def handle_endtag(self, tag):
        n = self.at
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.at = n.parent

    def handle_data(self, data):
        self.at.children.append(data)


def dom(text):
    b = _Builder()
    b.feed(text)
    b.close()
    return b.root


def rows_of(table):
    """The rows of a table's body, each a list of its cells' texts."""
    return [[c.text() for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]
            for tr in table.find("tbody").find_all("tr")]


def table_rows(root, table_id):
    """The rows of the body of the table with that id."""
    table = root.find("table", id=table_id)
    if table is None:
        raise AssertionError("no table id=%s" % table_id)
    return rows_of(table)


def report(binary, *args):
    """Runs pmindex-report; returns the page's text."""
    out = subprocess.run([binary] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if out.returncode != 0:
        raise AssertionError("pmindex-report %s: exit %d: %s"
                             % (" ".join(args), out.returncode, out.stderr.decode()))
    return out.stdout.decode("utf-8")


def ranked(rank, sheet):
    """pmindex-rank's CSV of the sheet: one dict per compound, in rank order."""
    out = subprocess.run([rank, "--format", "csv", sheet], stdout=subprocess.PIPE, check=True)
    return list(csv.DictReader(io.StringIO(out.stdout.decode("utf-8"))))


def finish(failures):
    """Prints the failures; the exit status of the test."""
    for f in failures:
        print("FAIL:", f)
    print("%d failures" % len(failures))
    return 1 if failures else 0


# ---- Chromium -----------------------------------------------------------------

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def offline_prefix():
    """unshare -n: a network namespace with no network at all, when the
    system lets us make one (root, or user namespaces)."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], stderr=subprocess.DEVNULL).returncode == 0:
        return [unshare, "-n"]
    return []


class Chromium:
    def __init__(self):
        self.binary = shutil.which("chromium") or shutil.which("chromium-browser")
        self.prefix = offline_prefix()

    def run(self, page, *args, timeout=120):
        with tempfile.TemporaryDirectory() as profile:
            cmd = self.prefix + [self.binary] + FLAGS + ["--user-data-dir=" + profile] + list(args)
            cmd.append(page)
            return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=timeout)

    def usable(self, workdir):
        """True when Chromium renders a trivial page here."""
        if not self.binary:
            return False
        page = os.path.join(workdir, "probe.html")
        with open(page, "w") as f:
            f.write("<!DOCTYPE html><title>p</title><p id=probe>ok</p>")
        try:
            out = self.run(page, "--dump-dom", timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return False
        return out.returncode == 0 and b'id="probe"' in out.stdout


# ---- PNG ----------------------------------------------------------------------

def png_pixels(path):
    """(width, height, rows of pixel tuples) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError("%s is not a PNG" % path)
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise AssertionError("unexpected PNG kind: depth %d colour %d interlace %d"
                             % (depth, colour, interlace))
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return width, height, rows


# ---- contrast (WCAG 2.1) --------------------------------------------------------

def luminance(hex_colour):
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
