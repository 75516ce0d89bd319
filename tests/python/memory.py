#!/usr/bin/env python3
"""Runs N assessments from Python in a loop (with, every 1,000, a sheet read
row by row, a sheet scored in bulk and a bad compound raising) and checks
that memory stays flat: the bytes malloc holds (glibc's mallinfo2, which
sees every allocation of libpmindex) and the resident set size, measured
after a warm-up, at a tenth of the run and at its end.

    memory.py [--count N] [--max-malloc-kb K] [--max-rss-kb K]

Exit 0 when flat, 1 when memory grew, 77 (skip) under a sanitizer build.
"""
import argparse
import ctypes
import gc
import os
import resource
import sys
import time

import pmindex


class Mallinfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"
                .split()]


_libc = ctypes.CDLL(None)
_mallinfo2 = getattr(_libc, "mallinfo2", None)
if _mallinfo2:
    _mallinfo2.restype = Mallinfo2
    _mallinfo2.argtypes = []


def malloc_in_use():
    if not _mallinfo2:
        return None
    m = _mallinfo2()
    return m.uordblks + m.hblkhd


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000000)
    ap.add_argument("--max-malloc-kb", type=float, default=64)
    ap.add_argument("--max-rss-kb", type=float, default=1024)
    args = ap.parse_args()
    if os.environ.get("PMINDEX_SANITIZED") == "1":
        print("memory: skipped under a sanitizer (its allocator keeps freed memory)")
        return 77

    model = pmindex.Model.default()
    full = {i.id: "1" for i in model.items}
    full.update({i.id: "0" for i in model.items if i.type == "deduct"})
    full.update({"B2": "87.5%", "C4": "1.5", "D1": "0.9", "compound_id": "M-1",
                 "name": "翠竹花园", "street": "东门街道"})
    variants = [dict(full), dict(full, V1="1"), dict(full, C3="基本符合", B7="NA", managed="0"),
                {"compound_id": "EMPTY"}]
    sheet = ("compound_id," + ",".join(full.keys() - {"compound_id", "name", "street"}) + "\n")
    row = ",".join(full[k] for k in full.keys() - {"compound_id", "name", "street"})
    sheet += "".join("S-%d,%s\n" % (n, row) for n in range(20))
    sheet_bytes = sheet.encode("utf-8")

    def work(n):
        a = model.assess(variants[n % len(variants)])
        a.index, a.tier, a.card, a.reasons
        if n % 10 == 0:
            a.items, a.indicators, a.losses, a.csv()
        if n % 1000 == 0:
            for r in model.read_sheet(sheet_bytes, partial=True):
                r.jsonl()
            model.score_sheet(sheet_bytes, os.devnull, partial=True)
            try:
                model.assess({"A1": "2", "B2": "x"})
            except pmindex.PmindexError:
                pass

    start = time.process_time()
    for n in range(min(2000, args.count)):
        work(n)
    gc.collect()
    marks = []
    checkpoints = {args.count // 10, args.count}
    for n in range(1, args.count + 1):
        work(n)
        if n in checkpoints:
            gc.collect()
            marks.append((n, malloc_in_use(), rss()))
    cpu = time.process_time() - start
    (n1, m1, r1), (n2, m2, r2) = marks[0], marks[-1]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print("memory: %d assessments in %.1f s of CPU (%.1f us each); from %d to %d: malloc in use "
          "%+.1f KB (%s), resident %+.1f KB (%.1f MB); peak %.1f MB"
          % (args.count, cpu, cpu / args.count * 1e6, n1, n2,
             ((m2 - m1) / 1024.0) if m1 is not None else 0.0,
             "mallinfo2" if m1 is not None else "not available",
             (r2 - r1) / 1024.0, r2 / 1e6, peak))
    failed = False
    if m1 is not None and (m2 - m1) / 1024.0 > args.max_malloc_kb:
        print("memory: malloc grew by more than %.0f KB" % args.max_malloc_kb)
        failed = True
    if (r2 - r1) / 1024.0 > args.max_rss_kb:
        print("memory: the resident set grew by more than %.0f KB" % args.max_rss_kb)
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
