/*
 * Address rewriting before a fetch: the user's host map (a mirror, or
 * the test server standing in for an image host) and the unwrapping of
 * proxy addresses of the form https://proxy/?http://real/path.
 */
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "fetch.h"
#include "xalloc.h"

/* The length of "http://" or "https://" at the start of s, or 0. */
static size_t
http_prefix(const char *s)
{
	if (strncasecmp(s, "http://", 7) == 0)
		return 7;
	if (strncasecmp(s, "https://", 8) == 0)
		return 8;
	return 0;
}

/* Does url start with from (a URL prefix, or a bare host)? */
static size_t
map_match(const char *url, const char *from, size_t fn)
{
	size_t	 p;

	if (memchr(from, '/', fn) != NULL)
		return strncmp(url, from, fn) == 0 ? fn : 0;
	if ((p = http_prefix(url)) == 0 ||
	    strncasecmp(url + p, from, fn) != 0)
		return 0;
	p += fn;
	return url[p] == '/' || url[p] == '\0' || url[p] == '?' ||
	    url[p] == '#' ? p : 0;
}

char *
fetch_map_url(const char *url, const char **map, size_t n)
{
	struct buf	 out = BUF_INIT;
	const char	*eq, *to;
	size_t		 i, m;

	for (i = 0; i < n; i++) {
		if ((eq = strchr(map[i], '=')) == NULL || eq == map[i])
			continue;
		if ((m = map_match(url, map[i], (size_t)(eq - map[i]))) == 0)
			continue;
		to = eq + 1;
		if (http_prefix(to) == 0)
			BUF_PUTSL(&out, "http://");
		buf_puts(&out, to);
		/* A bare-host rule keeps the path's leading slash once. */
		if (out.len > 0 && out.data[out.len - 1] == '/' &&
		    url[m] == '/')
			m++;
		buf_puts(&out, url + m);
		return buf_detach(&out);
	}
	return NULL;
}

char *
fetch_unwrap_proxy(const char *url)
{
	const char	*q;

	if (http_prefix(url) == 0 || (q = strchr(url, '?')) == NULL)
		return NULL;
	q++;
	if (http_prefix(q) == 0 || q[http_prefix(q)] == '\0' ||
	    q[http_prefix(q)] == '/')
		return NULL;
	return xstrdup(q);
}
