/*
 * The lookups, inside the library. rows.c holds the rows a lookup gathers
 * and writes them; walk.c follows regions and operators through time;
 * query-sql.c has every statement; the query-*.c files are the lookups.
 */
#ifndef QUERY_H
#define QUERY_H

#include "cepdir.h"

/* ---- rows.c: gathered mandate rows ---- */

/* A mandate row; its strings live in the row set's blocks. A gap row
 * (no mandate of its public on the day) has only its region, public and
 * note. */
struct mrow {
	const char *input;		/* where -: the line asked */
	const char *insee, *commune, *department;	/* where */
	const char *region, *region_name, *op, *op_name, *website, *phone,
	    *locator, *scope;
	const char *note, *note_local;	/* in English, and in the user's
					 * language */
	int pub, from, to;
	int day, change;		/* changes: the day, began (0) or
					 * ended (1) */
	int gap;
};

/* The place a where row answers for, and what to note of it. */
struct place {
	const char *input, *insee, *commune, *department;
};

/* A note in English (machine formats) and in the user's language. */
struct note {
	char en[512], local[512];
};

struct strblock;

struct mrows {
	struct mrow *v;
	size_t n, cap;
	struct strblock *strs;
	int failed;		/* out of memory on the way: told at emit */
};

/* A copy of s (NULL: "") that lives as long as m; NULL if out of memory
 * (m->failed is then set). */
const char *mrows_str(struct mrows *m, const char *s);
const char *mrows_column(struct mrows *m, sqlite3_stmt *st, int col);
/* A new zeroed row, or NULL (m->failed set). */
struct mrow *mrows_add(struct mrows *m);
void mrows_free(struct mrows *m);
/* Rows first.. of m are one region's: each gets its code and name (and
 * the place's, for where), copied into m once for all of them. */
void mrows_label(struct mrows *m, size_t first, const char *code,
    const char *name, const struct place *place);
/* Rows first.. of m get a note too (after the one they have). */
void mrows_note(struct mrows *m, size_t first, const struct note *note);

/* What a lookup writes: its columns and its order. */
enum shape { SHAPE_MANDATE, SHAPE_HISTORY, SHAPE_WHERE, SHAPE_WHERE_BATCH,
    SHAPE_CHANGES };
/* Sorts and writes the rows: CEP_OK, CEP_NOROWS when there is no
 * mandate row. */
int mrows_emit(struct query *q, struct mrows *m, enum shape shape);
/* The same in steps, for rows that come in parts (where -): each part is
 * sorted and written, then m is emptied for the next. */
void mrows_begin(struct query *q, enum shape shape);
int mrows_put(struct query *q, struct mrows *m, enum shape shape);
int mrows_end(struct query *q);
/* Does m hold a mandate (not only gap rows)? */
int mrows_found(const struct mrows *m);

/* ---- query-sql.c: every statement of the lookups ---- */

extern const char sql_region_on[], sql_history[], sql_max_span[],
    sql_first_start[], sql_last_end[],
    sql_operator_on[], sql_changes[], sql_region_codes[],
    sql_related_regions[], sql_regions_on[],
    sql_region_name[], sql_predecessors[], sql_history_regions[],
    sql_walk_regions[], sql_walk_operators[], sql_regions_during[],
    sql_dept_region[],
    sql_dept_exists[], sql_commune[], sql_postcode_communes[],
    sql_fold_communes[], sql_commune_postcode[], sql_prefix_names[],
    sql_longer_names[], sql_former_by_code[], sql_former_by_fold[],
    sql_territory_by_code[], sql_territory_by_postcode[],
    sql_territory_by_fold[], sql_dept_by_fold[], sql_region_by_fold[],
    sql_place_names[], sql_annotate_bounds[],
    sql_regions_list[], sql_operators_list[], sql_departments_list[];

/* ---- note.c: notes in English and in the user's language ---- */

/* fmt: an English msgid (marked N_), its arguments the same in both */
void note_set(struct note *n, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* On stderr, through q->note, once a run. */
void note_tell(struct query *q, const struct note *n);

/* ---- gaps.c: why a region has no mandate of a public on a day ---- */

/* For each public asked (q->public, or all) without a row among rows
 * first.. of m (one region's, on q->on): a note on stderr, and with
 * q->gaps a gap row labelled like the others. */
int gaps_explain(struct query *q, const char *code, const char *name,
    const struct place *place, size_t first, struct mrows *m);

/* ---- lookup.c: what the lookups share ---- */
int query_prepare(struct query *q, const char *sql, sqlite3_stmt **st);
/* The longest closed mandate, in days: how far back a start may lie. */
int query_max_span(struct query *q, int *span);
/* A region's name on day (else its latest), into m; NULL if out of
 * memory or on an SQL error (told in q->db->err, the status in *rc). */
const char *region_name_on(struct query *q, const char *code, int day,
    struct mrows *m, int *rc);

/* Regions: code and name pairs, in a growing array. */
struct region {
	char code[8];
	char *name;
};

struct region_set {
	struct region *v;
	size_t n, cap;
};

int region_set_add(struct region_set *rs, const char *code,
    const char *name);
void region_set_free(struct region_set *rs);
/* Each concrete region valid on day. */
int regions_on(struct query *q, int day, struct region_set *rs);
/* Each region valid some day of [from, to], named on the first of them. */
int regions_during(struct query *q, int from, int to, struct region_set *rs);
/* A mandate's columns from col of a row of the lookups' statements:
 * public, operator, start, end, then the operator's (mrows_operator):
 * name, website, phone, locator, scope. */
void mrows_mandate(struct mrows *m, struct mrow *r, sqlite3_stmt *st,
    int col);
void mrows_operator(struct mrows *m, struct mrow *r, sqlite3_stmt *st,
    int col);
/* Runs a mandate statement (sql_region_on, sql_history) over key ranges
 * for the rows in force on day; they go to m. */
int gather_ranges(struct query *q, sqlite3_stmt *st,
    const struct key_range *kr, size_t n, int day, struct mrows *m);
/* Mandates in force on q->on in one concrete region, into m, labelled
 * with the region (and the place, for where), with the region's gaps
 * explained. */
int gather_region_on(struct query *q, const char *code, const char *name,
    const struct place *place, struct mrows *m);

/* ---- walk.c: through successors and predecessors ---- */

/* Where a walk through successors ended. */
struct walk {
	char *id;		/* the code or id reached */
	char *name;		/* its name on the day, else its latest */
	int valid;		/* id has a row valid on the day */
	int any;		/* id has rows at all */
	int first_from, last_to;	/* of id's rows */
	int hops;		/* successors followed */
	char *first_name;	/* the name asked for, and when it ended */
	int first_to;
};

/* From id (a region code, or an operator id with operators set), the
 * successors followed while the row reached has ended before day. */
int walk_successors(struct query *q, int operators, const char *id,
    int day, struct walk *w);
void walk_free(struct walk *w);
/*
 * The regions to answer for on q->on: the region itself when it exists
 * on the day, its successor when it has ended, the regions it succeeded
 * when it has not begun yet; each case with its note (told, and in *note
 * for the rows; note->en empty when there is none).
 */
int regions_for(struct query *q, const char *code, struct region_set *rs,
    struct note *note);

#endif
