/*
 * The Markdown reader of the convert stage: md4c renders the body to
 * HTML text in the GitHub dialect (tables, strikethrough, autolinks,
 * task lists, and $ math kept apart as <x-equation>), raw HTML
 * passing through as Hexo and Jekyll expect.
 * The HTML reader then parses that text like any HTML body, so both
 * kinds of body meet in one tree before sanitizing.
 */
#include <stddef.h>

#include <md4c-html.h>

#include "buf.h"
#include "convert_int.h"

static void
put(const MD_CHAR *p, MD_SIZE n, void *arg)
{
	buf_put(arg, p, n);
}

int
convert_markdown(const char *s, size_t n, struct buf *out)
{
	if (n > (MD_SIZE)-1)
		return -1;
	if (md_html(s, (MD_SIZE)n, put, out, MD_DIALECT_GITHUB |
	    MD_FLAG_LATEXMATHSPANS,
	    MD_HTML_FLAG_XHTML | MD_HTML_FLAG_SKIP_UTF8_BOM) != 0)
		return -1;
	return 0;
}
