/* Writing HTML: markup the program itself makes, and text from sheets,
 * models and ledgers, which is always escaped so that a hostile name
 * shows as text and never as markup. */
#ifndef PMINDEX_REPORT_HTML_H
#define PMINDEX_REPORT_HTML_H

#include <stdint.h>

#include "../common/output.h"

struct html {
    struct output *out;
    int32_t lang;  /* PMINDEX_LANG_ZH or PMINDEX_LANG_EN: the page's language */
    int64_t ids;   /* the last number given by html_id() */
};

/* The text of the page's language: TR(h, "中文", "English"). */
#define TR(h, zh, en) ((h)->lang == PMINDEX_LANG_EN ? (en) : (zh))

/* Markup the program wrote (never data): copied as it is. */
void html_raw(struct html *h, const char *markup);
/* Markup with numbers and escaped texts: %s takes text that is escaped
 * (html_escape()), %S markup copied as it is, %d an int, %D an int64_t,
 * %C centipoints with 2 decimals, %P centipoints as a percentage of 100
 * points (for widths in CSS, 0 to 100 with 2 decimals), %% a '%'. Nothing
 * else: the program's own fixed set, not printf's. */
void html_put(struct html *h, const char *format, ...);
/* Text as HTML text or attribute value: & < > " ' are escaped; control
 * characters (C0, DEL, C1) become spaces; invalid UTF-8 and the
 * noncharacters HTML forbids become U+FFFD. */
void html_escape(struct html *h, const char *text);
/* A fresh number for element ids ("c12"). */
int64_t html_id(struct html *h);

#endif
