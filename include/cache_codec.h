/*
 * The encoding of cache entries (convert_cache.c, collect_cache.c):
 * little-endian integers, strings with their length (NULL has its own
 * mark), and lists of messages. A reader never reads past the end of
 * an entry: a damaged one sets its bad flag and yields zeros and
 * NULLs from then on.
 */
#ifndef SHEAF_CACHE_CODEC_H
#define SHEAF_CACHE_CODEC_H

#include <stdint.h>

struct article;
struct buf;
struct diag;

struct cache_rd {
	const unsigned char	*p, *end;
	int			 bad;
};

void	 cache_put_str(struct buf *, const char *s);
void	 cache_put_msgs(struct buf *, const struct diag *);

uint32_t cache_get_u32(struct cache_rd *);
uint64_t cache_get_u64(struct cache_rd *);
/* A string, copied (the caller frees it), or NULL for none or damage. */
char	*cache_get_str(struct cache_rd *);
/* The messages into d; 0, or -1 when damaged. */
int	 cache_get_msgs(struct cache_rd *, struct diag *d);

/*
 * The fields collect gives an article, but its path, folders and body
 * bytes: the body by its place, length, key and hash sum (a's own,
 * unless it has none yet).
 */
void	 cache_put_article(struct buf *, const struct article *a,
	    const unsigned char sum[16]);
/* Into a (from xcalloc): every field cache_put_article() wrote. */
void	 cache_get_article(struct cache_rd *, struct article *a);

#endif
