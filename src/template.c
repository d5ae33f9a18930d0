/*
 * Templates: the skeletons of every document sheaf writes, parsed
 * from the copies compiled into the binary. Slots are filled in the
 * tree, so the serializer escapes every value; code adds lists and
 * bodies under the elements marked data-slot.
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlsave.h>

#include "buf.h"
#include "template.h"
#include "xalloc.h"

/* Replace each {{key}} in s by its value; NULL when s has no slot. */
static char *
fill(const char *s, const struct tmpl_var *vars, size_t nvars)
{
	struct buf	 out = BUF_INIT;
	const char	*open, *close;
	size_t		 i, klen;

	if (strstr(s, "{{") == NULL)
		return NULL;
	while ((open = strstr(s, "{{")) != NULL &&
	    (close = strstr(open + 2, "}}")) != NULL) {
		buf_put(&out, s, (size_t)(open - s));
		klen = (size_t)(close - open - 2);
		for (i = 0; i < nvars; i++)
			if (strlen(vars[i].key) == klen &&
			    memcmp(vars[i].key, open + 2, klen) == 0) {
				if (vars[i].value != NULL)
					buf_puts(&out, vars[i].value);
				break;
			}
		s = close + 2;
	}
	buf_puts(&out, s);
	return buf_detach(&out);
}

static int
is_blank(const xmlChar *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

/* Next node in document order, without recursion. */
static xmlNodePtr
next_node(xmlNodePtr n, int descend)
{
	if (descend && n->children != NULL && n->type == XML_ELEMENT_NODE)
		return n->children;
	while (n != NULL && n->next == NULL)
		n = n->parent;
	return n != NULL ? n->next : NULL;
}

xmlDocPtr
template_load(const char *name, const struct tmpl_var *vars, size_t nvars)
{
	const unsigned char	*data;
	xmlDocPtr		 doc;
	xmlNodePtr		 n, next;
	xmlAttrPtr		 a;
	xmlChar			*content, *text;
	char			*v;
	size_t			 len;

	if ((data = asset_get(name, &len)) == NULL)
		return NULL;
	doc = xread_xml((const char *)data, len, name, "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	for (n = xmlDocGetRootElement(doc); n != NULL; n = next_node(n, 1)) {
		if (n->type == XML_TEXT_NODE) {
			if ((v = fill((const char *)n->content, vars,
			    nvars)) != NULL) {
				xmlNodeSetContent(n, NULL);
				xmlNodeAddContent(n, (const xmlChar *)v);
				xmlFree(v);
			}
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (a = n->properties; a != NULL; a = a->next) {
			content = xmlNodeListGetString(doc, a->children, 1);
			if (content != NULL && (v = fill((const char *)content,
			    vars, nvars)) != NULL) {
				xmlSetNsProp(n, a->ns, a->name,
				    (const xmlChar *)v);
				xmlFree(v);
			}
			xmlFree(content);
		}
	}
	/* Drop optional elements left empty; keep the walk valid. */
	for (n = xmlDocGetRootElement(doc); n != NULL; n = next) {
		if (n->type == XML_ELEMENT_NODE &&
		    xmlHasProp(n, (const xmlChar *)"data-optional")) {
			text = xmlNodeGetContent(n);
			next = next_node(n, 0);
			if (is_blank(text)) {
				xmlUnlinkNode(n);
				xmlFreeNode(n);
			} else
				xmlUnsetProp(n, (const xmlChar *)"data-optional");
			xmlFree(text);
			continue;
		}
		next = next_node(n, 1);
	}
	return doc;
}

xmlNodePtr
template_slot(xmlDocPtr doc, const char *name)
{
	xmlNodePtr	 n;
	xmlChar		*v;
	int		 found;

	for (n = xmlDocGetRootElement(doc); n != NULL; n = next_node(n, 1)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((v = xmlGetProp(n, (const xmlChar *)"data-slot")) == NULL)
			continue;
		found = strcmp((const char *)v, name) == 0;
		xmlFree(v);
		if (found) {
			xmlUnsetProp(n, (const xmlChar *)"data-slot");
			return n;
		}
	}
	return NULL;
}

static int
put_out(void *ctx, const char *p, int n)
{
	buf_put(ctx, p, (size_t)n);
	return n;
}

void
template_serialize(xmlDocPtr doc, struct buf *out)
{
	xmlSaveCtxtPtr	 save;
	xmlNodePtr	 n, next, root = xmlDocGetRootElement(doc);
	int		 xhtml;

	/*
	 * libxml2 writes XHTML (void elements as <br />, empty ones as
	 * <p></p>) only for a document without the HTML5 doctype, and
	 * adds a <meta http-equiv> (which XML documents must not carry)
	 * to the head of a root element: so the prologue is written
	 * here, and each top-level node is serialized detached.
	 */
	xhtml = root != NULL &&
	    xmlStrEqual(root->name, (const xmlChar *)"html");
	BUF_PUTSL(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	if (xhtml)
		BUF_PUTSL(out, "<!DOCTYPE html>\n");
	save = xmlSaveToIO(put_out, NULL, out, "UTF-8",
	    xhtml ? XML_SAVE_XHTML | XML_SAVE_NO_DECL : XML_SAVE_NO_DECL);
	for (n = doc->children; n != NULL; n = next) {
		next = n->next;
		if (n->type == XML_DTD_NODE)
			continue;
		if (n == root)
			xmlUnlinkNode(n);
		xmlSaveTree(save, n);
		xmlSaveFlush(save);
		buf_putc(out, '\n');
		if (n == root)
			xmlDocSetRootElement(doc, n);
	}
	xmlSaveClose(save);
}
