/* A place found in the data (where.c), inside the library. */
#ifndef WHERE_H
#define WHERE_H

#include "query.h"

/* A commune answered for, with a note on it (a former commune). */
struct hit {
	char insee[8];
	struct note note;	/* note.en empty: none */
};

enum answer_kind { ANS_COMMUNES, ANS_DEPT, ANS_REGION, ANS_OUTSIDE };

struct answer {
	enum answer_kind kind;
	struct hit *hits;	/* ANS_COMMUNES */
	size_t n, cap;
	char code[8];		/* ANS_DEPT, ANS_REGION */
	struct note note;	/* on every row (other places of the name) */
	struct note outside;	/* a place outside the regions of that name */
	int outside_too;	/* ... besides communes that answer */
};

/* CEP_OK with the answer, or CEP_USAGE for a place unknown or ambiguous
 * (the message in q->db->err), or an error. */
int where_resolve(struct query *q, const char *text, struct answer *a);
void answer_free(struct answer *a);
/* An unknown place: CEP_USAGE, with a did-you-mean. */
int where_unknown(struct query *q, const char *text, const char *fold);

#endif
