/* Text for terminals (text.c): columns, padding, cutting, controls made
 * harmless. */
#ifndef PM_TEXT_H
#define PM_TEXT_H

#include "internal.h"

/* The columns a UTF-8 text takes: CJK characters 2, controls 0. */
int32_t pm_text_width(const char *s);

/* Writes s in width columns (pmindex_text_pad()): left-aligned, cut with
 * "…" when longer than width - 1, padded with spaces; with
 * PMINDEX_TEXT_RIGHT right-aligned and never cut; width 0 neither pads nor
 * cuts. Controls become spaces, invalid bytes U+FFFD. */
void pm_out_text(struct pm_out *o, const char *s, int32_t width, uint32_t flags);

#endif
