/*
 * Links between the posts of a blog. A post links to another by its
 * address on the site, as the site's permalink pattern makes it
 * ("/2020/01/15/name/", "/posts/name/", "/tech/2020/01/15/name.html",
 * or the same after the site's own "https://host"), by its file
 * ("../_posts/2020-01-15-name.md") or by name ({% post_url %}, Hugo's
 * ref). Whatever the pattern, the last part of the path names the
 * post: its file name without extension, the same without a
 * "YYYY-MM-DD-" prefix, the folder of a page bundle (name/index.md) or
 * the slug of its front matter; a year, month and day in the path must
 * be the post's own. A post whose front matter gives its address
 * (Jekyll's permalink, Hugo's url) is also found by that address. Such a
 * link goes to the packed article. Any other site-relative link goes
 * to the page on the site when its address is known (--site-url, or
 * the site's config), else it becomes plain text.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "book.h"
#include "buf.h"
#include "xalloc.h"
#include "convert_int.h"

/* What a link's path says of the post it means. */
struct want {
	struct buf	 name;
	int		 y, m, d;	/* 0: not in the path */
};

static int
all_digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* Does the name end with ext, in any case? Its length without it. */
static size_t
strip_ext(const char *s, size_t n)
{
	static const char *const exts[] = {
		".html", ".htm", ".md", ".markdown", ".xhtml"
	};
	size_t	 i, e;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		e = strlen(exts[i]);
		if (n > e && strncasecmp(s + n - e, exts[i], e) == 0)
			return n - e;
	}
	return n;
}

static int
is_index(const char *s, size_t n)
{
	n = strip_ext(s, n);
	return (n == 5 && strncmp(s, "index", 5) == 0) ||
	    (n == 6 && strncmp(s, "_index", 6) == 0);
}

/*
 * Read the path p (decoded, without query or fragment) into w: its
 * last named part, and the date its numbers spell. -1 when it names
 * nothing.
 */
static int
want_parse(const char *p, struct want *w)
{
	const char	*seg, *e, *last = NULL;
	size_t		 n, lastn = 0;
	int		 v, *slot = NULL;

	w->y = w->m = w->d = 0;
	for (seg = p; *seg != '\0'; seg = *e ? e + 1 : e) {
		e = seg + strcspn(seg, "/");
		n = (size_t)(e - seg);
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			continue;
		if (all_digits(seg, n) && n <= 4) {
			v = (int)strtol(seg, NULL, 10);
			/* A year, then its month and day, in that order. */
			if (n == 4 && w->y == 0)
				w->y = v, slot = &w->m;
			else if (slot == &w->m && n <= 2)
				w->m = v, slot = &w->d;
			else if (slot == &w->d && n <= 2)
				w->d = v, slot = NULL;
			else
				last = seg, lastn = n;
			continue;
		}
		slot = NULL;
		if (is_index(seg, n) && last != NULL)
			continue;
		last = seg;
		lastn = n;
	}
	if (last == NULL)
		return -1;
	buf_put(&w->name, last, strip_ext(last, lastn));
	return 0;
}

/*
 * Is the path p the post's own permalink? Slashes at either end, and
 * an index.html at the end, do not count.
 */
static int
is_permalink(const struct article *a, const char *p)
{
	const char	*q = a->permalink;
	size_t		 n, m;

	if (q == NULL)
		return 0;
	while (*p == '/')
		p++;
	while (*q == '/')
		q++;
	n = strlen(p);
	m = strlen(q);
	if (n >= 10 && strcmp(p + n - 10, "index.html") == 0)
		n -= 10;
	if (m >= 10 && strcmp(q + m - 10, "index.html") == 0)
		m -= 10;
	while (n > 0 && p[n - 1] == '/')
		n--;
	while (m > 0 && q[m - 1] == '/')
		m--;
	return n == m && n > 0 && memcmp(p, q, n) == 0;
}

/* Does article a go by the name s (n bytes)? */
static int
named(const struct article *a, const char *s, size_t n)
{
	const char	*base, *dot, *up;
	size_t		 len;

	if (a->slug != NULL && strlen(a->slug) == n &&
	    memcmp(a->slug, s, n) == 0)
		return 1;

	base = strrchr(a->path, '/');
	base = base ? base + 1 : a->path;
	dot = strrchr(base, '.');
	len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	if (is_index(base, strlen(base)) && base > a->path + 1) {
		/* A page bundle: the folder names it. */
		for (up = base - 1; up > a->path && up[-1] != '/'; up--)
			continue;
		base = up;
		len = (size_t)(strchr(up, '/') - up);
	}
	if (len == n && memcmp(base, s, n) == 0)
		return 1;
	/* Jekyll and Hexo file names start with the date. */
	return len == n + 11 && all_digits(base, 4) && base[4] == '-' &&
	    all_digits(base + 5, 2) && base[7] == '-' &&
	    all_digits(base + 8, 2) && base[10] == '-' &&
	    memcmp(base + 11, s, n) == 0;
}

static int
date_is(const struct want *w, int y, int m, int d)
{
	return w->y == y && (w->m == 0 || w->m == m) &&
	    (w->d == 0 || w->d == d);
}

/*
 * Is the date of w the one in the post's path: its folders
 * ("entry/2018/12/03/name.md", as Hugo addresses it) or its file
 * name ("2018-12-03-name.md")?
 */
static int
path_dated(const char *path, const struct want *w)
{
	struct want	 p;
	const char	*base = strrchr(path, '/');
	int		 r;

	memset(&p, 0, sizeof(p));
	r = want_parse(path, &p) == 0 && p.y != 0 &&
	    date_is(w, p.y, p.m, p.d);
	buf_fini(&p.name);
	base = base ? base + 1 : path;
	return r || (all_digits(base, 4) && base[4] == '-' &&
	    all_digits(base + 5, 2) && base[7] == '-' &&
	    all_digits(base + 8, 2) && date_is(w, atoi(base),
	    atoi(base + 5), atoi(base + 8)));
}

/* Is a the post that path (read into w) means? */
static int
means(const struct book *b, const struct article *a, const char *path,
    const struct want *w)
{
	struct tm	 tm;
	time_t		 t;

	if (is_permalink(a, path))
		return 1;
	if (!named(a, w->name.data, w->name.len))
		return 0;
	if (w->y == 0 || path_dated(a->path, w))
		return 1;
	t = (time_t)(a->date + b->tz_offset);
	return a->has_date && gmtime_r(&t, &tm) != NULL && date_is(w,
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int
convert_link_article(const struct convert *c, const char *ref, struct buf *out)
{
	const struct book	*b = c->book;
	struct want		 w;
	struct buf		 path = BUF_INIT;
	char			 id[32];
	size_t			 i, start = out->len;
	int			 rc = -1;

	memset(&w, 0, sizeof(w));
	if (convert_url_decode(ref, strcspn(ref, "?#"), &path) == -1 ||
	    want_parse(path.data, &w) == -1)
		goto out;
	for (i = 0; i < b->narticles && rc == -1; i++)
		if (means(b, b->articles[i], path.data, &w) &&
		    book_article_id(b, b->articles[i], id, sizeof(id)) == 0) {
			buf_printf(out, "%s.xhtml", id);
			rc = 0;
		}
out:
	convert_trail_link(c, ref, rc == 0 ? out->data + start : NULL);
	buf_fini(&w.name);
	buf_fini(&path);
	return rc;
}

/* The path of url on the site of the book, or NULL. */
static const char *
site_path(const struct convert *c, const char *url)
{
	const char	*s = c->book->site_url, *u = url;
	size_t		 n;

	if (url[0] == '/' && url[1] != '/')
		return url;
	if (s == NULL)
		return NULL;
	/* The site's own address, with either scheme or none. */
	s += strncmp(s, "https:", 6) == 0 ? 6 : strncmp(s, "http:", 5) == 0 ?
	    5 : 0;
	u += strncasecmp(u, "https:", 6) == 0 ? 6 :
	    strncasecmp(u, "http:", 5) == 0 ? 5 : 0;
	n = strlen(s);
	if (strncasecmp(u, s, n) != 0 || (u[n] != '/' && u[n] != '\0' &&
	    u[n] != '?' && u[n] != '#'))
		return NULL;
	return u[n] == '/' ? u + n : "/";
}

int
convert_link_site(struct convert *c, const char *url, struct buf *out)
{
	const char	*path;

	if (c->art->site == NULL && c->book->site_url == NULL)
		return -1;
	if ((path = site_path(c, url)) == NULL) {
		/* A file beside the post: "../name/", "name.md". */
		if (convert_scheme_len(url) > 0 || url[0] == '#' ||
		    url[0] == '/' || url[0] == '\0' ||
		    convert_link_article(c, url, out) == -1)
			return -1;
		return 1;
	}
	if (convert_link_article(c, path, out) == 0)
		return 1;
	if (c->book->site_url == NULL)
		return 0;
	buf_puts(out, c->book->site_url);
	buf_puts(out, path);
	return 1;
}
