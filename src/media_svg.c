/*
 * SVG images, made safe to embed: parsed with libxml2's XML parser
 * without entity expansion, DTD loading or network access, then
 * cleaned: the doctype, entity references, processing instructions,
 * scripts, foreignObject, event handlers (on*) and every reference
 * that leaves the document (href and xlink:href other than "#id",
 * style with url()) are removed. What remains is serialized again.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "media.h"
#include "xalloc.h"

#define SVG_NS	"http://www.w3.org/2000/svg"

static int
dropped_element(xmlNodePtr n)
{
	static const char *const names[] = {
		"script", "foreignObject", "iframe", "object", "embed",
		"handler", "listener", "style",
		/* A raster inside: its href goes, and an empty image
		 * with presentation attributes is invalid. */
		"image"
	};
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp((const char *)n->name, names[i]) == 0)
			return 1;
	return 0;
}

static int
dropped_attr(xmlAttrPtr a)
{
	xmlChar	*v;
	int	 drop = 0;

	if (strncasecmp((const char *)a->name, "on", 2) == 0)
		return 1;
	if ((v = xmlNodeGetContent((xmlNodePtr)a)) == NULL)
		return 0;
	if (xmlStrcasecmp(a->name, (const xmlChar *)"href") == 0 ||
	    xmlStrcasecmp(a->name, (const xmlChar *)"src") == 0)
		drop = v[0] != '#';
	else if (xmlStrcasestr(v, (const xmlChar *)"url(") != NULL)
		drop = strstr((const char *)v, "url(#") == NULL ||
		    xmlStrcasestr(v, (const xmlChar *)"url(#") !=
		    xmlStrcasestr(v, (const xmlChar *)"url(");
	xmlFree(v);
	return drop;
}

/* Clean the tree below top: drop what dropped_*() name. */
static void
clean(xmlNodePtr top)
{
	xmlNodePtr	 n = top, *gone = NULL;
	xmlAttrPtr	 a, an;
	size_t		 ngone = 0, i;

	while (n != NULL) {
		if (n != top && (n->type == XML_ENTITY_REF_NODE ||
		    n->type == XML_PI_NODE || (n->type == XML_ELEMENT_NODE &&
		    dropped_element(n)))) {
			gone = xreallocarray(gone, ngone + 1, sizeof(*gone));
			gone[ngone++] = n;
		} else if (n->type == XML_ELEMENT_NODE) {
			for (a = n->properties; a != NULL; a = an) {
				an = a->next;
				if (dropped_attr(a))
					xmlRemoveProp(a);
			}
			if (n->children != NULL) {
				n = n->children;
				continue;
			}
		}
		while (n != top && n->next == NULL)
			n = n->parent;
		n = n == top ? NULL : n->next;
	}
	for (i = 0; i < ngone; i++) {
		xmlUnlinkNode(gone[i]);
		xmlFreeNode(gone[i]);
	}
	free(gone);
}

int
media_svg_clean(struct buf *bytes, const char **why)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root;
	xmlChar		*mem = NULL;
	int		 size = 0, rc = -1;

	*why = "broken SVG image";
	if (bytes->len > (size_t)0x7fffffff ||
	    (doc = xmlReadMemory(bytes->data, (int)bytes->len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) ==
	    NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (root == NULL || !xmlStrEqual(root->name, (const xmlChar *)"svg") ||
	    root->ns == NULL ||
	    !xmlStrEqual(root->ns->href, (const xmlChar *)SVG_NS))
		goto out;
	if (doc->intSubset != NULL) {
		xmlDtdPtr dtd = doc->intSubset;

		xmlUnlinkNode((xmlNodePtr)dtd);
		xmlFreeDtd(dtd);
	}
	clean(root);
	xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
	if (mem == NULL || size <= 0)
		goto out;
	buf_reset(bytes);
	buf_put(bytes, mem, (size_t)size);
	rc = 0;
out:
	xmlFree(mem);
	xmlFreeDoc(doc);
	return rc;
}
