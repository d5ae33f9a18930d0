/*
 * Pass 2 of the sanitizer (convert_sanitize.c), structure: bottom-up
 * repair of content models, each element visited after its children,
 * so that the document is valid XHTML however the body nested. A p
 * holding a block is split around it, a heading or a pre keeps only
 * the content of the blocks inside it, and another inline element
 * holding a block is unwrapped (a link only where blocks may not
 * stand). li stand only in lists, cells in rows, rows in tables (in
 * the order caption, colgroup, thead, tbody, tfoot; strays go before
 * the table), dt and dd in pairs in a dl, one figcaption at either end
 * of a figure, rt in ruby. Lists and tables left without items or rows
 * go, and so do empty paragraphs, headings and wrappers (blocks or
 * inline) no link points to; a paragraph of images only gets
 * class="image".
 */
#include <libxml/tree.h>

#include "convert_int.h"
#include "hmap.h"

/* The body itself, and what structure repair treats like it. */
static const struct rule flowroot = { "body", KEEP, NULL, R_NONE, F_FLOW, 0 };

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int
phrasing(xmlNodePtr n)
{
	const struct rule	*r = convert_rule_of(n);

	return r == NULL || (r->flags & F_PHR);
}

/*
 * Wrap each run of children that fail ok() in a new element, then
 * fix() it; with join_prev, a run right after an element that passes
 * ok() goes into that element instead. Blank text neither starts nor
 * ends a run.
 */
static void
wrap_runs(struct convert *c, xmlNodePtr parent, int (*ok)(xmlNodePtr),
    const char *name, int join_prev, void (*fix)(struct convert *, xmlNodePtr))
{
	xmlNodePtr	 ch, next, first = NULL, last = NULL, w, prev;

	for (ch = parent->children; ch != NULL; ch = next) {
		next = ch->next;
		if (convert_blank_text(ch)) {
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
		for (prev = first->prev; prev != NULL &&
		    convert_blank_text(prev); prev = prev->prev)
			continue;
		if (join_prev && prev != NULL && ok(prev))
			convert_splice(first, last, prev, NULL);
		else {
			w = convert_wrap(c, first, last, name);
			if (fix != NULL)
				fix(c, w);
		}
		first = NULL;
	}
}

static int
is_li(xmlNodePtr n)
{
	return convert_role_of(n) == R_LI;
}

static int
is_cell(xmlNodePtr n)
{
	return convert_role_of(n) == R_CELL;
}

static int
is_row(xmlNodePtr n)
{
	return convert_role_of(n) == R_ROW;
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
fix_row(struct convert *c, xmlNodePtr tr)
{
	wrap_runs(c, tr, is_cell, "td", 1, NULL);
}

static int
count_rows(xmlNodePtr t)
{
	xmlNodePtr	 ch, r;
	int		 n = 0;

	for (ch = t->children; ch != NULL; ch = ch->next)
		if (convert_role_of(ch) == R_ROW)
			n++;
		else if (convert_role_of(ch) == R_SECTION)
			for (r = ch->children; r != NULL; r = r->next)
				n += convert_role_of(r) == R_ROW;
	return n;
}

/* caption?, colgroup*, thead?, (tbody* | tr+), tfoot?; others go before. */
static void
fix_table(struct convert *c, xmlNodePtr t)
{
	xmlNodePtr	 ch, next;
	int		 caption = 0, rows = 0;

	wrap_runs(c, t, not_cell, "tr", 0, NULL);
	for (ch = t->children; ch != NULL; ch = next) {
		next = ch->next;
		if (convert_blank_text(ch))
			continue;
		switch (convert_role_of(ch)) {
		case R_CAPTION:
			if (!caption && !rows) {
				caption = 1;
				if (ch != t->children)
					convert_splice(ch, ch, t, t->children);
				continue;
			}
			convert_rename_node(ch, "div");
			break;
		case R_COLGROUP:
			if (!rows)
				continue;
			convert_prune(ch);
			continue;
		case R_COL:
			convert_prune(ch);
			continue;
		case R_SECTION:
		case R_ROW:
			rows = 1;
			continue;
		default:
			break;
		}
		/* Foster the stray node out, before the table. */
		convert_splice(ch, ch, t->parent, t);
	}
	wrap_runs(c, t, not_row, "tbody", 0, NULL);
}

/* (dt+ dd+)+, or the list becomes plain divs. */
static void
fix_dl(struct convert *c, xmlNodePtr dl)
{
	xmlNodePtr	 ch;
	int		 state = 0, bad = 0;

	for (ch = dl->children; ch != NULL && !bad; ch = ch->next) {
		if (convert_blank_text(ch))
			continue;
		if (convert_role_of(ch) != R_DTDD)
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
		if (convert_role_of(ch) == R_DTDD)
			convert_rename_node(ch, "div");
	convert_rename_node(dl, "div");
}

/* figcaption first or last, and only one. */
static void
fix_figure(struct convert *c, xmlNodePtr fig)
{
	xmlNodePtr	 ch, first = NULL, last = NULL;
	int		 seen = 0;

	for (ch = fig->children; ch != NULL; ch = ch->next)
		if (!convert_blank_text(ch)) {
			if (first == NULL)
				first = ch;
			last = ch;
		}
	for (ch = fig->children; ch != NULL; ch = ch->next)
		if (convert_role_of(ch) == R_FIGCAPTION) {
			if (seen || (ch != first && ch != last))
				convert_rename_node(ch, "div");
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
			if (!convert_blank(ch->content))
				return 0;
			continue;
		}
		if (ch->type != XML_ELEMENT_NODE)
			continue;
		switch (convert_role_of(ch)) {
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
fix_orphans(struct convert *c, xmlNodePtr n, enum role prole)
{
	xmlNodePtr	 ch, next;
	int		 ok;

	for (ch = n->children; ch != NULL; ch = next) {
		next = ch->next;
		switch (convert_role_of(ch)) {
		case R_CELL:
			if (prole != R_ROW && prole != R_TABLE &&
			    prole != R_SECTION)
				convert_rename_node(ch, "div");
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
				convert_rename_node(ch, "div");
			continue;
		case R_DTDD:
			if (prole != R_DL)
				convert_rename_node(ch, "div");
			continue;
		case R_FIGCAPTION:
			if (prole != R_FIGURE)
				convert_rename_node(ch, "div");
			continue;
		case R_COL:
			if (prole != R_COLGROUP && prole != R_TABLE)
				convert_prune(ch);
			continue;
		case R_COLGROUP:
			if (prole != R_TABLE)
				convert_prune(ch);
			continue;
		case R_RP:
			if (prole != R_RUBY)
				convert_prune(ch);
			continue;
		default:
			continue;
		}
		/* A row, section or rt astray: keep what it holds. */
		if (ok)
			continue;
		if (ch->children != NULL)
			next = convert_hoist(ch);
		else
			convert_prune(ch);
	}
	if (prole != R_LIST)
		wrap_runs(c, n, not_li, "ul", 0, NULL);
}

static int
is_target(struct convert *c, xmlNodePtr n)
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
			if (!convert_blank(ch->content))
				return 0;
		} else if (ch->type == XML_ELEMENT_NODE &&
		    (keep_br || convert_role_of(ch) != R_BR))
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
split_p(struct convert *c, xmlNodePtr p)
{
	static const char *const keep[] = { "class", "lang", "dir" };
	xmlNodePtr	 ch, next, where = p, np = NULL;
	xmlChar		*v;
	size_t		 i;

	for (ch = p->children; ch != NULL && phrasing(ch); ch = ch->next)
		continue;
	for (; ch != NULL; ch = next) {
		next = ch->next;
		if (!phrasing(ch) || (np == NULL && convert_blank_text(ch))) {
			convert_splice(ch, ch, p->parent, where->next);
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
			convert_splice(np, np, p->parent, where->next);
			where = np;
		}
		convert_splice(ch, ch, np, NULL);
	}
}

/* Repair one element whose children are repaired already. */
static void
visit(struct convert *c, xmlNodePtr n, xmlNodePtr top)
{
	const struct rule	*r = n == top ? &flowroot : convert_rule_of(n);
	const struct rule	*pr;
	xmlNodePtr		 ch, next;
	int			 bad;

	fix_orphans(c, n, r->role);
	switch (r->role) {
	case R_TABLE:
		fix_table(c, n);
		if (count_rows(n) == 0) {
			convert_prune(n);
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
			convert_prune(n);
			return;
		}
		break;
	case R_DL:
		fix_dl(c, n);
		r = convert_rule_of(n);
		if (r->role == R_DL && empty(n, 0)) {
			convert_prune(n);
			return;
		}
		break;
	case R_FIGURE:
		fix_figure(c, n);
		break;
	case R_RUBY:
		for (ch = n->children; ch != NULL; ch = ch->next)
			if (convert_role_of(ch) == R_RT)
				break;
		if (ch == NULL) {
			convert_hoist(n);
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
					next = convert_hoist(ch);
				else
					convert_prune(ch);
			}
		} else if (bad) {
			/* A link may hold blocks where its parent may. */
			pr = n->parent == top ? &flowroot :
			    convert_rule_of(n->parent);
			if (r->role != R_A || pr == NULL ||
			    !(pr->flags & F_FLOW)) {
				convert_hoist(n);
				return;
			}
		}
	}
	if ((r->flags & (F_EMPTY | F_EMPTYI)) && n != top &&
	    empty(n, (r->flags & F_EMPTYI) != 0) && !is_target(c, n)) {
		convert_prune(n);
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

void
convert_sanitize_structure(struct convert *c, xmlNodePtr top)
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
