"""Assessing compounds from Python: exactly the values of the library's own
records, for every compound of the sample district, and every error with
its column and value."""

import csv
import decimal
import json
import unittest
from decimal import Decimal
from fractions import Fraction

import support

import pmindex
from pmindex import Model, PmindexError, Status

FULL = {"A1": "1", "A2": "1", "A3": "1", "A4": "1", "A5": "1", "A6": "0", "B1": "1", "B2": "1",
        "B3": "1", "B4": "1", "B5": "1", "B6": "0", "B7": "0", "B8": "0", "B9": "1", "C1": "0",
        "C2": "0", "C3": "1", "C4": "0", "C5": "1", "C6": "1", "C7": "1", "C8": "1", "C9": "1",
        "C10": "1", "D1": "0.95", "D2": "1", "D3": "1", "D4": "1", "D5": "0", "D6": "1"}


def sample_rows():
    with open(support.SAMPLE, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class SampleDistrict(unittest.TestCase):
    """Each compound of the sample, assessed from a dict of its cells, gives
    the line and record of pmindex-score's golden output, and the Python
    values are those of the JSON record."""

    @classmethod
    def setUpClass(cls):
        cls.model = Model.default()
        cls.rows = sample_rows()
        cls.csv = support.read(support.GOLDEN + "luohu-sample.csv", "r").splitlines(True)[1:]
        cls.jsonl = support.read(support.GOLDEN + "luohu-sample.jsonl", "r").splitlines(True)
        assert len(cls.rows) == len(cls.csv) == len(cls.jsonl) == 200

    def test_records(self):
        for row, line, record in zip(self.rows, self.csv, self.jsonl):
            with self.subTest(row["compound_id"]):
                a = self.model.assess(row)
                self.assertEqual(a.csv(), line)
                self.assertEqual(a.jsonl(), record)

    def test_values_are_those_of_the_record(self):
        for row, record in zip(self.rows, self.jsonl):
            want = json.loads(record, parse_float=Decimal)
            with self.subTest(row["compound_id"]):
                a = self.model.assess(row)
                self.assertEqual(a.compound_id, want["compound_id"])
                self.assertEqual(a.index, want["index"])
                self.assertEqual(str(a.index), record.split('"index":')[1].split(",")[0])
                self.assertEqual(a.coverage, want["coverage"])
                self.assertEqual((a.tier, a.card), (want["tier"], want["card"]))
                self.assertEqual(list(a.reason_keys), want["reasons"])
                for ind in want["indicators"]:
                    got = a.indicators[ind["id"]]
                    if ind["points"] is None:
                        self.assertIsNone(got)
                    else:
                        self.assertEqual(tuple(got), (ind["points"], ind["earned"],
                                                      ind["applicable"], ind["share"]))
                for item in want["items"]:
                    got = a.items[item["id"]]
                    value = item["value"]
                    self.assertEqual((got.value, got.points, got.lost),
                                     (Decimal(value) if value is not None else None,
                                      item["points"], item["lost"]))
                self.assertEqual([i for i, _ in a.losses], want["losses"])
                c = a.compound
                self.assertEqual(c.fields["name"], want["name"])
                self.assertEqual(c.households, want["households"])
                self.assertEqual(c.managed, want["managed"])

    def test_exact_whatever_the_decimal_context(self):
        b2 = Decimal("87.123456")
        with decimal.localcontext() as ctx:
            ctx.prec = 2
            ctx.rounding = decimal.ROUND_DOWN
            a = self.model.assess(self.rows[0])
            self.assertEqual(str(a.index), "74.35")
            self.assertEqual(str(a.indicators["C"].points), "25.63")
            b = self.model.assess(dict(FULL, B2=str(b2) + "%", D1=Decimal("0.123456")))
            self.assertEqual(str(b.compound["B2"]), "0.87123456")
            self.assertEqual(str(b.compound["D1"]), "0.123456")


class Assessing(unittest.TestCase):
    def setUp(self):
        self.m = Model.default()

    def test_full_marks(self):
        a = self.m.assess(dict(FULL, compound_id="T-1"))
        self.assertEqual(a.index, Decimal("100.00"))
        self.assertEqual(str(a.index), "100.00")
        self.assertEqual((a.tier, a.tier_index, a.card), ("excellent", 0, "red"))
        self.assertEqual(a.tier_label("zh"), "优秀")
        self.assertEqual(a.reasons[0].key, "red")
        self.assertEqual(a.reasons[0].rule, "red")
        self.assertEqual(a.reasons[0].arg, "excellent")
        self.assertEqual(a.losses, ())
        self.assertEqual(a.coverage, Decimal("100.00"))
        self.assertEqual(a.coverage_fraction, Fraction(1))
        self.assertEqual(repr(a), "<pmindex.Assessment T-1 index=100.00 tier=excellent card=red>")

    def test_veto_and_downgrade(self):
        a = self.m.assess(dict(FULL, V1="1", C1="5", C2="3", C3="0", C4="4"))
        self.assertEqual((a.tier, a.card), ("fail", "black"))
        self.assertEqual(a.reason_keys, ("veto:V1", "downgrade:C", "black:veto"))
        veto = a.reasons[0]
        self.assertEqual((veto.rule, veto.arg), ("veto", "V1"))
        self.assertIn("V1", veto.en)
        self.assertTrue(veto.zh)
        self.assertEqual((a.reasons[1].rule, a.reasons[1].arg), ("downgrade", "C"))
        self.assertEqual(a.compound.vetoes, ("V1",))
        self.assertEqual(a.losses[0], ("C1", Decimal("5.00")))
        self.assertEqual(a.items["C4"], pmindex.ItemScore(Decimal(4), Decimal("0.00"),
                                                          Decimal("5.00"), Decimal("5.00")))

    def test_not_applicable_and_unmanaged(self):
        obs = dict(FULL, managed="0", C4="NA", B7="", D1=None)
        a = self.m.assess(obs)
        self.assertEqual(a.items["C4"], pmindex.ItemScore(None, None, None, Decimal("5.00")))
        self.assertIsNone(a.items["D1"].value)
        self.assertFalse(a.compound.managed)
        self.assertEqual(a.coverage, Decimal("87.00"))
        self.assertEqual(a.index, Decimal("100.00"))
        nothing = self.m.assess({})
        self.assertIsNone(nothing.index)
        self.assertEqual((nothing.tier, nothing.card), ("fallback", "none"))
        self.assertIsNone(nothing.tier_index)
        self.assertEqual(nothing.tier_label("en"), "fallback management")
        self.assertEqual(nothing.indicators, {"A": None, "B": None, "C": None, "D": None})

    def test_labels_numbers_and_types(self):
        a = self.m.assess(dict(FULL, A2="基本符合", A3="partly meets", A1="是", B2="90%",
                               C1=2, D1=Decimal("0.9"), B9=True))
        self.assertEqual(a.compound["A2"], Decimal("0.5"))
        self.assertEqual(a.compound["A3"], Decimal("0.5"))
        self.assertEqual(a.compound["B2"], Decimal("0.9"))
        self.assertEqual(a.compound["C1"], Decimal(2))
        self.assertEqual(a.items["B2"].points, Decimal("2.00"))
        with self.assertRaisesRegex(TypeError, "not a float"):
            self.m.assess(dict(FULL, B2=0.9))
        with self.assertRaisesRegex(TypeError, "not list"):
            self.m.assess(dict(FULL, B2=[1]))

    def test_every_bad_cell_is_reported(self):
        with self.assertRaises(PmindexError) as cm:
            self.m.assess(dict(FULL, A1="2", B2="87.5x", Z9="1", managed="2", compound_id="a b"))
        e = cm.exception
        self.assertEqual(e.count, 5)
        self.assertEqual([(x.field, x.value, x.status) for x in e.errors],
                         [("A1", "2", Status.E_RANGE), ("B2", "87.5x", Status.E_PARSE),
                          ("Z9", "", Status.E_COLUMN), ("managed", "2", Status.E_PARSE),
                          ("compound_id", "a b", Status.E_PARSE)])
        self.assertEqual((e.field, e.value, e.code), ("A1", "2", Status.E_RANGE))
        self.assertEqual(e.errors[2].message, 'the model has no column "Z9"')
        self.assertEqual(e.errors[0].text,
                         'A1 "2": pass/fail item A1 takes 1 or 0 (是/否, yes/no, pass/fail)')
        self.assertEqual((e.file, e.line, e.column), ("", 0, 0))
        self.assertEqual(str(e).splitlines()[0], "5 errors:")
        self.assertEqual(str(e).splitlines()[1], e.errors[0].text)
        with self.assertRaisesRegex(ValueError, "NUL character"):
            self.m.assess({"na\0me": "x"})
        with self.assertRaises(PmindexError) as cm:
            self.m.assess({"name": "a\0b"})
        self.assertEqual(cm.exception.text, 'name "a\\x00b": the text holds a NUL byte')

    def test_errors_pickle(self):
        import pickle
        with self.assertRaises(PmindexError) as cm:
            self.m.assess({"A1": "2", "A2": "3"})
        e = pickle.loads(pickle.dumps(cm.exception))
        self.assertEqual((e.count, e.field, str(e)), (2, "A1", str(cm.exception)))


class Compounds(unittest.TestCase):
    def setUp(self):
        self.m = Model.default()

    def test_set_get_copy(self):
        c = self.m.compound({"compound_id": "C-1", "name": "翠竹花园", "households": "1200"})
        c["B2"] = "87.123456%"
        c.set("V2", "1")
        self.assertEqual(c["B2"], Decimal("0.87123456"))
        self.assertIs(c["V2"], True)
        self.assertIs(c["V1"], False)
        self.assertIsNone(c["A1"])
        self.assertEqual(c["name"], "翠竹花园")
        self.assertEqual(c.households, 1200)
        self.assertIsNone(c.line)
        with self.assertRaises(KeyError):
            c["nope"]
        d = c.copy()
        c.clear()
        self.assertEqual((c.compound_id, c["B2"], c.households), ("", None, None))
        self.assertEqual((d.compound_id, d["B2"], d.vetoes), ("C-1", Decimal("0.87123456"),
                                                             ("V2",)))
        a = self.m.assess(d)
        d["V2"] = "0"  # the assessment keeps its own copy
        self.assertEqual(a.compound.vetoes, ("V2",))
        self.assertEqual(a.reason_keys[0], "fallback")
        with self.assertRaises(PmindexError) as cm:
            d["B2"] = "-1"
        self.assertEqual(cm.exception.message, "rate item B2 cannot be negative")
        self.assertEqual(d["B2"], Decimal("0.87123456"))  # unchanged
        other = Model.default()
        with self.assertRaisesRegex(ValueError, "another model"):
            other.assess(d)
        with d:
            pass
        with self.assertRaisesRegex(ValueError, "the compound is closed"):
            d["A1"]


class KeysInAnotherCase(unittest.TestCase):
    """A key that differs only in letter case from one the model has gets
    the sheet reader's hint, wherever a name is looked up."""

    @classmethod
    def setUpClass(cls):
        cls.m = pmindex.Model.default()
        cls.a = cls.m.assess(FULL)

    def test_cells(self):
        with self.assertRaises(PmindexError) as cm:
            self.m.assess(dict(FULL, b2="0.9", Compound_Id="X", v1="1", Z9="1"))
        self.assertEqual([(e.field, e.message) for e in cm.exception.errors],
                         [("b2", 'unknown column (did you mean "B2"?)'),
                          ("Compound_Id", 'unknown column (did you mean "compound_id"?)'),
                          ("v1", 'unknown column (did you mean "V1"?)'),
                          ("Z9", 'the model has no column "Z9"')])
        c = self.m.compound()
        with self.assertRaises(PmindexError) as cm:
            c["managEd"] = "1"
        self.assertEqual(cm.exception.text, 'managEd: unknown column (did you mean "managed"?)')

    def assertKeyError(self, message, f, *args):
        with self.assertRaises(KeyError) as cm:
            f(*args)
        self.assertEqual(cm.exception.args[0], message)

    def test_lookups(self):
        get = lambda d, k: d[k]  # noqa: E731
        self.assertKeyError('the model has no item "c4" (did you mean "C4"?)', get,
                            self.a.items, "c4")
        self.assertKeyError('the model has no indicator "b" (did you mean "B"?)', get,
                            self.a.indicators, "b")
        self.assertKeyError('the model has no indicator "E"', get, self.a.indicators, "E")
        self.assertKeyError('the model has no column "a1" (did you mean "A1"?)', get,
                            self.a.compound, "a1")
        self.assertKeyError('the model has no column "NAME" (did you mean "name"?)', get,
                            self.a.compound, "NAME")
        self.assertKeyError('the model has no item "d6" (did you mean "D6"?)', self.m.item, "d6")
        self.assertKeyError('the model has no veto "V9"', self.m.veto, "V9")
        self.assertKeyError('the model has no tier "Good" (did you mean "good"?)', self.m.tier,
                            "Good")
        self.assertKeyError('the model has no indicator 3', self.m.indicator, 3)
        # The dicts are still dicts: found keys, equality, get() and "in".
        self.assertEqual(self.a.items.get("c4"), None)
        self.assertNotIn("c4", self.a.items)
        self.assertEqual(dict(self.a.items), self.a.items)


if __name__ == "__main__":
    unittest.main()
