"""pmindex.pandas: score_frame, rank_frame and ledger_frame give the values
of the library's records, with float64 numbers, categorical tiers and cards
and integer counts and ranks, so that idxmin(), groupby() and loc work.

Run as a script (meson: with /usr/bin/python3, where Debian's
python3-pandas installs): exits 77, meson's "skipped", without pandas."""

import os
import sys
import tempfile
import unittest
from decimal import Decimal

import support

try:
    import pandas as pd
except ImportError:
    pd = None

import pmindex

PARTS = ["examples/data/luohu-partial-police.csv", "examples/data/luohu-partial-street.csv",
         "examples/data/luohu-partial-district.csv"]
LEDGER_PERIODS = ("2018H2", "2019H1", "2019H2", "2020H1")


def nan_or(value):
    return float("nan") if value is None else float(value)


def same_float(a, b):
    return (a != a and b != b) or a == b  # NaN equals NaN here


@unittest.skipIf(pd is None, "pandas is not installed for %s" % sys.executable)
class Frames(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from pmindex.pandas import ledger_frame, rank_frame, score_frame
        cls.score_frame, cls.rank_frame, cls.ledger_frame = (
            staticmethod(score_frame), staticmethod(rank_frame), staticmethod(ledger_frame))
        cls.model = pmindex.Model.default()
        cls.assessments = list(cls.model.read_sheet(support.SAMPLE))
        cls.df = score_frame(support.SAMPLE)

    def test_score_frame_shape_and_types(self):
        df = self.df
        self.assertEqual(df.index.name, "compound_id")
        self.assertEqual(list(df.index), [a.compound_id for a in self.assessments])
        self.assertEqual(list(df.columns),
                         ["name", "street", "station", "company", "period", "households",
                          "managed", "index", "A", "B", "C", "D", "coverage", "tier", "card",
                          "reasons"])
        for col in ("index", "A", "B", "C", "D", "coverage"):
            self.assertEqual(df[col].dtype, "float64", col)
        self.assertEqual(str(df["households"].dtype), "Int64")
        self.assertEqual(df["managed"].dtype, bool)
        self.assertEqual(list(df["tier"].cat.categories),
                         ["excellent", "good", "pass", "fail", "fallback"])
        self.assertEqual(list(df["card"].cat.categories), ["none", "red", "black"])
        self.assertEqual(df.attrs["errors"], [])

    def test_score_frame_values_are_the_verdicts(self):
        for a in self.assessments:
            row = self.df.loc[a.compound_id]
            self.assertTrue(same_float(row["index"], nan_or(a.index)), a.compound_id)
            for k, s in a.indicators.items():
                self.assertTrue(same_float(row[k], nan_or(s and s.points)), (a.compound_id, k))
            self.assertEqual(row["coverage"], float(a.coverage))
            self.assertEqual((row["tier"], row["card"]), (a.tier, a.card))
            self.assertEqual(row["reasons"], ";".join(a.reason_keys))
            self.assertEqual(row["name"], a.compound["name"])
            hh = a.compound.households
            self.assertTrue(pd.isna(row["households"]) if hh is None else row["households"] == hh)

    def test_what_analysts_do(self):
        df = self.df
        lowest = min((a for a in self.assessments if a.index is not None), key=lambda a: a.index)
        self.assertEqual(df["index"].idxmin(), lowest.compound_id)
        # Tier counts by street: those of the district's street summaries.
        d = support.sample_district(self.model, self.assessments)
        counts = df.groupby(["street", "tier"]).size()
        for s in d.summaries("street"):
            for tier, n in s.tiers.items():
                self.assertEqual(counts[(s.name, tier)], n, (s.name, tier))
        self.assertEqual(int((df["card"] == "black").sum()), d.summary().cards["black"])
        means = df[df["tier"] != "fallback"].groupby("street")["index"].mean()
        for s in d.summaries("street"):
            self.assertAlmostEqual(means[s.name], float(s.mean), delta=0.005)

    def test_rank_frame_by_district(self):
        r = self.rank_frame(support.SAMPLE)
        d = support.sample_district(self.model, self.assessments)
        ranking = d.ranking()
        self.assertEqual(list(r.index), [x.compound_id for x in ranking])
        self.assertNotIn("period", r.columns)
        for x in ranking:
            row = r.loc[x.compound_id]
            for key in ("rank", "street_rank", "station_rank", "company_rank"):
                got = row[key]
                self.assertTrue(pd.isna(got) if getattr(x, key) is None
                                else got == getattr(x, key), (x.compound_id, key))
            self.assertTrue(same_float(row["index"], nan_or(x.index)))
            self.assertEqual((row["tier"], row["card"]), (x.tier, x.card))
        self.assertEqual(str(r["rank"].dtype), "Int64")
        self.assertEqual(r["rank"].iloc[0], 1)
        self.assertEqual(int(r["rank"].isna().sum()), 5)  # the fallback compounds

    def test_rank_frame_by_group(self):
        d = support.sample_district(self.model, self.assessments)
        for by in ("street", "station", "company"):
            g = self.rank_frame(support.SAMPLE, by=by)
            summaries = d.summaries(by)
            self.assertEqual(g.index.name, by)
            self.assertEqual(list(g.index), [s.name for s in summaries])
            for s in summaries:
                row = g.loc[s.name]
                self.assertEqual(row["compounds"], s.compounds)
                self.assertEqual(row["households"], s.households)
                for key, n in list(s.tiers.items()) + list(s.cards.items()):
                    self.assertEqual(row[key], n, (by, s.name, key))
                for key in ("mean", "weighted_mean", "median", "min", "max"):
                    self.assertTrue(same_float(row[key], nan_or(getattr(s, key))), key)
                self.assertEqual(row["lists"], ";".join(s.lists))
                self.assertEqual(row["black_compounds"], ";".join(s.black))
            self.assertEqual(g["mean"].dtype, "float64")
            self.assertEqual(g["compounds"].dtype, "int64")
        companies = self.rank_frame(support.SAMPLE, by="company")
        self.assertEqual(companies["weighted_mean"].idxmax(), companies.index[0])

    def test_partial_sheets_merged_give_the_whole(self):
        pd.testing.assert_frame_equal(self.rank_frame(PARTS), self.rank_frame(support.SAMPLE))
        pd.testing.assert_frame_equal(self.rank_frame(PARTS, by="company"),
                                      self.rank_frame(support.SAMPLE, by="company"))
        with self.assertRaises(pmindex.PmindexError):
            self.rank_frame(PARTS[:2])
        na = self.rank_frame(PARTS[:2], missing_na=True)
        self.assertTrue((na["tier"] == "fallback").all())

    def test_bad_sheets(self):
        bad = support.SHEETS + "bad-values.csv"
        with self.assertRaises(pmindex.PmindexError) as cm:
            self.score_frame(bad)
        df = self.score_frame(bad, skip_bad_rows=True)
        self.assertEqual(len(df.attrs["errors"]), cm.exception.count)
        self.assertGreater(len(df), 0)

    def test_empty_and_not_applicable(self):
        model = self.model
        header = ",".join(model.columns) + "\n"
        empty = self.score_frame(header.encode())
        self.assertEqual(len(empty), 0)
        self.assertEqual(list(empty.columns), list(self.df.columns))
        self.assertEqual(empty["index"].dtype, "float64")
        cells = {c: "" for c in model.columns}
        cells.update(compound_id="NA-1", name="NA", A1="1")
        row = ",".join(cells[c] for c in model.columns) + "\n"
        df = self.score_frame((header + row).encode())
        self.assertEqual(df.loc["NA-1", "name"], "NA")  # a name, not a missing value
        self.assertTrue(pd.isna(df.loc["NA-1", "B"]))
        self.assertEqual(df.loc["NA-1", "tier"], "fallback")
        self.assertTrue(pd.isna(df.loc["NA-1", "households"]))

    def test_other_model(self):
        model = pmindex.Model.load_ini("models/quarterly-demo.ini")
        df = self.score_frame("examples/data/quarterly-sample.csv", model=model)
        self.assertEqual(list(df["tier"].cat.categories), [t.key for t in model.tiers] +
                         ["fallback"])
        self.assertEqual([c for c in df.columns if c in {i.id for i in model.indicators}],
                         [i.id for i in model.indicators])

    def test_ledger_frame(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "district.ledger")
            with pmindex.Ledger(path, create=True) as ledger:
                for p in LEDGER_PERIODS:
                    ledger.apply(self.model, p,
                                 self.model.read_sheet("tests/ledger/%s.csv" % p).compounds())
                rows = list(ledger.rows())
                df = self.ledger_frame(path)
                same = self.ledger_frame(ledger)  # an open Ledger too
                decisions = self.ledger_frame(path, period="2019H1", decisions=True)
                k7 = self.ledger_frame(path, compound_id="K7", items=True)
        pd.testing.assert_frame_equal(df, same)
        self.assertEqual(df.index.names, ["compound_id", "period"])
        self.assertEqual(list(df.index), [(r.compound_id, r.period) for r in rows])
        for r in rows:
            row = df.loc[(r.compound_id, r.period)]
            self.assertTrue(same_float(row["index"], nan_or(r.index)))
            self.assertEqual(row["coverage"], float(r.coverage))
            self.assertEqual((row["tier"], row["card"]), (r.tier, r.card))
            self.assertEqual((row["level_before"], row["level"], row["clean"]),
                             (r.level_before, r.level, r.clean))
            self.assertTrue(pd.isna(row["measure"]) if r.measure is None
                            else row["measure"] == r.measure)
            self.assertEqual(row["measure_key"], r.measure_key or "")
            self.assertEqual(row["reasons"], ";".join(r.reasons))
            for k, v in r.indicators.items():
                self.assertTrue(same_float(row[k], nan_or(v)))
        self.assertEqual(list(df.loc["K2"]["level"]), [1, 2, 2, 1])
        self.assertEqual(list(df.loc["K2"]["card"]), ["black", "black", "none", "none"])
        self.assertEqual(df["level"].dtype, "int64")
        self.assertEqual(str(df["measure"].dtype), "Int64")
        self.assertEqual(list(df["tier"].cat.categories),
                         ["excellent", "good", "pass", "fail", "fallback"])
        self.assertEqual(set(decisions.index.get_level_values("period")), {"2019H1"})
        self.assertTrue(((decisions["card"] != "none") | decisions["measure"].notna()).all())
        self.assertEqual(set(k7.index.get_level_values("compound_id")), {"K7"})
        self.assertIn("C10", k7.columns)
        self.assertNotIn("C10", df.columns)
        self.assertEqual(df.xs("2019H1", level="period").loc["K2", "level"], 2)

    def test_floats_are_the_records_decimals(self):
        for a in self.assessments:
            self.assertEqual(self.df.loc[a.compound_id, "coverage"],
                             float(Decimal(a.as_dict("str")["coverage"])))


if __name__ == "__main__":
    support.main()
