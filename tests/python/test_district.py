"""District rankings and summaries, and merged partial sheets, from Python:
the same bytes as pmindex-rank, the same values as its records."""

import json
import os
import subprocess
import unittest

import support

import pmindex

RANK = os.path.join(os.path.dirname(support.SCORE or ""), "pmindex-rank")
PARTS = ["examples/data/luohu-partial-%s.csv" % p for p in ("police", "street", "district")]


def rank(*args):
    return subprocess.run([RANK] + list(args), capture_output=True, check=True).stdout.decode()


class DistrictTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = pmindex.Model.default()
        cls.d = support.sample_district(cls.model)

    def test_records_are_pmindex_rank_s(self):
        for by in ("district", "street", "station", "company"):
            with self.subTest(by=by):
                golden = support.read(support.GOLDEN + "rank-%s.csv" % by).decode()
                self.assertEqual(self.d.csv(by), golden)
        self.assertEqual(self.d.jsonl("company"),
                         support.read(support.GOLDEN + "rank-company.jsonl").decode())
        self.assertEqual(self.d.jsonl(),
                         support.read(support.GOLDEN + "rank-district.jsonl").decode())

    def test_values_agree_with_the_records(self):
        ranking = self.d.ranking()
        self.assertEqual(len(ranking), 200)
        records = [json.loads(line) for line in self.d.jsonl().splitlines()]
        for r, j in zip(ranking, records):
            self.assertEqual(r.compound_id, j["compound_id"])
            self.assertEqual(r.rank, j["rank"])
            self.assertEqual(r.street_rank, j["street_rank"])
            self.assertEqual(r.tier, j["tier"])
            self.assertEqual(str(r.index) if r.index is not None else None,
                             None if j["index"] is None else "%.2f" % j["index"])
        ranked = [r for r in ranking if r.rank]
        self.assertEqual(len(ranked), self.d.ranked_count)
        self.assertTrue(all(r.tier == "fallback" for r in ranking[len(ranked):]))
        # Ranks never go down the listing, and a tier never ranks above a better one.
        tiers = [t.key for t in self.model.tiers]
        for a, b in zip(ranked, ranked[1:]):
            self.assertLessEqual(a.rank, b.rank)
            self.assertLessEqual(tiers.index(a.tier), tiers.index(b.tier))

    def test_company_summary(self):
        companies = self.d.summaries("company")
        for s, j in zip(companies, map(json.loads, self.d.jsonl("company").splitlines())):
            self.assertEqual(s.name, j["company"])
            self.assertEqual(s.weighted_mean, pmindex._exact.centi(round(j["weighted_mean"] * 100)))
            self.assertEqual(list(s.lists), j["lists"])
            self.assertEqual(list(s.black), [b["compound_id"] for b in j["black_compounds"]])
        whole = self.d.summary()
        self.assertEqual(whole.compounds, 200)
        self.assertEqual(sum(whole.tiers.values()), 200)

    def test_add_after_compute_and_bad_scope(self):
        a = next(iter(self.model.read_sheet(support.SAMPLE)))
        with self.assertRaises(pmindex.PmindexError) as e:
            self.d.add(a)
        self.assertEqual(e.exception.code, pmindex.Status.E_STATE)
        with self.assertRaises(ValueError):
            self.d.csv("city")

    def test_duplicate(self):
        d = pmindex.District(self.model)
        a = next(iter(self.model.read_sheet(support.SAMPLE)))
        d.add(a)
        with self.assertRaises(pmindex.PmindexError) as e:
            d.add(a)
        self.assertEqual(e.exception.code, pmindex.Status.E_DUPLICATE)


class MergeTest(unittest.TestCase):
    def test_partial_sheets_rank_as_the_whole(self):
        model = pmindex.Model.default()
        d = pmindex.District(model)
        for c in pmindex.merge_sheets(model, PARTS):
            d.add_compound(c)
        d.compute()
        self.assertEqual(d.csv(), support.read(support.GOLDEN + "rank-district.csv").decode())

    def test_every_error_collected(self):
        model = pmindex.Model.default()
        with self.assertRaises(pmindex.PmindexError) as e:
            pmindex.merge_sheets(model, [support.SHEETS + "merge-police.csv",
                                         support.SHEETS + "merge-district.csv"])
        self.assertEqual(e.exception.count, 33)
        self.assertEqual(e.exception.code, pmindex.Status.E_CONFLICT)
        golden = support.read(support.GOLDEN + "rank-merge-errors.err").decode().splitlines()
        got = ["pmindex-rank: " + str(x) for x in e.exception.errors]
        self.assertEqual(got, golden[:-1])

    def test_missing_as_not_applicable_from_bytes(self):
        model = pmindex.Model.default()
        a = b"compound_id,A1\nX-1,1\n"
        b = b"compound_id,B1\nX-1,0.5\n"
        merged = pmindex.merge_sheets(model, [a, b], missing_na=True)
        self.assertEqual(len(merged), 1)
        self.assertEqual(merged[0].compound_id, "X-1")


if __name__ == "__main__":
    unittest.main()
