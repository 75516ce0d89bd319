"""as_dict(numbers=...) of assessments, rankings, summaries and ledger rows:
the same values as the library's JSON Lines records, as exact Decimals by
default, or as floats or exact text when asked."""

import csv
import decimal
import io
import json
import os
import tempfile
import unittest
from decimal import Decimal

import support

import pmindex


def by_id(entries):
    """An assessment record's list of objects with an "id", as a dict by id."""
    return {e["id"]: {k: v for k, v in e.items() if k != "id"} for e in entries}


def record_as_dict(line, parse_float):
    r = json.loads(line, parse_float=parse_float)
    r["indicators"] = by_id(r["indicators"])
    r["items"] = by_id(r["items"])
    return r


class AssessmentAsDict(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = pmindex.Model.default()
        cls.assessments = list(cls.model.read_sheet(support.SAMPLE))

    def test_decimal_is_the_json_record(self):
        for a in self.assessments:
            d = a.as_dict()
            self.assertEqual(d, record_as_dict(a.jsonl(), Decimal), a.compound_id)
            self.assertEqual(list(d), list(json.loads(a.jsonl())), "the record's keys, in order")

    def test_decimal_is_the_default_and_exact(self):
        a = self.assessments[0]
        self.assertEqual(a.as_dict(), a.as_dict("decimal"))
        d = a.as_dict()
        self.assertIsInstance(d["index"], Decimal)
        self.assertEqual(d["index"], a.index)
        self.assertEqual(str(d["index"]), "74.35")
        self.assertEqual(d["items"]["B2"]["value"], Decimal("0.92"))
        # No float anywhere in the default.
        self.assertNotIn(float, {type(v) for v in _leaves(d)})

    def test_float(self):
        for a in self.assessments:
            d = a.as_dict("float")
            self.assertEqual(d, record_as_dict(a.jsonl(), float), a.compound_id)
            self.assertTrue(all(type(v) is not Decimal for v in _leaves(d)))
            if a.index is not None:
                self.assertIsInstance(d["index"], float)
                self.assertEqual(d["index"], float(a.index))

    def test_str_is_the_records_text(self):
        rows = list(csv.reader(io.StringIO(support.read(support.GOLDEN + "luohu-sample.csv")
                                          .decode())))[1:]
        self.assertEqual(len(rows), len(self.assessments))
        for a, cells in zip(self.assessments, rows):
            d = a.as_dict("str")
            self.assertEqual(d["index"] or "", cells[5])
            self.assertEqual([d["indicators"][k]["points"] or "" for k in "ABCD"], cells[6:10])
            self.assertEqual(d["coverage"], cells[10])
            json.dumps(d)  # plain data
        d = self.model.assess({"B2": "0.000001%", "A1": "NA"}).as_dict("str")
        self.assertEqual(d["items"]["B2"]["value"], "0.00000001")  # never 1E-8
        self.assertIsNone(d["items"]["A1"]["value"])

    def test_not_applicable_is_none(self):
        d = self.model.assess({"compound_id": "X", "A1": "1"}).as_dict("float")
        self.assertEqual(d["indicators"]["B"], dict.fromkeys(("points", "earned", "applicable",
                                                               "share")))
        self.assertEqual(d["items"]["C4"], {"value": None, "points": None, "lost": None})
        self.assertIsNone(d["households"])
        self.assertEqual(d["tier"], "fallback")
        self.assertEqual(d["reasons"], ["fallback"])

    def test_bad_numbers(self):
        for bad in ("Decimal", "int", None, 1):
            with self.assertRaises(ValueError) as cm:
                self.assessments[0].as_dict(bad)
            self.assertIn("'decimal', 'float' or 'str'", str(cm.exception))

    def test_whatever_the_callers_context(self):
        with decimal.localcontext() as ctx:
            ctx.prec = 2
            ctx.traps[decimal.Inexact] = True
            d = self.assessments[0].as_dict("float")
        self.assertEqual(d["index"], 74.35)


def _leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


class DistrictAsDict(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = pmindex.Model.default()
        cls.d = support.sample_district(cls.model)

    def test_ranked(self):
        records = [json.loads(line, parse_float=Decimal) for line in self.d.jsonl().splitlines()]
        for r, j in zip(self.d.ranking(), records):
            d = r.as_dict()
            self.assertEqual(list(d), list(r._fields))
            for key, value in d.items():
                self.assertEqual(value, j[key], (r.compound_id, key))
            self.assertEqual(r.as_dict("float")["index"],
                             None if r.index is None else float(r.index))
            self.assertEqual(r.as_dict("str")["index"],
                             None if r.index is None else "%s" % r.index)

    def test_summary(self):
        records = [json.loads(line, parse_float=Decimal)
                   for line in self.d.jsonl("company").splitlines()]
        for s, j in zip(self.d.summaries("company"), records):
            d = s.as_dict()
            self.assertEqual(d["name"], j["company"])
            for key in ("compounds", "households", "tiers", "cards", "mean", "weighted_mean",
                        "median", "min", "max", "rank", "lists"):
                self.assertEqual(d[key], j[key], (s.name, key))
            self.assertEqual(d["black"], [b["compound_id"] for b in j["black_compounds"]])
            f = s.as_dict("float")
            self.assertEqual(f["mean"], float(s.mean))
            self.assertIsInstance(f["compounds"], int)
            self.assertEqual(s.as_dict("str")["weighted_mean"], str(s.weighted_mean))
            json.dumps(s.as_dict("str"))


class LedgerRowAsDict(unittest.TestCase):
    def test_rows(self):
        model = pmindex.Model.default()
        with tempfile.TemporaryDirectory() as tmp:
            with pmindex.Ledger(os.path.join(tmp, "l"), create=True) as ledger:
                for p in ("2018H2", "2019H1"):
                    ledger.apply(model, p, model.read_sheet("tests/ledger/%s.csv" % p).compounds())
                rows = list(ledger.rows())
                records = [json.loads(r, parse_float=Decimal) for r in ledger.records()]
        self.assertEqual(len(rows), len(records))
        for row, j in zip(rows, records):
            d = row.as_dict()
            for key in ("compound_id", "period", "name", "index", "coverage", "tier", "card",
                        "level_before", "level", "clean", "reasons", "indicators", "items"):
                self.assertEqual(d[key], j[key], (row.compound_id, row.period, key))
            self.assertEqual(d["measure_key"], (j["measure"] or {}).get("key"))
            f = row.as_dict("float")
            self.assertEqual(f["indicators"], {k: float(v) for k, v in j["indicators"].items()})
            self.assertIsInstance(f["coverage"], float)
            json.dumps(row.as_dict("str"))


if __name__ == "__main__":
    unittest.main()
