/*
 * Pass 1 of the sanitizer (convert_sanitize.c), rules: the element and
 * attribute allow-lists, which the later passes read through
 * convert_rule_of(), and the walk from the top that applies them.
 * Script and friends are dropped with their content (a video or an
 * iframe leaves a link to its address, a checkbox its mark, math and
 * svg their text alternative); unknown and presentational elements are
 * unwrapped; attributes stay only where allowed and valid; images are
 * resolved (convert_image.c) and links kept, rewritten or unwrapped;
 * headings move so that the body's top level is h2; elements nested
 * deeper than CONVERT_DEPTH_MAX are unwrapped.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "book.h"
#include "buf.h"
#include "convert_int.h"
#include "diag.h"
#include "hmap.h"

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
	{ "canvas", DROP, NULL, R_NONE, F_FALLBACK, 0 },
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
	{ "object", DROP, NULL, R_NONE, F_MEDIA | F_FALLBACK, 0 },
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

/*** Lookup ***/

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

const struct rule *
convert_rule_of(xmlNodePtr n)
{
	const struct rule	*r;

	if (n->type != XML_ELEMENT_NODE)
		return NULL;
	r = bsearch(n->name, rules, NELEM(rules), sizeof(rules[0]), cmp_rule);
	return r != NULL ? r : &unknown;
}

enum role
convert_role_of(xmlNodePtr n)
{
	const struct rule	*r = convert_rule_of(n);

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

int
convert_has_ancestor(xmlNodePtr n, xmlNodePtr top, enum role role)
{
	for (n = n->parent; n != NULL && n != top; n = n->parent)
		if (convert_role_of(n) == role)
			return 1;
	return 0;
}

static void
warn(struct convert *c, xmlNodePtr n, const char *fmt, const char *arg)
{
	diag_warn_kind(c->d, NULL, c->art->path, convert_line(c, n), 0, fmt,
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

	while (convert_is_ws(*s))
		s++;
	if (*s == '-')
		neg = 1, s++;
	for (; *s >= '0' && *s <= '9'; s++)
		if (++digits > 9)
			return 0;
		else
			v = v * 10 + (*s - '0');
	while (convert_is_ws(*s))
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
				    !convert_is_ws(p[len]); len++)
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

void
convert_rename_node(xmlNodePtr n, const char *name)
{
	xmlNodeSetName(n, (const xmlChar *)name);
	clean_attrs(n, convert_rule_of(n));
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
link_href(struct convert *c, xmlNodePtr a)
{
	struct buf	 url = BUF_INIT, frag = BUF_INIT;
	xmlChar		*v;
	int		 keep = 0, site = -1;

	if ((v = xmlGetProp(a, (const xmlChar *)"href")) == NULL)
		goto out;
	convert_url_clean((const char *)v, &url);
	if (url.data[0] != '#' && !book_article_name(url.data))
		site = convert_link_site(c, url.data, &frag);
	if (site != -1) {
		/* Another post of the blog, or a page of its site. */
		keep = site;
		buf_reset(&url);
		buf_put(&url, frag.data, frag.len);
	} else if (url.data[0] == '#') {
		if (url.len > 1 && convert_url_decode(url.data + 1, url.len - 1,
		    &frag) == 0) {
			hmap_put(&c->targets, frag.data);
			keep = 1;
		}
	} else if (!strncasecmp(url.data, "http:", 5) ||
	    !strncasecmp(url.data, "https:", 6))
		keep = url.data[strcspn(url.data, ":") + 1] != '\0' &&
		    convert_url_host_ok(url.data);
	else if (!strncasecmp(url.data, "mailto:", 7))
		keep = url.data[7] != '\0';
	else if (book_article_name(url.data))
		keep = 1;	/* another article of the book */
	else if (url.data[0] == '/' && url.data[1] == '/' && url.len > 2) {
		buf_reset(&frag);
		buf_printf(&frag, "https:%s", url.data);
		buf_reset(&url);
		buf_put(&url, frag.data, frag.len);
		keep = convert_url_host_ok(url.data);
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

/* The warning for an element dropped, with what it holds or not. */
static void
dropped(struct convert *c, xmlNodePtr n, const struct rule *r)
{
	diag_warn_kind(c->d, NULL, c->art->path, convert_line(c, n), 0,
	    "%s dropped%s", (const char *)n->name,
	    (r->flags & F_FALLBACK) && n->children != NULL ?
	    ", the text it holds kept (write &lt; for a < meant as text)" :
	    "");
}

/* What stands in for a dropped element, or NULL for nothing. */
static xmlNodePtr
stand_in(struct convert *c, xmlNodePtr n, const struct rule *r,
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
			convert_url_clean((const char *)v, &u);
		if (!strncasecmp(u.data, "http:", 5) ||
		    !strncasecmp(u.data, "https:", 6) ||
		    (u.data[0] == '/' && u.data[1] == '/')) {
			s = convert_note(c, "remote-media", u.data, word, NULL,
			    convert_has_ancestor(n, top, R_A));
			warn(c, n, "%s replaced by a link to it",
			    (const char *)n->name);
		} else
			dropped(c, n, r);
	} else if (r->flags & F_FALLBACK)
		dropped(c, n, r);
	else if (r->flags & F_ALT) {
		if ((v = xmlGetProp(n, (const xmlChar *)"alttext")) == NULL &&
		    (v = xmlGetProp(n, (const xmlChar *)"aria-label")) == NULL)
			for (ch = n->children; ch != NULL && v == NULL;
			    ch = ch->next)
				if (ch->type == XML_ELEMENT_NODE &&
				    xmlStrEqual(ch->name,
				    (const xmlChar *)"title"))
					v = xmlNodeGetContent(ch);
		if (v != NULL && !convert_blank(v))
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
			n = convert_after(n, top, &depth);
	}
	return min == 7 ? 0 : 2 - min;
}

void
convert_sanitize_rules(struct convert *c, xmlNodePtr top)
{
	const struct rule	*r;
	xmlNodePtr		 n = top->children, next, s;
	xmlChar			*v;
	char			 h[3];
	int			 depth = 1, shift, level;

	shift = heading_shift(top);
	while (n != NULL) {
		if (n->type == XML_TEXT_NODE) {
			n = convert_after(n, top, &depth);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE) {
			next = convert_after(n, top, &depth);
			convert_prune(n);
			n = next;
			continue;
		}
		r = convert_rule_of(n);
		while (r->act == RENAME) {
			xmlNodeSetName(n, (const xmlChar *)r->to);
			r = convert_rule_of(n);
		}
		if (r->act == KEEP && depth > CONVERT_DEPTH_MAX) {
			if (!c->deep_warned)
				diag_warn(c->d, c->art->path,
				    convert_line(c, n), 0,
				    "elements nested more than %d deep "
				    "flattened", CONVERT_DEPTH_MAX);
			c->deep_warned = 1;
			r = &unknown;
		}
		if (r->act == DROP) {
			if ((s = stand_in(c, n, r, top)) != NULL)
				xmlAddPrevSibling(n, s);
			if ((r->flags & (F_VOID | F_FALLBACK)) &&
			    n->children != NULL) {
				/* The HTML parser let a void element hold
				 * what followed it, or a reader that cannot
				 * show an object shows what it holds: that
				 * stays. */
				n = convert_hoist(n);
				continue;
			}
			next = convert_after(n, top, &depth);
			convert_prune(n);
			n = next;
			continue;
		}
		if (r->role == R_A && !xmlHasProp(n, (const xmlChar *)"id") &&
		    (v = xmlGetProp(n, (const xmlChar *)"name")) != NULL) {
			xmlSetProp(n, (const xmlChar *)"id", v);
			xmlFree(v);
		}
		if (r->act == UNWRAP || (r->role == R_A &&
		    (convert_has_ancestor(n, top, R_A) || !link_href(c, n)))) {
			if (n->children != NULL)
				n = convert_hoist(n);
			else {
				next = convert_after(n, top, &depth);
				convert_prune(n);
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
			next = convert_after(n, top, &depth);
			if (!convert_image(c, n,
			    convert_has_ancestor(n, top, R_A))) {
				n = next;
				continue;
			}
		}
		clean_attrs(n, r);
		if (n->children != NULL) {
			n = n->children;
			depth++;
		} else
			n = convert_after(n, top, &depth);
	}
}
