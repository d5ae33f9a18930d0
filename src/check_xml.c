/*
 * sheaf check, XML: an entry of the book parsed safely (no network,
 * no entities, the first error reported as RSC-016), then the small
 * walks over libxml2 trees the document checks share: an element's
 * name, an attribute's value, the next element in document order.
 */
#include <string.h>

#include <libxml/parser.h>

#include "buf.h"
#include "xalloc.h"
#include "check_int.h"

static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct check	*c = arg;
	struct buf	 msg = BUF_INIT;

	/* "--" in comments has its own message, from check_comments(). */
	if (e == NULL || e->level < XML_ERR_ERROR ||
	    e->code == XML_ERR_HYPHEN_IN_COMMENT || c->parse_errors++ > 0)
		return;
	buf_puts(&msg, e->message != NULL ? e->message : "not well-formed");
	while (msg.len > 0 && msg.data[msg.len - 1] == '\n')
		msg.data[--msg.len] = '\0';
	check_report(c, DIAG_ERROR, c->parsing, e->line, "RSC-016",
	    "not well-formed XML: %s", msg.data);
	buf_fini(&msg);
}

/*
 * Read and parse entry name as XML, never from the network and with
 * no entity expansion; the first parse error is reported. The caller
 * frees the tree; bytes (may be NULL) gets the raw entry.
 */
xmlDocPtr
check_parse(struct check *c, const char *name, struct buf *bytes)
{
	struct buf	 local = BUF_INIT, *b = bytes ? bytes : &local;
	xmlDocPtr	 doc = NULL;

	if (check_read(c, name, b) == -1)
		goto out;
	c->parsing = name;
	c->parse_errors = 0;
	xmlSetStructuredErrorFunc(c, xml_error);
	doc = xread_xml(b->data, b->len, name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc != NULL && c->parse_errors > 0) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
out:
	buf_fini(&local);
	return doc;
}

/* An attribute's value (for the caller to free), or NULL. */
char *
check_attr(xmlNodePtr n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

int
check_is(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* The element after n in document order below top, without recursion. */
xmlNodePtr
check_next(xmlNodePtr n, xmlNodePtr top)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	for (; n != NULL && n != top; n = n->parent)
		for (c = n->next; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				return c;
	return NULL;
}
