/* The floor of reading a sheet on this machine: the file read, every line
 * split at its commas and its UTF-8 checked, with the library's own scans
 * (lib/simd.h, the best level the CPU has) and nothing else: no cell
 * parsed, nothing assessed or written. The benchmark 'floor-1m' times it on
 * the 1,000,000-compound sheet, and the README sets pmindex-score's and
 * pmindex-rank's times against it.
 *
 *     bench-floor SHEET [THREADS]
 *
 * With THREADS, each thread reads its own part of the file (from the line
 * after its start to the line after its end), as a floor for that many. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "simd.h"

enum { CHUNK = 1 << 20 };

struct part {
    int fd;
    off_t from, to; /* the lines that start in [from, to) */
    off_t size;
    const struct pm_simd_ops *ops;
    uint64_t lines, fields, bad;
    int error;
};

/* The buffer holds the file's bytes [base, base + have). */
struct window {
    char *buf;
    size_t cap, have;
    off_t base;
};

/* Makes the window start at pos and hold more bytes; false at the end of
 * the file or on a read error. */
static bool more(struct part *p, struct window *w, off_t pos)
{
    size_t keep = pos < w->base + (off_t)w->have ? (size_t)(w->base + (off_t)w->have - pos) : 0;
    memmove(w->buf, w->buf + (w->have - keep), keep);
    w->base = pos;
    w->have = keep;
    if (keep == w->cap)
        return false; /* a line longer than a record can be */
    ssize_t n = pread(p->fd, w->buf + keep, w->cap - keep, pos + (off_t)keep);
    if (n < 0)
        p->error = 1;
    if (n <= 0)
        return false;
    w->have += (size_t)n;
    return true;
}

static void *read_part(void *arg)
{
    struct part *p = arg;
    struct window w = {.buf = malloc(CHUNK + PM_CSV_MAX_RECORD), .cap = CHUNK + PM_CSV_MAX_RECORD};
    uint32_t *seps = malloc(PM_CSV_MAX_FIELDS * sizeof *seps);
    if (!w.buf || !seps) {
        p->error = 1;
        free(w.buf);
        free(seps);
        return NULL;
    }
    /* The first line that starts at or after from. */
    off_t pos = p->from;
    if (pos > 0) {
        pos--;
        for (;;) {
            if (pos >= w.base + (off_t)w.have && !more(p, &w, pos))
                break;
            if (w.buf[pos - w.base] == '\n')
                break;
            pos++;
        }
        pos++;
    }
    while (pos < p->to) {
        size_t at = (size_t)(pos - w.base), avail = pos < w.base + (off_t)w.have ? w.have - at : 0;
        uint32_t nseps;
        unsigned flags;
        size_t lf = avail ? p->ops->line(w.buf + at, avail, seps, PM_CSV_MAX_FIELDS - 1, &nseps,
                                         &flags)
                          : 0;
        if (lf == avail && pos + (off_t)avail < p->size) { /* the line goes on: read on */
            if (!more(p, &w, pos))
                break;
            continue;
        }
        p->lines++;
        p->fields += nseps + 1;
        if ((flags & PM_LINE_HIGH) && !p->ops->utf8(w.buf + at, lf))
            p->bad++;
        pos += (off_t)lf + 1;
    }
    free(w.buf);
    free(seps);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench-floor SHEET [THREADS]\n");
        return 2;
    }
    int threads = argc == 3 ? atoi(argv[2]) : 1;
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || threads < 1 || threads > 256) {
        perror(argv[1]);
        return 1;
    }
    const struct pm_simd_ops *ops = pm_simd_best();
    struct part parts[256];
    pthread_t tid[256];
    for (int t = 0; t < threads; t++)
        parts[t] = (struct part){.fd = fd,
                                 .from = st.st_size * t / threads,
                                 .to = st.st_size * (t + 1) / threads,
                                 .size = st.st_size,
                                 .ops = ops};
    for (int t = 1; t < threads; t++)
        pthread_create(&tid[t], NULL, read_part, &parts[t]);
    read_part(&parts[0]);
    uint64_t lines = 0, fields = 0, bad = 0;
    int error = 0;
    for (int t = 0; t < threads; t++) {
        if (t > 0)
            pthread_join(tid[t], NULL);
        lines += parts[t].lines;
        fields += parts[t].fields;
        bad += parts[t].bad;
        error |= parts[t].error;
    }
    close(fd);
    printf("floor (%s, %d thread%s): %llu lines, %llu fields, %llu not UTF-8\n", ops->name,
           threads, threads == 1 ? "" : "s", (unsigned long long)lines,
           (unsigned long long)fields, (unsigned long long)bad);
    return error;
}
