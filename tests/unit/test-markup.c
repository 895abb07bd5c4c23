/*
 * Unit tests of src/markup.c and the html format: a value from an
 * imported file is text, never markup nor a link, and never makes the
 * page or the picture unreadable to an XML parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cepdir.h"
#include "output.h"
#include "tap.h"

static char *buf;
static size_t len;

static const char *
escaped(const char *s, size_t n)
{
	FILE *fp;

	free(buf);
	buf = NULL;
	if ((fp = open_memstream(&buf, &len)) == NULL)
		return "(open_memstream failed)";
	markup_putn(fp, s, n);
	fclose(fp);
	return buf;
}

#define ESC(s) escaped(s, sizeof(s) - 1)

static void
test_escaping(void)
{
	is_str(ESC("<script>alert(1)</script> & co"),
	    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co",
	    "markup characters become references");
	is_str(ESC("\"x\" 'y'"), "&quot;x&quot; &#39;y&#39;",
	    "quotes too: the same escaping serves attributes");
	is_str(ESC("\xc3\x8ele-de-France \xe2\x80\xa6"),
	    "\xc3\x8ele-de-France \xe2\x80\xa6", "UTF-8 is kept as it is");
	is_str(ESC("a\tb\nc\rd"), "a\tb\nc\rd", "tab and line ends are kept");
	is_str(ESC("a\x01" "b\x1f" "c"), "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c",
	    "other control characters, which XML refuses, become U+FFFD");
	is_str(ESC("a\xff" "b"), "a\xef\xbf\xbd" "b",
	    "a byte that starts no character becomes U+FFFD");
	is_str(ESC("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd",
	    "an overlong form is not UTF-8");
	is_str(ESC("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "nor is a surrogate");
	is_str(ESC("\xef\xbf\xbe\xef\xbf\xbf"), "\xef\xbf\xbd\xef\xbf\xbd",
	    "U+FFFE and U+FFFF, which XML refuses, become U+FFFD");
	is_str(ESC("ab\xc3"), "ab\xef\xbf\xbd",
	    "a character cut at the end of the bytes given");
	is_str(escaped("a<b", 2), "a&lt;", "no byte after n is read");
	is_str(ESC("\xef\xbf\xbd"), "\xef\xbf\xbd", "U+FFFD itself is kept");
}

static void
test_links(void)
{
	ok(markup_is_link("https://www.apec.fr"), "https: is a link");
	ok(markup_is_link("HTTP://example.org"), "http:, in any case");
	ok(!markup_is_link("javascript:alert(1)"), "javascript: is not");
	ok(!markup_is_link("data:text/html,<script>"), "data: is not");
	ok(!markup_is_link(" https://x.example"), "nor a value with a space "
	    "before it");
	ok(!markup_is_link("www.apec.fr"), "nor an address without scheme");
}

/* A page of one row, in memory. */
static const char *
page(const char *const *cells, const char *note)
{
	static const struct out_col cols[] = {
		{ "operator_name", OUT_TEXT }, { "website", OUT_TEXT },
		{ NULL, OUT_TEXT }
	};
	struct out o;
	FILE *fp;
	int rc;

	free(buf);
	buf = NULL;
	if ((fp = open_memstream(&buf, &len)) == NULL)
		return "(open_memstream failed)";
	memset(&o, 0, sizeof(o));
	o.fp = fp;
	o.format = FMT_HTML;
	o.header = 1;
	o.page.title = "CEP operators for %s";
	o.page.place = "<b>";
	out_note(&o, note);
	out_begin(&o, cols);
	rc = out_row(&o, cells);
	rc |= out_end(&o);
	out_free(&o);
	fclose(fp);
	return rc == CEP_OK ? buf : "(failed)";
}

static void
test_page(void)
{
	static const char *const hostile[] = {
		"<script>alert(1)</script> & co", "javascript:alert(1)"
	};
	static const char *const site[] = {
		"Apec", "https://x.example/?a=\"b\"&c=<d>"
	};
	const char *p;

	p = page(hostile, "<img src=x onerror=alert(1)>");
	ok(strstr(p, "<script") == NULL && strstr(p, "<img") == NULL,
	    "no value becomes an element");
	ok(strstr(p, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co") !=
	    NULL, "the hostile name is on the page as text");
	ok(strstr(p, "href") == NULL, "a javascript: address is no link");
	ok(strstr(p, "<td class=\"text c-website\">javascript:alert(1)</td>")
	    != NULL, "it is shown as text");
	ok(strstr(p, "<li>&lt;img src=x onerror=alert(1)&gt;</li>") != NULL,
	    "a note is shown, escaped");
	ok(strstr(p, "<h1>CEP operators for &lt;b&gt;</h1>") != NULL,
	    "the place asked is escaped in the title");
	p = page(site, "");
	ok(strstr(p, "<a href=\"https://x.example/?a=&quot;b&quot;&amp;c="
	    "&lt;d&gt;\">") != NULL, "an https: address is a link, its "
	    "attribute escaped");
}

int
main(void)
{
	test_escaping();
	test_links();
	test_page();
	free(buf);
	return tap_done();
}
