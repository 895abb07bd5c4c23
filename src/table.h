/*
 * The one description of each table: its columns in the contract's order
 * (required, then optional), their types and the table's key. The schema,
 * the import's column map and checks, the copy of kept rows and the export
 * are all derived from it, so a new column is one line here.
 */
#ifndef TABLE_H
#define TABLE_H

#include "cepdir.h"

/* What a value must be; dates and publics are stored as integers, kinds
 * in lower case, everything else as the text read. */
enum ctype {
	C_TEXT, C_REGION, C_REGION_OR_ALL, C_DEPT, C_INSEE, C_COMMUNE,
	C_POSTCODE, C_OPID, C_REGION_KIND, C_OPERATOR_KIND, C_FORMER_KIND,
	C_PUBLIC, C_DATE, C_ALIASES, C_COUNT, C_PLACE, C_TERRITORY
};

/* Column flags */
#define COL_REQUIRED	0x1	/* a required column of the contract */
#define COL_KEY		0x2	/* part of the key: two rows may not share
				 * it over overlapping periods */
#define COL_FOLD	0x4	/* a name: its folded form is stored too */
#define COL_LATER	0x8	/* names a row that follows this one (a
				 * successor): it must exist, not cover the
				 * period */

struct column {
	const char *name;
	enum ctype type;
	unsigned flags;
};

#define MAX_COLS 12

struct table {
	const char *name;
	/* the problems of a reference to a row of it (N_): none has that
	 * key, or none over the period of the row that refers to it */
	const char *unknown, *not_valid;
	int ncols;
	struct column cols[MAX_COLS];
	/* Stored after the columns, file and line: a column the import
	 * computes (its SQL type, and its value from the other columns in
	 * SQL, for rows copied from another store), or NULL. */
	const char *computed, *computed_type, *computed_sql;
	/* A table derived from this one, created right after it. */
	const char *companion;
};

extern const struct table tables[T_COUNT];

/* Column c of table t by name, or -1. */
int table_column(int t, const char *name);
/* The period columns (valid_from, valid_to) of t, or -1. */
int table_from(int t);
int table_to(int t);
/* The folded column of t, or -1. */
int table_fold(int t);
/* The table whose key a value of this type names, or -1. */
int ctype_target(enum ctype type);
/* The table that column c of t names, or -1: a table's first column is
 * its own key, not a reference. */
int table_ref(int t, int c);

/*
 * SQL derived from the description, written into buf (each fits in
 * TABLE_SQL_MAX bytes). Stored columns: the table's, then `fold` for a
 * table with a folded name, then file and line (where a row was read),
 * then the computed column.
 */
#define TABLE_SQL_MAX 1024
void table_create_sql(int t, char *buf, size_t bufsz);
void table_insert_sql(int t, char *buf, size_t bufsz);
/* The table's own columns, comma-separated, each after prefix. */
void table_columns_sql(int t, const char *prefix, char *buf, size_t bufsz);

#endif
