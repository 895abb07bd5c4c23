/*
 * Values in HTML and SVG. One escaping serves text and attribute values
 * of both, so that a name read from an imported file is never markup: the
 * five characters that XML and HTML give a meaning (& < > " ') become
 * references. A strict XML parser refuses a whole document for one byte
 * that is not well-formed UTF-8 or one character XML 1.0 does not allow
 * (control characters other than tab and line ends, U+FFFE, U+FFFF), so
 * those become U+FFFD: the page still shows every other value.
 */
#include <string.h>
#include <strings.h>

#include "output.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

size_t
markup_char(const char *str, size_t n, unsigned long *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned long c, min;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		min = 0x10000;
	} else
		goto bad;
	if (len > n)
		goto bad;
	c = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and beyond U+10FFFF are not UTF-8 */
	if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

/* What a character becomes, or NULL when it is written as it is. */
static const char *
entity(unsigned long cp, size_t len)
{
	switch (cp) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\t':
	case '\n':
	case '\r':
		return NULL;
	}
	if (cp < 0x20 || cp == 0xfffe || cp == 0xffff ||
	    (cp == 0xfffd && len == 1))
		return REPLACEMENT;
	return NULL;
}

void
markup_putn(FILE *fp, const char *s, size_t n)
{
	const char *e;
	unsigned long cp;
	size_t i = 0, start = 0, len;

	while (i < n) {
		len = markup_char(s + i, n - i, &cp);
		if ((e = entity(cp, len)) == NULL) {
			i += len;
			continue;
		}
		/* the plain run before it in one write */
		fwrite(s + start, 1, i - start, fp);
		fputs(e, fp);
		i += len;
		start = i;
	}
	fwrite(s + start, 1, i - start, fp);
}

void
markup_put(FILE *fp, const char *s)
{
	markup_putn(fp, s, strlen(s));
}

/*
 * Only the web's own schemes become links: a javascript: or data: address
 * in an imported file is shown as text, never followed.
 */
int
markup_is_link(const char *s)
{
	return strncasecmp(s, "https://", 8) == 0 ||
	    strncasecmp(s, "http://", 7) == 0;
}
