/*
 * Fuzz target: date_parse on arbitrary bytes, against a reference reading
 * of the contract (YYYY-MM-DD, or DD/MM/YYYY with one- or two-digit day
 * and month; years 0001 to 9999; a day that exists). When it accepts,
 * date_format must give the ISO form back, which date_parse accepts and
 * maps to the same day; an ISO input must come back byte for byte.
 * The input's first 4 bytes, read as a day number, also go through
 * date_format / date_to_ymd / date_from_ymd. Aborts on any difference.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cepdir.h"

static void
fail(const char *what, const uint8_t *data, size_t size)
{
	size_t i;

	fprintf(stderr, "fuzz-date: %s; input \"", what);
	for (i = 0; i < size; i++)
		fprintf(stderr, data[i] >= 0x20 && data[i] < 0x7f ? "%c" :
		    "\\x%02x", data[i]);
	fprintf(stderr, "\"\n");
	abort();
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	return m == 2 && leap(y) ? 29 : dm[m - 1];
}

static int
is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

/* n digits at s; -1 if one is not a digit */
static int
num(const uint8_t *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The contract's grammar, written independently: 0 and y, m, d, or -1. */
static int
reference(const uint8_t *s, size_t len, int *y, int *m, int *d)
{
	size_t a, b;

	if (len == 10 && s[4] == '-' && s[7] == '-') {
		*y = num(s, 4);
		*m = num(s + 5, 2);
		*d = num(s + 8, 2);
	} else {
		/* D{1,2} / M{1,2} / YYYY */
		for (a = 0; a < len && s[a] != '/'; a++)
			;
		for (b = a + 1; b < len && s[b] != '/'; b++)
			;
		if (a == 0 || a > 2 || b >= len || b - a - 1 == 0 ||
		    b - a - 1 > 2 || len - b - 1 != 4)
			return -1;
		*d = num(s, a);
		*m = num(s + a + 1, b - a - 1);
		*y = num(s + b + 1, 4);
	}
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > mdays(*y, *m))
		return -1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[DATE_BUFSZ + 8], want[32];
	uint8_t *copy;
	int day = 0, day2, ry, rm, rd, y, m, d, rc, ref;
	int32_t raw;

	/* exactly size bytes, so ASan sees a read past the end */
	if ((copy = malloc(size ? size : 1)) == NULL)
		abort();
	memcpy(copy, data, size);
	rc = date_parse((const char *)copy, size, &day);
	ref = reference(copy, size, &ry, &rm, &rd);
	if (rc != 0 && rc != -1)
		fail("date_parse returns neither 0 nor -1", data, size);
	if ((rc == 0) != (ref == 0))
		fail(rc == 0 ? "date_parse accepts what the contract refuses" :
		    "date_parse refuses a valid date", data, size);
	if (rc == 0) {
		if (day <= DAY_OPEN_FROM || day >= DAY_OPEN_TO)
			fail("a parsed day is an open end", data, size);
		memset(buf, 'X', sizeof(buf));
		date_format(day, buf);
		if (memchr(buf, '\0', DATE_BUFSZ) == NULL)
			fail("date_format does not terminate", data, size);
		snprintf(want, sizeof(want), "%04d-%02d-%02d", ry, rm, rd);
		if (strcmp(buf, want) != 0)
			fail("date_format gives another day", data, size);
		if (date_parse(buf, strlen(buf), &day2) != 0 || day2 != day)
			fail("date_format's output does not parse back",
			    data, size);
		if (size == 10 && copy[4] == '-' && memcmp(buf, copy, 10) != 0)
			fail("an ISO date does not come back as it was", data,
			    size);
		date_to_ymd(day, &y, &m, &d);
		if (y != ry || m != rm || d != rd)
			fail("date_to_ymd disagrees", data, size);
		if (date_from_ymd(ry, rm, rd) != day)
			fail("date_from_ymd disagrees", data, size);
	}
	free(copy);

	/* any day number of the supported years, formatted and read back */
	if (size >= 4) {
		memcpy(&raw, data, 4);
		day = (int)(raw % (date_from_ymd(9999, 12, 31) -
		    date_from_ymd(1, 1, 1) + 1));
		if (day < 0)
			day = -day;
		day += date_from_ymd(1, 1, 1);
		date_format(day, buf);
		if (strlen(buf) != 10 || date_parse(buf, 10, &day2) != 0 ||
		    day2 != day)
			fail("date_format of a day in 0001..9999 does not "
			    "parse back", data, 4);
		date_to_ymd(day, &y, &m, &d);
		if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
		    d > mdays(y, m) || date_from_ymd(y, m, d) != day)
			fail("date_to_ymd / date_from_ymd do not invert", data,
			    4);
	}
	return 0;
}
