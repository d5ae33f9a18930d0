/*
 * sheaf check, the two tables of contents: the EPUB 3 nav document's
 * toc and the EPUB 2 NCX that Kindle and older readers use must list
 * the same targets in the same order, and the NCX must carry the
 * book's identifier. Every target goes to the link list, so a
 * missing file or id is reported by check_links_verify().
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"
#include "check_int.h"

struct entry {
	char	*target;	/* resolved name#frag */
	int	 line;
};

struct entries {
	struct entry	*v;
	size_t		 n;
	const char	*doc;
};

/*
 * Keep href's target; record it as a link too unless the nav's own
 * document scan already has (record 0).
 */
static void
add(struct check *c, struct entries *e, const char *doc, int line,
    const char *href, int record)
{
	struct buf	 t = BUF_INIT;
	char		*name, *frag;

	if (record)
		check_link_add(c, doc, line, href);
	if (check_resolve(doc, href, &name, &frag) == -1)
		return;
	buf_puts(&t, name);
	if (frag != NULL)
		buf_printf(&t, "#%s", frag);
	free(name);
	free(frag);
	e->v = xreallocarray(e->v, e->n + 1, sizeof(*e->v));
	e->v[e->n].target = buf_detach(&t);
	e->v[e->n++].line = line;
}

static void
entries_fini(struct entries *e)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		free(e->v[i].target);
	free(e->v);
}

static int
has_word(const char *list, const char *word)
{
	size_t		 n = strlen(word);
	const char	*p;

	for (p = list; p != NULL && (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

/* The toc's links from the nav document. */
static void
nav_toc(struct check *c, const char *name, struct entries *e)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n, toc = NULL;
	xmlChar		*type;
	char		*href;

	if ((doc = check_parse(c, name, NULL)) == NULL)
		return;
	root = xmlDocGetRootElement(doc);
	for (n = root; n != NULL && toc == NULL; n = check_next(n, root)) {
		if (!check_is(n, "nav"))
			continue;
		type = xmlGetNsProp(n, (const xmlChar *)"type",
		    (const xmlChar *)"http://www.idpf.org/2007/ops");
		if (type != NULL && has_word((const char *)type, "toc"))
			toc = n;
		xmlFree(type);
	}
	if (toc == NULL)
		check_report(c, DIAG_ERROR, name, 0, "NAV-001",
		    "no nav element with epub:type=\"toc\"");
	for (n = toc; n != NULL; n = check_next(n, toc))
		if (check_is(n, "a") &&
		    (href = check_attr(n, "href")) != NULL) {
			add(c, e, name, xmlGetLineNo(n), href, 0);
			free(href);
		}
	xmlFreeDoc(doc);
}

static void
ncx_map(struct check *c, const char *name, struct entries *e)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	char		*v;

	if ((doc = check_parse(c, name, NULL)) == NULL)
		return;
	root = xmlDocGetRootElement(doc);
	for (n = root; n != NULL; n = check_next(n, root)) {
		v = NULL;
		if (check_is(n, "meta") &&
		    (v = check_attr(n, "name")) != NULL &&
		    strcmp(v, "dtb:uid") == 0) {
			free(v);
			v = check_attr(n, "content");
			if (c->identifier != NULL && (v == NULL ||
			    strcmp(v, c->identifier) != 0))
				check_report(c, DIAG_ERROR, name,
				    xmlGetLineNo(n), "NCX-001",
				    "dtb:uid \"%s\" is not the book's "
				    "identifier \"%s\"", v ? v : "",
				    c->identifier);
			free(v);
		} else if (check_is(n, "content") && n->parent != NULL &&
		    check_is(n->parent, "navPoint") &&
		    (v = check_attr(n, "src")) != NULL) {
			add(c, e, name, xmlGetLineNo(n), v, 1);
			free(v);
		} else if (check_is(n, "meta"))
			free(v);
	}
	xmlFreeDoc(doc);
}

void
check_nav(struct check *c)
{
	struct entries	 nav = { NULL, 0, NULL }, ncx = { NULL, 0, NULL };
	size_t		 i;

	for (i = 0; i < c->nitems; i++) {
		if (c->items[i].name == NULL)
			continue;
		if (has_word(c->items[i].props, "nav") && nav.doc == NULL) {
			nav.doc = c->items[i].name;
			nav_toc(c, nav.doc, &nav);
		} else if (strcmp(c->items[i].type,
		    "application/x-dtbncx+xml") == 0 && ncx.doc == NULL) {
			ncx.doc = c->items[i].name;
			ncx_map(c, ncx.doc, &ncx);
		}
	}
	if (nav.doc == NULL)
		check_report(c, DIAG_ERROR, c->opf, 0, "RSC-005",
		    "no nav document (an item with properties=\"nav\")");
	if (nav.doc == NULL || ncx.doc == NULL)
		goto out;
	for (i = 0; i < nav.n && i < ncx.n; i++)
		if (strcmp(nav.v[i].target, ncx.v[i].target) != 0) {
			check_report(c, DIAG_WARNING, ncx.doc, ncx.v[i].line,
			    "nav-ncx", "entry %zu points at %s, the nav's "
			    "at %s", i + 1, ncx.v[i].target, nav.v[i].target);
			goto out;
		}
	if (nav.n != ncx.n)
		check_report(c, DIAG_WARNING, ncx.doc, 0, "nav-ncx",
		    "%zu entries, the nav's toc has %zu", ncx.n, nav.n);
out:
	entries_fini(&nav);
	entries_fini(&ncx);
}
