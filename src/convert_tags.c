/*
 * Template tags in Markdown bodies, rewritten before md4c sees them.
 * Blogs write Liquid (Jekyll, Hexo), Hugo shortcodes and kramdown
 * attribute lines into their posts; the site generator expands them,
 * so a book must too: code tags become fenced code, image tags become
 * images, embeds become link paragraphs, cross-references become links
 * to the packed article (or plain text), and attribute lines vanish.
 * A tag sheaf does not know is left out, with one warning per kind
 * that counts them; it is never printed raw. Fenced code and inline
 * code spans are left alone, as is everything inside {% raw %}.
 * LaTeX delimited by \( \) and \[ \] becomes $ and $$ for md4c.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book.h"
#include "buf.h"
#include "diag.h"
#include "xalloc.h"
#include "convert_int.h"

#define TAG_ARGS_MAX	16

/* A tag as written: {% name args %}, {{< name args >}} or {{% %}}. */
struct tag {
	char		 name[32];
	int		 closing;	/* {{< /name >}} or {% endname %} */
	int		 hugo;
	char		*argv[TAG_ARGS_MAX];	/* owned */
	size_t		 argc;
	const char	*end;		/* just after the tag */
};

/* Tags left out, by kind. */
struct dropped {
	char	 name[40];
	size_t	 count;
	int	 line;
};

struct tags {
	struct convert	*c;
	struct buf	*out;
	const char	*p, *end;
	int		 line;		/* of p, in the file */
	struct dropped	 drop[32];
	size_t		 ndrop;
};

static void
tag_fini(struct tag *t)
{
	size_t	 i;

	for (i = 0; i < t->argc; i++)
		free(t->argv[i]);
	t->argc = 0;
}

static int
is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* The value of name="value" among the arguments, or NULL. */
static const char *
named(const struct tag *t, const char *name)
{
	size_t	 i, n = strlen(name);

	for (i = 0; i < t->argc; i++)
		if (strncmp(t->argv[i], name, n) == 0 && t->argv[i][n] == '=')
			return t->argv[i] + n + 1;
	return NULL;
}

/* The k-th argument without a name=, or NULL. */
static const char *
positional(const struct tag *t, size_t k)
{
	size_t	 i;

	for (i = 0; i < t->argc; i++) {
		if (strchr(t->argv[i], '=') != NULL &&
		    t->argv[i][strcspn(t->argv[i], "=/:")] == '=')
			continue;
		if (k-- == 0)
			return t->argv[i];
	}
	return NULL;
}

/*
 * Read the tag at p, which starts with "{%", "{{<" or "{{%". Returns
 * 0 with t filled, or -1 when it is not closed on this line range.
 */
static int
read_tag(const char *p, const char *end, struct tag *t)
{
	struct buf	 arg = BUF_INIT;
	const char	*close;
	size_t		 n;
	char		 q;

	memset(t, 0, sizeof(*t));
	if (p[1] == '%') {
		p += 2;
		close = "%}";
	} else {
		t->hugo = 1;
		close = p[2] == '<' ? ">}}" : "%}}";
		p += 3;
	}
	if (p < end && *p == '-')	/* {%- trims blanks in Liquid */
		p++;
	for (;;) {
		while (p < end && is_space(*p))
			p++;
		if (p < end && *p == '-' && (size_t)(end - p) > strlen(close) &&
		    memcmp(p + 1, close, strlen(close)) == 0)
			p++;
		if ((size_t)(end - p) >= strlen(close) &&
		    memcmp(p, close, strlen(close)) == 0) {
			t->end = p + strlen(close);
			break;
		}
		if (p >= end || *p == '\n') {
			tag_fini(t);
			buf_fini(&arg);
			return -1;
		}
		buf_reset(&arg);
		while (p < end && !is_space(*p) && *p != '\n' &&
		    !((size_t)(end - p) >= strlen(close) &&
		    memcmp(p, close, strlen(close)) == 0)) {
			if (*p == '"' || *p == '\'' || *p == '`') {
				q = *p++;
				while (p < end && *p != q && *p != '\n')
					buf_putc(&arg, *p++);
				if (p < end && *p == q)
					p++;
				continue;
			}
			buf_putc(&arg, *p++);
		}
		if (t->argc < TAG_ARGS_MAX)
			t->argv[t->argc++] = buf_detach(&arg);
	}
	buf_fini(&arg);
	if (t->argc == 0)
		return 0;
	/* The first word is the name; "{{< / name >}}" closes too. */
	if (strcmp(t->argv[0], "/") == 0 && t->argc > 1) {
		free(t->argv[0]);
		memmove(t->argv, t->argv + 1, (t->argc - 1) *
		    sizeof(*t->argv));
		t->argc--;
		t->closing = 1;
	}
	n = strlen(t->argv[0]);
	p = t->argv[0];
	if (*p == '/' && n > 1) {
		t->closing = 1;
		p++, n--;
	} else if (!t->hugo && n > 3 && strncmp(p, "end", 3) == 0) {
		t->closing = 1;
		p += 3, n -= 3;
	}
	if (n >= sizeof(t->name))
		n = sizeof(t->name) - 1;
	memcpy(t->name, p, n);
	t->name[n] = '\0';
	free(t->argv[0]);
	memmove(t->argv, t->argv + 1, (t->argc - 1) * sizeof(*t->argv));
	t->argc--;
	return 0;
}

static void
drop(struct tags *x, const struct tag *t)
{
	char	 kind[40];
	size_t	 i;

	snprintf(kind, sizeof(kind), t->hugo ? "{{< %s >}}" : "{%% %s %%}",
	    t->name[0] ? t->name : "?");
	for (i = 0; i < x->ndrop; i++)
		if (strcmp(x->drop[i].name, kind) == 0)
			break;
	if (i == x->ndrop) {
		if (x->ndrop == sizeof(x->drop) / sizeof(x->drop[0]))
			i--;
		else {
			x->ndrop++;
			memcpy(x->drop[i].name, kind, sizeof(kind));
			x->drop[i].count = 0;
			x->drop[i].line = x->line;
		}
	}
	x->drop[i].count++;
}

/* Append text with HTML's special characters escaped. */
static void
put_escaped(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			BUF_PUTSL(out, "&amp;");
			break;
		case '<':
			BUF_PUTSL(out, "&lt;");
			break;
		case '>':
			BUF_PUTSL(out, "&gt;");
			break;
		case '"':
			BUF_PUTSL(out, "&quot;");
			break;
		default:
			buf_putc(out, *s);
		}
}

/* Append text as Markdown link text: brackets and the like escaped. */
static void
put_md(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("[]\\*_`<>", *s) != NULL)
			buf_putc(out, '\\');
		buf_putc(out, *s);
	}
}

/* A Markdown link or image destination: <...> with escapes. */
static void
put_dest(struct buf *out, const char *url)
{
	buf_putc(out, '<');
	for (; *url != '\0'; url++) {
		if (*url == '<' || *url == '>' || *url == '\\')
			buf_putc(out, '\\');
		buf_putc(out, *url);
	}
	buf_putc(out, '>');
}

static void
link(struct buf *out, const char *text, const char *url)
{
	buf_putc(out, '[');
	put_md(out, text);
	BUF_PUTSL(out, "](");
	put_dest(out, url);
	buf_putc(out, ')');
}

/* A code block with a fence longer than any backtick run inside. */
static void
fenced(struct buf *out, const char *lang, const char *s, size_t n)
{
	size_t	 i, run = 0, longest = 2;

	for (i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	BUF_PUTSL(out, "\n");
	for (i = 0; i <= longest; i++)
		buf_putc(out, '`');
	if (lang != NULL)
		buf_puts(out, lang);
	buf_putc(out, '\n');
	/* Drop the newline right after the opening tag. */
	if (n > 0 && s[0] == '\r')
		s++, n--;
	if (n > 0 && s[0] == '\n')
		s++, n--;
	buf_put(out, s, n);
	if (n > 0 && s[n - 1] != '\n')
		buf_putc(out, '\n');
	for (i = 0; i <= longest; i++)
		buf_putc(out, '`');
	buf_putc(out, '\n');
}

/*
 * Find the closing tag of a block tag named name, from p. Returns its
 * start (and *after just past it), or NULL.
 */
static const char *
find_close(const char *p, const char *end, const char *name, int hugo,
    const char **after)
{
	struct tag	 t;
	const char	*q;

	for (q = p; q + 2 < end; q++) {
		if (q[0] != '{' || !(q[1] == '%' || (q[1] == '{' &&
		    (q[2] == '<' || q[2] == '%'))))
			continue;
		if (read_tag(q, end, &t) == -1)
			continue;
		if (t.closing && t.hugo == hugo && strcmp(t.name, name) == 0) {
			*after = t.end;
			tag_fini(&t);
			return q;
		}
		tag_fini(&t);
	}
	return NULL;
}

/* The last byte written, or NUL. */
static char
out_last(const struct buf *out)
{
	return out->len > 0 ? out->data[out->len - 1] : '\0';
}

static void
count_lines(struct tags *x, const char *from, const char *to)
{
	for (; from < to; from++)
		if (*from == '\n')
			x->line++;
}

/* The language of a code tag: lang:x, or its first plain argument. */
static const char *
code_lang(const struct tag *t)
{
	const char	*l = positional(t, 0);
	size_t		 i;

	/* Hexo: {% codeblock [title] lang:js %} */
	for (i = 0; i < t->argc; i++)
		if (strncmp(t->argv[i], "lang:", 5) == 0)
			return t->argv[i] + 5;
	return l != NULL && strspn(l, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-_#.") == strlen(l) ? l :
	    NULL;
}

/* An image: ![alt](src), or a figure with a caption. */
static void
image(struct buf *out, const char *src, const char *alt, const char *cap)
{
	if (cap == NULL || *cap == '\0') {
		BUF_PUTSL(out, "![");
		put_md(out, alt ? alt : "");
		BUF_PUTSL(out, "](");
		put_dest(out, src);
		buf_putc(out, ')');
		return;
	}
	BUF_PUTSL(out, "\n<figure><img src=\"");
	put_escaped(out, src);
	BUF_PUTSL(out, "\" alt=\"");
	put_escaped(out, alt ? alt : cap);
	BUF_PUTSL(out, "\"/><figcaption>");
	put_escaped(out, cap);
	BUF_PUTSL(out, "</figcaption></figure>\n");
}

/* The words after the k-th positional argument, joined by spaces. */
static void
rest(const struct tag *t, size_t k, struct buf *out)
{
	const char	*s;

	for (; (s = positional(t, k)) != NULL; k++) {
		if (out->len > 0)
			buf_putc(out, ' ');
		buf_puts(out, s);
	}
}

/* Hexo asset_img: [class] slug [width [height]] [title [alt]]. */
static void
asset_img(struct buf *out, const struct tag *t)
{
	struct buf	 title = BUF_INIT;
	const char	*s;
	size_t		 k = 0;

	while ((s = positional(t, k)) != NULL && strchr(s, '.') == NULL &&
	    strchr(s, '/') == NULL)
		k++;	/* classes */
	if (s == NULL) {
		buf_fini(&title);
		return;
	}
	for (k++; positional(t, k) != NULL &&
	    strspn(positional(t, k), "0123456789%px") ==
	    strlen(positional(t, k)); k++)
		continue;
	rest(t, k, &title);
	image(out, s, title.data, NULL);
	buf_fini(&title);
}

/* A paragraph linking to an embedded video or post. */
static void
embed(struct buf *out, const char *what, const char *url)
{
	BUF_PUTSL(out, "\n\n");
	link(out, what, url);
	BUF_PUTSL(out, "\n\n");
}

/*
 * Write what the tag t stands for. Returns 1 when handled, 0 when
 * the tag is unknown (to be dropped).
 */
static int
expand(struct tags *x, struct tag *t)
{
	struct buf	*out = x->out, tmp = BUF_INIT, href = BUF_INIT;
	const char	*a0 = positional(t, 0), *a1 = positional(t, 1);
	const char	*v, *close, *after;
	int		 handled = 1;

	if (strcmp(t->name, "highlight") == 0 ||
	    strcmp(t->name, "codeblock") == 0 ||
	    strcmp(t->name, "code") == 0 || strcmp(t->name, "raw") == 0 ||
	    strcmp(t->name, "verbatim") == 0) {
		if ((close = find_close(t->end, x->end, t->name, t->hugo,
		    &after)) == NULL)
			return 0;
		if (strcmp(t->name, "raw") == 0) {
			/* Liquid raw: the text as it is, not code. */
			buf_put(out, t->end, (size_t)(close - t->end));
		} else {
			if ((v = named(t, "lang")) == NULL)
				v = code_lang(t);
			fenced(out, v, t->end, (size_t)(close - t->end));
		}
		count_lines(x, t->end, after);
		x->p = after;
		goto out;
	}
	if (t->hugo && strcmp(t->name, "table") == 0) {
		/* A wrapper around a Markdown table, which stays. */
		BUF_PUTSL(out, "\n");
	} else if (t->closing && (strcmp(t->name, "note") == 0 ||
	    strcmp(t->name, "blockquote") == 0 ||
	    strcmp(t->name, "quote") == 0)) {
		buf_puts(out, strcmp(t->name, "note") == 0 ? "\n\n</div>\n\n" :
		    "\n\n</blockquote>\n\n");
	} else if (t->closing)
		handled = 0;
	else if (strcmp(t->name, "note") == 0)
		BUF_PUTSL(out, "\n\n<div class=\"note\">\n\n");
	else if (strcmp(t->name, "blockquote") == 0 ||
	    strcmp(t->name, "quote") == 0)
		BUF_PUTSL(out, "\n\n<blockquote>\n\n");
	else if (strcmp(t->name, "asset_img") == 0 ||
	    strcmp(t->name, "img") == 0)
		asset_img(out, t);
	else if ((strcmp(t->name, "asset_path") == 0 ||
	    strcmp(t->name, "asset_link") == 0) && a0 != NULL) {
		if (strcmp(t->name, "asset_path") == 0)
			buf_puts(out, a0);
		else {
			rest(t, 1, &tmp);
			link(out, tmp.len ? tmp.data : a0, a0);
		}
	} else if (strcmp(t->name, "link") == 0 && a0 != NULL &&
	    !t->hugo) {
		/* Hexo: {% link text url [external] [title] %} */
		size_t	 k;

		for (k = 0; (v = positional(t, k)) != NULL &&
		    strstr(v, "://") == NULL && v[0] != '/'; k++) {
			if (tmp.len > 0)
				buf_putc(&tmp, ' ');
			buf_puts(&tmp, v);
		}
		if (v != NULL)
			link(out, tmp.len ? tmp.data : v, v);
		else
			put_md(out, tmp.data);
	} else if ((strcmp(t->name, "post_url") == 0 ||
	    strcmp(t->name, "ref") == 0 || strcmp(t->name, "relref") == 0) &&
	    a0 != NULL) {
		/* A link target: empty when the post is not in the book. */
		if (convert_link_article(x->c, a0, &href) == 0)
			buf_puts(out, href.data);
	} else if (strcmp(t->name, "post_link") == 0 && a0 != NULL) {
		rest(t, 1, &tmp);
		if (convert_link_article(x->c, a0, &href) == 0)
			link(out, tmp.len ? tmp.data : a0, href.data);
		else
			put_md(out, tmp.len ? tmp.data : a0);
	} else if (strcmp(t->name, "figure") == 0 &&
	    (v = named(t, "src")) != NULL) {
		const char *cap = named(t, "caption");

		if (cap == NULL)
			cap = named(t, "title");
		BUF_PUTSL(out, "\n\n");
		image(out, v, named(t, "alt"), cap);
		BUF_PUTSL(out, "\n\n");
	} else if (strcmp(t->name, "youtube") == 0 &&
	    ((v = named(t, "id")) != NULL || (v = a0) != NULL)) {
		buf_printf(&tmp, "https://www.youtube.com/watch?v=%s", v);
		buf_printf(&href, "YouTube: %s", named(t, "title") ?
		    named(t, "title") : v);
		embed(out, href.data, tmp.data);
	} else if (strcmp(t->name, "vimeo") == 0 &&
	    ((v = named(t, "id")) != NULL || (v = a0) != NULL)) {
		buf_printf(&tmp, "https://vimeo.com/%s", v);
		buf_printf(&href, "Vimeo: %s", v);
		embed(out, href.data, tmp.data);
	} else if (strcmp(t->name, "tweet") == 0 &&
	    ((v = named(t, "id")) != NULL || (v = a1) != NULL || (v = a0))) {
		const char *user = named(t, "user") ? named(t, "user") :
		    a1 != NULL ? a0 : "i";

		buf_printf(&tmp, "https://twitter.com/%s/status/%s", user, v);
		buf_printf(&href, "Tweet: %s", tmp.data + 8);
		embed(out, href.data, tmp.data);
	} else if (strcmp(t->name, "gist") == 0 && a0 != NULL && a1 != NULL) {
		buf_printf(&tmp, "https://gist.github.com/%s/%s", a0, a1);
		embed(out, tmp.data + 8, tmp.data);
	} else if ((v = named(t, "url")) != NULL && (strncmp(v, "http://",
	    7) == 0 || strncmp(v, "https://", 8) == 0)) {
		/* A link card or external link, whatever its name. */
		const char *title = named(t, "title");

		link(out, title != NULL && *title ? title : v, v);
	} else
		handled = 0;
out:
	buf_fini(&tmp);
	buf_fini(&href);
	return handled;
}

/*
 * Liquid output {{ ... }}: a quoted path through a URL filter gives
 * the path; site.baseurl and site.url give nothing. Returns the end
 * of what was consumed, or NULL to leave the text alone.
 */
static const char *
liquid_output(struct buf *out, const char *p, const char *end)
{
	const char	*e, *q, *s;
	char		 quote;

	for (e = p + 2; e + 1 < end && *e != '\n'; e++)
		if (e[0] == '}' && e[1] == '}')
			break;
	if (e + 1 >= end || *e != '}')
		return NULL;
	for (s = p + 2; s < e && is_space(*s); s++)
		continue;
	if (*s == '\'' || *s == '"') {
		quote = *s;
		if ((q = memchr(s + 1, quote, (size_t)(e - s - 1))) == NULL ||
		    memchr(q, '|', (size_t)(e - q)) == NULL)
			return NULL;
		buf_put(out, s + 1, (size_t)(q - s - 1));
		return e + 2;
	}
	if (strncmp(s, "site.baseurl", 12) == 0 ||
	    strncmp(s, "site.url", 8) == 0 ||
	    strncmp(s, "base_path", 9) == 0)
		return e + 2;
	return NULL;
}

/* kramdown: a line holding only {: ...} or {:toc}. */
static int
attribute_line(const char *p, const char *e)
{
	while (p < e && is_space(*p))
		p++;
	while (e > p && is_space(e[-1]))
		e--;
	return e - p >= 3 && p[0] == '{' && p[1] == ':' && e[-1] == '}' &&
	    memchr(p, '\n', (size_t)(e - p)) == NULL;
}

/*
 * A line holding only a tag of a phrasing element, such as <br /> or
 * <a name="x" />, as blogs write before an image or a bold title. For
 * CommonMark that line opens a raw HTML block, and the Markdown after
 * it, up to a blank line, would reach the book as it was typed;
 * kramdown, marked and pandoc read it as part of a paragraph. An empty
 * comment after the tag makes the line a paragraph for md4c too, and
 * the sanitizer drops comments.
 */
static int
phrasing_tag_line(const char *p, const char *e)
{
	static const char *const names[] = {
		"a", "abbr", "b", "big", "br", "cite", "code", "em", "font",
		"i", "img", "kbd", "mark", "q", "s", "small", "span",
		"strong", "sub", "sup", "u", "wbr"
	};
	const char	*q;
	size_t		 i, len;

	for (i = 0; i < 3 && p < e && *p == ' '; i++)
		p++;
	while (e > p && is_space(e[-1]))
		e--;
	if (e - p < 3 || p[0] != '<' || e[-1] != '>')
		return 0;
	q = p + (p[1] == '/' ? 2 : 1);
	for (len = 0; q + len < e && ((q[len] | 0x20) >= 'a' &&
	    (q[len] | 0x20) <= 'z'); len++)
		continue;
	if (q + len >= e || !(is_space(q[len]) || q[len] == '/' ||
	    q[len] == '>'))
		return 0;
	/* One tag: no other < on the line. */
	if (memchr(q, '<', (size_t)(e - q)) != NULL)
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == len &&
		    strncasecmp(names[i], q, len) == 0)
			return 1;
	return 0;
}

/*
 * kramdown's "* TOC" list item, which {:toc} replaces by a contents
 * list: the book has its own, so the item goes.
 */
static void
drop_toc_item(struct buf *out)
{
	size_t	 e = out->len, b;

	while (e > 0 && out->data[e - 1] == '\n')
		e--;
	for (b = e; b > 0 && out->data[b - 1] != '\n'; b--)
		continue;
	while (b < e && out->data[b] == ' ')
		b++;
	if (e - b >= 2 && strchr("*-+", out->data[b]) != NULL &&
	    out->data[b + 1] == ' ') {
		out->len = b;
		out->data[b] = '\0';
	}
}

/* A code fence opener or closer at line start: its char, or 0. */
static char
fence_at(const char *p, const char *e, size_t *len)
{
	const char	*q = p;
	size_t		 n = 0;

	while (q < e && q - p < 3 && *q == ' ')
		q++;
	if (q >= e || (*q != '`' && *q != '~'))
		return 0;
	while (q + n < e && q[n] == *q)
		n++;
	if (n < 3)
		return 0;
	*len = n;
	return *q;
}

/* \( ... \) on one line, or \[ ... \] from a line start: $ and $$. */
static const char *
tex_delims(struct buf *out, const char *p, const char *end)
{
	const char	*q;
	int		 display = p[1] == '[';

	/* \[ opens display math only at the start of a line. */
	if (display && out->len > 0 && out->data[out->len - 1] != '\n')
		return NULL;
	for (q = p + 2; q + 1 < end; q++) {
		if (!display && *q == '\n')
			return NULL;
		if (q[0] == '\\' && q[1] == (display ? ']' : ')'))
			break;
	}
	if (q + 1 >= end || q == p + 2)
		return NULL;
	/* Not inside a URL: "S1364-6613\(19\)30061-0" stays. */
	if (!display && out->len > 0 && memchr(p + 2, ' ',
	    (size_t)(q - p - 2)) == NULL && strchr("-/=:0123456789",
	    out->data[out->len - 1]) != NULL)
		return NULL;
	buf_puts(out, display ? "$$" : "$");
	buf_put(out, p + 2, (size_t)(q - p - 2));
	buf_puts(out, display ? "$$" : "$");
	return q + 2;
}

/*
 * Display math from a line that opens with "$$" to the line that
 * closes it, for kramdown, spans blank lines and lines that Markdown
 * would read as list items or headings ("+ \log p"): it goes out as
 * one line, TeX reading a newline as a space. Returns the end of what
 * was taken, or NULL when the block is not that.
 */
static const char *
display_math(struct tags *x, const char *e)
{
	const char	*p = x->p, *q, *end;
	size_t		 n = x->out->len, lines = 0;

	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	/* A list item may open with it: "- $$". */
	if (e - p > 2 && strchr("-*+", *p) != NULL && p[1] == ' ')
		p += 2;
	else if (n > 0 && !(n >= 2 && x->out->data[n - 1] == '\n' &&
	    x->out->data[n - 2] == '\n'))
		return NULL;	/* else it opens a paragraph */
	if (e - p < 2 || p[0] != '$' || p[1] != '$')
		return NULL;
	/* Closed on its own line: Markdown reads it well. */
	for (q = p + 2; q + 1 < e; q++)
		if (q[0] == '$' && q[1] == '$')
			return NULL;
	for (q = e; q + 1 < x->end; q++) {
		if (q[0] == '$' && q[1] == '$')
			break;
		/* Not across a code fence, nor on and on. */
		if (*q == '\n' && (++lines > 100 || ((q[1] == '`' ||
		    q[1] == '~') && x->end - q > 3 && q[2] == q[1] &&
		    q[3] == q[1])))
			return NULL;
	}
	if (q + 1 >= x->end)
		return NULL;
	/* The closing "$$" ends its line. */
	for (end = q + 2; end < x->end && (*end == ' ' || *end == '\t' ||
	    *end == '\r'); end++)
		continue;
	if (end < x->end && *end != '\n')
		return NULL;
	end = end < x->end ? end + 1 : x->end;
	for (q = x->p; q < end; q++)
		if (*q == '\n' || *q == '\r') {
			/* No space inside the opening "$$" either. */
			if (out_last(x->out) != ' ' && out_last(x->out) != '$')
				buf_putc(x->out, ' ');
		} else
			buf_putc(x->out, *q);
	buf_putc(x->out, '\n');
	count_lines(x, x->p, end);
	return end;
}

void
convert_tags(struct convert *c, const char *s, size_t n, struct buf *out)
{
	struct tags	 x;
	struct tag	 t;
	char		 kind[80];
	const char	*e, *q;
	size_t		 flen = 0, len, i, ticks;
	char		 fence = 0, f;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.out = out;
	x.p = s;
	x.end = s + n;
	x.line = c->art->body_line;
	while (x.p < x.end) {
		e = memchr(x.p, '\n', (size_t)(x.end - x.p));
		e = e ? e + 1 : x.end;
		if ((f = fence_at(x.p, e, &len)) != 0 &&
		    (fence == 0 || (f == fence && len >= flen))) {
			if (fence == 0)
				fence = f, flen = len;
			else
				fence = 0;
			buf_put(out, x.p, (size_t)(e - x.p));
			x.p = e;
			x.line++;
			continue;
		}
		if (fence != 0) {
			buf_put(out, x.p, (size_t)(e - x.p));
			x.p = e;
			x.line++;
			continue;
		}
		if ((q = display_math(&x, e)) != NULL) {
			x.p = q;
			continue;
		}
		if (attribute_line(x.p, e)) {
			if (strncmp(x.p, "{:toc}", 6) == 0)
				drop_toc_item(out);
			x.p = e;
			x.line++;
			buf_putc(out, '\n');
			continue;
		}
		if (phrasing_tag_line(x.p, e)) {
			for (q = e; q > x.p && is_space(q[-1]); q--)
				continue;
			buf_put(out, x.p, (size_t)(q - x.p));
			buf_puts(out, "<!-- -->\n");
			x.p = e;
			x.line++;
			continue;
		}
		/* One line, tags and code spans in it. */
		while (x.p < e) {
			if (*x.p == '`') {
				for (ticks = 0; x.p + ticks < e &&
				    x.p[ticks] == '`'; ticks++)
					continue;
				for (q = x.p + ticks; q < e; q++) {
					for (i = 0; q + i < e && q[i] == '`'; i++)
						continue;
					if (i == ticks)
						break;
					q += i;
				}
				q = q < e ? q + ticks : x.p + ticks;
				buf_put(out, x.p, (size_t)(q - x.p));
				x.p = q;
				continue;
			}
			if (*x.p == '\\' && x.p + 1 < e && (x.p[1] == '(' ||
			    x.p[1] == '[') && (q = tex_delims(out, x.p,
			    x.end)) != NULL) {
				count_lines(&x, x.p, q);
				x.p = q;
				if (x.p > e)
					e = x.p;
				continue;
			}
			if (*x.p == '{' && x.p + 1 < e && x.p[1] == ':' &&
			    (q = memchr(x.p, '}', (size_t)(e - x.p))) != NULL) {
				x.p = q + 1;	/* kramdown inline attributes */
				continue;
			}
			if (*x.p == '{' && x.p + 2 < e && x.p[1] == '{' &&
			    x.p[2] != '<' && x.p[2] != '%' &&
			    (q = liquid_output(out, x.p, e)) != NULL) {
				x.p = q;
				continue;
			}
			if (*x.p != '{' || x.p + 2 >= e || !(x.p[1] == '%' ||
			    (x.p[1] == '{' && (x.p[2] == '<' ||
			    x.p[2] == '%'))) || read_tag(x.p, x.end, &t) == -1) {
				buf_putc(out, *x.p++);
				continue;
			}
			x.p = t.end;
			/* Closers of tags left out count with their opener. */
			if (!expand(&x, &t) && !t.closing)
				drop(&x, &t);
			tag_fini(&t);
			if (x.p > e) {
				e = memchr(x.p, '\n', (size_t)(x.end - x.p));
				e = e ? e + 1 : x.end;
			}
		}
		x.line++;
	}
	for (i = 0; i < x.ndrop; i++) {
		snprintf(kind, sizeof(kind), "template tag %s left out",
		    x.drop[i].name);
		diag_warn_kind(c->d, kind, c->art->path, x.drop[i].line, 0,
		    "%s (%zu time%s)", kind, x.drop[i].count,
		    x.drop[i].count == 1 ? "" : "s");
	}
}
