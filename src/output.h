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

#endif
