/*
 * Text in the timeline. It is measured with the advance widths of DejaVu
 * Sans, the widest of the fonts the picture names, so that a label that
 * fits in it fits in the others; a label that does not fit is shortened
 * with "…", never left to run over its neighbour.
 */
#include <string.h>

#include "i18n.h"
#include "output.h"
#include "timeline.h"

#define ELLIPSIS "\xe2\x80\xa6"
#define DASH "\xe2\x80\x93"

/* Advance widths of DejaVu Sans, per 1000 of the em, for ' ' to '~'. */
static const unsigned short regular[95] = {
	317, 400, 459, 837, 636, 950, 779, 274, 390, 390, 500, 837, 317, 360,
	317, 336, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 336, 336,
	837, 837, 837, 530, 1000, 684, 686, 698, 770, 631, 575, 774, 751, 294,
	294, 655, 557, 862, 748, 787, 603, 787, 694, 634, 610, 731, 684, 988,
	685, 610, 685, 390, 336, 390, 837, 500, 500, 612, 634, 549, 634, 615,
	352, 634, 633, 277, 277, 579, 277, 974, 633, 611, 634, 634, 411, 520,
	392, 633, 591, 817, 591, 591, 524, 636, 336, 636, 837
};
static const unsigned short bold[95] = {
	348, 456, 520, 837, 695, 1001, 872, 306, 457, 457, 522, 837, 379, 415,
	379, 365, 695, 695, 695, 695, 695, 695, 695, 695, 695, 695, 399, 399,
	837, 837, 837, 580, 1000, 773, 762, 733, 830, 683, 683, 820, 836, 372,
	372, 774, 637, 995, 836, 850, 732, 850, 770, 720, 682, 812, 773, 1103,
	770, 724, 725, 457, 365, 457, 837, 500, 500, 674, 715, 592, 715, 678,
	435, 715, 711, 342, 342, 665, 342, 1041, 711, 687, 715, 715, 493, 595,
	478, 711, 651, 923, 645, 651, 582, 711, 365, 711, 837
};

double
tl_text_width(const char *s, size_t n, double size, int heavy)
{
	const unsigned short *adv = heavy ? bold : regular;
	unsigned long cp;
	double w = 0;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = markup_char(s + i, n - i, &cp);
		if (cp >= 0x20 && cp < 0x7f)
			w += adv[cp - 0x20];
		else if (cp < 0x20)
			w += adv[0];	/* a tab or line end shows as a space */
		else if (cp >= 0x300 && cp <= 0x36f)
			continue;	/* an accent over the letter before */
		else if (cp < 0x250)
			w += 740;	/* Latin letters with their accents */
		else
			w += 1000;
	}
	/* a little room for hinting and other fonts' kerning */
	return w * size / 1000.0 * 1.04;
}

/* The bytes of s (n) that fit in max pixels, with "…" when *cut is set;
 * 0 when not even one character and "…" fit. */
static size_t
fit(const char *s, size_t n, double max, double size, int heavy, int *cut)
{
	double w = 0, ell, cw;
	unsigned long cp;
	size_t i, k, keep = 0;

	*cut = 0;
	if (tl_text_width(s, n, size, heavy) <= max)
		return n;
	*cut = 1;
	ell = tl_text_width(ELLIPSIS, strlen(ELLIPSIS), size, heavy);
	for (i = 0; i < n; i += k) {
		k = markup_char(s + i, n - i, &cp);
		cw = tl_text_width(s + i, k, size, heavy);
		if (w + cw + ell > max)
			break;
		w += cw;
		keep = i + k;
	}
	while (keep > 0 && strchr(" -,.:;(", s[keep - 1]) != NULL)
		keep--;
	return keep;
}

/* The operator's name up to its explanations: "Apec (Association pour
 * l'emploi des cadres)" is "Apec", "Opacif - organismes ..." "Opacif". */
size_t
tl_short_name(const char *s)
{
	static const char *const cuts[] = { " (", " - ", " " DASH " ",
	    " \xe2\x80\x94 ", ", ", "\n", " \xc2\xab", NULL };
	size_t i, n = strlen(s);
	const char *p;

	for (i = 0; cuts[i] != NULL; i++)
		if ((p = strstr(s, cuts[i])) != NULL && p > s &&
		    (size_t)(p - s) < n)
			n = (size_t)(p - s);
	return n;
}

/* A text element; the text (n bytes of s) fitted to max pixels unless
 * max is 0. */
void
tl_text(struct tl_draw *d, double x, double y, const char *attrs,
    const char *s, size_t n, double max, double size, int heavy)
{
	int cut = 0;

	if (max > 0 && (n = fit(s, n, max, size, heavy, &cut)) == 0)
		return;
	fprintf(d->fp, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
	if (size != FONT)
		fprintf(d->fp, " font-size=\"%g\"", size);
	if (heavy)
		fputs(" font-weight=\"bold\"", d->fp);
	fprintf(d->fp, "%s%s>", attrs[0] ? " " : "", attrs);
	markup_putn(d->fp, s, n);
	if (cut)
		fputs(ELLIPSIS, d->fp);
	fputs("</text>\n", d->fp);
}

/* A message with its values, for tl_text. */
const char *
tl_message(char *buf, size_t sz, const char *fmt, const char *a,
    const char *b)
{
	snprintf(buf, sz, fmt, a, b);
	return buf;
}

const char *
tl_public_label(const struct tl_draw *d, int pub)
{
	const char *id = public_id(pub);

	return d->v->public_label != NULL ? d->v->public_label(id) : id;
}
