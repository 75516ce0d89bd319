"""The Python module as a package: `pip install --no-build-isolation
--no-index ./examples/python` (the offline way the README gives) into a
fresh virtual environment, and a wheel built from it installed into the
environment of another Python; each imports the module from its
site-packages and works with the build's library, found by PMINDEX_LIBRARY
or by its soname.

Building needs a Python with pip, venv, setuptools and wheel (Debian:
python3-pip, python3-venv, python3-setuptools, python3-wheel, which
.ci/setup installs for /usr/bin/python3). Run as a script: exits 77,
meson's "skipped", when no Python here can build it."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import support

SOURCE = "examples/python"
LIBRARY = os.path.abspath(support.BUILD_LIBRARY) if support.BUILD_LIBRARY else None
CHECK = ("import sys, pmindex\n"
         "print(pmindex.__file__)\n"
         "print(pmindex.__version__, pmindex.LIBRARY_PATH)\n"
         "print(pmindex.Model.default().assess({'A1': '1'}).index)\n")


def builder():
    """A Python that can build the package offline, or None."""
    seen = set()
    for py in (sys.executable, "/usr/bin/python3"):
        if not os.path.exists(py) or os.path.realpath(py) in seen:
            continue
        seen.add(os.path.realpath(py))
        r = subprocess.run([py, "-c", "import setuptools, wheel, pip, venv\n"
                            "assert int(setuptools.__version__.split('.')[0]) >= 61"],
                           capture_output=True, env=clean_env())
        if r.returncode == 0:
            return py
    return None


def clean_env(**extra):
    """The environment without the source tree on the path nor the library
    named (a sanitizer build's LD_PRELOAD stays: its library needs it)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PMINDEX_LIBRARY", "PYTHONDONTWRITEBYTECODE")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.update(extra)
    return env


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s\n%s" % (" ".join(args), r.returncode,
                                                           r.stdout[-3000:], r.stderr[-3000:]))
    return r.stdout


def source_version():
    with open(os.path.join(SOURCE, "pmindex", "__init__.py"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("__version__"):
                return line.split('"')[1]
    raise AssertionError("no __version__ in pmindex/__init__.py")


@unittest.skipUnless(LIBRARY, "PMINDEX_LIBRARY names no built library")
class PipInstall(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.builder = builder()
        if not cls.builder:
            raise unittest.SkipTest("no Python here has pip, venv, setuptools >= 61 and wheel")
        cls.tmp = tempfile.mkdtemp(prefix="pmindex-pip-")
        # A copy: setuptools writes build/ and *.egg-info beside the sources.
        cls.src = os.path.join(cls.tmp, "python")
        shutil.copytree(SOURCE, cls.src, ignore=shutil.ignore_patterns("__pycache__", "build",
                                                                       "*.egg-info"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def venv(self, python, name, system_site=False):
        path = os.path.join(self.tmp, name)
        run([python, "-m", "venv"] + (["--system-site-packages"] if system_site else []) +
            [path], env=clean_env())
        return os.path.join(path, "bin", "python")

    def check_import(self, python, venv, env):
        out = run([python, "-c", CHECK], cwd=self.tmp, env=env).splitlines()
        self.assertTrue(out[0].startswith(os.path.dirname(os.path.dirname(python))), out[0])
        self.assertIn("site-packages", out[0])
        self.assertEqual(out[1].split()[0], source_version())
        self.assertEqual(out[2], "100.00")
        return out[1].split()[1]

    def test_pip_install_offline(self):
        # The README's command, in a venv that sees the builder's setuptools.
        py = self.venv(self.builder, "venv-pip", system_site=True)
        run([py, "-m", "pip", "install", "--no-build-isolation", "--no-index", self.src],
            env=clean_env())
        found = self.check_import(py, "venv-pip", clean_env(PMINDEX_LIBRARY=LIBRARY))
        self.assertEqual(found, LIBRARY)
        # The command line of the module, with pmindex-score's output.
        csv = run([py, "-m", "pmindex", "--format", "csv",
                   os.path.join(support.ROOT, support.SAMPLE)], cwd=self.tmp,
                  env=clean_env(PMINDEX_LIBRARY=LIBRARY))
        self.assertEqual(csv, support.read(support.GOLDEN + "luohu-sample.csv").decode())

    def test_wheel_into_another_python(self):
        dist = os.path.join(self.tmp, "dist")
        run([self.builder, "-m", "pip", "wheel", "--no-build-isolation", "--no-index",
             "--no-deps", "-w", dist, self.src], env=clean_env())
        wheels = glob.glob(os.path.join(dist, "pmindex-*-py3-none-any.whl"))
        self.assertEqual(len(wheels), 1, os.listdir(dist))
        self.assertIn("pmindex-%s-" % source_version(), wheels[0])
        import zipfile
        names = zipfile.ZipFile(wheels[0]).namelist()
        modules = sorted(n for n in names if n.startswith("pmindex/"))
        self.assertEqual(modules, sorted("pmindex/" + f for f in
                                         os.listdir(os.path.join(SOURCE, "pmindex"))
                                         if f.endswith(".py")))
        # A pure-Python wheel installs into any Python 3, without building.
        py = self.venv(sys.executable, "venv-wheel")
        run([py, "-m", "pip", "install", "--no-index", "--no-deps", wheels[0]], env=clean_env())
        # By the soname, as an installed library is found.
        found = self.check_import(py, "venv-wheel",
                                  clean_env(LD_LIBRARY_PATH=os.path.dirname(LIBRARY)))
        self.assertEqual(found, "libpmindex.so.1")


if __name__ == "__main__":
    support.main()
