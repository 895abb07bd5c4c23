/* The output's writers, inside the library. */
#ifndef OUTPUT_H
#define OUTPUT_H

#include "cepdir.h"

/* text.c: a value with its tabs and line ends as spaces */
void put_flat(FILE *fp, const char *s);
/* The bytes of s that fit in max columns of a terminal; their width in
 * *width. */
size_t display_prefix(const char *s, size_t max, size_t *width);

/* output-table.c: the rows kept, laid out to fit the width */
int out_table_end(struct out *o);

/* output-html.c: the rows kept, as a page */
int out_html_end(struct out *o);

/* markup.c: text in HTML and SVG, escaped for text and attributes alike */
void markup_put(FILE *fp, const char *s);
void markup_putn(FILE *fp, const char *s, size_t n);
/* The bytes of the character at s (n > 0 of them left) and its code
 * point: U+FFFD, one byte, for a byte that starts no well-formed one. */
size_t markup_char(const char *s, size_t n, unsigned long *cp);
/* An address that may become a link: http: or https: only. */
int markup_is_link(const char *s);

#endif
