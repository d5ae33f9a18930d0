/*
 * Image resolution of the convert stage, for the sanitizer's rules
 * pass: the source of an img (lazy-loading attributes, the largest
 * srcset candidate, a noscript fallback); a local file, found beside
 * the article or in its Hexo post asset folder and never outside the
 * input folder, goes into the book's media table; a remote one is
 * listed there and left as a placeholder that convert_place_images()
 * fills once the fetch stage has run; anything else leaves its alt
 * text. The cover (convert_cover.c) and the cache of converted
 * articles (convert_cache.c) look local paths up here too.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "book.h"
#include "buf.h"
#include "convert_int.h"
#include "diag.h"
#include "media.h"
#include "xalloc.h"

/* v without surrounding white space, or NULL when nothing is left. */
static char *
trimmed(const char *v, size_t n)
{
	const char	*e = v + n;

	while (v < e && (*v == ' ' || (*v >= '\t' && *v <= '\r')))
		v++;
	while (e > v && (e[-1] == ' ' || (e[-1] >= '\t' && e[-1] <= '\r')))
		e--;
	return e > v ? xstrndup(v, (size_t)(e - v)) : NULL;
}

/*
 * The largest candidate of a srcset: by its width ("800w") or density
 * ("2x") descriptor, the first on a tie; or NULL.
 */
static char *
srcset_best(const char *s)
{
	const char	*u, *ue, *d;
	double		 best = -1, v;
	char		*out = NULL, *end;

	while (*s != '\0') {
		while (*s == ' ' || *s == ',' || (*s >= '\t' && *s <= '\r'))
			s++;
		if (*s == '\0')
			break;
		u = s;
		while (*s != '\0' && *s != ' ' && !(*s >= '\t' && *s <= '\r'))
			s++;
		ue = s;
		if (ue > u && ue[-1] == ',')
			ue--;
		while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
			s++;
		d = s;
		v = 1;
		if (ue[0] != ',' && *d != ',' && *d != '\0') {
			v = strtod(d, &end);
			if (end == d || (*end != 'w' && *end != 'x'))
				v = 0;
			else if (*end == 'x')
				v *= 1e-6;	/* densities rank below widths */
		}
		while (*s != '\0' && *s != ',')
			s++;
		if (v > best && ue > u) {
			best = v;
			free(out);
			out = xstrndup(u, (size_t)(ue - u));
		}
	}
	return out;
}

/* An attribute's trimmed value, or NULL. */
static char *
prop(xmlNodePtr n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = trimmed((const char *)v, strlen((const char *)v));
	xmlFree(v);
	return s;
}

/*
 * The source of an img: data-original, data-src, data-lazy-src, the
 * largest srcset candidate, then src; a data: placeholder counts only
 * when nothing else is there. Trimmed, or NULL.
 */
static char *
image_source_of(xmlNodePtr img)
{
	static const char *const names[] = {
		"data-original", "data-src", "data-lazy-src", "srcset", "src"
	};
	char	*s, *best, *data = NULL;
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((s = prop(img, names[i])) == NULL)
			continue;
		if (i == 3) {
			best = srcset_best(s);
			free(s);
			if ((s = best) == NULL)
				continue;
		}
		if (strncasecmp(s, "data:", 5) != 0) {
			free(data);
			return s;
		}
		if (data == NULL)
			data = s;
		else
			free(s);
	}
	return data;
}

/*
 * The noscript right after img, holding the real img of a lazy-loading
 * page, or NULL.
 */
static xmlNodePtr
noscript_after(xmlNodePtr img)
{
	xmlNodePtr	 n = img->next, k;

	while (n != NULL && n->type == XML_TEXT_NODE &&
	    xmlIsBlankNode(n))
		n = n->next;
	if (n == NULL || n->type != XML_ELEMENT_NODE ||
	    xmlStrcasecmp(n->name, (const xmlChar *)"noscript") != 0)
		return NULL;
	for (k = n->children; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE &&
		    xmlStrcasecmp(k->name, (const xmlChar *)"img") == 0)
			return n;
	return NULL;
}

/*
 * The source of img, or of the img in the <noscript> fallback after it
 * when img itself has only a placeholder. That noscript is removed:
 * it would show the same picture twice.
 */
static char *
image_source(xmlNodePtr img)
{
	xmlNodePtr	 ns, k;
	char		*s, *alt;

	s = image_source_of(img);
	if ((ns = noscript_after(img)) == NULL)
		return s;
	if (s == NULL || strncasecmp(s, "data:", 5) == 0) {
		for (k = ns->children; k->type != XML_ELEMENT_NODE; k = k->next)
			continue;
		if ((alt = image_source_of(k)) != NULL) {
			free(s);
			s = alt;
		}
	}
	xmlUnlinkNode(ns);
	xmlFreeNode(ns);
	return s;
}

int
convert_path_under(const char *real, const char *root)
{
	size_t	 n = strlen(root);

	if (n == 1 && root[0] == '/')
		return 1;
	return strncmp(real, root, n) == 0 && real[n] == '/';
}

/* Append rel to the absolute path out, "." and ".." resolved as text. */
static void
lexical(struct buf *out, const char *rel)
{
	const char	*p = rel, *e;
	char		*slash;

	while (*p != '\0') {
		e = p + strcspn(p, "/");
		if (e - p == 2 && p[0] == '.' && p[1] == '.') {
			if ((slash = strrchr(out->data, '/')) != NULL) {
				out->len = (size_t)(slash - out->data);
				out->data[out->len] = '\0';
			}
		} else if (e > p && !(e - p == 1 && p[0] == '.')) {
			buf_putc(out, '/');
			buf_put(out, p, (size_t)(e - p));
		}
		p = *e == '/' ? e + 1 : e;
	}
	if (out->len == 0)
		buf_putc(out, '/');
}

/*
 * A folder that the last lookup of this thread found to be a real
 * path, no symbolic link in it: the images of a blog mostly share one.
 */
static _Thread_local char	 checked[PATH_MAX];

/*
 * realpath(3) of path, an absolute path without "." or ".." that
 * starts inside the resolved folder base: the part it shares with
 * base (or with the folder checked last) is resolved already, so only
 * the names after it are looked at, one lstat(2) each, rather than a
 * readlink(2) per name of the whole path. Falls back to realpath(3)
 * at a symbolic link. NULL when a name is missing. *st gets the
 * lstat(2) of the last name, and *have 1, when no link was met.
 */
static char *
resolve_under(const char *base, const char *path, struct stat *st,
    int *have)
{
	struct buf	 part = BUF_INIT;
	const char	*p = path, *e, *slash;
	size_t		 n = 0, m = strlen(checked);
	char		*real = NULL;

	*have = 0;
	/* The names path shares with base. */
	while (path[n] != '\0' && path[n] == base[n])
		n++;
	if (!(base[n] == '\0' && (path[n] == '/' || path[n] == '\0')))
		while (n > 0 && path[n] != '/')
			n--;
	if (m > n && strncmp(path, checked, m) == 0 && path[m] == '/')
		n = m;
	buf_put(&part, path, n);
	for (p = path + n; *p == '/'; p = e) {
		e = p + 1 + strcspn(p + 1, "/");
		buf_put(&part, p, (size_t)(e - p));
		if (lstat(part.data, st) == -1)
			goto out;
		if (S_ISLNK(st->st_mode)) {
			real = xrealpath(path);
			goto out;
		}
	}
	real = xstrdup(path);
	*have = p > path + n;
	if ((slash = strrchr(path, '/')) != NULL && slash > path &&
	    (size_t)(slash - path) < sizeof(checked)) {
		memcpy(checked, path, (size_t)(slash - path));
		checked[slash - path] = '\0';
	}
out:
	buf_fini(&part);
	return real;
}

/*
 * Find the local image named by the relative URL src: beside the
 * article, else in the Hexo post asset folder named after it. Returns
 * the resolved path (the caller frees it), or NULL, with *outside 1
 * when the name leads out of the input folder, as written or through
 * a symbolic link, 2 when it is not a regular file: such a file is
 * never opened.
 */
char *
convert_local_image(struct convert *c, const char *src, int *outside,
    struct stat *stp)
{
	struct stat	 own, *st = stp != NULL ? stp : &own;
	struct buf	 name = BUF_INIT, path = BUF_INIT;
	const char	*base, *dot;
	char		*root, *dir, *real = NULL;
	size_t		 n;
	int		 i, have = 0;

	*outside = 0;
	n = strcspn(src, "?#");
	if (convert_url_decode(src, n, &name) == -1 || name.len == 0)
		goto out;
	/* Once per article: each realpath(3) is a readlink per component. */
	if (c->real_dir == NULL && (c->real_dir = xrealpath(c->art->dir !=
	    NULL ? c->art->dir : ".")) == NULL)
		goto out;
	if (c->real_root == NULL && (c->real_root = xrealpath(c->art->root !=
	    NULL ? c->art->root : c->real_dir)) == NULL)
		goto out;
	dir = c->real_dir;
	root = c->real_root;
	for (i = 0; i < 2 && real == NULL; i++) {
		buf_reset(&path);
		buf_puts(&path, dir);
		if (i == 1) {
			if ((base = strrchr(c->art->path, '/')) == NULL)
				base = c->art->path;
			else
				base++;
			if ((dot = strrchr(base, '.')) == NULL || dot == base)
				dot = base + strlen(base);
			buf_putc(&path, '/');
			buf_put(&path, base, (size_t)(dot - base));
		}
		lexical(&path, name.data);
		if (!convert_path_under(path.data, root) || ((real = resolve_under(dir,
		    path.data, st, &have)) != NULL && !convert_path_under(real, root))) {
			*outside = 1;
			free(real);
			real = NULL;
			break;
		}
	}
	/* Never read a FIFO or a device, whatever its name. */
	if (real != NULL && ((!have && stat(real, st) == -1) ||
	    !S_ISREG(st->st_mode))) {
		free(real);
		real = NULL;
		*outside = 2;
	}
out:
	buf_fini(&name);
	buf_fini(&path);
	return real;
}

/*
 * Does alt describe the image: some text that is not only blanks and
 * not a file name ("IMG_0042.jpg"), which says nothing to a reader?
 */
static int
alt_real(const char *alt)
{
	static const char *const exts[] = { ".jpg", ".jpeg", ".png",
	    ".gif", ".webp", ".svg", NULL };
	const char		*p, *dot;
	size_t			 i;

	if (alt == NULL)
		return 0;
	for (p = alt; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
	    p++)
		continue;
	if (*p == '\0')
		return 0;
	if ((dot = strrchr(p, '.')) != NULL)
		for (i = 0; exts[i] != NULL; i++)
			if (strncasecmp(dot, exts[i], strlen(exts[i])) == 0 &&
			    strspn(dot + strlen(exts[i]), " \t\r\n") ==
			    strlen(dot + strlen(exts[i])))
				return 0;
	return 1;
}

/* Put text (or nothing) where img was, and free img. */
static void
image_to_text(struct convert *c, xmlNodePtr img, const char *alt)
{
	if (alt != NULL && *alt != '\0')
		xmlAddPrevSibling(img, xmlNewDocText(c->doc,
		    (const xmlChar *)alt));
	xmlUnlinkNode(img);
	xmlFreeNode(img);
}

int
convert_image(struct convert *c, xmlNodePtr img, int in_link)
{
	const struct resource	*r;
	struct buf		 src = BUF_INIT, note = BUF_INIT;
	struct stat		 st;
	enum convert_look_kind	 kind = LOOK_LOCAL;
	const char		*file = c->art->path;
	char			*raw, *alt, *real = NULL;
	size_t			 sl, idx;
	int			 line, outside, kept = 0, have_st = 0;

	raw = image_source(img);
	alt = (char *)xmlGetProp(img, (const xmlChar *)"alt");
	line = convert_line(c, img);
	if (raw == NULL) {
		/* ![name]() or <img> with no src: nothing to show. */
		diag_warn(c->d, file, line, 0, "image with no address "
		    "dropped%s: add the path of the picture",
		    alt != NULL && *alt != '\0' ? ", its text kept" : "");
		image_to_text(c, img, alt);
		goto out;
	}
	/* Browsers drop tabs and newlines inside URLs. */
	convert_url_clean(raw, &src);
	sl = convert_scheme_len(raw);
	if ((sl == 5 && strncasecmp(raw, "http:", 5) == 0) ||
	    (sl == 6 && strncasecmp(raw, "https:", 6) == 0) ||
	    (raw[0] == '/' && raw[1] == '/')) {
		/* A placeholder the fetch stage resolves (convert_place.c). */
		buf_reset(&note);
		if (raw[0] == '/')
			BUF_PUTSL(&note, "https:");
		buf_puts(&note, src.data);
		idx = media_want(c->book->media, note.data);
		buf_reset(&src);
		buf_printf(&src, CONVERT_REMOTE "%zu:%d", idx, line);
		xmlSetProp(img, (const xmlChar *)"src",
		    (const xmlChar *)src.data);
		if (alt == NULL)
			xmlSetProp(img, (const xmlChar *)"alt",
			    (const xmlChar *)"");
		c->nremote++;
		/* Counted now: the image may yet be embedded. */
		if (!alt_real(alt))
			c->nalt_missing++;
		kept = 1;
		goto out;
	}
	if (sl == 5 && strncasecmp(raw, "data:", 5) == 0)
		diag_warn(c->d, file, line, 0, "data: URL image skipped");
	else if (sl > 0 && !(sl == 5 && strncasecmp(raw, "file:", 5) == 0))
		diag_warn(c->d, file, line, 0,
		    "image URL scheme not supported, skipped: %s", raw);
	else if (raw[0] == '/' && c->art->site != NULL && sl == 0) {
		kind = LOOK_SITE;
		if ((real = convert_site_image(c, raw)) == NULL) {
			convert_image_missing(c, raw, line);
			convert_trail_spoil(c);
		}
	} else if (sl > 0 || raw[0] == '/' || raw[0] == '\\')
		diag_warn(c->d, file, line, 0,
		    "image outside input folder, skipped: %s", raw);
	else if ((real = convert_local_image(c, raw, &outside, &st)) != NULL)
		have_st = 1;
	else {
		if (outside == 1)
			diag_warn(c->d, file, line, 0,
			    "image outside input folder, skipped: %s", raw);
		else if (outside == 2)
			diag_warn(c->d, file, line, 0,
			    "image is not a regular file, skipped: %s", raw);
		else
			convert_image_missing(c, raw, line);
		convert_trail_spoil(c);
	}
	/* Taken before the file is read: a later change is seen. */
	if (real != NULL && !have_st && stat(real, &st) == -1)
		convert_trail_spoil(c);
	if (real != NULL && (r = media_add_real(c->book->media, real, c->d,
	    file, line)) == NULL)
		convert_trail_spoil(c);
	else if (real != NULL) {
		convert_trail_image(c, kind, raw, real, &st, r);
		buf_reset(&src);
		buf_printf(&src, "../%s", r->href);
		xmlSetProp(img, (const xmlChar *)"src",
		    (const xmlChar *)src.data);
		if (alt == NULL)
			xmlSetProp(img, (const xmlChar *)"alt",
			    (const xmlChar *)"");
		c->nimages++;
		if (!alt_real(alt))
			c->nalt_missing++;
		kept = 1;
		goto out;
	}
	image_to_text(c, img, alt);
out:
	buf_fini(&src);
	buf_fini(&note);
	free(raw);
	xmlFree(alt);
	free(real);
	return kept;
}
