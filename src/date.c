/*
 * Dates as day numbers: days since 1970-01-01 in the proleptic Gregorian
 * calendar, years 0001 to 9999. Integers keep the store small and make
 * period arithmetic (the day after, overlaps) plain comparisons.
 */
#include <ctype.h>
#include <stdio.h>
#include <time.h>

#include "cepdir.h"

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Howard Hinnant's days_from_civil, valid for any year here. */
int
date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_to_ymd(int day, int *y, int *m, int *d)
{
	int z, era, doe, yoe, doy, mp;

	z = day + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* Reads min to max digits from the len bytes of s into *v: how many,
 * or 0 when there are fewer than min. */
static size_t
digits(const char *s, size_t len, size_t min, size_t max, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < len && i < max && isdigit((unsigned char)s[i]); i++)
		*v = *v * 10 + (s[i] - '0');
	return i >= min ? i : 0;
}

/*
 * YYYY-MM-DD, or DD/MM/YYYY as French spreadsheets write it (one-digit
 * day and month accepted there). Returns 0, or -1 for anything else,
 * including days that do not exist (2019-02-29, 31/04/2020).
 */
int
date_parse(const char *s, size_t len, int *day)
{
	int y, m, d;
	size_t n, k;

	if (len == 10 && s[4] == '-' && s[7] == '-') {
		if (digits(s, 4, 4, 4, &y) != 4 || digits(s + 5, 2, 2, 2, &m)
		    != 2 || digits(s + 8, 2, 2, 2, &d) != 2)
			return -1;
	} else {
		if ((n = digits(s, len, 1, 2, &d)) == 0 || n >= len ||
		    s[n] != '/')
			return -1;
		n++;
		if ((k = digits(s + n, len - n, 1, 2, &m)) == 0 ||
		    n + k >= len || s[n + k] != '/')
			return -1;
		n += k + 1;
		if (digits(s + n, len - n, 4, 4, &y) != 4 || n + 4 != len)
			return -1;
	}
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*day = date_from_ymd(y, m, d);
	return 0;
}

/* An open end is written as an empty string. */
void
date_format(int day, char buf[DATE_BUFSZ])
{
	int y, m, d;

	if (day <= DAY_OPEN_FROM || day >= DAY_OPEN_TO) {
		buf[0] = '\0';
		return;
	}
	date_to_ymd(day, &y, &m, &d);
	/* by hand: lookups write two dates a row, and snprintf shows */
	buf[0] = (char)('0' + y / 1000 % 10);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int
date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL)
		return date_from_ymd(1970, 1, 1);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
