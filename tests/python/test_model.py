"""Models from Python: the default model as the spec gives it, models built
from Python data and read back, INI files when the library has them."""

import os
import tempfile
import unittest
from decimal import Decimal
from fractions import Fraction

import support

import pmindex
from pmindex import Model, PmindexError, Status, _native

# The spec's item table: id, max, type, parameters, veto.
SPEC_ITEMS = """
A1 3 passfail - | A2 3 graded - | A3 2 graded - | A4 2 graded - | A5 3 graded - |
A6 2 deduct 1 V3 | B1 4 graded - | B2 4 rate 0.8,1 | B3 3 graded - | B4 4 rate 0.6,1 |
B5 3 graded - | B6 4 deduct 1 V1 | B7 2 deduct 1 | B8 3 deduct 1 V5 | B9 3 passfail - |
C1 5 deduct 1 | C2 3 deduct 1 | C3 4 graded - | C4 5 rate 4,0 | C5 4 rate 0.7,1 |
C6 4 rate 0.7,1 | C7 3 passfail - | C8 3 graded - V4 | C9 2 graded - | C10 2 graded - |
D1 6 rate 0.6,0.95 | D2 3 graded - | D3 3 rate 0.6,1 | D4 2 graded - | D5 3 deduct 1 V2 |
D6 3 graded -
"""


class DefaultModel(unittest.TestCase):
    def setUp(self):
        self.m = Model.default()

    def test_indicators(self):
        self.assertEqual([(i.id, i.name_zh, i.points) for i in self.m.indicators],
                         [("A", "党建引领", Decimal("15.00")), ("B", "治安管理", Decimal("30.00")),
                          ("C", "公共服务", Decimal("35.00")), ("D", "融合共治", Decimal("20.00"))])
        self.assertEqual(self.m.indicator("B").name_en, "Public security and safety")
        self.assertEqual(str(self.m.indicators[0].points), "15.00")

    def test_items_as_the_spec_lists_them(self):
        rows = [r.split() for r in SPEC_ITEMS.replace("\n", " ").split("|")]
        self.assertEqual(len(self.m.items), 31)
        vetoes = {v.item: v.id for v in self.m.vetoes}
        for row, item in zip(rows, self.m.items):
            with self.subTest(row[0]):
                self.assertEqual(item.id, row[0])
                self.assertEqual(item.indicator, row[0][0])
                self.assertEqual(item.max, Decimal(row[1]))
                self.assertEqual(item.type, row[2])
                if item.type == "deduct":
                    self.assertEqual(item.penalty, Decimal(row[3]))
                if item.type == "rate":
                    zero, full = row[3].split(",")
                    self.assertEqual((item.zero, item.full), (Decimal(zero), Decimal(full)))
                self.assertEqual(vetoes.get(item.id), row[4] if len(row) > 4 else None)
        a2 = self.m.item("A2")
        self.assertEqual([(lv.value, lv.label_zh, lv.label_en) for lv in a2.levels],
                         [(Decimal(1), "符合", "meets"), (Decimal("0.5"), "基本符合", "partly meets"),
                          (Decimal(0), "不符合", "does not meet")])
        self.assertEqual(self.m.item("C4").name_zh, "共用设施设备运行")

    def test_vetoes_tiers_rules_ladder(self):
        self.assertEqual([(v.id, v.legal) for v in self.m.vetoes],
                         [("V1", True), ("V2", False), ("V3", False), ("V4", True), ("V5", True)])
        self.assertEqual([(t.key, t.label_zh, t.threshold) for t in self.m.tiers],
                         [("excellent", "优秀", Decimal("90.00")), ("good", "良好", Decimal("80.00")),
                          ("pass", "合格", Decimal("70.00")), ("fail", "不合格", Decimal("0.00"))])
        self.assertEqual(self.m.fallback_label("zh"), "兜底管理")
        r = self.m.rules
        self.assertEqual((r.downgrade_share, r.coverage_floor), (Fraction(3, 5), Fraction(2, 3)))
        self.assertEqual([(b.indicator, b.share) for b in r.black_shares], [("B", Fraction(1, 2))])
        self.assertEqual((r.black_tier, r.black_on_veto, r.red_tier), ("fail", True, "excellent"))
        lad = self.m.ladder
        self.assertEqual((lad.period_kind, lad.max_level, lad.clean_periods, lad.legal_level),
                         ("half", 4, 2, 4))
        self.assertEqual([lv.key for lv in lad.levels],
                         ["praise", "black_card", "interview", "replace_manager", "legal_penalty"])
        self.assertIn("依法处罚", lad.levels[4].label_zh)
        self.assertEqual(self.m.company_rules,
                         pmindex.CompanyRules(Decimal("90.00"), True, Decimal("70.00"), True))

    def test_names_and_lookups(self):
        self.assertTrue(self.m.name("zh"))
        self.assertTrue(self.m.name("en"))
        with self.assertRaisesRegex(ValueError, "lang is 'zh' or 'en'"):
            self.m.name("fr")
        with self.assertRaisesRegex(KeyError, 'no item "Z9"'):
            self.m.item("Z9")
        self.assertEqual(self.m.columns[:8], ["compound_id", "name", "street", "station",
                                              "company", "households", "managed", "period"])
        self.assertEqual(len(self.m.columns), 8 + 31 + 5)
        self.assertEqual(self.m.csv_header(),
                         "compound_id,name,street,station,company,index,A,B,C,D,"
                         "coverage,tier,card,reasons\n")


def small_spec():
    return {
        "name_zh": "小模型", "name_en": "Small model",
        "indicators": [{"id": "P", "name_zh": "甲", "name_en": "P", "points": 60},
                       {"id": "Q", "name_zh": "乙", "name_en": "Q", "points": "40"}],
        "items": [
            {"id": "P1", "name_zh": "一", "name_en": "one", "indicator": "P", "max": 30,
             "type": "passfail"},
            {"id": "P2", "name_zh": "二", "name_en": "two", "indicator": "P", "max": "30",
             "type": "rate", "zero": "0.5", "full": 1},
            {"id": "Q1", "name_zh": "三", "name_en": "three", "indicator": "Q",
             "max": Decimal(40), "type": "graded",
             "levels": [{"value": 1, "label_zh": "好", "label_en": "good"},
                        {"value": "0.25", "label_zh": "差", "label_en": "poor"}]},
        ],
        "vetoes": [{"id": "X1", "description_zh": "事故", "description_en": "accident",
                    "item": "P1", "legal": True}],
        "tiers": [{"key": "top", "label_zh": "上", "label_en": "Top", "threshold": "75"},
                  {"key": "rest", "label_zh": "下", "label_en": "Rest", "threshold": 0}],
        "rules": {"downgrade_share": "1/2", "coverage_floor": Fraction(1, 2),
                  "black_tier": "rest", "black_on_veto": True, "red_tier": "top"},
    }


class BuiltModels(unittest.TestCase):
    def test_build_and_assess(self):
        m = Model.build(small_spec())
        self.assertEqual(m.name("en"), "Small model")
        self.assertEqual([i.id for i in m.items], ["P1", "P2", "Q1"])
        self.assertEqual(m.item("Q1").levels[1], pmindex.Level(Decimal("0.25"), "差", "poor"))
        a = m.assess({"compound_id": "S-1", "P1": "1", "P2": "75%", "Q1": "差"})
        # P: 30 + 15 = 45 of 60; Q: 10 of 40; index 55.
        self.assertEqual(a.index, Decimal("55.00"))
        self.assertEqual(a.indicators["Q"].share, Decimal("25.00"))
        self.assertEqual((a.tier, a.card), ("rest", "black"))
        self.assertEqual(a.reason_keys, ("downgrade:Q", "black:rest"))

    def test_default_round_trip(self):
        d = Model.default()
        spec = d.to_spec()
        m = Model.build(spec)
        self.assertEqual(m.to_spec(), spec)
        # The same model scores the sample the same, byte for byte.
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.csv")
            m.score_sheet(support.SAMPLE, out)
            with open(out, "rb") as f:
                self.assertEqual(f.read(), support.read(support.GOLDEN + "luohu-sample.csv"))

    def test_build_error_names_the_element(self):
        spec = small_spec()
        spec["items"][1]["full"] = "0.5"  # full == zero
        with self.assertRaises(PmindexError) as cm:
            Model.build(spec)
        e = cm.exception
        self.assertEqual(e.status, Status.E_MODEL)
        self.assertEqual((e.section, e.field), ("item P2", "full"))
        self.assertTrue(e.message)
        self.assertIn(e.message, str(e))

        spec = small_spec()
        spec["indicators"][1]["points"] = 50  # items of Q add up to 40
        with self.assertRaises(PmindexError) as cm:
            Model.build(spec)
        self.assertEqual(cm.exception.section, "indicator Q")

    def test_python_side_checks(self):
        spec = small_spec()
        spec["items"][0]["max"] = 30.0
        with self.assertRaisesRegex(TypeError, "binary floating point is not exact"):
            Model.build(spec)
        spec["items"][0]["max"] = "30.001"
        with self.assertRaisesRegex(ValueError, "more decimals than 1/100"):
            Model.build(spec)
        spec = small_spec()
        spec["items"][0]["type"] = "bogus"
        with self.assertRaisesRegex(ValueError, "type is one of graded, passfail"):
            Model.build(spec)
        spec = small_spec()
        spec["name_en"] = "a\0b"
        with self.assertRaisesRegex(ValueError, "NUL character"):
            Model.build(spec)
        spec = small_spec()
        spec["rules"]["coverage_floor"] = "1/0"
        with self.assertRaisesRegex(ValueError, "is not a fraction"):
            Model.build(spec)


class IniModels(unittest.TestCase):
    def test_load_ini(self):
        if not _native.has("pmindex_model_load_ini"):
            with self.assertRaisesRegex(NotImplementedError, "needs pmindex_model_load_ini"):
                Model.load_ini("models/luohu-2018.ini")
            with self.assertRaisesRegex(NotImplementedError, "needs pmindex_model_check_ini"):
                Model.check_ini("models/luohu-2018.ini")
            self.skipTest("a libpmindex 1.0 has no INI models")
        d = Model.default()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.ini")
            with open(path, "w", encoding="utf-8") as f:
                f.write(d.to_ini())
            m = Model.load_ini(path)
            self.assertEqual(m.to_spec(), d.to_spec())
            self.assertEqual(Model.from_ini(d.to_ini()).to_spec(), d.to_spec())
            self.assertEqual(Model.check_ini(path), [])
            with open(path, "a", encoding="utf-8") as f:
                f.write("\n[no such section]\nkey = 1\n")
            with self.assertRaises(PmindexError) as cm:
                Model.load_ini(path)
            self.assertEqual(cm.exception.file, path)
            self.assertGreater(cm.exception.line, 0)
            problems = Model.check_ini(path)
            self.assertTrue(problems)
            self.assertIn(str(cm.exception), problems[0])
        with self.assertRaises(PmindexError) as cm:
            Model.load_ini("/nonexistent/model.ini")
        self.assertEqual(cm.exception.status, Status.E_IO)


class Lifetime(unittest.TestCase):
    def test_close(self):
        with Model.default() as m:
            self.assertIsNotNone(m._owner)
        self.assertIsNone(m._owner)
        with self.assertRaisesRegex(ValueError, "the model is closed"):
            m.assess({})
        self.assertEqual(repr(m), "<pmindex.Model closed>")

    def test_children_keep_the_c_model(self):
        m = Model.default()
        a = m.assess({"A1": "1"})
        m.close()  # the assessment still needs the C model: it stays
        self.assertEqual(a.tier_label("en"), "fallback management")
        self.assertEqual(a.csv(), ",,,,,100.00,15.00,,,,3.00,fallback,none,fallback\n")


if __name__ == "__main__":
    unittest.main()
