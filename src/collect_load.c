/*
 * Loading the articles the walk found, in parallel: reading each file
 * and parsing its front matter is most of collect's time. Threads take
 * the files in turn, each load with a diagnostics sink of its own; the
 * walk merges the results and messages in discovery order afterwards
 * (collect.c), so the book and the messages are the same for every -j.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "config.h"
#include "diag.h"
#include "xalloc.h"
#include "collect_int.h"

/* Fewer files than this are loaded on the calling thread alone. */
#define LOAD_MIN_THREADED	64

struct loader {
	struct collect_load	*v;
	size_t			 n;
	size_t			 next;
	const struct config	*cfg;
	struct collect_cache	*cache;
	pthread_mutex_t		 lock;
};

static void *
loader(void *arg)
{
	struct loader		*l = arg;
	struct collect_load	*ld;
	struct config		 c;
	struct stat		 st;
	size_t			 i;

	for (;;) {
		pthread_mutex_lock(&l->lock);
		i = l->next++;
		pthread_mutex_unlock(&l->lock);
		if (i >= l->n || cleanup_signal() != 0)
			break;
		ld = &l->v[i];
		/* The zone of the site the file was found in. */
		c = *l->cfg;
		c.tz_offset = ld->tz_offset;
		if (collect_cache_get(l->cache, ld, &c) == 0)
			continue;
		ld->rc = collect_article_load(ld->path, &c, &ld->d, &ld->a,
		    &ld->why, &st);
		if (ld->rc >= 0)
			collect_cache_put(l->cache, ld, &c, &st);
	}
	return NULL;
}

void
collect_load_all(struct collect_load *v, size_t n, const struct config *cfg,
    const struct diag *like, struct collect_cache *cache)
{
	struct loader	 l;
	pthread_t	*tids;
	size_t		 i, t = cfg->jobs, started = 0;
	long		 ncpu;

	for (i = 0; i < n; i++) {
		diag_init(&v[i].d);
		v[i].d.strict = like->strict;
		/* Notes are kept for the cache; the walk's sink drops them. */
		v[i].d.verbose = like->verbose || cache != NULL;
		v[i].rc = -2;
	}
	l.v = v;
	l.n = n;
	l.next = 0;
	l.cfg = cfg;
	l.cache = cache;
	pthread_mutex_init(&l.lock, NULL);
	if (t == 0)
		t = (ncpu = sysconf(_SC_NPROCESSORS_ONLN)) > 0 ?
		    (size_t)ncpu : 1;
	if (n < LOAD_MIN_THREADED || t < 2) {
		loader(&l);
		pthread_mutex_destroy(&l.lock);
		return;
	}
	tids = xcalloc(t - 1, sizeof(*tids));
	for (i = 0; i + 1 < t; i++)
		if (pthread_create(&tids[started], NULL, loader, &l) == 0)
			started++;
	/* Threads that could not start leave their share to this one. */
	loader(&l);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
	pthread_mutex_destroy(&l.lock);
}
