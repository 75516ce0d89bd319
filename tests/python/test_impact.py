"""The impact of a new model from Python: the bytes pmindex-model impact
writes, the identity, a raised threshold checked against pmindex-score run
once per model, one more item not applicable, merged sheets and errors, the
parameter diff, and the DataFrame of the changes (where pandas is)."""

import csv
import io
import os
import subprocess
import sys
import tempfile
import unittest
from decimal import Decimal

import support

import pmindex
from pmindex.impact import Change, ItemChange, impact_frame

MODEL_PROG = os.path.join(os.path.dirname(support.SCORE or ""), "pmindex-model")
REVISED = "tests/impact/revised.ini"
PARTS = ["examples/data/luohu-partial-%s.csv" % p for p in ("police", "street", "district")]

try:
    import pandas as pd
except ImportError:
    pd = None


def score(*args):
    """pmindex-score's CSV results by compound_id."""
    out = subprocess.run([support.SCORE, "--format", "csv"] + list(args), capture_output=True,
                         check=True).stdout.decode()
    return {r["compound_id"]: r for r in csv.DictReader(io.StringIO(out))}


class Revised(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.old = pmindex.Model.default()
        cls.new = pmindex.Model.load_ini(REVISED)
        cls.imp = pmindex.Impact(cls.old, cls.new, support.SAMPLE)

    def test_records_are_pmindex_model_s(self):
        self.assertEqual(self.imp.csv(), support.read(support.GOLDEN + "impact-revised.csv").decode())
        self.assertEqual(self.imp.jsonl(movers=5),
                         support.read(support.GOLDEN + "impact-revised.jsonl").decode())

    @support.needs_score
    def test_the_program_writes_the_same(self):
        out = subprocess.run([MODEL_PROG, "impact", "--format", "csv", "default", REVISED,
                              support.SAMPLE], capture_output=True, check=True).stdout.decode()
        self.assertEqual(out, self.imp.csv())

    def test_values(self):
        s = self.imp.summary
        self.assertEqual(s, {"compounds": 200, "changed": 24, "tier_changes": 24,
                             "card_changes": 13, "up": 101, "down": 75})
        self.assertEqual([(c.column, c.only_in, c.treatment) for c in self.imp.columns],
                         [("D7", "new", "not_applicable"), ("A6", "old", "ignored")])
        self.assertEqual(self.imp.tiers[("good", "pass")], 6)
        self.assertEqual(sum(self.imp.tiers.values()), 200)
        self.assertEqual(sum(self.imp.cards.values()), 200)
        changes = self.imp.changes()
        self.assertEqual(len(changes), 24)
        first = changes[0]
        self.assertIsInstance(first, Change)
        self.assertEqual((first.compound_id, first.old_tier, first.new_tier, first.old_card,
                          first.new_card), ("LH-HB-006", "excellent", "good", "red", "none"))
        self.assertEqual((first.old_index, first.new_index, first.index_change),
                         (Decimal("90.00"), Decimal("88.85"), Decimal("-1.15")))
        self.assertEqual(first.items[0], ItemChange("A6", Decimal("2.00"), None, Decimal("-2.00")))
        self.assertEqual(first.old_only_rules, ("red",))
        up = self.imp.movers("up", 3)
        self.assertEqual(len(up), 3)
        self.assertTrue(all(m.rank_change > 0 for m in up))
        self.assertEqual([m.place for m in up], [1, 2, 3])
        self.assertTrue(all(m.rank_change < 0 for m in self.imp.movers("down")))
        companies = self.imp.groups("company")
        top = companies[0]
        self.assertEqual((top.old_lists, top.new_lists), (("honour",), ("watch",)))
        self.assertEqual(sum(top.new_tiers.values()), top.compounds)

    def test_each_model_s_district(self):
        old = {r.compound_id: r for r in self.imp.old.ranking()}
        new = {r.compound_id: r for r in self.imp.new.ranking()}
        self.assertEqual(set(old), set(new))
        changed = {c.compound_id for c in self.imp.changes()}
        for cid in old:
            differs = (old[cid].tier, old[cid].card) != (new[cid].tier, new[cid].card)
            self.assertEqual(differs, cid in changed, cid)
        # What each period brings to the ladder: a red card is a red event.
        for which, ranking in (("old", old), ("new", new)):
            red = sum(1 for k in range(200) if self.imp.events(k, which) & 2)
            self.assertEqual(red, sum(1 for r in ranking.values() if r.card == "red"), which)
        self.assertEqual(self.imp.new.summary().compounds, 200)

    def test_merged_sheets_give_the_same(self):
        merged = pmindex.Impact(self.old, self.new, PARTS)
        self.assertEqual(merged.csv(), self.imp.csv())

    def test_model_diff(self):
        diff = pmindex.model_diff(self.old, self.new)
        self.assertEqual(len(diff), 23)
        good = [d for d in diff if d.section == "tier good"]
        self.assertEqual(good, [pmindex.impact.Difference("changed", "tier good", "threshold",
                                                          "80", "82", "", "")])
        self.assertEqual(diff[-1].change, "added")
        self.assertEqual(diff[-1].title_en, "Smart property platform in use")
        self.assertEqual(pmindex.model_diff(self.old, self.old), [])


class Proofs(unittest.TestCase):
    def test_identity(self):
        old = pmindex.Model.default()
        imp = pmindex.Impact(old, pmindex.Model.load_ini("models/luohu-2018.ini"), support.SAMPLE)
        self.assertTrue(all(o == n or count == 0 for (o, n), count in imp.tiers.items()))
        self.assertTrue(all(o == n or count == 0 for (o, n), count in imp.cards.items()))
        self.assertEqual(imp.changes(), [])
        self.assertEqual(imp.movers("up") + imp.movers("down"), [])
        self.assertEqual(imp.columns, [])

    @support.needs_score
    def test_a_raised_threshold_moves_exactly_those_between(self):
        new = "tests/impact/threshold.ini"
        imp = pmindex.Impact(pmindex.Model.default(), pmindex.Model.load_ini(new),
                             support.SAMPLE)
        before, after = score(support.SAMPLE), score("--model", new, support.SAMPLE)
        differ = {k for k in before
                  if (before[k]["tier"], before[k]["card"]) != (after[k]["tier"], after[k]["card"])}
        changed = {c.compound_id for c in imp.changes()}
        self.assertEqual(changed, differ)
        self.assertTrue(changed)
        for k in changed:
            self.assertTrue(Decimal("80") <= Decimal(before[k]["index"]) < Decimal("85"), k)
        between = {k for k, r in before.items()
                   if r["index"] and Decimal("80") <= Decimal(r["index"]) < Decimal("85")
                   and r["tier"] in ("good", "pass") and "veto" not in r["reasons"]}
        self.assertEqual(between - changed, set())

    @support.needs_score
    def test_one_more_item_is_not_applicable(self):
        new = "tests/impact/plus-item.ini"
        imp = pmindex.Impact(pmindex.Model.default(), pmindex.Model.load_ini(new),
                             support.SAMPLE)
        self.assertEqual([tuple(c) for c in imp.columns],
                         [("C11", "new", "item", "not_applicable")])
        lines = support.read(support.SAMPLE).decode().splitlines()
        wide = "\n".join([lines[0] + ",C11"] + [line + "," for line in lines[1:]]) + "\n"
        with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as f:
            f.write(wide)
            f.flush()
            expected = score("--model", new, f.name)
        got = {r.compound_id: r for r in imp.new.ranking()}
        self.assertEqual(set(got), set(expected))
        for k, r in expected.items():
            self.assertEqual((str(got[k].index) if got[k].index is not None else "",
                              got[k].tier, got[k].card), (r["index"], r["tier"], r["card"]), k)

    def test_errors(self):
        old = pmindex.Model.default()
        with self.assertRaises(pmindex.PmindexError) as e:
            pmindex.Impact(old, pmindex.Model.load_ini(REVISED), "tests/sheets/bad-values.csv")
        self.assertEqual(e.exception.count, 20)
        with self.assertRaises(pmindex.PmindexError) as e:
            pmindex.Impact(old, pmindex.Model.load_ini("tests/impact/type-change.ini"),
                           "tests/impact/three.csv")
        self.assertEqual((e.exception.field, e.exception.line), ("B2", 2))
        imp = pmindex.Impact(old, old)
        with self.assertRaises(pmindex.PmindexError) as e:
            imp.count("changes")
        self.assertEqual(e.exception.code, pmindex.Status.E_STATE)
        with self.assertRaises(ValueError):
            imp.movers("sideways")
        a = old.assess({"compound_id": "X", "A1": "1"})
        imp.add(a)
        imp.compute()
        self.assertEqual(imp.count("changes"), 0)
        self.assertEqual(imp.events(0, "old"), imp.events(0, "new"))


@unittest.skipIf(pd is None, "pandas is not installed for %s" % sys.executable)
class Frame(unittest.TestCase):
    def test_the_changes_as_a_frame(self):
        imp = pmindex.Impact(pmindex.Model.default(), pmindex.Model.load_ini(REVISED),
                             support.SAMPLE)
        df = impact_frame(imp)
        self.assertEqual(len(df), 24)
        self.assertEqual(df.index.name, "compound_id")
        self.assertEqual(list(df.columns)[:4], ["name", "street", "station", "company"])
        self.assertEqual(df.loc["LH-HB-006", "new_index"], 88.85)
        self.assertEqual(df.loc["LH-HB-006", "old_tier"], "excellent")
        self.assertEqual(list(df["new_tier"].cat.categories),
                         ["excellent", "good", "pass", "fail", "fallback"])
        self.assertEqual(str(df["new_rank"].dtype), "Int64")
        self.assertTrue(df["new_rank"].isna().sum() >= 3)  # fallback compounds have no rank
        # The items cell is the CSV's.
        rows = list(csv.DictReader(io.StringIO(imp.csv())))
        self.assertEqual(list(df["items"]), [r["items"] for r in rows])
        self.assertEqual(list(df["new_only_rules"]), [r["new_only_rules"] for r in rows])
        # From models and sheets directly.
        again = impact_frame("default", REVISED, support.SAMPLE)
        self.assertTrue(again.equals(df))


if __name__ == "__main__":
    unittest.main()
