/*
 * The table format: columns aligned by display width, so that
 * "Île-de-France" and "Provence-Alpes-Côte d'Azur" line up. With a width
 * to fit (a terminal's), the gap between columns narrows to one space,
 * columns empty in every row are left out (unless -c names them), long
 * text is shortened with "…", then headers; codes, ids and dates never
 * are. Rows that still cannot fit are shown one value a line; no row,
 * no header.
 */
#include <stdlib.h>
#include <string.h>

#include "output.h"

#define ELLIPSIS "\xe2\x80\xa6"
#define MIN_TEXT 8		/* a text column is not shortened below */

struct layout {
	size_t n;			/* columns laid out */
	size_t col[OUT_MAXCOLS];	/* their index among those shown */
	size_t width[OUT_MAXCOLS];
	size_t gap;
};

static const char *
header_of(const struct out *o, size_t shown)
{
	const char *name = o->cols[o->show[shown]].name;

	return o->label != NULL ? o->label(name) : name;
}

/* A cell as the table shows it: a public by its label. */
static const char *
cell_of(const struct out *o, size_t row, size_t shown)
{
	const char *v = o->cells[row * o->nshow + shown];

	if (o->cols[o->show[shown]].kind == OUT_PUBLIC &&
	    o->public_label != NULL && v[0] != '\0')
		return o->public_label(v);
	return v;
}

static size_t
nrows(const struct out *o)
{
	return o->nshow ? o->ncells / o->nshow : 0;
}

/* The widest value of a shown column. */
static size_t
values_width(const struct out *o, size_t shown)
{
	size_t r, w, max = 0;

	for (r = 0; r < nrows(o); r++)
		if ((w = display_width(cell_of(o, r, shown))) > max)
			max = w;
	return max;
}

static size_t
total(const struct layout *l)
{
	size_t i, t = 0;

	for (i = 0; i < l->n; i++)
		t += l->width[i];
	return t + (l->n > 0 ? (l->n - 1) * l->gap : 0);
}

/* Narrows the widest column that may still narrow: text down to
 * MIN_TEXT, or any column down to its values (its header shortened). 0
 * when none may. */
static int
narrow(const struct out *o, struct layout *l, const size_t *values,
    int text)
{
	size_t i, best = l->n, floor;

	for (i = 0; i < l->n; i++) {
		if (text && o->cols[o->show[l->col[i]]].kind != OUT_TEXT)
			continue;
		floor = text ? MIN_TEXT : values[i] ? values[i] : 1;
		if (l->width[i] > floor && (best == l->n ||
		    l->width[i] > l->width[best]))
			best = i;
	}
	if (best == l->n)
		return 0;
	l->width[best]--;
	return 1;
}

/* The columns and their widths; 0 when they cannot fit o->width. */
static int
lay_out(const struct out *o, struct layout *l)
{
	size_t values[OUT_MAXCOLS], i, w;

	l->n = 0;
	l->gap = 2;
	for (i = 0; i < o->nshow; i++) {
		w = values_width(o, i);
		/* fitting a terminal: a column with nothing in it goes */
		if (o->width > 0 && o->select == NULL && w == 0 &&
		    nrows(o) > 0)
			continue;
		values[l->n] = w;
		l->col[l->n] = i;
		if (o->header && display_width(header_of(o, i)) > w)
			w = display_width(header_of(o, i));
		l->width[l->n++] = w;
	}
	if (o->width == 0 || total(l) <= o->width)
		return 1;
	l->gap = 1;
	while (total(l) > o->width && narrow(o, l, values, 1))
		;
	while (total(l) > o->width && narrow(o, l, values, 0))
		;
	return total(l) <= o->width;
}

/* s in at most width columns, with "…" when shortened; padded to width
 * unless last. */
static void
put_fitted(FILE *fp, const char *s, size_t width, int last)
{
	size_t n, w;

	if ((w = display_width(s)) <= width) {
		put_flat(fp, s);
	} else {
		n = display_prefix(s, width - 1, &w);
		fwrite(s, 1, n, fp);
		fputs(ELLIPSIS, fp);
		w++;
	}
	while (!last && w < width) {
		putc(' ', fp);
		w++;
	}
}

static void
put_line(const struct out *o, const struct layout *l, const char *const *v)
{
	size_t i, g, last = 0;

	/* no padding after the last non-empty cell: no trailing spaces */
	for (i = 0; i < l->n; i++)
		if (v[i][0] != '\0')
			last = i;
	for (i = 0; i <= last && i < l->n; i++) {
		put_fitted(o->fp, v[i], l->width[i], i == last);
		for (g = 0; i < last && g < l->gap; g++)
			putc(' ', o->fp);
	}
	putc('\n', o->fp);
}

/* Too many columns for the width: each row as "label  value" lines. */
static void
put_records(const struct out *o)
{
	size_t r, i, lw = 0, w;

	for (i = 0; i < o->nshow; i++)
		if ((w = display_width(header_of(o, i))) > lw)
			lw = w;
	if (lw > o->width / 2)
		lw = o->width / 2;
	for (r = 0; r < nrows(o); r++) {
		if (r > 0)
			putc('\n', o->fp);
		for (i = 0; i < o->nshow; i++) {
			if (cell_of(o, r, i)[0] == '\0')
				continue;
			put_fitted(o->fp, header_of(o, i), lw, 0);
			fputs("  ", o->fp);
			put_fitted(o->fp, cell_of(o, r, i), o->width > lw + 2 ?
			    o->width - lw - 2 : 1, 1);
			putc('\n', o->fp);
		}
	}
}

int
out_table_end(struct out *o)
{
	const char *v[OUT_MAXCOLS];
	struct layout l;
	size_t r, i;

	/* on a terminal, headers over no row say nothing the notes do not */
	if (o->width > 0 && nrows(o) == 0)
		return CEP_OK;
	if (!lay_out(o, &l)) {
		put_records(o);
		return CEP_OK;
	}
	if (o->header) {
		for (i = 0; i < l.n; i++)
			v[i] = header_of(o, l.col[i]);
		put_line(o, &l, v);
	}
	for (r = 0; r < nrows(o); r++) {
		for (i = 0; i < l.n; i++)
			v[i] = cell_of(o, r, l.col[i]);
		put_line(o, &l, v);
	}
	return CEP_OK;
}
