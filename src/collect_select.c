/*
 * The selection of the collect stage: the filters of `select:` and
 * the options (category at any level, excluded categories, tags,
 * authors, a date range, a title pattern), the latest N and the limit
 * after ordering, and duplicate articles. Each filter is applied in
 * turn, so that when one of them leaves nothing the error names it.
 */
#define _GNU_SOURCE	/* FNM_CASEFOLD */
#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book.h"
#include "buf.h"
#include "collect.h"
#include "config.h"
#include "diag.h"
#include "xalloc.h"
#include "collect_int.h"

/* One filter: its name for messages and the reason for skipped files. */
struct filter {
	const char	*name;
	const char	*reason;
	int		(*keep)(const struct config *, const struct article *,
			    const int64_t *bound);
};

static int
in_list(const char *s, const char *const *v, size_t n)
{
	size_t	 i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(s, v[i]) == 0)
			return 1;
	return 0;
}

/* Does any level of any category path of a appear in v? */
static int
in_categories(const struct article *a, const char *const *v, size_t n)
{
	size_t	 i, j;

	for (i = 0; i < a->ncats; i++)
		for (j = 0; j < a->cats[i].n; j++)
			if (in_list(a->cats[i].v[j], v, n))
				return 1;
	return 0;
}

static int
keep_category(const struct config *cfg, const struct article *a,
    const int64_t *bound)
{
	return cfg->sel.ncategories == 0 ||
	    in_categories(a, cfg->sel.categories, cfg->sel.ncategories);
}

static int
keep_exclude(const struct config *cfg, const struct article *a,
    const int64_t *bound)
{
	return !in_categories(a, cfg->sel.exclude.v, cfg->sel.exclude.n);
}

static int
keep_tag(const struct config *cfg, const struct article *a,
    const int64_t *bound)
{
	size_t	 i;

	if (cfg->sel.tags.n == 0)
		return 1;
	for (i = 0; i < a->tags.n; i++)
		if (in_list(a->tags.v[i], cfg->sel.tags.v, cfg->sel.tags.n))
			return 1;
	return 0;
}

static int
keep_author(const struct config *cfg, const struct article *a,
    const int64_t *bound)
{
	return cfg->sel.authors.n == 0 ||
	    in_list(a->author, cfg->sel.authors.v, cfg->sel.authors.n);
}

static int
keep_since(const struct config *cfg, const struct article *a,
    const int64_t *bound)
{
	return cfg->sel.since == NULL || (a->has_date && a->date >= bound[0]);
}

static int
keep_until(const struct config *cfg, const struct article *a,
    const int64_t *bound)
{
	return cfg->sel.until == NULL || (a->has_date && a->date <= bound[1]);
}

/* ASCII case-insensitive substring; other bytes compare exactly. */
static int
contains(const char *hay, const char *needle)
{
	size_t	 n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return n == 0;
}

static int
keep_match(const struct config *cfg, const struct article *a,
    const int64_t *bound)
{
	const char	*m = cfg->sel.match;

	if (m == NULL)
		return 1;
	if (strpbrk(m, "*?[") != NULL)
		return fnmatch(m, a->title, FNM_CASEFOLD) == 0;
	return contains(a->title, m);
}

static int
keep_split(const struct config *cfg, const struct article *a,
    const int64_t *bound)
{
	struct buf	 k = BUF_INIT;
	int		 same;

	if (cfg->sel.split_by == SPLIT_NONE || cfg->sel.split_value == NULL)
		return 1;
	collect_split_key(cfg, a, &k);
	same = strcmp(k.data, cfg->sel.split_value) == 0;
	buf_fini(&k);
	return same;
}

static const struct filter filters[] = {
	{ "split-by", "in another book of the split", keep_split },
	{ "category", "not in the selected categories", keep_category },
	{ "exclude-category", "in an excluded category", keep_exclude },
	{ "tag", "has none of the selected tags", keep_tag },
	{ "author", "not by a selected author", keep_author },
	{ "since", "dated before since (or undated)", keep_since },
	{ "until", "dated after until (or undated)", keep_until },
	{ "match", "title does not match", keep_match },
};

void
collect_split_key(const struct config *cfg, const struct article *a,
    struct buf *out)
{
	int	 y, m, d;

	if (cfg->sel.split_by == SPLIT_CATEGORY) {
		buf_puts(out, a->ncats > 0 ? a->cats[0].v[0] :
		    "uncategorized");
		return;
	}
	if (!a->has_date) {
		BUF_PUTSL(out, "undated");
		return;
	}
	collect_date_civil(a->date + cfg->tz_offset, &y, &m, &d);
	if (cfg->sel.split_by == SPLIT_YEAR)
		buf_printf(out, "%04d", y);
	else
		buf_printf(out, "%04d-%02d", y, m);
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
collect_split_values(const struct config *cfg, const struct book *b,
    struct strlist *out)
{
	struct buf	 k = BUF_INIT;
	size_t		 i;

	for (i = 0; i < b->narticles; i++) {
		buf_reset(&k);
		collect_split_key(cfg, b->articles[i], &k);
		if (!strlist_has(out, k.data))
			strlist_add(out, k.data);
	}
	buf_fini(&k);
	/* Years and months in time order, whatever the grouping. */
	if (cfg->sel.split_by != SPLIT_CATEGORY && out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_text);
}

void
collect_skip(struct skips *s, const char *path, const char *reason)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
	s->v[s->n].path = xstrdup(path);
	s->v[s->n].reason = xstrdup(reason);
	s->n++;
}

int
collect_select(const struct config *cfg, struct article **v, size_t *n,
    struct skips *s, struct diag *d)
{
	int64_t	 bound[2] = { 0, 0 };
	size_t	 f, i, k, before;

	if ((cfg->sel.since != NULL && collect_date_bound(cfg->sel.since,
	    cfg->tz_offset, 0, &bound[0]) == -1) ||
	    (cfg->sel.until != NULL && collect_date_bound(cfg->sel.until,
	    cfg->tz_offset, 1, &bound[1]) == -1)) {
		diag_error(d, NULL, 0, 0, "invalid date in since or until");
		return -1;
	}
	for (f = 0; f < sizeof(filters) / sizeof(filters[0]); f++) {
		before = *n;
		for (i = 0, k = 0; i < *n; i++) {
			if (filters[f].keep(cfg, v[i], bound)) {
				v[k++] = v[i];
				continue;
			}
			collect_skip(s, v[i]->path, filters[f].reason);
			article_free(v[i]);
		}
		*n = k;
		if (before > 0 && k == 0) {
			diag_error(d, cfg->ninputs == 1 ? cfg->inputs[0] :
			    NULL, 0, 0, "no articles to pack: the %s filter "
			    "left none of %zu", filters[f].name, before);
			return -1;
		}
	}
	return 0;
}

static int
cmp_newest(const void *pa, const void *pb)
{
	const struct article	*a = *(struct article *const *)pa;
	const struct article	*b = *(struct article *const *)pb;

	if (a->has_date != b->has_date)
		return a->has_date ? -1 : 1;
	if (a->has_date && a->date != b->date)
		return a->date > b->date ? -1 : 1;
	return strcmp(a->path, b->path);
}

static int
cmp_ptr(const void *pa, const void *pb)
{
	uintptr_t	 a = (uintptr_t)*(void *const *)pa;
	uintptr_t	 b = (uintptr_t)*(void *const *)pb;

	return a < b ? -1 : a > b;
}

void
collect_select_count(const struct config *cfg, struct article **v,
    size_t *n, struct skips *s)
{
	struct article	**newest;
	size_t		  i, k;

	if (cfg->sel.latest > 0 && cfg->sel.latest < *n) {
		newest = xreallocarray(NULL, *n, sizeof(*newest));
		memcpy(newest, v, *n * sizeof(*v));
		qsort(newest, *n, sizeof(*newest), cmp_newest);
		qsort(newest, cfg->sel.latest, sizeof(*newest), cmp_ptr);
		for (i = 0, k = 0; i < *n; i++) {
			if (bsearch(&v[i], newest, cfg->sel.latest,
			    sizeof(*newest), cmp_ptr) != NULL) {
				v[k++] = v[i];
				continue;
			}
			collect_skip(s, v[i]->path, "not among the latest");
			article_free(v[i]);
		}
		*n = k;
		free(newest);
	}
	if (cfg->sel.limit > 0 && cfg->sel.limit < *n) {
		for (i = cfg->sel.limit; i < *n; i++) {
			collect_skip(s, v[i]->path, "beyond the limit");
			article_free(v[i]);
		}
		*n = cfg->sel.limit;
	}
}

/*** Duplicates ***/

#define FNV_BASIS	1469598103934665603ULL
#define BODY_EDGE	64	/* bytes of each end in a body's key */

struct dupkey {
	struct article	*a;
	uint64_t	 h;	/* key of the body, or hash of title and date */
	size_t		 idx;
};

/* A repeat found: gone is a duplicate of kept; h orders the report. */
struct dup {
	struct article		*kept;
	const struct article	*gone;
	uint64_t		 h;
};

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*s = p;

	while (n-- > 0)
		h = (h ^ *s++) * 1099511628211ULL;
	return h;
}

uint64_t
collect_body_key(const char *body, size_t n)
{
	uint64_t	 h = fnv(FNV_BASIS, &n, sizeof(n));

	if (n <= 2 * BODY_EDGE)
		return fnv(h, body, n);
	h = fnv(h, body, BODY_EDGE);
	return fnv(h, body + n - BODY_EDGE, BODY_EDGE);
}

/*
 * The same body: the same length and hash, which an article loaded
 * from the cache has without its bytes; bytes compared only when one
 * has no hash.
 */
static int
same_body(struct article *a, struct article *b)
{
	static const unsigned char	 zero[16];

	if (a->body_len != b->body_len || a->body_len == 0)
		return 0;
	if (memcmp(a->body_sum, zero, 16) != 0 &&
	    memcmp(b->body_sum, zero, 16) != 0)
		return memcmp(a->body_sum, b->body_sum, 16) == 0;
	return book_article_body(a) == 0 && book_article_body(b) == 0 &&
	    memcmp(a->body, b->body, a->body_len) == 0;
}

static int
same_title_date(const struct article *a, const struct article *b)
{
	return a->has_date && b->has_date && a->date == b->date &&
	    strcmp(a->title, b->title) == 0;
}

static int
cmp_key(const void *pa, const void *pb)
{
	const struct dupkey	*a = pa, *b = pb;

	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return strcmp(a->a->path, b->a->path);
}

static int
cmp_dup(const void *pa, const void *pb)
{
	const struct dup	*a = pa, *b = pb;
	int			 c;

	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	if ((c = strcmp(a->kept->path, b->kept->path)) != 0)
		return c;
	return strcmp(a->gone->path, b->gone->path);
}

/*
 * Warn of the n repeats in v and list them as skipped, ordered by the
 * hash of the whole body (or of title and date), then by path: the
 * order the messages have always come in. Only repeated bodies are
 * hashed whole.
 */
static void
report_dups(struct dup *v, size_t n, int by_body, struct skips *s,
    struct diag *d)
{
	struct buf	 why = BUF_INIT;
	size_t		 i;

	for (i = 0; by_body && i < n; i++)
		v[i].h = book_article_body(v[i].kept) == 0 ? fnv(FNV_BASIS,
		    v[i].kept->body, v[i].kept->body_len) : 0;
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_dup);
	for (i = 0; i < n; i++) {
		diag_warn(d, v[i].gone->path, 0, 0, "same article as %s "
		    "(%s); kept that one", v[i].kept->path, by_body ?
		    "same text" : "same title and date");
		buf_reset(&why);
		buf_printf(&why, "a duplicate of %s", v[i].kept->path);
		collect_skip(s, v[i].gone->path, why.data);
	}
	buf_fini(&why);
}

/*
 * Mark in gone[] each article that repeats an earlier one (in path
 * order) by the test same; by_body picks the key.
 */
static void
find_dups(struct article **v, size_t n, int by_body, char *gone,
    struct skips *s, struct diag *d)
{
	struct dupkey	*k = xcalloc(n, sizeof(*k));
	struct dup	*dups = NULL;
	size_t		 i, j, m = 0, ndups = 0;
	int		 dup;

	for (i = 0; i < n; i++) {
		if (gone[i] || (by_body ? v[i]->body_len == 0 :
		    !v[i]->has_date))
			continue;
		k[m].a = v[i];
		k[m].idx = i;
		k[m].h = by_body ? v[i]->body_key : fnv(fnv(FNV_BASIS,
		    v[i]->title, strlen(v[i]->title) + 1), &v[i]->date,
		    sizeof(v[i]->date));
		m++;
	}
	qsort(k, m, sizeof(*k), cmp_key);
	for (i = 0; i < m; i++) {
		if (gone[k[i].idx])
			continue;
		for (j = i + 1; j < m && k[j].h == k[i].h; j++) {
			dup = by_body ? same_body(k[i].a, k[j].a) :
			    same_title_date(k[i].a, k[j].a);
			if (!dup || gone[k[j].idx])
				continue;
			gone[k[j].idx] = 1;
			dups = xreallocarray(dups, ndups + 1, sizeof(*dups));
			dups[ndups].kept = k[i].a;
			dups[ndups].gone = k[j].a;
			dups[ndups].h = k[i].h;
			ndups++;
		}
	}
	report_dups(dups, ndups, by_body, s, d);
	free(dups);
	free(k);
}

void
collect_dedup(struct article **v, size_t *n, struct skips *s,
    struct diag *d)
{
	char	*gone;
	size_t	 i, k;

	if (*n < 2)
		return;
	gone = xcalloc(*n, 1);
	find_dups(v, *n, 0, gone, s, d);
	find_dups(v, *n, 1, gone, s, d);
	for (i = 0, k = 0; i < *n; i++) {
		if (gone[i])
			article_free(v[i]);
		else
			v[k++] = v[i];
	}
	*n = k;
	free(gone);
}
