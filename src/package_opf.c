/*
 * The package document (EPUB/package.opf): metadata, manifest and
 * spine, built in the tree of templates/package.opf so libxml2 escapes
 * every title and name. Also the book's identifier, which the NCX
 * repeats: a UUID v5 of the title and the articles' documents unless
 * the book names one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uuid/uuid.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "media.h"
#include "template.h"
#include "uuid5.h"
#include "xalloc.h"
#include "package_int.h"

/* sheaf's own UUID v5 namespace: eba26b37-f476-4305-b49e-7db67fe8d9e7. */
static const unsigned char ns_sheaf[16] = {
	0xeb, 0xa2, 0x6b, 0x37, 0xf4, 0x76, 0x43, 0x05,
	0xb4, 0x9e, 0x7d, 0xb6, 0x7f, 0xe8, 0xd9, 0xe7
};

/*
 * The name hashed is the title, a NUL, then the v5 UUID of each
 * article's document in reading order: the same book gives the same
 * identifier, without holding all documents in one buffer.
 */
void
package_identifier(struct package *p)
{
	const struct book	*b = p->book;
	const struct article	*a;
	struct buf		 name = BUF_INIT, id = BUF_INIT;
	uuid_t			 u;
	char			 s[37];
	size_t			 i;

	if (b->identifier != NULL && *b->identifier != '\0') {
		p->identifier = package_clean(b->identifier, "");
		if (*p->identifier != '\0')
			return;
		free(p->identifier);
	}
	if (b->title != NULL)
		buf_puts(&name, b->title);
	buf_put(&name, "", 1);
	for (i = 0; i < p->ndocs; i++) {
		if (p->docs[i].kind != PACKAGE_ARTICLE)
			continue;
		a = p->docs[i].article;
		if (a->xhtml != NULL)
			uuid5_make(u, ns_sheaf, a->xhtml, a->xhtml_len);
		else	/* spooled: the same digest, taken by spool_put() */
			memcpy(u, a->xref.sum, sizeof(u));
		buf_put(&name, u, sizeof(u));
	}
	uuid5_make(u, ns_sheaf, name.data, name.len);
	uuid_unparse_lower(u, s);
	buf_printf(&id, "urn:uuid:%s", s);
	p->identifier = buf_detach(&id);
	buf_fini(&name);
}

static xmlNodePtr
meta_refines(xmlNodePtr md, const char *id, const char *property,
    const char *scheme, const char *value)
{
	xmlNodePtr	 m;
	char		 ref[64];

	snprintf(ref, sizeof(ref), "#%s", id);
	m = package_elem(md, NULL, 2, "meta", value);
	xmlNewProp(m, (const xmlChar *)"refines", (const xmlChar *)ref);
	xmlNewProp(m, (const xmlChar *)"property", (const xmlChar *)property);
	if (scheme != NULL)
		xmlNewProp(m, (const xmlChar *)"scheme",
		    (const xmlChar *)scheme);
	return m;
}

/* Add <dc:name>text</dc:name> when text has something to say. */
static xmlNodePtr
dc(xmlNodePtr md, xmlNsPtr ns, const char *name, const char *text,
    const char *id)
{
	xmlNodePtr	 n;
	char		*v;

	if (text == NULL)
		return NULL;
	v = package_clean(text, "");
	if (*v == '\0') {
		free(v);
		return NULL;
	}
	n = package_elem(md, ns, 2, name, v);
	if (id != NULL)
		xmlNewProp(n, (const xmlChar *)"id", (const xmlChar *)id);
	free(v);
	return n;
}

static void
metadata(const struct package *p, xmlNodePtr md)
{
	const struct book	*b = p->book;
	xmlNsPtr		 ns;
	xmlNodePtr		 m;
	char			 date[32], id[32];
	size_t			 i;

	ns = xmlSearchNsByHref(md->doc, md, (const xmlChar *)PACKAGE_NS_DC);
	if (dc(md, ns, "title", b->subtitle, "book-subtitle") != NULL) {
		meta_refines(md, "book-title", "title-type", NULL, "main");
		meta_refines(md, "book-subtitle", "title-type", NULL, "subtitle");
	}
	for (i = 0; i < b->creators.n; i++) {
		snprintf(id, sizeof(id), "creator%zu", i + 1);
		if (dc(md, ns, "creator", b->creators.v[i], id) == NULL)
			continue;
		meta_refines(md, id, "role", "marc:relators",
		    i < b->creator_roles.n && *b->creator_roles.v[i] ?
		    b->creator_roles.v[i] : "aut");
		if (i < b->creator_file_as.n && *b->creator_file_as.v[i])
			meta_refines(md, id, "file-as", NULL,
			    b->creator_file_as.v[i]);
	}
	if (b->has_date && package_date(b->date, b->date % 86400 != 0, date,
	    sizeof(date)) == 0)
		dc(md, ns, "date", date, NULL);
	for (i = 0; i < b->subjects.n; i++)
		dc(md, ns, "subject", b->subjects.v[i], NULL);
	dc(md, ns, "publisher", b->publisher, NULL);
	dc(md, ns, "rights", b->rights, NULL);
	dc(md, ns, "description", b->description, NULL);
	if (p->cover != NULL) {
		/* For Kindle and other EPUB 2 reading systems. */
		m = package_elem(md, NULL, 2, "meta", NULL);
		xmlNewProp(m, (const xmlChar *)"name", (const xmlChar *)"cover");
		xmlNewProp(m, (const xmlChar *)"content",
		    (const xmlChar *)p->cover->id);
		}
}

static void
item(xmlNodePtr manifest, const char *id, const char *href,
    const char *type, const char *properties)
{
	xmlNodePtr	 n;

	n = package_elem(manifest, NULL, 2, "item", NULL);
	xmlNewProp(n, (const xmlChar *)"id", (const xmlChar *)id);
	xmlNewProp(n, (const xmlChar *)"href", (const xmlChar *)href);
	xmlNewProp(n, (const xmlChar *)"media-type", (const xmlChar *)type);
	if (properties != NULL)
		xmlNewProp(n, (const xmlChar *)"properties",
		    (const xmlChar *)properties);
}

static void
itemref(xmlNodePtr spine, const char *idref, const char *linear)
{
	xmlNodePtr	 n;

	n = package_elem(spine, NULL, 2, "itemref", NULL);
	xmlNewProp(n, (const xmlChar *)"idref", (const xmlChar *)idref);
	if (linear != NULL)
		xmlNewProp(n, (const xmlChar *)"linear",
		    (const xmlChar *)linear);
}

int
package_opf(const struct package *p, struct buf *out, struct diag *d)
{
	const struct media	*m = p->book->media;
	const struct package_doc	*doc;
	struct tmpl_var		 vars[] = {
		{ "lang", p->lang },
		{ "identifier", p->identifier },
		{ "title", p->title },
		{ "modified", p->modified },
	};
	xmlDocPtr		 xd;
	xmlNodePtr		 md, manifest, spine, n;
	size_t			 i;

	xd = template_load("package.opf", vars, sizeof(vars) / sizeof(vars[0]));
	if (xd == NULL || (md = template_slot(xd, "metadata")) == NULL ||
	    (manifest = template_slot(xd, "manifest")) == NULL ||
	    (spine = template_slot(xd, "spine")) == NULL) {
		diag_error(d, NULL, 0, 0, "template package.opf is broken");
		xmlFreeDoc(xd);
		return -1;
	}
	metadata(p, md);
	if (p->cfg != NULL && p->cfg->look.vertical) {
		/* Pages turn right to left; Kindle's converter reads the meta. */
		xmlNewProp(spine, (const xmlChar *)"page-progression-direction",
		    (const xmlChar *)"rtl");
		n = package_elem(md, NULL, 2, "meta", NULL);
		xmlNewProp(n, (const xmlChar *)"name",
		    (const xmlChar *)"primary-writing-mode");
		xmlNewProp(n, (const xmlChar *)"content",
		    (const xmlChar *)"vertical-rl");
	}
	package_a11y(p, md);

	item(manifest, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
	item(manifest, "css", "styles/sheaf.css", "text/css", NULL);
	item(manifest, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
	for (i = 0; i < p->ndocs; i++)
		item(manifest, p->docs[i].id, p->docs[i].href,
		    "application/xhtml+xml", NULL);
	for (i = 0; m != NULL && i < m->n; i++)
		item(manifest, m->v[i].id, m->v[i].href, m->v[i].media_type,
		    &m->v[i] == p->cover ? "cover-image" : NULL);
	for (i = 0; i < p->nfonts; i++)
		item(manifest, p->fonts[i].id, p->fonts[i].href,
		    p->fonts[i].kind, NULL);

	/* Cover, title page, nav, then the chapters and articles. */
	for (i = 0; i < p->ndocs; i++) {
		doc = &p->docs[i];
		itemref(spine, doc->id, doc->kind == PACKAGE_COVER ? "yes" : NULL);
		if (doc->kind == PACKAGE_TITLE)
			itemref(spine, "nav", NULL);
	}
	template_serialize(xd, out);
	xmlFreeDoc(xd);
	return 0;
}
