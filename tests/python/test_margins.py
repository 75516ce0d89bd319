"""How sure a verdict is, from Python: Assessment.margins() and the records
with margins are pmindex-score --margins's, value for value and byte for
byte."""

import csv
import io
import json
import unittest
from decimal import Decimal

import support

import pmindex


class MarginsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = pmindex.Model.default()
        cls.assessments = list(cls.model.read_sheet(support.SAMPLE))

    def test_records_are_pmindex_score_s(self):
        golden = support.read(support.GOLDEN + "margins-luohu-sample.csv").decode()
        lines = golden.splitlines(keepends=True)
        self.assertEqual([a.csv(margins=True) for a in self.assessments], lines[1:])
        golden = support.read(support.GOLDEN + "margins-luohu-sample.jsonl").decode()
        self.assertEqual("".join(a.jsonl(margins=True) for a in self.assessments), golden)
        # Without margins, the records of before.
        self.assertNotIn("flips", self.assessments[0].jsonl())

    def test_values_agree_with_the_records(self):
        golden = support.read(support.GOLDEN + "margins-luohu-sample.jsonl").decode()
        for a, line in zip(self.assessments, golden.splitlines()):
            j = json.loads(line)
            m = a.margins()
            self.assertEqual(m.fragile, j["margins"]["fragile"])
            down, up = j["margins"]["index_down"], j["margins"]["index_up"]
            self.assertEqual(m.index_down, None if down is None else Decimal("%.2f" % down))
            self.assertEqual(m.index_up, None if up is None else Decimal("%.2f" % up))
            self.assertEqual(len(m.flips), len(j["flips"]))
            for f, g in zip(m.flips, j["flips"]):
                self.assertEqual((f.item, f.direction, f.tier, f.card),
                                 (g["item"], g["direction"], g["tier"], g["card"]))
                self.assertEqual(f.after, Decimal(str(g["to"])))
                self.assertEqual(f.before, None if g["from"] is None else Decimal(str(g["from"])))

    def test_flips_change_the_verdict(self):
        # The README's example: 老围华庭, black for 69.87, one finding short of Pass.
        a = next(a for a in self.assessments if a.compound_id == "LH-GY-018")
        m = a.margins()
        self.assertEqual((a.tier, a.card), ("fail", "black"))
        self.assertTrue(m.fragile)
        self.assertEqual((m.index_down, m.index_up), (Decimal("69.87"), Decimal("0.13")))
        for f in m.flips:
            cells = dict(a.compound.observations)
            cells = {k: ("" if v is None else format(v, "f")) for k, v in cells.items()}
            cells[f.item] = format(f.after, "f")
            b = self.model.assess(dict(cells, compound_id="X"))
            self.assertEqual((b.tier, b.card), (f.tier, f.card), f)
        d5 = next(f for f in m.flips if f.item == "D5")
        self.assertEqual((d5.direction, d5.before, d5.after, d5.steps),
                         ("better", Decimal(1), Decimal(0), Decimal("1.00")))
        self.assertEqual(d5.en, "1 finding fewer on D5 (1 → 0) gives tier Pass and no card")
        self.assertEqual(d5.zh, "D5 少 1 项问题（1 → 0），即为等级合格、无牌")

    def test_veto_and_not_applicable(self):
        a = next(a for a in self.assessments if a.compound_id == "LH-DM-012")
        lifted = [f for f in a.margins().flips if f.direction == "lifted"]
        self.assertEqual([(f.item, f.tier, f.card) for f in lifted], [("V3", "pass", "none")])
        fb = next(a for a in self.assessments if a.compound_id == "LH-DM-009")
        m = fb.margins()
        self.assertEqual((fb.tier, m.index_down, m.index_up), ("fallback", None, None))
        self.assertTrue(all(f.direction in ("best", "worst") and f.before is None
                            for f in m.flips))

    def test_closed(self):
        a = self.model.assess({"compound_id": "X", "A1": "1"})
        a.close()
        with self.assertRaises(ValueError):
            a.margins()


if __name__ == "__main__":
    unittest.main()
