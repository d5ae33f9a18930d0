/*
 * The Markdown reader of the convert stage: md4c renders the body to
 * HTML text in the GitHub dialect (tables, strikethrough, autolinks,
 * task lists, and $ math kept apart as <x-equation>), raw HTML
 * passing through as Hexo and Jekyll expect.
 * The HTML reader then parses that text like any HTML body, so both
 * kinds of body meet in one tree before sanitizing.
 */
#define _GNU_SOURCE		/* memmem(3) */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include <md4c-html.h>

#include "buf.h"
#include "xalloc.h"
#include "convert_int.h"

static void
put(const MD_CHAR *p, MD_SIZE n, void *arg)
{
	buf_put(arg, p, n);
}

/* Does XML refuse the character c? */
static int
refused(unsigned long c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
	    (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff ||
	    c > 0x10ffff;
}

int
convert_markdown_bad_ref(const char *s, size_t n)
{
	const char	*p = s, *end = s + n, *q;
	unsigned long	 c;
	int		 hex, digits;

	while ((q = memmem(p, (size_t)(end - p), "&#", 2)) != NULL) {
		p = q + 2;
		hex = p < end && (*p == 'x' || *p == 'X');
		p += hex;
		/* CommonMark: 1-6 hex digits or 1-7 decimal ones, then ';'. */
		for (c = 0, digits = 0; p < end && digits < 8 &&
		    (hex ? isxdigit((unsigned char)*p) :
		    isdigit((unsigned char)*p)); p++, digits++)
			c = c * (hex ? 16 : 10) + (unsigned long)(isdigit(
			    (unsigned char)*p) ? *p - '0' :
			    tolower((unsigned char)*p) - 'a' + 10);
		if (digits == 0 || digits > (hex ? 6 : 7) || p >= end ||
		    *p != ';' || !refused(c))
			continue;
		for (digits = 1, q = s; (q = memchr(q, '\n',
		    (size_t)(p - q))) != NULL; q++)
			digits++;
		return digits;
	}
	return 0;
}

size_t
convert_markdown_surrogates(char *s, size_t n)
{
	unsigned char	*p = (unsigned char *)s, *end = p + n;
	size_t		 k = 0;

	while ((p = memchr(p, 0xed, (size_t)(end - p))) != NULL) {
		if (end - p >= 3 && p[1] >= 0xa0 && p[1] <= 0xbf &&
		    p[2] >= 0x80 && p[2] <= 0xbf) {
			p[0] = 0xef, p[1] = 0xbf, p[2] = 0xbd;
			k++;
			p += 3;
		} else
			p++;
	}
	return k;
}

int
convert_markdown(const char *s, size_t n, struct buf *out)
{
	if (n > (MD_SIZE)-1)
		return -1;
	/* put() never stops md4c: it fails only when out of memory. */
	if (md_html(s, (MD_SIZE)n, put, out, MD_DIALECT_GITHUB |
	    MD_FLAG_LATEXMATHSPANS,
	    MD_HTML_FLAG_XHTML | MD_HTML_FLAG_SKIP_UTF8_BOM) != 0)
		xalloc_oom();
	return 0;
}
