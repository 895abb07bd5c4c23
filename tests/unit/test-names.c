/* Unit tests of src/names.c: folding, fuzzy distance, publics. */
#include <string.h>

#include "cepdir.h"
#include "tap.h"

static char folded[256];

static const char *
fold(const char *s)
{
	memset(folded, 'Z', sizeof(folded));
	name_fold(s, strlen(s), folded, sizeof(folded));
	return folded;
}

/* name_fold over len bytes (which may hold a NUL or bad UTF-8). */
static const char *
foldn(const char *s, size_t len)
{
	memset(folded, 'Z', sizeof(folded));
	name_fold(s, len, folded, sizeof(folded));
	return folded;
}

static const struct {
	const char *upper, *lower, *want;
} letters[] = {
	{ "\xc3\x89", "\xc3\xa9", "e" },	/* É é */
	{ "\xc3\x88", "\xc3\xa8", "e" },	/* È è */
	{ "\xc3\x8a", "\xc3\xaa", "e" },	/* Ê ê */
	{ "\xc3\x8b", "\xc3\xab", "e" },	/* Ë ë */
	{ "\xc3\x80", "\xc3\xa0", "a" },	/* À à */
	{ "\xc3\x82", "\xc3\xa2", "a" },	/* Â â */
	{ "\xc3\x87", "\xc3\xa7", "c" },	/* Ç ç */
	{ "\xc3\x8e", "\xc3\xae", "i" },	/* Î î */
	{ "\xc3\x8f", "\xc3\xaf", "i" },	/* Ï ï */
	{ "\xc3\x94", "\xc3\xb4", "o" },	/* Ô ô */
	{ "\xc3\x96", "\xc3\xb6", "o" },	/* Ö ö */
	{ "\xc5\x92", "\xc5\x93", "oe" },	/* Œ œ */
	{ "\xc3\x86", "\xc3\xa6", "ae" },	/* Æ æ */
	{ "\xc3\x99", "\xc3\xb9", "u" },	/* Ù ù */
	{ "\xc3\x9b", "\xc3\xbb", "u" },	/* Û û */
	{ "\xc3\x9c", "\xc3\xbc", "u" },	/* Ü ü */
	{ "\xc5\xb8", "\xc3\xbf", "y" },	/* Ÿ ÿ */
	/* a few more of Latin-1 and Extended-A that French names meet */
	{ "\xc3\x91", "\xc3\xb1", "n" },	/* Ñ ñ */
	{ "\xc3\x81", "\xc3\xa1", "a" },	/* Á á */
	{ "\xc3\x98", "\xc3\xb8", "o" },	/* Ø ø */
	{ "\xc5\xa0", "\xc5\xa1", "s" },	/* Š š */
	{ "\xc5\xbd", "\xc5\xbe", "z" },	/* Ž ž */
};

int
main(void)
{
	char word[64], out[16];
	size_t i, n;

	/* every French accented letter, upper and lower case, alone and in
	 * a word */
	for (i = 0; i < sizeof(letters) / sizeof(letters[0]); i++) {
		is_str(fold(letters[i].upper), letters[i].want,
		    "fold %s -> %s", letters[i].upper, letters[i].want);
		is_str(fold(letters[i].lower), letters[i].want,
		    "fold %s -> %s", letters[i].lower, letters[i].want);
		snprintf(word, sizeof(word), "X%sy%sZ", letters[i].upper,
		    letters[i].lower);
		snprintf(out, sizeof(out), "x%sy%sz", letters[i].want,
		    letters[i].want);
		is_str(fold(word), out, "fold %s -> %s", word, out);
	}
	is_str(fold("\xc3\x9f"), "ss", "fold \xc3\x9f -> ss");
	is_str(fold("Stra\xc3\x9f" "e"), "strasse", "fold Stra\xc3\x9f" "e");
	is_str(fold("\xc5\x92uvre"), "oeuvre", "fold \xc5\x92uvre");
	is_str(fold("C\xc5\x93ur"), "coeur", "fold C\xc5\x93ur");

	/* plain ASCII */
	is_str(fold("ABCXYZ abcxyz 0123456789"), "abcxyzabcxyz0123456789",
	    "ASCII letters lower-cased, digits kept, spaces dropped");
	is_str(fold("a-b_c.d,e;f/g(h)i!j?k\"l+m"), "abcdefghijklm",
	    "ASCII punctuation dropped");
	is_str(fold(""), "", "empty name folds to empty");
	is_int(name_fold("", 0, out, sizeof(out)), 0, "empty: length 0");

	/* separators */
	is_str(fold("Saint-Denis"), "saintdenis", "hyphen dropped");
	is_str(fold("Saint--Denis"), "saintdenis", "two hyphens dropped");
	is_str(fold("L'Abergement"), "labergement", "apostrophe ' dropped");
	is_str(fold("L\xe2\x80\x99" "Abergement"), "labergement",
	    "apostrophe \xe2\x80\x99 (U+2019) dropped");
	is_str(fold("  Ile   de\tFrance  "), "iledefrance", "spaces and tabs "
	    "dropped");
	is_str(fold("Ile\xc2\xa0" "de\xc2\xa0" "France"), "iledefrance",
	    "no-break space (U+00A0) dropped");
	is_str(fold("Saint\xe2\x80\x91" "Denis"), "saintdenis",
	    "non-breaking hyphen (U+2011) dropped");
	is_str(fold("Saint\xe2\x80\x93" "Denis"), "saintdenis",
	    "en dash (U+2013) dropped");
	is_str(fold("\xef\xbb\xbf" "Corse"), "corse", "BOM (U+FEFF) dropped");

	/* NFD: the base letter and a combining accent */
	is_str(fold("e\xcc\x81"), "e", "NFD e + U+0301 folds to e");
	is_str(fold("E\xcc\x80"), "e", "NFD E + U+0300 folds to e");
	is_str(fold("I\xcc\x82le-de-France"), "iledefrance",
	    "NFD \xc3\x8ele-de-France");
	is_str(fold("C\xcc\xa7" "a"), "ca", "NFD c + cedilla");
	is_str(fold("Re\xcc\x81union"), fold("R\xc3\xa9union"),
	    "NFD and NFC R\xc3\xa9union fold alike");

	/* invalid UTF-8: stray bytes carry no letter */
	is_str(foldn("a\xff" "b", 3), "ab", "0xFF dropped");
	is_str(foldn("a\x80" "b", 3), "ab", "lone continuation byte dropped");
	is_str(foldn("a\xc3", 2), "a", "truncated sequence at the end dropped");
	is_str(foldn("\xc3" "A", 2), "a", "lead byte before ASCII dropped, "
	    "ASCII kept");
	is_str(foldn("\xc0\xaf" "x", 3), "x", "overlong encoding dropped");
	is_str(foldn("\xe0\x80\xaf" "x", 4), "x",
	    "overlong 3-byte encoding dropped");
	is_str(foldn("\xed\xa0\x80" "x", 4), "x", "UTF-16 surrogate dropped");
	is_str(foldn("\xf4\x90\x80\x80" "x", 5), "x",
	    "code point above U+10FFFF dropped");
	is_str(foldn("Caf\xe9", 4), "caf", "Windows-1252 \xe9 byte dropped");
	is_str(foldn("a\0b", 3), "ab", "NUL byte dropped, the rest read");

	/* the length and the terminator */
	n = name_fold("Abc-D", 5, out, sizeof(out));
	is_int(n, 4, "returns the folded length");
	is_str(out, "abcd", "folded text");
	is_int(name_fold("\xc5\x92\xc3\x86\xc3\x9f", 6, out, sizeof(out)), 6,
	    "expansions counted (\xc5\x92\xc3\x86\xc3\x9f -> oeaess)");
	memset(out, 'Z', sizeof(out));
	n = name_fold("abcdefgh", 8, out, 4);
	is_int(n, 8, "truncated: still returns the full length");
	is_str(out, "abc", "truncated: out holds a terminated prefix");
	memset(out, 'Z', sizeof(out));
	n = name_fold("ab\xc3\xa6", 4, out, 4);
	is_int(n, 4, "abæ folds to 4 bytes");
	ok(strlen(out) < 4 && strncmp(out, "abae", strlen(out)) == 0,
	    "truncated inside an expansion: out is a prefix of the fold "
	    "(got \"%s\")", out);
	memset(out, 'Z', sizeof(out));
	n = name_fold("abc\xc3\x9f", 5, out, 5);
	ok(strlen(out) < 5 && strncmp(out, "abcss", strlen(out)) == 0,
	    "truncated inside \xc3\x9f -> ss: out is a prefix of the fold "
	    "(got \"%s\")", out);
	out[0] = 'Z';
	name_fold("abc", 3, out, 1);
	is_str(out, "", "outsz 1: just the terminator");
	is_int(name_fold("abc", 3, NULL, 0), 3, "outsz 0: only the length");

	/* the names of the contract */
	is_str(fold("Provence-Alpes-C\xc3\xb4te d'Azur"),
	    "provencealpescotedazur", "Provence-Alpes-C\xc3\xb4te d'Azur");
	is_str(fold("PROVENCE ALPES COTE D AZUR"), "provencealpescotedazur",
	    "PROVENCE ALPES COTE D AZUR");
	is_str(fold("provence alpes cote d\xe2\x80\x99" "azur"),
	    "provencealpescotedazur", "provence alpes cote d\xe2\x80\x99" "azur");
	{
		char a[64], b[64];

		name_fold("Provence-Alpes-C\xc3\xb4te d'Azur", 27, a,
		    sizeof(a));
		name_fold("PROVENCE ALPES COTE D AZUR", 26, b, sizeof(b));
		is_str(a, b, "Provence-Alpes-C\xc3\xb4te d'Azur == "
		    "PROVENCE ALPES COTE D AZUR");
	}
	is_str(fold("\xc3\x8ele-de-France"), "iledefrance", "\xc3\x8ele-de-France");
	is_str(fold("ile de france"), "iledefrance", "ile de france");
	is_str(fold("Auvergne-Rh\xc3\xb4ne-Alpes"), "auvergnerhonealpes",
	    "Auvergne-Rh\xc3\xb4ne-Alpes");
	is_str(fold("La R\xc3\xa9union"), "lareunion", "La R\xc3\xa9union");
	is_str(fold("L'Ha\xc3\xbf-les-Roses"), "lhaylesroses",
	    "L'Ha\xc3\xbf-les-Roses");

	/* name_distance */
	is_int(name_distance("", "", 3), 0, "distance of two empty names");
	is_int(name_distance("abc", "abc", 0), 0, "equal names: 0 under cap 0");
	is_int(name_distance("abc", "", 5), 3, "to the empty name: its length");
	is_int(name_distance("", "abcd", 5), 4, "from the empty name");
	is_int(name_distance("kitten", "sitting", 5), 3, "kitten/sitting: 3");
	is_int(name_distance("sitting", "kitten", 5), 3, "symmetric");
	is_int(name_distance("flaw", "lawn", 5), 2, "flaw/lawn: 2");
	is_int(name_distance("ab", "ba", 5), 2, "transposition counts 2");
	is_int(name_distance("bretagne", "bretgane", 5), 2, "bretagne/bretgane");
	is_int(name_distance("normandie", "normandy", 5), 2,
	    "normandie/normandy");
	is_int(name_distance("corse", "corse", 3), 0, "identical: 0");
	is_int(name_distance("corse", "corsi", 3), 1, "one substitution");
	is_int(name_distance("corse", "corsea", 3), 1, "one insertion");
	is_int(name_distance("corse", "cose", 3), 1, "one deletion");
	is_int(name_distance("valid_frm", "valid_from", 3), 1,
	    "valid_frm/valid_from");
	/* the cap */
	is_int(name_distance("abc", "abd", 0), 1, "over cap 0: cap + 1");
	is_int(name_distance("kitten", "sitting", 3), 3, "exactly the cap: 3");
	is_int(name_distance("kitten", "sitting", 2), 3, "over cap 2: 3");
	is_int(name_distance("kitten", "sitting", 1), 2, "over cap 1: 2");
	is_int(name_distance("abcdef", "ghijkl", 2), 3, "all different: cap+1");
	is_int(name_distance("abcdef", "ghijkl", 10), 6, "all different: 6");
	is_int(name_distance("a", "abcdefgh", 3), 4,
	    "length difference over the cap: cap + 1");
	is_int(name_distance("abcdefgh", "a", 3), 4,
	    "length difference over the cap, other way: cap + 1");
	is_int(name_distance("a", "abcd", 3), 3,
	    "length difference equal to the cap: the distance");
	is_int(name_distance("xbcdefghij", "abcdefghiy", 1), 2,
	    "differences at both ends, cap 1: cap + 1");
	is_int(name_distance("xbcdefghij", "abcdefghiy", 2), 2,
	    "differences at both ends, cap 2: 2");

	/* publics */
	is_int(public_parse("jobseekers", 0), 0, "jobseekers");
	is_int(public_parse("executives", 0), 1, "executives");
	is_int(public_parse("youth", 0), 2, "youth");
	is_int(public_parse("disabled", 0), 3, "disabled");
	is_int(public_parse("employed", 0), 4, "employed");
	is_int(public_parse("jobseekers", 1), 0, "jobseekers with french set");
	is_int(public_parse("employed", 1), 4, "employed with french set");
	is_int(public_parse("demandeurs", 1), 0, "demandeurs (French)");
	is_int(public_parse("cadres", 1), 1, "cadres (French)");
	is_int(public_parse("jeunes", 1), 2, "jeunes (French)");
	is_int(public_parse("handicap", 1), 3, "handicap (French)");
	is_int(public_parse("salaries", 1), 4, "salaries (French)");
	is_int(public_parse("salari\xc3\xa9s", 1), 4, "salari\xc3\xa9s (French, "
	    "accented)");
	is_int(public_parse("SALARI\xc3\x89S", 1), 4, "SALARI\xc3\x89S");
	is_int(public_parse("demandeurs", 0), -1, "demandeurs refused without "
	    "french");
	is_int(public_parse("cadres", 0), -1, "cadres refused without french");
	is_int(public_parse("salaries", 0), -1, "salaries refused without "
	    "french");
	is_int(public_parse("JOBSEEKERS", 0), 0, "JOBSEEKERS: case ignored");
	is_int(public_parse("Youth", 0), 2, "Youth: case ignored");
	is_int(public_parse("Cadres", 1), 1, "Cadres: case ignored (French)");
	is_int(public_parse("students", 0), -1, "students unknown");
	is_int(public_parse("students", 1), -1, "students unknown (French)");
	is_int(public_parse("", 1), -1, "empty unknown");
	is_int(public_parse("job", 0), -1, "a prefix is not a public");
	is_int(public_parse("jobseekerss", 0), -1, "a longer word is not");
	is_int(public_parse("x", 0), -1, "x unknown");
	is_int(public_parse("jobseekersjobseekersjobseekersjobseekersjobseekers"
	    "jobseekersjobseekers", 0), -1, "a very long word is unknown");
	is_str(public_id(0), "jobseekers", "public_id 0");
	is_str(public_id(1), "executives", "public_id 1");
	is_str(public_id(2), "youth", "public_id 2");
	is_str(public_id(3), "disabled", "public_id 3");
	is_str(public_id(4), "employed", "public_id 4");
	is_str(public_id(5), "", "public_id out of range");
	is_str(public_id(-1), "", "public_id -1");
	for (i = 0; i < PUBLIC_COUNT; i++)
		is_int(public_parse(public_id((int)i), 0), (int)i,
		    "public_parse(public_id(%zu)) round-trips", i);
	return tap_done();
}
