/*
 * book.yml, read before collect: libyaml loads the file as a
 * document, whose nodes keep their line and column; a table of keys
 * says where each key may appear and which handler reads it. Keys use
 * pandoc's EPUB metadata names where they exist. A books: list makes
 * several books, each inheriting the top-level settings. Unknown keys
 * are warnings, wrong types and invalid dates errors, all at
 * FILE:LINE:COL.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "collect.h"
#include "config_file.h"
#include "diag.h"
#include "package.h"
#include "xalloc.h"

struct config_file {
	struct config_book	*books;
	size_t			 nbooks;
	char			**strs;		/* every string the books borrow */
	size_t			 nstrs;
	char			*dir;		/* of the file, "" for "." */
};

struct ctx {
	struct config_file	*f;
	const char		*path;
	yaml_document_t		*doc;
	struct diag		*d;
	const char		*key;	/* being read, for messages */
	int			 failed;
};

enum where {
	AT_TOP = 1,		/* the top level, and each of books: */
	AT_SELECT = 2,		/* inside select: (also allowed at the top) */
	AT_FILE = 4		/* the top level only */
};

struct key {
	const char	*name;
	int		 where;
	int		(*read)(struct ctx *, yaml_node_t *, struct config_book *);
};

struct keyword {
	const char	*name;
	int		 value;
};

static const struct keyword group_names[] = {
	{ "category", GROUP_CATEGORY }, { "month", GROUP_MONTH },
	{ "none", GROUP_NONE }, { "year", GROUP_YEAR },
	{ "week", GROUP_WEEK }, { "day", GROUP_DAY }, { "tag", GROUP_TAG },
	{ "author", GROUP_AUTHOR }, { "dir", GROUP_DIR }, { NULL, 0 }
};

static const struct keyword order_names[] = {
	{ "date", ORDER_DATE }, { "-date", ORDER_DATE_DESC },
	{ "title", ORDER_TITLE }, { "path", ORDER_PATH },
	{ "updated", ORDER_UPDATED }, { "-updated", ORDER_UPDATED_DESC },
	{ NULL, 0 }
};

static const struct keyword chapter_order_names[] = {
	{ "articles", CHORDER_ARTICLES }, { "title", CHORDER_TITLE },
	{ "date", CHORDER_DATE }, { "-date", CHORDER_DATE_DESC },
	{ "count", CHORDER_COUNT }, { NULL, 0 }
};

static const struct keyword split_names[] = {
	{ "none", SPLIT_NONE }, { "category", SPLIT_CATEGORY },
	{ "year", SPLIT_YEAR }, { "month", SPLIT_MONTH }, { NULL, 0 }
};

/*** Keywords and lists ***/

static int
lookup(const struct keyword *k, const char *s, int *out)
{
	for (; k->name != NULL; k++)
		if (strcmp(k->name, s) == 0) {
			*out = k->value;
			return 0;
		}
	return -1;
}

int
config_group_parse(const char *s, struct config *cfg)
{
	int	 v, n;
	char	 end;

	if (strncmp(s, "category:", 9) == 0) {
		if (sscanf(s + 9, "%d%c", &n, &end) != 1 || n < 1 ||
		    n > CONFIG_MAX_GROUP_DEPTH)
			return -1;
		cfg->group_by = GROUP_CATEGORY;
		cfg->group_depth = n;
		return 0;
	}
	if (lookup(group_names, s, &v) == -1)
		return -1;
	cfg->group_by = (enum group_by)v;
	cfg->group_depth = 1;
	return 0;
}

int
config_order_parse(const char *s, enum order *o)
{
	int	 v;

	if (lookup(order_names, s, &v) == -1)
		return -1;
	*o = (enum order)v;
	return 0;
}

int
config_chapter_order_parse(const char *s, enum chapter_order *o)
{
	int	 v;

	if (lookup(chapter_order_names, s, &v) == -1)
		return -1;
	*o = (enum chapter_order)v;
	return 0;
}

int
config_split_parse(const char *s, enum split_by *o)
{
	int	 v;

	if (lookup(split_names, s, &v) == -1)
		return -1;
	*o = (enum split_by)v;
	return 0;
}

int
config_zone_parse(const char *s, long *off)
{
	int	 h, m = 0, sign;
	char	 end;

	if (strcmp(s, "Z") == 0 || strcmp(s, "UTC") == 0) {
		*off = 0;
		return 0;
	}
	if (s[0] != '+' && s[0] != '-')
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	if (sscanf(s + 1, "%2d:%2d%c", &h, &m, &end) != 2 &&
	    sscanf(s + 1, "%2d%2d%c", &h, &m, &end) < 1)
		return -1;
	if (h > 14 || m > 59 || h < 0 || m < 0)
		return -1;
	*off = sign * (h * 3600L + m * 60L);
	return 0;
}

int
config_count_parse(const char *s, size_t *out)
{
	size_t	 n = 0, i;

	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++)
		if ((n = n * 10 + (size_t)(s[i] - '0')) > 1000000000)
			return -1;
	if (i == 0 || s[i] != '\0')
		return -1;
	*out = n;
	return 0;
}

void
namelist_add(struct namelist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

void
config_add_category(struct config *cfg, const char *s)
{
	cfg->categories = xreallocarray(cfg->categories,
	    cfg->ncategories + 1, sizeof(*cfg->categories));
	cfg->categories[cfg->ncategories++] = s;
}

static void
namelist_copy(struct namelist *dst, const struct namelist *src)
{
	dst->v = NULL;
	dst->n = 0;
	if (src->n > 0) {
		dst->v = xreallocarray(NULL, src->n, sizeof(*dst->v));
		memcpy(dst->v, src->v, src->n * sizeof(*dst->v));
		dst->n = src->n;
	}
}

void
config_copy(struct config *dst, const struct config *src)
{
	struct namelist	 cats, tmp;

	*dst = *src;
	cats.v = src->categories;
	cats.n = src->ncategories;
	namelist_copy(&tmp, &cats);
	dst->categories = tmp.v;
	namelist_copy(&dst->exclude, &src->exclude);
	namelist_copy(&dst->tags, &src->tags);
	namelist_copy(&dst->authors, &src->authors);
	namelist_copy(&dst->more_authors, &src->more_authors);
	namelist_copy(&dst->author_roles, &src->author_roles);
	namelist_copy(&dst->author_file_as, &src->author_file_as);
	namelist_copy(&dst->subjects, &src->subjects);
}

void
config_fini(struct config *cfg)
{
	free(cfg->categories);
	free(cfg->exclude.v);
	free(cfg->tags.v);
	free(cfg->authors.v);
	free(cfg->more_authors.v);
	free(cfg->author_roles.v);
	free(cfg->author_file_as.v);
	free(cfg->subjects.v);
	cfg->categories = NULL;
	cfg->ncategories = 0;
}

/*** Nodes ***/

static const char *
keep(struct config_file *f, char *s)
{
	f->strs = xreallocarray(f->strs, f->nstrs + 1, sizeof(*f->strs));
	f->strs[f->nstrs++] = s;
	return s;
}

static void
bad(struct ctx *c, const yaml_node_t *n, const char *fmt, const char *what)
{
	diag_error(c->d, c->path, (int)n->start_mark.line + 1,
	    (int)n->start_mark.column + 1, fmt, what);
	c->failed = 1;
}

static const char *
text(struct ctx *c, yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE) {
		bad(c, n, "%s must be text", c->key);
		return NULL;
	}
	return keep(c->f, xstrndup((const char *)n->data.scalar.value,
	    n->data.scalar.length));
}

/* A path in the file: relative to the file's folder. */
static const char *
path_text(struct ctx *c, yaml_node_t *n)
{
	const char	*s = text(c, n);
	struct buf	 b = BUF_INIT;

	if (s == NULL || s[0] == '/' || c->f->dir[0] == '\0')
		return s;
	buf_printf(&b, "%s/%s", c->f->dir, s);
	return keep(c->f, buf_detach(&b));
}

/* Text or a list of texts, replacing the list l. */
static int
texts(struct ctx *c, yaml_node_t *n, struct namelist *l)
{
	yaml_node_item_t	*it;
	yaml_node_t		*item;
	const char		*s;

	l->n = 0;
	if (n->type == YAML_SCALAR_NODE) {
		if ((s = text(c, n)) == NULL)
			return -1;
		namelist_add(l, s);
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		bad(c, n, "%s must be text or a list of texts", c->key);
		return -1;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		item = yaml_document_get_node(c->doc, *it);
		if (item == NULL || (s = text(c, item)) == NULL)
			return -1;
		namelist_add(l, s);
	}
	return 0;
}

/*** Handlers, one per key ***/

#define STRING_KEY(fn, field)						\
static int								\
fn(struct ctx *c, yaml_node_t *n, struct config_book *b)		\
{									\
	return (b->cfg.field = text(c, n)) == NULL ? -1 : 0;		\
}

STRING_KEY(k_title, title)
STRING_KEY(k_subtitle, subtitle)
STRING_KEY(k_identifier, identifier)
STRING_KEY(k_publisher, publisher)
STRING_KEY(k_rights, rights)
STRING_KEY(k_description, description)
STRING_KEY(k_match, match)

static int
k_language(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	return (b->cfg.language = text(c, n)) == NULL ? -1 : 0;
}

static int
k_date(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	const char	*s = text(c, n);
	int64_t		 t;

	if (s == NULL)
		return -1;
	if (collect_date_bound(s, 0, 0, &t) == -1) {
		bad(c, n, "%s: not a date", s);
		return -1;
	}
	if (strcmp(c->key, "since") == 0)
		b->cfg.since = s;
	else if (strcmp(c->key, "until") == 0)
		b->cfg.until = s;
	else
		b->cfg.date = s;
	return 0;
}

/* author: a name, or a list of names or of {name, role, file-as}. */
static int
k_author(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	yaml_node_item_t	*it;
	yaml_node_pair_t	*p;
	yaml_node_t		*item, *k, *v;
	const char		*name, *role, *file_as, *kn;

	b->cfg.author = NULL;
	b->cfg.more_authors.n = 0;
	b->cfg.author_roles.n = 0;
	b->cfg.author_file_as.n = 0;
	if (n->type == YAML_SCALAR_NODE)
		return (b->cfg.author = text(c, n)) == NULL ? -1 : 0;
	if (n->type != YAML_SEQUENCE_NODE) {
		bad(c, n, "%s must be a name or a list of authors", c->key);
		return -1;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		item = yaml_document_get_node(c->doc, *it);
		name = role = file_as = NULL;
		if (item->type == YAML_SCALAR_NODE)
			name = text(c, item);
		else if (item->type == YAML_MAPPING_NODE) {
			for (p = item->data.mapping.pairs.start;
			    p < item->data.mapping.pairs.top; p++) {
				k = yaml_document_get_node(c->doc, p->key);
				v = yaml_document_get_node(c->doc, p->value);
				kn = k->type == YAML_SCALAR_NODE ?
				    (const char *)k->data.scalar.value : "";
				if (strcmp(kn, "name") == 0)
					name = text(c, v);
				else if (strcmp(kn, "role") == 0)
					role = text(c, v);
				else if (strcmp(kn, "file-as") == 0)
					file_as = text(c, v);
				else
					diag_warn(c->d, c->path,
					    (int)k->start_mark.line + 1,
					    (int)k->start_mark.column + 1,
					    "unknown key %s in author; "
					    "ignored", kn);
			}
			if (name == NULL)
				bad(c, item, "%s: an author needs a name",
				    c->key);
		} else
			bad(c, item, "%s: each author is a name or a "
			    "mapping with name:", c->key);
		if (name == NULL)
			return -1;
		namelist_add(&b->cfg.more_authors, name);
		namelist_add(&b->cfg.author_roles, role);
		namelist_add(&b->cfg.author_file_as, file_as);
	}
	return 0;
}

static int
k_subject(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	return texts(c, n, &b->cfg.subjects);
}

static int
k_cover(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	return (b->cfg.cover = path_text(c, n)) == NULL ? -1 : 0;
}

static int
k_output(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	return (b->output = path_text(c, n)) == NULL ? -1 : 0;
}

/* input: folders or files, relative to the file, replacing any. */
static int
k_input(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	struct namelist	 l = { NULL, 0 };
	struct buf	 p = BUF_INIT;
	size_t		 i;

	if (texts(c, n, &l) == -1) {
		free(l.v);
		return -1;
	}
	for (i = 0; i < l.n; i++)
		if (l.v[i][0] != '/' && c->f->dir[0] != '\0') {
			buf_printf(&p, "%s/%s", c->f->dir, l.v[i]);
			l.v[i] = keep(c->f, buf_detach(&p));
		}
	free(b->cfg.inputs);
	b->cfg.inputs = l.v;
	b->cfg.ninputs = l.n;
	return 0;
}

static int
k_timezone(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	const char	*s = text(c, n);

	if (s != NULL && config_zone_parse(s, &b->cfg.tz_offset) == 0)
		return 0;
	if (s != NULL)
		bad(c, n, "timezone: %s is not a zone (want +HH:MM, -HH:MM "
		    "or UTC)", s);
	return -1;
}

static int
k_group_by(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	const char	*s = text(c, n);

	if (s != NULL && config_group_parse(s, &b->cfg) == 0)
		return 0;
	if (s != NULL)
		bad(c, n, "group-by: %s is not one of category, category:N, "
		    "year, month, week, day, tag, author, dir, none", s);
	return -1;
}

static int
k_order(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	const char	*s = text(c, n);

	if (s != NULL && config_order_parse(s, &b->cfg.order) == 0)
		return 0;
	if (s != NULL)
		bad(c, n, "order: %s is not one of date, -date, title, path, "
		    "updated, -updated", s);
	return -1;
}

static int
k_chapter_order(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	const char	*s = text(c, n);

	if (s != NULL && config_chapter_order_parse(s,
	    &b->cfg.chapter_order) == 0)
		return 0;
	if (s != NULL)
		bad(c, n, "chapter-order: %s is not one of articles, title, "
		    "date, -date, count", s);
	return -1;
}

static int
k_split_by(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	const char	*s = text(c, n);

	if (s != NULL && config_split_parse(s, &b->cfg.split_by) == 0)
		return 0;
	if (s != NULL)
		bad(c, n, "split-by: %s is not one of category, year, month, "
		    "none", s);
	return -1;
}

static int
k_category(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	struct namelist	 l = { NULL, 0 };

	if (texts(c, n, &l) == -1) {
		free(l.v);
		return -1;
	}
	free(b->cfg.categories);
	b->cfg.categories = l.v;
	b->cfg.ncategories = l.n;
	return 0;
}

static int
k_exclude(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	return texts(c, n, &b->cfg.exclude);
}

static int
k_tag(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	return texts(c, n, &b->cfg.tags);
}

static int
k_by_author(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	return texts(c, n, &b->cfg.authors);
}

static int
k_count(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	const char	*s = text(c, n);
	size_t		 v;

	if (s == NULL)
		return -1;
	if (config_count_parse(s, &v) == -1) {
		bad(c, n, "%s must be a whole number", c->key);
		return -1;
	}
	if (strcmp(c->key, "limit") == 0)
		b->cfg.limit = v;
	else
		b->cfg.latest = v;
	return 0;
}

/* A YAML 1.1 boolean into *out. */
static int
boolean(struct ctx *c, yaml_node_t *n, int *out)
{
	static const char *const yes[] = { "true", "yes", "on", "True" };
	static const char *const no[] = { "false", "no", "off", "False" };
	const char	*s = text(c, n);
	size_t		 i;

	for (i = 0; s != NULL && i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(s, yes[i]) == 0 || strcmp(s, no[i]) == 0) {
			*out = strcmp(s, yes[i]) == 0;
			return 0;
		}
	}
	if (s != NULL)
		bad(c, n, "%s must be true or false", c->key);
	return -1;
}

static int
k_drafts(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	return boolean(c, n, &b->cfg.drafts);
}

static int
k_vertical(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	return boolean(c, n, &b->cfg.vertical);
}

static int
k_theme(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	const char	*s = text(c, n);

	if (s != NULL && package_theme_known(s)) {
		b->cfg.theme = s;
		return 0;
	}
	if (s != NULL)
		bad(c, n, "theme: %s is not one of default, serif, sans, "
		    "plain", s);
	return -1;
}

static int
k_css(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	return (b->cfg.css = path_text(c, n)) == NULL ? -1 : 0;
}

static int	k_select(struct ctx *, yaml_node_t *, struct config_book *);

static const struct key keys[] = {
	{ "title",		AT_TOP,			k_title },
	{ "subtitle",		AT_TOP,			k_subtitle },
	{ "author",		AT_TOP,			k_author },
	{ "creator",		AT_TOP,			k_author },
	{ "language",		AT_TOP,			k_language },
	{ "lang",		AT_TOP,			k_language },
	{ "identifier",		AT_TOP,			k_identifier },
	{ "date",		AT_TOP,			k_date },
	{ "publisher",		AT_TOP,			k_publisher },
	{ "rights",		AT_TOP,			k_rights },
	{ "description",	AT_TOP,			k_description },
	{ "subject",		AT_TOP,			k_subject },
	{ "cover-image",	AT_TOP,			k_cover },
	{ "css",		AT_TOP,			k_css },
	{ "theme",		AT_TOP,			k_theme },
	{ "vertical",		AT_TOP,			k_vertical },
	{ "timezone",		AT_TOP,			k_timezone },
	{ "group-by",		AT_TOP,			k_group_by },
	{ "order",		AT_TOP,			k_order },
	{ "chapter-order",	AT_TOP,			k_chapter_order },
	{ "split-by",		AT_TOP,			k_split_by },
	{ "output",		AT_TOP,			k_output },
	{ "input",		AT_TOP,			k_input },
	{ "select",		AT_TOP,			k_select },
	{ "books",		AT_FILE,		NULL },
	{ "category",		AT_SELECT,		k_category },
	{ "exclude-category",	AT_SELECT,		k_exclude },
	{ "tag",		AT_SELECT,		k_tag },
	{ "author",		AT_SELECT,		k_by_author },
	{ "since",		AT_SELECT,		k_date },
	{ "until",		AT_SELECT,		k_date },
	{ "limit",		AT_SELECT,		k_count },
	{ "latest",		AT_SELECT,		k_count },
	{ "match",		AT_SELECT,		k_match },
	{ "drafts",		AT_SELECT,		k_drafts },
};

/* Read each pair of the mapping n whose key belongs where. */
static int
read_map(struct ctx *c, yaml_node_t *n, int where, struct config_book *b)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*k, *v;
	const char		*name;
	size_t			 i;
	int			 known;

	if (n->type != YAML_MAPPING_NODE) {
		bad(c, n, "%s must be a mapping of keys to values",
		    where == AT_SELECT ? "select" : "a book");
		return -1;
	}
	for (p = n->data.mapping.pairs.start;
	    p < n->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(c->doc, p->key);
		v = yaml_document_get_node(c->doc, p->value);
		if (k == NULL || v == NULL || k->type != YAML_SCALAR_NODE) {
			bad(c, k ? k : n, "%s", "keys must be text");
			continue;
		}
		name = (const char *)k->data.scalar.value;
		for (i = 0, known = 0; i < sizeof(keys) / sizeof(keys[0]);
		    i++) {
			if (strcmp(keys[i].name, name) != 0)
				continue;
			if (!(keys[i].where & where))
				continue;
			known = 1;
			c->key = name;
			if (keys[i].read != NULL)
				keys[i].read(c, v, b);
			break;
		}
		if (!known)
			diag_warn(c->d, c->path, (int)k->start_mark.line + 1,
			    (int)k->start_mark.column + 1, "unknown key %s%s; "
			    "ignored", name, where == AT_SELECT ?
			    " in select" : "");
	}
	return c->failed ? -1 : 0;
}

static int
k_select(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	return read_map(c, n, AT_SELECT, b);
}

/*** Entry points ***/

static void
add_book(struct config_file *f, const struct config_book *from)
{
	f->books = xreallocarray(f->books, f->nbooks + 1, sizeof(*f->books));
	f->books[f->nbooks] = *from;
	config_copy(&f->books[f->nbooks].cfg, &from->cfg);
	if (from->cfg.ninputs > 0) {
		f->books[f->nbooks].cfg.inputs = xreallocarray(NULL,
		    from->cfg.ninputs, sizeof(*from->cfg.inputs));
		memcpy(f->books[f->nbooks].cfg.inputs, from->cfg.inputs,
		    from->cfg.ninputs * sizeof(*from->cfg.inputs));
	}
	f->nbooks++;
}

/* A config whose inputs array is its own, as the books' are. */
static void
own_inputs(struct config *cfg, const struct config *base)
{
	cfg->inputs = NULL;
	if (base->ninputs > 0) {
		cfg->inputs = xreallocarray(NULL, base->ninputs,
		    sizeof(*cfg->inputs));
		memcpy(cfg->inputs, base->inputs,
		    base->ninputs * sizeof(*cfg->inputs));
	}
}

static yaml_node_t *
find_key(struct ctx *c, yaml_node_t *map, const char *name)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*k;

	for (p = map->data.mapping.pairs.start;
	    p < map->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(c->doc, p->key);
		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, name) == 0)
			return yaml_document_get_node(c->doc, p->value);
	}
	return NULL;
}

static void
read_books(struct ctx *c, yaml_node_t *root, struct config_book *top)
{
	struct config_book	 one;
	yaml_node_t		*list, *item;
	yaml_node_item_t	*it;

	if ((list = find_key(c, root, "books")) == NULL) {
		add_book(c->f, top);
		return;
	}
	if (list->type != YAML_SEQUENCE_NODE) {
		bad(c, list, "%s must be a list of books", "books");
		return;
	}
	for (it = list->data.sequence.items.start;
	    it < list->data.sequence.items.top; it++) {
		item = yaml_document_get_node(c->doc, *it);
		one = *top;
		config_copy(&one.cfg, &top->cfg);
		own_inputs(&one.cfg, &top->cfg);
		read_map(c, item, AT_TOP | AT_SELECT, &one);
		add_book(c->f, &one);
		config_fini(&one.cfg);
		free(one.cfg.inputs);
	}
	if (c->f->nbooks == 0)
		bad(c, list, "%s is empty", "books");
}

static void
name_books(struct config_file *f)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < f->nbooks; i++) {
		if (f->books[i].cfg.title != NULL)
			f->books[i].name = f->books[i].cfg.title;
		else if (f->books[i].output != NULL)
			f->books[i].name = f->books[i].output;
		else {
			buf_printf(&b, "book %zu", i + 1);
			f->books[i].name = keep(f, buf_detach(&b));
		}
	}
}

struct config_file *
config_file_load(const char *path, const struct config *base,
    struct diag *d)
{
	struct ctx		 c;
	struct config_book	 top;
	struct buf		 text = BUF_INIT;
	yaml_parser_t		 y;
	yaml_document_t		 doc;
	yaml_node_t		*root;
	const char		*slash;
	size_t			 i;
	int			 loaded = 0;

	memset(&c, 0, sizeof(c));
	memset(&top, 0, sizeof(top));
	c.f = xcalloc(1, sizeof(*c.f));
	c.path = path;
	c.d = d;
	c.doc = &doc;
	slash = strrchr(path, '/');
	c.f->dir = slash ? xstrndup(path, (size_t)(slash - path) +
	    (slash == path)) : xstrdup("");
	if (read_file(path, (size_t)1 << 20, &text) == -1) {
		diag_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
		goto fail;
	}
	if (!yaml_parser_initialize(&y))
		abort();
	yaml_parser_set_input_string(&y, (const unsigned char *)text.data,
	    text.len);
	loaded = yaml_parser_load(&y, &doc);
	if (!loaded) {
		diag_error(d, path, (int)y.problem_mark.line + 1,
		    (int)y.problem_mark.column + 1, "YAML: %s",
		    y.problem ? y.problem : "cannot parse");
		yaml_parser_delete(&y);
		goto fail;
	}
	yaml_parser_delete(&y);
	top.cfg = *base;
	config_copy(&top.cfg, base);
	own_inputs(&top.cfg, base);
	if ((root = yaml_document_get_root_node(&doc)) == NULL)
		add_book(c.f, &top);	/* an empty file */
	else if (read_map(&c, root, AT_TOP | AT_SELECT | AT_FILE,
	    &top) == 0)
		read_books(&c, root, &top);
	config_fini(&top.cfg);
	free(top.cfg.inputs);
	yaml_document_delete(&doc);
	if (c.failed)
		goto fail;
	name_books(c.f);
	/* Without inputs, a book takes the folder of the file. */
	for (i = 0; i < c.f->nbooks; i++)
		if (c.f->books[i].cfg.ninputs == 0) {
			c.f->books[i].cfg.inputs = xmalloc(sizeof(char *));
			c.f->books[i].cfg.inputs[0] = c.f->dir[0] != '\0' ?
			    c.f->dir : ".";
			c.f->books[i].cfg.ninputs = 1;
		}
	buf_fini(&text);
	return c.f;
fail:
	buf_fini(&text);
	config_file_free(c.f);
	return NULL;
}

void
config_file_free(struct config_file *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nbooks; i++) {
		config_fini(&f->books[i].cfg);
		free(f->books[i].cfg.inputs);
	}
	free(f->books);
	for (i = 0; i < f->nstrs; i++)
		free(f->strs[i]);
	free(f->strs);
	free(f->dir);
	free(f);
}

size_t
config_file_nbooks(const struct config_file *f)
{
	return f->nbooks;
}

struct config_book *
config_file_book(struct config_file *f, size_t i)
{
	return &f->books[i];
}
