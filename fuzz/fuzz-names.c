/*
 * Fuzz target: name_fold, name_distance and public_parse.
 *
 * Input: byte 0 gives the distance cap (bits 0-2) and the French flag of
 * public_parse (bit 3); byte 1 the size of a small output buffer for
 * name_fold (0..255); the rest is the name. For the distance the rest is
 * cut in two at its first NUL byte.
 *
 * Invariants (abort otherwise):
 * - name_fold gives only [a-z0-9] and whole, valid UTF-8 sequences of
 *   non-ASCII characters, returns the length it wrote, and is idempotent;
 * - with a buffer too small, it returns the same length and leaves a
 *   terminated prefix of the full result (nothing else) in the buffer;
 * - name_distance is symmetric, 0 between equal strings, at most cap + 1,
 *   and equal to the Levenshtein distance when that is at most cap;
 * - public_parse finds a public exactly when the folded text is one of
 *   the ids (or, with french, one of the French words, as people write
 *   them: "demandeurs d'emploi", "personnes handicapées", "salarié"...).
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

	fprintf(stderr, "fuzz-names: %s; input (%zu bytes) \"", what, size);
	for (i = 0; i < size && i < 300; i++)
		fprintf(stderr, data[i] >= 0x20 && data[i] < 0x7f &&
		    data[i] != '"' && data[i] != '\\' ? "%c" : "\\x%02x",
		    data[i]);
	fprintf(stderr, "%s\"\n", size > 300 ? "..." : "");
	abort();
}

/* Length of a valid UTF-8 sequence of a non-ASCII character, else 0. */
static size_t
utf8_seq(const unsigned char *s, size_t len)
{
	unsigned long cp;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > len)
		return 0;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static int
folded_ok(const char *f, size_t len)
{
	const unsigned char *s = (const unsigned char *)f;
	size_t i = 0, n;

	while (i < len) {
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
			i++;
		else if ((n = utf8_seq(s + i, len - i)) > 0)
			i += n;
		else
			return 0;
	}
	return 1;
}

static int
levenshtein(const char *a, size_t la, const char *b, size_t lb)
{
	int *prev, *cur, *t, v;
	size_t i, j;

	prev = calloc(lb + 1, sizeof(int));
	cur = calloc(lb + 1, sizeof(int));
	if (prev == NULL || cur == NULL)
		abort();
	for (j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (i = 1; i <= la; i++) {
		cur[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			v = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			cur[j] = v;
		}
		t = prev;
		prev = cur;
		cur = t;
	}
	v = prev[lb];
	free(prev);
	free(cur);
	return v;
}

static const char *const ids[] = { "jobseekers", "executives", "youth",
    "disabled", "employed" };
/* The French words public_parse takes, folded, each with its public. */
static const struct { const char *word; int pub; } fr[] = {
	{ "demandeurs", 0 }, { "demandeursdemploi", 0 },
	{ "demandeurdemploi", 0 }, { "demandeur", 0 },
	{ "cadres", 1 }, { "cadre", 1 }, { "jeunes", 2 }, { "jeune", 2 },
	{ "handicap", 3 }, { "personneshandicapees", 3 }, { "handicapes", 3 },
	{ "travailleurshandicapes", 3 },
	{ "salaries", 4 }, { "salarie", 4 }, { "actifsoccupes", 4 }
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *rest;
	char *in, *full, *again, *small, *a, *b;
	size_t len, bigsz, r, r2, rs, outsz, k, la, lb;
	int cap, french, d1, d2, ref, p, want;

	if (size < 2)
		return 0;
	cap = data[0] & 7;
	french = (data[0] >> 3) & 1;
	outsz = data[1];
	rest = (const char *)data + 2;
	len = size - 2;

	/* exact-size copies, so ASan sees any read past the end */
	bigsz = 2 * len + 16;
	in = malloc(len ? len : 1);
	full = malloc(bigsz);
	again = malloc(bigsz);
	small = malloc(outsz ? outsz : 1);
	if (in == NULL || full == NULL || again == NULL || small == NULL)
		abort();
	memcpy(in, rest, len);

	r = name_fold(in, len, full, bigsz);
	if (r >= bigsz)
		fail("name_fold: the result is longer than twice the input",
		    data, size);
	if (strlen(full) != r)
		fail("name_fold: the returned length is not the length "
		    "written", data, size);
	if (!folded_ok(full, r))
		fail("name_fold: a byte that is not [a-z0-9] nor part of a "
		    "valid non-ASCII UTF-8 character", data, size);
	r2 = name_fold(full, r, again, bigsz);
	if (r2 != r || memcmp(full, again, r) != 0)
		fail("name_fold is not idempotent", data, size);

	memset(small, 0xaa, outsz);
	rs = name_fold(in, len, small, outsz);
	if (rs != r)
		fail("name_fold: another length with a small buffer", data,
		    size);
	if (outsz > 0) {
		k = r < outsz - 1 ? r : outsz - 1;
		if (memchr(small, '\0', k + 1) == NULL)
			fail("name_fold: a small buffer is not terminated",
			    data, size);
		if (memcmp(small, full, strlen(small)) != 0)
			fail("name_fold: a small buffer holds bytes that are "
			    "not a prefix of the fold (unwritten bytes left "
			    "before the terminator)", data, size);
	}

	/* distance: the name cut at its first NUL */
	a = malloc(len + 1);
	b = malloc(len + 1);
	if (a == NULL || b == NULL)
		abort();
	la = strnlen(rest, len);
	memcpy(a, rest, la);
	a[la] = '\0';
	lb = la < len ? len - la - 1 : 0;
	memcpy(b, rest + la + (la < len), lb);
	b[lb] = '\0';
	lb = strlen(b);
	d1 = name_distance(a, b, cap);
	d2 = name_distance(b, a, cap);
	if (d1 != d2)
		fail("name_distance is not symmetric", data, size);
	if (d1 < 0 || d1 > cap + 1)
		fail("name_distance is out of 0..cap+1", data, size);
	if (name_distance(a, a, cap) != 0)
		fail("name_distance of a string to itself is not 0", data,
		    size);
	if (la <= 300 && lb <= 300) {
		ref = levenshtein(a, la, b, lb);
		if (ref <= cap ? d1 != ref : d1 != cap + 1)
			fail("name_distance is not the capped Levenshtein "
			    "distance", data, size);
	}

	/* public_parse against the fold of the same text */
	p = public_parse(a, french);
	(void)name_fold(a, la, full, bigsz);
	for (want = -1, k = 0; k < PUBLIC_COUNT && want == -1; k++)
		if (strcmp(full, ids[k]) == 0)
			want = (int)k;
	for (k = 0; french && k < sizeof(fr) / sizeof(fr[0]) && want == -1;
	    k++)
		if (strcmp(full, fr[k].word) == 0)
			want = fr[k].pub;
	if (p != want)
		fail("public_parse disagrees with the fold", data, size);
	if (p >= 0 && strcmp(public_id(p), ids[p]) != 0)
		fail("public_id does not give the id back", data, size);

	free(in);
	free(full);
	free(again);
	free(small);
	free(a);
	free(b);
	return 0;
}
