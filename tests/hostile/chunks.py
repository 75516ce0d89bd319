#!/usr/bin/env python3
"""The sheet reader reads files in 256 KiB chunks (lib/csv.c) and memory at
once: every structure that can straddle a chunk boundary must read the same
both ways, in UTF-8 and in GB18030.

For shifts of the boundary byte by byte, a sheet of long rows (quoted cells
with commas, doubled quotes, CRLF and LF inside them, 2-, 3- and 4-byte UTF-8
characters, and a byte-order mark) is scored from a file and from memory
(pmindex.Model.score_sheet, JSON Lines): the bytes must be equal and the row
count right. Then the same with a bad row after the boundary: the same
located errors both ways.
"""
import csv
import os
import sys
import tempfile

import pmindex

CHUNK = 1 << 18


def quote(cell):
    if any(c in cell for c in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def sheet(shift, bad=False):
    with open(os.path.join(os.path.dirname(__file__), "../../examples/data/luohu-sample.csv"),
              encoding="utf-8") as f:
        table = list(csv.reader(f))
    header = ",".join(table[0])
    rows = [[quote(c) for c in r] for r in table[1:]]
    out = ["\ufeff" + header + "\r\n"]
    size = len(out[0].encode())
    n = 0
    marked = False
    # Pad so that the structures below fall on and around the boundary.
    pad = "x" * shift
    texts = ['"园, 花""苑""\r\n第二行\n' + pad + '"', '"€𝄞名' + pad + '"', "翠竹" + pad,
             '"' + "丁" * 50 + '"']
    while size < 2 * CHUNK + 4096:
        r = list(rows[n % len(rows)])
        r[0] = "CH-%05d" % n
        r[1] = texts[n % len(texts)]
        if bad and size + 2000 >= CHUNK and not marked:  # a row about the first boundary
            r[16] = "1e5"
            marked = True
        line = ",".join(r) + ("\r\n" if n % 2 else "\n")
        out.append(line)
        size += len(line.encode())
        n += 1
    return "".join(out), n


def score(model, source, encoding):
    out = tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False)
    out.close()
    try:
        try:
            report = model.score_sheet(source, out.name, format="jsonl", encoding=encoding)
        except pmindex.PmindexError as e:
            return None, [str(x) for x in (e.errors or [e])]
        with open(out.name, "rb") as f:
            return f.read(), report.rows
    finally:
        os.unlink(out.name)


def main():
    model = pmindex.Model.default()
    failures = 0
    cases = 0
    tmp = tempfile.mkdtemp(prefix="pmindex-chunks-")
    for shift in list(range(0, 9)) + [13, 64, 255, 1000]:
        for encoding in ("utf-8", "gb18030"):
            for bad in (False, True):
                text, rows = sheet(shift, bad)
                data = text.encode(encoding if encoding == "utf-8" else "gb18030")
                path = os.path.join(tmp, "chunks.csv")
                with open(path, "wb") as f:
                    f.write(data)
                from_file = score(model, path, encoding)
                from_memory = score(model, data, encoding)
                cases += 1
                what = "shift %d, %s, %s" % (shift, encoding, "bad row" if bad else "good")
                if bad:
                    ok = from_file[0] is None and from_memory[0] is None and \
                        [e.split(": ", 1)[1] for e in from_file[1]] == \
                        [e.split(": ", 1)[1] for e in from_memory[1]] and len(from_file[1]) == 1
                else:
                    ok = from_file == from_memory and from_file[1] == rows
                if not ok:
                    failures += 1
                    print("FAIL %s:\n  file:   %s\n  memory: %s" % (
                        what, str(from_file)[:300], str(from_memory)[:300]))
    os.unlink(os.path.join(tmp, "chunks.csv"))
    os.rmdir(tmp)
    print("%d cases, %d failures" % (cases, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
