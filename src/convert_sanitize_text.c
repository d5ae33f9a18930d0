/*
 * Pass 4 of the sanitizer (convert_sanitize.c), text: adjacent text
 * nodes are merged; then, outside pre, each run of white space becomes
 * one space, or one line break when it held one, and a line break
 * between two CJK characters (looked for across inline elements too,
 * not past a block, a br or an img) goes away: a reader would show it
 * as a space, which is wrong between CJK characters.
 */
#include <string.h>

#include <libxml/tree.h>

#include "buf.h"
#include "convert_int.h"
#include "text.h"

/* The code point before end in s, or -1. */
static long
last_cp(const char *s, const char *end)
{
	const char	*p = end;

	while (p > s && (p[-1] & 0xc0) == 0x80 && end - p < 3)
		p--;
	if (p > s)
		p--;
	if (p == end)
		return -1;
	return text_utf8_next(&p, end);
}

/*
 * The nearest non-blank character before (dir < 0) or after text node
 * n in the same line box: across inline elements, not past a block,
 * br or img. -1 when there is none.
 */
static long
neighbor(xmlNodePtr n, int dir, xmlNodePtr top)
{
	const struct rule	*r;
	const char		*s, *e;
	xmlNodePtr		 m = n;
	int			 steps = 0;

	while (steps++ < 64) {
		if ((dir < 0 ? m->prev : m->next) == NULL) {
			m = m->parent;
			if (m == NULL || m == top ||
			    (r = convert_rule_of(m)) == NULL ||
			    !(r->flags & F_PHR))
				return -1;
			continue;
		}
		m = dir < 0 ? m->prev : m->next;
		while (m->type == XML_ELEMENT_NODE) {
			r = convert_rule_of(m);
			if (!(r->flags & F_PHR) || (r->flags & F_VOID))
				return -1;
			if (m->children == NULL)
				break;
			m = dir < 0 ? m->last : m->children;
		}
		if (m->type != XML_TEXT_NODE || convert_blank(m->content))
			continue;
		s = (const char *)m->content;
		e = s + strlen(s);
		if (dir < 0) {
			while (e > s && convert_is_ws(e[-1]))
				e--;
			return last_cp(s, e);
		}
		while (s < e && convert_is_ws(*s))
			s++;
		return text_utf8_next(&s, e);
	}
	return -1;
}

static void
fix_text(xmlNodePtr n, xmlNodePtr top, struct buf *out)
{
	const char	*s = (const char *)n->content, *p, *e, *run, *at;
	long		 before, next;
	int		 nl;

	if (s == NULL)
		return;
	e = s + strlen(s);
	buf_reset(out);
	for (p = s; p < e; ) {
		if (!convert_is_ws(*p)) {
			buf_putc(out, *p++);
			continue;
		}
		for (run = p, nl = 0; p < e && convert_is_ws(*p); p++)
			nl |= *p == '\n';
		if (nl) {
			before = run > s ? last_cp(s, run) : neighbor(n, -1, top);
			at = p;
			next = p < e ? text_utf8_next(&at, e) :
			    neighbor(n, 1, top);
			if (before >= 0 && next >= 0 && text_is_cjk(before) &&
			    text_is_cjk(next))
				continue;
		}
		buf_putc(out, nl ? '\n' : ' ');
	}
	if (out->len != (size_t)(e - s) || memcmp(out->data, s, out->len))
		xmlNodeSetContent(n, (const xmlChar *)out->data);
}

void
convert_sanitize_text(struct convert *c, xmlNodePtr top)
{
	struct buf	 out = BUF_INIT;
	xmlNodePtr	 n = top->children, nx;
	int		 depth = 0;

	while (n != NULL) {
		if (n->type == XML_TEXT_NODE) {
			while ((nx = n->next) != NULL &&
			    nx->type == XML_TEXT_NODE) {
				xmlNodeAddContent(n, nx->content);
				xmlUnlinkNode(nx);
				xmlFreeNode(nx);
			}
			if (!convert_has_ancestor(n, top, R_PRE))
				fix_text(n, top, &out);
		}
		n = n->type == XML_ELEMENT_NODE && n->children != NULL ?
		    n->children : convert_after(n, top, &depth);
	}
	buf_fini(&out);
}
