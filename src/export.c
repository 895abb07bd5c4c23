/* Tables back to CSV in the import format: export, import, export again
 * gives the same bytes. Rows come out in the order they were loaded. */
#include <string.h>

#include "cepdir.h"

static const char *const export_sql[T_COUNT] = {
	"SELECT code, name, kind, valid_from, valid_to, successor, aliases"
	" FROM regions ORDER BY rowid",
	"SELECT code, name, region, valid_from, valid_to"
	" FROM departments ORDER BY rowid",
	"SELECT insee, name, department, postcode FROM communes ORDER BY rowid",
	"SELECT id, name, kind, website, phone, valid_from, valid_to,"
	" successor, source FROM operators ORDER BY rowid",
	"SELECT operator, region, public, valid_from, valid_to, source"
	" FROM coverage ORDER BY rowid",
};

int
export_table(sqlite3 *sql, int t, FILE *out, int excel, char *err,
    size_t errsz)
{
	char delim = excel ? ';' : ',';
	const char *eol = excel ? "\r\n" : "\n";
	sqlite3_stmt *st = NULL;
	char day[DATE_BUFSZ];
	const char *name, *v;
	int i, n, rc;

	if (sqlite3_prepare_v2(sql, export_sql[t], -1, &st, NULL) != SQLITE_OK)
		return db_set_error(err, errsz, sql, "exporting");
	n = sqlite3_column_count(st);
	if (excel)
		fputs("\xef\xbb\xbf", out);
	for (i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? (excel ? ";" : ",") : "",
		    sqlite3_column_name(st, i));
	fputs(eol, out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			if (i > 0)
				putc(delim, out);
			name = sqlite3_column_name(st, i);
			if (strncmp(name, "valid_", 6) == 0) {
				date_format(sqlite3_column_int(st, i), day);
				v = day;
			} else if (strcmp(name, "public") == 0)
				v = public_id(sqlite3_column_int(st, i));
			else if ((v = (const char *)sqlite3_column_text(st, i))
			    == NULL)
				v = "";
			out_csv_field(out, v, delim);
		}
		fputs(eol, out);
		if (ferror(out))
			break;
	}
	sqlite3_finalize(st);
	if (ferror(out)) {
		snprintf(err, errsz, "write error");
		return CEP_IOERR;
	}
	if (rc != SQLITE_DONE)
		return db_set_error(err, errsz, sql, "exporting");
	return CEP_OK;
}
