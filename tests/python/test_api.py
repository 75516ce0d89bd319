"""The module and the library agree: every function of the header is
declared in Python with the header's types, and the library is found,
checked and refused as the module promises."""

import ctypes
import os
import re
import unittest

import support

import pmindex
from pmindex import _native

HEADER = "include/pmindex/pmindex.h"


def header_text(path):
    """The umbrella header with the parts it includes from its directory."""
    text = support.read(path, "r")
    parts = re.findall(r"^#include <pmindex/(\w+\.h)>", text, flags=re.M)
    here = os.path.dirname(path)
    return text + "".join(support.read(os.path.join(here, p), "r") for p in parts
                          if os.path.exists(os.path.join(here, p)))

# The C types of the header as ctypes types (opaque handles by struct name).
SCALARS = {
    "void": None, "int": ctypes.c_int, "int32_t": ctypes.c_int32, "int64_t": ctypes.c_int64,
    "uint32_t": ctypes.c_uint32, "uint64_t": ctypes.c_uint64, "size_t": ctypes.c_size_t, "const char *": ctypes.c_char_p,
    "char *": ctypes.POINTER(ctypes.c_char), "const void *": ctypes.c_void_p,
    "int32_t *": ctypes.POINTER(ctypes.c_int32), "int64_t *": ctypes.POINTER(ctypes.c_int64),
    "uint8_t *": ctypes.POINTER(ctypes.c_uint8), "const uint8_t *": ctypes.POINTER(ctypes.c_uint8),
    "const char *const *": ctypes.POINTER(ctypes.c_char_p),
}


def declarations(path=HEADER):
    """name -> (return type, [parameter types]) from the header's prototypes."""
    text = re.sub(r"/\*.*?\*/", " ", header_text(path), flags=re.S)
    out = {}
    for m in re.finditer(r"^([A-Za-z_][\w \*]*?[\s\*])(pmindex_\w+)\s*\(([^)]*)\)\s*;", text,
                         flags=re.M):
        params = " ".join(m.group(3).split())
        types = [] if params == "void" else [
            re.sub(r"\s*\w+$", "", p.strip()) for p in params.split(",")]
        out[m.group(2)] = (" ".join(m.group(1).split()), types)
    return out


def normal(c):
    """A C type written as the header writes it, spaces around * normalized."""
    c = re.sub(r"\s*\*", " *", c.strip()).replace("* *", "**")
    return c


def describe(t):
    if t is None:
        return "void"
    if isinstance(t, type) and issubclass(t, ctypes._Pointer):
        inner = t._type_
        if isinstance(inner, type) and issubclass(inner, ctypes.Structure):
            return inner.__name__ + " *"
        return describe(inner) + "*" if describe(inner).endswith("*") else describe(inner) + " *"
    return {ctypes.c_char_p: "const char *", ctypes.c_void_p: "const void *"}.get(
        t, getattr(t, "__name__", repr(t)))


def expected(c):
    """The ctypes type a C type must be declared as, or None for void."""
    c = normal(c)
    if c in SCALARS:
        return SCALARS[c]
    m = re.fullmatch(r"(?:const )?(pmindex_\w+) (\*+)", c)
    if not m:
        raise AssertionError("no ctypes mapping for the C type %r" % c)
    t = type(m.group(1), (ctypes.Structure,), {})
    for _ in m.group(2):
        t = ctypes.POINTER(t)
    return t


def same(a, b):
    if a is b:
        return True
    pointer = ctypes._Pointer
    if isinstance(a, type) and isinstance(b, type):
        if issubclass(a, pointer) and issubclass(b, pointer):
            return same(a._type_, b._type_)
        if issubclass(a, ctypes.Structure) and issubclass(b, ctypes.Structure):
            return a.__name__ == b.__name__
    return False


class Declarations(unittest.TestCase):
    def setUp(self):
        self.header = declarations()
        self.assertGreater(len(self.header), 100)

    def test_every_header_function_is_declared(self):
        declared = set(_native.FUNCTIONS) | set(_native.OPTIONAL)
        missing = sorted(set(self.header) - declared)
        self.assertEqual(missing, [], "functions of the header the Python module does not "
                                      "declare (add them to FUNCTIONS in _native.py)")

    def test_every_declared_function_is_in_the_header(self):
        unknown = sorted(set(_native.FUNCTIONS) - set(self.header))
        self.assertEqual(unknown, [], "declared in Python but not in the header")

    def test_types_agree_with_the_header(self):
        table = dict(_native.FUNCTIONS)
        table.update({k: v for k, v in _native.OPTIONAL.items() if k in self.header})
        for name, (restype, argtypes) in sorted(table.items()):
            with self.subTest(name):
                ret, params = self.header[name]
                self.assertTrue(same(restype, expected(ret)),
                                "%s returns %s, declared %s" % (name, ret, describe(restype)))
                self.assertEqual(len(argtypes), len(params), "%s: number of parameters" % name)
                for n, (a, p) in enumerate(zip(argtypes, params)):
                    self.assertTrue(same(a, expected(p)), "%s parameter %d is %s, declared %s"
                                    % (name, n + 1, p, describe(a)))

    def test_the_loaded_library_has_them(self):
        for name in _native.FUNCTIONS:
            self.assertIsNotNone(getattr(_native.lib, name).restype or name)
            self.assertTrue(_native.has(name))
        self.assertFalse(_native.has("pmindex_no_such_function"))

    def test_the_checker_sees_a_wrong_type(self):
        # The comparison itself: a 64-bit return declared 32-bit, a model
        # where a compound is expected, a missing level of pointer.
        self.assertFalse(same(ctypes.c_int32, expected("int64_t")))
        self.assertFalse(same(_native.Model, expected("const pmindex_compound *")))
        self.assertFalse(same(_native.Model, expected("pmindex_model **")))
        self.assertTrue(same(ctypes.POINTER(_native.Model), expected("pmindex_model **")))
        self.assertFalse(same(ctypes.c_char_p, expected("char *")))


class Loading(unittest.TestCase):
    """Each way of finding the library, in a child interpreter."""

    def load(self, **env):
        return support.python("import pmindex; print(pmindex.LIBRARY_PATH, "
                              "pmindex.VERSION_STRING)", env=env)

    def test_version(self):
        self.assertEqual(pmindex.VERSION_NUMBER // 10000, 1)
        self.assertRegex(pmindex.VERSION_STRING, r"^1\.\d+\.\d+$")
        self.assertEqual(pmindex.LIBRARY_PATH, support.BUILD_LIBRARY)

    def test_by_soname(self):
        lib = os.path.abspath(support.BUILD_LIBRARY)
        r = self.load(PMINDEX_LIBRARY=None, LD_LIBRARY_PATH=os.path.dirname(lib))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("libpmindex.so.1 1."), r.stdout)

    def test_not_found(self):
        r = self.load(PMINDEX_LIBRARY=None, LD_LIBRARY_PATH="/nonexistent")
        if r.returncode == 0:
            self.skipTest("a libpmindex is installed on this system: %s" % r.stdout.strip())
        self.assertIn("pmindex: cannot find libpmindex 1; tried libpmindex.so.1", r.stderr)
        self.assertIn("set PMINDEX_LIBRARY", r.stderr)

    def test_bad_path(self):
        r = self.load(PMINDEX_LIBRARY="/nonexistent/libpmindex.so")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("LibraryError: pmindex: cannot load the library named by PMINDEX_LIBRARY "
                      "(/nonexistent/libpmindex.so)", r.stderr)

    def test_not_libpmindex(self):
        r = self.load(PMINDEX_LIBRARY="libc.so.6")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("pmindex: libc.so.6 is not libpmindex (it has no pmindex_version)",
                      r.stderr)

    def test_other_major_version_refused(self):
        fake = os.environ.get("PMINDEX_FAKE_V2")
        if not fake:
            self.skipTest("PMINDEX_FAKE_V2 names no fake library")
        r = self.load(PMINDEX_LIBRARY=fake)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("pmindex: %s is libpmindex 2.0.0, but this module works with libpmindex "
                      "1.x only" % fake, r.stderr)

    def test_incomplete_library_refused(self):
        fake = os.environ.get("PMINDEX_FAKE_V1")
        if not fake:
            self.skipTest("PMINDEX_FAKE_V1 names no fake library")
        r = self.load(PMINDEX_LIBRARY=fake)
        self.assertNotEqual(r.returncode, 0)
        self.assertRegex(r.stderr, r"pmindex: .* \(libpmindex 1.0.0\) lacks pmindex_strerror, "
                                   r"pmindex_error_new, ")


class LazyModules(unittest.TestCase):
    """The district, the ledger and the impact load when first used, and
    every name of __all__ is there all the same."""

    def test_scoring_loads_no_ledger(self):
        r = support.python("import sys, pmindex\n"
                           "print(*(m in sys.modules for m in ('pmindex.district',\n"
                           "      'pmindex.ledger', 'pmindex.impact')))\n"
                           "print(pmindex.Ledger.__module__, pmindex.period_name(pmindex.period('2018H2')))\n"
                           "print('pmindex.ledger' in sys.modules)")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines(), ["False False False", "pmindex.ledger 2018H2",
                                                 "True"])

    def test_every_name_of_all(self):
        for name in pmindex.__all__:
            self.assertIsNotNone(getattr(pmindex, name), name)
        self.assertLessEqual(set(pmindex.__all__), set(dir(pmindex)))
        namespace = {}
        exec("from pmindex import *", namespace)
        self.assertIs(namespace["District"], pmindex.District)
        self.assertIs(namespace["model_diff"], pmindex.model_diff)

    def test_unknown_name(self):
        with self.assertRaises(AttributeError) as e:
            pmindex.Distric
        self.assertIn("'Distric'", str(e.exception))
        self.assertFalse(hasattr(pmindex, "nothing_of_the_kind"))


class OptionalPandas(unittest.TestCase):
    """pandas is needed by pmindex.pandas only, which says how to get it."""

    def test_the_module_works_without_pandas(self):
        r = support.python("import sys; sys.modules['pandas'] = None\n"
                           "import pmindex\n"
                           "print(pmindex.Model.default().assess({'A1': '1'}).index)\n"
                           "try:\n"
                           "    import pmindex.pandas\n"
                           "except ImportError as e:\n"
                           "    print(e.name, '|', e)\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "100.00")
        self.assertTrue(lines[1].startswith("pandas | pmindex.pandas needs pandas, which "),
                        lines[1])
        self.assertIn("apt install python3-pandas", lines[1])
        self.assertIn("pip install pandas", lines[1])
        self.assertIn("The rest of pmindex works without it.", lines[1])

    def test_pmindex_does_not_import_pandas(self):
        r = support.python("import sys, pmindex, pmindex.assessment, pmindex.ledger\n"
                           "print('pandas' in sys.modules, 'numpy' in sys.modules)")
        self.assertEqual(r.stdout.split(), ["False", "False"], r.stderr)


if __name__ == "__main__":
    unittest.main()
