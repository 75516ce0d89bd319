"""What the Python tests share. meson runs them from the source root with
PYTHONPATH naming examples/python and tests/python, PMINDEX_LIBRARY the
built library and PMINDEX_SCORE the built pmindex-score."""

import os
import subprocess
import sys
import unittest

ROOT = os.getcwd()
SAMPLE = "examples/data/luohu-sample.csv"
GOLDEN = "tests/golden/"
SHEETS = "tests/sheets/"
SCORE = os.environ.get("PMINDEX_SCORE")
BUILD_LIBRARY = os.environ.get("PMINDEX_LIBRARY")
SANITIZED = os.environ.get("PMINDEX_SANITIZED") == "1"

if not os.path.exists(os.path.join(ROOT, SAMPLE)):
    raise SystemExit("run the Python tests from the source root (meson does)")


def read(path, mode="rb"):
    with open(os.path.join(ROOT, path), mode) as f:
        return f.read()


def python(code, env=None, **kw):
    """Runs Python code in a child with the same module path; returns it done."""
    e = dict(os.environ)
    e.update(env or {})
    e = {k: v for k, v in e.items() if v is not None}
    return subprocess.run([sys.executable, "-c", code], env=e, capture_output=True, text=True,
                          **kw)


def needs_score(test):
    return unittest.skipUnless(SCORE, "PMINDEX_SCORE names no pmindex-score")(test)


def main():
    """unittest.main() for a test run as a script by meson: exit 77 (meson's
    "skipped") when every test was skipped, 1 on any failure."""
    program = unittest.main(exit=False, verbosity=2)
    result = program.result
    if not result.wasSuccessful():
        sys.exit(1)
    if result.skipped and len(result.skipped) >= result.testsRun:  # setUpClass may skip
        sys.exit(77)
    sys.exit(0)


def sample_district(model, assessments=None):
    """The sample sheet's compounds (or the assessments given) as a computed
    pmindex.District of the model."""
    import pmindex
    d = pmindex.District(model)
    for a in assessments if assessments is not None else model.read_sheet(SAMPLE):
        d.add(a)
    return d.compute()
