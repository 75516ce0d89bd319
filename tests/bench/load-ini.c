/* Benchmark: loads a model from its INI file many times and reports the
 * CPU time of one load (user + system, so that a busy machine does not
 * inflate it). Fails when a load takes 10 ms or more. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <pmindex/pmindex.h>

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench-load-ini MODEL.ini LOADS\n");
        return 2;
    }
    int loads = atoi(argv[2]);
    pmindex_error *e;
    if (loads < 1 || pmindex_error_new(&e) != 0)
        return 2;
    double start = cpu_seconds();
    for (int i = 0; i < loads; i++) {
        pmindex_model *m;
        if (pmindex_model_load_ini(argv[1], &m, e) != 0) {
            char buf[1024];
            pmindex_error_format(e, buf, sizeof buf);
            fprintf(stderr, "%s\n", buf);
            return 1;
        }
        pmindex_model_free(m);
    }
    double per = (cpu_seconds() - start) / loads;
    printf("%s: %d loads, %.1f us CPU time (user+sys) per load\n", argv[1], loads, per * 1e6);
    pmindex_error_free(e);
    return per < 0.010 ? 0 : 1;
}
