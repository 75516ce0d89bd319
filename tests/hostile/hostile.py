#!/usr/bin/env python3
"""Hostile input and hostile environments for pmindex-score and pmindex-model.

    hostile.py PMINDEX_SCORE PMINDEX_MODEL

Each case runs a program on input made here (in a temporary directory) and
checks its exit status, its standard error (a located message, or nothing),
its output, and that it finished within a time limit with its peak resident
memory (wait4) under a bound: 64 MB, or 512 MB under a sanitizer
(PMINDEX_SANITIZED); outside sanitizer builds each run also has a 256 MB
address-space limit (prlimit --as). As root, chmod 000 stops nobody, so
the unreadable-file cases run the program as nobody (setpriv).
"""
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SCORE, MODEL = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "examples/data/luohu-sample.csv")
LUOHU_INI = os.path.join(ROOT, "models/luohu-2018.ini")
RSS_MB = 512 if os.environ.get("PMINDEX_SANITIZED") else 64
AS_MB = 256  # address space of a case, outside sanitizer builds
failures = []
TMP = None


def run_measured(argv, stdin_path=None, timeout=30, stdout_path=None):
    """Runs argv; returns (status, stdout bytes, stderr text, peak RSS in MB, seconds).

    posix_spawn (vfork in glibc) keeps Python's own pages out of the child's
    peak RSS, which wait4 reports. Outside sanitizer builds the address
    space is also capped (prlimit --as), so unbounded growth fails the case.
    """
    t0 = time.monotonic()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    actions = [(os.POSIX_SPAWN_OPEN, 0, stdin_path or os.devnull, os.O_RDONLY, 0)]
    if stdout_path:
        actions.append((os.POSIX_SPAWN_OPEN, 1, stdout_path,
                        os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
    else:
        actions.append((os.POSIX_SPAWN_DUP2, out_w, 1))
    actions += [(os.POSIX_SPAWN_DUP2, err_w, 2), (os.POSIX_SPAWN_CLOSE, out_r),
                (os.POSIX_SPAWN_CLOSE, err_r)]
    if not os.environ.get("PMINDEX_SANITIZED") and shutil.which("prlimit"):
        argv = [shutil.which("prlimit"), "--as=%d" % (AS_MB << 20), "--"] + list(argv)
    # wait4 would count Python's own pages (the child starts as a copy of
    # it); GNU time forks from a small process and reports the program's.
    rss_file = os.path.join(TMP, "rss")
    if os.path.exists("/usr/bin/time"):
        argv = ["/usr/bin/time", "-f", "%M", "-o", rss_file] + list(argv)
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions,
                         setsigdef=[signal.SIGPIPE])
    os.close(out_w)
    os.close(err_w)
    chunks = {out_r: [], err_r: []}
    sel = selectors.DefaultSelector()
    for fd in chunks:
        sel.register(fd, selectors.EVENT_READ)
    deadline = t0 + timeout
    open_fds = set(chunks)
    timed_out = False
    while open_fds:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            timed_out = True
            break
        for key, _ in sel.select(min(left, 1.0)):
            data = os.read(key.fd, 65536)
            if not data:
                sel.unregister(key.fd)
                open_fds.discard(key.fd)
            else:
                chunks[key.fd].append(data)
    _, status, usage = os.wait4(pid, 0)
    for fd in chunks:
        os.close(fd)
    code = os.waitstatus_to_exitcode(status)
    err = b"".join(chunks[err_r]).decode("utf-8", "replace")
    if timed_out:
        err = "TIMEOUT " + err
    rss = None
    if os.path.exists("/usr/bin/time"):
        with open(rss_file) as f:
            text = f.read().split()
        # GNU time reports a signal as "Command terminated by signal N" first.
        rss = int(text[-1]) / 1024
        if "terminated" in " ".join(text):
            code = -1
    return code, b"".join(chunks[out_r]), err, rss, time.monotonic() - t0


def check(name, result, status, err_re=None, out_check=None, max_seconds=20):
    code, out, err, rss, secs = result
    problems = []
    if code != status:
        problems.append("exit status %r, expected %r" % (code, status))
    if err_re is None and err:
        problems.append("unexpected standard error: %r" % err[:300])
    if err_re is not None and not re.search(err_re, err):
        problems.append("standard error %r does not match %r" % (err[:300], err_re))
    if out_check is not None and not out_check(out):
        problems.append("unexpected output %r" % out[:300])
    if rss is not None and rss > RSS_MB:
        problems.append("peak RSS %.1f MB above %d MB" % (rss, RSS_MB))
    if secs > max_seconds:
        problems.append("took %.1f s" % secs)
    tag = "ok  " if not problems else "FAIL"
    print("%s %-34s status=%s rss=%s %.2fs" % (tag, name, code,
                                              "%.1fMB" % rss if rss is not None else "-", secs))
    if problems:
        failures.append(name)
        for p in problems:
            print("     " + p)


def no_output(out):
    return out == b""


def main():
    global TMP
    tmp = TMP = tempfile.mkdtemp(prefix="pmindex-hostile-")
    os.chmod(tmp, 0o755)
    try:
        cases(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d failures" % len(failures))
    return 1 if failures else 0


def cases(tmp):
    def path(name):
        return os.path.join(tmp, name)

    with open(SAMPLE, encoding="utf-8") as f:
        lines = f.read().splitlines()
    header, row = lines[0], lines[1]
    cols = header.split(",")
    cells = row.split(",")

    def sheet(name, body, mode="w"):
        p = path(name)
        with open(p, mode) as f:
            f.write(body)
        return p

    def with_cell(column, value):
        c = list(cells)
        c[cols.index(column)] = value
        return header + "\n" + ",".join(c) + "\n"

    csv = [SCORE, "--format", "csv"]

    # ---- sheets ---------------------------------------------------------------
    p = sheet("big-cell.csv", header + "\n" + row.replace(cells[1], "x" * 10_000_000, 1) + "\n")
    check("10 MB cell", run_measured(csv + [p]), 1,
          r"big-cell\.csv:2:2: name: a row longer than 1 MiB", no_output)
    p = sheet("wide.csv", ",".join("c%d" % i for i in range(100_000)) + "\n" + "x\n")
    check("100,000-column header", run_measured(csv + [p]), 1,
          r"wide\.csv:1: a row with more than 8192 columns", no_output)
    p = sheet("more-fields.csv", header + "\n" + row + ",extra\n")
    check("row with more fields", run_measured(csv + [p]), 1,
          r"more-fields\.csv:2: the row has 45 cells but the header has 44 columns", no_output)
    p = sheet("fewer-fields.csv", header + "\n" + ",".join(cells[:-3]) + "\n")
    check("row with fewer fields", run_measured(csv + [p]), 1,
          r"fewer-fields\.csv:2: the row has 41 cells but the header has 44 columns", no_output)
    p = sheet("open-quote.csv", header + "\n" + row + "\n" + row.replace(cells[0], "X-2")
              .replace(cells[1], '"never closed', 1))
    check("unterminated quote at EOF", run_measured(csv + [p]), 1,
          r"open-quote\.csv:3:2: name: a quote opened on line 3 is never closed", no_output)
    p = sheet("nul.csv", with_cell("name", "a\0b"))
    check("NUL byte in a cell", run_measured(csv + [p]), 1,
          r'nul\.csv:2:2: name "a\\x00b": the text holds a NUL byte', no_output)
    p = sheet("nul-header.csv", header.replace("name", "na\0me") + "\n" + row + "\n")
    check("NUL byte in the header", run_measured(csv + [p]), 1, r"nul-header\.csv:1:", no_output)
    for label, raw in [("invalid UTF-8", b"\xff\xfe"), ("overlong UTF-8", b"\xc0\xaf"),
                       ("overlong 3-byte NUL", b"\xe0\x80\x80"), ("surrogate", b"\xed\xa0\x80"),
                       ("truncated sequence", b"\xe4\xb8")]:
        body = (header + "\n").encode() + row.encode().replace(cells[1].encode(), b"a" + raw + b"b", 1) + b"\n"
        p = path("utf8-%d.csv" % len(raw))
        with open(p, "wb") as f:
            f.write(body)
        check(label, run_measured(csv + [p]), 1,
              r"utf8-\d\.csv:2:2: name \"a\\x[0-9A-F]{2}.*\": the text is not valid UTF-8", no_output)

    # Numbers in a rate cell (B2: zero 0.80, full 1.00) and a deduct cell (B6).
    good = run_measured(csv + [sheet("good.csv", with_cell("B2", "1"))])
    check("B2 = 1 (the reference row)", good, 0, None, lambda o: o.count(b"\n") == 2)
    for label, value, ok in [
            ("400 digits", "1" * 400, r"more than 10 digits before the point"),
            ("400 decimals", "0." + "0" * 398 + "1", r"more than 6 digits after the point"),
            ("1e5", "1e5", r"not a plain decimal number"),
            ("0x10", "0x10", r"not a plain decimal number"),
            ("inf", "inf", r"not a plain decimal number"),
            ("nan", "nan", r"not a plain decimal number"),
            ("-1", "-1", r"negative"),
            ("+1", "+1", None), (" 1 ", " 1 ", None), ("1.000000", "1.000000", None),
            ("100%", "100%", None)]:
        p = sheet("num.csv", with_cell("B2", value))
        r = run_measured(csv + [p])
        if ok is None:
            check("B2 = %r scores as 1" % value, r, 0, None, lambda o, g=good[1]: o == g)
        else:
            check("B2 = %r" % label, r, 1, r'num\.csv:2:16: B2 "[^"]*": .*' + ok, no_output)
    check("B2 = '-0' is 0", run_measured(csv + [sheet("num.csv", with_cell("B2", "-0"))]), 0,
          None, lambda o: o == run_measured(csv + [sheet("zero.csv", with_cell("B2", "0"))])[1])
    for value in ["-0", "+0"]:
        check("B6 = %r findings is 0" % value,
              run_measured(csv + [sheet("b6.csv", with_cell("B6", value))]), 0, None,
              lambda o: o == run_measured(csv + [sheet("b6z.csv", with_cell("B6", "0"))])[1])
    check("B6 = 1e5 findings", run_measured(csv + [sheet("b6.csv", with_cell("B6", "1e5"))]), 1,
          r"b6\.csv:2:20: B6 \"1e5\"", no_output)

    # Control characters of a sheet never reach the terminal (escape
    # sequences, bells, C1 CSI): the table and --explain show spaces.
    ctl = "\x1b[31m\x07\x08\r\u009b2J\x7f"
    p = sheet("ctl.csv", header + "\n" + ",".join(
        [cells[0], '"名' + ctl + '"', '"街' + ctl + '"', '"所' + ctl + '"', '"司' + ctl + '"']
        + cells[5:]) + "\n")
    def no_controls(o):
        text = o.decode("utf-8")
        return text and not any(c < " " and c != "\n" or "\x7f" <= c < "\xa0" for c in text)
    for argv in ([SCORE, p], [SCORE, "--lang", "en", p], [SCORE, "--explain", cells[0], p]):
        check("controls in cells: %s" % " ".join(argv[1:-1] or ["table"]), run_measured(argv), 0,
              None, no_controls)
    check("controls in --explain ID", run_measured([SCORE, "--explain", "X\x1b[2J", p]), 1,
          r"no compound has the id X \[2J\n")

    # Not files, and files that cannot be read.
    check("a directory as the sheet", run_measured(csv + [tmp]), 1, r"is a directory|directory",
          no_output)
    check("/dev/zero as the sheet", run_measured(csv + ["/dev/zero"]), 1,
          r"/dev/zero:1:1: a row longer than 1 MiB", no_output)
    check("/dev/zero on standard input", run_measured(csv + ["-"], stdin_path="/dev/zero"), 1,
          r"<stdin>:1:1: a row longer than 1 MiB", no_output)
    check("/dev/null as the sheet", run_measured(csv + ["/dev/null"]), 1, r"/dev/null", no_output)
    unreadable_case(tmp, "sheet", csv, sheet("secret.csv", header + "\n" + row + "\n"),
                    r"secret\.csv: .*[Pp]ermission denied")

    # Output that cannot be written; nothing half-written.
    big = path("big.csv")
    with open(big, "w", encoding="utf-8") as f:
        f.write(header + "\n")
        for n in range(20000):
            f.write(row.replace(cells[0], "BIG-%05d" % n, 1) + "\n")
    check("-o /dev/full", run_measured(csv + ["-o", "/dev/full", big]), 1,
          r"/dev/full.*No space left on device", no_output)
    check("stdout is /dev/full", run_measured(csv + [big], stdout_path="/dev/full"), 1,
          r"standard output: No space left on device")
    check("stdout is /dev/full (table)", run_measured([SCORE, big], stdout_path="/dev/full"), 1,
          r"standard output: No space left on device")
    bad = sheet("bad.csv", with_cell("B2", "1e5"))
    out = path("out.csv")
    check("-o FILE with a bad sheet", run_measured(csv + ["-o", out, bad]), 1, r"B2 \"1e5\"")
    check("... leaves no FILE", (0 if not os.path.exists(out) else 1, b"", "", None, 0), 0)
    leftovers = [n for n in os.listdir(tmp) if n.startswith("out.csv")]
    check("... and no temporary file", (len(leftovers), b"", "", None, 0), 0)
    check("-o with an empty name", run_measured(csv + ["-o", "", big]), 1,
          r'^pmindex-score: cannot write "": No such file or directory\n$', no_output)
    for fmt in ["csv", "jsonl", "table"]:
        check("pipe closed early (%s)" % fmt, pipe_to_head([SCORE, "--format", fmt, big]), 0)

    # ---- models ----------------------------------------------------------------
    with open(LUOHU_INI, encoding="utf-8") as f:
        ini = f.read()
    model_lines = ini.split("\n")
    n = next(i for i, l in enumerate(model_lines) if l.startswith("name_en"))
    for length in [1001, 1025, 5000, 200_000]:
        long_line = "name_en = " + "x" * (length - len("name_en = "))
        p = sheet("long-%d.ini" % length, "\n".join(model_lines[:n] + [long_line]
                                                     + model_lines[n + 1:]))
        check("INI line of %d bytes" % length, run_measured([MODEL, "check", p]), 1,
              r"long-%d\.ini:%d: .*the line is %d bytes long; at most 1000 bytes are allowed"
              % (length, n + 1, length), no_output)
        check("... --model of pmindex-score", run_measured(csv + ["--model", p, SAMPLE]), 1,
              r"long-%d\.ini:%d: " % (length, n + 1), no_output)
    check("a directory as the model", run_measured([MODEL, "check", tmp]), 1, r"directory",
          no_output)
    check("/dev/zero as the model", run_measured([MODEL, "check", "/dev/zero"]), 1,
          r"/dev/zero: the file is larger than 4 MiB", no_output)
    check("/dev/zero as --model", run_measured(csv + ["--model", "/dev/zero", SAMPLE]), 1,
          r"/dev/zero: the file is larger than 4 MiB", no_output)
    p = sheet("nul.ini", ini.replace("name_en = ", "name_en = a\0b", 1))
    check("NUL byte in a model", run_measured([MODEL, "check", p]), 1, r"nul\.ini:\d+", no_output)
    p = sheet("overlong.ini", ini.encode().replace(b"name_en = ", b"name_en = \xc0\xaf", 1), "wb")
    check("overlong UTF-8 in a model", run_measured([MODEL, "check", p]), 1,
          r"overlong\.ini:\d+: .*UTF-8", no_output)
    p = sheet("digits.ini", ini.replace("points = 15", "points = " + "1" * 400, 1))
    check("400-digit points in a model", run_measured([MODEL, "check", p]), 1,
          r"digits\.ini:\d+: indicator A, points", no_output)
    unreadable_case(tmp, "model", [MODEL, "check"], sheet("secret.ini", ini),
                    r"secret\.ini: .*[Pp]ermission denied")
    for cmd in (["dump"], ["show"], ["show", "--lang", "en"], ["check", LUOHU_INI]):
        check("pmindex-model %s > /dev/full" % " ".join(cmd[:1]),
              run_measured([MODEL] + cmd, stdout_path="/dev/full"), 1,
              r"standard output: No space left on device")
    big_model = path("big.ini")
    with open(big_model, "w", encoding="utf-8") as f:
        f.write(ini)
    for cmd in (["dump"], ["show"], ["diff", LUOHU_INI, os.path.join(ROOT, "models/quarterly-demo.ini")]):
        check("pmindex-model %s | head -c 10" % cmd[0], pipe_to_head([MODEL] + cmd, 10), 0)


def pipe_to_head(argv, nbytes=100):
    """argv | head -c nbytes: the program must stop quietly (status 0 or SIGPIPE)."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL)
    p.stdout.read(nbytes)
    p.stdout.close()
    try:
        err = p.stderr.read().decode("utf-8", "replace")
        code = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        return None, b"", "TIMEOUT", None, 30
    if code == -signal.SIGPIPE:
        code = 0
    return code, b"", err, None, time.monotonic() - t0


def unreadable_case(tmp, what, argv, target, err_re):
    """A file the program may not read. chmod 000 does not stop root, so as
    root the program runs as nobody (setpriv) on a file only root may read."""
    os.chmod(target, 0)
    if os.geteuid() != 0:
        check("unreadable %s" % what, run_measured(argv + [target]), 1, err_re, no_output)
        return
    setpriv = shutil.which("setpriv")
    if not setpriv:
        print("ok   unreadable %s: not checked (root, and no setpriv)" % what)
        return
    # nobody must reach the program (and its library beside it).
    prog = os.path.abspath(argv[0])
    d = os.path.dirname(prog)
    while d != "/":
        if not os.stat(d).st_mode & 0o001:
            print("ok   unreadable %s: not checked (root, and nobody cannot reach %s)" % (what, d))
            return
        d = os.path.dirname(d)
    check("unreadable %s (as nobody)" % what,
          run_measured([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", prog]
                       + argv[1:] + [target]), 1, err_re, no_output)


if __name__ == "__main__":
    sys.exit(main())
