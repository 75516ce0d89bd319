"""Score sheets from Python: byte for byte the output of pmindex-score, every
error it reports in the same order and words, and output that appears
whole or not at all."""

import glob
import io
import os
import stat
import subprocess
import sys
import tempfile
import unittest

import support

import pmindex
from pmindex import Model, PmindexError, Status, sheet as sheet_module

BAD_SHEETS = sorted(os.path.basename(p)[:-4] for p in glob.glob(support.SHEETS + "*.err"))


def expected_errors(name):
    """The error lines of pmindex-score's golden .err file, without the
    program's name and its closing summary."""
    lines = support.read(support.SHEETS + name + ".err", "r").splitlines()
    return [ln[len("pmindex-score: "):] for ln in lines
            if not ln.endswith("no output was written")]


class ScoreSheet(unittest.TestCase):
    def setUp(self):
        self.m = Model.default()
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "out")

    def tearDown(self):
        self.tmp.cleanup()

    def result(self):
        with open(self.out, "rb") as f:
            return f.read()

    def test_sample_csv_and_jsonl(self):
        for fmt in ("csv", "jsonl"):
            with self.subTest(fmt):
                r = self.m.score_sheet(support.SAMPLE, self.out, format=fmt)
                self.assertEqual(r, pmindex.ScoreReport(200, [], 0))
                self.assertEqual(self.result(), support.read(support.GOLDEN + "luohu-sample." + fmt))

    def test_sources_and_destinations(self):
        golden = support.read(support.GOLDEN + "luohu-sample.csv")
        # bytes in memory, GB18030, a binary and a text file object
        self.m.score_sheet(support.read(support.SAMPLE), self.out)
        self.assertEqual(self.result(), golden)
        self.m.score_sheet(support.SHEETS + "luohu-sample.gb18030.csv", self.out,
                           encoding="gb18030")
        self.assertEqual(self.result(), golden)
        b = io.BytesIO()
        self.m.score_sheet(support.SAMPLE, b)
        self.assertEqual(b.getvalue(), golden)
        t = io.StringIO()
        self.m.score_sheet(support.SAMPLE, t)
        self.assertEqual(t.getvalue(), golden.decode("utf-8"))
        # no header line
        self.m.score_sheet(support.SAMPLE, self.out, header=False)
        self.assertEqual(self.result(), golden[golden.index(b"\n") + 1:])
        # standard output, in a child
        r = support.python("import pmindex; pmindex.Model.default().score_sheet(%r, '-', "
                           "format='jsonl')" % support.SAMPLE)
        self.assertEqual(r.stdout, support.read(support.GOLDEN + "luohu-sample.jsonl", "r"))

    def test_threads(self):
        """Any number of threads: the same bytes, the same errors in order,
        and a whole sheet's worth of rows read on them (the sample with
        every row five times over, under other ids, and some errors)."""
        rows = support.read(support.SAMPLE).split(b"\n")
        big = [rows[0]]
        for k in range(5):
            for n, r in enumerate(rows[1:]):
                if r:
                    cells = r.split(b",")
                    cells[0] += b"-%d" % k
                    if (k * 200 + n) % 97 == 5:
                        cells[9] = b"maybe"
                    big.append(b",".join(cells))
        big = b"\n".join(big) + b"\n"
        want = None
        for threads in (1, 2, 8, None):
            with self.subTest(threads=threads):
                out = io.BytesIO()
                r = self.m.score_sheet(big, out, skip_bad_rows=True, threads=threads)
                got = (out.getvalue(), [e.text for e in r.errors], r.error_count, r.rows)
                if want is None:
                    want = got
                    self.assertEqual(r.error_count, 11)
                self.assertEqual(got, want)
        for bad in (0, 257, 1.5, True, "2"):
            with self.assertRaises(ValueError):
                self.m.score_sheet(support.SAMPLE, self.out, threads=bad)
        self.assertGreaterEqual(sheet_module.cores(), 1)

    def test_records_longer_than_the_chunk(self):
        old = sheet_module._CHUNK
        sheet_module._CHUNK = 100  # every JSON record is longer
        try:
            self.m.score_sheet(support.SAMPLE, self.out, format="jsonl")
        finally:
            sheet_module._CHUNK = old
        self.assertEqual(self.result(), support.read(support.GOLDEN + "luohu-sample.jsonl"))

    def test_errors_as_pmindex_score_reports_them(self):
        self.assertGreaterEqual(len(BAD_SHEETS), 7)
        for name in BAD_SHEETS:
            with self.subTest(name):
                with open(self.out, "wb") as f:
                    f.write(b"previous contents\n")
                with self.assertRaises(PmindexError) as cm:
                    self.m.score_sheet(support.SHEETS + name + ".csv", self.out)
                e = cm.exception
                self.assertEqual([x.text for x in e.errors], expected_errors(name))
                self.assertEqual(e.count, len(e.errors))
                self.assertEqual(e.file, support.SHEETS + name + ".csv")
                self.assertGreater(e.line, 0)
                # Nothing was written, nothing was left behind.
                self.assertEqual(self.result(), b"previous contents\n")
                self.assertEqual(os.listdir(self.tmp.name), ["out"])

    def test_error_details(self):
        with self.assertRaises(PmindexError) as cm:
            self.m.score_sheet(support.SHEETS + "bad-values.csv", self.out)
        e = cm.exception
        self.assertEqual((e.file, e.line, e.column, e.field, e.value, e.status),
                         (support.SHEETS + "bad-values.csv", 3, 9, "A1", "2", Status.E_RANGE))
        self.assertEqual(e.message, "pass/fail item A1 takes 1 or 0 (是/否, yes/no, pass/fail)")
        self.assertEqual(e.count, 20)
        self.assertFalse(os.path.exists(self.out))
        with self.assertRaises(PmindexError) as cm:
            self.m.score_sheet(support.SHEETS + "bad-values.csv", self.out, max_errors=3)
        self.assertEqual((len(cm.exception.errors), cm.exception.count), (3, 20))
        self.assertIn("... and 17 more errors (20 in all)", str(cm.exception))

    def test_open_errors(self):
        with self.assertRaises(PmindexError) as cm:
            self.m.score_sheet("tests/sheets/no-such-file.csv", self.out)
        e = cm.exception
        self.assertEqual(e.status, Status.E_IO)
        self.assertEqual(str(e), "tests/sheets/no-such-file.csv: cannot open the sheet: "
                                 "No such file or directory")
        with self.assertRaises(PmindexError) as cm:
            self.m.score_sheet("tests", self.out)
        self.assertEqual(str(cm.exception), "tests: cannot read the sheet: Is a directory")
        with self.assertRaises(PmindexError) as cm:
            self.m.score_sheet(support.SAMPLE, self.out, encoding="latin-1")
        self.assertEqual(cm.exception.status, Status.E_UNSUPPORTED)
        self.assertIn("unknown encoding 'latin-1'", str(cm.exception))
        with self.assertRaisesRegex(ValueError, "format is 'csv' or 'jsonl'"):
            self.m.score_sheet(support.SAMPLE, self.out, format="xml")
        with self.assertRaises(IsADirectoryError):
            self.m.score_sheet(support.SAMPLE, self.tmp.name)
        self.assertFalse(os.path.exists(self.out))

    def test_output_file_mode_and_devices(self):
        old = os.umask(0o027)
        try:
            self.m.score_sheet(support.SAMPLE, self.out)
        finally:
            os.umask(old)
        self.assertEqual(stat.S_IMODE(os.stat(self.out).st_mode), 0o640)
        self.m.score_sheet(support.SAMPLE, "/dev/null")
        with self.assertRaises(OSError):
            self.m.score_sheet(support.SAMPLE, "/dev/full")

    @support.needs_score
    def test_skip_bad_rows_as_pmindex_score(self):
        for name in ("bad-values", "duplicate-id", "field-count"):
            with self.subTest(name):
                path = support.SHEETS + name + ".csv"
                r = self.m.score_sheet(path, self.out, skip_bad_rows=True)
                want = subprocess.run([support.SCORE, "--format", "csv", "--skip-bad-rows",
                                       path], capture_output=True)
                self.assertEqual(want.returncode, 1)
                self.assertEqual(self.result(), want.stdout)
                self.assertEqual(r.rows, want.stdout.count(b"\n") - 1)
                lines = want.stderr.decode("utf-8").splitlines()[:-1]
                self.assertEqual(["pmindex-score: " + e.text for e in r.errors], lines)
                self.assertEqual(r.error_count, len(lines))

    @support.needs_score
    def test_command_line_as_pmindex_score(self):
        for args in (["--format", "jsonl", support.SAMPLE],
                     ["--format", "csv", support.SHEETS + "bad-header.csv"],
                     ["--skip-bad-rows", support.SHEETS + "duplicate-id.csv"],
                     ["tests/sheets/no-such-file.csv"]):
            with self.subTest(args):
                py = subprocess.run([sys.executable, "-m", "pmindex"] + args, capture_output=True)
                c = subprocess.run([support.SCORE, "--format", "csv"] + args, capture_output=True)
                self.assertEqual(py.returncode, c.returncode)
                self.assertEqual(py.stdout, c.stdout)
                self.assertEqual(py.stderr.replace(b"python3 -m pmindex:", b"pmindex-score:"),
                                 c.stderr)


class ReadSheet(unittest.TestCase):
    def setUp(self):
        self.m = Model.default()

    def test_rows_give_the_golden_lines(self):
        golden = support.read(support.GOLDEN + "luohu-sample.csv", "r")
        with self.m.read_sheet(support.SAMPLE) as sheet:
            got = [a.csv() for a in sheet]
            self.assertTrue(sheet.has_column("V5"))
            self.assertFalse(sheet.has_column("V6"))
        self.assertEqual(self.m.csv_header() + "".join(got), golden)
        rows = list(self.m.read_sheet(support.SAMPLE))
        self.assertEqual(rows[0].compound.line, 2)
        self.assertEqual(len(rows), 200)
        self.assertEqual(rows[1].compound.fields["street"], "东门街道")

    def test_errors_at_the_end(self):
        sheet = self.m.read_sheet(support.SHEETS + "duplicate-id.csv")
        ids = []
        with self.assertRaises(PmindexError) as cm:
            for a in sheet:
                ids.append(a.compound_id)
        self.assertTrue(ids)
        self.assertEqual([e.text for e in cm.exception.errors],
                         expected_errors("duplicate-id"))
        sheet = self.m.read_sheet(support.SHEETS + "duplicate-id.csv", skip_bad_rows=True)
        self.assertEqual([a.compound_id for a in sheet], ids)
        self.assertEqual(sheet.error_count, 2)
        self.assertEqual(sheet.errors[0].line, 4)

    def test_memory_partial_and_compounds(self):
        text = "compound_id,B2,V1\nP-1,87.5%,1\nP-2,NA,\n".encode("utf-8")
        with self.assertRaises(PmindexError) as cm:
            list(self.m.read_sheet(text, name="mem.csv"))
        self.assertEqual(cm.exception.file, "mem.csv")
        self.assertEqual(cm.exception.count, 30)  # 30 missing item columns
        sheet = self.m.read_sheet(text, partial=True)
        cs = list(sheet.compounds())
        self.assertEqual([c.compound_id for c in cs], ["P-1", "P-2"])
        self.assertEqual((str(cs[0]["B2"]), cs[0].vetoes, cs[1]["B2"]), ("0.875", ("V1",), None))
        a = self.m.assess(cs[0])
        self.assertEqual(a.reason_keys, ("fallback", "veto:V1"))
        with self.assertRaises(PmindexError) as cm:
            self.m.read_sheet("tests/sheets/no-such-file.csv")
        self.assertEqual(cm.exception.status, Status.E_IO)
        sheet.close()
        with self.assertRaisesRegex(ValueError, "the sheet is closed"):
            sheet.has_column("B2")


if __name__ == "__main__":
    unittest.main()
