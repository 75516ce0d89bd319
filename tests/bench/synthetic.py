"""The synthetic sheets of the benchmarks and the ledger's proofs: made
once by pmindex-gen-sheet into bench-data/ beside the generator, and
shared by every script that asks for the same size and seed."""

import os
import random
import subprocess


def synthetic_sheet(gen, compounds, seed=2018):
    """The path of a sheet of `compounds` compounds, made if missing (into
    a temporary name first, so an interrupted run leaves no half sheet)."""
    cache = os.path.join(os.path.dirname(os.path.abspath(gen)), "bench-data")
    os.makedirs(cache, exist_ok=True)
    sheet = os.path.join(cache, "synthetic-%d-%d.csv" % (compounds, seed))
    if not os.path.exists(sheet):
        tmp = sheet + ".tmp"
        with open(tmp, "wb") as f:
            subprocess.run([gen, str(compounds), str(seed)], stdout=f, check=True)
        os.replace(tmp, sheet)
    return sheet


def shuffled_sheet(gen, compounds, seed=2018):
    """The synthetic sheet of `compounds` compounds with its rows in a random
    order (the same order for a given seed), made once beside it: ids out of
    order, as in a sheet sorted by anything else."""
    base = synthetic_sheet(gen, compounds, seed)
    path = base[:-4] + "-shuffled.csv"
    if not os.path.exists(path):
        with open(base, "rb") as f:
            header = f.readline()
            rows = f.read().splitlines(keepends=True)
        random.Random(seed).shuffle(rows)
        with open(path + ".tmp", "wb") as f:
            f.write(header)
            f.writelines(rows)
        os.replace(path + ".tmp", path)
    return path


def period_sheet(base, period, folder):
    """The synthetic sheet `base` (every row of period 2018H2) as a sheet of
    another period, made once into folder."""
    path = os.path.join(folder, "%s-%s.csv" % (os.path.basename(base)[:-4], period))
    if not os.path.exists(path):
        with open(base, "rb") as src, open(path + ".tmp", "wb") as dst:
            for line in src:
                dst.write(line.replace(b",2018H2,", (",%s," % period).encode()))
        os.replace(path + ".tmp", path)
    return path
