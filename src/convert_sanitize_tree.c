/*
 * The tree surgery the sanitizer's passes (convert_sanitize_*.c)
 * share, none of it recursive since hostile input nests deep: moving a
 * run of siblings, freeing a subtree, putting an element's children in
 * its place, wrapping a run in a new element, the next node in
 * document order; and what counts as blank, no-break, ideographic and
 * zero-width spaces included.
 */
#include <libxml/tree.h>

#include "convert_int.h"

/* Whitespace for emptiness: ASCII, no-break and ideographic spaces. */
int
convert_blank(const xmlChar *s)
{
	const unsigned char	*p = s;

	while (p != NULL && *p != '\0') {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		else if (p[0] == 0xc2 && p[1] == 0xa0)
			p += 2;
		else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
			p += 3;
		else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x8b)
			p += 3;
		else if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
			p += 3;
		else
			return 0;
	}
	return 1;
}

int
convert_blank_text(xmlNodePtr n)
{
	return n->type == XML_TEXT_NODE && convert_blank(n->content);
}

/*
 * Move the sibling run first..last into parent before `before` (at
 * the end when NULL). Plain pointer moves: unlike xmlAddChild, no
 * text node is merged away under a walk's feet.
 */
void
convert_splice(xmlNodePtr first, xmlNodePtr last, xmlNodePtr parent,
    xmlNodePtr before)
{
	xmlNodePtr	 op = first->parent, prev = first->prev;
	xmlNodePtr	 next = last->next, n;

	if (prev != NULL)
		prev->next = next;
	else if (op != NULL)
		op->children = next;
	if (next != NULL)
		next->prev = prev;
	else if (op != NULL)
		op->last = prev;
	first->prev = NULL;
	last->next = NULL;
	for (n = first; n != NULL; n = n->next)
		n->parent = parent;
	if (before != NULL) {
		first->prev = before->prev;
		if (before->prev != NULL)
			before->prev->next = first;
		else
			parent->children = first;
		last->next = before;
		before->prev = last;
	} else {
		first->prev = parent->last;
		if (parent->last != NULL)
			parent->last->next = first;
		else
			parent->children = first;
		parent->last = last;
	}
}

/* Free n and everything below it, without recursion. */
void
convert_prune(xmlNodePtr n)
{
	xmlNodePtr	 cur, next;

	xmlUnlinkNode(n);
	cur = n;
	for (;;) {
		while (cur->type == XML_ELEMENT_NODE && cur->children != NULL)
			cur = cur->children;
		if (cur == n)
			break;
		next = cur->next != NULL ? cur->next : cur->parent;
		xmlUnlinkNode(cur);
		xmlFreeNode(cur);
		cur = next;
	}
	xmlFreeNode(n);
}

/* Put n's children in its place and free n; returns the first child. */
xmlNodePtr
convert_hoist(xmlNodePtr n)
{
	xmlNodePtr	 first = n->children;

	if (first != NULL)
		convert_splice(first, n->last, n->parent, n);
	xmlUnlinkNode(n);
	xmlFreeNode(n);
	return first;
}

/* Wrap the sibling run first..last in a new element; returns it. */
xmlNodePtr
convert_wrap(struct convert *c, xmlNodePtr first, xmlNodePtr last,
    const char *name)
{
	xmlNodePtr	 w;

	w = xmlNewDocNode(c->doc, NULL, (const xmlChar *)name, NULL);
	w->line = first->line;
	convert_splice(w, w, first->parent, first);
	convert_splice(first, last, w, NULL);
	return w;
}

/* The next node after n in document order, not descending into n. */
xmlNodePtr
convert_after(xmlNodePtr n, xmlNodePtr top, int *depth)
{
	while (n != NULL && n != top) {
		if (n->next != NULL)
			return n->next;
		n = n->parent;
		(*depth)--;
	}
	return NULL;
}
