/* Tables back to CSV in the import format: export, import, export again
 * gives the same bytes. Rows come out in the order they were loaded. */
#include <string.h>

#include "i18n.h"
#include "table.h"

int
export_table(sqlite3 *sql, int t, FILE *out, int excel, char *err,
    size_t errsz)
{
	const struct table *tb = &tables[t];
	char delim = excel ? ';' : ',';
	const char *eol = excel ? "\r\n" : "\n";
	char q[TABLE_SQL_MAX + 64], day[DATE_BUFSZ];
	sqlite3_stmt *st = NULL;
	const char *v;
	int c, rc;

	snprintf(q, sizeof(q), "SELECT ");
	table_columns_sql(t, "", q + strlen(q), sizeof(q) - strlen(q));
	snprintf(q + strlen(q), sizeof(q) - strlen(q), " FROM %s ORDER BY"
	    " rowid", tb->name);
	if (sqlite3_prepare_v2(sql, q, -1, &st, NULL) != SQLITE_OK)
		return db_set_error(err, errsz, sql, N_("exporting"));
	if (excel)
		fputs("\xef\xbb\xbf", out);
	for (c = 0; c < tb->ncols; c++)
		fprintf(out, "%s%s", c ? (excel ? ";" : ",") : "",
		    tb->cols[c].name);
	fputs(eol, out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (c = 0; c < tb->ncols; c++) {
			if (c > 0)
				putc(delim, out);
			if (tb->cols[c].type == C_DATE) {
				date_format(sqlite3_column_int(st, c), day);
				v = day;
			} else if (tb->cols[c].type == C_PUBLIC)
				v = public_id(sqlite3_column_int(st, c));
			else if ((v = (const char *)sqlite3_column_text(st, c))
			    == NULL)
				v = "";
			out_csv_field(out, v, delim);
		}
		fputs(eol, out);
		if (ferror(out))
			break;
	}
	rc = sqlite3_finalize(st);
	if (ferror(out)) {
		snprintf(err, errsz, "%s", _("write error"));
		return CEP_IOERR;
	}
	if (rc != SQLITE_OK)
		return db_set_error(err, errsz, sql, N_("exporting"));
	return CEP_OK;
}
