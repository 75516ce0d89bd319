"""The Monte Carlo analysis from Python: District.uncertainty() writes the
bytes of pmindex-rank --uncertainty for the same seed, whatever the
threads, and its values agree with its records."""

import json
import os
import subprocess
import unittest
from fractions import Fraction

import support

import pmindex

RANK = os.path.join(os.path.dirname(support.SCORE or ""), "pmindex-rank")
ARGS = dict(samples=200, seed=7, weights="20%", goalposts="10%", errors="2%")


class UncertaintyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = pmindex.Model.default()
        cls.d = pmindex.District(cls.model)
        for a in cls.model.read_sheet(support.SAMPLE):
            cls.d.add(a)
        cls.d.compute()
        cls.u = cls.d.uncertainty(**ARGS)

    def test_records_are_pmindex_rank_s(self):
        for by, name in (("district", "uncertainty-district.csv"),
                         ("company", "uncertainty-company.csv"),
                         ("input", "uncertainty-input.csv")):
            with self.subTest(by=by):
                self.assertEqual(self.u.csv(by), support.read(support.GOLDEN + name).decode())
        self.assertEqual(self.u.jsonl(),
                         support.read(support.GOLDEN + "uncertainty-district.jsonl").decode())
        self.assertEqual(self.u.jsonl("input"),
                         support.read(support.GOLDEN + "uncertainty-input.jsonl").decode())

    def test_threads_give_the_same_bytes(self):
        u8 = self.d.uncertainty(threads=8, **ARGS)
        self.assertEqual(u8.jsonl(), self.u.jsonl())
        self.assertEqual(u8.csv("input"), self.u.csv("input"))
        other = self.d.uncertainty(**dict(ARGS, seed=8))
        self.assertNotEqual(other.csv(), self.u.csv())

    @unittest.skipUnless(support.SCORE, "PMINDEX_SCORE names no pmindex-rank")
    def test_same_as_the_program_for_any_seed(self):
        u = self.d.uncertainty(samples=50, seed=2 ** 40 + 3, weights="5%", errors="0.01")
        out = subprocess.run([RANK, "--uncertainty", "50", "--seed", str(2 ** 40 + 3),
                              "--weights", "5%", "--errors", "0.01", "--format", "csv",
                              "--by", "street", support.SAMPLE],
                             capture_output=True, check=True).stdout.decode()
        self.assertEqual(u.csv("street"), out)

    def test_values_agree_with_the_records(self):
        records = [json.loads(line) for line in self.u.jsonl().splitlines()]
        compounds = self.u.compounds()
        self.assertEqual(len(compounds), 200)
        for c, r in zip(compounds, records):
            self.assertEqual(c.compound_id, r["compound_id"])
            self.assertEqual(sum(p.p for p in c.tiers.values()),
                             0 if c.tier == "fallback" else 1)
            for key, p in c.tiers.items():
                self.assertLessEqual(p.low, p.p)
                self.assertLessEqual(p.p, p.high)
                self.assertEqual(str(p.low), str(r["tiers"][key]["low"]))
            self.assertEqual(c.rank_median, r["rank_median"])
            self.assertEqual(c.black.p, Fraction(round(r["black"]["p"] * 200), 200))
        inputs = self.u.inputs
        self.assertEqual([s.input for s in inputs],
                         ["weight:A", "weight:B", "weight:C", "weight:D", "goalposts", "errors"])
        for s in inputs:
            for e in (s.cards, s.first_order, s.total):
                self.assertLessEqual(e.low, e.value)
                self.assertLessEqual(e.value, e.high)
        shift = self.u.rank_shift
        self.assertGreater(shift.value, 0)
        companies = self.u.groups("company")
        self.assertTrue(all(g.honour is not None for g in companies if g.rank))
        self.assertTrue(all(g.honour is None for g in self.u.groups("street")))

    def test_nothing_varied_is_certain(self):
        u = self.d.uncertainty(samples=10)
        plain = {r.compound_id: r for r in self.d.ranking()}
        for c in u.compounds():
            for key, p in c.tiers.items():
                self.assertEqual(p.p, Fraction(1 if key == plain[c.compound_id].tier else 0))
            self.assertEqual(c.black.p, 1 if plain[c.compound_id].card == "black" else 0)
            self.assertEqual(c.rank_median, plain[c.compound_id].rank)
        self.assertEqual(u.inputs, [])

    def test_errors(self):
        with self.assertRaises(ValueError):
            self.d.uncertainty(10, weights="0.0000001")
        with self.assertRaises(TypeError):
            self.d.uncertainty(10, errors=0.02)
        with self.assertRaises(pmindex.PmindexError):
            self.d.uncertainty(10, goalposts="50%")
        with self.assertRaises(pmindex.PmindexError):
            self.d.uncertainty(0)
        with self.assertRaises(ValueError):
            self.d.uncertainty(10, seed=-1)
        fresh = pmindex.District(self.model)
        with self.assertRaises(pmindex.PmindexError):
            fresh.uncertainty(10)


if __name__ == "__main__":
    unittest.main()
