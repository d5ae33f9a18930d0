/*
 * The encoding of cache entries (see include/cache_codec.h).
 */
#include <stdlib.h>
#include <string.h>

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
