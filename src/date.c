/*
 * Dates as day numbers: days since 1970-01-01 in the proleptic Gregorian
 * calendar, years 0001 to 9999. Integers keep the store small and make
 * period arithmetic (the day after, overlaps) plain comparisons.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
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

/* A date as numbers and separators: the parts in the order written, each
 * of min to max digits, and which part is the year, the month, the day. */
struct form {
	char sep;
	unsigned char min[3], max[3];
	unsigned char y, m, d;
};

#define YMD(min_md) { '-', { 4, min_md, min_md }, { 4, 2, 2 }, 0, 1, 2 }
#define DMY(sep) { sep, { 1, 1, 4 }, { 2, 2, 4 }, 2, 1, 0 }

/* What import reads: YYYY-MM-DD, and DD/MM/YYYY as French spreadsheets
 * write it (one-digit day and month accepted there). */
static const struct form file_forms[] = { YMD(2), DMY('/') };
/* What a person types: YYYY-M-D, D/M/YYYY and D.M.YYYY, two digits or
 * one for the day and the month. */
static const struct form user_forms[] = { YMD(1), DMY('/'), DMY('.') };

/* The day of y-m-d into *day: 0, or -1 if it does not exist. */
static int
ymd_day(int y, int m, int d, int *day)
{
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*day = date_from_ymd(y, m, d);
	return 0;
}

static int
parse_form(const char *s, size_t len, const struct form *f, int *day)
{
	size_t i, n, at = 0;
	int v[3];

	for (i = 0; i < 3; i++) {
		if (i > 0 && (at >= len || s[at++] != f->sep))
			return -1;
		if ((n = digits(s + at, len - at, f->min[i], f->max[i],
		    &v[i])) == 0)
			return -1;
		at += n;
	}
	if (at != len)
		return -1;
	return ymd_day(v[f->y], v[f->m], v[f->d], day);
}

static int
parse_forms(const char *s, size_t len, const struct form *f, size_t n,
    int *day)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (parse_form(s, len, &f[i], day) == 0)
			return 0;
	return -1;
}

/*
 * The forms of the files: 0, or -1 for anything else, including days
 * that do not exist (2019-02-29, 31/04/2020).
 */
int
date_parse(const char *s, size_t len, int *day)
{
	return parse_forms(s, len, file_forms, sizeof(file_forms) /
	    sizeof(file_forms[0]), day);
}

/* The words for a day, any case: days before today. */
static const struct {
	const char *word;
	int before;
} day_words[] = {
	{ "today", 0 }, { "yesterday", 1 }, { "aujourd'hui", 0 },
	{ "aujourd\xe2\x80\x99hui", 0 }, { "hier", 1 }
};

int
date_parse_user(const char *s, size_t len, int today, int *day)
{
	size_t i;

	for (i = 0; i < sizeof(day_words) / sizeof(day_words[0]); i++)
		if (strlen(day_words[i].word) == len &&
		    strncasecmp(s, day_words[i].word, len) == 0) {
			*day = today - day_words[i].before;
			return 0;
		}
	return parse_forms(s, len, user_forms, sizeof(user_forms) /
	    sizeof(user_forms[0]), day);
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
