/*
 * URLs inside the book: what kind each is, where a relative one
 * points inside the zip, the links recorded while the documents were
 * read and checked once they all are (missing files, missing ids),
 * and the form of language tags.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"
#include "check_int.h"

enum check_url
check_url_kind(const char *u)
{
	const char	*p;

	while (*u == ' ' || *u == '\t' || *u == '\n')
		u++;
	if (strncmp(u, "//", 2) == 0)
		return URL_REMOTE;
	for (p = u; isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.'; p++)
		continue;
	if (*p != ':' || p == u)
		return URL_RELATIVE;
	if (strncasecmp(u, "http:", 5) == 0 || strncasecmp(u, "https:", 6) == 0)
		return URL_REMOTE;
	if (strncasecmp(u, "file:", 5) == 0)
		return URL_FILE;
	if (strncasecmp(u, "data:", 5) == 0)
		return URL_DATA;
	return URL_OTHER;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* Append s[0..n) to out with %XX decoded. */
static void
put_decoded(struct buf *out, const char *s, size_t n)
{
	size_t	 i;
	int	 h, l;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			buf_putc(out, h * 16 + l);
			i += 2;
		} else
			buf_putc(out, s[i]);
	}
}

int
check_resolve(const char *base, const char *href, char **name, char **frag)
{
	struct buf	 path = BUF_INIT, seg = BUF_INIT;
	const char	*slash, *hash, *end, *p, *q;
	size_t		 n;

	*name = *frag = NULL;
	hash = strchr(href, '#');
	end = strchr(href, '?');
	if (end == NULL || (hash != NULL && hash < end))
		end = hash != NULL ? hash : href + strlen(href);
	/* A same-document reference ("", "#x") points at base. */
	if (end == href)
		buf_puts(&path, base);
	else {
		if ((slash = strrchr(base, '/')) != NULL && href[0] != '/')
			buf_put(&path, base, (size_t)(slash - base + 1));
		for (p = href; p < end; p = q) {
			for (q = p; q < end && *q != '/'; q++)
				continue;
			n = (size_t)(q - p);
			if (q < end)
				q++;
			if (n == 0 || (n == 1 && p[0] == '.'))
				continue;
			if (n == 2 && p[0] == '.' && p[1] == '.') {
				if (path.len == 0)
					goto out;	/* leaves the container */
				path.data[--path.len] = '\0';
				while (path.len > 0 &&
				    path.data[path.len - 1] != '/')
					path.data[--path.len] = '\0';
				continue;
			}
			buf_reset(&seg);
			put_decoded(&seg, p, n);
			buf_put(&path, seg.data, seg.len);
			if (q <= end && q[-1] == '/')
				buf_putc(&path, '/');
		}
	}
	*name = buf_detach(&path);
	if (hash != NULL && hash[1] != '\0') {
		buf_reset(&seg);
		put_decoded(&seg, hash + 1, strlen(hash + 1));
		*frag = buf_detach(&seg);
	}
	buf_fini(&seg);
	return 0;
out:
	buf_fini(&path);
	buf_fini(&seg);
	return -1;
}

void
check_link_add(struct check *c, const char *from, int line, const char *href)
{
	struct check_link	*l;
	char		*name, *frag;

	if (check_resolve(from, href, &name, &frag) == -1) {
		check_report(c, DIAG_ERROR, from, line, "RSC-026",
		    "%s points outside the book", href);
		return;
	}
	if (c->nlinks == c->caplinks) {
		c->caplinks = c->caplinks ? c->caplinks * 2 : 64;
		c->links = xreallocarray(c->links, c->caplinks,
		    sizeof(*c->links));
	}
	l = &c->links[c->nlinks++];
	l->from = xstrdup(from);
	l->line = line;
	l->target = name;
	l->frag = frag;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
check_links_verify(struct check *c)
{
	const struct check_link	*l;
	struct check_item		*it;
	size_t			 i;

	for (i = 0; i < c->nlinks; i++) {
		l = &c->links[i];
		if (!check_exists(c, l->target)) {
			check_report(c, DIAG_ERROR, l->from, l->line, "RSC-007",
			    "%s: no such file in the book", l->target);
			continue;
		}
		if (l->frag == NULL ||
		    (it = check_item_by_name(c, l->target)) == NULL ||
		    !it->read)
			continue;
		if (bsearch(&l->frag, it->ids, it->nids, sizeof(*it->ids),
		    cmp_str) == NULL)
			check_report(c, DIAG_ERROR, l->from, l->line, "RSC-012",
			    "%s has no id \"%s\"", l->target, l->frag);
	}
}

/*
 * BCP 47 in form (RFC 5646 section 2.1, without the registry): a
 * primary subtag of 2-3 or 5-8 letters (or "i"/"x" prefixes), then
 * subtags of 1-8 letters or digits.
 */
int
check_lang_ok(const char *s)
{
	size_t	 n, i, k = 0;

	if (s == NULL || *s == '\0')
		return 0;
	while (*s != '\0') {
		for (n = 0; isalnum((unsigned char)s[n]); n++)
			continue;
		if (n == 0 || n > 8)
			return 0;
		if (k == 0) {
			for (i = 0; i < n; i++)
				if (!isalpha((unsigned char)s[i]))
					return 0;
			if (n == 4 || (n == 1 && tolower((unsigned char)*s) !=
			    'x' && tolower((unsigned char)*s) != 'i'))
				return 0;
		}
		k++;
		s += n;
		if (*s == '-' && s[1] != '\0')
			s++;
		else if (*s != '\0')
			return 0;
	}
	return 1;
}
