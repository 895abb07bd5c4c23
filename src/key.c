/*
 * The coverage key: region, band and start day of a mandate packed into
 * one integer. Every lookup by region and date is a range of it, and an
 * index on a single integer sorts and compares far faster than one on
 * (text, integer), which is most of the cost of building it.
 */
#include "cepdir.h"

int
key_region(const char *code, size_t len)
{
	int n = 0;
	size_t i;

	if (len == 1 && code[0] == '*')
		return 0;
	if (len != 2 && len != 3)
		return -1;
	for (i = 0; i < len; i++) {
		if (code[i] < '0' || code[i] > '9')
			return -1;
		n = n * 10 + (code[i] - '0');
	}
	return (len == 2 ? 1 : 101) + n;
}

long long
key_at(int region, int band, int day)
{
	if (day < DAY_OPEN_FROM)
		day = DAY_OPEN_FROM;
	if (day > DAY_OPEN_TO)
		day = DAY_OPEN_TO;
	return ((long long)(region * 2 + band) << KEY_DAY_BITS) +
	    (day - DAY_OPEN_FROM);
}

long long
coverage_key(const char *region, size_t len, int from, int to)
{
	return key_at(key_region(region, len), to == DAY_OPEN_TO ?
	    KEY_OPEN_END : KEY_CLOSED, from);
}

int
key_earliest_start(int day, int span)
{
	return day - span > DAY_OPEN_FROM ? day - span : DAY_OPEN_FROM + 1;
}

static size_t
add_range(struct key_range *r, size_t n, int region, int band, int from,
    int to)
{
	r[n].lo = key_at(region, band, from);
	r[n].hi = key_at(region, band, to);
	return n + 1;
}

/*
 * Mandates of a region (and the national ones) that may be in force on
 * day: closed ones begun within span days, those with an open start, and
 * the open-ended ones begun by then.
 */
size_t
key_ranges_on(const char *code, size_t len, int day, int span,
    struct key_range r[KEY_RANGES_MAX])
{
	int reg[2] = { key_region(code, len), 0 }, first, i;
	size_t n = 0;

	first = key_earliest_start(day, span);
	for (i = 0; i < (reg[0] == 0 ? 1 : 2); i++) {
		n = add_range(r, n, reg[i], KEY_CLOSED, first, day);
		n = add_range(r, n, reg[i], KEY_CLOSED, DAY_OPEN_FROM,
		    DAY_OPEN_FROM);
		n = add_range(r, n, reg[i], KEY_OPEN_END, DAY_OPEN_FROM, day);
	}
	return n;
}

/* Mandates of a region (and the national ones) begun by day. */
size_t
key_ranges_until(const char *code, size_t len, int day,
    struct key_range r[KEY_RANGES_MAX])
{
	int reg[2] = { key_region(code, len), 0 }, i;
	size_t n = 0;

	for (i = 0; i < (reg[0] == 0 ? 1 : 2); i++) {
		n = add_range(r, n, reg[i], KEY_CLOSED, DAY_OPEN_FROM, day);
		n = add_range(r, n, reg[i], KEY_OPEN_END, DAY_OPEN_FROM, day);
	}
	return n;
}
