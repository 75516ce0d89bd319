"""python3 -m pmindex: scores a sheet as CSV or JSON Lines, like
pmindex-score --format csv|jsonl, through the Python module (for the
benchmark and as an example of Model.score_sheet)."""

import argparse
import sys

from . import VERSION_STRING, Model, PmindexError, __version__

PROGRAM = "python3 -m pmindex"


def _threads(text):
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 256:
        raise argparse.ArgumentTypeError("takes a whole number from 1 to 256, not %r" % (text,))
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Score every compound of a score sheet (CSV) on the property-management "
                    "index, through the Python module.",
        epilog="Exit status: 0 all is well, 1 input errors (each reported), 2 usage errors.")
    ap.add_argument("sheet", nargs="?", default="-", help="the sheet (default: standard input)")
    ap.add_argument("--model", metavar="FILE", help="a model in an INI file (default: the "
                    "embedded Luohu 2018 model)")
    ap.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    ap.add_argument("--encoding", choices=("utf-8", "gb18030", "gbk"))
    ap.add_argument("-o", "--output", default="-", metavar="FILE",
                    help="write to FILE (whole or not at all) instead of standard output")
    ap.add_argument("--skip-bad-rows", action="store_true",
                    help="write the results of the good rows despite errors")
    ap.add_argument("--threads", type=_threads, metavar="N",
                    help="read and score on N threads (default: as many as the machine has "
                         "cores); the output is the same")
    ap.add_argument("--version", action="version",
                    version="%s %s (libpmindex %s)" % (PROGRAM, __version__, VERSION_STRING))
    args = ap.parse_args(argv)
    try:
        model = Model.load_ini(args.model) if args.model else Model.default()
        report = model.score_sheet(args.sheet, args.output, format=args.format,
                                   encoding=args.encoding, skip_bad_rows=args.skip_bad_rows,
                                   threads=args.threads)
    except PmindexError as e:
        for err in e.errors:
            print("%s: %s" % (PROGRAM, err.text), file=sys.stderr)
        if e.count > len(e.errors):
            print("%s: ... and %d more errors (%d in all)"
                  % (PROGRAM, e.count - len(e.errors), e.count), file=sys.stderr)
        if e.count > 1 or e.line:
            print("%s: %d error%s; no output was written"
                  % (PROGRAM, e.count, "" if e.count == 1 else "s"), file=sys.stderr)
        return 1
    except (OSError, NotImplementedError) as e:
        print("%s: %s" % (PROGRAM, e), file=sys.stderr)
        return 1
    for err in report.errors:
        print("%s: %s" % (PROGRAM, err.text), file=sys.stderr)
    if report.error_count:
        print("%s: %d bad row%s skipped" % (PROGRAM, report.error_count,
                                           "" if report.error_count == 1 else "s"),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
