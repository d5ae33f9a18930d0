/*
 * The fetch stage: bring in the remote images convert asked for,
 * between convert and package. Each item names one image by up to two
 * addresses (a proxy-unwrapped one first, then the one as written);
 * fetch_run() looks each up in the on-disk cache, then fetches what is
 * missing with libcurl, several transfers at once, under the network
 * rules of RELIABILITY.md rows 36-44, and stores what it got in the
 * cache. It never decides what an image means for the book.
 */
#ifndef SHEAF_FETCH_H
#define SHEAF_FETCH_H

#include <stddef.h>
#include <sys/socket.h>

#include "buf.h"

struct book;
struct config;
struct diag;
struct progress;

/* Transfers in flight at most. */
#define FETCH_PARALLEL	16

struct fetch_opts {
	const char	 *cache_dir;	/* NULL: $XDG_CACHE_HOME/sheaf */
	int		  offline;	/* cache only */
	int		  allow_private;	/* loopback, private, link-local */
	const char	**host_map;	/* "FROM=TO" rewrites of addresses */
	size_t		  nhost_map;
	long		  timeout;	/* seconds for a whole transfer */
	size_t		  max_bytes;	/* largest body accepted */
	int		  parallel;	/* transfers in flight at most */
	/* Called as transfers end, when not NULL (main shows progress). */
	void		(*progress)(void *arg, size_t done, size_t total);
	void		 *progress_arg;
};

struct fetch_item {
	const char	*url[2];	/* borrowed; url[1] may be NULL */
	/* Filled by fetch_run(): */
	struct buf	 body;		/* the image bytes when ok */
	int		 ok;
	int		 cached;	/* came from the cache */
	char		*why;		/* when not ok: the reason, owned */
};

struct fetch_stats {
	size_t	 requests;	/* transfers started */
	size_t	 cache_hits;
	size_t	 cache_bad;	/* entries that failed verification */
	size_t	 max_inflight;
	double	 seconds;	/* wall time of the network part */
};

/*
 * Fill every item: from the cache, else the network (unless offline).
 * Never fails as a whole; problems with the cache folder are warnings
 * to d and the run goes on uncached. The caller frees each item's
 * body and why (fetch_item_fini).
 */
void	fetch_run(struct fetch_item *, size_t n, const struct fetch_opts *,
	    struct diag *, struct fetch_stats *);
void	fetch_item_fini(struct fetch_item *);

/*
 * The fetch stage of a build: fill book->media's remote images (each
 * gets a resource, or the reason it is missing), with the settings of
 * cfg; the progress's images hook (may be NULL) is told as transfers
 * end. Returns 0; *st gets the figures of the run.
 */
int	fetch_book(struct book *, const struct config *, struct diag *,
	    struct fetch_stats *, const struct progress *);

/*
 * May sheaf connect to this address? Refuses unspecified, loopback,
 * private (RFC 1918, CGNAT), link-local, unique-local, multicast and
 * reserved addresses, also inside IPv4-mapped and NAT64 IPv6 forms.
 * Returns 1 if allowed.
 */
int	fetch_addr_public(const struct sockaddr *);

/*
 * The address url maps to under the "FROM=TO" rules (the first that
 * matches): FROM is a URL prefix, or a bare host that matches http and
 * https URLs of that host; TO replaces it (http:// is added to a bare
 * host). Returns a new string the caller frees, or NULL when no rule
 * matches.
 */
char	*fetch_map_url(const char *url, const char **map, size_t n);

/*
 * The address inside a proxy address "https://proxy/?http://real/...",
 * when the query is itself an absolute http(s) URL; a new string the
 * caller frees, or NULL.
 */
char	*fetch_unwrap_proxy(const char *url);

#endif
