/* Atomic output for the example programs. */
#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

/* The temporary file to remove if the program is interrupted. */
static volatile sig_atomic_t have_tmp;
static char tmp_for_signal[4096];

static void on_signal(int sig)
{
    if (have_tmp)
        unlink(tmp_for_signal);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void watch_signals(const char *tmp)
{
    size_t n = strlen(tmp);
    if (n >= sizeof tmp_for_signal)
        return;
    memcpy(tmp_for_signal, tmp, n + 1);
    have_tmp = 1;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
}

static void buffer(FILE *fp)
{
    setvbuf(fp, NULL, _IOFBF, 1 << 20);
}

int output_open(struct output *o, const char *path, const char *program)
{
    memset(o, 0, sizeof *o);
    /* A closed pipe shows up as EPIPE on write instead of killing us. */
    signal(SIGPIPE, SIG_IGN);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = tmpfile();
        if (!o->fp) {
            fprintf(stderr, "%s: cannot make a temporary file for the output: %s\n", program,
                    strerror(errno));
            return -1;
        }
        buffer(o->fp);
        return 0;
    }
    if (!*path) { /* -o "": say so before any work, not at the rename */
        fprintf(stderr, "%s: cannot write \"\": %s\n", program, strerror(ENOENT));
        return -1;
    }
    o->path = path;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* A device or pipe (/dev/null, /dev/full, a FIFO) cannot be
         * replaced by rename(): write to it directly. */
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "%s: cannot write %s: %s\n", program, path, strerror(EISDIR));
            return -1;
        }
        o->fp = fopen(path, "w");
        if (!o->fp) {
            fprintf(stderr, "%s: cannot write %s: %s\n", program, path, strerror(errno));
            return -1;
        }
        buffer(o->fp);
        return 0;
    }
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    o->tmp_path = malloc(strlen(path) + 16);
    if (!o->tmp_path) {
        fprintf(stderr, "%s: out of memory\n", program);
        return -1;
    }
    /* ".name.XXXXXX" in the destination's directory, so rename() is atomic. */
    memcpy(o->tmp_path, path, dir);
    sprintf(o->tmp_path + dir, ".%s.XXXXXX", path + dir);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot write %s: %s\n", program, path, strerror(errno));
        free(o->tmp_path);
        o->tmp_path = NULL;
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask); /* as a plain open() would have made it */
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        fprintf(stderr, "%s: cannot write %s: %s\n", program, path, strerror(errno));
        close(fd);
        unlink(o->tmp_path);
        free(o->tmp_path);
        o->tmp_path = NULL;
        return -1;
    }
    buffer(o->fp);
    watch_signals(o->tmp_path);
    return 0;
}

/* Big pieces (a batch's buffer of records) go to the file at once rather
 * than through stdio's buffer: one copy fewer. */
enum { DIRECT_WRITE = 1 << 18 };

static void write_direct(struct output *o, const char *p, size_t n)
{
    if (fflush(o->fp) != 0) {
        o->failed = true;
        o->error = errno;
        return;
    }
    int fd = fileno(o->fp);
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            o->failed = true;
            o->error = k < 0 ? errno : EIO;
            return;
        }
        p += k;
        n -= (size_t)k;
    }
}

void output_write(struct output *o, const void *data, size_t n)
{
    if (o->failed || n == 0)
        return;
    if (n >= DIRECT_WRITE) {
        write_direct(o, data, n);
        return;
    }
    if (fwrite(data, 1, n, o->fp) != n) {
        o->failed = true;
        o->error = errno;
    }
}

void output_line(struct output *o, char *line)
{
    size_t len = strlen(line);
    while (len > 0 && line[len - 1] == ' ')
        len--;
    line[len++] = '\n';
    output_write(o, line, len);
}

void output_puts(struct output *o, const char *s)
{
    output_write(o, s, strlen(s));
}

void output_printf(struct output *o, const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        output_write(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void forget_tmp(struct output *o)
{
    have_tmp = 0;
    free(o->tmp_path);
    o->tmp_path = NULL;
}

void output_abort(struct output *o)
{
    if (o->fp)
        fclose(o->fp);
    o->fp = NULL;
    if (o->tmp_path)
        unlink(o->tmp_path);
    forget_tmp(o);
}

/* Copies the held standard output out; a reader that left is no error. */
static int copy_to_stdout(struct output *o, const char *program)
{
    char buf[1 << 16];
    size_t n;
    rewind(o->fp);
    while ((n = fread(buf, 1, sizeof buf, o->fp)) > 0) {
        if (fwrite(buf, 1, n, stdout) != n)
            break;
    }
    int read_error = ferror(o->fp);
    fclose(o->fp);
    o->fp = NULL;
    if (read_error) {
        fprintf(stderr, "%s: cannot read back the output: %s\n", program, strerror(errno));
        return -1;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno == EPIPE)
            return 0;
        fprintf(stderr, "%s: cannot write to standard output: %s\n", program, strerror(errno));
        return -1;
    }
    return 0;
}

int output_commit(struct output *o, const char *program)
{
    if (!o->failed && fflush(o->fp) != 0) {
        o->failed = true;
        o->error = errno;
    }
    if (o->failed) {
        fprintf(stderr, "%s: cannot write %s: %s; nothing was written\n", program,
                o->path ? o->path : "the output", strerror(o->error));
        output_abort(o);
        return -1;
    }
    if (!o->path)
        return copy_to_stdout(o, program);
    if (fclose(o->fp) != 0) {
        o->fp = NULL;
        if (!o->tmp_path) {
            fprintf(stderr, "%s: cannot write %s: %s\n", program, o->path, strerror(errno));
            return -1;
        }
        fprintf(stderr, "%s: cannot write %s: %s; nothing was written\n", program, o->path,
                strerror(errno));
        output_abort(o);
        return -1;
    }
    o->fp = NULL;
    if (!o->tmp_path)
        return 0; /* written directly to a device or pipe */
    if (rename(o->tmp_path, o->path) != 0) {
        fprintf(stderr, "%s: cannot put %s in place: %s\n", program, o->path, strerror(errno));
        output_abort(o);
        return -1;
    }
    forget_tmp(o);
    return 0;
}
