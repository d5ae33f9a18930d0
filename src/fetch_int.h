/*
 * Declarations shared by the fetch stage's files only: the on-disk
 * cache of fetched images.
 */
#ifndef SHEAF_FETCH_INT_H
#define SHEAF_FETCH_INT_H

#include <stddef.h>

struct buf;
struct diag;

struct fetch_cache {
	char	*dir;		/* ".../sheaf/images"; NULL: no cache */
};

/*
 * Open the cache under dir, else $XDG_CACHE_HOME/sheaf, else
 * ~/.cache/sheaf, creating it. Returns 0, or -1 after a warning to d
 * (the run goes on uncached). fetch_cache_close() frees it.
 */
int	fetch_cache_open(struct fetch_cache *, const char *dir, struct diag *);
void	fetch_cache_close(struct fetch_cache *);

/*
 * The verified bytes stored for url into body: 0 on a hit, -1 on a
 * miss. An entry that fails verification (truncated, another URL's,
 * wrong hash, not an image) is removed and *bad set; it is a miss.
 */
int	fetch_cache_get(const struct fetch_cache *, const char *url,
	    struct buf *body, int *bad);

/*
 * Store bytes for url: written to a temporary file in the cache folder
 * and renamed into place, so readers see a whole entry or none.
 * Returns 0, or -1 (the cache is only an optimisation: not reported).
 */
int	fetch_cache_put(const struct fetch_cache *, const char *url,
	    const void *, size_t);

#endif
