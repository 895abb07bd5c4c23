/*
 * Name folding and fuzzy matching. "Provence-Alpes-Côte d'Azur",
 * "PROVENCE ALPES COTE D AZUR" and "provence alpes cote d’azur" all fold to
 * "provencealpescotedazur", which is what the store indexes and compares.
 */
#include <stdlib.h>
#include <string.h>

#include "cepdir.h"
#include "i18n.h"

/* Base letters of U+00C0..U+017F (Latin-1 Supplement, Latin Extended-A). */
static const char *const latin_base[192] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i",
	"i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y",
	"th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i",
	"i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y",
	"th", "y",
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c",
	"d", "d",
	"d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g",
	"g", "g",
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i",
	"i", "i",
	"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l",
	"l", "l",
	"l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o",
	"o", "o",
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s",
	"s", "s",
	"s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u",
	"u", "u",
	"u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z",
	"z", "s",
};

/* Decodes one UTF-8 sequence; returns its length, 0 if invalid. */
static size_t
utf8_decode(const unsigned char *s, size_t len, unsigned long *cp)
{
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		*cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		*cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		*cp = s[0] & 0x07;
	} else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && *cp < 0x800) || (n == 4 && (*cp < 0x10000 ||
	    *cp > 0x10ffff)) || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

/* Appends while it fits; once a piece does not, nothing more is written
 * (so the output is a prefix of the fold) but the length still counts. */
static void
put(char *out, size_t outsz, size_t *o, size_t *kept, const char *s,
    size_t n)
{
	if (*o == *kept && *o + n < outsz) {
		memcpy(out + *o, s, n);
		*kept += n;
	}
	*o += n;
}

size_t
name_fold(const char *in, size_t len, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0, kept = 0, n;
	unsigned long cp;
	char c;

	while (i < len) {
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			i++;		/* a stray byte carries no letter */
			continue;
		}
		if (cp < 0x80) {
			c = (char)cp;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				put(out, outsz, &o, &kept, &c, 1);
		} else if (cp >= 0xc0 && cp <= 0x17f) {
			put(out, outsz, &o, &kept, latin_base[cp - 0xc0],
			    strlen(latin_base[cp - 0xc0]));
		} else if (cp < 0xc0 || (cp >= 0x300 && cp <= 0x36f) ||
		    (cp >= 0x2000 && cp <= 0x206f) || cp == 0xfeff) {
			/* symbols, combining accents, punctuation: dropped */
		} else
			put(out, outsz, &o, &kept, in + i, n);
		i += n;
	}
	if (outsz > 0)
		out[kept] = '\0';
	return o;
}

int
name_distance(const char *a, const char *b, int cap)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	int *prev, *cur, *t, best, v;

	if ((la > lb ? la - lb : lb - la) > (size_t)cap)
		return cap + 1;
	if ((prev = calloc(lb + 1, sizeof(int))) == NULL)
		return cap + 1;
	if ((cur = calloc(lb + 1, sizeof(int))) == NULL) {
		free(prev);
		return cap + 1;
	}
	for (j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (i = 1; i <= la; i++) {
		cur[0] = (int)i;
		best = cur[0];
		for (j = 1; j <= lb; j++) {
			v = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		t = prev;
		prev = cur;
		cur = t;
		if (best > cap)
			break;
	}
	v = i <= la ? cap + 1 : prev[lb];
	free(prev);
	free(cur);
	return v > cap ? cap + 1 : v;
}

/* The ids, which are also the English of the publics as a table or a
 * page shows them. */
static const char *const public_ids[PUBLIC_COUNT] = {
	/* TRANSLATORS: a public, in a table: job seekers */
	N_("jobseekers"),
	/* TRANSLATORS: a public: executives (cadres) */
	N_("executives"),
	/* TRANSLATORS: a public: young people aged 16 to 25 */
	N_("youth"),
	/* TRANSLATORS: a public: disabled people */
	N_("disabled"),
	/* TRANSLATORS: a public: employees of the private sector */
	N_("employed")
};
/* The French words for each public, as people write them (folded before
 * they are compared): the first is the short one the usage names. */
static const char *const public_fr[][PUBLIC_COUNT] = {
	{ "demandeurs", "cadres", "jeunes", "handicap", "salaries" },
	{ "demandeurs d'emploi", "cadre", "jeune", "personnes handicapees",
	    "salarie" },
	{ "demandeur d'emploi", "", "", "handicapes", "actifs occupes" },
	{ "demandeur", "", "", "travailleurs handicapes", "" }
};

static int
is_french_word(const char *folded, int p)
{
	char f[64];
	size_t i;

	for (i = 0; i < sizeof(public_fr) / sizeof(public_fr[0]); i++)
		if (public_fr[i][p][0] != '\0' &&
		    name_fold(public_fr[i][p], strlen(public_fr[i][p]), f,
		    sizeof(f)) < sizeof(f) && strcmp(f, folded) == 0)
			return 1;
	return 0;
}

int
public_parse(const char *s, int french)
{
	char f[64];
	int p;

	if (name_fold(s, strlen(s), f, sizeof(f)) >= sizeof(f))
		return -1;
	for (p = 0; p < PUBLIC_COUNT; p++)
		if (strcmp(f, public_ids[p]) == 0 ||
		    (french && is_french_word(f, p)))
			return p;
	return -1;
}

const char *
public_id(int p)
{
	return p >= 0 && p < PUBLIC_COUNT ? public_ids[p] : "";
}

const char *
public_label(int p)
{
	return p >= 0 && p < PUBLIC_COUNT ? _(public_ids[p]) : "";
}
