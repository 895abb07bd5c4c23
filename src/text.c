/* Small text helpers shared by the library's messages. */
#include <stdio.h>
#include <string.h>

#include "cepdir.h"

#define QUOTE_MAX 40

/*
 * A value as a message shows it: in double quotes, control bytes escaped,
 * cut after QUOTE_MAX bytes (on a character boundary) so that a 1 MB field
 * does not make a 1 MB message.
 */
char *
quote_value(const char *s, size_t len, char *buf, size_t bufsz)
{
	size_t i, o = 0, lim = len;
	unsigned char c;

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
	buf[o++] = '"';
	for (i = 0; i < lim && o + 8 < bufsz; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, bufsz - o, "\\x%02X", c);
		else
			buf[o++] = (char)c;
	}
	buf[o++] = '"';
	if (lim < len && o + 4 < bufsz) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}
