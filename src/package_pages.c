/*
 * The pages sheaf writes itself: the cover page (the cover image),
 * the title page (title, subtitle, creators, the span of the articles'
 * dates, the top-level categories, how many chapters and articles) and one opening page per
 * titled chapter listing its articles with their dates. Each fills a
 * template; lists are added as tree nodes, so titles are escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "media.h"
#include "template.h"
#include "xalloc.h"
#include "package_int.h"

#define NVARS(v)	(sizeof(v) / sizeof((v)[0]))

/* An article's day as the reader's calendar shows it. */
static int
day(const struct package *p, const struct article *a, char *out, size_t sz)
{
	long	 off = p->cfg != NULL ? p->cfg->tz_offset : 0;

	if (!a->has_date)
		return -1;
	return package_date(a->date + off, 0, out, sz);
}

static int
render(xmlDocPtr xd, const char *name, struct buf *out, struct diag *d)
{
	if (xd == NULL) {
		diag_error(d, NULL, 0, 0, "template %s is broken", name);
		return -1;
	}
	template_serialize(xd, out);
	xmlFreeDoc(xd);
	return 0;
}

static int
cover_page(const struct package *p, struct package_doc *doc, struct diag *d)
{
	struct buf	 src = BUF_INIT;
	struct tmpl_var	 vars[] = {
		{ "lang", p->lang },
		{ "title", p->title },
		{ "src", NULL },
	};
	int		 rc;

	buf_printf(&src, "../%s", p->cover->href);
	vars[2].value = src.data;
	rc = render(template_load("cover.xhtml", vars, NVARS(vars)),
	    "cover.xhtml", &doc->out, d);
	buf_fini(&src);
	return rc;
}

/* "2 chapters · 14 articles", or just the articles. */
static void
counts(const struct package *p, struct buf *out)
{
	const struct package_words	*w = p->words;

	if (p->nchapters > 0)
		buf_printf(out, "%zu %s · ", p->nchapters,
		    p->nchapters == 1 ? w->chapter1 : w->chapters);
	buf_printf(out, "%zu %s", p->narticles,
	    p->narticles == 1 ? w->article1 : w->articles);
}

/* Oldest – newest day of the dated articles; empty when none. */
static void
span(const struct package *p, struct buf *out)
{
	const struct article	*a, *lo = NULL, *hi = NULL;
	char			 d1[16], d2[16];
	size_t			 i;

	for (i = 0; i < p->ndocs; i++) {
		if (p->docs[i].kind != PACKAGE_ARTICLE)
			continue;
		a = p->docs[i].article;
		if (day(p, a, d1, sizeof(d1)) == -1)
			continue;
		if (lo == NULL || a->date < lo->date)
			lo = a;
		if (hi == NULL || a->date > hi->date)
			hi = a;
	}
	if (lo == NULL)
		return;
	day(p, lo, d1, sizeof(d1));
	day(p, hi, d2, sizeof(d2));
	buf_puts(out, d1);
	if (strcmp(d1, d2) != 0)
		buf_printf(out, " – %s", d2);
}

static int
title_page(const struct package *p, struct package_doc *doc, struct diag *d)
{
	const struct book	*b = p->book;
	struct buf		 creators = BUF_INIT, dates = BUF_INIT,
				 n = BUF_INIT, cats = BUF_INIT;
	struct tmpl_var		 vars[] = {
		{ "lang", p->lang },
		{ "title", p->title },
		{ "subtitle", NULL },
		{ "creators", NULL },
		{ "dates", NULL },
		{ "contents", NULL },
		{ "description", NULL },
		{ "publisher", NULL },
		{ "rights", NULL },
		{ "categories", NULL },
	};
	char			*clean[4];
	size_t			 i;
	int			 rc;

	for (i = 0; i < b->creators.n; i++) {
		clean[0] = package_clean(b->creators.v[i], "");
		if (*clean[0] != '\0') {
			if (creators.len > 0)
				buf_puts(&creators, p->words->sep);
			buf_puts(&creators, clean[0]);
		}
		free(clean[0]);
	}
	for (i = 0; i < b->subjects.n; i++) {
		clean[0] = package_clean(b->subjects.v[i], "");
		if (*clean[0] != '\0') {
			if (cats.len > 0)
				BUF_PUTSL(&cats, " · ");
			buf_puts(&cats, clean[0]);
		}
		free(clean[0]);
	}
	span(p, &dates);
	counts(p, &n);
	clean[0] = package_clean(b->subtitle, "");
	clean[1] = package_clean(b->description, "");
	clean[2] = package_clean(b->publisher, "");
	clean[3] = package_clean(b->rights, "");
	vars[2].value = clean[0];
	vars[3].value = creators.data;
	vars[4].value = dates.data;
	vars[5].value = n.data;
	vars[6].value = clean[1];
	vars[7].value = clean[2];
	vars[8].value = clean[3];
	vars[9].value = cats.data;
	rc = render(template_load("title.xhtml", vars, NVARS(vars)),
	    "title.xhtml", &doc->out, d);
	for (i = 0; i < 4; i++)
		free(clean[i]);
	buf_fini(&creators);
	buf_fini(&dates);
	buf_fini(&n);
	buf_fini(&cats);
	return rc;
}

static int
chapter_page(const struct package *p, struct package_doc *doc, struct diag *d)
{
	const struct package_doc	*ad;
	struct tmpl_var		 vars[] = {
		{ "lang", p->lang },
		{ "title", doc->label },
	};
	xmlDocPtr		 xd;
	xmlNodePtr		 ol, li, a, t;
	const char		*href;
	char			 date[16];
	size_t			 i;

	xd = template_load("chapter.xhtml", vars, NVARS(vars));
	if (xd == NULL || (ol = template_slot(xd, "articles")) == NULL) {
		xmlFreeDoc(xd);
		return render(NULL, "chapter.xhtml", &doc->out, d);
	}
	for (i = doc->first; i < doc->first + doc->n; i++) {
		ad = &p->docs[i];
		/* Both pages live in text/: link by file name. */
		href = strrchr(ad->href, '/') + 1;
		li = package_elem(ol, NULL, 0, "li", NULL);
		a = package_add_text(li, "a", ad->label);
		xmlNewProp(a, (const xmlChar *)"href", (const xmlChar *)href);
		if (day(p, ad->article, date, sizeof(date)) == 0) {
			xmlAddChild(li, xmlNewDocText(xd,
			    (const xmlChar *)" "));
			t = package_add_text(li, "time", date);
			xmlNewProp(t, (const xmlChar *)"class",
			    (const xmlChar *)"date");
			xmlNewProp(t, (const xmlChar *)"datetime",
			    (const xmlChar *)date);
		}
	}
	return render(xd, "chapter.xhtml", &doc->out, d);
}

int
package_pages(struct package *p, struct diag *d)
{
	struct package_doc	*doc;
	size_t		 i;
	int		 rc = 0;

	for (i = 0; i < p->ndocs && rc == 0; i++) {
		doc = &p->docs[i];
		switch (doc->kind) {
		case PACKAGE_COVER:
			rc = cover_page(p, doc, d);
			break;
		case PACKAGE_TITLE:
			rc = title_page(p, doc, d);
			break;
		case PACKAGE_CHAPTER:
			rc = chapter_page(p, doc, d);
			break;
		case PACKAGE_ARTICLE:
			break;
		}
	}
	return rc;
}
