/*
 * The sanitizer of the convert stage: it makes the tree the HTML
 * parser built out of an untrusted body fit EPUB 3 XHTML. Four passes,
 * none recursive (hostile input nests 100k deep):
 *   rules      element and attribute allow-lists (tables below): drop
 *              script and friends with their content, unwrap unknown
 *              and presentational elements, clean attributes, resolve
 *              images and links, demote headings, flatten deep nesting;
 *   structure  bottom-up repair of content models (no block inside a
 *              p or a span, li only in lists, rows in tables) and
 *              removal of empty paragraphs and wrappers;
 *   ids        unique, valid ids; #fragment links follow renames, and
 *              links to no id are unwrapped;
 *   text       adjacent text merged, soft line breaks between CJK
 *              characters removed, other whitespace runs collapsed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "book.h"
#include "buf.h"
#include "convert_int.h"
#include "diag.h"
#include "hmap.h"
#include "text.h"
#include "xalloc.h"

enum action {
	KEEP,
	UNWRAP,		/* keep the content, drop the element */
	DROP,		/* drop element and content */
	RENAME		/* becomes rule.to, then that rule applies */
};

/* What structure repair needs to know of an element. */
enum role {
	R_NONE,
	R_A,
	R_BR,
	R_CAPTION,
	R_CELL,
	R_COL,
	R_COLGROUP,
	R_DL,
	R_DTDD,
	R_FIGCAPTION,
	R_FIGURE,
	R_HEAD,
	R_IMG,
	R_INPUT,
	R_LI,
	R_LIST,
	R_P,
	R_PRE,
	R_ROW,
	R_RP,
	R_RT,
	R_RUBY,
	R_SECTION,
	R_TABLE
};

/* Element flags. */
#define F_PHR	0x01	/* phrasing content: may stand inside a p */
#define F_PONLY	0x02	/* holds phrasing content only */
#define F_FLOW	0x04	/* holds flow content (blocks) */
#define F_EMPTY	0x08	/* dropped when it holds no text (br is none) */
#define F_EMPTYI 0x10	/* dropped when it holds no text and no br */
#define F_VOID	0x20
#define F_MEDIA	0x40	/* dropped, a link to its URL left in place */
#define F_ALT	0x80	/* dropped with a warning, text alternative kept */

/* Attribute kinds; an element rule lists those it takes. */
#define A_ID	0x0001
#define A_TITLE	0x0002
#define A_LANG	0x0004
#define A_XLANG	0x0008
#define A_DIR	0x0010
#define A_CLASS	0x0020
#define A_ALIGN	0x0040
#define A_ALT	0x0080
#define A_SRC	0x0100
#define A_SIZE	0x0200
#define A_HREF	0x0400
#define A_CSPAN	0x1000
#define A_RSPAN	0x2000
#define A_SPAN	0x4000
#define A_INT	0x8000
#define A_ALL	(A_ID | A_TITLE | A_LANG | A_XLANG | A_DIR | A_CLASS | A_ALIGN)

struct rule {
	const char	*name;
	enum action	 act;
	const char	*to;		/* RENAME: the new name */
	enum role	 role;
	unsigned	 flags;
	unsigned	 attrs;		/* besides A_ALL */
};

#define INL	(F_PHR | F_PONLY | F_EMPTYI)
#define BLK	(F_FLOW | F_EMPTY)

/* Sorted by name (bsearch); names the table lacks are unwrapped. */
static const struct rule rules[] = {
	{ "a", KEEP, NULL, R_A, INL, A_HREF },
	{ "abbr", KEEP, NULL, R_NONE, INL, 0 },
	{ "acronym", RENAME, "abbr", R_NONE, 0, 0 },
	{ "address", KEEP, NULL, R_NONE, BLK, 0 },
	{ "applet", DROP, NULL, R_NONE, 0, 0 },
	{ "area", DROP, NULL, R_NONE, F_VOID, 0 },
	{ "article", KEEP, NULL, R_NONE, BLK, 0 },
	{ "aside", KEEP, NULL, R_NONE, BLK, 0 },
	{ "audio", DROP, NULL, R_NONE, F_MEDIA, 0 },
	{ "b", KEEP, NULL, R_NONE, INL, 0 },
	{ "base", DROP, NULL, R_NONE, 0, 0 },
	{ "basefont", DROP, NULL, R_NONE, 0, 0 },
	{ "bdi", KEEP, NULL, R_NONE, INL, 0 },
	{ "blockquote", KEEP, NULL, R_NONE, BLK, 0 },
	{ "br", KEEP, NULL, R_BR, F_PHR | F_VOID, 0 },
	{ "button", DROP, NULL, R_NONE, 0, 0 },
	{ "canvas", DROP, NULL, R_NONE, 0, 0 },
	{ "caption", KEEP, NULL, R_CAPTION, F_FLOW, 0 },
	{ "cite", KEEP, NULL, R_NONE, INL, 0 },
	{ "code", KEEP, NULL, R_NONE, INL, 0 },
	{ "col", KEEP, NULL, R_COL, F_VOID, A_SPAN },
	{ "colgroup", KEEP, NULL, R_COLGROUP, 0, A_SPAN },
	{ "datalist", DROP, NULL, R_NONE, 0, 0 },
	{ "dd", KEEP, NULL, R_DTDD, F_FLOW, 0 },
	{ "del", KEEP, NULL, R_NONE, INL, 0 },
	{ "details", RENAME, "div", R_NONE, 0, 0 },
	{ "dfn", KEEP, NULL, R_NONE, INL, 0 },
	{ "dir", RENAME, "div", R_NONE, 0, 0 },
	{ "div", KEEP, NULL, R_NONE, BLK, 0 },
	{ "dl", KEEP, NULL, R_DL, 0, 0 },
	{ "dt", KEEP, NULL, R_DTDD, F_FLOW, 0 },
	{ "em", KEEP, NULL, R_NONE, INL, 0 },
	{ "embed", DROP, NULL, R_NONE, F_MEDIA | F_VOID, 0 },
	{ "figcaption", KEEP, NULL, R_FIGCAPTION, BLK, 0 },
	{ "figure", KEEP, NULL, R_FIGURE, BLK, 0 },
	{ "footer", KEEP, NULL, R_NONE, BLK, 0 },
	{ "form", DROP, NULL, R_NONE, 0, 0 },
	{ "frame", DROP, NULL, R_NONE, 0, 0 },
	{ "frameset", DROP, NULL, R_NONE, 0, 0 },
	{ "h1", KEEP, NULL, R_HEAD, F_PONLY | F_EMPTY, 0 },
	{ "h2", KEEP, NULL, R_HEAD, F_PONLY | F_EMPTY, 0 },
	{ "h3", KEEP, NULL, R_HEAD, F_PONLY | F_EMPTY, 0 },
	{ "h4", KEEP, NULL, R_HEAD, F_PONLY | F_EMPTY, 0 },
	{ "h5", KEEP, NULL, R_HEAD, F_PONLY | F_EMPTY, 0 },
	{ "h6", KEEP, NULL, R_HEAD, F_PONLY | F_EMPTY, 0 },
	{ "head", DROP, NULL, R_NONE, 0, 0 },
	{ "header", KEEP, NULL, R_NONE, BLK, 0 },
	{ "hr", KEEP, NULL, R_NONE, F_VOID, 0 },
	{ "i", KEEP, NULL, R_NONE, INL, 0 },
	{ "iframe", DROP, NULL, R_NONE, F_MEDIA, 0 },
	{ "img", KEEP, NULL, R_IMG, F_PHR | F_VOID,
	    A_ALT | A_SRC | A_SIZE },
	{ "input", DROP, NULL, R_INPUT, F_VOID, 0 },
	{ "ins", KEEP, NULL, R_NONE, INL, 0 },
	{ "kbd", KEEP, NULL, R_NONE, INL, 0 },
	{ "keygen", DROP, NULL, R_NONE, F_VOID, 0 },
	{ "li", KEEP, NULL, R_LI, F_FLOW, A_INT },
	{ "link", DROP, NULL, R_NONE, 0, 0 },
	{ "listing", RENAME, "pre", R_NONE, 0, 0 },
	{ "mark", KEEP, NULL, R_NONE, INL, 0 },
	{ "math", DROP, NULL, R_NONE, F_ALT, 0 },
	{ "menu", RENAME, "ul", R_NONE, 0, 0 },
	{ "meta", DROP, NULL, R_NONE, 0, 0 },
	{ "meter", DROP, NULL, R_NONE, 0, 0 },
	{ "noembed", DROP, NULL, R_NONE, 0, 0 },
	{ "noframes", DROP, NULL, R_NONE, 0, 0 },
	{ "object", DROP, NULL, R_NONE, F_MEDIA, 0 },
	{ "ol", KEEP, NULL, R_LIST, 0, A_INT },
	{ "optgroup", DROP, NULL, R_NONE, 0, 0 },
	{ "option", DROP, NULL, R_NONE, 0, 0 },
	{ "p", KEEP, NULL, R_P, F_PONLY | F_EMPTY, 0 },
	{ "param", DROP, NULL, R_NONE, F_VOID, 0 },
	{ "plaintext", RENAME, "pre", R_NONE, 0, 0 },
	{ "pre", KEEP, NULL, R_PRE, F_PONLY | F_EMPTY, 0 },
	{ "progress", DROP, NULL, R_NONE, 0, 0 },
	{ "q", KEEP, NULL, R_NONE, INL, 0 },
	{ "rp", KEEP, NULL, R_RP, F_PHR | F_PONLY, 0 },
	{ "rt", KEEP, NULL, R_RT, F_PHR | F_PONLY, 0 },
	{ "ruby", KEEP, NULL, R_RUBY, F_PHR | F_PONLY, 0 },
	{ "s", KEEP, NULL, R_NONE, INL, 0 },
	{ "samp", KEEP, NULL, R_NONE, INL, 0 },
	{ "script", DROP, NULL, R_NONE, 0, 0 },
	{ "section", KEEP, NULL, R_NONE, BLK, 0 },
	{ "select", DROP, NULL, R_NONE, 0, 0 },
	{ "small", KEEP, NULL, R_NONE, INL, 0 },
	{ "source", DROP, NULL, R_NONE, F_VOID, 0 },
	{ "span", KEEP, NULL, R_NONE, INL, 0 },
	{ "strike", RENAME, "s", R_NONE, 0, 0 },
	{ "strong", KEEP, NULL, R_NONE, INL, 0 },
	{ "style", DROP, NULL, R_NONE, 0, 0 },
	{ "sub", KEEP, NULL, R_NONE, INL, 0 },
	{ "summary", RENAME, "div", R_NONE, 0, 0 },
	{ "sup", KEEP, NULL, R_NONE, INL, 0 },
	{ "svg", DROP, NULL, R_NONE, F_ALT, 0 },
	{ "table", KEEP, NULL, R_TABLE, 0, 0 },
	{ "tbody", KEEP, NULL, R_SECTION, 0, 0 },
	{ "td", KEEP, NULL, R_CELL, F_FLOW, A_CSPAN | A_RSPAN },
	{ "template", DROP, NULL, R_NONE, 0, 0 },
	{ "textarea", DROP, NULL, R_NONE, 0, 0 },
	{ "tfoot", KEEP, NULL, R_SECTION, 0, 0 },
	{ "th", KEEP, NULL, R_CELL, F_FLOW, A_CSPAN | A_RSPAN },
	{ "thead", KEEP, NULL, R_SECTION, 0, 0 },
	{ "time", RENAME, "span", R_NONE, 0, 0 },
	{ "title", DROP, NULL, R_NONE, 0, 0 },
	{ "tr", KEEP, NULL, R_ROW, 0, 0 },
	{ "track", DROP, NULL, R_NONE, F_VOID, 0 },
	{ "tt", RENAME, "code", R_NONE, 0, 0 },
	{ "u", KEEP, NULL, R_NONE, INL, 0 },
	{ "ul", KEEP, NULL, R_LIST, 0, 0 },
	{ "var", KEEP, NULL, R_NONE, INL, 0 },
	{ "video", DROP, NULL, R_NONE, F_MEDIA, 0 },
	{ "wbr", KEEP, NULL, R_NONE, F_PHR | F_VOID, 0 },
	{ "xmp", RENAME, "pre", R_NONE, 0, 0 },
};

/* What any element the table lacks gets (font, center, noscript...). */
static const struct rule unknown = { "", UNWRAP, NULL, R_NONE, 0, 0 };

/* The body itself, and what structure repair treats like it. */
static const struct rule flowroot = { "body", KEEP, NULL, R_NONE, F_FLOW, 0 };

enum akind {
	AK_KEEP,
	AK_LANG,
	AK_XLANG,
	AK_DIR,
	AK_CLASS,
	AK_ALIGN,
	AK_SIZE,	/* 0..99999 */
	AK_SPAN,	/* 1..1000 */
	AK_RSPAN,	/* 0..65534 */
	AK_INT		/* any integer */
};

struct arule {
	const char	*name;
	unsigned	 bit;
	enum akind	 kind;
};

/* Sorted by name; every attribute the table lacks is removed. */
static const struct arule arules[] = {
	{ "align", A_ALIGN, AK_ALIGN },
	{ "alt", A_ALT, AK_KEEP },
	{ "class", A_CLASS, AK_CLASS },
	{ "colspan", A_CSPAN, AK_SPAN },
	{ "dir", A_DIR, AK_DIR },
	{ "height", A_SIZE, AK_SIZE },
	{ "href", A_HREF, AK_KEEP },
	{ "id", A_ID, AK_KEEP },
	{ "lang", A_LANG, AK_LANG },
	{ "rowspan", A_RSPAN, AK_RSPAN },
	{ "span", A_SPAN, AK_SPAN },
	{ "src", A_SRC, AK_KEEP },
	{ "start", A_INT, AK_INT },
	{ "title", A_TITLE, AK_KEEP },
	{ "value", A_INT, AK_INT },
	{ "width", A_SIZE, AK_SIZE },
	{ "xml:lang", A_XLANG, AK_XLANG },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*** Helpers ***/

static int
cmp_rule(const void *key, const void *r)
{
	return strcmp(key, ((const struct rule *)r)->name);
}

static int
cmp_arule(const void *key, const void *r)
{
	return strcmp(key, ((const struct arule *)r)->name);
}

static const struct rule *
rule_of(xmlNodePtr n)
{
	const struct rule	*r;

	if (n->type != XML_ELEMENT_NODE)
		return NULL;
	r = bsearch(n->name, rules, NELEM(rules), sizeof(rules[0]), cmp_rule);
	return r != NULL ? r : &unknown;
}

static enum role
role_of(xmlNodePtr n)
{
	const struct rule	*r = rule_of(n);

	return r != NULL ? r->role : R_NONE;
}

int
convert_sanitize_selfcheck(void)
{
	size_t	 i;

	for (i = 1; i < NELEM(rules); i++)
		if (strcmp(rules[i - 1].name, rules[i].name) >= 0)
			return -1;
	for (i = 1; i < NELEM(arules); i++)
		if (strcmp(arules[i - 1].name, arules[i].name) >= 0)
			return -1;
	for (i = 0; i < NELEM(rules); i++)
		if (rules[i].act == RENAME && (rules[i].to == NULL ||
		    bsearch(rules[i].to, rules, NELEM(rules),
		    sizeof(rules[0]), cmp_rule) == NULL))
			return -1;
	return 0;
}

/* Whitespace for emptiness: ASCII, no-break and ideographic spaces. */
static int
blank(const xmlChar *s)
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

static int
blank_text(xmlNodePtr n)
{
	return n->type == XML_TEXT_NODE && blank(n->content);
}

static int
is_ws(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\f';
}

/*
 * Move the sibling run first..last into parent before `before` (at
 * the end when NULL). Plain pointer moves: unlike xmlAddChild, no
 * text node is merged away under a walk's feet.
 */
static void
splice(xmlNodePtr first, xmlNodePtr last, xmlNodePtr parent,
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
static void
prune(xmlNodePtr n)
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
static xmlNodePtr
hoist(xmlNodePtr n)
{
	xmlNodePtr	 first = n->children;

	if (first != NULL)
		splice(first, n->last, n->parent, n);
	xmlUnlinkNode(n);
	xmlFreeNode(n);
	return first;
}

/* Wrap the sibling run first..last in a new element; returns it. */
static xmlNodePtr
wrap(struct conv *c, xmlNodePtr first, xmlNodePtr last, const char *name)
{
	xmlNodePtr	 w;

	w = xmlNewDocNode(c->doc, NULL, (const xmlChar *)name, NULL);
	w->line = first->line;
	splice(w, w, first->parent, first);
	splice(first, last, w, NULL);
	return w;
}

/* The next node after n in document order, not descending into n. */
static xmlNodePtr
after(xmlNodePtr n, xmlNodePtr top, int *depth)
{
	while (n != NULL && n != top) {
		if (n->next != NULL)
			return n->next;
		n = n->parent;
		(*depth)--;
	}
	return NULL;
}

static int
has_ancestor(xmlNodePtr n, xmlNodePtr top, enum role role)
{
	for (n = n->parent; n != NULL && n != top; n = n->parent)
		if (role_of(n) == role)
			return 1;
	return 0;
}

static void
warn(struct conv *c, xmlNodePtr n, const char *fmt, const char *arg)
{
	diag_warn_kind(c->d, NULL, c->art->path, conv_line(c, n), 0, fmt,
	    arg);
}

/*** Pass 1: rules ***/

/* A language tag of letters, digits and hyphens; '_' becomes '-'. */
static int
lang_fix(char *s)
{
	size_t	 run = 0;
	char	*p;

	for (p = s; *p != '\0'; p++) {
		if (*p == '_')
			*p = '-';
		if (*p == '-') {
			if (run == 0)
				return 0;
			run = 0;
		} else if (((*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') ||
		    (p != s && *p >= '0' && *p <= '9')) && run < 8)
			run++;
		else
			return 0;
	}
	return run > 0;
}

/* Non-zero when s is a decimal integer in [lo, hi]. */
static int
int_ok(const char *s, long lo, long hi)
{
	long	 v = 0;
	int	 neg = 0, digits = 0;

	while (is_ws(*s))
		s++;
	if (*s == '-')
		neg = 1, s++;
	for (; *s >= '0' && *s <= '9'; s++)
		if (++digits > 9)
			return 0;
		else
			v = v * 10 + (*s - '0');
	while (is_ws(*s))
		s++;
	if (*s != '\0' || digits == 0)
		return 0;
	v = neg ? -v : v;
	return v >= lo && v <= hi;
}

/*
 * Is the class token p (len bytes) worth keeping? The source's own
 * classes mean nothing without its style sheet and may collide with
 * the theme's: only code languages, task list items, and sheaf's own
 * math and note classes stay.
 */
static int
class_kept(const char *p, size_t len)
{
	return (len == 4 && strncmp(p, "math", 4) == 0) ||
	    (len == 7 && strncmp(p, "display", 7) == 0) ||
	    (len == 4 && strncmp(p, "note", 4) == 0) ||
	    (len > 9 && strncmp(p, "language-", 9) == 0) ||
	    (len > 5 && strncmp(p, "lang-", 5) == 0) ||
	    (len == 14 && strncmp(p, "task-list-item", 14) == 0);
}

/* Keep only the attributes the element's rule allows, valid. */
static void
clean_attrs(xmlNodePtr n, const struct rule *r)
{
	const struct arule	*ar;
	struct buf		 cls = BUF_INIT;
	xmlAttrPtr		 at, next;
	xmlChar			*v;
	const char		*align = NULL, *p;
	char			*q;
	size_t			 len;
	int			 keep;

	for (at = n->properties; at != NULL; at = next) {
		next = at->next;
		ar = at->ns != NULL ? NULL : bsearch(at->name, arules,
		    NELEM(arules), sizeof(arules[0]), cmp_arule);
		if (ar == NULL || !(ar->bit & (A_ALL | r->attrs))) {
			xmlRemoveProp(at);
			continue;
		}
		v = xmlNodeListGetString(n->doc, at->children, 1);
		if (v == NULL)
			v = xmlStrdup((const xmlChar *)"");
		keep = 1;
		switch (ar->kind) {
		case AK_KEEP:
			break;
		case AK_LANG:
			if ((keep = lang_fix((char *)v)))
				xmlSetProp(n, at->name, v);
			break;
		case AK_XLANG:
			if (lang_fix((char *)v) && !xmlHasProp(n,
			    (const xmlChar *)"lang"))
				xmlNewProp(n, (const xmlChar *)"lang", v);
			keep = 0;
			break;
		case AK_DIR:
			if ((keep = !xmlStrcasecmp(v, (const xmlChar *)"ltr") ||
			    !xmlStrcasecmp(v, (const xmlChar *)"rtl") ||
			    !xmlStrcasecmp(v, (const xmlChar *)"auto"))) {
				for (q = (char *)v; *q != '\0'; q++)
					*q |= 0x20;
				xmlSetProp(n, at->name, v);
			}
			break;
		case AK_CLASS:
			buf_reset(&cls);
			for (p = (char *)v; *p != '\0'; p += len) {
				for (len = 0; p[len] != '\0' &&
				    !is_ws(p[len]); len++)
					continue;
				if (len == 0) {
					len = 1;
					continue;
				}
				if (!class_kept(p, len))
					continue;
				if (cls.len > 0)
					buf_putc(&cls, ' ');
				buf_put(&cls, p, len);
			}
			if ((keep = cls.len > 0))
				xmlSetProp(n, at->name,
				    (const xmlChar *)cls.data);
			break;
		case AK_ALIGN:
			if (!xmlStrcasecmp(v, (const xmlChar *)"left"))
				align = "align-left";
			else if (!xmlStrcasecmp(v, (const xmlChar *)"center"))
				align = "align-center";
			else if (!xmlStrcasecmp(v, (const xmlChar *)"right"))
				align = "align-right";
			else if (!xmlStrcasecmp(v, (const xmlChar *)"justify"))
				align = "align-justify";
			keep = 0;
			break;
		case AK_SIZE:
			keep = int_ok((char *)v, 0, 99999) &&
			    strchr((char *)v, '-') == NULL;
			break;
		case AK_SPAN:
			keep = int_ok((char *)v, 1, 1000);
			break;
		case AK_RSPAN:
			keep = int_ok((char *)v, 0, 65534);
			break;
		case AK_INT:
			keep = int_ok((char *)v, -999999999, 999999999);
			break;
		}
		xmlFree(v);
		if (!keep)
			xmlRemoveProp(at);
	}
	if (align != NULL) {
		v = xmlGetProp(n, (const xmlChar *)"class");
		buf_reset(&cls);
		if (v != NULL && *v != '\0')
			buf_printf(&cls, "%s ", (char *)v);
		buf_puts(&cls, align);
		xmlSetProp(n, (const xmlChar *)"class",
		    (const xmlChar *)cls.data);
		xmlFree(v);
	}
	buf_fini(&cls);
}

static void
rename_node(xmlNodePtr n, const char *name)
{
	xmlNodeSetName(n, (const xmlChar *)name);
	clean_attrs(n, rule_of(n));
}

/* Is url the name of an article document, as "c001-a0002.xhtml"? */
static int
book_article_name(const char *url)
{
	static const char	 shape[] = "c000-a0000.xhtml";
	size_t			 i;

	for (i = 0; shape[i] != '\0'; i++)
		if (shape[i] == '0' ? !(url[i] >= '0' && url[i] <= '9') :
		    url[i] != shape[i])
			return 0;
	return url[i] == '\0';
}

/* A link's URL; 1 when the link stays, 0 when it is to be unwrapped. */
static int
link_href(struct conv *c, xmlNodePtr a)
{
	struct buf	 url = BUF_INIT, frag = BUF_INIT;
	xmlChar		*v;
	int		 keep = 0, site = -1;

	if ((v = xmlGetProp(a, (const xmlChar *)"href")) == NULL)
		goto out;
	conv_url_clean((const char *)v, &url);
	if (url.data[0] != '#' && !book_article_name(url.data))
		site = conv_link_site(c, url.data, &frag);
	if (site != -1) {
		/* Another post of the blog, or a page of its site. */
		keep = site;
		buf_reset(&url);
		buf_put(&url, frag.data, frag.len);
	} else if (url.data[0] == '#') {
		if (url.len > 1 && conv_url_decode(url.data + 1, url.len - 1,
		    &frag) == 0) {
			hmap_put(&c->targets, frag.data);
			keep = 1;
		}
	} else if (!strncasecmp(url.data, "http:", 5) ||
	    !strncasecmp(url.data, "https:", 6))
		keep = url.data[strcspn(url.data, ":") + 1] != '\0' &&
		    conv_url_host_ok(url.data);
	else if (!strncasecmp(url.data, "mailto:", 7))
		keep = url.data[7] != '\0';
	else if (book_article_name(url.data))
		keep = 1;	/* another article of the book */
	else if (url.data[0] == '/' && url.data[1] == '/' && url.len > 2) {
		buf_reset(&frag);
		buf_printf(&frag, "https:%s", url.data);
		buf_reset(&url);
		buf_put(&url, frag.data, frag.len);
		keep = conv_url_host_ok(url.data);
	}
	/* Anything else: scripts, data:, file:, pages outside the book. */
out:
	if (keep)
		xmlSetProp(a, (const xmlChar *)"href",
		    (const xmlChar *)url.data);
	else
		xmlUnsetProp(a, (const xmlChar *)"href");
	xmlFree(v);
	buf_fini(&url);
	buf_fini(&frag);
	return keep || xmlHasProp(a, (const xmlChar *)"id") != NULL;
}

/* The URL a video, audio, iframe, embed or object points to. */
static xmlChar *
media_url(xmlNodePtr n)
{
	xmlNodePtr	 ch;
	xmlChar		*v;

	if ((v = xmlGetProp(n, (const xmlChar *)"src")) != NULL ||
	    (v = xmlGetProp(n, (const xmlChar *)"data")) != NULL)
		return v;
	for (ch = n->children; ch != NULL; ch = ch->next)
		if (ch->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(ch->name, (const xmlChar *)"source") &&
		    (v = xmlGetProp(ch, (const xmlChar *)"src")) != NULL)
			return v;
	return NULL;
}

/* What stands in for a dropped element, or NULL for nothing. */
static xmlNodePtr
stand_in(struct conv *c, xmlNodePtr n, const struct rule *r,
    xmlNodePtr top)
{
	struct buf	 u = BUF_INIT;
	xmlNodePtr	 s = NULL, ch;
	xmlChar		*v = NULL, *type;
	const char	*word;

	if (r->role == R_INPUT) {
		type = xmlGetProp(n, (const xmlChar *)"type");
		if (type != NULL && !xmlStrcasecmp(type,
		    (const xmlChar *)"checkbox"))
			s = xmlNewDocText(c->doc, (const xmlChar *)(xmlHasProp(n,
			    (const xmlChar *)"checked") ? "\xe2\x98\x91 " :
			    "\xe2\x98\x90 "));
		xmlFree(type);
	} else if (r->flags & F_MEDIA) {
		word = xmlStrEqual(n->name, (const xmlChar *)"video") ?
		    c->words->video : xmlStrEqual(n->name,
		    (const xmlChar *)"audio") ? c->words->audio :
		    c->words->embed;
		if ((v = media_url(n)) != NULL)
			conv_url_clean((const char *)v, &u);
		if (!strncasecmp(u.data, "http:", 5) ||
		    !strncasecmp(u.data, "https:", 6) ||
		    (u.data[0] == '/' && u.data[1] == '/')) {
			s = conv_note(c, "remote-media", u.data, word, NULL,
			    has_ancestor(n, top, R_A));
			warn(c, n, "%s replaced by a link to it",
			    (const char *)n->name);
		} else
			warn(c, n, "%s dropped", (const char *)n->name);
	} else if (r->flags & F_ALT) {
		if ((v = xmlGetProp(n, (const xmlChar *)"alttext")) == NULL &&
		    (v = xmlGetProp(n, (const xmlChar *)"aria-label")) == NULL)
			for (ch = n->children; ch != NULL && v == NULL;
			    ch = ch->next)
				if (ch->type == XML_ELEMENT_NODE &&
				    xmlStrEqual(ch->name,
				    (const xmlChar *)"title"))
					v = xmlNodeGetContent(ch);
		if (v != NULL && !blank(v))
			s = xmlNewDocText(c->doc, v);
		warn(c, n, "inline %s dropped", (const char *)n->name);
	}
	xmlFree(v);
	buf_fini(&u);
	return s;
}

/*
 * How far the body's headings move so that its top level is h2, the
 * article title being the page's h1: +1 for a body that opens with h1,
 * -1 for one whose sections start at h3.
 */
static int
heading_shift(xmlNodePtr top)
{
	xmlNodePtr	 n = top->children;
	int		 depth = 0, min = 7;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE && n->name[0] == 'h' &&
		    n->name[1] >= '1' && n->name[1] <= '6' &&
		    n->name[2] == '\0' && n->name[1] - '0' < min)
			min = n->name[1] - '0';
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			depth++;
		} else
			n = after(n, top, &depth);
	}
	return min == 7 ? 0 : 2 - min;
}

static void
pass_rules(struct conv *c, xmlNodePtr top)
{
	const struct rule	*r;
	xmlNodePtr		 n = top->children, next, s;
	xmlChar			*v;
	char			 h[3];
	int			 depth = 1, shift, level;

	shift = heading_shift(top);
	while (n != NULL) {
		if (n->type == XML_TEXT_NODE) {
			n = after(n, top, &depth);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE) {
			next = after(n, top, &depth);
			prune(n);
			n = next;
			continue;
		}
		r = rule_of(n);
		while (r->act == RENAME) {
			xmlNodeSetName(n, (const xmlChar *)r->to);
			r = rule_of(n);
		}
		if (r->act == KEEP && depth > CONVERT_DEPTH_MAX) {
			if (!c->deep_warned)
				diag_warn(c->d, c->art->path, conv_line(c, n),
				    0, "elements nested more than %d deep "
				    "flattened", CONVERT_DEPTH_MAX);
			c->deep_warned = 1;
			r = &unknown;
		}
		if (r->act == DROP) {
			if ((s = stand_in(c, n, r, top)) != NULL)
				xmlAddPrevSibling(n, s);
			if ((r->flags & F_VOID) && n->children != NULL) {
				/* The HTML parser let a void element hold
				 * what followed it: that stays. */
				n = hoist(n);
				continue;
			}
			next = after(n, top, &depth);
			prune(n);
			n = next;
			continue;
		}
		if (r->role == R_A && !xmlHasProp(n, (const xmlChar *)"id") &&
		    (v = xmlGetProp(n, (const xmlChar *)"name")) != NULL) {
			xmlSetProp(n, (const xmlChar *)"id", v);
			xmlFree(v);
		}
		if (r->act == UNWRAP || (r->role == R_A &&
		    (has_ancestor(n, top, R_A) || !link_href(c, n)))) {
			if (n->children != NULL)
				n = hoist(n);
			else {
				next = after(n, top, &depth);
				prune(n);
				n = next;
			}
			continue;
		}
		if (r->role == R_HEAD && shift != 0) {
			level = n->name[1] - '0' + shift;
			h[0] = 'h';
			h[1] = (char)('0' + (level < 2 ? 2 : level > 6 ? 6 :
			    level));
			h[2] = '\0';
			xmlNodeSetName(n, (const xmlChar *)h);
		}
		if (r->role == R_IMG) {
			next = after(n, top, &depth);
			if (!conv_image(c, n, has_ancestor(n, top, R_A))) {
				n = next;
				continue;
			}
		}
		clean_attrs(n, r);
		if (n->children != NULL) {
			n = n->children;
			depth++;
		} else
			n = after(n, top, &depth);
	}
}

/*** Pass 2: structure ***/

static int
phrasing(xmlNodePtr n)
{
	const struct rule	*r = rule_of(n);

	return r == NULL || (r->flags & F_PHR);
}

/*
 * Wrap each run of children that fail ok() in a new element, then
 * fix() it; with join_prev, a run right after an element that passes
 * ok() goes into that element instead. Blank text neither starts nor
 * ends a run.
 */
static void
wrap_runs(struct conv *c, xmlNodePtr parent, int (*ok)(xmlNodePtr),
    const char *name, int join_prev, void (*fix)(struct conv *, xmlNodePtr))
{
	xmlNodePtr	 ch, next, first = NULL, last = NULL, w, prev;

	for (ch = parent->children; ch != NULL; ch = next) {
		next = ch->next;
		if (blank_text(ch)) {
			if (first != NULL && next != NULL)
				continue;
		} else if (!ok(ch)) {
			if (first == NULL)
				first = ch;
			last = ch;
			if (next != NULL)
				continue;
		}
		if (first == NULL)
			continue;
		for (prev = first->prev; prev != NULL && blank_text(prev);
		    prev = prev->prev)
			continue;
		if (join_prev && prev != NULL && ok(prev))
			splice(first, last, prev, NULL);
		else {
			w = wrap(c, first, last, name);
			if (fix != NULL)
				fix(c, w);
		}
		first = NULL;
	}
}

static int
is_li(xmlNodePtr n)
{
	return role_of(n) == R_LI;
}

static int
is_cell(xmlNodePtr n)
{
	return role_of(n) == R_CELL;
}

static int
is_row(xmlNodePtr n)
{
	return role_of(n) == R_ROW;
}

static int
not_li(xmlNodePtr n)
{
	return !is_li(n);
}

static int
not_cell(xmlNodePtr n)
{
	return !is_cell(n);
}

static int
not_row(xmlNodePtr n)
{
	return !is_row(n);
}

static void
fix_row(struct conv *c, xmlNodePtr tr)
{
	wrap_runs(c, tr, is_cell, "td", 1, NULL);
}

static int
count_rows(xmlNodePtr t)
{
	xmlNodePtr	 ch, r;
	int		 n = 0;

	for (ch = t->children; ch != NULL; ch = ch->next)
		if (role_of(ch) == R_ROW)
			n++;
		else if (role_of(ch) == R_SECTION)
			for (r = ch->children; r != NULL; r = r->next)
				n += role_of(r) == R_ROW;
	return n;
}

/* caption?, colgroup*, thead?, (tbody* | tr+), tfoot?; others go before. */
static void
fix_table(struct conv *c, xmlNodePtr t)
{
	xmlNodePtr	 ch, next;
	int		 caption = 0, rows = 0;

	wrap_runs(c, t, not_cell, "tr", 0, NULL);
	for (ch = t->children; ch != NULL; ch = next) {
		next = ch->next;
		if (blank_text(ch))
			continue;
		switch (role_of(ch)) {
		case R_CAPTION:
			if (!caption && !rows) {
				caption = 1;
				if (ch != t->children)
					splice(ch, ch, t, t->children);
				continue;
			}
			rename_node(ch, "div");
			break;
		case R_COLGROUP:
			if (!rows)
				continue;
			prune(ch);
			continue;
		case R_COL:
			prune(ch);
			continue;
		case R_SECTION:
		case R_ROW:
			rows = 1;
			continue;
		default:
			break;
		}
		/* Foster the stray node out, before the table. */
		splice(ch, ch, t->parent, t);
	}
	wrap_runs(c, t, not_row, "tbody", 0, NULL);
}

/* (dt+ dd+)+, or the list becomes plain divs. */
static void
fix_dl(struct conv *c, xmlNodePtr dl)
{
	xmlNodePtr	 ch;
	int		 state = 0, bad = 0;

	for (ch = dl->children; ch != NULL && !bad; ch = ch->next) {
		if (blank_text(ch))
			continue;
		if (role_of(ch) != R_DTDD)
			bad = 1;
		else if (xmlStrEqual(ch->name, (const xmlChar *)"dt"))
			state = 1;
		else if (state == 0)
			bad = 1;
		else
			state = 2;
	}
	if (!bad && state != 1)
		return;
	for (ch = dl->children; ch != NULL; ch = ch->next)
		if (role_of(ch) == R_DTDD)
			rename_node(ch, "div");
	rename_node(dl, "div");
}

/* figcaption first or last, and only one. */
static void
fix_figure(struct conv *c, xmlNodePtr fig)
{
	xmlNodePtr	 ch, first = NULL, last = NULL;
	int		 seen = 0;

	for (ch = fig->children; ch != NULL; ch = ch->next)
		if (!blank_text(ch)) {
			if (first == NULL)
				first = ch;
			last = ch;
		}
	for (ch = fig->children; ch != NULL; ch = ch->next)
		if (role_of(ch) == R_FIGCAPTION) {
			if (seen || (ch != first && ch != last))
				rename_node(ch, "div");
			seen = 1;
		}
}

/*
 * Does n hold images and nothing else (links around them, line
 * breaks and white space aside)? Such a paragraph is set apart as an
 * illustration, not indented as text.
 */
static int
only_images(xmlNodePtr n)
{
	xmlNodePtr	 ch;
	int		 seen = 0;

	for (ch = n->children; ch != NULL; ch = ch->next) {
		if (ch->type == XML_TEXT_NODE) {
			if (!blank(ch->content))
				return 0;
			continue;
		}
		if (ch->type != XML_ELEMENT_NODE)
			continue;
		switch (role_of(ch)) {
		case R_IMG:
			seen = 1;
			break;
		case R_BR:
			break;
		case R_A:
			if (only_images(ch) != 1)
				return 0;
			seen = 1;
			break;
		default:
			return 0;
		}
	}
	return seen;
}

/* Children that belong only in another parent: li, cells, rows... */
static void
fix_orphans(struct conv *c, xmlNodePtr n, enum role prole)
{
	xmlNodePtr	 ch, next;
	int		 ok;

	for (ch = n->children; ch != NULL; ch = next) {
		next = ch->next;
		switch (role_of(ch)) {
		case R_CELL:
			if (prole != R_ROW && prole != R_TABLE &&
			    prole != R_SECTION)
				rename_node(ch, "div");
			continue;
		case R_ROW:
			ok = prole == R_TABLE || prole == R_SECTION;
			break;
		case R_SECTION:
			ok = prole == R_TABLE;
			break;
		case R_RT:
			ok = prole == R_RUBY;
			break;
		case R_CAPTION:
			if (prole != R_TABLE)
				rename_node(ch, "div");
			continue;
		case R_DTDD:
			if (prole != R_DL)
				rename_node(ch, "div");
			continue;
		case R_FIGCAPTION:
			if (prole != R_FIGURE)
				rename_node(ch, "div");
			continue;
		case R_COL:
			if (prole != R_COLGROUP && prole != R_TABLE)
				prune(ch);
			continue;
		case R_COLGROUP:
			if (prole != R_TABLE)
				prune(ch);
			continue;
		case R_RP:
			if (prole != R_RUBY)
				prune(ch);
			continue;
		default:
			continue;
		}
		/* A row, section or rt astray: keep what it holds. */
		if (ok)
			continue;
		if (ch->children != NULL)
			next = hoist(ch);
		else
			prune(ch);
	}
	if (prole != R_LIST)
		wrap_runs(c, n, not_li, "ul", 0, NULL);
}

static int
is_target(struct conv *c, xmlNodePtr n)
{
	xmlChar	*id;
	int	 t;

	if ((id = xmlGetProp(n, (const xmlChar *)"id")) == NULL)
		return 0;
	t = hmap_get(&c->targets, (const char *)id) != NULL;
	xmlFree(id);
	return t;
}

/* Nothing but blanks (and br, unless keep_br) inside. */
static int
empty(xmlNodePtr n, int keep_br)
{
	xmlNodePtr	 ch;

	for (ch = n->children; ch != NULL; ch = ch->next) {
		if (ch->type == XML_TEXT_NODE) {
			if (!blank(ch->content))
				return 0;
		} else if (ch->type == XML_ELEMENT_NODE &&
		    (keep_br || role_of(ch) != R_BR))
			return 0;
	}
	return 1;
}

/*
 * Split p at its non-phrasing children: each moves out after p, and
 * the phrasing content after it goes into a new p (with p's class,
 * lang and dir).
 */
static void
split_p(struct conv *c, xmlNodePtr p)
{
	static const char *const keep[] = { "class", "lang", "dir" };
	xmlNodePtr	 ch, next, where = p, np = NULL;
	xmlChar		*v;
	size_t		 i;

	for (ch = p->children; ch != NULL && phrasing(ch); ch = ch->next)
		continue;
	for (; ch != NULL; ch = next) {
		next = ch->next;
		if (!phrasing(ch) || (np == NULL && blank_text(ch))) {
			splice(ch, ch, p->parent, where->next);
			where = ch;
			np = NULL;
			continue;
		}
		if (np == NULL) {
			np = xmlNewDocNode(c->doc, NULL, (const xmlChar *)"p",
			    NULL);
			np->line = ch->line;
			for (i = 0; i < NELEM(keep); i++)
				if ((v = xmlGetProp(p,
				    (const xmlChar *)keep[i])) != NULL) {
					xmlSetProp(np, (const xmlChar *)keep[i],
					    v);
					xmlFree(v);
				}
			splice(np, np, p->parent, where->next);
			where = np;
		}
		splice(ch, ch, np, NULL);
	}
}

/* Repair one element whose children are repaired already. */
static void
visit(struct conv *c, xmlNodePtr n, xmlNodePtr top)
{
	const struct rule	*r = n == top ? &flowroot : rule_of(n);
	const struct rule	*pr;
	xmlNodePtr		 ch, next;
	int			 bad;

	fix_orphans(c, n, r->role);
	switch (r->role) {
	case R_TABLE:
		fix_table(c, n);
		if (count_rows(n) == 0) {
			prune(n);
			return;
		}
		break;
	case R_SECTION:
		wrap_runs(c, n, is_row, "tr", 0, fix_row);
		break;
	case R_ROW:
		fix_row(c, n);
		break;
	case R_LIST:
		wrap_runs(c, n, is_li, "li", 1, NULL);
		for (ch = n->children; ch != NULL; ch = ch->next)
			if (is_li(ch))
				break;
		if (ch == NULL) {
			prune(n);
			return;
		}
		break;
	case R_DL:
		fix_dl(c, n);
		r = rule_of(n);
		if (r->role == R_DL && empty(n, 0)) {
			prune(n);
			return;
		}
		break;
	case R_FIGURE:
		fix_figure(c, n);
		break;
	case R_RUBY:
		for (ch = n->children; ch != NULL; ch = ch->next)
			if (role_of(ch) == R_RT)
				break;
		if (ch == NULL) {
			hoist(n);
			return;
		}
		break;
	default:
		break;
	}

	if (r->flags & F_PONLY) {
		bad = 0;
		for (ch = n->children; ch != NULL; ch = ch->next)
			if (!phrasing(ch))
				bad = 1;
		if (bad && r->role == R_P)
			split_p(c, n);
		else if (bad && (r->role == R_HEAD || r->role == R_PRE)) {
			for (ch = n->children; ch != NULL; ch = next) {
				next = ch->next;
				if (phrasing(ch))
					continue;
				if (ch->children != NULL)
					next = hoist(ch);
				else
					prune(ch);
			}
		} else if (bad) {
			/* A link may hold blocks where its parent may. */
			pr = n->parent == top ? &flowroot : rule_of(n->parent);
			if (r->role != R_A || pr == NULL ||
			    !(pr->flags & F_FLOW)) {
				hoist(n);
				return;
			}
		}
	}
	if ((r->flags & (F_EMPTY | F_EMPTYI)) && n != top &&
	    empty(n, (r->flags & F_EMPTYI) != 0) && !is_target(c, n)) {
		prune(n);
		return;
	}
	if (r->role == R_P && n != top && only_images(n) &&
	    !xmlHasProp(n, (const xmlChar *)"class"))
		xmlSetProp(n, (const xmlChar *)"class",
		    (const xmlChar *)"image");
}

static xmlNodePtr
first_leaf(xmlNodePtr n)
{
	while (n->type == XML_ELEMENT_NODE && n->children != NULL)
		n = n->children;
	return n;
}

static void
pass_structure(struct conv *c, xmlNodePtr top)
{
	xmlNodePtr	 n, next, parent;

	for (n = first_leaf(top); n != top; n = next) {
		next = n->next;
		parent = n->parent;
		if (n->type == XML_ELEMENT_NODE)
			visit(c, n, top);
		next = next != NULL ? first_leaf(next) : parent;
	}
	visit(c, top, top);
}

/*** Pass 3: ids ***/

/* Is cp a character of an XML name (NameChar), or a start one? */
static int
name_char(long cp, int start)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    cp == '_')
		return 1;
	if (!start && ((cp >= '0' && cp <= '9') || cp == '-' || cp == '.' ||
	    cp == 0xb7 || (cp >= 0x300 && cp <= 0x36f) ||
	    cp == 0x203f || cp == 0x2040))
		return 1;
	return (cp >= 0xc0 && cp <= 0xd6) || (cp >= 0xd8 && cp <= 0xf6) ||
	    (cp >= 0xf8 && cp <= 0x2ff) || (cp >= 0x370 && cp <= 0x37d) ||
	    (cp >= 0x37f && cp <= 0x1fff) || cp == 0x200c || cp == 0x200d ||
	    (cp >= 0x2070 && cp <= 0x218f) || (cp >= 0x2c00 && cp <= 0x2fef) ||
	    (cp >= 0x3001 && cp <= 0xd7ff) || (cp >= 0xf900 && cp <= 0xfdcf) ||
	    (cp >= 0xfdf0 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0xeffff);
}

/* An id made a valid XML name that is not reserved for the template. */
static void
fix_id(const char *v, struct buf *out)
{
	struct buf	 name = BUF_INIT;
	const char	*p = v, *end = v + strlen(v), *at;
	long		 cp;

	while (p < end && is_ws(*p))
		p++;
	while (end > p && is_ws(end[-1]))
		end--;
	while (p < end) {
		at = p;
		cp = text_utf8_next(&p, end);
		if (name_char(cp, 0))
			buf_put(&name, at, (size_t)(p - at));
		else if (name.len > 0 && name.data[name.len - 1] != '-')
			buf_putc(&name, '-');
	}
	if (name.len == 0)
		goto out;
	/* Checked on the result: "sheaf/title" becomes sheaf-title too. */
	at = name.data;
	if (!name_char(text_utf8_next(&at, name.data + name.len), 1) ||
	    strncmp(name.data, "sheaf-", 6) == 0)
		BUF_PUTSL(out, "x-");
	buf_put(out, name.data, name.len);
out:
	buf_fini(&name);
}

static void
pass_ids(struct conv *c, xmlNodePtr top)
{
	struct hmap	 used = { NULL, 0, 0 }, first = { NULL, 0, 0 };
	struct buf	 id = BUF_INIT, alt = BUF_INIT, frag = BUF_INIT;
	struct hent	*e;
	xmlNodePtr	 n = top->children, next;
	xmlChar		*v;
	size_t		 k;
	int		 depth = 0;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE &&
		    (v = xmlGetProp(n, (const xmlChar *)"id")) != NULL) {
			buf_reset(&id);
			fix_id((const char *)v, &id);
			if (id.len > 0 && (e = hmap_get(&used, id.data))) {
				do {
					k = e->next++;
					buf_reset(&alt);
					buf_printf(&alt, "%s-%zu", id.data, k);
				} while (hmap_get(&used, alt.data) != NULL);
				buf_reset(&id);
				buf_put(&id, alt.data, alt.len);
			}
			if (id.len == 0)
				xmlUnsetProp(n, (const xmlChar *)"id");
			else {
				hmap_put(&used, id.data);
				if ((e = hmap_get(&first, (const char *)v)) ==
				    NULL) {
					e = hmap_put(&first, (const char *)v);
					e->val = xstrdup(id.data);
				}
				xmlSetProp(n, (const xmlChar *)"id",
				    (const xmlChar *)id.data);
			}
			xmlFree(v);
		}
		n = n->type == XML_ELEMENT_NODE && n->children != NULL ?
		    n->children : after(n, top, &depth);
	}

	for (n = top->children; n != NULL; n = next) {
		next = n->type == XML_ELEMENT_NODE && n->children != NULL ?
		    n->children : after(n, top, &depth);
		if (role_of(n) != R_A ||
		    (v = xmlGetProp(n, (const xmlChar *)"href")) == NULL)
			continue;
		buf_reset(&frag);
		e = NULL;
		if (v[0] == '#' && conv_url_decode((const char *)v + 1,
		    strlen((const char *)v + 1), &frag) == 0)
			e = hmap_get(&first, frag.data);
		if (v[0] == '#' && e != NULL) {
			buf_reset(&id);
			BUF_PUTSL(&id, "#");
			conv_url_clean(e->val, &id);
			xmlSetProp(n, (const xmlChar *)"href",
			    (const xmlChar *)id.data);
		} else if (v[0] == '#') {
			xmlUnsetProp(n, (const xmlChar *)"href");
			if (!xmlHasProp(n, (const xmlChar *)"id")) {
				if (n->children != NULL)
					next = hoist(n);
				else {
					next = after(n, top, &depth);
					prune(n);
				}
			}
		}
		xmlFree(v);
	}
	hmap_fini(&used);
	hmap_fini(&first);
	buf_fini(&id);
	buf_fini(&alt);
	buf_fini(&frag);
}

/*** Pass 4: text ***/

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
			if (m == NULL || m == top || (r = rule_of(m)) == NULL ||
			    !(r->flags & F_PHR))
				return -1;
			continue;
		}
		m = dir < 0 ? m->prev : m->next;
		while (m->type == XML_ELEMENT_NODE) {
			r = rule_of(m);
			if (!(r->flags & F_PHR) || (r->flags & F_VOID))
				return -1;
			if (m->children == NULL)
				break;
			m = dir < 0 ? m->last : m->children;
		}
		if (m->type != XML_TEXT_NODE || blank(m->content))
			continue;
		s = (const char *)m->content;
		e = s + strlen(s);
		if (dir < 0) {
			while (e > s && is_ws(e[-1]))
				e--;
			return last_cp(s, e);
		}
		while (s < e && is_ws(*s))
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
		if (!is_ws(*p)) {
			buf_putc(out, *p++);
			continue;
		}
		for (run = p, nl = 0; p < e && is_ws(*p); p++)
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

static void
pass_text(struct conv *c, xmlNodePtr top)
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
			if (!has_ancestor(n, top, R_PRE))
				fix_text(n, top, &out);
		}
		n = n->type == XML_ELEMENT_NODE && n->children != NULL ?
		    n->children : after(n, top, &depth);
	}
	buf_fini(&out);
}

void
convert_sanitize(struct conv *c, xmlNodePtr body)
{
	pass_rules(c, body);
	pass_structure(c, body);
	pass_ids(c, body);
	pass_text(c, body);
}
