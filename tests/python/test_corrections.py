"""Corrections of a ledger, as a property: after any sequence of applies,
reviews and revokes (some of them dry runs), the ledger's current rows and
ladder states are those of a fresh ledger into which the corrected sheets
were applied in order. The corrected sheets are kept here, independently of
the library: an apply appends a sheet, a review overwrites the cells it
corrects in its period's sheet, a revocation drops the last sheet.
Random compounds, periods (with gaps and a change of model now and then)
and corrections; PMINDEX_SEED repeats a run, PMINDEX_SEQUENCES sets their
number."""

import os
import random
import shutil
import tempfile
import unittest

from pmindex import Ledger, Model, PmindexError, Status, next_period

SEQUENCES = int(os.environ.get("PMINDEX_SEQUENCES", "40"))
STEPS = 9
SHARES = ["1", "0.95", "0.9", "0.8", "0.75", "0.6", "0.5", "0.3"]


def tmp_dir():
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    return tempfile.mkdtemp(prefix="pmindex-corrections-", dir=base)


class Sheets:
    """Random rows of a model's score sheet, as cells."""

    def __init__(self, model, rnd):
        self.model, self.rnd = model, rnd

    def full(self, item):
        if item.type == "rate":
            return str(item.full)
        return "0" if item.type == "deduct" else "1"

    def value(self, item):
        r = self.rnd
        if r.random() < 0.04:
            return "NA"
        if item.type in ("passfail",):
            return r.choice(["0", "1"])
        if item.type == "graded":
            return r.choice(["1", "0.5", "0"])
        if item.type == "deduct":
            return r.choice(["0", "0", "1", "3"])
        if item.zero <= 1 and item.full <= 1:
            return r.choice(SHARES)
        return r.choice(["0", "1", "2", "4", "5"])

    def row(self, cid, period):
        """A whole row: mostly full marks, then some items at random values,
        now and then a veto, no company, or a block of items not applicable
        (a fallback compound)."""
        r = self.rnd
        cells = {"compound_id": cid, "name": "小区" + cid, "street": r.choice("AB") + "街道",
                 "period": period, "managed": "0" if r.random() < 0.05 else "1"}
        for item in self.model.items:
            cells[item.id] = self.full(item)
        for item in r.sample(self.model.items, r.choice([0, 0, 1, 2, 4, 7])):
            cells[item.id] = self.value(item)
        if r.random() < 0.15:  # the B indicator in ruins: a black card
            for item in self.model.items:
                if item.id.startswith("B"):
                    cells[item.id] = "0" if item.type != "deduct" else "5"
        if r.random() < 0.05:
            for item in self.model.items:
                if item.id[0] in "CD":
                    cells[item.id] = "NA"
        for veto in self.model.vetoes:
            cells[veto.id] = "1" if r.random() < 0.03 else ""
        return cells

    def correction(self, cells):
        """Some corrected cells of a row (compound_id and the cells that change)."""
        r = self.rnd
        out = {"compound_id": cells["compound_id"]}
        for item in r.sample(self.model.items, r.choice([1, 1, 2, 3, 6])):
            out[item.id] = self.value(item) if r.random() < 0.6 else self.full(item)
        if r.random() < 0.2:
            veto = r.choice(self.model.vetoes)
            out[veto.id] = "" if cells[veto.id] else "1"
        if r.random() < 0.1:
            out["managed"] = "0" if cells["managed"] == "1" else "1"
        if r.random() < 0.1:
            out["name"] = cells["name"] + "（更正）"
        if r.random() < 0.1:  # a correction that gives the period as well
            out["period"] = cells["period"]
        return out


class Story:
    """One random sequence of changes, on a ledger and on the sheets."""

    def __init__(self, test, seed, folder):
        self.test = test
        self.rnd = random.Random(seed)
        self.seed = seed
        self.models = [Model.default()]
        self.models.append(Model.from_ini(self.models[0].to_ini().replace(
            "clean_periods = 2", "clean_periods = 3")))
        self.model = self.models[0]
        self.folder = folder
        self.ledger = Ledger.create(os.path.join(folder, "ledger.db"), actor="tester")
        self.sheets = []  # (period, model, {id: cells}) in force, in order
        self.ids = ["K%02d" % k for k in range(self.rnd.randint(3, 9))]
        self.next = "2018H1"
        self.log = []
        self.fresh = 0

    def say(self, what):
        self.log.append(what)

    def snapshot(self):
        return (self.ledger.export(format="jsonl", all_revisions=True, revoked=True),
                [self.ledger.state(c) for c in self.ids], self.ledger.periods)

    def apply(self, dry_run):
        r = self.rnd
        period = self.next
        allow_gap = r.random() < 0.15
        if allow_gap:
            period = next_period(period)
        model = self.model
        if r.random() < 0.15:
            model = self.models[1] if model is self.models[0] else self.models[0]
        gen = Sheets(model, r)
        ids = [c for c in self.ids if r.random() < 0.85] or [self.ids[0]]
        rows = {c: gen.row(c, period) for c in ids}
        self.say("apply %s%s%s%s (%d compounds)" % (period, " with a gap" if allow_gap else "",
                                                    " new model" if model is not self.model
                                                    else "", " dry" if dry_run else "",
                                                    len(rows)))
        self.ledger.apply(model, None, [model.compound(c) for c in rows.values()],
                          allow_gap=allow_gap, allow_model_change=True, dry_run=dry_run,
                          reason="period %s" % period)
        if not dry_run:
            self.sheets.append((period, model, rows))
            self.model = model
            self.next = next_period(period)

    def review(self, dry_run):
        r = self.rnd
        period, model, rows = r.choice(self.sheets)
        gen = Sheets(model, r)
        ids = r.sample(sorted(rows), min(len(rows), r.choice([1, 1, 2, 3])))
        corrections = [gen.correction(rows[c]) for c in ids]
        self.say("review %s %s%s" % (period, corrections, " dry" if dry_run else ""))
        changes = self.ledger.review(period, corrections, reason="appeal", dry_run=dry_run)
        self.test.assertEqual([c.compound_id for c in changes if c.period == period], ids,
                              "each compound reviewed gets a revision in its period")
        for c in changes:
            self.test.assertEqual(c.new.revision, (c.old.revision if c.old else 0) + 1)
        if not dry_run:
            for cells in corrections:
                row = rows[cells["compound_id"]]
                for k, v in cells.items():
                    if k != "compound_id" and not (k == "name" and not v):
                        row[k] = v

    def revoke(self, dry_run):
        period = self.sheets[-1][0]
        self.say("revoke %s%s" % (period, " dry" if dry_run else ""))
        entry = self.ledger.revoke(period, reason="wrong sheet", dry_run=dry_run)
        self.test.assertEqual(entry.action, "revoke")
        self.test.assertEqual(entry.compounds, len(self.sheets[-1][2]))
        if not dry_run:
            self.sheets.pop()
            self.next = next_period(self.sheets[-1][0]) if self.sheets else period
            self.model = self.sheets[-1][1] if self.sheets else self.model

    def refused(self):
        """A refusal leaves the ledger as it was: an older period, a gap."""
        if not self.sheets:
            return
        before = self.snapshot()
        period, model, rows = self.sheets[0]
        compounds = [model.compound(c) for c in rows.values()]
        with self.test.assertRaises(PmindexError) as cm:
            self.ledger.apply(model, None, compounds, allow_model_change=True)
        self.test.assertEqual(cm.exception.code, Status.E_STATE)
        gap = next_period(self.next)
        with self.test.assertRaises(PmindexError) as cm:
            self.ledger.apply(self.model, gap, [self.model.compound(
                {"compound_id": "X", "period": gap})], allow_model_change=True)
        self.test.assertIn("is missing between", str(cm.exception))
        self.test.assertEqual(self.snapshot(), before)

    def step(self):
        r = self.rnd
        dry_run = r.random() < 0.15
        before = self.snapshot() if dry_run else None
        choice = r.random()
        if not self.sheets or choice < 0.45:
            self.apply(dry_run)
        elif choice < 0.8:
            self.review(dry_run)
        elif choice < 0.95:
            self.revoke(dry_run)
        else:
            self.refused()
        if dry_run:
            self.test.assertEqual(self.snapshot(), before, "a dry run stores nothing")
        self.check()

    def current(self, ledger):
        rows = [r._replace(revision=None, entry=None) for r in ledger.rows()]
        return rows, [ledger.state(c) for c in self.ids], ledger.periods

    def check(self):
        """The invariant: the current rows are a fresh ledger's."""
        self.fresh += 1
        path = os.path.join(self.folder, "fresh-%d.db" % self.fresh)
        with Ledger.create(path) as fresh:
            for period, model, rows in self.sheets:
                fresh.apply(model, period, [model.compound(c) for c in rows.values()],
                            allow_gap=True, allow_model_change=True)
            want = self.current(fresh)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        got = self.current(self.ledger)
        if got != want:
            self.test.fail("seed %d: after %s\nthe ledger's current rows differ from a fresh "
                           "ledger's:\n%s" % (self.seed, "; ".join(self.log), diff(got, want)))
        # What was observed is what the corrected sheets say.
        for period, model, rows in self.sheets:
            cid = self.rnd.choice(sorted(rows))
            c = self.ledger.observed(period, cid)
            expect = model.compound(rows[cid])
            self.test.assertEqual([c[i.id] for i in model.items],
                                  [expect[i.id] for i in model.items])
            self.test.assertEqual([c[v.id] for v in model.vetoes],
                                  [expect[v.id] for v in model.vetoes])
        # Nothing recorded was lost: every revision and revoked period stays.
        everything = list(self.ledger.rows(all_revisions=True, revoked=True))
        self.test.assertGreaterEqual(len(everything), len(got[0]))


def diff(got, want):
    lines = []
    for kind, g, w in zip(("rows", "states", "periods"), got, want):
        if g == w:
            continue
        if kind == "rows":
            for a, b in zip(g, w):
                if a != b:
                    lines.append("  got  %s\n  want %s" % (a, b))
                    break
            if len(g) != len(w):
                lines.append("  %d rows, want %d" % (len(g), len(w)))
        else:
            lines.append("  %s: got %s, want %s" % (kind, g, w))
    return "\n".join(lines)


class Invariant(unittest.TestCase):
    def test_random_sequences(self):
        seed = int(os.environ.get("PMINDEX_SEED", random.randrange(1 << 30)))
        print("seed %d, %d sequences" % (seed, SEQUENCES))
        for k in range(SEQUENCES):
            folder = tmp_dir()
            try:
                story = Story(self, seed + k, folder)
                for _ in range(STEPS):
                    story.step()
                story.ledger.close()
            finally:
                shutil.rmtree(folder)


if __name__ == "__main__":
    unittest.main()
