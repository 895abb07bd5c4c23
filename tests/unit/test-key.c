/*
 * The coverage key (key.c): the region numbers, the C and SQL forms agree,
 * and the key ranges of a lookup find exactly the mandates that the plain
 * period test finds, on seeded random mandates with open ends.
 */
#include <stdlib.h>
#include <string.h>

#include "cepdir.h"
#include "tap.h"

static void
test_region_numbers(void)
{
	is_int(key_region("*", 1), 0, "* is region 0");
	is_int(key_region("00", 2), 1, "00 is 1");
	is_int(key_region("53", 2), 54, "53 is 54");
	is_int(key_region("99", 2), 100, "99 is 100");
	is_int(key_region("000", 3), 101, "000 is 101, apart from 00");
	is_int(key_region("053", 3), 154, "053 is 154, apart from 53");
	is_int(key_region("975", 3), 1076, "975 is 1076");
	is_int(key_region("5", 1), -1, "one digit is no region");
	is_int(key_region("1234", 4), -1, "four digits are no region");
	is_int(key_region("2A", 2), -1, "letters are no region");
	is_int(key_region("", 0), -1, "empty is no region");
	ok(key_at(1100, KEY_OPEN_END, DAY_OPEN_TO) > 0 &&
	    key_at(1100, KEY_OPEN_END, DAY_OPEN_TO) < (1LL << 40),
	    "the largest key is positive and fits in 6 bytes");
	ok(key_at(54, KEY_CLOSED, DAY_OPEN_TO) <
	    key_at(54, KEY_OPEN_END, DAY_OPEN_FROM), "bands do not overlap");
	ok(key_at(54, KEY_OPEN_END, DAY_OPEN_TO) <
	    key_at(55, KEY_CLOSED, DAY_OPEN_FROM), "regions do not overlap");
	is_int(key_at(54, KEY_CLOSED, DAY_OPEN_FROM - 5),
	    key_at(54, KEY_CLOSED, DAY_OPEN_FROM), "days below the open start "
	    "are clamped");
	is_int(key_at(54, KEY_CLOSED, DAY_OPEN_TO + 5),
	    key_at(54, KEY_CLOSED, DAY_OPEN_TO), "days past the open end are "
	    "clamped");
}

/* The SQL form of the key (for copied rows) equals the C form. */
static void
test_sql_form(sqlite3 *sql)
{
	static const char *const codes[] = { "*", "00", "01", "53", "99",
	    "000", "053", "975", "999" };
	static const int days[][2] = {
		{ DAY_OPEN_FROM, DAY_OPEN_TO }, { DAY_OPEN_FROM, 0 },
		{ 0, DAY_OPEN_TO }, { 16436, 16800 }, { -719162, 2932896 },
		{ 2932896, 2932896 }
	};
	sqlite3_stmt *st = NULL;
	size_t i, j, bad = 0, n = 0;

	if (sqlite3_prepare_v2(sql, "SELECT " SQL_COVERAGE_KEY " FROM"
	    " (SELECT ?1 AS region, ?2 AS valid_from, ?3 AS valid_to)", -1,
	    &st, NULL) != SQLITE_OK) {
		ok(0, "SQL_COVERAGE_KEY prepares: %s", sqlite3_errmsg(sql));
		return;
	}
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		for (j = 0; j < sizeof(days) / sizeof(days[0]); j++) {
			long long want = coverage_key(codes[i],
			    strlen(codes[i]), days[j][0], days[j][1]);

			sqlite3_bind_text(st, 1, codes[i], -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 2, days[j][0]);
			sqlite3_bind_int(st, 3, days[j][1]);
			if (sqlite3_step(st) != SQLITE_ROW ||
			    sqlite3_column_int64(st, 0) != want) {
				printf("# %s %d..%d: SQL %lld, C %lld\n",
				    codes[i], days[j][0], days[j][1],
				    sqlite3_column_int64(st, 0), want);
				bad++;
			}
			sqlite3_reset(st);
			n++;
		}
	sqlite3_finalize(st);
	is_int(bad, 0, "SQL and C keys agree on %zu cases", n);
}

/* Small deterministic generator: the same mandates on every run. */
static unsigned long rng = 20150101;

static int
rnd(int n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (int)((rng >> 33) % (unsigned long)n);
}

struct mandate {
	char region[4];
	int from, to;
};

#define NMANDATES 3000

static void
make_mandates(struct mandate *m, int *span)
{
	static const char *const regions[] = { "*", "11", "53", "053", "975" };
	int i, len;

	*span = 0;
	for (i = 0; i < NMANDATES; i++) {
		snprintf(m[i].region, sizeof(m[i].region), "%s",
		    regions[rnd(5)]);
		m[i].from = rnd(8) == 0 ? DAY_OPEN_FROM : 16000 + rnd(4000);
		len = rnd(3) == 0 ? rnd(2000) : rnd(400);
		m[i].to = rnd(6) == 0 ? DAY_OPEN_TO :
		    (m[i].from == DAY_OPEN_FROM ? 16000 + rnd(4000) :
		    m[i].from + len);
		if (m[i].from > DAY_OPEN_FROM && m[i].to < DAY_OPEN_TO &&
		    m[i].to - m[i].from > *span)
			*span = m[i].to - m[i].from;
	}
}

static int
in_ranges(const struct key_range *kr, size_t n, long long k)
{
	size_t i, hits = 0;

	for (i = 0; i < n; i++)
		hits += k >= kr[i].lo && k <= kr[i].hi;
	return (int)hits;
}

/* Each mandate found exactly once by the ranges iff the plain test
 * (region or *, begun by the day, not ended before it) holds. */
static void
test_ranges(void)
{
	static struct mandate m[NMANDATES];
	static const char *const asked[] = { "11", "53", "053", "975", "28" };
	struct key_range kr[KEY_RANGES_MAX];
	size_t a, nk, wrong_on = 0, wrong_until = 0, found = 0;
	int i, d, span, want, hits, day;

	make_mandates(m, &span);
	ok(span > 0, "the generated mandates have a span (%d days)", span);
	for (a = 0; a < sizeof(asked) / sizeof(asked[0]); a++) {
		for (d = 0; d < 60; d++) {
			day = 15800 + d * 80;
			nk = key_ranges_on(asked[a], strlen(asked[a]), day,
			    span, kr);
			for (i = 0; i < NMANDATES; i++) {
				long long k = coverage_key(m[i].region,
				    strlen(m[i].region), m[i].from, m[i].to);
				int region_ok = strcmp(m[i].region, "*") == 0 ||
				    strcmp(m[i].region, asked[a]) == 0;

				want = region_ok && m[i].from <= day &&
				    m[i].to >= day;
				hits = in_ranges(kr, nk, k);
				/* the ranges may hold more; valid_to filters */
				if (want && hits != 1)
					wrong_on++;
				if (hits > 1)
					wrong_on++;
				if (hits == 1 && m[i].to >= day && !want)
					wrong_on++;
				found += want;

				nk = key_ranges_until(asked[a],
				    strlen(asked[a]), day, kr);
				want = region_ok && m[i].from <= day;
				if (in_ranges(kr, nk, k) != want)
					wrong_until++;
				nk = key_ranges_on(asked[a], strlen(asked[a]),
				    day, span, kr);
			}
		}
	}
	ok(found > 1000, "the cases find many mandates (%zu)", found);
	is_int(wrong_on, 0, "key_ranges_on: each mandate in force found "
	    "once, none other in force");
	is_int(wrong_until, 0, "key_ranges_until: exactly the mandates begun "
	    "by the day");
}

int
main(void)
{
	sqlite3 *sql = NULL;

	test_region_numbers();
	if (sqlite3_open(":memory:", &sql) == SQLITE_OK)
		test_sql_form(sql);
	else
		ok(0, "sqlite3_open");
	sqlite3_close(sql);
	test_ranges();
	return tap_done();
}
