/*
 * The timeline's model: the rows of `history REGION` and of the regions,
 * read by column name (they come through out taps), then laid out. A
 * lane per public; in each lane a band per region shown, the predecessors
 * first (a merged region's history begins in the regions it replaced);
 * in each band the mandates stacked in rows so that none hides another,
 * and the days on which no operator served, which the picture must show
 * however short they are.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "timeline.h"

#define CHAIN_MAX 16		/* successors followed, at most */

/* Pale fills that dark text reads on, and their edges; no red: red is
 * for gaps. */
const struct tl_colour tl_palette[] = {
	{ "#cfe0f5", "#4a78b5" }, { "#fcdcc0", "#c2722a" },
	{ "#d3ecd0", "#4f9a4a" }, { "#e6d9f2", "#8460b0" },
	{ "#f7ecb0", "#a88e12" }, { "#cdeeee", "#3c9696" },
	{ "#f5d5e6", "#b5508a" }, { "#e6dccf", "#8a6d4b" },
	{ "#dfe8c6", "#718a2a" }, { "#dcdcdc", "#777777" }
};
const size_t tl_npalette = sizeof(tl_palette) / sizeof(tl_palette[0]);

struct timeline *
timeline_new(void)
{
	return calloc(1, sizeof(struct timeline));
}

void
timeline_free(struct timeline *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nregions; i++)
		free(t->regions[i].name);
	for (i = 0; i < t->nbars; i++) {
		free(t->bars[i].op);
		free(t->bars[i].name);
	}
	free(t->regions);
	free(t->bars);
	free(t->bands);
	free(t->gaps);
	free(t);
}

const struct tl_region *
tl_band_region(const struct timeline *t, size_t band)
{
	return &t->regions[t->bands[band].region];
}

const struct tl_region *
tl_region(const struct timeline *t, const char *code)
{
	size_t i;

	for (i = 0; i < t->nregions; i++)
		if (strcmp(t->regions[i].code, code) == 0)
			return &t->regions[i];
	return NULL;
}

/* ---- the rows, by column name ---- */

static const char *
column(const struct out_col *cols, const char *const *cells,
    const char *name)
{
	size_t i;

	for (i = 0; cols[i].name != NULL; i++)
		if (strcmp(cols[i].name, name) == 0)
			return cells[i] != NULL ? cells[i] : "";
	return "";
}

/* A date cell: an empty one is the open end given. */
static int
day_of(const char *s, int open)
{
	int day;

	if (s[0] == '\0' || date_parse(s, strlen(s), &day) != 0)
		return open;
	return day;
}

static size_t
find_region(const struct timeline *t, const char *code)
{
	size_t i;

	for (i = 0; i < t->nregions; i++)
		if (strcmp(t->regions[i].code, code) == 0)
			return i;
	return SIZE_MAX;
}

/* The region of that code, added when it is new; SIZE_MAX out of
 * memory. */
static size_t
add_region(struct timeline *t, const char *code, const char *name,
    int from, int to)
{
	struct tl_region *v;
	size_t i;

	if ((i = find_region(t, code)) != SIZE_MAX)
		return i;
	if ((v = grow(t->regions, &t->capregions, t->nregions + 1,
	    sizeof(*v))) == NULL)
		return SIZE_MAX;
	t->regions = v;
	v = &t->regions[t->nregions];
	memset(v, 0, sizeof(*v));
	if ((v->name = strdup(name)) == NULL)
		return SIZE_MAX;
	snprintf(v->code, sizeof(v->code), "%s", code);
	v->from = from;
	v->to = to;
	return t->nregions++;
}

int
timeline_region(void *ctx, const struct out_col *cols,
    const char *const *cells)
{
	struct timeline *t = ctx;
	const char *code = column(cols, cells, "code");
	const char *name = column(cols, cells, "name");
	const char *succ = column(cols, cells, "successor");
	int from = day_of(column(cols, cells, "valid_from"), DAY_OPEN_FROM);
	int to = day_of(column(cols, cells, "valid_to"), DAY_OPEN_TO);
	struct tl_region *r;
	size_t i;
	char *n;

	if ((i = add_region(t, code, name, from, to)) == SIZE_MAX) {
		t->failed = 1;
		return CEP_SOFTWARE;
	}
	/* a renamed region: one period, under its latest name */
	r = &t->regions[i];
	if (from > r->from) {
		if ((n = strdup(name)) == NULL) {
			t->failed = 1;
			return CEP_SOFTWARE;
		}
		free(r->name);
		r->name = n;
	}
	if (from < r->from)
		r->from = from;
	if (to > r->to)
		r->to = to;
	if (succ[0] != '\0')
		snprintf(r->successor, sizeof(r->successor), "%s", succ);
	return CEP_OK;
}

int
timeline_mandate(void *ctx, const struct out_col *cols,
    const char *const *cells)
{
	struct timeline *t = ctx;
	struct tl_bar *b;
	char *op, *name;
	size_t r;
	int pub;

	if ((pub = public_parse(column(cols, cells, "public"), 0)) < 0)
		return CEP_OK;
	op = strdup(column(cols, cells, "operator"));
	name = strdup(column(cols, cells, "operator_name"));
	/* a region the regions' rows did not name keeps the row's name */
	if (op == NULL || name == NULL || (r = add_region(t, column(cols,
	    cells, "region"), column(cols, cells, "region_name"),
	    DAY_OPEN_FROM, DAY_OPEN_TO)) == SIZE_MAX || (b = grow(t->bars,
	    &t->capbars, t->nbars + 1, sizeof(*b))) == NULL) {
		free(op);
		free(name);
		t->failed = 1;
		return CEP_SOFTWARE;
	}
	t->bars = b;
	b = &t->bars[t->nbars++];
	memset(b, 0, sizeof(*b));
	b->region = r;
	b->pub = pub;
	b->vfrom = day_of(column(cols, cells, "valid_from"), DAY_OPEN_FROM);
	b->vto = day_of(column(cols, cells, "valid_to"), DAY_OPEN_TO);
	b->op = op;
	b->name = name;
	return CEP_OK;
}

/* ---- the layout ---- */

/* Does region r lead to region to by its successors? */
static int
leads_to(const struct timeline *t, size_t r, size_t to)
{
	int hops;

	for (hops = 0; r != SIZE_MAX && hops < CHAIN_MAX; hops++) {
		if (r == to)
			return 1;
		r = find_region(t, t->regions[r].successor);
	}
	return 0;
}

static int
has_bars(const struct timeline *t, size_t r)
{
	size_t i;

	for (i = 0; i < t->nbars; i++)
		if (t->bars[i].region == r)
			return 1;
	return 0;
}

/* The region asked: the one of the rows that no other of them
 * succeeded, i.e. whose successor, if any, has no rows. */
static size_t
main_region(const struct timeline *t)
{
	size_t i, s, best = SIZE_MAX;

	for (i = 0; i < t->nregions; i++) {
		if (!has_bars(t, i))
			continue;
		s = find_region(t, t->regions[i].successor);
		if ((s == SIZE_MAX || !has_bars(t, s)) && (best == SIZE_MAX ||
		    strcmp(t->regions[i].code, t->regions[best].code) < 0))
			best = i;
	}
	return best;
}

static const struct timeline *sort_t;	/* for the comparisons below */

/* Regions that ended first come first; the region asked last. */
static int
cmp_band(const void *va, const void *vb)
{
	const struct tl_band *a = va, *b = vb;
	const struct tl_region *ra = &sort_t->regions[a->region];
	const struct tl_region *rb = &sort_t->regions[b->region];

	if (a->main != b->main)
		return a->main - b->main;
	if (ra->to != rb->to)
		return ra->to < rb->to ? -1 : 1;
	return strcmp(ra->code, rb->code);
}

static int
make_bands(struct timeline *t)
{
	struct tl_band *b;
	size_t i, main = main_region(t);

	for (i = 0; i < t->nregions; i++) {
		if (!has_bars(t, i) && (main == SIZE_MAX || !leads_to(t, i,
		    main)))
			continue;
		if ((b = grow(t->bands, &t->capbands, t->nbands + 1,
		    sizeof(*b))) == NULL)
			return CEP_SOFTWARE;
		t->bands = b;
		b = &t->bands[t->nbands++];
		memset(b, 0, sizeof(*b));
		b->region = i;
		b->main = i == main;
	}
	sort_t = t;
	if (t->nbands > 1)
		qsort(t->bands, t->nbands, sizeof(*t->bands), cmp_band);
	for (i = 0; i < t->nbars; i++)
		for (t->bars[i].band = 0; t->bands[t->bars[i].band].region !=
		    t->bars[i].region; t->bars[i].band++)
			;
	return CEP_OK;
}

/*
 * Each mandate within its region's period: a national mandate is shown
 * for every region of its time, but Normandie has none before 2016. A
 * mandate wholly outside goes.
 */
static void
clip_bars(struct timeline *t)
{
	struct tl_bar *b;
	const struct tl_region *r;
	size_t i, n = 0;

	for (i = 0; i < t->nbars; i++) {
		b = &t->bars[i];
		r = &t->regions[b->region];
		b->from = b->vfrom > r->from ? b->vfrom : r->from;
		b->to = b->vto < r->to ? b->vto : r->to;
		b->open = b->to == DAY_OPEN_TO;
		if (b->from > b->to) {
			free(b->op);
			free(b->name);
			continue;
		}
		t->bars[n++] = *b;
	}
	t->nbars = n;
}

static int
year_start(int day, int next)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return date_from_ymd(y + next, 1, 1);
}

/* From the 1 January of the first day shown to the one after the last:
 * the first start, the last end, and the day asked. */
static void
make_axis(struct timeline *t, int on)
{
	int lo = on, hi = on;
	size_t i;

	for (i = 0; i < t->nbars; i++) {
		if (t->bars[i].from != DAY_OPEN_FROM && t->bars[i].from < lo)
			lo = t->bars[i].from;
		if (t->bars[i].from > hi)
			hi = t->bars[i].from;
		if (t->bars[i].to != DAY_OPEN_TO && t->bars[i].to > hi)
			hi = t->bars[i].to;
	}
	t->start = year_start(lo, 0);
	t->end = year_start(hi, 1);
}

/* By start, then operator: the order of rows, colours and stacking. */
static int
cmp_bar(const void *va, const void *vb)
{
	const struct tl_bar *a = va, *b = vb;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->band != b->band)
		return a->band < b->band ? -1 : 1;
	if (a->pub != b->pub)
		return a->pub - b->pub;
	return strcmp(a->op, b->op);
}

/* An operator keeps its colour wherever it appears. */
static void
colour_bars(struct timeline *t)
{
	size_t i, k;

	t->ncolors = 0;
	for (i = 0; i < t->nbars; i++) {
		for (k = 0; k < i && strcmp(t->bars[k].op, t->bars[i].op) !=
		    0; k++)
			;
		t->bars[i].color = k < i ? t->bars[k].color : t->ncolors++;
	}
}

/* Each mandate in the first row of its band and lane where the one
 * before it has ended: mandates that follow each other share a row. */
static void
stack_bars(struct timeline *t)
{
	struct tl_bar *b, *o;
	size_t i, k, row;

	for (i = 0; i < t->nbars; i++) {
		b = &t->bars[i];
		for (row = 0;; row++) {
			for (k = 0; k < i; k++) {
				o = &t->bars[k];
				if (o->band == b->band && o->pub == b->pub &&
				    o->row == row && o->to >= b->from)
					break;
			}
			if (k == i)
				break;
		}
		b->row = row;
		if (t->bands[b->band].rows[b->pub] < row + 1)
			t->bands[b->band].rows[b->pub] = row + 1;
	}
	for (i = 0; i < t->nbands; i++)
		for (k = 0; k < PUBLIC_COUNT; k++)
			if (t->bands[i].rows[k] == 0)
				t->bands[i].rows[k] = 1;
}

static int
add_gap(struct timeline *t, size_t band, int pub, int from, int to)
{
	struct tl_gap *g;

	if ((g = grow(t->gaps, &t->capgaps, t->ngaps + 1, sizeof(*g))) ==
	    NULL)
		return CEP_SOFTWARE;
	t->gaps = g;
	g[t->ngaps].band = band;
	g[t->ngaps].pub = pub;
	g[t->ngaps].from = from;
	g[t->ngaps].to = to;
	t->ngaps++;
	return CEP_OK;
}

/*
 * The gaps of a band in a lane: the days of the region on which no
 * mandate of the public is in force, between the first start and the
 * last end of that public in the history (before the first, the CEP had
 * not begun; after the last, nothing is known yet).
 */
static int
band_gaps(struct timeline *t, size_t band, int pub)
{
	const struct tl_region *r = tl_band_region(t, band);
	int lo = DAY_OPEN_TO, hi = DAY_OPEN_FROM, day;
	size_t i;

	for (i = 0; i < t->nbars; i++)
		if (t->bars[i].pub == pub) {
			if (t->bars[i].from < lo)
				lo = t->bars[i].from;
			if (t->bars[i].to > hi)
				hi = t->bars[i].to;
		}
	if (r->from > lo)
		lo = r->from;
	if (t->start > lo)
		lo = t->start;	/* "since always" is drawn from the axis */
	if (r->to < hi)
		hi = r->to;
	/* bars come by start: each one moves the first day not yet served */
	for (day = lo, i = 0; i < t->nbars && day <= hi; i++) {
		if (t->bars[i].band != band || t->bars[i].pub != pub)
			continue;
		if (t->bars[i].from > day && add_gap(t, band, pub, day,
		    t->bars[i].from - 1 < hi ? t->bars[i].from - 1 : hi) !=
		    CEP_OK)
			return CEP_SOFTWARE;
		if (t->bars[i].to >= day)
			day = t->bars[i].to == DAY_OPEN_TO ? DAY_OPEN_TO :
			    t->bars[i].to + 1;
	}
	if (day <= hi && hi != DAY_OPEN_TO && add_gap(t, band, pub, day, hi) !=
	    CEP_OK)
		return CEP_SOFTWARE;
	return CEP_OK;
}

int
timeline_layout(struct timeline *t, int on)
{
	size_t i;
	int p;

	/* a picture of part of the rows would not say so: none */
	if (t->failed || make_bands(t) != CEP_OK)
		return CEP_SOFTWARE;
	clip_bars(t);
	make_axis(t, on);
	if (t->nbars > 1)
		qsort(t->bars, t->nbars, sizeof(*t->bars), cmp_bar);
	colour_bars(t);
	stack_bars(t);
	for (i = 0; i < t->nbands; i++)
		for (p = 0; p < PUBLIC_COUNT; p++)
			if (band_gaps(t, i, p) != CEP_OK)
				return CEP_SOFTWARE;
	return CEP_OK;
}
