"""The impact of a new model from Python: the bytes pmindex-model impact
writes, the identity, a raised threshold checked against pmindex-score run
once per model, one more item not applicable, merged sheets and errors, the
parameter diff, the impact on a ledger's period (its ladder worked out by
hand, the ledger's bytes unchanged), and the DataFrames of the changes and
of the ladder (where pandas is)."""

import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from decimal import Decimal

import support

import pmindex
from pmindex.impact import Change, ItemChange, LadderChange, LadderPeriod, impact_frame

MODEL_PROG = os.path.join(os.path.dirname(support.SCORE or ""), "pmindex-model")
REVISED = "tests/impact/revised.ini"
BLACK_SHARE = "tests/impact/black-share.ini"
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


def story_ledger(directory):
    """The story's ledger (tests/ledger/2018H2.csv to 2020H1.csv, the
    default model), as tests/e2e/impact-ledger.sh builds it; its path."""
    path = os.path.join(directory, "district.ledger")
    model = pmindex.Model.default()
    with pmindex.Ledger.create(path, actor="clerk") as ledger:
        for p in ("2018H2", "2019H1", "2019H2", "2020H1"):
            with model.read_sheet("tests/ledger/%s.csv" % p) as s:
                ledger.apply(model, p, s.compounds())
    return path


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class LedgerPeriod(unittest.TestCase):
    """A model without the black card for indicator B, from 2019H1 on."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pmindex-test-impact-")
        cls.path = story_ledger(cls.dir)
        cls.digest = sha256(cls.path)
        cls.new = pmindex.Model.load_ini(BLACK_SHARE)
        cls.imp = pmindex.Impact.from_ledger(None, cls.new, cls.path, "2019H1")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def tearDown(self):
        self.assertEqual(sha256(self.path), self.digest, "the ledger's file changed")

    def test_the_ladder_worked_out_by_hand(self):
        # K2 was at level 1 after 2018H2: without the black card for B its
        # 2019H1 is clean (still 1), its 2019H2 the second clean one (0).
        ladder = self.imp.ladder()
        self.assertEqual([(c.period, c.compound_id) for c in ladder],
                         [("2019H1", "K2"), ("2019H1", "K7"), ("2019H2", "K1"), ("2019H2", "K2"),
                          ("2019H2", "K7"), ("2020H1", "K1"), ("2020H1", "K2"), ("2020H1", "K7")])
        self.assertEqual(ladder[0], LadderChange(
            "2019H1", "K2", "翠北花园", "翠竹街道", "翠竹派出所", "乙物业", Decimal("83.00"),
            Decimal("83.00"), "pass", "pass", "black", "none", 2, 1, "interview", None))
        self.assertEqual((ladder[7].old_level, ladder[7].new_level, ladder[7].old_measure,
                          ladder[7].new_measure), (3, 2, "replace_manager", "interview"))
        self.assertEqual(self.imp.periods(), [
            LadderPeriod("2019H1", 6, 2, 2, 2, 2, 0, 2, 0, 4, 3),
            LadderPeriod("2019H2", 7, 3, 3, 3, 2, 1, 2, 1, 4, 2),
            LadderPeriod("2020H1", 7, 3, 3, 3, 2, 1, 2, 1, 4, 2)])
        # The period itself, as on its sheet: K2 and K7 lose their black card.
        self.assertEqual(self.imp.cards[("black", "none")], 2)
        self.assertEqual(len(self.imp.changes()), 2)

    def test_the_records_are_pmindex_model_s(self):
        self.assertEqual(self.imp.csv("ladder"),
                         support.read(support.GOLDEN + "impact-ledger.csv").decode())
        self.assertEqual(self.imp.jsonl(movers=3),
                         support.read(support.GOLDEN + "impact-ledger.jsonl").decode())

    @support.needs_score
    def test_the_program_writes_the_same(self):
        out = subprocess.run([MODEL_PROG, "impact", "--format", "csv", "ledger", BLACK_SHARE,
                              "--db", self.path, "--period", "2019H1"], capture_output=True,
                             check=True).stdout.decode()
        self.assertEqual(out, self.imp.csv("ladder"))

    def test_an_open_ledger_and_the_period_s_model(self):
        with pmindex.Ledger(self.path, readonly=True) as ledger:
            old = pmindex.Model.from_ini(ledger.period_model("2019H1"))
            imp = pmindex.Impact.from_ledger(old, self.new, ledger, "2019H1")
        self.assertEqual(imp.ladder(), self.imp.ladder())
        # Sheets give no ladder.
        self.assertEqual(pmindex.Impact(old, self.new, support.SAMPLE).ladder(), [])

    def test_refusals(self):
        with self.assertRaises(pmindex.PmindexError) as e:
            pmindex.Impact.from_ledger(None, self.new, self.path, "2030H1")
        self.assertEqual(e.exception.code, pmindex.Status.E_NOT_FOUND)
        with self.assertRaises(pmindex.PmindexError) as e:
            pmindex.Impact.from_ledger(pmindex.Model.load_ini("tests/impact/threshold.ini"),
                                       self.new, self.path, "2019H1")
        self.assertEqual(e.exception.code, pmindex.Status.E_STATE)
        self.assertIn("[tier good] threshold: 80 -> 85", str(e.exception))
        with self.assertRaises(pmindex.PmindexError) as e:
            pmindex.Impact.from_ledger(None, pmindex.Model.load_ini("tests/impact/type-change.ini"),
                                       self.path, "2019H1")
        self.assertEqual((e.exception.code, e.exception.field), (pmindex.Status.E_RANGE, "B2"))
        # A ledger of pmindex 1.1: refused, not upgraded.
        old = os.path.join(self.dir, "old.ledger")
        shutil.copy("tests/ledger/ledger-1.1.db", old)
        for opening in (lambda: pmindex.Impact.from_ledger(None, self.new, old, "2019H1"),
                        lambda: pmindex.Ledger(old, readonly=True, upgrade=False)):
            with self.assertRaises(pmindex.PmindexError) as e:
                opening()
            self.assertEqual(e.exception.code, pmindex.Status.E_STATE)
        self.assertEqual(sha256(old), sha256("tests/ledger/ledger-1.1.db"))
        # Upgraded, its periods keep no observations.
        with pmindex.Ledger(old) as ledger, self.assertRaises(pmindex.PmindexError) as e:
            pmindex.Impact.from_ledger(None, self.new, ledger, "2019H1")
        self.assertIn("period 2019H1 was stored by pmindex 1.1", str(e.exception))


@unittest.skipIf(pd is None, "pandas is not installed for %s" % sys.executable)
class Frame(unittest.TestCase):
    def test_the_ladder_as_a_frame(self):
        from pmindex.pandas import impact_ladder_frame
        with tempfile.TemporaryDirectory(prefix="pmindex-test-impact-") as d:
            imp = pmindex.Impact.from_ledger(None, pmindex.Model.load_ini(BLACK_SHARE),
                                             story_ledger(d), "2019H1")
        df = impact_ladder_frame(imp)
        self.assertEqual(len(df), 8)
        self.assertEqual(list(df.index.names), ["compound_id", "period"])
        self.assertEqual(list(df.loc["K7"].index), ["2019H1", "2019H2", "2020H1"])
        self.assertEqual(df.loc[("K7", "2020H1"), "new_measure"], "interview")
        self.assertEqual(df.loc[("K2", "2019H1"), "new_measure"], "")
        self.assertEqual(df.loc[("K2", "2019H1"), "old_index"], 83.0)
        self.assertEqual(str(df["new_level"].dtype), "int64")
        self.assertEqual(list(df["old_card"].cat.categories), ["none", "red", "black"])
        self.assertEqual(list(df["new_tier"].cat.categories),
                         ["excellent", "good", "pass", "fail", "fallback"])
        self.assertEqual(int((df["old_card"] == "black").sum()), 6)

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
