#!/usr/bin/env python3
"""pmindex-score and pmindex-rank on 1, 2 and 8 threads, and with each
SIMD level (PMINDEX_SIMD=plain, sse2, avx2), give the same bytes on
standard output and standard error and the same exit status, on sheets big
enough to be cut into many blocks: clean; with errors of every kind and
duplicate ids near and far (across the blocks' boundaries); names quoted
with line ends, commas and quotes; CRLF line ends; a row too long and a
quote never closed, which end the sheet in the middle; GB18030; standard
input. Also in the suite 'threads', which CI runs under ThreadSanitizer.

    threads.py PMINDEX_SCORE PMINDEX_RANK
"""
import os
import subprocess
import sys
import tempfile

SAMPLE = "examples/data/luohu-sample.csv"
GB18030 = "tests/sheets/luohu-sample.gb18030.csv"


def rows_of(path):
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    return lines[0], [r for r in lines[1:] if r]


def copies(header, rows, times, edit=None, sep=b"\n"):
    """The rows times over under other ids, each maybe edited."""
    out = [header]
    n = 0
    for k in range(times):
        for r in rows:
            cells = r.split(b",")
            cells[0] += b"-%d" % k
            if edit:
                cells = edit(n, cells)
            out.append(b",".join(cells))
            n += 1
    return sep.join(out) + sep


def with_errors(n, cells):
    if n % 53 == 7:
        cells[9] = b"maybe"  # not a value of A2
    if n % 71 == 11:
        cells.append(b"extra")  # a cell too many
    if n % 89 == 13:
        cells[1] = b"\xff\xfe"  # not UTF-8
    if n % 97 == 17:
        cells[1] = b'"x"y'  # text after a closing quote
    if n % 61 == 19:
        cells[0] = b"LH-DM-001-0"  # the first row's id, far back
    if n % 113 == 23:
        cells[0] = b"LH-DM-00%d-4" % (1 + n % 5)  # an id of a row not yet read
    return cells


def quoted(n, cells):
    cells[1] = b'"' + cells[1] + (b"\n" if n % 2 else b"\r\n") + b'A, ""B"" %d"' % n
    return cells


def sheets(tmp):
    header, rows = rows_of(SAMPLE)
    made = {
        "clean": copies(header, rows, 6),
        "errors": copies(header, rows, 6, with_errors),
        "quoted": copies(header, rows, 4, quoted),
        "crlf": copies(header, rows, 4, sep=b"\r\n"),
    }
    mixed = copies(header, rows, 4, quoted, sep=b"\r\n")
    cut = len(mixed) // 2
    cut = mixed.index(b"\r\n", cut) + 2
    made["too-long"] = mixed[:cut] + b"X" * (1 << 20) + b",1\r\n" + mixed[cut:]
    made["unterminated"] = copies(header, rows, 3) + b'LH-X,"never closed\n,,\n'
    paths = {}
    for name, data in made.items():
        paths[name] = os.path.join(tmp, name + ".csv")
        with open(paths[name], "wb") as f:
            f.write(data)
    return paths


def run(argv, source=None, env=None):
    """Runs argv; source: a file for standard input, read through a pipe
    (a stream of unknown size, read as it comes)."""
    data = None
    if source:
        with open(source, "rb") as f:
            data = f.read()
    r = subprocess.run(argv, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, timeout=300)
    return r.returncode, r.stdout, r.stderr


def main():
    score, rank = sys.argv[1], sys.argv[2]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = sheets(tmp)
        cases = []
        for name, path in paths.items():
            cases += [
                (name + " score csv", [score, "--format", "csv", path]),
                (name + " score csv --skip-bad-rows",
                 [score, "--format", "csv", "--skip-bad-rows", path]),
                (name + " score jsonl", [score, "--format", "jsonl", path]),
                (name + " rank csv", [rank, "--format", "csv", path]),
            ]
        cases += [
            ("errors score table", [score, "--lang", "en", paths["errors"]]),
            ("clean rank street", [rank, "--by", "street", "--format", "csv", paths["clean"]]),
            ("clean rank table", [rank, paths["clean"]]),
            ("gb18030 score", [score, "--format", "csv", "--encoding", "gb18030", GB18030]),
            ("gb18030 rank", [rank, "--format", "csv", "--encoding", "gb18030", GB18030]),
        ]
        stdin_cases = [("errors score stdin", [score, "--format", "csv", "-"], paths["errors"]),
                       ("quoted rank stdin", [rank, "--format", "csv", "-"], paths["quoted"])]
        env = dict(os.environ)
        for what, argv in cases + [(w, a) for w, a, _ in stdin_cases]:
            source = dict((w, s) for w, _, s in stdin_cases).get(what)
            want = None
            runs = [(t, None) for t in (1, 2, 8)] + [(2, s) for s in ("plain", "sse2", "avx2")]
            for threads, simd in runs:
                e = dict(env)
                if simd:
                    e["PMINDEX_SIMD"] = simd
                full = argv[:1] + ["--threads", str(threads)] + argv[1:]
                got = run(full, source, env=e)
                if want is None:
                    want = got
                    if what.startswith(("errors", "too-long", "unterminated")) and not got[2]:
                        print("%s: no error reported" % what)
                        failures += 1
                    continue
                if got != want:
                    failures += 1
                    part = "exit status" if got[0] != want[0] else \
                        "stdout" if got[1] != want[1] else "stderr"
                    print("%s: %d threads%s: %s differs from 1 thread's" %
                          (what, threads, ", PMINDEX_SIMD=" + simd if simd else "", part))
            print("%s: the same on 1, 2 and 8 threads and every SIMD level (exit %d, %d bytes "
                  "out, %d bytes of errors)" % (what, want[0], len(want[1]), len(want[2])))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
