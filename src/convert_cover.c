/*
 * The book's cover image: the one given with --cover (a file, or an
 * http(s) URL), else the cover of the newest article that names one in
 * its front matter (cover, thumbnail, headimg...), else none, and the
 * packager draws one (package_cover.c). A remote cover is
 * fetched with the articles' images; convert_cover_place() marks it once
 * the fetch stage has run.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "convert_int.h"
#include "diag.h"
#include "media.h"

/* The newest article with a cover; undated ones count as oldest. */
static struct article *
newest_with_cover(const struct book *b)
{
	struct article	*best = NULL, *a;
	size_t		 i;

	for (i = 0; i < b->narticles; i++) {
		a = b->articles[i];
		if (a->cover == NULL || *a->cover == '\0')
			continue;
		if (best == NULL || (a->has_date && (!best->has_date ||
		    a->date > best->date)))
			best = a;
	}
	return best;
}

static void
mark(struct media *m, const struct resource *r)
{
	if (r != NULL)
		m->v[r - m->v].cover = 1;
}

void
convert_cover(struct book *b, const struct config *cfg, struct diag *d)
{
	struct media	*m = b->media;
	struct article	*a = NULL;
	const struct resource *r;
	struct convert	 c;
	struct buf	 url = BUF_INIT;
	const char	*src = b->cover;
	char		*real;
	size_t		 sl;
	int		 outside;

	if (src == NULL) {
		if ((a = newest_with_cover(b)) == NULL)
			return;
		src = a->cover;
	}
	sl = convert_scheme_len(src);
	if ((sl == 5 && strncasecmp(src, "http:", 5) == 0) ||
	    (sl == 6 && strncasecmp(src, "https:", 6) == 0) ||
	    (src[0] == '/' && src[1] == '/')) {
		if (src[0] == '/')
			BUF_PUTSL(&url, "https:");
		convert_url_clean(src, &url);
		m->cover = (long)media_want(m, url.data);
		m->cover_given = a == NULL;
		buf_fini(&url);
		return;
	}
	if (a == NULL) {		/* --cover FILE: as the user wrote it */
		r = sl > 0 ? NULL : media_add_file(m, src, d, src, 0);
		if (r != NULL)
			mark(m, r);
		else
			diag_warn(d, src, 0, 0, "cover image unusable (a file "
			    "or an http(s) URL): sheaf draws one");
		return;
	}
	if (sl > 0 || src[0] == '/')	/* an article's: stay inside */
		return;
	memset(&c, 0, sizeof(c));
	c.book = b;
	c.art = a;
	c.cfg = cfg;
	c.d = d;
	if ((real = convert_local_image(&c, src, &outside, NULL)) != NULL)
		mark(m, media_add_real(m, real, d, a->path, 0));
	free(real);
	free(c.real_dir);
	free(c.real_root);
}

void
convert_cover_place(struct book *b, struct diag *d)
{
	struct media		*m = b->media;
	const struct remote	*r;

	if (m->cover < 0 || (size_t)m->cover >= m->rn)
		return;
	r = &m->rv[m->cover];
	if (r->res >= 0)
		m->v[r->res].cover = 1;
	else if (m->cover_given)
		diag_warn(d, NULL, 0, 0, "cover image not embedded: %s: %s; "
		    "sheaf draws one", r->url,
		    r->why != NULL ? r->why : "not fetched");
}
