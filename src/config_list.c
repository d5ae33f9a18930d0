/*
 * The lists of a struct config, from the options and from book.yml:
 * a config owns its arrays, never the strings in them, which argv or
 * the config_file that read them lends. config_copy() gives a copy
 * arrays of its own, so that each book of a book.yml can replace a
 * list without touching its siblings; config_fini() frees them.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_file.h"
#include "xalloc.h"

void
namelist_add(struct namelist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

void
config_add_category(struct config *cfg, const char *s)
{
	cfg->sel.categories = xreallocarray(cfg->sel.categories,
	    cfg->sel.ncategories + 1, sizeof(*cfg->sel.categories));
	cfg->sel.categories[cfg->sel.ncategories++] = s;
}

static void
namelist_copy(struct namelist *dst, const struct namelist *src)
{
	dst->v = NULL;
	dst->n = 0;
	if (src->n > 0) {
		dst->v = xreallocarray(NULL, src->n, sizeof(*dst->v));
		memcpy(dst->v, src->v, src->n * sizeof(*dst->v));
		dst->n = src->n;
	}
}

void
config_copy(struct config *dst, const struct config *src)
{
	struct namelist	 cats, tmp;

	*dst = *src;
	cats.v = src->sel.categories;
	cats.n = src->sel.ncategories;
	namelist_copy(&tmp, &cats);
	dst->sel.categories = tmp.v;
	namelist_copy(&dst->sel.exclude, &src->sel.exclude);
	namelist_copy(&dst->sel.tags, &src->sel.tags);
	namelist_copy(&dst->sel.authors, &src->sel.authors);
	namelist_copy(&dst->meta.more_authors, &src->meta.more_authors);
	namelist_copy(&dst->meta.author_roles, &src->meta.author_roles);
	namelist_copy(&dst->meta.author_file_as, &src->meta.author_file_as);
	namelist_copy(&dst->meta.subjects, &src->meta.subjects);
	namelist_copy(&dst->look.fonts, &src->look.fonts);
}

void
config_fini(struct config *cfg)
{
	free(cfg->sel.categories);
	free(cfg->sel.exclude.v);
	free(cfg->sel.tags.v);
	free(cfg->sel.authors.v);
	free(cfg->meta.more_authors.v);
	free(cfg->meta.author_roles.v);
	free(cfg->meta.author_file_as.v);
	free(cfg->meta.subjects.v);
	free(cfg->look.fonts.v);
	cfg->sel.categories = NULL;
	cfg->sel.ncategories = 0;
}
