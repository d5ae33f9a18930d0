/*
 * The small XML and text helpers of package: the documents the
 * packager writes (package document, nav and NCX, cover, title and
 * chapter pages, the drawn cover) are libxml2 trees filled from
 * templates, and their text is one cleaned line. package_opf.c,
 * package_a11y.c, package_nav.c, package_pages.c and package_cover.c
 * build with these; package.c cleans the plan's labels with them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "text.h"
#include "xalloc.h"
#include "package_int.h"

char *
package_clean(const char *s, const char *fallback)
{
	struct buf	 out = BUF_INIT;
	char		*p;
	size_t		 i, start, end;
	int		 line;

	if (s != NULL)
		text_repair(s, strlen(s), &out, &line);
	for (i = 0; i < out.len; i++)
		if (out.data[i] == '\t' || out.data[i] == '\n' ||
		    out.data[i] == '\r')
			out.data[i] = ' ';
	for (start = 0; start < out.len && out.data[start] == ' '; start++)
		continue;
	for (end = out.len; end > start && out.data[end - 1] == ' '; end--)
		continue;
	p = end > start ? xstrndup(out.data + start, end - start) :
	    xstrdup(fallback);
	buf_fini(&out);
	return p;
}

int
package_date(int64_t t, int full, char *out, size_t sz)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL || tm.tm_year + 1900 < 1 ||
	    tm.tm_year + 1900 > 9999)
		return -1;
	if (full)
		snprintf(out, sz, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
		snprintf(out, sz, "%04d-%02d-%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

xmlNodePtr
package_add_text(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, (const xmlChar *)name,
	    (const xmlChar *)text);
}

static xmlNodePtr
indent(xmlDocPtr doc, int level)
{
	char	 ws[64];
	int	 i;

	ws[0] = '\n';
	for (i = 1; i <= 2 * level && i < (int)sizeof(ws) - 1; i++)
		ws[i] = ' ';
	ws[i] = '\0';
	return xmlNewDocText(doc, (const xmlChar *)ws);
}

xmlNodePtr
package_elem(xmlNodePtr parent, xmlNsPtr ns, int level, const char *name,
    const char *text)
{
	xmlNodePtr	 n, last = parent->last;

	n = xmlNewDocRawNode(parent->doc, ns != NULL ? ns : parent->ns,
	    (const xmlChar *)name, (const xmlChar *)text);
	/* Text nodes added next to text are merged into it, and freed. */
	if (last != NULL && xmlIsBlankNode(last)) {
		xmlAddPrevSibling(last, n);
		xmlAddPrevSibling(n, indent(parent->doc, level));
	} else {
		xmlAddChild(parent, indent(parent->doc, level));
		xmlAddChild(parent, n);
		xmlAddChild(parent, indent(parent->doc, level - 1));
	}
	return n;
}
