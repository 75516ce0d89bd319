"""C objects are freed when Python no longer needs them: by the garbage
collector (finalizers), deterministically by close() and context managers,
children before parents, and safely at interpreter exit."""

import gc
import threading
import unittest
import weakref

import support

from pmindex import Model, PmindexError

OBS = {"compound_id": "L-1", "A1": "1", "A2": "符合", "B2": "90%", "C4": "1"}


class Finalizers(unittest.TestCase):
    def setUp(self):
        self.m = Model.default()

    def test_freed_when_collected(self):
        a = self.m.assess(OBS)
        owners = [weakref.ref(a._owner), weakref.ref(a.compound._owner)]
        del a
        self.assertEqual([r() for r in owners], [None, None])

    def test_freed_in_cycles(self):
        gc.disable()
        try:
            a = self.m.assess(OBS)
            a.myself = a  # a reference cycle: only the collector frees it
            owner = weakref.ref(a._owner)
            del a
            self.assertIsNotNone(owner())
            gc.collect()
            self.assertIsNone(owner())
        finally:
            gc.enable()

    def test_children_before_parents(self):
        m = Model.default()
        model_owner = weakref.ref(m._owner)
        a = m.assess(OBS)
        s = m.read_sheet(support.SAMPLE)
        del m
        self.assertIsNotNone(model_owner())  # the assessment and the sheet need it
        self.assertEqual(a.index, a.index)
        del a
        self.assertIsNotNone(model_owner())
        self.assertEqual(len(list(s)), 200)
        del s
        self.assertIsNone(model_owner())

    def test_context_managers(self):
        with Model.default() as m:
            owner = weakref.ref(m._owner)
            with m.assess(OBS) as a:
                index = a.index
                a_owner = weakref.ref(a._owner)
            self.assertIsNone(a_owner())
            self.assertEqual(a.index, index)  # read before closing: kept
            with self.assertRaisesRegex(ValueError, "the assessment is closed"):
                a.csv()
            with m.read_sheet(support.SAMPLE) as sheet:
                sheet_owner = weakref.ref(sheet._owner)
            self.assertIsNone(sheet_owner())
        self.assertIsNone(owner())
        with self.assertRaisesRegex(ValueError, "the model is closed"):
            m.compound()

    def test_errors_keep_nothing(self):
        # An exception holds copies of the error, not the handle it came from.
        try:
            self.m.assess({"A1": "7"})
        except PmindexError as e:
            err = e
        self.assertEqual(err.field, "A1")
        self.assertFalse(any(hasattr(x, "_owner") for x in err.errors))

    def test_exit_with_live_objects(self):
        r = support.python(
            "import pmindex\n"
            "m = pmindex.Model.default()\n"
            "a = m.assess({'A1': '1'})\n"
            "s = m.read_sheet(%r)\n"
            "rows = list(s)\n"
            "cycle = [a]; cycle.append(cycle)\n"
            "print(len(rows), a.index)\n" % support.SAMPLE)
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "200 100.00\n", ""))


class Threads(unittest.TestCase):
    def test_one_model_many_threads(self):
        m = Model.default()
        rows = list(m.read_sheet(support.SAMPLE))
        want = [a.csv() for a in rows]
        obs = [dict(a.compound.fields, **{k: (str(v) if v is not None else "")
                                          for k, v in a.compound.observations.items()},
                    **{v: "1" for v in a.compound.vetoes},
                    managed="1" if a.compound.managed else "0") for a in rows]
        got = [None] * 4

        def work(t):
            got[t] = [m.assess(o).csv() for _ in range(5) for o in obs][-len(obs):]

        threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for g in got:
            self.assertEqual(g, want)


if __name__ == "__main__":
    unittest.main()
