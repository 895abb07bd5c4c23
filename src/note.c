/*
 * Notes: what a person must know about an answer (a region followed to
 * its successor, a gap in the data). Each is written in English, for the
 * machine formats, which are the same bytes in every language, and in the
 * user's language, for stderr and the table.
 */
#include <stdarg.h>
#include <string.h>

#include "i18n.h"
#include "query.h"

void
note_set(struct note *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(n->en, sizeof(n->en), fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	vsnprintf(n->local, sizeof(n->local), _(fmt), ap);
	va_end(ap);
}

/* FNV-1a: notes already told are known by their hash. */
static unsigned long
hash(const char *s)
{
	unsigned long h = 2166136261UL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619UL;
	return h;
}

void
note_tell(struct query *q, const struct note *n)
{
	unsigned long h = hash(n->en);
	size_t i;

	if (q->note == NULL)
		return;
	for (i = 0; i < q->ntold && i < QUERY_TOLD; i++)
		if (q->told[i] == h)
			return;
	q->told[q->ntold++ % QUERY_TOLD] = h;
	q->note(q->ctx, n->local);
}
