/*
 * The encoding of cache entries (see include/cache_codec.h).
 */
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "buf.h"
#include "cache_codec.h"
#include "diag.h"
#include "xalloc.h"

#define NONE	0xffffffffu	/* the length of a NULL string */

void
cache_put_str(struct buf *b, const char *s)
{
	size_t	 n;

	if (s == NULL) {
		buf_put_le32(b, NONE);
		return;
	}
	n = strlen(s);
	buf_put_le32(b, (uint32_t)n);
	buf_put(b, s, n);
}

void
cache_put_msgs(struct buf *b, const struct diag *d)
{
	const struct diag_msg	*g;
	size_t			 i;

	buf_put_le32(b, (uint32_t)d->n);
	for (i = 0; i < d->n; i++) {
		g = &d->msgs[i];
		buf_put_le32(b, (uint32_t)g->level);
		cache_put_str(b, g->kind);
		cache_put_str(b, g->file);
		buf_put_le32(b, (uint32_t)g->line);
		buf_put_le32(b, (uint32_t)g->col);
		cache_put_str(b, g->text);
	}
}

uint32_t
cache_get_u32(struct cache_rd *r)
{
	uint32_t	 v;

	if (r->end - r->p < 4) {
		r->bad = 1;
		r->p = r->end;
		return 0;
	}
	v = le32_get(r->p);
	r->p += 4;
	return v;
}

uint64_t
cache_get_u64(struct cache_rd *r)
{
	uint64_t	 lo = cache_get_u32(r);

	return lo | (uint64_t)cache_get_u32(r) << 32;
}

char *
cache_get_str(struct cache_rd *r)
{
	uint32_t	 n = cache_get_u32(r);
	char		*s;

	if (n == NONE || r->bad)
		return NULL;
	if ((size_t)(r->end - r->p) < n || memchr(r->p, '\0', n) != NULL) {
		r->bad = 1;
		r->p = r->end;
		return NULL;
	}
	s = xmalloc((size_t)n + 1);
	memcpy(s, r->p, n);
	s[n] = '\0';
	r->p += n;
	return s;
}

int
cache_get_msgs(struct cache_rd *r, struct diag *d)
{
	struct diag_msg	 m;
	uint32_t	 i, n = cache_get_u32(r), level;

	for (i = 0; i < n && !r->bad; i++) {
		level = cache_get_u32(r);
		m.kind = cache_get_str(r);
		m.file = cache_get_str(r);
		m.line = (int)cache_get_u32(r);
		m.col = (int)cache_get_u32(r);
		m.text = cache_get_str(r);
		m.level = (enum diag_level)level;
		if (m.text == NULL || level > DIAG_ERROR)
			r->bad = 1;
		else
			diag_copy(d, &m);
		free(m.kind);
		free(m.file);
		free(m.text);
	}
	return r->bad ? -1 : 0;
}

static void
put_list(struct buf *b, char *const *v, size_t n)
{
	size_t	 i;

	buf_put_le32(b, (uint32_t)n);
	for (i = 0; i < n; i++)
		cache_put_str(b, v[i]);
}

/* A list of strings; its count into *n. NULL when empty or damaged. */
static char **
get_list(struct cache_rd *r, size_t *n)
{
	uint32_t	 i, m = cache_get_u32(r);
	char		**v;

	*n = 0;
	if (r->bad || m == 0 || m > (uint32_t)(r->end - r->p) / 4) {
		if (m != 0)
			r->bad = 1;
		return NULL;
	}
	v = xcalloc(m, sizeof(*v));
	for (i = 0; i < m && !r->bad; i++)
		if ((v[i] = cache_get_str(r)) == NULL)
			r->bad = 1;
	*n = i;
	return v;
}

void
cache_put_article(struct buf *b, const struct article *a,
    const unsigned char sum[16])
{
	size_t	 i;

	cache_put_str(b, a->title);
	buf_put_le32(b, (uint32_t)a->has_date);
	buf_put_le64(b, (uint64_t)a->date);
	buf_put_le32(b, (uint32_t)a->has_updated);
	buf_put_le64(b, (uint64_t)a->updated);
	buf_put_le32(b, (uint32_t)a->ncats);
	for (i = 0; i < a->ncats; i++)
		put_list(b, a->cats[i].v, a->cats[i].n);
	put_list(b, a->tags.v, a->tags.n);
	cache_put_str(b, a->author);
	cache_put_str(b, a->cover);
	cache_put_str(b, a->lang);
	cache_put_str(b, a->description);
	cache_put_str(b, a->slug);
	cache_put_str(b, a->permalink);
	buf_put_le32(b, (uint32_t)a->body_line);
	buf_put_le32(b, (uint32_t)a->kind);
	buf_put_le64(b, a->body_len);
	buf_put_le64(b, a->body_off);
	buf_put_le64(b, a->body_key);
	buf_put(b, sum, 16);
}

void
cache_get_article(struct cache_rd *r, struct article *a)
{
	uint32_t	 i, n;

	a->title = cache_get_str(r);
	a->has_date = (int)cache_get_u32(r);
	a->date = (int64_t)cache_get_u64(r);
	a->has_updated = (int)cache_get_u32(r);
	a->updated = (int64_t)cache_get_u64(r);
	n = cache_get_u32(r);
	if (n > (uint32_t)(r->end - r->p) / 4)
		r->bad = 1;
	else if (n > 0) {
		a->cats = xcalloc(n, sizeof(*a->cats));
		for (i = 0; i < n && !r->bad; i++, a->ncats++)
			a->cats[i].v = get_list(r, &a->cats[i].n);
	}
	a->tags.v = get_list(r, &a->tags.n);
	a->author = cache_get_str(r);
	a->cover = cache_get_str(r);
	a->lang = cache_get_str(r);
	a->description = cache_get_str(r);
	a->slug = cache_get_str(r);
	a->permalink = cache_get_str(r);
	a->body_line = (int)cache_get_u32(r);
	a->kind = (enum body_kind)cache_get_u32(r);
	a->body_len = (size_t)cache_get_u64(r);
	a->body_off = (size_t)cache_get_u64(r);
	a->body_key = cache_get_u64(r);
	if (r->end - r->p < 16) {
		r->bad = 1;
		r->p = r->end;
	} else {
		memcpy(a->body_sum, r->p, 16);
		r->p += 16;
	}
}
