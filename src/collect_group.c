/*
 * Chapters of the collect stage. Each article gets a key, a path of
 * chapter titles (one level, or down to N levels of its category for
 * category:N), worded in the book's language ("2022年3月", "March
 * 2022"). The keys make a tree whose nodes are chapters; children
 * come in the order of their first articles, or as chapter-order
 * asks, and the tree is laid out depth first into book->chapters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "xalloc.h"
#include "collect_int.h"

static const struct words {
	const char	*prefix;
	const char	*uncategorized, *undated, *untagged, *anonymous;
	const char	*year, *month, *week, *day;	/* printf formats */
} chapter_words[] = {
	{ "zh", "未分类", "未注明日期", "无标签", "佚名",
	  "%d年", "%d年%d月", "%d年第%d周", "%d年%d月%d日" },
	{ "ja", "未分類", "日付なし", "タグなし", "著者不明",
	  "%d年", "%d年%d月", "%d年第%d週", "%d年%d月%d日" },
	{ "", "Uncategorized", "Undated", "Untagged", "Unknown author",
	  "%d", "%s %d", "Week %d of %d", "%s %d, %d" },	/* the default */
};

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* A chapter being built: a node of the tree of keys. */
struct cnode {
	char		 *title;
	long		  parent;	/* -1: top level */
	int		  depth;
	struct article	**v;		/* its own articles */
	size_t		  n;
	size_t		  total;	/* with those below */
	int64_t		  oldest, newest;
	int		  dated;
	char		 *key;		/* collation key, CHORDER_TITLE */
	enum chapter_order order;
};

struct ctree {
	struct cnode	*v;
	size_t		 n;
};

static const struct words *
words_for(const char *lang)
{
	size_t	 i, n;

	for (i = 0; chapter_words[i].prefix[0] != '\0'; i++) {
		n = strlen(chapter_words[i].prefix);
		if (lang != NULL && strncmp(lang, chapter_words[i].prefix,
		    n) == 0 && (lang[n] == '\0' || lang[n] == '-'))
			break;
	}
	return &chapter_words[i];
}

/* The last part of a path, "." for an empty one. */
static const char *
base_name(const char *p)
{
	const char	*s = strrchr(p, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : p;
}

/* A date chapter title: year, month, week or day of a's date. */
static char *
date_title(const struct config *cfg, const struct words *w,
    const struct article *a)
{
	struct buf	 b = BUF_INIT;
	int		 y, m, d, cjk = w->prefix[0] != '\0';

	if (!a->has_date)
		return xstrdup(w->undated);
	collect_date_civil(a->date + cfg->tz_offset, &y, &m, &d);
	switch (cfg->sel.group_by) {
	case GROUP_YEAR:
		buf_printf(&b, w->year, y);
		break;
	case GROUP_WEEK:
		collect_date_week(a->date + cfg->tz_offset, &y, &d);
		if (cjk)
			buf_printf(&b, w->week, y, d);
		else
			buf_printf(&b, w->week, d, y);
		break;
	case GROUP_DAY:
		if (cjk)
			buf_printf(&b, w->day, y, m, d);
		else
			buf_printf(&b, w->day, month_names[m - 1], d, y);
		break;
	default:
		if (cjk)
			buf_printf(&b, w->month, y, m);
		else
			buf_printf(&b, w->month, month_names[m - 1], y);
		break;
	}
	return buf_detach(&b);
}

/*
 * The key of a: up to max titles into key[], returning how many; 0
 * for a flat book. The titles are new strings the caller frees.
 */
static size_t
key_of(const struct config *cfg, const struct words *w,
    const struct article *a, char **key, size_t max)
{
	const char	*rel;
	size_t		 i, n, rl;

	switch (cfg->sel.group_by) {
	case GROUP_NONE:
		return 0;
	case GROUP_CATEGORY:
		if (a->ncats == 0) {
			key[0] = xstrdup(w->uncategorized);
			return 1;
		}
		n = a->cats[0].n < max ? a->cats[0].n : max;
		for (i = 0; i < n; i++)
			key[i] = xstrdup(a->cats[0].v[i]);
		return n;
	case GROUP_TAG:
		key[0] = xstrdup(a->tags.n > 0 ? a->tags.v[0] : w->untagged);
		return 1;
	case GROUP_AUTHOR:
		key[0] = xstrdup(a->author ? a->author : w->anonymous);
		return 1;
	case GROUP_DIR:
		rl = strlen(a->root);
		rel = a->dir;
		if (strncmp(rel, a->root, rl) == 0 && rel[rl] == '/')
			rel += rl + 1;
		else
			rel = base_name(a->root);
		key[0] = xstrdup(rel);
		return 1;
	default:
		key[0] = date_title(cfg, w, a);
		return 1;
	}
}

/* The child of parent titled t, made when it is not there yet. */
static long
child(struct ctree *t, long parent, char *title, enum chapter_order o)
{
	size_t	 i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].parent == parent &&
		    strcmp(t->v[i].title, title) == 0) {
			free(title);
			return (long)i;
		}
	t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
	memset(&t->v[t->n], 0, sizeof(*t->v));
	t->v[t->n].title = title;
	t->v[t->n].parent = parent;
	t->v[t->n].depth = parent < 0 ? 1 : t->v[parent].depth + 1;
	t->v[t->n].order = o;
	return (long)t->n++;
}

/* Count a in node k and the nodes above it. */
static void
account(struct ctree *t, long k, const struct article *a)
{
	struct cnode	*nd;

	for (; k >= 0; k = t->v[k].parent) {
		nd = &t->v[k];
		nd->total++;
		if (!a->has_date)
			continue;
		if (!nd->dated || a->date < nd->oldest)
			nd->oldest = a->date;
		if (!nd->dated || a->date > nd->newest)
			nd->newest = a->date;
		nd->dated = 1;
	}
}

static int
cmp_node(const void *pa, const void *pb)
{
	const struct cnode	*a = *(struct cnode *const *)pa;
	const struct cnode	*b = *(struct cnode *const *)pb;
	int			 c = 0;

	switch (a->order) {
	case CHORDER_TITLE:
		c = strcmp(a->key, b->key);
		break;
	case CHORDER_DATE:
		if (a->dated != b->dated)
			c = a->dated ? -1 : 1;
		else if (a->oldest != b->oldest)
			c = a->oldest < b->oldest ? -1 : 1;
		break;
	case CHORDER_DATE_DESC:
		if (a->dated != b->dated)
			c = a->dated ? -1 : 1;
		else if (a->newest != b->newest)
			c = a->newest > b->newest ? -1 : 1;
		break;
	case CHORDER_COUNT:
		if (a->total != b->total)
			c = a->total > b->total ? -1 : 1;
		break;
	case CHORDER_ARTICLES:
		break;
	}
	/* Nodes were made in the order of their first articles. */
	return c != 0 ? c : (a < b ? -1 : a > b);
}

/* Lay the subtree under parent out into b, depth first. */
static void
lay_out(struct book *b, struct ctree *t, long parent)
{
	struct cnode	**kids = NULL;
	struct chapter	 *ch;
	size_t		  i, n = 0;

	for (i = 0; i < t->n; i++)
		if (t->v[i].parent == parent) {
			kids = xreallocarray(kids, n + 1, sizeof(*kids));
			kids[n++] = &t->v[i];
		}
	if (n > 1)
		qsort(kids, n, sizeof(*kids), cmp_node);
	for (i = 0; i < n; i++) {
		ch = &b->chapters[b->nchapters++];
		ch->title = kids[i]->title;
		ch->depth = kids[i]->depth;
		ch->articles = kids[i]->v;
		ch->n = kids[i]->n;
		kids[i]->title = NULL;
		kids[i]->v = NULL;
		lay_out(b, t, kids[i] - t->v);
	}
	free(kids);
}

int
collect_group(struct book *b, const struct config *cfg, struct article **v,
    size_t n, struct diag *d)
{
	const struct words	*w = words_for(b->language);
	struct collator		*col = NULL;
	struct ctree		 t = { NULL, 0 };
	char			*key[CONFIG_MAX_GROUP_DEPTH];
	size_t			 i, j, m, max, k;
	long			 at;

	max = cfg->sel.group_by == GROUP_CATEGORY && cfg->sel.group_depth > 1 ?
	    (size_t)cfg->sel.group_depth : 1;
	if (max > CONFIG_MAX_GROUP_DEPTH)
		max = CONFIG_MAX_GROUP_DEPTH;
	if (cfg->sel.chapter_order == CHORDER_TITLE &&
	    (col = collect_collator_new(b->language, d)) == NULL)
		return -1;
	b->articles = xreallocarray(NULL, n, sizeof(*b->articles));
	if (cfg->sel.group_by == GROUP_NONE) {
		b->chapters = xcalloc(1, sizeof(*b->chapters));
		b->nchapters = 1;
		b->chapters[0].articles = xreallocarray(NULL, n,
		    sizeof(*v));
		memcpy(b->chapters[0].articles, v, n * sizeof(*v));
		b->chapters[0].n = n;
		b->chapters[0].depth = 1;
		memcpy(b->articles, v, n * sizeof(*v));
		b->narticles = n;
		return 0;
	}
	for (i = 0; i < n; i++) {
		m = key_of(cfg, w, v[i], key, max);
		for (j = 0, at = -1; j < m; j++)
			at = child(&t, at, key[j], cfg->sel.chapter_order);
		t.v[at].v = xreallocarray(t.v[at].v, t.v[at].n + 1,
		    sizeof(*t.v[at].v));
		t.v[at].v[t.v[at].n++] = v[i];
		account(&t, at, v[i]);
	}
	for (i = 0; col != NULL && i < t.n; i++)
		t.v[i].key = collect_collator_key(col, t.v[i].title);
	b->chapters = xcalloc(t.n, sizeof(*b->chapters));
	lay_out(b, &t, -1);
	for (i = 0, k = 0; i < b->nchapters; i++)
		for (j = 0; j < b->chapters[i].n; j++)
			b->articles[k++] = b->chapters[i].articles[j];
	b->narticles = k;
	for (i = 0; i < t.n; i++)
		free(t.v[i].key);
	free(t.v);
	collect_collator_free(col);
	return 0;
}
