/* Exact integer arithmetic for scoring: products of two 64-bit numbers are
 * formed in 128 bits, so no parameter range of a valid model can overflow. */
#ifndef PM_ARITH_H
#define PM_ARITH_H

#include <stdbool.h>
#include <stdint.h>

/* round(a * b / c), half away from zero, for a, b >= 0 and c > 0. The
 * quotient must fit in int64 (callers guarantee a * b / c <= max(a, b)). */
int64_t pm_muldiv_round(int64_t a, int64_t b, int64_t c);

/* a * b < c * d, exactly, for non-negative operands. */
bool pm_mul_less(int64_t a, int64_t b, int64_t c, int64_t d);

#endif
