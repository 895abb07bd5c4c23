/*
 * The html format: one standalone page that an adviser can hand over or
 * print on A4. UTF-8, its style inline, no script and nothing fetched, so
 * that it reads the same from a mail, a USB stick or paper. The question
 * is its title; then the notes of the lookup, a picture when the command
 * has one (history: its timeline), the rows as a table whose addresses
 * are links, and a footer that says how old the data is and where it
 * comes from. Every value goes through markup.c.
 */
#include <string.h>

#include "i18n.h"
#include "output.h"

#define FOLD_MAX 256
#define PLACES_MAX 8		/* names looked at to name the place */

static const char style[] =
    "body{font-family:\"DejaVu Sans\",\"Helvetica Neue\",Arial,sans-serif;"
    "font-size:14px;line-height:1.4;color:#1d1d1d;background:#fff;"
    "margin:24px;padding:0}\n"
    /* a table wider than the window scrolls inside the page */
    ".rows{overflow-x:auto}\n"
    "h1{font-size:20px;margin:0 0 12px}\n"
    "h2{font-size:14px;margin:0 0 4px}\n"
    ".notes{border-left:4px solid #d89b00;background:#fff6dc;"
    "padding:8px 12px;margin:0 0 16px}\n"
    ".notes ul{margin:0;padding-left:18px}\n"
    "figure{margin:0 0 16px}\n"
    "figure svg{max-width:100%;height:auto}\n"
    "table{border-collapse:collapse;width:100%;font-size:13px}\n"
    "th,td{text-align:left;vertical-align:top;padding:4px 8px;"
    "border-bottom:1px solid #dde2e8}\n"
    "th{background:#eef2f7;border-bottom:2px solid #9aa9bd}\n"
    "tbody tr:nth-child(even){background:#f8f9fb}\n"
    "td.code,td.id,td.date,td.public{white-space:nowrap}\n"
    /* text wraps between words, an address anywhere, neither narrower
     * than a few words: a row stays a few lines high */
    "td.text{overflow-wrap:break-word;min-width:6em}\n"
    "td.text a{word-break:break-all}\n"
    "td.c-note,td.c-scope,td.c-operator_name{min-width:9em}\n"
    "a{color:#0b4f9c}\n"
    ".empty{color:#555;font-style:italic}\n"
    "footer{margin-top:20px;padding-top:8px;border-top:1px solid #dde2e8;"
    "font-size:12px;color:#444}\n"
    "footer p{margin:0 0 4px}\n"
    "code{font-family:\"DejaVu Sans Mono\",monospace;font-size:12px}\n"
    /* paper: A4 landscape (rows have a dozen columns), the header row
     * again on each page, no row or picture cut in two. A link's text is
     * its address, so paper shows it already. */
    "@page{size:A4 landscape;margin:12mm}\n"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}"
    "table{font-size:8.5pt}th,td{padding:2px 4px}"
    "thead{display:table-header-group}"
    "tr,figure,.notes{break-inside:avoid;page-break-inside:avoid}"
    "a{color:inherit;text-decoration:none}}\n";

static const char *kind_class[] = {
	[OUT_CODE] = "code", [OUT_ID] = "id", [OUT_DATE] = "date",
	[OUT_PUBLIC] = "public", [OUT_TEXT] = "text"
};

static size_t
nrows(const struct out *o)
{
	return o->nshow ? o->ncells / o->nshow : 0;
}

static const char *
cell(const struct out *o, size_t row, size_t shown)
{
	return o->cells[row * o->nshow + shown];
}

/* The shown column of that name, or nshow. */
static size_t
shown_column(const struct out *o, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < o->nshow; i++)
		if (strcmp(o->cols[o->show[i]].name, name) == 0)
			return i;
	return o->nshow;
}

static int
folded_starts(const char *name, const char *asked)
{
	char a[FOLD_MAX], b[FOLD_MAX];
	size_t n;

	name_fold(name, strlen(name), a, sizeof(a));
	n = name_fold(asked, strlen(asked), b, sizeof(b));
	return n > 0 && strncmp(a, b, n) == 0;
}

static int
folded_within(const char *name, const char *asked)
{
	char a[FOLD_MAX], b[FOLD_MAX];

	if (name_fold(name, strlen(name), a, sizeof(a)) == 0)
		return 0;
	name_fold(asked, strlen(asked), b, sizeof(b));
	return strstr(b, a) != NULL;
}

/* The name of the row whose code is the place asked, or NULL. */
static const char *
named_by_code(const struct out *o, size_t col)
{
	size_t code, r;

	code = shown_column(o, o->page.place_code);
	for (r = 0; code < o->nshow && col < o->nshow && r < nrows(o); r++)
		if (strcmp(cell(o, r, code), o->page.place) == 0 &&
		    cell(o, r, col)[0] != '\0')
			return cell(o, r, col);
	return NULL;
}

/*
 * The place as the rows name it. A code is shown with the name of its row
 * ("Bretagne (53)"); a name that the words asked begin ("bretagne",
 * "nouv") as the rows write it; one name for other words ("35000") with
 * them: "Rennes (35000)". Several names leave the words as they were
 * typed.
 */
static void
put_place(FILE *fp, const struct out *o)
{
	const char *asked = o->page.place, *names[PLACES_MAX], *v, *match;
	size_t col, r, i, n = 0, nmatch = 0;

	col = shown_column(o, o->page.place_column);
	if ((match = named_by_code(o, col)) != NULL) {
		markup_put(fp, match);
		if (folded_starts(match, asked))
			return;		/* "apec": Apec */
		fputs(" (", fp);
		markup_put(fp, asked);
		putc(')', fp);
		return;
	}
	for (r = 0; col < o->nshow && r < nrows(o); r++) {
		if ((v = cell(o, r, col))[0] == '\0')
			continue;
		for (i = 0; i < n && strcmp(names[i], v) != 0; i++)
			;
		if (i == n && n == PLACES_MAX)
			break;
		if (i == n)
			names[n++] = v;
	}
	if (r < nrows(o))
		n = 0;		/* too many to name one */
	for (i = 0; i < n; i++)
		if (folded_starts(names[i], asked)) {
			match = names[i];
			nmatch++;
		}
	if (nmatch == 1) {
		markup_put(fp, match);
	} else if (n == 1 && !folded_within(names[0], asked)) {
		markup_put(fp, names[0]);
		fputs(" (", fp);
		markup_put(fp, asked);
		putc(')', fp);
	} else
		markup_put(fp, asked);
}

/* The title, with the place where "%s" marks it. */
static void
put_title(FILE *fp, const struct out *o)
{
	const char *t = o->page.title, *mark;

	if (t == NULL)
		return;
	if (o->page.place == NULL || (mark = strstr(t, "%s")) == NULL) {
		markup_put(fp, t);
		return;
	}
	markup_putn(fp, t, (size_t)(mark - t));
	put_place(fp, o);
	markup_put(fp, mark + 2);
}

static void
put_head(FILE *fp, const struct out *o)
{
	/* TRANSLATORS: the language of the html page, as html names it
	 * (lang="fr") */
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"");
	markup_put(fp, _("en"));
	/* also well-formed XML (void elements closed), so that any XML
	 * tool reads it */
	fputs("\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"/>\n<meta name=\"generator\" content=\"cepdir "
	    CEPDIR_VERSION "\"/>\n<title>", fp);
	put_title(fp, o);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	    "<header><h1>", style);
	put_title(fp, o);
	fputs("</h1></header>\n<main>\n", fp);
}

static void
put_notes(FILE *fp, const struct out *o)
{
	size_t i;

	if (o->page.nnotes == 0)
		return;
	fputs("<section class=\"notes\">\n<h2>", fp);
	markup_put(fp, _("Notes"));
	fputs("</h2>\n<ul>\n", fp);
	for (i = 0; i < o->page.nnotes; i++) {
		fputs("<li>", fp);
		markup_put(fp, o->page.notes[i]);
		fputs("</li>\n", fp);
	}
	fputs("</ul>\n</section>\n", fp);
}

static const char *
header_of(const struct out *o, size_t shown)
{
	const char *name = o->cols[o->show[shown]].name;

	return o->label != NULL ? o->label(name) : name;
}

/* A cell: a public by its label, an address as a link. */
static void
put_cell(FILE *fp, const struct out *o, size_t row, size_t shown)
{
	enum out_kind kind = o->cols[o->show[shown]].kind;
	const char *v = cell(o, row, shown);

	fprintf(fp, "<td class=\"%s c-%s\">", kind_class[kind],
	    o->cols[o->show[shown]].name);
	if (kind == OUT_PUBLIC && o->public_label != NULL && v[0] != '\0')
		v = o->public_label(v);
	if (markup_is_link(v)) {
		fputs("<a href=\"", fp);
		markup_put(fp, v);
		fputs("\">", fp);
		markup_put(fp, v);
		fputs("</a>", fp);
	} else
		markup_put(fp, v);
	fputs("</td>", fp);
}

/* A column empty in every row says nothing to a reader: it goes, unless
 * -c asked for it. */
static int
worth_showing(const struct out *o, size_t shown)
{
	size_t r;

	if (o->select != NULL)
		return 1;
	for (r = 0; r < nrows(o); r++)
		if (cell(o, r, shown)[0] != '\0')
			return 1;
	return 0;
}

static void
put_table(FILE *fp, const struct out *o)
{
	int keep[OUT_MAXCOLS];
	size_t r, i;

	/* no row: headers over nothing tell a reader nothing */
	if (nrows(o) == 0) {
		fputs("<p class=\"empty\">", fp);
		markup_put(fp, _("Nothing found."));
		fputs("</p>\n", fp);
		return;
	}
	for (i = 0; i < o->nshow; i++)
		keep[i] = worth_showing(o, i);
	fputs("<div class=\"rows\">\n<table>\n", fp);
	if (o->header) {
		fputs("<thead><tr>", fp);
		for (i = 0; i < o->nshow; i++) {
			if (!keep[i])
				continue;
			fputs("<th scope=\"col\">", fp);
			markup_put(fp, header_of(o, i));
			fputs("</th>", fp);
		}
		fputs("</tr></thead>\n", fp);
	}
	fputs("<tbody>\n", fp);
	for (r = 0; r < nrows(o); r++) {
		fputs("<tr>", fp);
		for (i = 0; i < o->nshow; i++)
			if (keep[i])
				put_cell(fp, o, r, i);
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n</div>\n", fp);
}

/* A message with its values, escaped whole: a translation is text too. */
static void
put_message(FILE *fp, const char *fmt, const char *a, const char *b)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), fmt, a, b);
	markup_put(fp, buf);
}

/* The commands that show the sources, for this database. */
static void
put_export(FILE *fp, const char *database, const char *table)
{
	fputs("<code>cepdir ", fp);
	if (database != NULL) {
		fputs("--db ", fp);
		markup_put(fp, database);
		putc(' ', fp);
	}
	fprintf(fp, "export %s</code>", table);
}

/* How old the data is, where it comes from, and where its sources are. */
static void
put_footer(FILE *fp, const struct out *o)
{
	const struct out_page *p = &o->page;
	char day[DATE_BUFSZ];

	date_format(p->date, day);
	fputs("</main>\n<footer>\n<p>", fp);
	if (p->database == NULL && p->dated)
		put_message(fp, _("Data of %s, built into cepdir %s."), day,
		    CEPDIR_VERSION);
	else if (p->database == NULL)
		put_message(fp, _("Data built into cepdir %s."),
		    CEPDIR_VERSION, NULL);
	else if (p->dated)
		put_message(fp, _("Data of %s, from the database %s."), day,
		    p->database);
	else
		put_message(fp, _("Data from the database %s."), p->database,
		    NULL);
	fputs("</p>\n<p>", fp);
	markup_put(fp, _("Every operator and every mandate names its source, "
	    "in the column source of:"));
	putc(' ', fp);
	put_export(fp, p->database, "operators");
	fputs(", ", fp);
	put_export(fp, p->database, "coverage");
	fputs(".</p>\n<p>", fp);
	if (p->database == NULL)
		markup_put(fp, _("Regions, departments and communes: INSEE, "
		    "Code officiel g\xc3\xa9ographique; postcodes: La Poste."));
	else
		markup_put(fp, _("Regions, departments and communes: as "
		    "imported into that database."));
	fputs("</p>\n</footer>\n</body>\n</html>\n", fp);
}

int
out_html_end(struct out *o)
{
	int rc = CEP_OK;

	put_head(o->fp, o);
	put_notes(o->fp, o);
	if (o->page.figure != NULL) {
		fputs("<figure>\n", o->fp);
		rc = o->page.figure(o->page.figure_ctx, o->fp);
		fputs("</figure>\n", o->fp);
	}
	put_table(o->fp, o);
	put_footer(o->fp, o);
	if (rc == CEP_OK && o->page.failed)
		rc = CEP_SOFTWARE;
	return rc;
}
