/*
 * Math in Markdown bodies. md4c marks $...$ and $$...$$ as
 * <x-equation> elements (MD_FLAG_LATEXMATHSPANS), which keeps their
 * TeX source away from the emphasis rules. Here they become what an
 * EPUB can hold: the TeX source, set apart by class "math", in a span
 * inside text or in a block where display math stands alone in its
 * paragraph (kramdown writes $$ for both).
 */
#include <libxml/tree.h>

#include "convert_int.h"

/* Does p hold only n, blank text around it aside? */
static int
alone(xmlNodePtr p, xmlNodePtr n)
{
	xmlNodePtr	 ch;

	for (ch = p->children; ch != NULL; ch = ch->next)
		if (ch != n && !(ch->type == XML_TEXT_NODE &&
		    xmlIsBlankNode(ch)))
			return 0;
	return 1;
}

static void
strip_attrs(xmlNodePtr n)
{
	while (n->properties != NULL)
		xmlRemoveProp(n->properties);
}

/* Is the inline equation n only dollars around ordinary text? */
static int
not_math(xmlNodePtr n)
{
	xmlChar		*t = xmlNodeGetContent(n);
	size_t		 len = t != NULL ? (size_t)xmlStrlen(t) : 0;
	int		 r;

	r = len == 0 || t[0] == ' ' || t[0] == '\t' || t[0] == '\n' ||
	    t[len - 1] == ' ' || t[len - 1] == '\t' || t[len - 1] == '\n' ||
	    (n->next != NULL && n->next->type == XML_TEXT_NODE &&
	    n->next->content != NULL && n->next->content[0] >= '0' &&
	    n->next->content[0] <= '9');
	xmlFree(t);
	return r;
}

/* Put the equation n back as the text it was written as. */
static xmlNodePtr
as_text(xmlNodePtr n)
{
	xmlChar		*t = xmlNodeGetContent(n);
	xmlNodePtr	 txt;

	txt = xmlNewDocText(n->doc, (const xmlChar *)"$");
	xmlNodeAddContent(txt, t);
	xmlNodeAddContent(txt, (const xmlChar *)"$");
	xmlFree(t);
	xmlAddPrevSibling(n, txt);
	xmlUnlinkNode(n);
	xmlFreeNode(n);
	return txt;
}

/* One equation; returns the node the walk goes on from. */
static xmlNodePtr
equation(xmlNodePtr n)
{
	xmlNodePtr	 p = n->parent, ch;
	xmlChar		*type = xmlGetProp(n, (const xmlChar *)"type");
	int		 display = type != NULL &&
			    xmlStrEqual(type, (const xmlChar *)"display");

	xmlFree(type);
	if (!display && not_math(n))
		return as_text(n);
	if (display && p != NULL && p->type == XML_ELEMENT_NODE &&
	    xmlStrEqual(p->name, (const xmlChar *)"p") && alone(p, n)) {
		xmlNodeSetName(p, (const xmlChar *)"div");
		strip_attrs(p);
		xmlNewProp(p, (const xmlChar *)"class",
		    (const xmlChar *)"math display");
		while ((ch = n->children) != NULL) {
			xmlUnlinkNode(ch);
			xmlAddPrevSibling(n, ch);
		}
		xmlUnlinkNode(n);
		xmlFreeNode(n);
		return p;
	}
	xmlNodeSetName(n, (const xmlChar *)"span");
	strip_attrs(n);
	xmlNewProp(n, (const xmlChar *)"class", (const xmlChar *)"math");
	return n;
}

void
convert_math(struct convert *c, xmlNodePtr top)
{
	xmlNodePtr	 n = top;

	(void)c;
	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(n->name, (const xmlChar *)"x-equation"))
			n = equation(n);
		if (n->type == XML_ELEMENT_NODE && n->children != NULL &&
		    !xmlStrEqual(n->name, (const xmlChar *)"span")) {
			n = n->children;
			continue;
		}
		while (n != top && n->next == NULL)
			n = n->parent;
		n = n == top ? NULL : n->next;
	}
}
