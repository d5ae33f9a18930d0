/*
 * The second half of convert, after the fetch stage: each remote image
 * an article asked for was left as a placeholder img (CONVERT_REMOTE);
 * now it gets the book's copy of the picture, or, when the picture
 * could not be had, a short note with its alt text linking to its
 * address. Under -v each missing image is a warning at its FILE:LINE;
 * otherwise one warning counts them by reason.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "convert.h"
#include "convert_int.h"
#include "diag.h"
#include "media.h"
#include "spool.h"
#include "template.h"
#include "xalloc.h"

static int
in_link(xmlNodePtr n)
{
	for (n = n->parent; n != NULL && n->type == XML_ELEMENT_NODE;
	    n = n->parent)
		if (xmlStrEqual(n->name, (const xmlChar *)"a"))
			return 1;
	return 0;
}

static const char *
why(const struct remote *r)
{
	return r->why != NULL ? r->why : "not fetched";
}

/* Fill one placeholder img; returns the next node to visit. */
static xmlNodePtr
place(struct convert *c, const struct media *m, xmlNodePtr img,
    const char *src, const struct config *cfg, unsigned char *noted)
{
	const struct remote	*r;
	struct buf		 href = BUF_INIT;
	xmlNodePtr		 next = img->next, note;
	xmlChar			*alt;
	char			*end;
	unsigned long		 idx;
	long			 line;

	idx = strtoul(src + sizeof(CONVERT_REMOTE) - 1, &end, 10);
	line = *end == ':' ? strtol(end + 1, NULL, 10) : 0;
	if (c->art->remote_ids != NULL)		/* the article's own index */
		idx = idx < c->art->nremote_ids ? c->art->remote_ids[idx] :
		    m->rn;
	if (idx >= m->rn)
		return next;
	r = &m->rv[idx];
	if (r->res >= 0) {
		buf_printf(&href, "../%s", m->v[r->res].href);
		xmlSetProp(img, (const xmlChar *)"src",
		    (const xmlChar *)href.data);
		c->nimages++;
		buf_fini(&href);
		return next;
	}
	alt = xmlGetProp(img, (const xmlChar *)"alt");
	note = convert_note(c, "remote-image", r->url, c->words->image,
	    (const char *)alt, in_link(img));
	xmlAddPrevSibling(img, note);
	xmlUnlinkNode(img);
	xmlFreeNode(img);
	xmlFree(alt);
	c->nremote++;		/* here: the notes */
	noted[idx] = 1;
	if (cfg->verbose || cfg->strict)
		diag_warn(c->d, c->art->path, (int)line, 0,
		    "image not embedded: %s: %s", r->url,
		    why(r));
	return next;
}

static int
place_article(struct book *b, struct article *a, const struct config *cfg,
    struct diag *d, unsigned char *noted)
{
	struct convert	 c;
	struct buf	 out = BUF_INIT, in = BUF_INIT;
	xmlDocPtr	 doc = NULL;
	xmlNodePtr	 n, root;
	xmlChar		*v;

	memset(&c, 0, sizeof(c));
	c.book = b;
	c.art = a;
	c.cfg = cfg;
	c.d = d;
	/* The document is in memory, or deflated in the spool. */
	if (a->xhtml != NULL)
		buf_put(&in, a->xhtml, a->xhtml_len);
	if ((a->xhtml == NULL && spool_get(b->spool, &a->xref, &in) == -1) ||
	    (doc = xread_xml(in.data, in.len, NULL, "UTF-8",
	    XML_PARSE_NONET)) == NULL ||
	    (root = xmlDocGetRootElement(doc)) == NULL) {
		diag_error(d, a->path, 0, 0, "converted document unreadable");
		xmlFreeDoc(doc);
		buf_fini(&in);
		return -1;
	}
	buf_fini(&in);
	c.doc = doc;
	v = xmlGetProp(root, (const xmlChar *)"lang");
	c.words = convert_words_for(v != NULL ? (const char *)v : "en");
	xmlFree(v);
	for (n = root; n != NULL; ) {
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(n->name, (const xmlChar *)"img") &&
		    (v = xmlGetProp(n, (const xmlChar *)"src")) != NULL) {
			if (strncmp((const char *)v, CONVERT_REMOTE,
			    sizeof(CONVERT_REMOTE) - 1) == 0) {
				xmlNodePtr parent = n->parent;
				xmlNodePtr next = place(&c, b->media, n,
				    (const char *)v, cfg, noted);

				xmlFree(v);
				n = next != NULL ? next : parent;
				if (next != NULL)
					continue;
				goto up;
			}
			xmlFree(v);
		}
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
up:
		while (n != root && n->next == NULL)
			n = n->parent;
		n = n == root ? NULL : n->next;
	}
	template_serialize(doc, &out);
	xmlFreeDoc(doc);
	free(a->xhtml);
	a->xhtml = NULL;
	/* Back into the spool; should that fail, it stays in memory. */
	if (a->xref.used && spool_put(b->spool, out.data, out.len,
	    &a->xref) == 0)
		buf_fini(&out);
	else {
		a->xhtml_len = out.len;
		a->xhtml = buf_detach(&out);
	}
	a->nimages += c.nimages;
	a->nmissing += c.nremote;
	a->nremote = 0;
	return 0;
}

/* One warning: how many of the noted images are missing, and why. */
static void
missing_summary(const struct media *m, const unsigned char *noted,
    struct diag *d)
{
	struct buf	 msg = BUF_INIT;
	size_t		 i, j, k, missing = 0, seen;

	for (i = 0; i < m->rn; i++)
		missing += noted[i];
	if (missing == 0)
		return;
	buf_printf(&msg, "%zu image%s not embedded:", missing,
	    missing == 1 ? "" : "s");
	for (i = 0, k = 0; i < m->rn; i++) {
		if (!noted[i])
			continue;
		for (j = 0; j < i; j++)
			if (noted[j] && strcmp(why(&m->rv[j]),
			    why(&m->rv[i])) == 0)
				break;
		if (j < i)
			continue;
		for (j = i, seen = 0; j < m->rn; j++)
			seen += noted[j] && strcmp(why(&m->rv[j]),
			    why(&m->rv[i])) == 0;
		buf_printf(&msg, "%s %zu %s", k++ ? ";" : "", seen,
		    why(&m->rv[i]));
	}
	BUF_PUTSL(&msg, " (-v lists them)");
	diag_warn(d, NULL, 0, 0, "%s", msg.data);
	buf_fini(&msg);
}

int
convert_place_images(struct book *b, const struct config *cfg,
    struct diag *d)
{
	unsigned char	*noted;
	size_t		 i;
	int		 rc = 0;

	if (b->media == NULL || b->media->rn == 0)
		return 0;
	convert_cover_place(b, d);
	noted = xcalloc(b->media->rn, 1);
	for (i = 0; i < b->narticles; i++)
		if (b->articles[i]->nremote > 0 && (b->articles[i]->xhtml !=
		    NULL || b->articles[i]->xref.used) &&
		    place_article(b, b->articles[i], cfg, d, noted) == -1)
			rc = -1;
	if (!cfg->verbose && !cfg->strict)
		missing_summary(b->media, noted, d);
	free(noted);
	return rc;
}
