"""Periods, the sanction ladder and the ledger from Python: the same
decisions as pmindex-ledger, refusals that leave the ledger as it was."""

import hashlib
import os
import pwd
import re
import shutil
import tempfile
import unittest

import support

from pmindex import (LadderState, Ledger, Model, Outlook, PmindexError, SanctionLadder, Status,
                     compare_periods, merge_sheets, next_period, period, period_kind, period_name)
from pmindex.ledger import BLACK, LEGAL, RED, SKIP

SHEETS = "tests/ledger/"


def golden_export():
    """The export of the 3-period ledger in pmindex-ledger's story golden."""
    text = support.read(support.GOLDEN + "ledger-story.txt", "r")
    m = re.search(r"^\$ pmindex-ledger --db TMP/ledger.db export\n\[exit 0\]\n--- stdout\n"
                  r"(.*?)\n\n", text, flags=re.S | re.M)
    return m.group(1) + "\n"


class Periods(unittest.TestCase):
    def test_names(self):
        self.assertEqual(period("2018H2"), 10201802)
        self.assertEqual(period_name(period("2018q3")), "2018Q3")
        self.assertEqual(period_kind("2018-09"), "month")
        self.assertEqual(next_period("2018H2"), "2019H1")
        self.assertEqual(next_period("2018-12"), "2019-01")
        self.assertEqual(compare_periods("2018Q4", "2019Q1"), -1)
        self.assertEqual(compare_periods("2019Q1", "2019Q1"), 0)

    def test_errors(self):
        for bad in ("2018H3", "2018", "18H1", "2018-13", " 2018H1"):
            with self.assertRaises(PmindexError) as cm:
                period(bad)
            self.assertEqual(cm.exception.code, Status.E_PARSE)
        with self.assertRaises(PmindexError):
            compare_periods("2018H1", "2018Q1")
        with self.assertRaises(PmindexError):
            period_name(12345)


class Ladder(unittest.TestCase):
    def setUp(self):
        self.model = Model.default()
        self.ladder = SanctionLadder(self.model)

    def test_steps(self):
        s = self.ladder.step(LadderState.NEW, "2018H1", BLACK)
        self.assertEqual(s, (LadderState(1, 0, "2018H1"), "black", 1))
        s = self.ladder.step(s.state, "2018H2", RED)          # red refused at level 1
        self.assertEqual(s, (LadderState(1, 1, "2018H2"), "none", None))
        s = self.ladder.step(s.state, "2019H1", RED)          # second clean period: level 0
        self.assertEqual(s, (LadderState(0, 0, "2019H1"), "red", 0))
        s = self.ladder.step(s.state, "2019H2", BLACK | LEGAL)
        self.assertEqual(s, (LadderState(4, 0, "2019H2"), "black", 4))
        self.assertEqual(self.model.ladder.levels[s.measure].key, "legal_penalty")
        s = self.ladder.step(s.state, "2020H1", SKIP)
        self.assertEqual(s.state, LadderState(4, 0, "2020H1"))
        with self.assertRaises(PmindexError):
            self.ladder.step(s.state, "2019H1", 0)             # older
        with self.assertRaises(PmindexError):
            self.ladder.step(LadderState.NEW, "2019Q1", 0)     # another kind

    def test_events(self):
        full = {"compound_id": "X", "A1": "1", "A2": "1", "A3": "1", "A4": "1", "A5": "1",
                "A6": "0", "B1": "1", "B2": "1", "B3": "1", "B4": "1", "B5": "1", "B6": "0",
                "B7": "0", "B8": "0", "B9": "1", "C1": "0", "C2": "0", "C3": "1", "C4": "0",
                "C5": "1", "C6": "1", "C7": "1", "C8": "1", "C9": "1", "C10": "1",
                "D1": "0.95", "D2": "1", "D3": "1", "D4": "1", "D5": "0", "D6": "1"}
        self.assertEqual(self.ladder.events(self.model.assess(full)), RED)
        self.assertEqual(self.ladder.events(self.model.assess(dict(full, V4="1"))), BLACK | LEGAL)
        self.assertEqual(self.ladder.events(self.model.assess(dict(full, managed="0"))),
                         RED | SKIP)


class LedgerTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pmindex-test-ledger-")
        self.path = os.path.join(self.dir, "ledger.db")
        self.model = Model.default()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def apply(self, ledger, p, sheet=None, **kw):
        with self.model.read_sheet(SHEETS + (sheet or p) + ".csv") as s:
            return ledger.apply(self.model, p, s.compounds(), **kw)

    def test_open(self):
        with self.assertRaises(PmindexError) as cm:
            Ledger(self.path)
        self.assertEqual(cm.exception.code, Status.E_IO)
        with self.assertRaises(PmindexError) as cm:
            Ledger(SHEETS + "2018H2.csv", readonly=True)
        self.assertEqual(cm.exception.code, Status.E_STORE)
        self.assertIn("is not a pmindex ledger", str(cm.exception))

    def test_three_periods_as_the_program(self):
        with Ledger(self.path, create=True) as ledger:
            self.assertEqual(self.apply(ledger, "2018H2"), 6)
            self.apply(ledger, "2019H1")
            self.apply(ledger, "2019H2")
            self.assertEqual(ledger.periods, ["2018H2", "2019H1", "2019H2"])
            self.assertEqual(ledger.export(), golden_export())
            self.assertEqual(ledger.state("K3"), LadderState(3, 0, "2019H2"))
            self.assertEqual(ledger.state("K6"), LadderState(0, 0, "2019H2"))
            self.assertIsNone(ledger.state("nobody"))
            h = ledger.history("K5")
            self.assertEqual([(r.period, r.card, r.level, r.measure_key) for r in h],
                             [("2018H2", "black", 1, "black_card"), ("2019H1", "none", 1, None),
                              ("2019H2", "red", 0, "praise")])
            self.assertEqual(str(h[0].index), "83.00")
            self.assertEqual(h[0].reasons, ("downgrade:B", "black:share:B"))
            self.assertEqual(str(h[0].items["B1"]), "0.00")
            self.assertEqual(h[0].street, "东门街道")
            d = ledger.decisions("2019H1")
            self.assertEqual([r.compound_id for r in d], ["K4", "K7", "K1", "K2"])
            self.assertEqual(d[3].measure_en,
                             "admonishment interview with the legal representative and the "
                             "project manager")
            self.assertEqual(ledger.period_model("2018H2"), self.model.to_ini())

    def test_merged_partial_sheets_apply_as_the_whole_sheet(self):
        # 2020H2's three partial sheets are 2020H1.csv split by office (and
        # renamed): merged, they store exactly what the whole sheet stores.
        parts = [SHEETS + "2020H2-%s.csv" % o for o in ("police", "street", "district")]
        merged, whole = os.path.join(self.dir, "merged.db"), os.path.join(self.dir, "whole.db")
        with Ledger(merged, create=True) as ledger:
            self.assertEqual(ledger.apply(self.model, "2020H2",
                                          merge_sheets(self.model, parts)), 7)
            got = ledger.export()
        with open(SHEETS + "2020H1.csv", encoding="utf-8") as f:
            sheet = f.read().replace(",2020H1,", ",2020H2,").encode("utf-8")
        with Ledger(whole, create=True) as ledger, self.model.read_sheet(sheet) as s:
            ledger.apply(self.model, "2020H2", s.compounds())
            want = ledger.export()
        self.assertEqual(got.count("\n"), 8)
        self.assertEqual(sorted(got.splitlines()), sorted(want.splitlines()))
        # A cell that two sheets give differently: nothing is applied.
        with Ledger(merged) as ledger, self.assertRaises(PmindexError) as cm:
            ledger.apply(self.model, "2021H1", merge_sheets(
                self.model, parts + [SHEETS + "2020H2-district-again.csv"]))
        self.assertIn("conflicts with", str(cm.exception))

    def test_refusals_leave_the_ledger_as_it_was(self):
        with Ledger(self.path, create=True) as ledger:
            self.apply(ledger, "2019H1")
            before = ledger.export(format="jsonl")
            with self.assertRaises(PmindexError) as cm:
                self.apply(ledger, "2019H1")
            self.assertEqual(cm.exception.code, Status.E_STATE)
            self.assertIn("was applied already", str(cm.exception))
            with self.assertRaises(PmindexError) as cm:
                self.apply(ledger, "2018H2")
            self.assertIn("comes before 2019H1", str(cm.exception))
            # A bad compound in the middle: nothing of the period stays.
            good = self.model.read_sheet(SHEETS + "2019H2.csv").compounds()
            rows = [next(good), {"compound_id": "K1", "period": "2018H2"}]
            with self.assertRaises(PmindexError) as cm:
                ledger.apply(self.model, "2019H2", rows)
            self.assertEqual(cm.exception.code, Status.E_RANGE)
            self.assertEqual(ledger.periods, ["2019H1"])
            self.assertEqual(ledger.export(format="jsonl"), before)
            # Another model: refused, then allowed.
            other = Model.from_ini(self.model.to_ini().replace("clean_periods = 2",
                                                               "clean_periods = 3"))
            with self.model.read_sheet(SHEETS + "2019H2.csv") as s:
                rows = [c for c in s.compounds()]
            with self.assertRaises(PmindexError) as cm:
                ledger.apply(other, "2019H2", [other.compound({"compound_id": "K1"})])
            self.assertIn("the model differs", str(cm.exception))
            self.assertEqual(ledger.export(format="jsonl"), before)
            ledger.apply(other, "2019H2", [other.compound(dict(_cells(c), period="2019H2"))
                                           for c in rows], allow_model_change=True)
            self.assertEqual(ledger.periods, ["2019H1", "2019H2"])

    def test_busy_and_readers(self):
        with Ledger(self.path, create=True) as a, Ledger(self.path, busy_timeout=50) as b, \
                Ledger(self.path, readonly=True) as reader:
            self.apply(a, "2018H2")
            a.begin(self.model, "2019H1")
            with self.model.read_sheet(SHEETS + "2019H1.csv") as s:
                for c in s.compounds():
                    a.add(c)
            with self.assertRaises(PmindexError) as cm:
                b.begin(self.model, "2019H2")
            self.assertEqual(cm.exception.code, Status.E_BUSY)
            self.assertIn("locked by another writer (waited 50 ms)", str(cm.exception))
            self.assertEqual(reader.periods, ["2018H2"])
            self.assertEqual(len(list(reader.rows())), 6)
            a.commit()
            self.assertEqual(reader.periods, ["2018H2", "2019H1"])
            self.apply(b, "2019H2")
            self.assertEqual(reader.state("K1").level, 1)


class Corrections(unittest.TestCase):
    """The 1.2 API: the period from the sheet, gaps, dry runs, revoking,
    reviewing, the log, the outlook, what was observed, old ledgers."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pmindex-test-ledger-")
        self.path = os.path.join(self.dir, "ledger.db")
        self.model = Model.default()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def sheet(self, p):
        return self.model.read_sheet(SHEETS + p + ".csv", digest=True)

    def test_apply_safely(self):
        with Ledger.create(self.path, actor="clerk", reason="new") as ledger:
            with self.sheet("2018H2") as s:
                self.assertEqual(ledger.apply(self.model, None, s.compounds(), inputs=[s],
                                              reason="first"), 6)
                digest = s.digest
            self.assertEqual(ledger.periods, ["2018H2"])
            with self.sheet("2019H2") as s, self.assertRaises(PmindexError) as cm:
                ledger.apply(self.model, None, s.compounds())
            self.assertEqual(cm.exception.code, Status.E_STATE)
            self.assertIn("period 2019H1 is missing between 2018H2 and 2019H2", str(cm.exception))
            with self.sheet("2019H1") as s:
                self.assertEqual(ledger.apply(self.model, "2019H1", s.compounds(), dry_run=True), 6)
            self.assertEqual(ledger.periods, ["2018H2"])
            with self.assertRaises(PmindexError) as cm:
                ledger.apply(self.model, None, [])
            self.assertIn("no compound was added", str(cm.exception))
            with self.assertRaises(PmindexError) as cm:
                ledger.apply(self.model, None, [{"compound_id": "K1"}])
            self.assertIn("names no period", str(cm.exception))
            with self.sheet("2019H2") as s:
                ledger.apply(self.model, None, s.compounds(), allow_gap=True, actor="chief",
                             reason="no assessment in 2019H1")
            log = ledger.log()
            self.assertEqual([e.action for e in log], ["init", "apply", "apply"])
            self.assertEqual((log[0].actor, log[0].reason), ("clerk", "new"))
            self.assertEqual((log[1].actor, log[1].period, log[1].compounds), ("clerk", "2018H2", 6))
            with open(SHEETS + "2018H2.csv", "rb") as f:
                want = hashlib.sha256(f.read()).hexdigest()
            self.assertEqual(log[1].inputs, ((SHEETS + "2018H2.csv", want),))
            self.assertEqual(bytes.fromhex(log[1].inputs[0][1]), digest)
            self.assertEqual((log[2].actor, log[2].reason), ("chief", "no assessment in 2019H1"))
            # The actor was the change's only; a refused change's reason is no one's.
            with self.assertRaises(PmindexError):
                ledger.apply(self.model, "2019H2", [], reason="refused")
            ledger.revoke("2019H2", reason="checking")
            with self.sheet("2019H2") as s:
                ledger.apply(self.model, None, s.compounds(), allow_gap=True)
            self.assertEqual([(e.actor, e.reason) for e in ledger.log()[3:]],
                             [("clerk", "checking"), ("clerk", "")])
            self.assertEqual(ledger.log("2019H2"), ledger.log()[2:])
            self.assertEqual(ledger.log(entry=2), [log[1]])
            csv = ledger.export_log(format="csv")
            self.assertTrue(csv.startswith("entry,at,actor,action,period,compounds,changed,"))
        with self.assertRaises(PmindexError) as cm:
            Ledger.create(self.path)
        self.assertEqual(cm.exception.code, Status.E_STATE)

    def test_default_actor_is_the_login_name(self):
        try:
            login = os.getlogin()
        except OSError:
            login = pwd.getpwuid(os.getuid()).pw_name
        with Ledger(self.path, create=True) as ledger:
            self.assertEqual(ledger.log()[0].actor, login)
            with self.assertRaises(PmindexError):
                ledger.actor = "two\nlines"

    def test_revoke_and_review(self):
        with Ledger.create(self.path) as ledger:
            for p in ("2018H2", "2019H1", "2019H2"):
                with self.sheet(p) as s:
                    ledger.apply(self.model, None, s.compounds())
            before = ledger.export()
            entry = ledger.revoke("2019H2", reason="wrong sheet", dry_run=True)
            self.assertEqual((entry.action, entry.compounds), ("revoke", 7))
            self.assertEqual(ledger.export(), before)
            with self.assertRaises(PmindexError) as cm:
                ledger.revoke("2019H1", reason="x")
            self.assertIn("only the last period can be revoked", str(cm.exception))
            entry = ledger.revoke("2019H2", reason="wrong sheet", actor="clerk")
            self.assertEqual((entry.actor, entry.reason), ("clerk", "wrong sheet"))
            self.assertEqual(ledger.periods, ["2018H2", "2019H1"])
            self.assertEqual(ledger.state("K7"), LadderState(1, 0, "2019H1"))
            rows = ledger.history("K7", revoked=True)
            self.assertEqual([(r.period, r.revoked) for r in rows],
                             [("2019H1", False), ("2019H2", True)])
            with self.sheet("2019H2") as s:
                ledger.apply(self.model, None, s.compounds())
            # An appeal: K7's media exposure (V2) in 2019H2 was not confirmed.
            review = SHEETS + "review-2019H2.csv"
            dry = ledger.review("2019H2", review, reason="appeal", dry_run=True)
            self.assertEqual(ledger.history("K7")[-1].card, "black")
            changes = ledger.review("2019H2", review, reason="appeal", actor="reviewer")
            self.assertEqual(changes, dry)
            self.assertEqual([(c.compound_id, c.period, c.old.card, c.new.card, c.new.revision)
                              for c in changes], [("K7", "2019H2", "black", "none", 2)])
            self.assertEqual(ledger.history("K7")[-1].revision, 2)
            self.assertEqual(len(ledger.history("K7", all_revisions=True)), 3)
            self.assertEqual(ledger.log()[-1].inputs[0][0], review)
            self.assertEqual(ledger.outlook("K7"), Outlook(1, 1, "2020H1", 0))
            self.assertEqual(ledger.outlook("K4"), Outlook(0, 0, None, None))
            self.assertIsNone(ledger.outlook("nobody"))
            # The corrections as cells; what was observed follows them.
            ledger.review("2019H2", [{"compound_id": "K5", "B1": "0", "name": "湖贝"}],
                          reason="appeal 2")
            seen = ledger.observed("2019H2", "K5")
            self.assertEqual(str(seen["B1"]), "0")
            self.assertEqual(seen.fields["name"], "湖贝")
            self.assertEqual(seen.fields["period"], "2019H2")
            self.assertEqual(seen["B2"], self.model.compound({"B2": "1"})["B2"])
            with self.assertRaises(PmindexError) as cm:
                ledger.review("2019H2", [{"compound_id": "K9", "B1": "0"}], reason="x")
            self.assertEqual(cm.exception.code, Status.E_NOT_FOUND)
            export = ledger.export(all_revisions=True, revoked=True)
            self.assertEqual(export.count("\n"), 1 + 6 + 6 + 7 + 7 + 2)

    def test_ledger_of_1_1(self):
        shutil.copyfile(SHEETS + "ledger-1.1.db", self.path)
        with Ledger(self.path, readonly=True) as ledger:
            self.assertEqual(ledger.periods, ["2018H2", "2019H1", "2019H2"])
            self.assertEqual(ledger.export(), golden_export())
            self.assertEqual(ledger.log()[0].action, "upgrade")
            self.assertIsNone(ledger.observed("2018H2", "K5"))
        with Ledger(self.path) as ledger, self.assertRaises(PmindexError) as cm:
            ledger.review("2018H2", [{"compound_id": "K5", "B1": "1"}], reason="appeal")
        self.assertIn("needs its full row", str(cm.exception))


def _cells(compound):
    """The cells of a Compound as a dict of texts, for another model."""
    m = compound.model
    out = {"compound_id": compound.compound_id, "managed": "1" if compound.managed else "0"}
    for item in m.items:
        v = compound[item.id]
        out[item.id] = "NA" if v is None else str(v)
    for veto in m.vetoes:
        out[veto.id] = "1" if compound[veto.id] else "0"
    return out


if __name__ == "__main__":
    unittest.main()
