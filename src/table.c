/* The tables of the store, described once (table.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "table.h"

#define REQ COL_REQUIRED

const struct table tables[T_COUNT] = {
	[T_REGIONS] = { .name = "regions", .ncols = 7,
	    .unknown = N_("unknown region %s"),
	    .not_valid = N_("region %s is not valid over the whole period of "
	    "the row (%s)"),
	    .cols = {
		{ "code", C_REGION, REQ | COL_KEY },
		{ "name", C_TEXT, REQ | COL_FOLD },
		{ "kind", C_REGION_KIND, REQ },
		{ "valid_from", C_DATE, 0 },
		{ "valid_to", C_DATE, 0 },
		{ "successor", C_REGION, COL_LATER },
		{ "aliases", C_ALIASES, 0 } },
	    /* each alias, folded, for lookups */
	    .companion = "CREATE TABLE region_aliases(fold TEXT NOT NULL,"
	    " code TEXT NOT NULL)" },
	[T_DEPARTMENTS] = { .name = "departments", .ncols = 5,
	    .unknown = N_("unknown department %s"),
	    .not_valid = N_("department %s is not valid over the whole "
	    "period of the row (%s)"),
	    .cols = {
		{ "code", C_DEPT, REQ | COL_KEY },
		{ "name", C_TEXT, REQ | COL_FOLD },
		{ "region", C_REGION, REQ },
		{ "valid_from", C_DATE, 0 },
		{ "valid_to", C_DATE, 0 } } },
	[T_COMMUNES] = { .name = "communes", .ncols = 5,
	    .unknown = N_("unknown commune %s"),
	    .not_valid = N_("commune %s is not valid over the whole period of "
	    "the row (%s)"),
	    .cols = {
		{ "insee", C_INSEE, REQ | COL_KEY },
		{ "name", C_TEXT, REQ | COL_FOLD },
		{ "department", C_DEPT, REQ },
		{ "postcode", C_POSTCODE, REQ | COL_KEY },
		{ "population", C_COUNT, 0 } } },
	[T_OPERATORS] = { .name = "operators", .ncols = 11,
	    .unknown = N_("unknown operator %s"),
	    .not_valid = N_("operator %s is not valid over the whole period of "
	    "the row (%s)"),
	    .cols = {
		{ "id", C_OPID, REQ | COL_KEY },
		{ "name", C_TEXT, REQ | COL_FOLD },
		{ "kind", C_OPERATOR_KIND, REQ },
		{ "website", C_TEXT, 0 },
		{ "phone", C_TEXT, 0 },
		{ "locator", C_TEXT, 0 },
		{ "scope", C_TEXT, 0 },
		{ "valid_from", C_DATE, 0 },
		{ "valid_to", C_DATE, 0 },
		{ "successor", C_OPID, COL_LATER },
		{ "source", C_TEXT, 0 } } },
	/* The coverage key rk (key.c) serves every lookup by region and
	 * date; the import computes it, a copy recomputes it in SQL. */
	[T_COVERAGE] = { .name = "coverage", .ncols = 6,
	    .unknown = N_("unknown mandate %s"),
	    .not_valid = N_("mandate %s is not valid over the whole period of "
	    "the row (%s)"),
	    .cols = {
		{ "operator", C_OPID, REQ | COL_KEY },
		{ "region", C_REGION_OR_ALL, REQ | COL_KEY },
		{ "public", C_PUBLIC, REQ | COL_KEY },
		{ "valid_from", C_DATE, 0 },
		{ "valid_to", C_DATE, 0 },
		{ "source", C_TEXT, 0 } },
	    .computed = "rk", .computed_type = "INTEGER NOT NULL",
	    .computed_sql = SQL_COVERAGE_KEY },
	/* Communes déléguées, associées, and the old codes of communes
	 * merged into a commune nouvelle: what people still type. */
	[T_FORMER_COMMUNES] = { .name = "former_communes",
	    .unknown = N_("unknown former commune %s"),
	    .not_valid = N_("former commune %s is not valid over the whole "
	    "period of the row (%s)"),
	    .ncols = 4,
	    .cols = {
		{ "insee", C_INSEE, REQ | COL_KEY },
		{ "name", C_TEXT, COL_KEY | COL_FOLD },
		{ "commune", C_COMMUNE, REQ | COL_KEY },
		{ "kind", C_FORMER_KIND, 0 } } },
	/* Places outside the regions (collectivités d'outre-mer, Monaco):
	 * a territory's own row, and its communes with their postcodes. */
	[T_TERRITORIES] = { .name = "territories", .ncols = 5,
	    .unknown = N_("unknown territory %s"),
	    .not_valid = N_("territory %s is not valid over the whole "
	    "period of the row (%s)"),
	    .cols = {
		{ "code", C_PLACE, REQ | COL_KEY },
		{ "name", C_TEXT, REQ | COL_FOLD },
		{ "territory", C_TERRITORY, REQ },
		{ "postcode", C_POSTCODE, COL_KEY },
		{ "source", C_TEXT, 0 } } },
};

int
table_lookup(const char *name)
{
	int t;

	for (t = 0; t < T_COUNT; t++)
		if (strcasecmp(name, tables[t].name) == 0)
			return t;
	return -1;
}

int
table_column(int t, const char *name)
{
	int c;

	for (c = 0; c < tables[t].ncols; c++)
		if (strcmp(tables[t].cols[c].name, name) == 0)
			return c;
	return -1;
}

int
table_from(int t)
{
	return table_column(t, "valid_from");
}

int
table_to(int t)
{
	return table_column(t, "valid_to");
}

int
table_fold(int t)
{
	int c;

	for (c = 0; c < tables[t].ncols; c++)
		if (tables[t].cols[c].flags & COL_FOLD)
			return c;
	return -1;
}

int
ctype_target(enum ctype type)
{
	switch (type) {
	case C_REGION:
	case C_REGION_OR_ALL:
		return T_REGIONS;
	case C_DEPT:
		return T_DEPARTMENTS;
	case C_OPID:
		return T_OPERATORS;
	case C_COMMUNE:
		return T_COMMUNES;
	case C_TERRITORY:
		return T_TERRITORIES;
	default:
		return -1;
	}
}

int
table_ref(int t, int c)
{
	int target = ctype_target(tables[t].cols[c].type);

	return c == 0 && target == t ? -1 : target;
}

/* Appends to buf what fits; the tables are small enough for any buf of
 * TABLE_SQL_MAX bytes. */
static void
add(char *buf, size_t bufsz, const char *s)
{
	size_t n = strlen(buf);

	snprintf(buf + n, bufsz - n, "%s", s);
}

static const char *
sql_type(const struct column *col)
{
	int integer = col->type == C_DATE || col->type == C_PUBLIC ||
	    col->type == C_COUNT;

	/* dates are always stored: an open end is a sentinel day */
	if (col->type == C_DATE || col->type == C_PUBLIC ||
	    col->flags & COL_REQUIRED)
		return integer ? "INTEGER NOT NULL" : "TEXT NOT NULL";
	return integer ? "INTEGER" : "TEXT";
}

void
table_create_sql(int t, char *buf, size_t bufsz)
{
	const struct table *tb = &tables[t];
	int c;

	snprintf(buf, bufsz, "CREATE TABLE %s(", tb->name);
	for (c = 0; c < tb->ncols; c++) {
		add(buf, bufsz, tb->cols[c].name);
		add(buf, bufsz, " ");
		add(buf, bufsz, sql_type(&tb->cols[c]));
		add(buf, bufsz, ", ");
	}
	if (table_fold(t) >= 0)
		add(buf, bufsz, "fold TEXT NOT NULL, ");
	add(buf, bufsz, "file INTEGER, line INTEGER");
	if (tb->computed != NULL) {
		add(buf, bufsz, ", ");
		add(buf, bufsz, tb->computed);
		add(buf, bufsz, " ");
		add(buf, bufsz, tb->computed_type);
	}
	add(buf, bufsz, ");");
	if (tb->companion != NULL)
		add(buf, bufsz, tb->companion);
}

void
table_insert_sql(int t, char *buf, size_t bufsz)
{
	const struct table *tb = &tables[t];
	int c, n = tb->ncols + 2;

	snprintf(buf, bufsz, "INSERT INTO %s(", tb->name);
	table_columns_sql(t, "", buf + strlen(buf), bufsz - strlen(buf));
	if (table_fold(t) >= 0) {
		add(buf, bufsz, ", fold");
		n++;
	}
	add(buf, bufsz, ", file, line");
	if (tb->computed != NULL) {
		add(buf, bufsz, ", ");
		add(buf, bufsz, tb->computed);
		n++;
	}
	add(buf, bufsz, ") VALUES(");
	for (c = 0; c < n; c++)
		add(buf, bufsz, c ? ",?" : "?");
	add(buf, bufsz, ")");
}

void
table_columns_sql(int t, const char *prefix, char *buf, size_t bufsz)
{
	int c;

	buf[0] = '\0';
	for (c = 0; c < tables[t].ncols; c++) {
		if (c > 0)
			add(buf, bufsz, ", ");
		add(buf, bufsz, prefix);
		add(buf, bufsz, tables[t].cols[c].name);
	}
}
