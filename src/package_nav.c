/*
 * The two tables of contents, EPUB/nav.xhtml (EPUB 3, with landmarks)
 * and EPUB/toc.ncx (EPUB 2), rendered from one flat list of entries
 * with depths that package_toc_build() makes from the plan, so they cannot
 * disagree. A chapter with a title holds its articles one level down;
 * the articles of an untitled chapter sit at the top level.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "media.h"
#include "template.h"
#include "xalloc.h"
#include "package_int.h"

void
package_toc_build(struct package *p)
{
	const struct package_doc	*doc;
	size_t			 i, end = 0;
	int			 under = 0;	/* depth of the chapter */

	p->toc = xcalloc(p->ndocs, sizeof(*p->toc));
	p->ntoc = 0;
	p->depth = 1;
	for (i = 0; i < p->ndocs; i++) {
		doc = &p->docs[i];
		if (doc->kind == PACKAGE_CHAPTER) {
			end = doc->first + doc->n;
			under = doc->depth;
		} else if (doc->kind != PACKAGE_ARTICLE)
			continue;
		p->toc[p->ntoc].label = doc->label;
		p->toc[p->ntoc].href = doc->href;
		if (doc->kind == PACKAGE_CHAPTER)
			p->toc[p->ntoc].depth = under;
		else
			p->toc[p->ntoc].depth = i < end ? under + 1 : 1;
		if (p->toc[p->ntoc].depth > p->depth)
			p->depth = p->toc[p->ntoc].depth;
		p->ntoc++;
	}
}

/*
 * The level an entry of depth takes after one at level prev: never
 * more than one deeper than its predecessor, never past the limit.
 */
static int
toc_level(int depth, int prev)
{
	if (depth > prev + 1)
		depth = prev + 1;
	if (depth > PACKAGE_TOC_MAX)
		depth = PACKAGE_TOC_MAX;
	return depth < 1 ? 1 : depth;
}

/* <li><a href="href" [epub:type="type"]>label</a></li> */
static void
nav_item(xmlNodePtr ol, xmlNsPtr epub, const char *type,
    const char *href, const char *label, xmlNodePtr *lip)
{
	xmlNodePtr	 li, a;

	li = package_elem(ol, NULL, 0, "li", NULL);
	a = package_add_text(li, "a", label);
	xmlNewProp(a, (const xmlChar *)"href", (const xmlChar *)href);
	if (type != NULL)
		xmlNewNsProp(a, epub, (const xmlChar *)"type",
		    (const xmlChar *)type);
	if (lip != NULL)
		*lip = li;
}

/* The first chapter page or article: where the body matter starts. */
static const struct package_doc *
first_body(const struct package *p)
{
	size_t	 i;

	for (i = 0; i < p->ndocs; i++)
		if (p->docs[i].kind == PACKAGE_CHAPTER ||
		    p->docs[i].kind == PACKAGE_ARTICLE)
			return &p->docs[i];
	return NULL;
}

static const struct package_doc *
find_kind(const struct package *p, enum package_kind kind)
{
	size_t	 i;

	for (i = 0; i < p->ndocs; i++)
		if (p->docs[i].kind == kind)
			return &p->docs[i];
	return NULL;
}

int
package_nav(const struct package *p, struct buf *out, struct diag *d)
{
	const struct package_words	*w = p->words;
	const struct package_doc	*doc;
	struct tmpl_var		 vars[] = {
		{ "lang", p->lang },
		{ "title", p->title },
		{ "contents", w->contents },
		{ "landmarks", w->landmarks },
	};
	xmlDocPtr		 xd;
	xmlNodePtr		 toc, lm, li[PACKAGE_TOC_MAX + 1], ol[PACKAGE_TOC_MAX + 1];
	xmlNsPtr		 epub;
	size_t			 i;
	int			 k, lv;

	xd = template_load("nav.xhtml", vars, sizeof(vars) / sizeof(vars[0]));
	if (xd == NULL || (toc = template_slot(xd, "toc")) == NULL ||
	    (lm = template_slot(xd, "landmarks")) == NULL ||
	    (epub = xmlSearchNsByHref(xd, toc,
	    (const xmlChar *)PACKAGE_NS_EPUB)) == NULL) {
		diag_error(d, NULL, 0, 0, "template nav.xhtml is broken");
		xmlFreeDoc(xd);
		return -1;
	}

	/* An entry of depth k goes into a list under the last of k - 1. */
	ol[1] = toc;
	li[0] = NULL;
	for (k = 1; k <= PACKAGE_TOC_MAX; k++)
		li[k] = NULL;
	for (i = 0, lv = 0; i < p->ntoc; i++) {
		k = toc_level(p->toc[i].depth, lv);
		if (k > 1 && li[k] == NULL && ol[k - 1] != NULL)
			ol[k] = package_elem(li[k - 1], NULL, 0, "ol", NULL);
		nav_item(ol[k], NULL, NULL, p->toc[i].href, p->toc[i].label,
		    &li[k]);
		if (k < PACKAGE_TOC_MAX)
			li[k + 1] = NULL;
		lv = k;
	}

	if ((doc = find_kind(p, PACKAGE_COVER)) != NULL)
		nav_item(lm, epub, "cover", doc->href, w->cover, NULL);
	if ((doc = find_kind(p, PACKAGE_TITLE)) != NULL)
		nav_item(lm, epub, "titlepage", doc->href, w->titlepage, NULL);
	nav_item(lm, epub, "toc", "nav.xhtml#toc", w->contents, NULL);
	if ((doc = first_body(p)) != NULL)
		nav_item(lm, epub, "bodymatter", doc->href, w->start, NULL);

	template_serialize(xd, out);
	xmlFreeDoc(xd);
	return 0;
}

int
package_ncx(const struct package *p, struct buf *out, struct diag *d)
{
	char			 depth[8], id[32], order[32];
	struct tmpl_var		 vars[] = {
		{ "lang", p->lang },
		{ "identifier", p->identifier },
		{ "title", p->title },
		{ "depth", depth },
	};
	xmlDocPtr		 xd;
	xmlNodePtr		 np, label, c, up[PACKAGE_TOC_MAX + 1];
	size_t			 i;
	int			 k, lv = 0;

	snprintf(depth, sizeof(depth), "%d", p->depth);
	xd = template_load("toc.ncx", vars, sizeof(vars) / sizeof(vars[0]));
	if (xd == NULL || (up[0] = template_slot(xd, "navmap")) == NULL) {
		diag_error(d, NULL, 0, 0, "template toc.ncx is broken");
		xmlFreeDoc(xd);
		return -1;
	}
	/* up[k - 1] holds the navPoints of depth k. */
	for (i = 0; i < p->ntoc; i++) {
		k = toc_level(p->toc[i].depth, lv);
		lv = k;
		snprintf(id, sizeof(id), "np-%zu", i + 1);
		snprintf(order, sizeof(order), "%zu", i + 1);
		np = package_elem(up[k - 1], NULL, k + 1, "navPoint", NULL);
		up[k] = np;
		k++;
		xmlNewProp(np, (const xmlChar *)"id", (const xmlChar *)id);
		xmlNewProp(np, (const xmlChar *)"playOrder",
		    (const xmlChar *)order);
		label = package_elem(np, NULL, k + 1, "navLabel", NULL);
		package_elem(label, NULL, k + 2, "text", p->toc[i].label);
		c = package_elem(np, NULL, k + 1, "content", NULL);
		xmlNewProp(c, (const xmlChar *)"src",
		    (const xmlChar *)p->toc[i].href);
	}
	template_serialize(xd, out);
	xmlFreeDoc(xd);
	return 0;
}
