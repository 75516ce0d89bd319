/* Output that appears whole or not at all: a file is written beside its
 * destination and renamed into place; standard output is held in an
 * unnamed temporary file and copied out once everything succeeded. */
#ifndef PMINDEX_EXAMPLES_OUTPUT_H
#define PMINDEX_EXAMPLES_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

struct output {
    FILE *fp;          /* where records go */
    const char *path;  /* destination, NULL for standard output */
    char *tmp_path;    /* the temporary file beside it */
    bool failed;       /* a write failed: the output is dropped */
    int error;         /* errno of the failure */
};

/* Opens the output; path NULL or "-" means standard output. Returns 0, or
 * -1 with a message on stderr. */
int output_open(struct output *o, const char *path, const char *program);
/* Writes n bytes; a failure is remembered and reported by output_commit(). */
void output_write(struct output *o, const void *data, size_t n);
/* Writes a line of a table: line without its trailing spaces, then a
 * newline (line is modified). */
void output_line(struct output *o, char *line);
/* Writes a string; printf-style text (each call at most 8 KB). */
void output_puts(struct output *o, const char *s);
void output_printf(struct output *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Puts the output in place. Returns 0, or -1 with a message on stderr. A
 * reader that went away (EPIPE) is not an error. */
int output_commit(struct output *o, const char *program);
/* Drops the output: the temporary file is removed, nothing is written. */
void output_abort(struct output *o);

#endif
