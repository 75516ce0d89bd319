"""Assessment.explain() gives the text of pmindex-score --explain ID, byte for
byte: every compound of the sample sheets in both languages, with the
default and the quarterly model, and sheets whose text a terminal must not
see as it is (control characters, names too long for their column)."""

import os
import subprocess
import tempfile
import unittest

import support

import pmindex

QUARTERLY = ("models/quarterly-demo.ini", "examples/data/quarterly-sample.csv")


def score_explain(sheet, compound_id, lang, model=None):
    args = [support.SCORE, "--explain", compound_id, "--lang", lang, sheet]
    if model:
        args[1:1] = ["--model", model]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


@support.needs_score
class Explain(unittest.TestCase):
    def check_sheet(self, model, sheet, model_file=None):
        n = 0
        for a in model.read_sheet(sheet):
            for lang in ("zh", "en"):
                self.assertEqual(a.explain(lang), score_explain(sheet, a.compound_id, lang,
                                                                model_file),
                                 (sheet, a.compound_id, lang))
            n += 1
        return n

    def test_goldens(self):
        model = pmindex.Model.default()
        for a in model.read_sheet(support.SAMPLE):
            if a.compound_id == "LH-HB-020":
                self.assertEqual(a.explain(), support.read(
                    support.GOLDEN + "explain-LH-HB-020.zh.txt").decode())
            if a.compound_id == "LH-GY-014":
                self.assertEqual(a.explain("en"), support.read(
                    support.GOLDEN + "explain-LH-GY-014.en.txt").decode())

    def test_every_sample_compound(self):
        self.assertEqual(self.check_sheet(pmindex.Model.default(), support.SAMPLE), 200)

    def test_another_model(self):
        model = pmindex.Model.load_ini(QUARTERLY[0])
        self.assertGreater(self.check_sheet(model, QUARTERLY[1], QUARTERLY[0]), 10)

    def test_text_for_a_terminal(self):
        model = pmindex.Model.default()
        items = [i.id for i in model.items]
        header = ["compound_id", "name", "street", "station", "company", "households",
                  "managed", "period"] + items + ["V1"]
        rows = [
            # Escape sequences and line breaks in the sheet's text; unmanaged.
            ["T-1", "\x1b[31mred\x1b[0m", "a\tb", "\x7fstation", "co\u0085", "", "0", ""] +
            ["1"] * len(items) + [""],
            # A name far longer than a terminal line, in wide characters.
            ["T-2", "翠" * 300, "街" * 40, "", "", "12", "1", "2018H2"] +
            ["0"] * len(items) + ["1"],
            # No item applies: no index, fallback.
            ["T-3", "NA", "", "", "", "", "", ""] + [""] * len(items) + [""],
        ]
        text = "\n".join(",".join('"%s"' % c.replace('"', '""') for c in r)
                         for r in [header] + rows) + "\n"
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "terminal.csv")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            self.assertEqual(self.check_sheet(model, path), 3)
            explained = {a.compound_id: a.explain("en") for a in model.read_sheet(path)}
        self.assertNotIn("\x1b", explained["T-1"])
        self.assertIn("not managed", explained["T-1"])
        self.assertIn("Index - · tier fallback management", explained["T-3"])

    def test_bad_language(self):
        a = pmindex.Model.default().assess({"A1": "1"})
        with self.assertRaises(ValueError):
            a.explain("fr")


if __name__ == "__main__":
    unittest.main()
