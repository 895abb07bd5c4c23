/*
 * No silent emptiness: a region with no mandate of a public on the date
 * is told, with the reason. The date may lie before the data (no public
 * had a mandate yet), after every mandate known for that region, or in a
 * gap of the data (cepdir check lists them).
 */
#include <string.h>

#include "i18n.h"
#include "query.h"

enum gap_reason { GAP_BEFORE, GAP_AFTER, GAP_DATA };

/* The first start of a public's mandates anywhere; DAY_OPEN_FROM if one
 * has always been in force or none is known. */
static int
first_start(struct query *q, int pub, int *day)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*day = DAY_OPEN_FROM;
	if ((rc = db_prepare(q->db, sql_first_start, &st, N_("reading the "
	    "database"))) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, public_id(pub), -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*day = sqlite3_column_int(st, 0);
	return db_end(q->db, st, N_("reading the database"));
}

/* The last end of the mandates of a public in a region, its own and the
 * national ones; DAY_OPEN_FROM when it has none. */
static int
last_end(struct query *q, const char *code, int pub, int *day)
{
	sqlite3_stmt *st = NULL;
	int regions[2] = { key_region(code, strlen(code)), 0 }, i, band, rc;

	*day = DAY_OPEN_FROM;
	if ((rc = db_prepare(q->db, sql_last_end, &st, N_("reading the "
	    "database"))) != CEP_OK)
		return rc;
	sqlite3_bind_int(st, 3, pub);
	for (i = 0; i < 2 && rc == CEP_OK; i++)
		for (band = KEY_CLOSED; band <= KEY_OPEN_END && rc == CEP_OK;
		    band++) {
			sqlite3_bind_int64(st, 1, key_at(regions[i], band,
			    DAY_OPEN_FROM));
			sqlite3_bind_int64(st, 2, key_at(regions[i], band,
			    DAY_OPEN_TO));
			if (sqlite3_step(st) == SQLITE_ROW &&
			    sqlite3_column_type(st, 0) != SQLITE_NULL &&
			    sqlite3_column_int(st, 0) > *day)
				*day = sqlite3_column_int(st, 0);
			rc = db_rewind(q->db, st, N_("reading the database"));
		}
	sqlite3_finalize(st);
	return rc;
}

static int
gap_reason(struct query *q, const char *code, int pub, int *reason,
    int *day)
{
	int rc;

	if ((rc = first_start(q, pub, day)) != CEP_OK)
		return rc;
	if (*day != DAY_OPEN_FROM && q->on < *day) {
		*reason = GAP_BEFORE;
		return CEP_OK;
	}
	if ((rc = last_end(q, code, pub, day)) != CEP_OK)
		return rc;
	*reason = *day != DAY_OPEN_FROM && *day < q->on ? GAP_AFTER :
	    GAP_DATA;
	return CEP_OK;
}

/* "no operator known for employed in Hauts-de-France (32) on 2022-06-01:
 * a gap in the data; cepdir check lists them", in English (local 0) or
 * in the user's language */
static void
gap_text(char *buf, size_t bufsz, int local, int pub, const char *code,
    const char *name, int on, int reason, int day)
{
	static const char *const why[] = {
		[GAP_BEFORE] = N_("the CEP data begins %s"),
		[GAP_AFTER] = N_("no mandate known after %s"),
		[GAP_DATA] = N_("a gap in the data; cepdir check lists them")
	};
	const char *head = N_("no operator known for %s in %s (%s) on %s: ");
	char date[DATE_BUFSZ], when[DATE_BUFSZ];
	size_t n;

	date_format(on, date);
	date_format(day, when);
	snprintf(buf, bufsz, local ? _(head) : head, local ? public_label(pub) :
	    public_id(pub), name, code, date);
	n = strlen(buf);
	snprintf(buf + n, bufsz - n, local ? _(why[reason]) : why[reason],
	    when);
}

/* A gap row: the region, the public and the note alone. */
static void
add_gap_row(struct mrows *m, int pub, const struct note *n)
{
	struct mrow *r;

	if ((r = mrows_add(m)) == NULL)
		return;
	r->gap = 1;
	r->pub = pub;
	r->op = r->op_name = r->website = r->phone = r->locator = r->scope =
	    "";
	r->note = mrows_str(m, n->en);
	r->note_local = mrows_str(m, n->local);
}

int
gaps_explain(struct query *q, const char *code, const char *name,
    const struct place *place, size_t first, struct mrows *m)
{
	int seen[PUBLIC_COUNT] = { 0 }, pub, reason, day, rc;
	size_t i, gaps = m->n;
	struct note n;

	for (i = first; i < m->n; i++)
		seen[m->v[i].pub] = 1;
	for (pub = 0; pub < PUBLIC_COUNT; pub++) {
		if (seen[pub] || (q->public >= 0 && pub != q->public))
			continue;
		if ((rc = gap_reason(q, code, pub, &reason, &day)) != CEP_OK)
			return rc;
		gap_text(n.en, sizeof(n.en), 0, pub, code, name, q->on,
		    reason, day);
		gap_text(n.local, sizeof(n.local), 1, pub, code, name, q->on,
		    reason, day);
		note_tell(q, &n);
		if (q->gaps)
			add_gap_row(m, pub, &n);
	}
	mrows_label(m, gaps, code, name, place);
	return m->failed ? db_nomem(q->db) : CEP_OK;
}
