/* pmindex-gen-sheet: writes a synthetic score sheet of the default model,
 * N compounds (default 1,000,000, about 220 MB), the same bytes on every
 * machine for a given seed. For benchmarks and stress tests only. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void) /* splitmix64 */
{
    uint64_t z = (state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
    return (unsigned)(next() % n);
}

static const char *const streets[] = {"东门", "南湖", "桂园", "黄贝", "东湖",
                                      "笋岗", "清水河", "翠竹", "莲塘", "东晓"};
static const char *const kinds[] = {"花园", "大厦", "小区", "苑", "新村", "公寓"};

enum kind { GRADED, PASSFAIL, DEDUCT, RATE, FAULTS };
static const enum kind items[31] = {
    PASSFAIL, GRADED, GRADED, GRADED, GRADED, DEDUCT,                 /* A1-A6 */
    GRADED, RATE, GRADED, RATE, GRADED, DEDUCT, DEDUCT, DEDUCT, PASSFAIL, /* B1-B9 */
    DEDUCT, DEDUCT, GRADED, FAULTS, RATE, RATE, PASSFAIL, GRADED, GRADED, GRADED, /* C1-C10 */
    RATE, GRADED, RATE, GRADED, DEDUCT, GRADED,                       /* D1-D6 */
};

static void cell(FILE *out, enum kind k)
{
    static const char *const grades[] = {"1", "1", "1", "0.5", "0", "符合", "基本符合"};
    static const char *const passfail[] = {"1", "1", "1", "0", "是"};
    unsigned r = pick(100);
    if (r < 2) /* not applicable now and then */
        return;
    switch (k) {
    case GRADED: fputs(grades[pick(7)], out); break;
    case PASSFAIL: fputs(passfail[pick(5)], out); break;
    case DEDUCT: fprintf(out, "%u", pick(4) == 0 ? pick(4) : 0); break;
    case RATE: { /* 60.0% .. 100.0% */
        unsigned r = pick(401);
        fprintf(out, "%u.%u%%", 60 + r / 10, r % 10);
        break;
    }
    case FAULTS: fprintf(out, "%u.%u", pick(5), pick(10)); break;
    }
}

int main(int argc, char **argv)
{
    long long n = argc > 1 ? atoll(argv[1]) : 1000000;
    state = argc > 2 ? strtoull(argv[2], NULL, 10) : 2018;
    if (n < 0 || argc > 3) {
        fprintf(stderr, "usage: pmindex-gen-sheet [COMPOUNDS [SEED]] > sheet.csv\n");
        return 2;
    }
    FILE *out = stdout;
    static char buf[1 << 20];
    setvbuf(out, buf, _IOFBF, sizeof buf);
    fputs("compound_id,name,street,station,company,households,managed,period", out);
    static const char *const ids[] = {"A1", "A2", "A3", "A4", "A5", "A6", "B1", "B2", "B3",
                                      "B4", "B5", "B6", "B7", "B8", "B9", "C1", "C2", "C3",
                                      "C4", "C5", "C6", "C7", "C8", "C9", "C10", "D1", "D2",
                                      "D3", "D4", "D5", "D6"};
    for (int i = 0; i < 31; i++)
        fprintf(out, ",%s", ids[i]);
    fputs(",V1,V2,V3,V4,V5\n", out);
    for (long long c = 1; c <= n; c++) {
        const char *street = streets[pick(10)];
        int managed = pick(20) != 0;
        fprintf(out, "SY-%07lld,%s%lld号%s,%s街道,%s派出所,", c, street, c % 997,
                kinds[pick(6)], street, street);
        if (managed)
            fprintf(out, "深圳市第%u物业管理有限公司", pick(500));
        fprintf(out, ",%u,%d,2018H2", 80 + pick(2900), managed);
        for (int i = 0; i < 31; i++) {
            fputc(',', out);
            cell(out, items[i]);
        }
        for (int v = 0; v < 5; v++)
            fputs(pick(1000) == 0 ? ",1" : ",", out);
        fputc('\n', out);
    }
    if (fflush(out) != 0) {
        perror("pmindex-gen-sheet");
        return 1;
    }
    return 0;
}
