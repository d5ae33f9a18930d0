/*
 * Conversion of the whole book, in parallel: -j threads take articles
 * in turn. Each article is converted against a media table and a
 * diagnostics sink of its own, and its document is deflated into the
 * book's spool (spool.c) as soon as it is made. Once all are done the
 * tables and messages are merged in reading order, so the manifest,
 * the remote image list, the book's bytes and the messages are the
 * same whatever the number of threads or their timing.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "book.h"
#include "cleanup.h"
#include "config.h"
#include "convert.h"
#include "convert_int.h"
#include "diag.h"
#include "hmap.h"
#include "media.h"
#include "progress.h"
#include "spool.h"
#include "xalloc.h"

/* One article's results, until they are merged. */
struct slot {
	struct media	*media;
	struct diag	 d;
	int		 rc;
	int		 done;
};

struct jobs {
	struct book		*book;
	const struct config	*cfg;
	const struct progress	*prog;	/* or NULL */
	struct slot		*slots;
	struct convert_cache	*cache;		/* or NULL */
	const char		**real_dirs;	/* per article, or NULL */
	const char		**real_roots;
	size_t			 next;
	pthread_mutex_t		 lock;
};

/* A media table of the article's own, with the book's limits. */
static struct media *
slot_media(const struct media *bm)
{
	struct media	*m = media_new();

	m->max_pixels = bm->max_pixels;
	m->max_bytes = bm->max_bytes;
	m->quality = bm->quality;
	m->grayscale = bm->grayscale;
	m->unwrap = bm->unwrap;
	return m;
}

/*
 * Convert article i, or take it from the cache. Its document goes
 * deflated into the book's spool, and into the cache when new.
 */
static void
convert_one(struct jobs *job, size_t i)
{
	struct slot		*s = &job->slots[i];
	struct book		*b = job->book;
	struct article		*a = b->articles[i];
	struct convert_trail	 trail;
	struct convert_env		 env;
	struct book		 local;
	unsigned char		*z = NULL;
	char			 key[33];

	/* The article reads the book but adds images to a table of its own. */
	local = *b;
	local.media = s->media = slot_media(b->media);
	/* Notes are kept for the cache; the book's sink drops them. */
	s->d.verbose = 1;
	memset(&trail, 0, sizeof(trail));
	env.trail = job->cache != NULL ? &trail : NULL;
	env.real_dir = job->real_dirs[i];
	env.real_root = job->real_roots[i];
	if (job->cache != NULL && convert_cache_get(job->cache, &local, a,
	    job->cfg, &env, s->media, &s->d, key) == 0) {
		s->rc = 0;
		goto done;
	}
	if (job->cache != NULL) {
		/* What a failed replay left behind. */
		media_free(s->media);
		local.media = s->media = slot_media(b->media);
		diag_fini(&s->d);
		diag_init(&s->d);
		s->d.verbose = 1;
	}
	/* An article loaded from the cache reads its body now. */
	if (book_article_body(a) == -1) {
		if (errno == ESTALE)
			diag_error(&s->d, a->path, 0, 0, "changed while the "
			    "book was made: build it again");
		else
			diag_error(&s->d, a->path, 0, 0, "cannot read: %s",
			    strerror(errno));
		s->rc = -1;
		goto done;
	}
	s->rc = convert_article_env(&local, a, job->cfg, &s->d, &env);
	/* Should the spool fail (a full disk), the document stays here. */
	if (s->rc == 0 && b->spool != NULL &&
	    spool_pack(a->xhtml, a->xhtml_len, &z, &a->xref) == 0 &&
	    spool_store(b->spool, z, &a->xref) == 0) {
		free(a->xhtml);
		a->xhtml = NULL;
		if (job->cache != NULL && s->d.nerr == 0)
			convert_cache_put(job->cache, key, a, s->media, &s->d,
			    &trail, z);
	}
	free(z);
	convert_trail_fini(&trail);
done:
	/* The body is not read again: give its memory back now. */
	free(a->body);
	a->body = NULL;
	a->body_len = 0;
	a->body_lazy = 0;
	s->done = 1;
	if (job->prog != NULL && job->prog->article != NULL)	/* any thread */
		job->prog->article(job->prog->arg);
}

static void *
worker(void *arg)
{
	struct jobs	*job = arg;
	size_t		 i;

	for (;;) {
		pthread_mutex_lock(&job->lock);
		i = job->next++;
		pthread_mutex_unlock(&job->lock);
		if (i >= job->book->narticles || cleanup_signal() != 0)
			break;
		convert_one(job, i);
	}
	return NULL;
}

/*
 * The realpath(3) of each article's folder and input folder, taken
 * once per folder rather than once per article; NULL where it fails
 * (the article then meets the failure itself). The strings live in
 * memo.
 */
static void
real_dirs(const struct book *b, struct hmap *memo, const char **dirs,
    const char **roots)
{
	const struct article	*a;
	struct hent		*e;
	char			*real;
	size_t			 i;

	for (i = 0; i < b->narticles; i++) {
		a = b->articles[i];
		e = hmap_put(memo, a->dir != NULL ? a->dir : ".");
		if (e->val == NULL)
			e->val = (real = xrealpath(e->key)) != NULL ? real :
			    xstrdup("");
		dirs[i] = *e->val != '\0' ? e->val : NULL;
		if (a->root == NULL && dirs[i] == NULL) {
			roots[i] = NULL;
			continue;
		}
		e = hmap_put(memo, a->root != NULL ? a->root : dirs[i]);
		if (e->val == NULL)
			e->val = (real = xrealpath(e->key)) != NULL ? real :
			    xstrdup("");
		roots[i] = *e->val != '\0' ? e->val : NULL;
	}
}

/* The number of threads: -j, else one per online core; at most n. */
static size_t
nthreads(const struct config *cfg, size_t n)
{
	long	 ncpu;
	size_t	 t = cfg != NULL ? cfg->jobs : 0;

	if (t == 0)
		t = (ncpu = sysconf(_SC_NPROCESSORS_ONLN)) > 0 ?
		    (size_t)ncpu : 1;
	return t < n ? t : (n > 0 ? n : 1);
}

/* Append r to m, taking its memory. */
static void
take(struct media *m, struct resource *r)
{
	*media_append(m) = *r;
}

static void
drop(struct resource *r)
{
	free(r->id);
	free(r->href);
	free(r->media_type);
	free(r->path);
	free(r->data);
}

/*
 * Move the slot's images and messages into the book's. An image the
 * book has already (by its id, a hash of its bytes) is dropped; each
 * remote address gets the book's index, kept in a->remote_ids for
 * convert_place_images(). ids and urls index the book's table: a key
 * present means known; for urls, hent.next holds its index in rv.
 */
static void
merge(struct book *b, struct article *a, struct slot *s, struct hmap *ids,
    struct hmap *urls, struct diag *d)
{
	struct media		*m = b->media;
	struct hent		*e;
	size_t			 i;

	for (i = 0; i < s->media->n; i++) {
		e = hmap_put(ids, s->media->v[i].id);
		if (e->val != NULL) {
			drop(&s->media->v[i]);
			continue;
		}
		e->val = xstrdup("");
		take(m, &s->media->v[i]);
	}
	s->media->n = 0;
	if (s->media->rn > 0) {
		a->remote_ids = xreallocarray(NULL, s->media->rn,
		    sizeof(*a->remote_ids));
		a->nremote_ids = s->media->rn;
	}
	for (i = 0; i < s->media->rn; i++) {
		e = hmap_put(urls, s->media->rv[i].url);
		if (e->val == NULL) {
			e->val = xstrdup("");
			e->next = media_want(m, s->media->rv[i].url);
		}
		a->remote_ids[i] = e->next;
	}
	media_free(s->media);
	s->media = NULL;
	for (i = 0; i < s->d.n; i++)
		diag_copy(d, &s->d.msgs[i]);
}

int
convert_book(struct book *b, const struct config *cfg,
    const struct progress *prog, struct diag *d)
{
	struct jobs	 job;
	struct hmap	 ids = { NULL, 0, 0 }, urls = { NULL, 0, 0 };
	struct hmap	 dirs = { NULL, 0, 0 };
	pthread_t	*tids;
	size_t		 i, n, started = 0, from = d->n;
	int		 rc = 0, all_done = 1;

	if (b->media == NULL)
		b->media = media_new();
	if (cfg->images.max_image_pixels > 0)
		b->media->max_pixels = cfg->images.max_image_pixels;
	if (cfg->images.max_image_bytes > 0)
		b->media->max_bytes = cfg->images.max_image_bytes;
	if (cfg->images.image_quality > 0)
		b->media->quality = cfg->images.image_quality;
	b->media->grayscale = cfg->images.grayscale;
	b->media->unwrap = !cfg->images.keep_proxies;
	if (b->spool == NULL && b->narticles > 0)
		b->spool = spool_new();	/* NULL: documents stay in memory */
	for (i = 0; i < b->media->n; i++)
		hmap_put(&ids, b->media->v[i].id)->val = xstrdup("");
	for (i = 0; i < b->media->rn; i++) {
		struct hent *e = hmap_put(&urls, b->media->rv[i].url);

		e->val = xstrdup("");
		e->next = i;
	}

	memset(&job, 0, sizeof(job));
	job.book = b;
	job.cfg = cfg;
	job.prog = prog;
	job.slots = xcalloc(b->narticles > 0 ? b->narticles : 1,
	    sizeof(*job.slots));
	for (i = 0; i < b->narticles; i++)
		diag_init(&job.slots[i].d);
	job.real_dirs = xcalloc(b->narticles + 1, sizeof(*job.real_dirs));
	job.real_roots = xcalloc(b->narticles + 1, sizeof(*job.real_roots));
	real_dirs(b, &dirs, job.real_dirs, job.real_roots);
	job.cache = convert_cache_open(b, cfg);
	pthread_mutex_init(&job.lock, NULL);
	if ((n = nthreads(cfg, b->narticles)) > 1) {
		xmlInitParser();
		tids = xcalloc(n - 1, sizeof(*tids));
		for (i = 0; i + 1 < n; i++)
			if (pthread_create(&tids[started], NULL, worker,
			    &job) == 0)
				started++;
		/* Threads that could not start leave their share to this one. */
		worker(&job);
		for (i = 0; i < started; i++)
			pthread_join(tids[i], NULL);
		free(tids);
	} else
		worker(&job);
	pthread_mutex_destroy(&job.lock);

	for (i = 0; i < b->narticles; i++) {
		if (job.slots[i].done) {
			if (job.slots[i].rc == -1)
				rc = -1;
			merge(b, b->articles[i], &job.slots[i], &ids, &urls,
			    d);
		} else {
			rc = -1;	/* interrupted */
			all_done = 0;
		}
		media_free(job.slots[i].media);
		diag_fini(&job.slots[i].d);
	}
	if (job.cache != NULL && cfg->verbose && !cfg->quiet)
		diag_note(d, NULL, 0, 0, "%zu of %zu articles from the cache, "
		    "%zu files not read again", convert_cache_hits(job.cache),
		    b->narticles, b->load_hits);
	/* Interrupted, the entries of articles not reached would be lost. */
	convert_cache_close(job.cache, cleanup_signal() == 0 && all_done);
	free(job.real_dirs);
	free(job.real_roots);
	hmap_fini(&dirs);
	free(job.slots);
	hmap_fini(&ids);
	hmap_fini(&urls);
	convert_cover(b, cfg, d);
	/* One line for each kind of warning many articles share. */
	diag_collapse(d, from);
	return rc;
}
