/*
 * Blog sites. Given the root of a Hexo, Jekyll or Hugo site, collect
 * reads only its posts: source/_posts (Hexo), _posts (Jekyll), or the
 * content/ tree (Hugo: content/posts or content/post when there is
 * one). Given a posts folder, the site is the folder above it. The
 * site root is where "/images/x.png" starts, and the boundary local
 * images may not leave. The site's own config gives the book's title,
 * author, language and time zone when neither the command line nor
 * book.yml (nor, for title and author, the posts) do, and the site's
 * address that site-relative links are made absolute against.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "buf.h"
#include "config_file.h"
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

/* A top-level string key of a TOML config, in any case (Hugo's). */
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
			if (strcasecmp(t.v[k].s, key) == 0 &&
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

char *
collect_site_first(const char *site, const char *const *keys)
{
	char	*v = NULL;

	for (; v == NULL && *keys != NULL; keys++)
		v = collect_site_setting(site, *keys);
	return v;
}

char *
collect_site_language(const char *site)
{
	static const char *const keys[] = {
		"defaultContentLanguage", "languageCode", "language", "lang",
		"locale", NULL
	};
	char	*v, *lang = NULL;
	size_t	 n;

	if ((v = collect_site_first(site, keys)) == NULL)
		return NULL;
	/* Hexo may list several: "[zh-CN, en]"; the first is the site's. */
	if (v[0] == '[') {
		n = strcspn(v + 1, ",]");
		memmove(v, v + 1, n);
		v[n] = '\0';
		while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '"' ||
		    v[n - 1] == '\''))
			v[--n] = '\0';
		n = strspn(v, " \"'");
		memmove(v, v + n, strlen(v + n) + 1);
	}
	if (strcmp(v, "default") != 0)
		lang = collect_lang_normalise(v);
	free(v);
	return lang;
}

int
collect_site_zone(const char *name, long *off)
{
	UChar		 id[128];
	UCalendar	*cal;
	UErrorCode	 err = U_ZERO_ERROR;
	UBool		 known = 0;
	UChar		 canon[128];
	int32_t		 zone;

	if (config_zone_parse(name, off) == 0)
		return 0;
	if (strlen(name) >= sizeof(id) / sizeof(id[0]) ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789/_+-") != strlen(name))
		return -1;
	u_uastrcpy(id, name);
	ucal_getCanonicalTimeZoneID(id, -1, canon, 128, &known, &err);
	if (U_FAILURE(err) || !known)
		return -1;
	cal = ucal_open(id, -1, "en_US_POSIX", UCAL_GREGORIAN, &err);
	/* The zone's standard offset: summer time is not guessed at. */
	zone = U_SUCCESS(err) ? ucal_get(cal, UCAL_ZONE_OFFSET, &err) : 0;
	if (cal != NULL)
		ucal_close(cal);
	if (U_FAILURE(err))
		return -1;
	*off = zone / 1000;
	return 0;
}

char *
collect_site_url(const char *site)
{
	static const char *const keys[] = { "baseURL", "url", NULL };
	struct buf	 b = BUF_INIT;
	char		*url, *base;

	if ((url = collect_site_first(site, keys)) == NULL ||
	    (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0)) {
		free(url);
		return NULL;
	}
	buf_puts(&b, url);
	while (b.len > 0 && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	/* Jekyll keeps the path apart: url + baseurl. */
	if ((base = collect_site_setting(site, "baseurl")) != NULL &&
	    base[0] == '/')
		buf_puts(&b, base);
	while (b.len > 0 && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	free(url);
	free(base);
	return buf_detach(&b);
}
