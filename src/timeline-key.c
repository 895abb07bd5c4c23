/*
 * What the timeline says under its plot: the legend, the gaps in words
 * (a one-day gap is a fifth of a pixel wide: its date must be written),
 * and where the data comes from, as the page's footer says it.
 */
#include <string.h>

#include "i18n.h"
#include "output.h"
#include "timeline.h"

#define GAP_LINES 12		/* gaps listed, at most */

/* A gap's days, as the list under the picture says them. */
const char *
tl_gap_days(const struct tl_gap *g, char *buf, size_t sz)
{
	char from[DATE_BUFSZ], to[DATE_BUFSZ];

	date_format(g->from, from);
	date_format(g->to, to);
	if (g->from == g->to)
		snprintf(buf, sz, "%s", from);
	else
		tl_message(buf, sz, _("%s to %s"), from, to);
	return buf;
}

enum swatch { SW_BAR, SW_OPEN, SW_GAP, SW_ABSENT, SW_ON };

static void
put_swatch(struct tl_draw *d, enum swatch sw, double x, double y)
{
	switch (sw) {
	case SW_BAR:
	case SW_OPEN:
		fprintf(d->fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" "
		    "height=\"12\" rx=\"2\" fill=\"%s\" stroke=\"%s\"/>\n", x,
		    y, sw == SW_OPEN ? 14 : 22, tl_palette[0].fill,
		    tl_palette[0].edge);
		if (sw == SW_OPEN)
			fprintf(d->fp, "<polygon points=\"%.1f,%.1f %.1f,%.1f "
			    "%.1f,%.1f\" fill=\"%s\"/>\n", x + 14, y - 2,
			    x + 14 + ARROW, y + 6, x + 14, y + 14,
			    tl_palette[0].edge);
		break;
	case SW_GAP:
		fprintf(d->fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" "
		    "height=\"12\" fill=\"url(#tl-gap)\" stroke=\"" GAP_EDGE
		    "\"/>\n", x + 7, y);
		break;
	case SW_ABSENT:
		fprintf(d->fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" "
		    "height=\"12\" fill=\"url(#tl-absent)\" "
		    "stroke=\"#cccccc\"/>\n", x, y);
		break;
	case SW_ON:
		fprintf(d->fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"" ON_LINE "\" stroke-width=\"1.6\" "
		    "stroke-dasharray=\"5 3\"/>\n", x + 11, y - 2, x + 11,
		    y + 14);
		break;
	}
}

/* The legend, in as many lines as it needs: their count. Measured
 * first (draw 0) for the picture's height. */
int
tl_legend(struct tl_draw *d, const char *on, int draw)
{
	struct {
		enum swatch sw;
		const char *text;
	} item[5];
	char buf[128];
	size_t n = 0, i;
	double x = MARGIN, y = d->legend_y, w;
	int lines = 1;

	item[n].sw = SW_BAR;
	item[n++].text = _("a mandate, with its operator");
	item[n].sw = SW_OPEN;
	item[n++].text = _("still in force");
	item[n].sw = SW_GAP;
	item[n++].text = _("no operator (a gap)");
	if (d->absent) {
		item[n].sw = SW_ABSENT;
		item[n++].text = _("the region did not exist");
	}
	item[n].sw = SW_ON;
	item[n++].text = tl_message(buf, sizeof(buf), _("%s: the date asked"),
	    on, NULL);
	for (i = 0; i < n; i++) {
		w = 30 + tl_text_width(item[i].text, strlen(item[i].text), FONT,
		    0);
		if (x > MARGIN && x + w > WIDTH - MARGIN) {
			x = MARGIN;
			y += 18;
			lines++;
		}
		if (draw) {
			put_swatch(d, item[i].sw, x, y - 10);
			tl_text(d, x + 30, y, "fill=\"" INK "\"",
			    item[i].text, strlen(item[i].text), 0, FONT, 0);
		}
		x += w + 20;
	}
	return lines;
}

/* The gaps in words: a fifth of a pixel is not enough to read a date. */
int
tl_gap_list(struct tl_draw *d, int draw)
{
	const struct tl_gap *g;
	const char *head = _("Days without an operator in the data:");
	char buf[512], days[64];
	double y = d->gaps_y;
	size_t i;
	int lines = 0;

	if (d->t->ngaps == 0)
		return 0;
	if (draw)
		tl_text(d, MARGIN, y, "fill=\"" GAP_EDGE "\"", head,
		    strlen(head), 0, FONT, 1);
	for (i = 0; i < d->t->ngaps && lines < GAP_LINES; i++) {
		g = &d->t->gaps[i];
		y += 15;
		lines++;
		if (!draw)
			continue;
		snprintf(buf, sizeof(buf), _("%s, %s: %s"), tl_public_label(d,
		    g->pub), tl_band_region(d->t, g->band)->name,
		    tl_gap_days(g, days, sizeof(days)));
		tl_text(d, MARGIN + 12, y, "fill=\"" INK "\"", buf,
		    strlen(buf), WIDTH - 2 * MARGIN - 12, FONT, 0);
	}
	if (i < d->t->ngaps) {
		lines++;
		snprintf(buf, sizeof(buf), P_("and %zu more: cepdir check "
		    "lists it", "and %zu more: cepdir check lists them",
		    d->t->ngaps - i), d->t->ngaps - i);
		if (draw)
			tl_text(d, MARGIN + 12, y + 15, "fill=\"" INK "\"", buf,
			    strlen(buf), 0, FONT, 0);
	}
	return lines + 1;
}

/* Where the data comes from, as the page's footer says it. */
void
tl_source(struct tl_draw *d)
{
	const struct out_page *p = d->v->source;
	char day[DATE_BUFSZ], buf[1024];

	if (p == NULL)
		return;
	date_format(p->date, day);
	if (p->database == NULL && p->dated)
		tl_message(buf, sizeof(buf), _("Data of %s, built into cepdir %s."),
		    day, CEPDIR_VERSION);
	else if (p->database == NULL)
		tl_message(buf, sizeof(buf), _("Data built into cepdir %s."),
		    CEPDIR_VERSION, NULL);
	else if (p->dated)
		tl_message(buf, sizeof(buf), _("Data of %s, from the database %s."),
		    day, p->database);
	else
		tl_message(buf, sizeof(buf), _("Data from the database %s."),
		    p->database, NULL);
	tl_text(d, MARGIN, d->source_y, "fill=\"" SOFT "\"", buf, strlen(buf),
	    WIDTH - 2 * MARGIN, 10, 0);
}
