/*
 * sheaf check, the package document: the metadata every reading
 * system and store needs (language, identifier, dcterms:modified),
 * the manifest (files present, nothing remote, WebP with a fallback,
 * stylesheets without remote url()), and the spine (items that are
 * out of the reading order must still be reachable, OPF-096).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"
#include "check_int.h"

#define NS_OPF	"http://www.idpf.org/2007/opf"
#define NS_DC	"http://purl.org/dc/elements/1.1/"

static char *
text_of(xmlNodePtr n)
{
	xmlChar	*v = xmlNodeGetContent(n);
	char	*s, *p, *e;

	s = xstrdup(v != NULL ? (const char *)v : "");
	xmlFree(v);
	for (p = s; isspace((unsigned char)*p); p++)
		continue;
	for (e = p + strlen(p); e > p && isspace((unsigned char)e[-1]); e--)
		continue;
	memmove(s, p, (size_t)(e - p));
	s[e - p] = '\0';
	return s;
}

static int
is_dc(xmlNodePtr n, const char *name)
{
	return check_is(n, name) && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, NS_DC) == 0;
}

/* CCYY-MM-DDThh:mm:ssZ exactly. */
static int
modified_ok(const char *s)
{
	static const char	 form[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t			 i;

	if (strlen(s) != sizeof(form) - 1)
		return 0;
	for (i = 0; form[i] != '\0'; i++)
		if (form[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    s[i] != form[i])
			return 0;
	return 1;
}

static int
uuid_ok(const char *s)
{
	size_t	 i;

	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23 ? s[i] != '-' :
		    !isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static void
metadata(struct check *c, xmlNodePtr root, xmlNodePtr md)
{
	xmlNodePtr	 n;
	char		*uid, *id, *v, *prop;
	int		 nlang = 0, nmod = 0, found = 0, nmode = 0;

	uid = check_attr(root, "unique-identifier");
	for (n = md->children; n != NULL; n = n->next) {
		if (is_dc(n, "language")) {
			nlang++;
			v = text_of(n);
			if (!check_lang_ok(v))
				check_report(c, DIAG_ERROR, c->opf,
				    xmlGetLineNo(n), "OPF-092",
				    "dc:language \"%s\" is not a well-formed "
				    "BCP 47 tag", v);
			free(v);
		} else if (is_dc(n, "identifier")) {
			id = check_attr(n, "id");
			if (uid != NULL && id != NULL && strcmp(id, uid) == 0) {
				found = 1;
				v = text_of(n);
				if (*v == '\0')
					check_report(c, DIAG_ERROR, c->opf,
					    xmlGetLineNo(n), "OPF-031",
					    "the book's identifier is empty");
				else if (strncasecmp(v, "urn:uuid:", 9) == 0 &&
				    !uuid_ok(v + 9))
					check_report(c, DIAG_ERROR, c->opf,
					    xmlGetLineNo(n), "OPF-085",
					    "\"%s\" is not a valid UUID", v);
				free(c->identifier);
				c->identifier = v;
			}
			free(id);
		} else if (check_is(n, "meta") &&
		    (prop = check_attr(n, "property")) != NULL) {
			if (strcmp(prop, "dcterms:modified") == 0 &&
			    xmlHasProp(n, (const xmlChar *)"refines") == NULL) {
				nmod++;
				v = text_of(n);
				if (!modified_ok(v))
					check_report(c, DIAG_ERROR, c->opf,
					    xmlGetLineNo(n), "RSC-005",
					    "dcterms:modified \"%s\" is not "
					    "CCYY-MM-DDThh:mm:ssZ", v);
				free(v);
			} else if (strncmp(prop, "schema:", 7) == 0) {
				v = text_of(n);
				nmode += check_a11y_meta(c, prop, v,
				    xmlGetLineNo(n));
				free(v);
			}
			free(prop);
		}
	}
	if (nlang == 0)
		check_report(c, DIAG_ERROR, c->opf, xmlGetLineNo(md), "RSC-005",
		    "no dc:language");
	if (!found)
		check_report(c, DIAG_ERROR, c->opf, xmlGetLineNo(md), "OPF-030",
		    "no dc:identifier with the id \"%s\" that "
		    "unique-identifier names", uid ? uid : "");
	if (nmod != 1)
		check_report(c, DIAG_ERROR, c->opf, xmlGetLineNo(md), "RSC-005",
		    nmod == 0 ? "no dcterms:modified" :
		    "more than one dcterms:modified");
	if (nmode == 0)
		check_report(c, DIAG_WARNING, c->opf, xmlGetLineNo(md),
		    "a11y-metadata", "no schema:accessMode: the book says "
		    "nothing of its accessibility");
	free(uid);
}

/* url(http...) and @import of remote sheets in a stylesheet. */
static void
stylesheet(struct check *c, const struct check_item *it)
{
	struct buf	 b = BUF_INIT;
	const char	*p, *q;
	int		 line = 1;

	if (check_read(c, it->name, &b) == -1)
		return;
	for (p = b.data; *p != '\0'; p++) {
		if (*p == '\n')
			line++;
		if (strncasecmp(p, "url(", 4) != 0 &&
		    strncasecmp(p, "@import", 7) != 0)
			continue;
		for (q = p + (*p == '@' ? 7 : 4); *q == ' ' || *q == '"' ||
		    *q == '\''; q++)
			continue;
		if (check_url_kind(q) == URL_REMOTE)
			check_report(c, DIAG_ERROR, it->name, line, "RSC-006",
			    "remote resource in a stylesheet");
		else if (check_url_kind(q) == URL_FILE)
			check_report(c, DIAG_ERROR, it->name, line, "RSC-030",
			    "file: URL in a stylesheet");
	}
	buf_fini(&b);
}

static void
manifest(struct check *c, xmlNodePtr mf)
{
	struct check_item	*it;
	xmlNodePtr	 n;
	char		*frag;
	size_t		 cap = 0;

	for (n = mf->children; n != NULL; n = n->next) {
		if (!check_is(n, "item"))
			continue;
		if (c->nitems == cap) {
			cap = cap ? cap * 2 : 32;
			c->items = xreallocarray(c->items, cap,
			    sizeof(*c->items));
		}
		it = &c->items[c->nitems++];
		memset(it, 0, sizeof(*it));
		it->id = check_attr(n, "id");
		it->href = check_attr(n, "href");
		it->type = check_attr(n, "media-type");
		it->props = check_attr(n, "properties");
		it->fallback = check_attr(n, "fallback");
		it->line = xmlGetLineNo(n);
		if (it->id == NULL)
			it->id = xstrdup("");
		if (it->type == NULL)
			it->type = xstrdup("");
		if (it->props == NULL)
			it->props = xstrdup("");
		if (it->href == NULL) {
			check_report(c, DIAG_ERROR, c->opf, it->line, "RSC-005",
			    "item \"%s\" has no href", it->id);
			continue;
		}
		switch (check_url_kind(it->href)) {
		case URL_REMOTE:
			check_report(c, DIAG_ERROR, c->opf, it->line, "RSC-006",
			    "remote resource %s: readers offline and "
			    "Send-to-Kindle cannot fetch it", it->href);
			continue;
		case URL_FILE:
			check_report(c, DIAG_ERROR, c->opf, it->line, "RSC-030",
			    "file: URL %s", it->href);
			continue;
		case URL_RELATIVE:
			break;
		default:
			check_report(c, DIAG_ERROR, c->opf, it->line, "RSC-005",
			    "item href %s is not a file in the book",
			    it->href);
			continue;
		}
		if (strchr(it->href, '?') != NULL)
			check_report(c, DIAG_ERROR, c->opf, it->line, "RSC-033",
			    "query string in %s", it->href);
		if (check_resolve(c->opf, it->href, &it->name, &frag) == -1) {
			check_report(c, DIAG_ERROR, c->opf, it->line, "RSC-026",
			    "%s points outside the book", it->href);
			continue;
		}
		free(frag);
		if (!check_exists(c, it->name))
			check_report(c, DIAG_ERROR, c->opf, it->line, "RSC-001",
			    "%s is listed but not in the book", it->name);
		else if (strcmp(it->type, "image/webp") == 0 &&
		    it->fallback == NULL)
			check_report(c, DIAG_ERROR, c->opf, it->line, "MED-003",
			    "WebP image %s has no fallback: Kindle and "
			    "EPUB 3.2 readers cannot show it", it->name);
		else if (strcmp(it->type, "text/css") == 0)
			stylesheet(c, it);
	}
}

static void
spine(struct check *c, xmlNodePtr sp)
{
	xmlNodePtr	 n;
	char		*idref, *linear;
	size_t		 i;

	for (n = sp->children; n != NULL; n = n->next) {
		if (!check_is(n, "itemref"))
			continue;
		idref = check_attr(n, "idref");
		linear = check_attr(n, "linear");
		for (i = 0; idref != NULL && i < c->nitems; i++)
			if (strcmp(c->items[i].id, idref) == 0)
				break;
		if (idref == NULL || i == c->nitems)
			check_report(c, DIAG_ERROR, c->opf, xmlGetLineNo(n),
			    "OPF-049", "spine item \"%s\" is not in the "
			    "manifest", idref ? idref : "");
		else if (linear != NULL && strcmp(linear, "no") == 0 &&
		    c->items[i].name != NULL) {
			c->nonlinear = xreallocarray(c->nonlinear,
			    c->nnonlinear + 1, sizeof(*c->nonlinear));
			c->nonlinear[c->nnonlinear++] =
			    xstrdup(c->items[i].name);
		}
		free(idref);
		free(linear);
	}
}

int
check_opf(struct check *c)
{
	struct buf	 raw = BUF_INIT;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n, md = NULL, mf = NULL, sp = NULL;

	doc = check_parse(c, c->opf, &raw);
	check_comments(c, c->opf, &raw);
	buf_fini(&raw);
	if (doc == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (!check_is(root, "package") || root->ns == NULL ||
	    strcmp((const char *)root->ns->href, NS_OPF) != 0) {
		check_report(c, DIAG_ERROR, c->opf, 0, "RSC-005",
		    "not a package document");
		xmlFreeDoc(doc);
		return -1;
	}
	for (n = root->children; n != NULL; n = n->next) {
		if (check_is(n, "metadata"))
			md = n;
		else if (check_is(n, "manifest"))
			mf = n;
		else if (check_is(n, "spine"))
			sp = n;
	}
	if (md == NULL || mf == NULL || sp == NULL) {
		check_report(c, DIAG_ERROR, c->opf, 0, "RSC-005",
		    "metadata, manifest or spine is missing");
		xmlFreeDoc(doc);
		return -1;
	}
	metadata(c, root, md);
	manifest(c, mf);
	spine(c, sp);
	xmlFreeDoc(doc);
	return 0;
}

void
check_opf_reach(struct check *c)
{
	size_t	 i, j;

	for (i = 0; i < c->nnonlinear; i++) {
		for (j = 0; j < c->nlinks; j++)
			if (strcmp(c->links[j].target, c->nonlinear[i]) == 0)
				break;
		if (j == c->nlinks)
			check_report(c, DIAG_ERROR, c->opf, 0, "OPF-096",
			    "%s is out of the reading order (linear=\"no\") "
			    "and no link reaches it", c->nonlinear[i]);
	}
}
