/* Small text helpers: values in messages, and widths on a terminal. */
#include <stdio.h>
#include <string.h>

#include "cepdir.h"
#include "i18n.h"
#include "output.h"

#define QUOTE_MAX 40

/*
 * A value as a message shows it: in quotes, control bytes escaped, cut
 * after QUOTE_MAX bytes (on a character boundary) so that a 1 MB field
 * does not make a 1 MB message. fmt puts the quotes around it, cut when
 * it was cut ("%s"...): the value escaped fits in bufsz with them.
 */
static char *
quote_in(const char *s, size_t len, char *buf, size_t bufsz,
    const char *fmt, const char *cut)
{
	char inner[256];
	size_t i, o = 0, lim = len, room;
	unsigned char c;

	/* room for the quotes of cut beyond the two of "%s"... */
	room = 9 + (strlen(cut) > 7 ? strlen(cut) - 7 : 0);
	if (bufsz < 8) {
		if (bufsz > 0)
			buf[0] = '\0';
		return buf;
	}
	if (lim > QUOTE_MAX) {
		lim = QUOTE_MAX;
		while (lim > 0 && ((unsigned char)s[lim] & 0xc0) == 0x80)
			lim--;
	}
	for (i = 0; i < lim && o + room < bufsz && o + 8 < sizeof(inner);
	    i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(inner + o, sizeof(inner) - o,
			    "\\x%02X", c);
		else
			inner[o++] = (char)c;
	}
	inner[o] = '\0';
	snprintf(buf, bufsz, lim < len ? cut : fmt, inner);
	return buf;
}

char *
quote_value(const char *s, size_t len, char *buf, size_t bufsz)
{
	return quote_in(s, len, buf, bufsz, "\"%s\"", "\"%s\"...");
}

char *
quote_local(const char *s, size_t len, char *buf, size_t bufsz)
{
	/* TRANSLATORS: a value typed or read, quoted in a message, as
	 * "bretange" in: unknown region "bretange" */
	return quote_in(s, len, buf, bufsz, _("\"%s\""),
	    /* TRANSLATORS: the same, cut after 40 bytes */
	    _("\"%s\"..."));
}

static size_t
utf8_next(const unsigned char *s, unsigned long *cp)
{
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
	*cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return i;	/* broken: count what was read */
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return n;
}

/* Columns a character takes on a terminal: accents none, CJK two. */
static size_t
char_width(unsigned long cp)
{
	if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) ||
	    cp == 0xfeff)
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 &&
	    cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
	    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 &&
	    cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 &&
	    cp <= 0x1f64f) || (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

size_t
display_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned long cp;
	size_t w = 0;

	while (*s != '\0') {
		s += utf8_next(s, &cp);
		w += char_width(cp);
	}
	return w;
}

size_t
display_prefix(const char *str, size_t max, size_t *width)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned long cp;
	size_t w = 0, n, k;

	for (n = 0; s[n] != '\0'; n += k) {
		k = utf8_next(s + n, &cp);
		if (w + char_width(cp) > max)
			break;
		w += char_width(cp);
	}
	/* the accents that follow the last character kept stay with it */
	while (s[n] != '\0' && (k = utf8_next(s + n, &cp)) > 0 &&
	    char_width(cp) == 0)
		n += k;
	*width = w;
	return n;
}

/* Tabs and line ends inside a value become spaces (tsv, table). */
void
put_flat(FILE *fp, const char *s)
{
	size_t n;

	for (;;) {
		n = strcspn(s, "\t\n\r");
		fwrite(s, 1, n, fp);
		if (s[n] == '\0')
			return;
		putc(' ', fp);
		s += n + 1;
	}
}
