/*
 * The HTML reader of the convert stage: libxml2's HTML parser turns
 * any body (as written, or as md4c rendered it) into a tree. The text
 * was repaired to valid UTF-8 before, and the encoding is given
 * explicitly so that no <meta charset> in a body can change it; the
 * parser recovers from any error, reports none, and never touches the
 * network or loads a DTD.
 */
#include <limits.h>
#include <stddef.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "xalloc.h"
#include "convert_int.h"

#define HTML_OPTIONS	(HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | \
			 HTML_PARSE_NOWARNING | HTML_PARSE_NONET | \
			 HTML_PARSE_IGNORE_ENC)

/*
 * libxml2's tree builder stops the whole parse at 256 levels (the
 * SAX2 nodePush limit), losing the rest of the body. So elements
 * deeper than the cap never reach it: their content goes to the last
 * element that did, as if they were unwrapped.
 */
struct guard {
	startElementSAXFunc	 start;
	endElementSAXFunc	 end;
	int			 depth;
	int			 flattened;
};

/* html and body come first. */
#define GUARD_DEPTH	(CONVERT_DEPTH_MAX + 2)

static void
guard_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	struct guard	*g = ((htmlParserCtxtPtr)ctx)->_private;

	if (++g->depth > GUARD_DEPTH) {
		g->flattened = 1;
		return;
	}
	g->start(ctx, name, atts);
}

static void
guard_end(void *ctx, const xmlChar *name)
{
	struct guard	*g = ((htmlParserCtxtPtr)ctx)->_private;

	if (g->depth-- > GUARD_DEPTH)
		return;
	g->end(ctx, name);
}

static int
is_named(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    xmlStrEqual(n->name, (const xmlChar *)name);
}

xmlDocPtr
convert_html_parse(const char *s, size_t n, xmlNodePtr *body,
    int *flattened)
{
	htmlParserCtxtPtr	 ctxt;
	struct guard		 g;
	xmlDocPtr		 doc = NULL;
	xmlNodePtr		 root, c;

	*flattened = 0;
	if (n > 0 && n <= INT_MAX) {
		/* NULL only when out of memory (see xread_xml()). */
		if ((ctxt = htmlNewParserCtxt()) == NULL)
			xalloc_oom();
		g.start = ctxt->sax->startElement;
		g.end = ctxt->sax->endElement;
		g.depth = 0;
		g.flattened = 0;
		ctxt->sax->startElement = guard_start;
		ctxt->sax->endElement = guard_end;
		ctxt->_private = &g;
		doc = htmlCtxtReadMemory(ctxt, s, (int)n, NULL, "UTF-8",
		    HTML_OPTIONS);
		htmlFreeParserCtxt(ctxt);
		*flattened = g.flattened;
	}
	if (doc == NULL)
		doc = htmlNewDocNoDtD(NULL, NULL);
	if ((root = xmlDocGetRootElement(doc)) == NULL) {
		root = xmlNewDocNode(doc, NULL, (const xmlChar *)"html", NULL);
		xmlDocSetRootElement(doc, root);
	}
	if (is_named(root, "body")) {
		*body = root;
		return doc;
	}
	for (c = root->children; c != NULL; c = c->next)
		if (is_named(c, "body")) {
			*body = c;
			return doc;
		}
	*body = xmlNewChild(root, NULL, (const xmlChar *)"body", NULL);
	return doc;
}
