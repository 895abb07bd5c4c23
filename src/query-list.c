/* regions, departments and operators: the rows valid on a date, or every
 * row. */
#include <string.h>

#include "i18n.h"
#include "query.h"

/* The columns, by the names the machine formats write (N_: a table and
 * a page show them in the user's language). */
const struct out_col query_regions_columns[] = {
	/* TRANSLATORS: the columns' names, which a table and a page show as
	 * their headers; keep them short: a table fits the terminal */
	{ N_("code"), OUT_CODE }, { N_("name"), OUT_TEXT },
	{ N_("kind"), OUT_ID }, { N_("valid_from"), OUT_DATE },
	{ N_("valid_to"), OUT_DATE }, { N_("successor"), OUT_CODE },
	{ NULL, OUT_TEXT }
};

const struct out_col query_operators_columns[] = {
	/* TRANSLATORS: the columns' names, which a table and a page show as
	 * their headers; keep them short: a table fits the terminal */
	{ N_("id"), OUT_ID }, { N_("name"), OUT_TEXT },
	{ N_("kind"), OUT_ID }, { N_("website"), OUT_TEXT },
	{ N_("phone"), OUT_TEXT }, { N_("locator"), OUT_TEXT },
	{ N_("scope"), OUT_TEXT }, { N_("valid_from"), OUT_DATE },
	{ N_("valid_to"), OUT_DATE }, { NULL, OUT_TEXT }
};

static int
list(struct query *q, const char *sql, int all, const struct out_col *cols)
{
	sqlite3_stmt *st = NULL;
	const char *cells[16];
	char days[2][DATE_BUFSZ];
	size_t i, ncols;
	int rc, d, out_rc = CEP_OK;

	if ((rc = query_prepare(q, sql, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_int(st, 1, q->on);
	sqlite3_bind_int(st, 2, all);
	for (ncols = 0; cols[ncols].name != NULL; ncols++)
		;
	out_begin(q->out, cols);
	while (out_rc == CEP_OK && sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0, d = 0; i < ncols; i++) {
			if (cols[i].kind == OUT_DATE) {
				date_format(sqlite3_column_int(st, (int)i),
				    days[d]);
				cells[i] = days[d][0] || !out_is_json(q->out) ?
				    days[d] : NULL;
				d++;
			} else
				cells[i] = sqlite3_column_text(st, (int)i) ?
				    (const char *)sqlite3_column_text(st,
				    (int)i) : "";
		}
		out_rc = out_row(q->out, cells);
	}
	if ((rc = out_end(q->out)) != CEP_OK && out_rc == CEP_OK)
		out_rc = rc;
	if ((rc = db_end(q->db, st, N_("reading the database"))) != CEP_OK)
		return rc;
	if (out_rc != CEP_OK)
		return out_fail(out_rc, q->db->err, sizeof(q->db->err));
	return q->out->rows > 0 ? CEP_OK : CEP_NOROWS;
}

const struct out_col query_departments_columns[] = {
	/* TRANSLATORS: the columns' names, which a table and a page show as
	 * their headers; keep them short: a table fits the terminal */
	{ N_("code"), OUT_CODE }, { N_("name"), OUT_TEXT },
	{ N_("region"), OUT_CODE }, { N_("region_name"), OUT_TEXT },
	{ N_("valid_from"), OUT_DATE }, { N_("valid_to"), OUT_DATE },
	{ NULL, OUT_TEXT }
};

int
query_departments(struct query *q, int all)
{
	return list(q, sql_departments_list, all, query_departments_columns);
}

int
query_regions(struct query *q, int all)
{
	return list(q, sql_regions_list, all, query_regions_columns);
}

int
query_operators(struct query *q, int all)
{
	return list(q, sql_operators_list, all, query_operators_columns);
}
