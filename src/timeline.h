/*
 * The timeline of a region's history, inside the library: timeline.c
 * gathers the rows and lays them out (bands, stacked rows, gaps, the
 * axis); timeline-svg.c draws that layout.
 */
#ifndef TIMELINE_H
#define TIMELINE_H

#include "cepdir.h"

/* A region, as the regions table has it: one per code, its renames
 * merged into one period under its latest name. */
struct tl_region {
	char code[8];
	char successor[8];
	char *name;
	int from, to;
};

/* A mandate, drawn in its region's band of its public's lane. */
struct tl_bar {
	size_t region;
	size_t band;
	int pub;
	int from, to;		/* as drawn: within the region's period */
	int vfrom, vto;		/* the mandate's own */
	int open;		/* still in force: no end, in a region that
				 * has none */
	char *op, *name;
	size_t row;		/* stacked within the band */
	size_t color;
};

/* Days on which a band of a lane has no operator. */
struct tl_gap {
	size_t band;
	int pub;
	int from, to;
};

/* A region shown: the one asked, or one it succeeded. */
struct tl_band {
	size_t region;
	size_t rows[PUBLIC_COUNT];	/* stacked rows in each lane */
	int main;
};

struct timeline {
	struct tl_region *regions;
	size_t nregions, capregions;
	struct tl_bar *bars;
	size_t nbars, capbars;
	/* the layout (timeline_layout) */
	struct tl_band *bands;
	size_t nbands, capbands;
	struct tl_gap *gaps;
	size_t ngaps, capgaps;
	int start, end;		/* the axis: from the 1 January of the first
				 * year to the one after the last */
	size_t ncolors;
	int failed;		/* a row was lost for want of memory */
};

/* The colours of the operators (timeline.c gives each its own). */
struct tl_colour {
	const char *fill, *edge;
};
extern const struct tl_colour tl_palette[];
extern const size_t tl_npalette;

/* The bands, their rows and gaps, the axis (with the day on in it). */
int timeline_layout(struct timeline *t, int on);
/* The region of a band; a region by its code, or NULL. */
const struct tl_region *tl_band_region(const struct timeline *t,
    size_t band);
const struct tl_region *tl_region(const struct timeline *t,
    const char *code);

/* ---- the drawing: timeline-svg.c, timeline-key.c, timeline-text.c ---- */

#define WIDTH 980
#define MARGIN 16
#define ARROW 9			/* the "still in force" point */
#define FONT 11

#define INK "#1d1d1d"
#define SOFT "#555555"
#define GAP_EDGE "#c62828"
#define ON_LINE "#1f4e9c"

/* What a drawing needs: the picture's plan, top to bottom. */
struct tl_draw {
	FILE *fp;
	struct timeline *t;
	const struct timeline_view *v;
	int lanes[PUBLIC_COUNT];
	size_t nlanes;
	double gutter, x0, x1;		/* the plot, left to right */
	double top, bottom;		/* the plot, top to bottom */
	double lane_y[PUBLIC_COUNT + 1];
	double *band_y;			/* [lane * nbands + band] */
	double label_y[2];		/* under the plot: the day asked, the
					 * merger */
	double legend_y, gaps_y, source_y, height;
	int absent;			/* some region did not exist for a
					 * while: hatched */
};

/* timeline-text.c: text measured, fitted, written */
double tl_text_width(const char *s, size_t n, double size, int heavy);
size_t tl_short_name(const char *s);
void tl_text(struct tl_draw *d, double x, double y, const char *attrs,
    const char *s, size_t n, double max, double size, int heavy);
const char *tl_message(char *buf, size_t sz, const char *fmt,
    const char *a, const char *b);
const char *tl_public_label(const struct tl_draw *d, int pub);

/* timeline-key.c: what the picture says under its plot. Measured first
 * (draw 0) for the picture's height: the lines each takes. */
const char *tl_gap_days(const struct tl_gap *g, char *buf, size_t sz);
int tl_legend(struct tl_draw *d, const char *on, int draw);
int tl_gap_list(struct tl_draw *d, int draw);
void tl_source(struct tl_draw *d);

#endif
