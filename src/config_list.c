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
	cfg->categories = xreallocarray(cfg->categories,
	    cfg->ncategories + 1, sizeof(*cfg->categories));
	cfg->categories[cfg->ncategories++] = s;
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
	cats.v = src->categories;
	cats.n = src->ncategories;
	namelist_copy(&tmp, &cats);
	dst->categories = tmp.v;
	namelist_copy(&dst->exclude, &src->exclude);
	namelist_copy(&dst->tags, &src->tags);
	namelist_copy(&dst->authors, &src->authors);
	namelist_copy(&dst->more_authors, &src->more_authors);
	namelist_copy(&dst->author_roles, &src->author_roles);
	namelist_copy(&dst->author_file_as, &src->author_file_as);
	namelist_copy(&dst->subjects, &src->subjects);
	namelist_copy(&dst->fonts, &src->fonts);
}

void
config_fini(struct config *cfg)
{
	free(cfg->categories);
	free(cfg->exclude.v);
	free(cfg->tags.v);
	free(cfg->authors.v);
	free(cfg->more_authors.v);
	free(cfg->author_roles.v);
	free(cfg->author_file_as.v);
	free(cfg->subjects.v);
	free(cfg->fonts.v);
	cfg->categories = NULL;
	cfg->ncategories = 0;
}
