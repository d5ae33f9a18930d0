/*
 * book.yml, read before collect: libyaml loads the file as a
 * document, whose nodes keep their line and column. Keys use pandoc's
 * EPUB metadata names where they exist. A books: list makes several
 * books, each inheriting the top-level settings. Unknown keys are
 * warnings; wrong types, invalid dates and refused values are errors,
 * all at FILE:LINE:COL.
 *
 * The keys are one table, keys[]. A row names a key, where it may
 * appear (the top level, select:, images:, accessibility:), the kind
 * of its value and the field it fills, by offsetof into struct
 * config_book; then what its kind needs: bounds of a number, the names
 * of a keyword, a check of text, the message for a refused value.
 * read_map() walks the pairs of a mapping, finds each key's row, and
 * read_value() reads the value by its kind. The few keys that a row
 * cannot say (authors with roles, the time zone, group-by's
 * category:N, accessibility's rule that a certifier needs a claim)
 * name a function in their row. Before them come the keyword parsers
 * that the options share; a config's lists are config_list.c's.
 */
#include <errno.h>
#include <stddef.h>
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
	AT_FILE = 4,		/* the top level only */
	AT_IMAGES = 8,		/* inside images: */
	AT_A11Y = 16		/* inside accessibility: */
};

struct keyword {
	const char	*name;
	int		 value;
};

/* How the walker reads a key's value (the kinds of struct key). */
enum kind {
	K_TEXT,		/* text, as written; ok() may refuse it */
	K_PATH,		/* text, made relative to the file's folder */
	K_TEXTS,	/* text or a list of texts, replacing a list */
	K_PATHS,	/* the same, each made relative to the folder */
	K_BOOL,		/* a YAML 1.1 boolean, into an int */
	K_NOT,		/* the same, stored negated */
	K_COUNT,	/* a whole number from lo to hi, into a size_t */
	K_INT,		/* the same, into an int */
	K_BYTES,	/* a size: digits, then K or M, into a size_t */
	K_WORD,		/* one of the names of words, into an enum */
	K_MAP,		/* a mapping of the keys found at sub */
	K_CALL,		/* read by call, which reports its own errors */
	K_NONE		/* read elsewhere (books:, by read_books()) */
};

/*
 * One row of keys[]. Only name, where and kind are given by position;
 * the rest, by designator, as the kind needs them. The message of a
 * refused number names the key, as numbers are not repeated; that of
 * refused text or words quotes the value.
 */
struct key {
	const char	*name;
	int		 where;		/* AT_*: where the key may appear */
	enum kind	 kind;
	size_t		 at;		/* offsetof the field in struct
					   config_book */
	size_t		 count;		/* K_TEXTS, K_PATHS: of the length */
	size_t		 lo, hi;	/* K_COUNT, K_INT: bounds */
	int		(*ok)(const char *);	/* K_TEXT: a check, or NULL */
	const struct keyword *words;	/* K_WORD: its names */
	int		 sub;		/* K_MAP: the AT_* of its keys */
	const char	*refused;	/* the error for a value refused:
					   %s is the value (the key) */
	int		(*call)(struct ctx *, yaml_node_t *,
			    struct config_book *);
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

/*** Keywords ***/

/* The value of the name s in the table k, into *out; -1 if none. */
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
		cfg->sel.group_by = GROUP_CATEGORY;
		cfg->sel.group_depth = n;
		return 0;
	}
	if (lookup(group_names, s, &v) == -1)
		return -1;
	cfg->sel.group_by = (enum group_by)v;
	cfg->sel.group_depth = 1;
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

int
config_bytes_parse(const char *s, size_t *out)
{
	size_t	 n, len = strlen(s), unit = 1;
	char	 num[16];

	if (len > 0 && (s[len - 1] == 'K' || s[len - 1] == 'k'))
		unit = 1024;
	else if (len > 0 && (s[len - 1] == 'M' || s[len - 1] == 'm'))
		unit = 1024 * 1024;
	if (unit > 1)
		len--;
	if (len == 0 || len >= sizeof(num))
		return -1;
	memcpy(num, s, len);
	num[len] = '\0';
	if (config_count_parse(num, &n) == -1 || n == 0 ||
	    n > ((size_t)1 << 30) / unit)
		return -1;
	*out = n * unit;
	return 0;
}

int
config_quality_parse(const char *s, int *out)
{
	size_t	 n;

	if (config_count_parse(s, &n) == -1 || n < 1 || n > 100)
		return -1;
	*out = (int)n;
	return 0;
}

/*** Nodes ***/

/* s (taken over), kept until f is freed. */
static const char *
keep(struct config_file *f, char *s)
{
	f->strs = xreallocarray(f->strs, f->nstrs + 1, sizeof(*f->strs));
	f->strs[f->nstrs++] = s;
	return s;
}

/* An error at node n: fmt with what. The file then fails. */
static void
bad(struct ctx *c, const yaml_node_t *n, const char *fmt, const char *what)
{
	diag_error(c->d, c->path, (int)n->start_mark.line + 1,
	    (int)n->start_mark.column + 1, fmt, what);
	c->failed = 1;
}

/* The text of scalar n, kept; NULL after an error if n is none. */
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
relative(struct ctx *c, const char *s)
{
	struct buf	 b = BUF_INIT;

	if (s[0] == '/' || c->f->dir[0] == '\0')
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

/*** Checks of text, for K_TEXT ***/

static int
is_http(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* A date, or YYYY or YYYY-MM, as the selection bounds take them. */
static int
is_date(const char *s)
{
	int64_t	 t;

	return collect_date_bound(s, 0, 0, &t) == 0;
}

/*
 * conformance: a claim of EPUB Accessibility 1.1, in the words of its
 * section 2.1: "EPUB Accessibility 1.1 - WCAG 2.x Level A|AA|AAA".
 */
static int
is_conformance(const char *s)
{
	static const char	 head[] = "EPUB Accessibility 1.1 - WCAG 2.";
	const char		*t = s + sizeof(head) - 1;

	return !(strncmp(s, head, sizeof(head) - 1) != 0 ||
	    strchr("012", *t) == NULL || *t == '\0' ||
	    strncmp(t + 1, " Level A", 8) != 0 ||
	    (strcmp(t + 9, "") != 0 && strcmp(t + 9, "A") != 0 &&
	    strcmp(t + 9, "AA") != 0));
}

/*** Keys that a row cannot say ***/

/* author: a name, or a list of names or of {name, role, file-as}. */
static int
k_author(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	yaml_node_item_t	*it;
	yaml_node_pair_t	*p;
	yaml_node_t		*item, *k, *v;
	const char		*name, *role, *file_as, *kn;

	b->cfg.meta.author = NULL;
	b->cfg.meta.more_authors.n = 0;
	b->cfg.meta.author_roles.n = 0;
	b->cfg.meta.author_file_as.n = 0;
	if (n->type == YAML_SCALAR_NODE)
		return (b->cfg.meta.author = text(c, n)) == NULL ? -1 : 0;
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
		namelist_add(&b->cfg.meta.more_authors, name);
		namelist_add(&b->cfg.meta.author_roles, role);
		namelist_add(&b->cfg.meta.author_file_as, file_as);
	}
	return 0;
}

static int
k_timezone(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	const char	*s = text(c, n);

	if (s != NULL && config_zone_parse(s, &b->cfg.tz_offset) == 0) {
		b->cfg.tz_given = 1;
		return 0;
	}
	if (s != NULL)
		bad(c, n, "timezone: %s is not a zone (want +HH:MM, -HH:MM "
		    "or UTC)", s);
	return -1;
}

/* group-by: a word, or category:N, which also sets the depth. */
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

static int	read_map(struct ctx *, yaml_node_t *, int,
		    struct config_book *);

/* accessibility: a claim needs its conformance; certified-by too. */
static int
k_a11y(struct ctx *c, yaml_node_t *n, struct config_book *b)
{
	if (read_map(c, n, AT_A11Y, b) == -1)
		return -1;
	if (b->cfg.meta.a11y_certified_by != NULL &&
	    b->cfg.meta.a11y_conformance == NULL) {
		bad(c, n, "%s", "accessibility: certified-by needs "
		    "conformance");
		return -1;
	}
	return 0;
}

/*** The keys ***/

#define CFG(f)		offsetof(struct config_book, cfg.f)
#define LIST(l)		.at = CFG(l.v), .count = CFG(l.n)

/*
 * Every key, by where it may appear. A name may have a row at each
 * level (author: the book's at the top, a filter in select:); the
 * first row whose where matches is the one read.
 */
static const struct key keys[] = {
	{ "title",	AT_TOP,	K_TEXT, .at = CFG(meta.title) },
	{ "subtitle",	AT_TOP,	K_TEXT, .at = CFG(meta.subtitle) },
	{ "author",	AT_TOP,	K_CALL, .call = k_author },
	{ "creator",	AT_TOP,	K_CALL, .call = k_author },
	{ "language",	AT_TOP,	K_TEXT, .at = CFG(meta.language) },
	{ "lang",	AT_TOP,	K_TEXT, .at = CFG(meta.language) },
	{ "identifier",	AT_TOP,	K_TEXT, .at = CFG(meta.identifier) },
	{ "date",	AT_TOP,	K_TEXT, .at = CFG(meta.date), .ok = is_date,
	    .refused = "%s: not a date" },
	{ "publisher",	AT_TOP,	K_TEXT, .at = CFG(meta.publisher) },
	{ "rights",	AT_TOP,	K_TEXT, .at = CFG(meta.rights) },
	{ "description", AT_TOP, K_TEXT, .at = CFG(meta.description) },
	{ "subject",	AT_TOP,	K_TEXTS, LIST(meta.subjects) },
	{ "cover-image", AT_TOP, K_PATH, .at = CFG(meta.cover) },
	{ "css",	AT_TOP,	K_PATH, .at = CFG(look.css) },
	{ "fonts",	AT_TOP,	K_PATHS, LIST(look.fonts) },
	{ "accessibility", AT_TOP, K_CALL, .call = k_a11y },
	{ "summary",	AT_A11Y, K_TEXT, .at = CFG(meta.a11y_summary) },
	{ "conformance", AT_A11Y, K_TEXT, .at = CFG(meta.a11y_conformance),
	    .ok = is_conformance, .refused = "accessibility conformance: "
	    "%s is not \"EPUB Accessibility 1.1 - WCAG 2.0, 2.1 or 2.2 "
	    "Level A, AA or AAA\"" },
	{ "certified-by", AT_A11Y, K_TEXT, .at = CFG(meta.a11y_certified_by) },
	{ "theme",	AT_TOP,	K_TEXT, .at = CFG(look.theme),
	    .ok = package_theme_known,
	    .refused = "theme: %s is not one of default, serif, sans, plain" },
	{ "vertical",	AT_TOP,	K_BOOL, .at = CFG(look.vertical) },
	{ "timezone",	AT_TOP,	K_CALL, .call = k_timezone },
	{ "site-url",	AT_TOP,	K_TEXT, .at = CFG(site_url), .ok = is_http,
	    .refused = "site-url: %s is not an http:// or https:// "
	    "address" },
	{ "group-by",	AT_TOP,	K_CALL, .call = k_group_by },
	{ "order",	AT_TOP,	K_WORD, .at = CFG(sel.order),
	    .words = order_names, .refused = "order: %s is not one of date, -date, title, path, "
	    "updated, -updated" },
	{ "chapter-order", AT_TOP, K_WORD, .at = CFG(sel.chapter_order),
	    .words = chapter_order_names, .refused = "chapter-order: %s is "
	    "not one of articles, title, date, -date, count" },
	{ "split-by",	AT_TOP,	K_WORD, .at = CFG(sel.split_by),
	    .words = split_names, .refused = "split-by: %s is not one of "
	    "category, year, month, none" },
	{ "output",	AT_TOP,	K_PATH,
	    .at = offsetof(struct config_book, output) },
	{ "input",	AT_TOP,	K_PATHS, .at = CFG(inputs),
	    .count = CFG(ninputs) },
	{ "select",	AT_TOP,	K_MAP, .sub = AT_SELECT },
	{ "images",	AT_TOP,	K_MAP, .sub = AT_IMAGES },
	{ "books",	AT_FILE, K_NONE, .call = NULL },
	{ "category",	AT_SELECT, K_TEXTS, .at = CFG(sel.categories),
	    .count = CFG(sel.ncategories) },
	{ "exclude-category", AT_SELECT, K_TEXTS, LIST(sel.exclude) },
	{ "tag",	AT_SELECT, K_TEXTS, LIST(sel.tags) },
	{ "author",	AT_SELECT, K_TEXTS, LIST(sel.authors) },
	{ "since",	AT_SELECT, K_TEXT, .at = CFG(sel.since), .ok = is_date,
	    .refused = "%s: not a date" },
	{ "until",	AT_SELECT, K_TEXT, .at = CFG(sel.until), .ok = is_date,
	    .refused = "%s: not a date" },
	{ "limit",	AT_SELECT, K_COUNT, .at = CFG(sel.limit), .lo = 0,
	    .hi = 1000000000, .refused = "%s must be a whole number" },
	{ "latest",	AT_SELECT, K_COUNT, .at = CFG(sel.latest), .lo = 0,
	    .hi = 1000000000, .refused = "%s must be a whole number" },
	{ "match",	AT_SELECT, K_TEXT, .at = CFG(sel.match) },
	{ "drafts",	AT_SELECT, K_BOOL, .at = CFG(sel.drafts) },
	{ "unwrap-proxies", AT_IMAGES, K_NOT, .at = CFG(images.keep_proxies) },
	{ "max-pixels",	AT_IMAGES, K_COUNT, .at = CFG(images.max_image_pixels),
	    .lo = 1, .hi = 1000000000,
	    .refused = "%s must be a positive whole number" },
	{ "max-bytes",	AT_IMAGES, K_BYTES, .at = CFG(images.max_image_bytes),
	    .refused = "%s must be a size in bytes, or with K or M" },
	{ "quality",	AT_IMAGES, K_INT, .at = CFG(images.image_quality),
	    .lo = 1, .hi = 100,
	    .refused = "%s must be a whole number from 1 to 100" },
	{ "grayscale",	AT_IMAGES, K_BOOL, .at = CFG(images.grayscale) },
};

/* K_WORD stores the value of a name through an int. */
_Static_assert(sizeof(enum order) == sizeof(int) &&
    sizeof(enum chapter_order) == sizeof(int) &&
    sizeof(enum split_by) == sizeof(int), "enums the size of int");

/* K_TEXTS, K_PATHS: the list n replaces the one at k's fields. */
static int
read_list(struct ctx *c, yaml_node_t *n, const struct key *k,
    struct config_book *b)
{
	struct namelist	 l = { NULL, 0 };
	const char	***v = (const char ***)((char *)b + k->at);
	size_t		*count = (size_t *)((char *)b + k->count), i;

	if (texts(c, n, &l) == -1) {
		free(l.v);
		return -1;
	}
	for (i = 0; k->kind == K_PATHS && i < l.n; i++)
		l.v[i] = relative(c, l.v[i]);
	free(*v);
	*v = l.v;
	*count = l.n;
	return 0;
}

/*
 * Read the value n of key k into b: the one reader of every row. A
 * value of the wrong type, or out of range, is an error at n.
 */
static int
read_value(struct ctx *c, yaml_node_t *n, const struct key *k,
    struct config_book *b)
{
	void		*field = (char *)b + k->at;
	const char	*s, *what;
	size_t		 v;
	int		 w;

	switch (k->kind) {
	case K_NONE:
		return 0;
	case K_CALL:
		return k->call(c, n, b);
	case K_MAP:
		return read_map(c, n, k->sub, b);
	case K_TEXTS:
	case K_PATHS:
		return read_list(c, n, k, b);
	case K_BOOL:
	case K_NOT:
		if (boolean(c, n, &w) == -1)
			return -1;
		*(int *)field = k->kind == K_NOT ? !w : w;
		return 0;
	default:
		break;
	}
	if ((s = text(c, n)) == NULL)
		return -1;
	what = s;
	switch (k->kind) {
	case K_TEXT:
		if (k->ok != NULL && !k->ok(s))
			break;
		*(const char **)field = s;
		return 0;
	case K_PATH:
		*(const char **)field = relative(c, s);
		return 0;
	case K_COUNT:
	case K_INT:
		what = c->key;
		if (config_count_parse(s, &v) == -1 || v < k->lo ||
		    v > k->hi)
			break;
		if (k->kind == K_COUNT)
			*(size_t *)field = v;
		else
			*(int *)field = (int)v;
		return 0;
	case K_BYTES:
		what = c->key;
		if (config_bytes_parse(s, (size_t *)field) == -1)
			break;
		return 0;
	case K_WORD:
		if (lookup(k->words, s, &w) == -1)
			break;
		*(int *)field = w;
		return 0;
	default:
		break;
	}
	bad(c, n, k->refused, what);
	return -1;
}

/* The name of a nested mapping, for messages. */
static const char *
where_name(int where)
{
	return where == AT_SELECT ? "select" : where == AT_IMAGES ?
	    "images" : where == AT_A11Y ? "accessibility" : NULL;
}

/* Read each pair of the mapping n whose key belongs where. */
static int
read_map(struct ctx *c, yaml_node_t *n, int where, struct config_book *b)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*k, *v;
	const char		*name, *in = where_name(where);
	size_t			 i;

	if (n->type != YAML_MAPPING_NODE) {
		bad(c, n, "%s must be a mapping of keys to values",
		    in != NULL ? in : "a book");
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
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(keys[i].name, name) == 0 &&
			    (keys[i].where & where))
				break;
		if (i == sizeof(keys) / sizeof(keys[0])) {
			diag_warn(c->d, c->path, (int)k->start_mark.line + 1,
			    (int)k->start_mark.column + 1,
			    "unknown key %s%s%s; ignored", name,
			    in != NULL ? " in " : "", in != NULL ? in : "");
			continue;
		}
		c->key = name;
		read_value(c, v, &keys[i], b);
	}
	return c->failed ? -1 : 0;
}

/*** Entry points ***/

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

/* A copy of from, with lists of its own, as the next of f's books. */
static void
add_book(struct config_file *f, const struct config_book *from)
{
	f->books = xreallocarray(f->books, f->nbooks + 1, sizeof(*f->books));
	f->books[f->nbooks] = *from;
	config_copy(&f->books[f->nbooks].cfg, &from->cfg);
	own_inputs(&f->books[f->nbooks].cfg, &from->cfg);
	f->nbooks++;
}

/* The value of the key name in the mapping map, or NULL. */
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

/*
 * books: each entry a book that starts from the top level; without
 * books:, the top level is the one book.
 */
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

/* The name of a book in messages: its title, output, or "book N". */
static void
name_books(struct config_file *f)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < f->nbooks; i++) {
		if (f->books[i].cfg.meta.title != NULL)
			f->books[i].name = f->books[i].cfg.meta.title;
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
		xalloc_oom();
	yaml_parser_set_input_string(&y, (const unsigned char *)text.data,
	    text.len);
	loaded = yaml_parser_load(&y, &doc);
	if (!loaded) {
		if (y.error == YAML_MEMORY_ERROR)
			xalloc_oom();
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
