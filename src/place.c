/*
 * A place as people write it, read into what to look for: a code (a
 * postcode or an INSEE code, `postcode:` and `insee:` to force the
 * reading; a department code), or a name with what narrows it. "St" and
 * "Ste" are written out; a department ("Saint-Denis (93)", "Saint-Denis
 * 93", "Saint-Denis, 974") or a postcode ("35000 Rennes", "Rennes 35000")
 * narrows the name; a number after a name may be a municipal
 * arrondissement ("Paris 15e", "Paris XV", "Lyon 3ème", "Marseille 1er"),
 * which the lookup decides, since only the data knows which exist.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "place.h"

static int
is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* A department code: 2 digits, 2A/2B, or 97x/98x. */
int
place_is_dept(const char *s, size_t n)
{
	if (n == 2)
		return is_digits(s, 2) || (s[0] == '2' && (s[1] == 'A' ||
		    s[1] == 'B' || s[1] == 'a' || s[1] == 'b'));
	return n == 3 && s[0] == '9' && (s[1] == '7' || s[1] == '8') &&
	    is_digits(s + 2, 1);
}

/* A commune's INSEE code in Corsica: 2A or 2B and three digits. */
static int
is_corsican_insee(const char *s, size_t n)
{
	return n == 5 && s[0] == '2' && strchr("AaBb", s[1]) != NULL &&
	    is_digits(s + 2, 3);
}

/* Copies n bytes of s into a code buffer, 2a/2b in capitals. */
static void
set_code(char *out, size_t outsz, const char *s, size_t n)
{
	snprintf(out, outsz, "%.*s", (int)n, s);
	if (out[0] == '2' && (out[1] == 'a' || out[1] == 'b'))
		out[1] = (char)(out[1] - 'a' + 'A');
}

static int
separator(char c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '\'' || c == ',';
}

/*
 * The name with the abbreviations people use written out: "St" and "Ste"
 * (with or without a dot) as a word of their own are Saint and Sainte.
 */
static void
expand_saints(const char *in, char *out, size_t outsz)
{
	size_t o = 0, n;
	const char *w, *word;

	out[0] = '\0';
	while (*in != '\0' && o + 1 < outsz) {
		if (separator(*in) || *in == '.') {
			out[o++] = *in++;
			continue;
		}
		for (n = 0; in[n] != '\0' && !separator(in[n]) &&
		    in[n] != '.'; n++)
			;
		w = in;
		word = NULL;
		if (n == 2 && strncasecmp(w, "st", 2) == 0)
			word = "Saint";
		else if (n == 3 && strncasecmp(w, "ste", 3) == 0)
			word = "Sainte";
		if (word != NULL) {
			in += n;
			if (*in == '.')
				in++;
			o += (size_t)snprintf(out + o, outsz - o, "%s", word);
		} else {
			o += (size_t)snprintf(out + o, outsz - o, "%.*s",
			    (int)n, w);
			in += n;
		}
		if (o >= outsz)
			o = outsz - 1;
	}
	out[o] = '\0';
}

/* Roman numerals up to XXXIX: the value, or 0. */
static int
roman(const char *s, size_t n)
{
	static const char *const units[] = { "", "i", "ii", "iii", "iv", "v",
	    "vi", "vii", "viii", "ix" };
	char low[8];
	size_t i, t;
	int u;

	if (n == 0 || n >= sizeof(low))
		return 0;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[n] = '\0';
	for (t = 0; t < n && t < 3 && low[t] == 'x'; t++)
		;
	for (u = 0; u < 10; u++)
		if (strcmp(low + t, units[u]) == 0)
			return (int)t * 10 + u;
	return 0;
}

/* "15", "15e", "15ème", "15eme", "1er", "1ère", "XV", with "arrondissement"
 * or "arr." after it or not: the number, or 0. */
static int
arrondissement(const char *s)
{
	static const char *const suffixes[] = { "", "e", "er", "ere",
	    "\xc3\xa8re", "eme", "\xc3\xa8me", "\xc3\xa8", NULL };
	size_t n, i;
	int v;

	for (n = 0; isdigit((unsigned char)s[n]); n++)
		;
	if (n > 0 && n <= 2) {
		v = (s[0] - '0') * (n == 2 ? 10 : 1) + (n == 2 ? s[1] - '0' :
		    0);
		s += n;
	} else {
		for (n = 0; isalpha((unsigned char)s[n]); n++)
			;
		if ((v = roman(s, n)) == 0)
			return 0;
		s += n;
	}
	for (i = 0; suffixes[i] != NULL; i++) {
		n = strlen(suffixes[i]);
		if (strncasecmp(s, suffixes[i], n) != 0)
			continue;
		s += n;
		while (*s == ' ' || *s == '.')
			s++;
		if (*s == '\0' || strcasecmp(s, "arrondissement") == 0 ||
		    strcasecmp(s, "arr") == 0 || strcasecmp(s, "arr.") == 0)
			return v;
		s -= n;
	}
	return 0;
}

/* Trailing spaces and commas off. */
static void
rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == ','))
		s[--n] = '\0';
}

/* A qualifier after the name: "(93)", "(35000)", ", 974", " 93",
 * " 35000"; taken off the name. 0 when there is none. */
static int
take_qualifier(struct place_query *pq, char *name)
{
	char *q, *end;
	size_t n;
	int parens;

	rtrim(name);
	n = strlen(name);
	if ((parens = n > 0 && name[n - 1] == ')')) {
		if ((q = strrchr(name, '(')) == NULL)
			return 0;
		end = name + n - 1;
		q++;
	} else {
		for (q = name + n; q > name && q[-1] != ' ' && q[-1] != ',';
		    q--)
			;
		if (q == name)
			return 0;
		end = name + n;
	}
	n = (size_t)(end - q);
	while (n > 0 && *q == ' ') {
		q++;
		n--;
	}
	if (n == 5 && is_digits(q, 5))
		set_code(pq->postcode, sizeof(pq->postcode), q, n);
	else if (place_is_dept(q, n)) {
		set_code(pq->dept, sizeof(pq->dept), q, n);
		pq->dept_in_parens = parens;
	} else
		return 0;
	*(parens ? q - 1 : q) = '\0';
	rtrim(name);
	return 1;
}

/* A postcode before the name: "35000 Rennes". */
static void
take_leading_postcode(struct place_query *pq, char *name)
{
	size_t n = strlen(name);

	if (n > 6 && is_digits(name, 5) && (name[5] == ' ' || name[5] == ',')) {
		set_code(pq->postcode, sizeof(pq->postcode), name, 5);
		memmove(name, name + 6, n - 5);
		while (*name == ' ')
			memmove(name, name + 1, strlen(name));
	}
}

/* A number at the end that may be an arrondissement: its value, and the
 * name without it in pq->city. */
static void
take_arrondissement(struct place_query *pq)
{
	char *sp;

	if ((sp = strrchr(pq->name, ' ')) == NULL)
		return;
	/* "Paris 15e arrondissement": the word before */
	if (strcasecmp(sp + 1, "arrondissement") == 0 ||
	    strcasecmp(sp + 1, "arr.") == 0 || strcasecmp(sp + 1, "arr") == 0) {
		*sp = '\0';
		if ((sp = strrchr(pq->name, ' ')) == NULL) {
			pq->name[strlen(pq->name)] = ' ';
			return;
		}
		sp[strlen(sp)] = ' ';
	}
	if ((pq->arrondissement = arrondissement(sp + 1)) == 0)
		return;
	snprintf(pq->city, sizeof(pq->city), "%.*s", (int)(sp - pq->name),
	    pq->name);
	rtrim(pq->city);
}

void
place_parse(const char *text, struct place_query *pq)
{
	char buf[PLACE_MAX];
	size_t n;

	memset(pq, 0, sizeof(*pq));
	snprintf(buf, sizeof(buf), "%s", text);
	if (strncasecmp(buf, "postcode:", 9) == 0 ||
	    strncasecmp(buf, "insee:", 6) == 0) {
		pq->kind = buf[0] == 'p' || buf[0] == 'P' ? PQ_POSTCODE :
		    PQ_INSEE;
		text = buf + (pq->kind == PQ_POSTCODE ? 9 : 6);
		while (*text == ' ')
			text++;
		set_code(pq->code, sizeof(pq->code), text, strlen(text));
		return;
	}
	n = strlen(buf);
	if (n == 5 && is_digits(buf, 5)) {
		pq->kind = PQ_CODE;
		set_code(pq->code, sizeof(pq->code), buf, n);
		return;
	}
	if (is_corsican_insee(buf, n)) {
		pq->kind = PQ_INSEE;
		set_code(pq->code, sizeof(pq->code), buf, n);
		return;
	}
	if (place_is_dept(buf, n)) {
		pq->kind = PQ_DEPT;
		set_code(pq->code, sizeof(pq->code), buf, n);
		return;
	}
	pq->kind = PQ_NAME;
	take_leading_postcode(pq, buf);
	expand_saints(buf, pq->name, sizeof(pq->name));
	/* "Marseille 13": an arrondissement if the data has it, else the
	 * department; "Marseille (13)" is the department */
	take_arrondissement(pq);
	take_qualifier(pq, pq->name);
}
