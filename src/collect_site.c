/*
 * Blog sites. Given the root of a Hexo, Jekyll or Hugo site, collect
 * reads only its posts: source/_posts (Hexo), _posts (Jekyll), or the
 * content/ tree (Hugo: content/posts or content/post when there is
 * one). Given a posts folder, the site is the folder above it. The
 * site root is where "/images/x.png" starts, and the boundary local
 * images may not leave. The site's own config gives the book's title
 * and author when neither the command line nor the posts do.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "xalloc.h"
#include "collect_int.h"

/* Posts folders under a site root, the first found wins. */
static const char *const post_dirs[] = {
	"source/_posts", "_posts", "content/posts", "content/post",
	"content"
};

static int
is_dir(const char *dir, const char *name)
{
	struct buf	 b = BUF_INIT;
	struct stat	 st;
	int		 r;

	buf_puts(&b, dir);
	if (name != NULL) {
		buf_putc(&b, '/');
		buf_puts(&b, name);
	}
	r = stat(b.data, &st) == 0 && S_ISDIR(st.st_mode);
	buf_fini(&b);
	return r;
}

/* The last component of the absolute path real. */
static const char *
base_of(const char *real)
{
	const char	*s = strrchr(real, '/');

	return s != NULL ? s + 1 : real;
}

char *
collect_site_posts(const char *real, char **site)
{
	struct buf	 b = BUF_INIT;
	const char	*base = base_of(real), *c;
	char		*up;
	size_t		 i;

	*site = NULL;
	for (i = 0; i < sizeof(post_dirs) / sizeof(post_dirs[0]); i++)
		if (is_dir(real, post_dirs[i])) {
			/* A bare content/ folder needs a Hugo config. */
			if (strcmp(post_dirs[i], "content") == 0 &&
			    !collect_site_hugo(real))
				break;
			*site = xstrdup(real);
			buf_printf(&b, "%s/%s", real, post_dirs[i]);
			return buf_detach(&b);
		}
	/* A posts folder: the site is above it. */
	up = xstrndup(real, (size_t)(base - real > 1 ? base - real - 1 : 1));
	if (strcmp(base, "_posts") == 0) {
		/* Hexo keeps them in source/_posts. */
		if (strcmp(base_of(up), "source") == 0 && base_of(up) > up + 1)
			up[base_of(up) - up - 1] = '\0';
		*site = up;
		return NULL;
	}
	if ((c = strstr(real, "/content/")) != NULL ||
	    (strcmp(base, "content") == 0 && (c = base - 1) != NULL)) {
		free(up);
		up = xstrndup(real, c > real ? (size_t)(c - real) : 1);
		if (collect_site_hugo(up)) {
			*site = up;
			return NULL;
		}
	}
	free(up);
	return NULL;
}

int
collect_site_hugo(const char *dir)
{
	static const char *const configs[] = {
		"hugo.toml", "hugo.yaml", "hugo.json", "config.toml",
		"config.yaml", "config.json"
	};
	struct buf	 b = BUF_INIT;
	struct stat	 st;
	size_t		 i;
	int		 r = 0;

	for (i = 0; !r && i < sizeof(configs) / sizeof(configs[0]); i++) {
		buf_reset(&b);
		buf_printf(&b, "%s/%s", dir, configs[i]);
		r = stat(b.data, &st) == 0;
	}
	/* A copy without its config: content/ beside static/. */
	if (!r)
		r = is_dir(dir, "static") && is_dir(dir, "content");
	buf_fini(&b);
	return r;
}

/* A top-level "key: value" of a YAML config, quotes removed. */
static char *
yaml_top(const char *text, const char *key)
{
	const char	*p, *e, *v, *q;
	size_t		 n = strlen(key);

	for (p = text; *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		if (strncmp(p, key, n) != 0 || p[n] != ':')
			continue;
		for (v = p + n + 1; v < e && (*v == ' ' || *v == '\t'); v++)
			continue;
		if (v < e && (*v == '"' || *v == '\'')) {
			/* Quoted: up to the closing quote. */
			if ((q = memchr(v + 1, *v, (size_t)(e - v - 1))) == NULL)
				return NULL;
			return q > v + 1 ? xstrndup(v + 1, (size_t)(q - v - 1)) :
			    NULL;
		}
		/* Plain: up to a comment. */
		for (q = v; q < e && !(*q == '#' && (q == v || q[-1] == ' ' ||
		    q[-1] == '\t')); q++)
			continue;
		for (e = q; e > v && (e[-1] == ' ' || e[-1] == '\r' ||
		    e[-1] == '\t'); e--)
			continue;
		return e > v ? xstrndup(v, (size_t)(e - v)) : NULL;
	}
	return NULL;
}

/* A top-level string key of a TOML config. */
static char *
toml_top(const char *path, const char *text, size_t len, const char *key)
{
	struct diag	 quiet;
	struct tree	 t = { NULL, 0, 0 };
	char		*v = NULL;
	size_t		 i;
	int		 k;

	diag_init(&quiet);
	if (collect_toml_parse(path, text, len, 1, &quiet, &t) == 0)
		for (k = t.v[0].first; k >= 0 && t.v[k].next >= 0;
		    k = t.v[t.v[k].next].next)
			if (strcmp(t.v[k].s, key) == 0 &&
			    t.v[t.v[k].next].type == N_SCALAR &&
			    !t.v[t.v[k].next].plain &&
			    t.v[t.v[k].next].s[0] != '\0') {
				v = xstrdup(t.v[t.v[k].next].s);
				break;
			}
	for (i = 0; i < t.n; i++)
		free(t.v[i].s);
	free(t.v);
	diag_fini(&quiet);
	return v;
}

char *
collect_site_setting(const char *site, const char *key)
{
	static const char *const configs[] = {
		"_config.yml", "hugo.toml", "config.toml"
	};
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	char		*v = NULL;
	size_t		 i;

	for (i = 0; v == NULL && i < sizeof(configs) / sizeof(configs[0]);
	    i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", site, configs[i]);
		buf_reset(&text);
		if (read_file(path.data, (size_t)1 << 20, &text) == -1)
			continue;
		v = i == 0 ? yaml_top(text.data, key) :
		    toml_top(path.data, text.data, text.len, key);
	}
	buf_fini(&path);
	buf_fini(&text);
	return v;
}
