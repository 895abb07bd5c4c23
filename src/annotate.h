/* annotate inside the library: the operators of a row, remembered. */
#ifndef ANNOTATE_H
#define ANNOTATE_H

#include "query.h"

#define ANNOT_COLS 9		/* cep_region ... cep_note */
#define ANNOT_PARTS 20		/* regions a row may span: more than exist */

struct annot_cache;

/*
 * What a row gets: its mandate rows (gap rows too), each with the notes
 * of how its place was found, or why nothing could be answered. The rows
 * and strings belong to the cache or to the answer (annot_done frees).
 */
struct annot_part {
	const struct mrows *m;
	size_t first, n;	/* its rows in m */
	const char *place_note;	/* English, or NULL */
};

struct annot_answer {
	struct annot_part part[ANNOT_PARTS];
	size_t nparts;
	struct mrows own;	/* rows not worth remembering */
	char why[1024];		/* English: nothing could be answered */
};

struct annot_cache *annot_cache_new(struct query *q, int *rc);
void annot_cache_free(struct annot_cache *c);
/* The answer for a place on a day for a public (-1: every one).
 * CEP_OK (a->why set when there is no answer), or an error. */
int annot_lookup(struct annot_cache *c, const char *place, int day, int pub,
    struct annot_answer *a);
void annot_done(struct annot_answer *a);

#endif
