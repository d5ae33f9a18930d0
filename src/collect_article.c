/*
 * Load one article: split the front matter from the body, have it
 * parsed into the small flat tree of collect_int.h (YAML by
 * collect_yaml.c, TOML by collect_toml.c), and turn the fields that
 * sheaf knows into a struct article. Scalars are taken as written:
 * there is no YAML 1.1 resolution, so "title: no" is "no". A title
 * missing from the front matter comes from the body's first heading,
 * or else the file name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "text.h"
#include "xalloc.h"
#include "collect_int.h"

/* The front matter fields sheaf reads; keys match case-insensitively. */
enum field {
	F_TITLE, F_DATE, F_UPDATED, F_CATEGORIES, F_TAGS, F_AUTHOR,
	F_COVER, F_THUMBNAIL, F_HEADIMG, F_TOP_IMG, F_INDEX_IMG,
	F_LANG, F_LANGUAGE, F_DESCRIPTION, F_EXCERPT, F_PUBLISHED,
	F_DRAFT, F_SLUG, F_PERMALINK, F_URL, F__MAX
};

static const char *const field_names[F__MAX] = {
	"title", "date", "updated", "categories", "tags", "author",
	"cover", "thumbnail", "headimg", "top_img", "index_img",
	"lang", "language", "description", "excerpt", "published",
	"draft", "slug", "permalink", "url"
};

/*
 * Other names for a field: Hugo's lastmod, and misspellings met in
 * real blogs, which are read with a warning naming the right key.
 * The right key wins when both are given.
 */
static const struct {
	const char	*name;
	enum field	 f;
	int		 misspelt;
} field_aliases[] = {
	{ "lastmod", F_UPDATED, 0 },
	{ "categoires", F_CATEGORIES, 1 },
	{ "catagories", F_CATEGORIES, 1 },
	{ "category", F_CATEGORIES, 1 },
	{ "tag", F_TAGS, 1 },
};

/* Where the front matter sits in the file. */
struct split {
	int		 has_fm;
	int		 toml;		/* "+++" (Hugo) rather than "---" */
	int		 open_line;	/* line of the opening "---" */
	const char	*fm;
	size_t		 fmlen;
	const char	*body;
	size_t		 bodylen;
	int		 body_line;
};

struct ctx {
	const char		*path;
	const struct config	*cfg;
	struct diag		*d;
	int			 base;		/* file line of the front
						   matter's first line */
	int			 failed;
	struct tree		 t;
	int			 slot[F__MAX];	/* value node, or -1 */
	int			 keyline[F__MAX];
	int			 alias[F__MAX];	/* the same, by other names */
	int			 aliasline[F__MAX];
};

/*** Splitting front matter from body ***/

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\f' || c == '\v';
}

/* Does the line [p, e) hold only marker, maybe with trailing blanks? */
static int
is_marker(const char *p, const char *e, const char *marker)
{
	size_t	 n = strlen(marker);

	if ((size_t)(e - p) < n || memcmp(p, marker, n) != 0)
		return 0;
	for (p += n; p < e; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return 0;
	return 1;
}

/* The newline ending the line at p, or end. */
static const char *
line_end(const char *p, const char *end)
{
	const char	*nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

/*
 * Find the front matter: after an optional BOM and blank lines, a
 * "---" line opens it and the next "---" or "..." line closes it; or
 * a "+++" line opens TOML front matter and the next "+++" closes it.
 * Without an opening line the whole file is the body. Returns 0, or
 * -1 after reporting an error (not closed, too large).
 */
static int
split(struct ctx *c, const char *data, size_t n, struct split *s)
{
	const char	*p = data, *end = data + n, *e, *q;
	int		 line = 1;

	memset(s, 0, sizeof(*s));
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	s->body = p;
	s->bodylen = (size_t)(end - p);
	s->body_line = 1;
	for (;;) {
		e = line_end(p, end);
		for (q = p; q < e && is_blank(*q); q++)
			continue;
		if (q < e || e == end)
			break;
		p = e + 1;
		line++;
	}
	if (is_marker(p, e, "+++"))
		s->toml = 1;
	else if (!is_marker(p, e, "---"))
		return 0;
	s->has_fm = 1;
	s->open_line = line;
	s->fm = e < end ? e + 1 : end;
	for (p = s->fm, line++; p < end; p = e < end ? e + 1 : end, line++) {
		e = line_end(p, end);
		if (s->toml ? !is_marker(p, e, "+++") :
		    !is_marker(p, e, "---") && !is_marker(p, e, "..."))
			continue;
		s->fmlen = (size_t)(p - s->fm);
		s->body = e < end ? e + 1 : end;
		s->bodylen = (size_t)(end - s->body);
		s->body_line = line + 1;
		if (s->fmlen > COLLECT_MAX_FRONT_MATTER) {
			diag_error(c->d, c->path, s->open_line, 0,
			    "front matter larger than %zu KiB",
			    COLLECT_MAX_FRONT_MATTER >> 10);
			return -1;
		}
		return 0;
	}
	diag_error(c->d, c->path, s->open_line, 0, "front matter not closed");
	return -1;
}

/*** Fields ***/

/* A null scalar: empty, "~" or "null" written plain. */
static int
is_null(const struct node *nd)
{
	return nd->type == N_SCALAR && nd->plain && (nd->s[0] == '\0' ||
	    strcmp(nd->s, "~") == 0 || strcasecmp(nd->s, "null") == 0);
}

/* A copy of s without surrounding blanks; NULL when nothing is left. */
static char *
dup_trim(const char *s)
{
	const char	*e;

	while (is_blank(*s))
		s++;
	for (e = s + strlen(s); e > s && is_blank(e[-1]); e--)
		continue;
	return e > s ? xstrndup(s, (size_t)(e - s)) : NULL;
}

/*
 * Take over s and return it as UTF-8 without control characters
 * (escapes such as "\x01" in a quoted scalar, or a file name that is
 * not UTF-8), or NULL when s is NULL or nothing but blanks is left.
 */
static char *
clean(char *s)
{
	struct buf	 b = BUF_INIT;

	const char	*p;

	if (s == NULL || text_repair(s, strlen(s), &b, NULL) == 0) {
		buf_fini(&b);
	} else {
		free(s);
		s = buf_detach(&b);
	}
	/* What repair left may be nothing at all. */
	for (p = s; p != NULL && *p != '\0' && is_blank(*p); p++)
		continue;
	if (p != NULL && *p == '\0') {
		free(s);
		s = NULL;
	}
	return s;
}

/* The trimmed text of a scalar node, or NULL (null, blank, not text). */
static char *
text_of(const struct ctx *c, int i)
{
	const struct node	*nd;

	if (i < 0)
		return NULL;
	nd = &c->t.v[i];
	if (nd->type != N_SCALAR || is_null(nd))
		return NULL;
	return clean(dup_trim(nd->s));
}

/* true/false, yes/no, on/off in any case: 1, 0, or -1. */
static int
boolean(const struct ctx *c, int i)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };
	const char		*s;
	size_t			 k;

	if (i < 0 || c->t.v[i].type != N_SCALAR)
		return -1;
	s = c->t.v[i].s;
	for (k = 0; k < 3; k++) {
		if (strcasecmp(s, yes[k]) == 0)
			return 1;
		if (strcasecmp(s, no[k]) == 0)
			return 0;
	}
	return -1;
}

/* A key that is another name for a field: noted unless the field is. */
static void
alias(struct ctx *c, int ki)
{
	const struct node	*k = &c->t.v[ki];
	size_t			 i;
	enum field		 f;

	for (i = 0; i < sizeof(field_aliases) / sizeof(field_aliases[0]);
	    i++) {
		if (strcasecmp(k->s, field_aliases[i].name) != 0)
			continue;
		f = field_aliases[i].f;
		if (field_aliases[i].misspelt)
			diag_warn(c->d, c->path, k->line, k->col,
			    "key \"%s\" read as \"%s\"", k->s,
			    field_names[f]);
		if (c->alias[f] >= 0)
			return;
		c->alias[f] = k->next;
		c->aliasline[f] = k->line;
		return;
	}
}

/* Note each known key's value; a repeated key warns, the first wins. */
static void
index_fields(struct ctx *c)
{
	const struct node	*k;
	int			 ki, f;

	for (f = 0; f < F__MAX; f++)
		c->slot[f] = c->alias[f] = -1;
	for (ki = c->t.v[0].first; ki >= 0 && c->t.v[ki].next >= 0;
	    ki = c->t.v[c->t.v[ki].next].next) {
		k = &c->t.v[ki];
		if (k->type != N_SCALAR)
			continue;
		for (f = 0; f < F__MAX; f++)
			if (strcasecmp(k->s, field_names[f]) == 0)
				break;
		if (f == F__MAX) {
			alias(c, ki);
			continue;
		}
		if (c->slot[f] >= 0)
			diag_warn(c->d, c->path, k->line, k->col,
			    "duplicate key \"%s\" (first at line %d): "
			    "the first one is used", k->s, c->keyline[f]);
		else {
			c->slot[f] = k->next;
			c->keyline[f] = k->line;
		}
	}
	for (f = 0; f < F__MAX; f++)
		if (c->slot[f] < 0 && c->alias[f] >= 0) {
			c->slot[f] = c->alias[f];
			c->keyline[f] = c->aliasline[f];
		}
}

static void
add_path(struct article *a, char **v, size_t n)
{
	a->cats = xreallocarray(a->cats, a->ncats + 1, sizeof(*a->cats));
	a->cats[a->ncats].v = v;
	a->cats[a->ncats].n = n;
	a->ncats++;
}

/* One path from a scalar or from the scalar items of a sequence. */
static void
path_of(const struct ctx *c, int i, struct article *a)
{
	char	**v = NULL, *s;
	size_t	  n = 0;
	int	  j;

	if (c->t.v[i].type == N_SCALAR) {
		if ((s = text_of(c, i)) == NULL)
			return;
		v = xmalloc(sizeof(*v));
		v[n++] = s;
	} else {
		for (j = c->t.v[i].first; j >= 0; j = c->t.v[j].next) {
			if ((s = text_of(c, j)) == NULL)
				continue;
			v = xreallocarray(v, n + 1, sizeof(*v));
			v[n++] = s;
		}
	}
	if (n > 0)
		add_path(a, v, n);
}

/*
 * categories: a scalar is one path of one level; a list of scalars
 * is one path (Hexo hierarchy); a list holding lists is several
 * paths, where a scalar item is a path of its own.
 */
static void
categories(struct ctx *c, int i, struct article *a)
{
	const struct node	*nd = &c->t.v[i];
	int			 j, nested = 0;

	if (nd->type == N_MAP) {
		diag_warn(c->d, c->path, c->keyline[F_CATEGORIES], 0,
		    "categories must be text or a list; ignored");
		return;
	}
	if (nd->type == N_SEQ)
		for (j = nd->first; j >= 0; j = c->t.v[j].next)
			if (c->t.v[j].type == N_SEQ)
				nested = 1;
	if (!nested) {
		path_of(c, i, a);
		return;
	}
	for (j = nd->first; j >= 0; j = c->t.v[j].next)
		if (c->t.v[j].type != N_MAP)
			path_of(c, j, a);
}

static void
tags(struct ctx *c, int i, struct article *a)
{
	const struct node	*nd = &c->t.v[i];
	char			*s, *tok, *save = NULL;
	int			 j;

	if (nd->type == N_SCALAR) {
		/* Jekyll: "tags: a b c" is three tags. */
		if ((s = text_of(c, i)) != NULL)
			for (tok = strtok_r(s, " \t", &save); tok != NULL;
			    tok = strtok_r(NULL, " \t", &save))
				if (!strlist_has(&a->tags, tok))
					strlist_add(&a->tags, tok);
		free(s);
		return;
	}
	for (j = nd->first; j >= 0; j = c->t.v[j].next) {
		if ((s = text_of(c, j)) != NULL && !strlist_has(&a->tags, s))
			strlist_add(&a->tags, s);
		free(s);
	}
}

/* The name in an author map ({name: ..., url: ...}). */
static char *
author_name(const struct ctx *c, int i)
{
	int	 k;

	if (c->t.v[i].type == N_SCALAR)
		return text_of(c, i);
	if (c->t.v[i].type != N_MAP)
		return NULL;
	for (k = c->t.v[i].first; k >= 0 && c->t.v[k].next >= 0;
	    k = c->t.v[c->t.v[k].next].next)
		if (c->t.v[k].type == N_SCALAR &&
		    strcasecmp(c->t.v[k].s, "name") == 0)
			return text_of(c, c->t.v[k].next);
	return NULL;
}

/* author: text, a map with a name, or a list of either (joined). */
static char *
author(const struct ctx *c, int i)
{
	struct buf	 b = BUF_INIT;
	char		*s;
	int		 j;

	if (c->t.v[i].type != N_SEQ)
		return author_name(c, i);
	for (j = c->t.v[i].first; j >= 0; j = c->t.v[j].next) {
		if ((s = author_name(c, j)) == NULL)
			continue;
		if (b.len > 0)
			BUF_PUTSL(&b, ", ");
		buf_puts(&b, s);
		free(s);
	}
	if (b.len == 0) {
		buf_fini(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* A date field; a value that is not a date warns and is dropped. */
static int
date_field(struct ctx *c, enum field f, int64_t *out)
{
	const struct node	*nd;

	if (c->slot[f] < 0)
		return 0;
	nd = &c->t.v[c->slot[f]];
	if (is_null(nd))
		return 0;
	if (nd->type == N_SCALAR &&
	    collect_date_parse(nd->s, c->cfg->tz_offset, out) == 0)
		return 1;
	diag_warn(c->d, c->path, c->keyline[f], 0, "unrecognised date: %s",
	    nd->type == N_SCALAR ? nd->s : "(not text)");
	return 0;
}

/*** A title from the body or the file name ***/

/* Strip tags, decode a few entities, collapse white space. */
static char *
plain_text(const char *s, size_t n)
{
	static const struct {
		const char	*name;
		const char	*text;
	} ents[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&#39;", "'" }, { "&apos;", "'" },
		{ "&nbsp;", " " },
	};
	struct buf	 b = BUF_INIT;
	const char	*p = s, *end = s + n, *q;
	size_t		 k, len;
	int		 space = 0;

	buf_grow(&b, n);	/* the text is never longer */
	while (p < end) {
		if (*p == '<') {	/* a tag, up to its '>' */
			q = memchr(p, '>', (size_t)(end - p));
			p = q != NULL ? q + 1 : end;
			continue;
		}
		if (is_blank(*p) || (unsigned char)*p < 0x20 || *p == 0x7f) {
			space = 1;
			p++;
			continue;
		}
		if (space && b.len > 0)
			buf_putc(&b, ' ');
		space = 0;
		if (*p == '&') {
			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
				len = strlen(ents[k].name);
				if ((size_t)(end - p) >= len &&
				    strncasecmp(p, ents[k].name, len) == 0)
					break;
			}
			if (k < sizeof(ents) / sizeof(ents[0])) {
				buf_puts(&b, ents[k].text);
				p += strlen(ents[k].name);
				continue;
			}
		}
		/*
		 * This byte and the plain ones after it, in one piece: not
		 * markup, an entity, a blank or a control byte (all blanks
		 * are at most 0x20).
		 */
		for (q = p + 1; q < end && ((unsigned char)*q >= 0x80 ||
		    (*q > 0x20 && *q != '<' && *q != '&' && *q != 0x7f)); q++)
			continue;
		buf_put(&b, p, (size_t)(q - p));
		p = q;
	}
	while (b.len > 0 && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	if (b.len == 0) {
		buf_fini(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* Case-insensitive search for needle in [p, end). */
static const char *
find_ci(const char *p, const char *end, const char *needle)
{
	size_t	 n = strlen(needle);

	for (; (size_t)(end - p) >= n; p++)
		if (strncasecmp(p, needle, n) == 0)
			return p;
	return NULL;
}

/* The text of the first <h1> element at or after p. */
static char *
html_h1(const char *p, const char *end)
{
	const char	*open, *close;

	while ((open = find_ci(p, end, "<h1")) != NULL) {
		p = open + 3;
		if (p < end && (*p == '>' || is_blank(*p)))
			break;
	}
	if (open == NULL || (open = memchr(p, '>', (size_t)(end - p))) == NULL)
		return NULL;
	open++;
	if ((close = find_ci(open, end, "</h1")) == NULL)
		return NULL;
	return clean(plain_text(open, (size_t)(close - open)));
}

/* "# Title" (up to three spaces before, closing #s dropped). */
static char *
atx_h1(const char *p, const char *e)
{
	if (p >= e || *p != '#' || (p + 1 < e && p[1] != ' ' &&
	    p[1] != '\t') || p + 1 == e)
		return NULL;
	for (p++; e > p && is_blank(e[-1]); e--)
		continue;
	while (e > p && e[-1] == '#')
		e--;
	return clean(plain_text(p, (size_t)(e - p)));
}

/*
 * The title given by the body's first heading: a Markdown "# " line
 * outside fenced code, or an <h1> element. NULL when there is none.
 */
static char *
heading_title(const char *body, size_t n, enum body_kind kind)
{
	const char	*p = body, *end = body + n, *e, *q;
	char		*t, fence = 0;

	if (kind == BODY_HTML)
		return html_h1(p, end);
	for (; p < end; p = e < end ? e + 1 : end) {
		e = line_end(p, end);
		for (q = p; q < e && q - p < 3 && *q == ' '; q++)
			continue;
		if (e - q >= 3 && (*q == '`' || *q == '~') &&
		    q[1] == *q && q[2] == *q) {
			if (fence == 0)
				fence = *q;
			else if (fence == *q)
				fence = 0;
			continue;
		}
		if (fence)
			continue;
		if ((t = atx_h1(q, e)) != NULL)
			return t;
		/* Only the first <h1> counts: this keeps the scan linear. */
		for (q = p; (q = find_ci(q, e, "<h1")) != NULL; q += 3)
			if (q + 3 < e && (q[3] == '>' || is_blank(q[3])))
				return html_h1(q, end);
	}
	return NULL;
}

/* The file name without its folder and last extension. */
static char *
file_title(const char *path)
{
	const char	*base = strrchr(path, '/'), *dot;

	base = base ? base + 1 : path;
	if ((dot = strrchr(base, '.')) == NULL || dot == base)
		dot = base + strlen(base);
	return clean(xstrndup(base, (size_t)(dot - base)));
}

static enum body_kind
kind_of(const char *path)
{
	const char	*dot = strrchr(path, '.');

	if (dot != NULL && strchr(dot, '/') == NULL &&
	    (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0))
		return BODY_HTML;
	return BODY_MARKDOWN;
}

/*** Entry points ***/

int
collect_is_article_name(const char *name)
{
	static const char *const exts[] = {
		".md", ".markdown", ".html", ".htm"
	};
	const char	*dot = strrchr(name, '.');
	size_t		 i;

	for (i = 0; dot != NULL && i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcasecmp(dot, exts[i]) == 0)
			return 1;
	return 0;
}

static int
is_letter(int c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/*
 * Subtags of 1-8 letters or digits, separated by '-' or '_'; the
 * first is 2-8 letters. Lower case, except a 4-letter script (Hans)
 * and a 2-letter region (CN) before any singleton (x-, u-).
 */
char *
collect_lang_normalise(const char *s)
{
	struct buf	 b = BUF_INIT;
	const char	*p, *e;
	size_t		 n, k, i = 0;
	int		 alpha, ext = 0, c;
	char		*t = NULL;

	if (s == NULL || (t = dup_trim(s)) == NULL)
		goto fail;
	for (p = t; ; p = e + 1, i++) {
		for (e = p; *e != '\0' && *e != '-' && *e != '_'; e++)
			continue;
		n = (size_t)(e - p);
		for (k = 0, alpha = 1; k < n; k++) {
			c = (unsigned char)p[k];
			alpha &= is_letter(c);
			if (!is_letter(c) && !(c >= '0' && c <= '9'))
				goto fail;
		}
		if (n == 0 || n > 8 || (i == 0 && (!alpha || n < 2)))
			goto fail;
		if (i > 0)
			buf_putc(&b, '-');
		for (k = 0; k < n; k++) {
			c = (unsigned char)p[k];
			if (is_letter(c) && i > 0 && !ext &&
			    ((n == 4 && k == 0) || n == 2) && alpha)
				c &= ~0x20;
			else if (is_letter(c))
				c |= 0x20;
			buf_putc(&b, c);
		}
		if (n == 1)
			ext = 1;
		if (*e == '\0')
			break;
	}
	free(t);
	return buf_detach(&b);
fail:
	free(t);
	buf_fini(&b);
	return NULL;
}

const char *
collect_guess_lang(const struct article *a)
{
	struct buf	 b = BUF_INIT;
	const char	*lang;
	char		*text;

	if (a->title != NULL)
		buf_puts(&b, a->title);
	buf_putc(&b, '\n');
	if ((text = plain_text(a->body ? a->body : "",
	    a->body_len < 4096 ? a->body_len : 4096)) != NULL)
		buf_puts(&b, text);
	free(text);
	lang = text_guess_lang(b.data, b.len);
	buf_fini(&b);
	return lang;
}

/* Fill a from the indexed fields. Errors set c->failed. */
static void
fields(struct ctx *c, struct article *a)
{
	static const enum field covers[] = {
		F_COVER, F_THUMBNAIL, F_HEADIMG, F_TOP_IMG, F_INDEX_IMG
	};
	const struct node	*nd;
	char			*lang;
	size_t			 k;
	int			 i;

	if ((i = c->slot[F_TITLE]) >= 0) {
		nd = &c->t.v[i];
		if (nd->type != N_SCALAR) {
			diag_error(c->d, c->path, c->keyline[F_TITLE], 0,
			    "title must be text");
			c->failed = 1;
		} else
			a->title = text_of(c, i);
	}
	a->has_date = date_field(c, F_DATE, &a->date);
	a->has_updated = date_field(c, F_UPDATED, &a->updated);
	if (c->slot[F_CATEGORIES] >= 0)
		categories(c, c->slot[F_CATEGORIES], a);
	if (c->slot[F_TAGS] >= 0)
		tags(c, c->slot[F_TAGS], a);
	if (c->slot[F_AUTHOR] >= 0)
		a->author = author(c, c->slot[F_AUTHOR]);
	for (k = 0; k < sizeof(covers) / sizeof(covers[0]); k++)
		if ((a->cover = text_of(c, c->slot[covers[k]])) != NULL)
			break;
	if ((lang = text_of(c, c->slot[F_LANG])) == NULL)
		lang = text_of(c, c->slot[F_LANGUAGE]);
	if (lang != NULL && (a->lang = collect_lang_normalise(lang)) == NULL)
		diag_warn(c->d, c->path, c->keyline[c->slot[F_LANG] >= 0 ?
		    F_LANG : F_LANGUAGE], 0,
		    "unrecognised language: %s", lang);
	free(lang);
	if ((a->description = text_of(c, c->slot[F_DESCRIPTION])) == NULL)
		a->description = text_of(c, c->slot[F_EXCERPT]);
	a->slug = text_of(c, c->slot[F_SLUG]);
	/* Jekyll's permalink, Hugo's url: a path on the site. */
	if ((a->permalink = text_of(c, c->slot[F_PERMALINK])) == NULL)
		a->permalink = text_of(c, c->slot[F_URL]);
	if (a->permalink != NULL && (a->permalink[0] != '/' ||
	    a->permalink[1] == '/' || strchr(a->permalink, ':') != NULL)) {
		free(a->permalink);	/* a pattern or another site's */
		a->permalink = NULL;
	}
}

int
collect_article_parse(const char *path, const char *data, size_t n,
    const struct config *cfg, struct diag *d, struct article **out,
    const char **why)
{
	struct ctx	 c;
	struct split	 s;
	struct article	*a = NULL;
	const char	*guess;
	size_t		 i;
	int64_t		 when;
	int		 rc = -1, empty_title;

	*out = NULL;
	*why = NULL;
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.cfg = cfg;
	c.d = d;
	if (n >= 2 && ((data[0] == '\xff' && data[1] == '\xfe') ||
	    (data[0] == '\xfe' && data[1] == '\xff'))) {
		diag_error(d, path, 1, 0, "the file is UTF-16, not UTF-8: "
		    "convert it first (iconv -f UTF-16 -t UTF-8)");
		goto out;
	}
	if (split(&c, data, n, &s) == -1)
		goto out;
	if (s.has_fm) {
		c.base = s.open_line + 1;
		if (s.toml ? collect_toml_parse(path, s.fm, s.fmlen, c.base,
		    d, &c.t) == -1 : collect_yaml_parse(path, s.fm, s.fmlen,
		    c.base, d, &c.t) == -1)
			goto out;
	}
	for (i = 0; i < F__MAX; i++)
		c.slot[i] = -1;
	if (c.t.n > 0 && c.t.v[0].type == N_MAP)
		index_fields(&c);
	else if (c.t.n > 0 && !is_null(&c.t.v[0])) {
		diag_error(d, path, c.t.v[0].line, c.t.v[0].col,
		    "front matter is not a mapping of keys to values");
		goto out;
	}
	if (!cfg->sel.drafts && (boolean(&c, c.slot[F_PUBLISHED]) == 0 ||
	    boolean(&c, c.slot[F_DRAFT]) == 1)) {
		*why = "draft";
		rc = 1;
		goto out;
	}
	if (!cfg->sel.future && c.slot[F_DATE] >= 0 &&
	    c.t.v[c.slot[F_DATE]].type == N_SCALAR &&
	    collect_date_parse(c.t.v[c.slot[F_DATE]].s, cfg->tz_offset,
	    &when) == 0 && when > (int64_t)time(NULL)) {
		*why = "dated in the future (--future takes it)";
		rc = 1;
		goto out;
	}

	a = xcalloc(1, sizeof(*a));
	a->path = xstrdup(path);
	a->kind = kind_of(path);
	a->body = xstrndup(s.body, s.bodylen);
	a->body_len = s.bodylen;
	a->body_off = (size_t)(s.body - data);
	book_body_sum(s.body, s.bodylen, a->body_sum);
	a->body_key = collect_body_key(s.body, s.bodylen);
	a->body_line = s.body_line;
	fields(&c, a);
	if (c.failed)
		goto out;
	if (a->title == NULL) {
		empty_title = c.slot[F_TITLE] >= 0;
		if ((a->title = heading_title(a->body, a->body_len,
		    a->kind)) == NULL)
			a->title = file_title(path);
		if (empty_title)
			diag_warn(d, path, c.keyline[F_TITLE], 0,
			    "empty title; using \"%s\"", a->title);
	}
	/*
	 * A bare "zh" says too little for glyphs: the text tells the rest.
	 * Any other language given needs no guess.
	 */
	if ((a->lang == NULL || strcmp(a->lang, "zh") == 0) &&
	    (guess = collect_guess_lang(a)) != NULL &&
	    (a->lang == NULL || strncmp(guess, "zh-", 3) == 0)) {
		free(a->lang);
		a->lang = xstrdup(guess);
	}
	*out = a;
	a = NULL;
	rc = 0;
out:
	article_free(a);
	for (i = 0; i < c.t.n; i++)
		free(c.t.v[i].s);
	free(c.t.v);
	return rc;
}

int
collect_article_load(const char *path, const struct config *cfg,
    struct diag *d, struct article **out, const char **why, struct stat *st)
{
	struct buf	 b = BUF_INIT;
	size_t		 max = cfg->max_article ? cfg->max_article :
			    CONFIG_MAX_ARTICLE;
	int		 rc;

	*out = NULL;
	*why = NULL;
	if (read_file_stat(path, max, &b, st) == -1) {
		if (errno == EFBIG)
			diag_error(d, path, 0, 0, "file larger than %zu bytes",
			    max);
		else
			diag_error(d, path, 0, 0, "cannot read: %s",
			    strerror(errno));
		buf_fini(&b);
		return -1;
	}
	rc = collect_article_parse(path, b.data, b.len, cfg, d, out, why);
	buf_fini(&b);
	return rc;
}
