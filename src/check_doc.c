/*
 * sheaf check, one XHTML content document: well-formed, no "--"
 * inside a comment, ids unique, no remote, file: or data: resources
 * (the rules epubcheck 5 adds), and every relative link recorded so
 * check_url.c can see its target exists once all documents are read.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"
#include "check_int.h"

/* Elements and the attribute that loads a resource into the page. */
static const struct {
	const char	*elem;
	const char	*attr;
} resources[] = {
	{ "img",	"src" },
	{ "audio",	"src" },
	{ "video",	"src" },
	{ "video",	"poster" },
	{ "source",	"src" },
	{ "track",	"src" },
	{ "iframe",	"src" },
	{ "embed",	"src" },
	{ "object",	"data" },
	{ "script",	"src" },
	{ "link",	"href" },
	{ "image",	"href" },
	{ NULL,		NULL }
};

/*
 * XML forbids "--" inside a comment; readers that parse strictly
 * reject the whole document, Kindle among them.
 */
void
check_comments(struct check *c, const char *name, const struct buf *b)
{
	const char	*p = b->data, *end = b->data + b->len, *q, *s;
	int		 line = 1;

	for (; p < end; p++) {
		if (*p == '\n')
			line++;
		if (end - p < 4 || memcmp(p, "<!--", 4) != 0)
			continue;
		for (q = p + 4; q < end && (end - q < 3 ||
		    memcmp(q, "-->", 3) != 0); q++)
			continue;
		for (s = p + 4; s + 1 < q; s++)
			if (s[0] == '-' && s[1] == '-')
				break;
		if (s + 1 < q || (q < end && q > p + 4 && q[-1] == '-'))
			check_report(c, DIAG_ERROR, name, line, "RSC-016",
			    "\"--\" inside a comment");
		for (; p < q; p++)
			if (*p == '\n')
				line++;
	}
}

struct idline {
	char	*id;
	int	 line;
};

static int
cmp_idline(const void *a, const void *b)
{
	const struct idline	*x = a, *y = b;
	int			 r = strcmp(x->id, y->id);

	return r != 0 ? r : (x->line > y->line) - (x->line < y->line);
}

/* Keep the ids sorted in it; report each one used twice (RSC-005). */
static void
ids_finish(struct check *c, struct check_item *it, struct idline *v, size_t n)
{
	size_t	 i;

	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), cmp_idline);
	it->ids = xreallocarray(NULL, n, sizeof(*it->ids));
	it->nids = n;
	for (i = 0; i < n; i++) {
		it->ids[i] = v[i].id;
		if (i > 0 && strcmp(v[i - 1].id, v[i].id) == 0)
			check_report(c, DIAG_ERROR, it->name, v[i].line,
			    "RSC-005", "duplicate id \"%s\"", v[i].id);
	}
}

/* Is n a <link> that loads nothing (not a stylesheet)? */
static int
inert_link(xmlNodePtr n)
{
	char	*rel;
	int	 inert;

	if (!check_is(n, "link"))
		return 0;
	rel = check_attr(n, "rel");
	inert = rel == NULL || strstr(rel, "stylesheet") == NULL;
	free(rel);
	return inert;
}

/*
 * Check the URL in attribute attr of n: a resource the page loads
 * (load 1) must be inside the book; a link (load 0) may leave it,
 * but not as a data: URL. Relative URLs are recorded as links.
 */
static void
url(struct check *c, const struct check_item *it, xmlNodePtr n,
    const char *attr, int load)
{
	char	*v;
	int	 line = xmlGetLineNo(n);

	if ((v = check_attr(n, attr)) == NULL || (load && inert_link(n))) {
		free(v);
		return;
	}
	switch (check_url_kind(v)) {
	case URL_REMOTE:
		if (load)
			check_report(c, DIAG_ERROR, it->name, line, "RSC-006",
			    "remote resource <%s %s=\"%s\">: offline readers "
			    "and Send-to-Kindle cannot load it", n->name,
			    attr, v);
		break;
	case URL_DATA:
		if (!load)
			check_report(c, DIAG_ERROR, it->name, line, "RSC-029",
			    "data: URL in a link");
		break;
	case URL_FILE:
		check_report(c, DIAG_ERROR, it->name, line, "RSC-030",
		    "file: URL %s", v);
		break;
	case URL_RELATIVE:
		if (strchr(v, '?') != NULL)
			check_report(c, DIAG_ERROR, it->name, line, "RSC-033",
			    "query string in %s", v);
		else
			check_link_add(c, it->name, line, v);
		break;
	default:
		break;
	}
	free(v);
}

void
check_doc(struct check *c, struct check_item *it)
{
	struct buf	 raw = BUF_INIT;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	struct idline	*ids = NULL;
	char		*id;
	size_t		 i, nids = 0, cap = 0;

	doc = check_parse(c, it->name, &raw);
	check_comments(c, it->name, &raw);
	buf_fini(&raw);
	if (doc == NULL)
		return;
	root = xmlDocGetRootElement(doc);
	for (n = root; n != NULL; n = check_next(n, root)) {
		if ((id = check_attr(n, "id")) != NULL) {
			if (nids == cap) {
				cap = cap ? cap * 2 : 32;
				ids = xreallocarray(ids, cap, sizeof(*ids));
			}
			ids[nids].id = id;
			ids[nids++].line = xmlGetLineNo(n);
		}
		if (check_is(n, "a"))
			url(c, it, n, "href", 0);
		for (i = 0; resources[i].elem != NULL; i++)
			if (check_is(n, resources[i].elem))
				url(c, it, n, resources[i].attr, 1);
	}
	ids_finish(c, it, ids, nids);
	it->read = 1;
	free(ids);
	xmlFreeDoc(doc);
}
