/*
 * The timeline drawn: an SVG 1.1 picture to read at a glance and to
 * print. A lane per public, a band per region in it (the regions a merger
 * replaced above the region asked, hatched where a region did not exist),
 * a bar per mandate labelled with its operator's short name, shortened
 * with "…" to fit inside the bar so that no label lies over another; a
 * year axis, the day asked as a line, an arrow where a mandate is still
 * in force, and every gap in red however short (a one-day gap is a
 * fifth of a pixel wide: it gets a marker, and a line under the picture).
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "output.h"
#include "timeline.h"


#define ROW 18			/* a stacked row */
#define BAR 14
#define LABEL_PAD 4		/* between a bar's edge and its label */
#define NARROW 80		/* a bar whose name may go after it */
#define GUTTER_MIN 90
#define GUTTER_MAX 230
#define YEAR_LABEL 34		/* room a year label needs */
#define GAP_MIN 4		/* a gap is never drawn narrower */
#define FONTS "DejaVu Sans, Bitstream Vera Sans, Helvetica, Arial, sans-serif"

/* ---- geometry ---- */

static double
day_x(const struct tl_draw *d, int day)
{
	if (day < d->t->start)
		day = d->t->start;
	if (day > d->t->end)
		day = d->t->end;
	return d->x0 + (double)(day - d->t->start) * (d->x1 - d->x0) /
	    (double)(d->t->end - d->t->start);
}

/* Bands in a lane, one even without a region (no mandate at all). */
static size_t
nbands(const struct tl_draw *d)
{
	return d->t->nbands > 0 ? d->t->nbands : 1;
}

static double
band_y(const struct tl_draw *d, size_t lane, size_t band)
{
	return d->band_y[lane * nbands(d) + band];
}

static size_t
band_rows(const struct tl_draw *d, size_t lane, size_t band)
{
	return d->t->bands[band].rows[d->lanes[lane]];
}

/* The gutter: as wide as the lanes' and bands' names, within bounds. */
static void
measure_gutter(struct tl_draw *d)
{
	const char *name;
	double w, max = 0;
	size_t i;

	for (i = 0; i < d->nlanes; i++) {
		name = tl_public_label(d, d->lanes[i]);
		if ((w = tl_text_width(name, strlen(name), 12, 1)) > max)
			max = w;
	}
	for (i = 0; d->t->nbands > 1 && i < d->t->nbands; i++) {
		name = tl_band_region(d->t, i)->name;
		if ((w = 12 + tl_text_width(name, strlen(name), FONT, 0)) > max)
			max = w;
	}
	d->gutter = max + 16 < GUTTER_MIN ? GUTTER_MIN : max + 16 >
	    GUTTER_MAX ? GUTTER_MAX : max + 16;
	d->x0 = MARGIN + d->gutter;
	d->x1 = WIDTH - MARGIN - ARROW - 4;
}

static int
has_merger(const struct tl_draw *d)
{
	return d->t->nbands > 1;
}

static const struct tl_region *
main_region(const struct tl_draw *d)
{
	return d->t->nbands > 0 ? tl_band_region(d->t, d->t->nbands - 1) :
	    NULL;
}

/* ---- the parts ---- */

static void
put_defs(struct tl_draw *d)
{
	fputs("<defs>\n"
	    "<pattern id=\"tl-gap\" width=\"4\" height=\"4\" "
	    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"4\" height=\"4\" fill=\"#fde3e3\"/>"
	    "<rect width=\"2\" height=\"4\" fill=\"" GAP_EDGE "\"/></pattern>\n"
	    "<pattern id=\"tl-absent\" width=\"7\" height=\"7\" "
	    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"7\" height=\"7\" fill=\"#ffffff\"/>"
	    "<rect width=\"1.2\" height=\"7\" fill=\"#d9d9d9\"/></pattern>\n"
	    "</defs>\n", d->fp);
}

/* The picture's name, for its title element and its heading. */
static const char *
picture_title(const struct tl_draw *d, char *buf, size_t sz)
{
	const char *name = d->v->place;

	if (main_region(d) != NULL)
		name = main_region(d)->name;
	if (name == NULL)
		return _("CEP operators over time");
	return tl_message(buf, sz, _("CEP operators of %s over time"), name,
	    NULL);
}

/* What the region asked was: the regions it replaced, or its end. */
static const char *
region_story(const struct tl_draw *d, char *buf, size_t sz)
{
	const struct tl_region *m = main_region(d), *s;
	char day[DATE_BUFSZ], names[400];
	size_t b, n = 0;

	if (has_merger(d)) {
		names[0] = '\0';
		for (b = 0; b + 1 < d->t->nbands; b++) {
			snprintf(names + n, sizeof(names) - n, "%s%s", b ?
			    ", " : "", tl_band_region(d->t, b)->name);
			n = strlen(names);
		}
		date_format(m->from, day);
		/* TRANSLATORS: the day of the merger, the former regions */
		return tl_message(buf, sz, _("Before %s: %s."), day, names);
	}
	if (m == NULL || m->to == DAY_OPEN_TO)
		return NULL;
	date_format(m->to, day);
	if ((s = tl_region(d->t, m->successor)) == NULL)
		return tl_message(buf, sz, _("Ended %s."), day, NULL);
	return tl_message(buf, sz, _("Ended %s; now part of %s."), day,
	    s->name);
}

/* The heading (a page has its own: not there), and the story of the
 * region. */
static void
put_titles(struct tl_draw *d)
{
	char buf[512];
	const char *story, *title;

	if (!d->v->embedded) {
		title = picture_title(d, buf, sizeof(buf));
		tl_text(d, MARGIN, 26, "", title, strlen(title),
		    WIDTH - 2 * MARGIN, 16, 1);
	}
	if ((story = region_story(d, buf, sizeof(buf))) != NULL)
		tl_text(d, MARGIN, d->v->embedded ? 16 : 45, "fill=\"" SOFT
		    "\"", story, strlen(story), WIDTH - 2 * MARGIN, 12, 0);
}

/* Lanes in turn on a pale ground, and the names in the gutter. */
static void
put_lanes(struct tl_draw *d)
{
	const char *name;
	size_t l, b;
	double y;

	for (l = 0; l < d->nlanes; l++) {
		fprintf(d->fp, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" "
		    "height=\"%.1f\" fill=\"%s\"/>\n", MARGIN, d->lane_y[l],
		    WIDTH - 2 * MARGIN, d->lane_y[l + 1] - d->lane_y[l],
		    l % 2 ? "#ffffff" : "#f3f5f8");
		name = tl_public_label(d, d->lanes[l]);
		y = has_merger(d) ? d->lane_y[l] + 4 + 13 : band_y(d, l, 0) +
		    13;
		tl_text(d, MARGIN + 4, y, "fill=\"" INK "\"", name,
		    strlen(name), d->gutter - 8, 12, 1);
		for (b = 0; has_merger(d) && b < d->t->nbands; b++) {
			name = tl_band_region(d->t, b)->name;
			tl_text(d, MARGIN + 16, band_y(d, l, b) + 13,
			    "fill=\"" SOFT "\"", name, strlen(name),
			    d->gutter - 20, FONT, 0);
		}
	}
}

/* Does the band's region begin after the axis, or end before it? */
static int
absent_before(const struct tl_draw *d, const struct tl_region *r)
{
	return r->from > d->t->start;
}

static int
absent_after(const struct tl_draw *d, const struct tl_region *r)
{
	return r->to < d->t->end - 1;
}

static void
put_absent_rect(struct tl_draw *d, double xa, double xb, double y,
    double h)
{
	fprintf(d->fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%.1f\" fill=\"url(#tl-absent)\"/>\n", xa, y, xb - xa, h);
}

/* Top to bottom: titles, years, lanes, labels, legend, gaps, source. */
static int
lay_out(struct tl_draw *d)
{
	char story[512];
	size_t l, b;
	double y;

	if ((d->band_y = calloc(d->nlanes * nbands(d), sizeof(double))) ==
	    NULL)
		return CEP_SOFTWARE;
	/* under the heading and the region's story, if any */
	y = (d->v->embedded ? 0 : 18) + (region_story(d, story,
	    sizeof(story)) != NULL ? 58 : 40);
	d->top = y - 6;
	for (l = 0; l < d->nlanes; l++) {
		d->lane_y[l] = y;
		y += 4;
		if (has_merger(d))
			y += ROW;	/* the public's name on its own line */
		for (b = 0; b < nbands(d); b++) {
			d->band_y[l * nbands(d) + b] = y;
			y += (double)(d->t->nbands ? band_rows(d, l, b) : 1) *
			    ROW;
			if (b + 1 < nbands(d))
				y += 4;
		}
		y += 4;
	}
	for (b = 0; b < d->t->nbands; b++)
		if (absent_before(d, tl_band_region(d->t, b)) ||
		    absent_after(d, tl_band_region(d->t, b)))
			d->absent = 1;
	d->lane_y[d->nlanes] = d->bottom = y;
	d->label_y[0] = y + 14;
	d->label_y[1] = y + 14;
	return CEP_OK;
}

/* Where a band's region did not exist: hatched, so that an empty band
 * before a merger, or after a region's end, does not read as a gap. */
static void
put_absent(struct tl_draw *d)
{
	const struct tl_region *r;
	double y, h;
	size_t l, b;

	for (l = 0; l < d->nlanes; l++)
		for (b = 0; b < d->t->nbands; b++) {
			r = tl_band_region(d->t, b);
			y = band_y(d, l, b);
			h = (double)band_rows(d, l, b) * ROW;
			if (absent_before(d, r))
				put_absent_rect(d, d->x0, day_x(d, r->from), y,
				    h);
			if (absent_after(d, r))
				put_absent_rect(d, day_x(d, r->to + 1), d->x1,
				    y, h);
		}
}

/* A line and a label at each 1 January; fewer labels when years are
 * narrow. */
static void
put_years(struct tl_draw *d)
{
	static const int steps[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500,
	    1000, 2000, 5000 };
	int y0, y1, m, dd, y, step = 1;
	double per, x;
	char buf[16];
	size_t i;

	date_to_ymd(d->t->start, &y0, &m, &dd);
	date_to_ymd(d->t->end, &y1, &m, &dd);
	per = (d->x1 - d->x0) / (y1 > y0 ? y1 - y0 : 1);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if ((step = steps[i]) * per >= YEAR_LABEL)
			break;
	for (y = y0; y <= y1; y++) {
		if ((y - y0) % step != 0 && y != y1)
			continue;
		x = day_x(d, date_from_ymd(y, 1, 1));
		fprintf(d->fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#c9ced6\" stroke-width=\"1\"/>\n", x,
		    d->top, x, d->bottom);
		if (y == y1 || (y - y0) % step != 0)
			continue;
		snprintf(buf, sizeof(buf), "%d", y);
		/* a year's label over its year, or at its line when narrow */
		if (step == 1)
			x += per / 2;
		tl_text(d, x, d->top - 6, "text-anchor=\"middle\" fill=\"" SOFT
		    "\"", buf, strlen(buf), 0, FONT, 0);
	}
}

/* What a bar's tooltip says: the mandate's own dates. */
static const char *
bar_title(const struct tl_bar *b, char *buf, size_t sz)
{
	char from[DATE_BUFSZ], to[DATE_BUFSZ];

	date_format(b->vfrom, from);
	date_format(b->vto, to);
	if (from[0] == '\0' && to[0] == '\0')
		return tl_message(buf, sz, _("%s: at every date"), b->name, NULL);
	if (from[0] == '\0')
		return tl_message(buf, sz, _("%s: until %s"), b->name, to);
	if (to[0] == '\0') {
		snprintf(buf, sz, _("%s: since %s, still in force"), b->name,
		    from);
		return buf;
	}
	snprintf(buf, sz, _("%s: %s to %s"), b->name, from, to);
	return buf;
}

/* Where the next mandate of b's row begins, or the plot's end. */
static double
row_end(const struct tl_draw *d, const struct tl_bar *b)
{
	const struct tl_bar *o;
	int next = d->t->end;
	size_t i;

	for (i = 0; i < d->t->nbars; i++) {
		o = &d->t->bars[i];
		if (o->band == b->band && o->pub == b->pub && o->row ==
		    b->row && o->from > b->to && o->from < next)
			next = o->from;
	}
	return day_x(d, next);
}

/* Does a gap of b's band and lane begin right after it? */
static int
gap_follows(const struct tl_draw *d, const struct tl_bar *b)
{
	size_t i;

	for (i = 0; i < d->t->ngaps; i++)
		if (d->t->gaps[i].band == b->band && d->t->gaps[i].pub ==
		    b->pub && d->t->gaps[i].from == b->to + 1)
			return 1;
	return 0;
}

/*
 * The operator's short name inside its bar, shortened if it must be. A
 * narrow bar's name goes after it when its row is free that far: a
 * mandate of the year before a merger is narrow, and nothing follows it
 * in its band.
 */
static void
put_bar_label(struct tl_draw *d, const struct tl_bar *b, double x, double xe,
    double y)
{
	size_t n = tl_short_name(b->name);
	double w = tl_text_width(b->name, n, FONT, 0), inner = xe - x -
	    2 * LABEL_PAD;

	if (inner >= w || inner >= NARROW || b->open || gap_follows(d, b) ||
	    row_end(d, b) - xe - 2 * LABEL_PAD < w) {
		tl_text(d, x + LABEL_PAD, y + 10.5, "fill=\"" INK "\"",
		    b->name, n, inner, FONT, 0);
		return;
	}
	fprintf(d->fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%d\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>\n",
	    xe + 2, y, w + 2 * LABEL_PAD - 2, BAR);
	tl_text(d, xe + LABEL_PAD, y + 10.5, "fill=\"" INK "\"", b->name, n,
	    0, FONT, 0);
}

static void
put_bar(struct tl_draw *d, size_t lane, const struct tl_bar *b)
{
	const char *fill = tl_palette[b->color % tl_npalette].fill;
	const char *edge = tl_palette[b->color % tl_npalette].edge;
	double x, xe, y;
	char buf[1024];

	x = day_x(d, b->from) + (b->from > d->t->start ? 1 : 0);
	xe = b->open ? d->x1 : day_x(d, b->to + 1) - 1;
	if (xe - x < 2)
		xe = x + 2;
	y = band_y(d, lane, b->band) + (double)b->row * ROW + (ROW - BAR) / 2;
	fputs("<g><title>", d->fp);
	markup_put(d->fp, bar_title(b, buf, sizeof(buf)));
	fprintf(d->fp, "</title>\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%d\" rx=\"2\" fill=\"%s\" stroke=\"%s\" "
	    "stroke-width=\"1\"/>\n", x, y, xe - x, BAR, fill, edge);
	if (b->open)
		fprintf(d->fp, "<polygon points=\"%.1f,%.1f %.1f,%.1f "
		    "%.1f,%.1f\" fill=\"%s\"/>\n", xe, y - 2, xe + ARROW,
		    y + BAR / 2.0, xe, y + BAR + 2, edge);
	put_bar_label(d, b, x, xe, y);
	fputs("</g>\n", d->fp);
}

static int
lane_of(const struct tl_draw *d, int pub, size_t *lane)
{
	for (*lane = 0; *lane < d->nlanes; (*lane)++)
		if (d->lanes[*lane] == pub)
			return 1;
	return 0;
}

static void
put_bars(struct tl_draw *d)
{
	const char *none = _("no mandate in the data");
	size_t l, i, n;

	for (l = 0; l < d->nlanes; l++) {
		for (i = n = 0; i < d->t->nbars; i++)
			if (d->t->bars[i].pub == d->lanes[l]) {
				put_bar(d, l, &d->t->bars[i]);
				n++;
			}
		if (n == 0)
			tl_text(d, d->x0 + 6, band_y(d, l, d->t->nbands ?
			    d->t->nbands - 1 : 0) + 13, "fill=\"" SOFT "\" "
			    "font-style=\"italic\"", none, strlen(none),
			    d->x1 - d->x0 - 12, FONT, 0);
	}
}


/* Red across the band, at least GAP_MIN wide, with a point above it that
 * the eye finds even when the gap is one day of twelve years. */
static void
put_gaps(struct tl_draw *d)
{
	const struct tl_gap *g;
	double xa, xb, y, h, c;
	char buf[256], days[64];
	size_t i, l;

	for (i = 0; i < d->t->ngaps; i++) {
		g = &d->t->gaps[i];
		if (!lane_of(d, g->pub, &l))
			continue;
		xa = day_x(d, g->from);
		xb = day_x(d, g->to + 1);
		c = (xa + xb) / 2;
		if (xb - xa < GAP_MIN) {
			xa = c - GAP_MIN / 2.0;
			xb = c + GAP_MIN / 2.0;
		}
		y = band_y(d, l, g->band);
		h = (double)band_rows(d, l, g->band) * ROW;
		tl_message(buf, sizeof(buf), _("No operator: %s"),
		    tl_gap_days(g, days, sizeof(days)), NULL);
		fputs("<g><title>", d->fp);
		markup_put(d->fp, buf);
		fprintf(d->fp, "</title>\n<rect x=\"%.1f\" y=\"%.1f\" "
		    "width=\"%.1f\" height=\"%.1f\" fill=\"url(#tl-gap)\" "
		    "stroke=\"" GAP_EDGE "\" stroke-width=\"1\"/>\n"
		    "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" "
		    "fill=\"" GAP_EDGE "\"/>\n</g>\n", xa, y, xb - xa, h,
		    c - 5, y - 5, c + 5, y - 5, c, y + 2);
	}
}

/* The labels under the plot: the day asked, and when the region asked
 * began, each on the first line where it lies over no other. */
static void
place_labels(struct tl_draw *d, const char *on, const char *merger,
    double *on_x, double *merger_x)
{
	double w;

	w = tl_text_width(on, strlen(on), FONT, 1);
	*on_x = day_x(d, d->v->on) + 0.5;
	if (*on_x - w / 2 < d->x0)
		*on_x = d->x0 + w / 2;
	if (*on_x + w / 2 > d->x1)
		*on_x = d->x1 - w / 2;
	if (merger == NULL)
		return;
	*merger_x = day_x(d, main_region(d)->from) + 4;
	if (*merger_x < *on_x + w / 2 + 8 && *merger_x + tl_text_width(merger,
	    strlen(merger), FONT, 0) > *on_x - w / 2 - 8)
		d->label_y[1] += 14;
}

static void
put_lines(struct tl_draw *d, const char *on, const char *merger)
{
	double on_x, merger_x = 0, x;

	place_labels(d, on, merger, &on_x, &merger_x);
	if (merger != NULL) {
		x = day_x(d, main_region(d)->from);
		fprintf(d->fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#6b6b6b\" stroke-width=\"1.2\" "
		    "stroke-dasharray=\"2 2\"/>\n", x, d->top, x, d->bottom + 4);
		tl_text(d, merger_x, d->label_y[1], "fill=\"" SOFT "\"",
		    merger, strlen(merger), 0, FONT, 0);
	}
	x = day_x(d, d->v->on) + 0.5;
	fprintf(d->fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
	    "stroke=\"" ON_LINE "\" stroke-width=\"1.6\" "
	    "stroke-dasharray=\"5 3\"/>\n", x, d->top, x, d->bottom + 4);
	tl_text(d, on_x, d->label_y[0], "text-anchor=\"middle\" fill=\""
	    ON_LINE "\"", on, strlen(on), 0, FONT, 1);
}

int
timeline_svg(struct timeline *t, const struct timeline_view *v, FILE *fp)
{
	struct tl_draw d;
	char on[DATE_BUFSZ], day[DATE_BUFSZ], merger[256], title[512];
	const char *mg = NULL;
	double on_x, merger_x;
	int p, rc;

	if ((rc = timeline_layout(t, v->on)) != CEP_OK)
		return rc;
	memset(&d, 0, sizeof(d));
	d.fp = fp;
	d.t = t;
	d.v = v;
	for (p = 0; p < PUBLIC_COUNT; p++)
		if (v->public < 0 || v->public == p)
			d.lanes[d.nlanes++] = p;
	measure_gutter(&d);
	if ((rc = lay_out(&d)) != CEP_OK)
		return rc;
	date_format(v->on, on);
	if (has_merger(&d)) {
		date_format(main_region(&d)->from, day);
		/* TRANSLATORS: the region, the day it began */
		mg = tl_message(merger, sizeof(merger), _("%s since %s"),
		    main_region(&d)->name, day);
	}
	/* the height first: the labels under the plot, the legend, the
	 * list of gaps */
	place_labels(&d, on, mg, &on_x, &merger_x);
	d.legend_y = d.label_y[1] + 28;
	d.gaps_y = d.legend_y + 18 * tl_legend(&d, on, 0) + 10;
	d.source_y = d.gaps_y + 15 * tl_gap_list(&d, 0) + 8;
	d.height = d.source_y + 12;
	d.label_y[1] = d.label_y[0];	/* placed again as they are drawn */

	if (!v->embedded)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", fp);
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d %.0f\" "
	    "font-family=\"" FONTS "\" font-size=\"%d\">\n<title>", WIDTH,
	    d.height, WIDTH, d.height, FONT);
	markup_put(fp, picture_title(&d, title, sizeof(title)));
	fputs("</title>\n", fp);
	put_defs(&d);
	fprintf(fp, "<rect width=\"%d\" height=\"%.0f\" fill=\"#ffffff\"/>\n",
	    WIDTH, d.height);
	put_titles(&d);
	put_lanes(&d);
	put_absent(&d);
	put_years(&d);
	put_bars(&d);
	put_gaps(&d);
	put_lines(&d, on, mg);
	tl_legend(&d, on, 1);
	tl_gap_list(&d, 1);
	tl_source(&d);
	fputs("</svg>\n", fp);
	free(d.band_y);
	return ferror(fp) ? CEP_IOERR : CEP_OK;
}
