/* A place as people write it (place.c), inside the library. */
#ifndef PLACE_H
#define PLACE_H

#include <stddef.h>

#define PLACE_MAX 256

enum place_kind {
	PQ_CODE,	/* five digits: a postcode first, else an INSEE code */
	PQ_POSTCODE,	/* postcode:NNNNN */
	PQ_INSEE,	/* insee:CODE, or 2A/2B and three digits */
	PQ_DEPT,	/* 35, 2A, 974 */
	PQ_NAME
};

struct place_query {
	enum place_kind kind;
	char code[8];		/* the code of a code kind */
	char name[PLACE_MAX];	/* a name, "St" written out, without what
				 * narrows it */
	char dept[4];		/* a department that narrows the name */
	int dept_in_parens;	/* written "(93)": never an arrondissement */
	char postcode[6];	/* a postcode that narrows the name */
	/* a number after the name that may be a municipal arrondissement
	 * of city (when the data has one so numbered): 0 if none */
	int arrondissement;
	char city[PLACE_MAX];
};

void place_parse(const char *text, struct place_query *pq);
int place_is_dept(const char *s, size_t n);

#endif
