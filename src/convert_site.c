/*
 * Images where blogs keep them. A site-root path ("/images/x.png",
 * "/assets/x.png") is looked up in the site's static folders: Hexo's
 * source/, Hugo's static/, then the site root itself (Jekyll). A
 * missing image is reported with the nearest name found beside where
 * it was looked for, when one is close ("k8s.png" -> "k8s.png.png");
 * the others are warnings of one kind, which convert_book() counts in
 * one line when there are many, so a blog copied without its large
 * images does not bury the other messages.
 */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book.h"
#include "buf.h"
#include "diag.h"
#include "xalloc.h"
#include "convert_int.h"

static const char *const static_dirs[] = { "/source", "/static", "" };

/* The decoded path of src without query or fragment; -1 if unusable. */
static int
decoded(const char *src, struct buf *out)
{
	size_t	 n = strcspn(src, "?#");

	if (convert_url_decode(src, n, out) == -1 || out->len == 0 ||
	    strstr(out->data, "/../") != NULL)
		return -1;
	return 0;
}

char *
convert_site_image(struct convert *c, const char *src)
{
	struct buf	 name = BUF_INIT, path = BUF_INIT;
	char		*real = NULL;
	size_t		 i;

	if (c->art->site == NULL || decoded(src, &name) == -1)
		goto out;
	for (i = 0; real == NULL &&
	    i < sizeof(static_dirs) / sizeof(static_dirs[0]); i++) {
		buf_reset(&path);
		buf_printf(&path, "%s%s%s", c->art->site, static_dirs[i],
		    name.data);
		if ((real = xrealpath(path.data)) != NULL &&
		    !convert_path_under(real, c->art->site)) {
			free(real);
			real = NULL;
		}
	}
out:
	buf_fini(&name);
	buf_fini(&path);
	return real;
}

/* Levenshtein distance of a and b, capped at 3. */
static size_t
distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, d[64], prev, tmp;

	if (la >= 63 || lb >= 63)
		return 3;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = d[j];
			d[j] = prev + (a[i - 1] != b[j - 1]);
			if (d[j - 1] + 1 < d[j])
				d[j] = d[j - 1] + 1;
			if (tmp + 1 < d[j])
				d[j] = tmp + 1;
			prev = tmp;
		}
	}
	return d[lb] < 3 ? d[lb] : 3;
}

/*
 * The entry of folder dir closest to name: the same in another case,
 * name with more after it, or one or two edits away when the name is
 * long enough for that to mean a slip. Appended to
 * out; 0, or -1 when none is close.
 */
static int
nearest(const char *dir, const char *name, struct buf *out)
{
	DIR		*dp;
	struct dirent	*de;
	char		*best = NULL;
	size_t		 n = strlen(name), score, best_score = 3, allowed;

	/* Short names are all near each other: GAN.png is not RCAN.png. */
	allowed = n >= 16 ? 2 : n >= 10 ? 1 : 0;
	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (strcasecmp(de->d_name, name) == 0)
			score = 0;
		else if (strncmp(de->d_name, name, n) == 0)
			score = 1;
		else if ((score = distance(de->d_name, name)) > allowed)
			continue;
		if (score < best_score || (score == best_score && best &&
		    strcmp(de->d_name, best) < 0)) {
			free(best);
			best = xstrdup(de->d_name);
			best_score = score;
		}
	}
	closedir(dp);
	if (best == NULL)
		return -1;
	buf_puts(out, best);
	free(best);
	return 0;
}

/* Split the path p into the folder (into dir) and the last name. */
static const char *
split_name(const char *p, struct buf *dir)
{
	const char	*slash = strrchr(p, '/');

	if (slash == NULL) {
		BUF_PUTSL(dir, ".");
		return p;
	}
	buf_put(dir, p, (size_t)(slash - p));
	return slash + 1;
}

/*
 * The line of the body where src is first written, for Markdown
 * bodies whose tree has no line numbers; else line.
 */
static int
source_line(const struct convert *c, const char *src, int line)
{
	const char	*at, *p;

	if (!c->markdown || c->art->body == NULL ||
	    (at = strstr(c->art->body, src)) == NULL)
		return line;
	line = c->art->body_line;
	for (p = c->art->body; p < at; p++)
		if (*p == '\n')
			line++;
	return line;
}

void
convert_image_missing(struct convert *c, const char *src, int line)
{
	struct buf	 name = BUF_INIT, dir = BUF_INIT, near = BUF_INIT;
	const char	*base, *stem_end, *leaf;
	size_t		 i;

	if (decoded(src, &name) == -1)
		goto report;
	if (src[0] == '/' && c->art->site != NULL) {
		for (i = 0; near.len == 0 &&
		    i < sizeof(static_dirs) / sizeof(static_dirs[0]); i++) {
			buf_reset(&dir);
			buf_printf(&dir, "%s%s", c->art->site, static_dirs[i]);
			buf_put(&dir, name.data, (size_t)(strrchr(name.data,
			    '/') - name.data));
			leaf = strrchr(name.data, '/') + 1;
			(void)nearest(dir.data, leaf, &near);
		}
	} else if (src[0] != '/' && c->art->dir != NULL) {
		/* Beside the article, then in its asset folder. */
		buf_printf(&dir, "%s/", c->art->dir);
		leaf = split_name(name.data, &dir);
		if (nearest(dir.data, leaf, &near) == -1) {
			buf_reset(&dir);
			base = strrchr(c->art->path, '/');
			base = base ? base + 1 : c->art->path;
			stem_end = strrchr(base, '.');
			if (stem_end == NULL || stem_end == base)
				stem_end = base + strlen(base);
			buf_printf(&dir, "%s/%.*s/", c->art->dir,
			    (int)(stem_end - base), base);
			leaf = split_name(name.data, &dir);
			(void)nearest(dir.data, leaf, &near);
		}
	}
report:
	line = source_line(c, src, line);
	c->nmissing++;
	/* A near miss is worth its own warning; the others are counted. */
	if (near.len > 0)
		diag_warn(c->d, c->art->path, line, 0,
		    "image not found: %s (did you mean %s?)", src, near.data);
	else
		diag_warn_kind(c->d, "image not found", c->art->path, line, 0,
		    "image not found: %s", src);
	buf_fini(&name);
	buf_fini(&dir);
	buf_fini(&near);
}
