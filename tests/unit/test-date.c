/*
 * Unit tests of src/date.c: parsing, validation and formatting of dates,
 * as files write them (date_parse) and as people type them
 * (date_parse_user).
 */
#include <string.h>

#include "cepdir.h"
#include "tap.h"

/* date_parse on a NUL-terminated string; the day, or a marker when bad. */
#define BAD (-99999999)
static int
parse(const char *s)
{
	int day = 12345678;

	if (date_parse(s, strlen(s), &day) != 0)
		return BAD;
	return day;
}

/* date_parse_user with today fixed at 2024-03-15 (day 19797). */
#define TODAY 19797
static int
user(const char *s)
{
	int day = 12345678;

	if (date_parse_user(s, strlen(s), TODAY, &day) != 0)
		return BAD;
	return day;
}

static const char *
fmt(int day)
{
	static char buf[DATE_BUFSZ];

	memset(buf, 'X', sizeof(buf));
	date_format(day, buf);
	return buf;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Every day from 1900-01-01 to 2100-12-31, counted by hand: each parses
 * to the next day number, both forms agree, and formats back to itself. */
static void
round_trip(void)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };
	char iso[32], fr[32], out[DATE_BUFSZ];
	int y, m, d, n, day = -25567, got, bad_parse = 0, bad_fr = 0,
	    bad_fmt = 0, bad_ymd = 0, count = 0, yy, mm, dd;

	for (y = 1900; y <= 2100; y++)
		for (m = 1; m <= 12; m++) {
			n = m == 2 && is_leap(y) ? 29 : dm[m - 1];
			for (d = 1; d <= n; d++, day++, count++) {
				snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y,
				    m, d);
				snprintf(fr, sizeof(fr), "%d/%d/%04d", d, m, y);
				if (date_parse(iso, strlen(iso), &got) != 0 ||
				    got != day)
					bad_parse++;
				if (date_parse(fr, strlen(fr), &got) != 0 ||
				    got != day)
					bad_fr++;
				date_format(day, out);
				if (strcmp(out, iso) != 0)
					bad_fmt++;
				date_to_ymd(day, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d ||
				    date_from_ymd(y, m, d) != day)
					bad_ymd++;
			}
		}
	is_int(count, 73414, "1900..2100 has 73414 days");
	is_int(bad_parse, 0, "every ISO day 1900..2100 parses to its number");
	is_int(bad_fr, 0, "every D/M/YYYY day 1900..2100 parses to its number");
	is_int(bad_fmt, 0, "every day 1900..2100 formats back to itself");
	is_int(bad_ymd, 0, "date_to_ymd/date_from_ymd agree over 1900..2100");
}

/* Every form a person may type, and the words for today and yesterday. */
static void
user_forms(void)
{
	int d = parse("2024-03-05");

	is_int(parse("2024-03-15"), TODAY, "TODAY is 2024-03-15");
	is_int(user("2024-03-05"), d, "user: YYYY-MM-DD");
	is_int(user("2024-3-5"), d, "user: YYYY-M-D");
	is_int(user("2024-03-5"), d, "user: YYYY-MM-D");
	is_int(user("2024-3-05"), d, "user: YYYY-M-DD");
	is_int(user("05/03/2024"), d, "user: DD/MM/YYYY");
	is_int(user("5/3/2024"), d, "user: D/M/YYYY (day first)");
	is_int(user("05.03.2024"), d, "user: DD.MM.YYYY");
	is_int(user("5.3.2024"), d, "user: D.M.YYYY");
	is_int(user("5.03.2024"), d, "user: D.MM.YYYY");
	is_int(user("29/02/2024"), parse("2024-02-29"), "user: a leap day");
	is_int(user("29.2.2024"), parse("2024-02-29"), "user: a leap day, dots");
	is_int(user("31.12.9999"), 2932896, "user: the last day");
	is_int(user("1.1.0001"), -719162, "user: the first day");
	is_int(user("today"), TODAY, "user: today");
	is_int(user("yesterday"), TODAY - 1, "user: yesterday");
	is_int(user("aujourd'hui"), TODAY, "user: aujourd'hui");
	is_int(user("aujourd\xe2\x80\x99hui"), TODAY,
	    "user: aujourd\xe2\x80\x99hui (typographic apostrophe)");
	is_int(user("hier"), TODAY - 1, "user: hier");
	is_int(user("TODAY"), TODAY, "user: TODAY, any case");
	is_int(user("Hier"), TODAY - 1, "user: Hier, any case");
	is_int(user("Aujourd'hui"), TODAY, "user: Aujourd'hui, any case");
	ok(date_parse_user("hier soir", 4, TODAY, &d) == 0 && d == TODAY - 1,
	    "user: only len bytes are read");
}

static void
user_refusals(void)
{
	int day = 777;

	is_int(user("31/02/2024"), BAD, "user: 31/02/2024 refused");
	is_int(user("30.02.2024"), BAD, "user: 30.02.2024 refused");
	is_int(user("2023-2-29"), BAD, "user: 2023-2-29 refused (not leap)");
	is_int(user("2024-13-01"), BAD, "user: month 13 refused");
	is_int(user("2024-0-1"), BAD, "user: month 0 refused");
	is_int(user("0.1.2024"), BAD, "user: day 0 refused");
	is_int(user("32.1.2024"), BAD, "user: day 32 refused");
	is_int(user("12/25/2024"), BAD, "user: American MM/DD refused");
	is_int(user("1/1/24"), BAD, "user: two-digit year refused");
	is_int(user("1.1.24"), BAD, "user: two-digit year refused (dots)");
	is_int(user("24-1-1"), BAD, "user: two-digit year refused (ISO)");
	is_int(user("02024-1-1"), BAD, "user: five-digit year refused");
	is_int(user("1/1/02024"), BAD, "user: five-digit year refused (D/M)");
	is_int(user("0000-1-1"), BAD, "user: year 0 refused");
	is_int(user("2024-003-01"), BAD, "user: three-digit month refused");
	is_int(user("001.1.2024"), BAD, "user: three-digit day refused");
	is_int(user("2024-03-05x"), BAD, "user: trailing junk refused");
	is_int(user("5.3.2024."), BAD, "user: trailing dot refused");
	is_int(user("5/3/2024 "), BAD, "user: trailing space refused");
	is_int(user(" 5/3/2024"), BAD, "user: leading space refused");
	is_int(user("5/3.2024"), BAD, "user: mixed separators refused");
	is_int(user("5-3-2024"), BAD, "user: D-M-YYYY refused");
	is_int(user("2024/3/5"), BAD, "user: YYYY/M/D refused");
	is_int(user("2024.3.5"), BAD, "user: YYYY.M.D refused");
	is_int(user("20240305"), BAD, "user: digits alone refused");
	is_int(user("5.3"), BAD, "user: a day without its year refused");
	is_int(user(""), BAD, "user: empty refused");
	is_int(user("todays"), BAD, "user: todays refused");
	is_int(user("tomorrow"), BAD, "user: tomorrow refused");
	is_int(user("demain"), BAD, "user: demain refused");
	is_int(user("aujourdhui"), BAD, "user: aujourdhui refused");
	is_int(user("hier "), BAD, "user: hier with a space refused");
	ok(date_parse_user("2024-02-30", 10, TODAY, &day) != 0 && day == 777,
	    "user: a refused date leaves *day alone");
	/* the files keep their two forms */
	is_int(parse("2024-3-5"), BAD, "file: YYYY-M-D refused");
	is_int(parse("05.03.2024"), BAD, "file: DD.MM.YYYY refused");
	is_int(parse("today"), BAD, "file: today refused");
	is_int(parse("hier"), BAD, "file: hier refused");
}

/* Every day of 2000..2030 in every form a person types. */
static void
user_round_trip(void)
{
	char f[4][32];
	int day, y, m, d, bad = 0, i;

	for (day = parse("2000-01-01"); day <= parse("2030-12-31"); day++) {
		date_to_ymd(day, &y, &m, &d);
		snprintf(f[0], sizeof(f[0]), "%04d-%d-%d", y, m, d);
		snprintf(f[1], sizeof(f[1]), "%d/%d/%04d", d, m, y);
		snprintf(f[2], sizeof(f[2]), "%02d.%02d.%04d", d, m, y);
		snprintf(f[3], sizeof(f[3]), "%d.%d.%04d", d, m, y);
		for (i = 0; i < 4; i++)
			if (user(f[i]) != day)
				bad++;
	}
	is_int(bad, 0, "user: every day of 2000..2030 in every form");
}

int
main(void)
{
	int day = 0;

	/* ISO */
	is_int(parse("1970-01-01"), 0, "1970-01-01 is day 0");
	is_int(parse("1970-01-02"), 1, "1970-01-02 is day 1");
	is_int(parse("1969-12-31"), -1, "1969-12-31 is day -1");
	is_int(parse("2016-01-01"), 16801, "2016-01-01 is day 16801");
	is_int(parse("2000-03-01"), 11017, "2000-03-01 is day 11017");
	is_int(parse("2024-12-31"), 20088, "2024-12-31 is day 20088");
	ok(date_parse("2020-01-01junk", 10, &day) == 0 &&
	    day == parse("2020-01-01"), "only len bytes are read");

	/* French */
	is_int(parse("01/01/2016"), 16801, "01/01/2016 is 2016-01-01");
	is_int(parse("31/12/2024"), 20088, "31/12/2024 is 2024-12-31");
	is_int(parse("1/1/2016"), 16801, "1/1/2016: one-digit day and month");
	is_int(parse("1/01/2016"), 16801, "1/01/2016: one-digit day");
	is_int(parse("01/1/2016"), 16801, "01/1/2016: one-digit month");
	is_int(parse("5/3/2014"), parse("2014-03-05"),
	    "5/3/2014 is day 5 of March, not May 3");
	is_int(parse("001/01/2016"), BAD, "three-digit day refused");
	is_int(parse("01/001/2016"), BAD, "three-digit month refused");
	is_int(parse("01/01/16"), BAD, "two-digit year refused");
	is_int(parse("01/01/02016"), BAD, "five-digit year refused");
	is_int(parse("01-01-2016"), BAD, "DD-MM-YYYY refused");
	is_int(parse("2016/01/01"), BAD, "YYYY/MM/DD refused");
	is_int(parse("//2016"), BAD, "missing day and month refused");
	is_int(parse("01/01/"), BAD, "missing year refused");
	is_int(parse("01/01"), BAD, "DD/MM refused");

	/* leap years */
	is_int(parse("2020-02-29"), parse("2020-03-01") - 1, "2020-02-29 ok");
	is_int(parse("29/02/2020"), parse("2020-02-29"), "29/02/2020 ok");
	is_int(parse("2019-02-29"), BAD, "2019-02-29 refused");
	is_int(parse("29/02/2019"), BAD, "29/02/2019 refused");
	is_int(parse("1900-02-29"), BAD, "1900-02-29 refused (century)");
	is_int(parse("2000-02-29"), parse("2000-03-01") - 1,
	    "2000-02-29 ok (400-year)");
	is_int(parse("2100-02-29"), BAD, "2100-02-29 refused");
	is_int(parse("2020-02-30"), BAD, "2020-02-30 refused");

	/* days and months that do not exist */
	is_int(parse("31/04/2020"), BAD, "31/04/2020 refused");
	is_int(parse("2020-04-31"), BAD, "2020-04-31 refused");
	is_int(parse("2020-06-31"), BAD, "2020-06-31 refused");
	is_int(parse("2020-09-31"), BAD, "2020-09-31 refused");
	is_int(parse("2020-11-31"), BAD, "2020-11-31 refused");
	is_int(parse("30/04/2020"), parse("2020-04-30"), "30/04/2020 ok");
	is_int(parse("2020-12-31"), parse("2021-01-01") - 1, "2020-12-31 ok");
	is_int(parse("2020-12-32"), BAD, "day 32 refused");
	is_int(parse("2020-13-01"), BAD, "month 13 refused");
	is_int(parse("01/13/2020"), BAD, "month 13 refused (French)");
	is_int(parse("2020-00-10"), BAD, "month 0 refused");
	is_int(parse("10/0/2020"), BAD, "month 0 refused (French)");
	is_int(parse("2020-01-00"), BAD, "day 0 refused");
	is_int(parse("00/01/2020"), BAD, "day 0 refused (French)");
	is_int(parse("0/1/2020"), BAD, "day 0 refused (French, one digit)");
	is_int(parse("12/25/2020"), BAD, "American MM/DD refused");

	/* the representable range */
	is_int(parse("0000-01-01"), BAD, "year 0000 refused");
	is_int(parse("01/01/0000"), BAD, "year 0000 refused (French)");
	is_int(parse("0001-01-01"), date_from_ymd(1, 1, 1), "0001-01-01 ok");
	is_int(parse("0001-01-01"), -719162, "0001-01-01 is day -719162");
	is_int(parse("9999-12-31"), 2932896, "9999-12-31 is day 2932896");
	is_int(parse("31/12/9999"), 2932896, "31/12/9999 ok");
	is_str(fmt(-719162), "0001-01-01", "0001-01-01 formats");
	is_str(fmt(2932896), "9999-12-31", "9999-12-31 formats");
	ok(parse("0001-01-01") > DAY_OPEN_FROM, "first day is after open start");
	ok(parse("9999-12-31") < DAY_OPEN_TO, "last day is before open end");

	/* junk */
	is_int(parse("2020-1-01"), BAD, "2020-1-01 refused");
	is_int(parse("2020-01-1"), BAD, "2020-01-1 refused");
	is_int(parse("20200101"), BAD, "20200101 refused");
	is_int(parse(""), BAD, "empty string refused");
	is_int(parse("today"), BAD, "'today' is not a date for date_parse");
	is_int(parse("2020-01-01x"), BAD, "trailing text refused");
	is_int(parse("2020-01-01 "), BAD, "trailing space refused");
	is_int(parse(" 2020-01-01"), BAD, "leading space refused");
	is_int(parse("01/01/2020x"), BAD, "trailing text refused (French)");
	is_int(parse("01/01/2020 "), BAD, "trailing space refused (French)");
	is_int(parse("2020-01-0a"), BAD, "letter in the day refused");
	is_int(parse("2O20-01-01"), BAD, "letter O in the year refused");
	is_int(parse("+020-01-01"), BAD, "sign in the year refused");
	is_int(parse("2020-+1-01"), BAD, "sign in the month refused");
	is_int(parse("-1/01/2020"), BAD, "negative day refused");
	is_int(parse("2020_01_01"), BAD, "wrong separators refused");
	is_int(parse("2020-01/01"), BAD, "mixed separators refused");
	day = 777;
	ok(date_parse("2020-02-30", 10, &day) != 0 && day == 777,
	    "a refused date leaves *day alone");
	ok(date_parse("2020-01-01", 0, &day) != 0, "length 0 refused");
	ok(date_parse("2020-01-01", 9, &day) != 0, "truncated length refused");

	/* formatting and open ends */
	is_str(fmt(0), "1970-01-01", "day 0 formats");
	is_str(fmt(-1), "1969-12-31", "day -1 formats");
	is_str(fmt(16801), "2016-01-01", "day 16801 formats");
	is_str(fmt(DAY_OPEN_FROM), "", "open start formats as \"\"");
	is_str(fmt(DAY_OPEN_TO), "", "open end formats as \"\"");
	is_str(fmt(DAY_OPEN_FROM - 5), "", "before the open start is \"\"");
	is_str(fmt(DAY_OPEN_TO + 5), "", "after the open end is \"\"");
	ok(strlen("9999-12-31") + 1 == DATE_BUFSZ, "DATE_BUFSZ fits a date");

	round_trip();
	user_forms();
	user_refusals();
	user_round_trip();

	/* date_today: a plausible day that formats and parses back */
	{
		char buf[DATE_BUFSZ];
		int t = date_today();

		date_format(t, buf);
		ok(t > parse("2020-01-01") && t < parse("2200-01-01"),
		    "date_today is a plausible day (%s)", buf);
		is_int(parse(buf), t, "date_today formats and parses back");
	}
	return tap_done();
}
