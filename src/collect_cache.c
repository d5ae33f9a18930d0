/*
 * The cache of loaded articles, beside the cache of converted ones: a
 * file loaded by an earlier build of the same book, by the same sheaf
 * with the same options, is not read or parsed again while its device,
 * inode, size and times are the same. Its entry holds what loading
 * gave: the result, the messages and every field of the article but
 * the body, which stays in its file with its place, hash and dedup
 * key; the body is read only when it is needed (book_article_body()),
 * that is when the article is converted again or looks like another.
 *
 * The key hashes sheaf's build id, the file's path and status and
 * the options loading reads (the zone of the site the file is in,
 * drafts, future, the size limit). A file skipped as dated in the
 * future is not kept: tomorrow it may not be. The entries of a book
 * live in one pack, CACHE/articles/<hash of its path>.load (see
 * cache_pack.c), replaced at each build.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "book.h"
#include "buf.h"
#include "cache_codec.h"
#include "cache_dir.h"
#include "cache_pack.h"
#include "config.h"
#include "diag.h"
#include "media.h"
#include "xalloc.h"
#include "collect_int.h"

#define LOAD_MAGIC	"sheaf-load 1\n"

struct collect_cache {
	struct cache_pack	*pack;
	char			 build[33];
	size_t			 hits;		/* atomic */
};

struct collect_cache *
collect_cache_open(const struct config *cfg)
{
	struct collect_cache	*cc;
	struct buf		 dir = BUF_INIT, name = BUF_INIT;
	const char		*why;

	if (cfg == NULL || cfg->output == NULL ||
	    cache_dir(cfg->cache_dir, "articles", &dir, &why) == -1) {
		buf_fini(&dir);
		return NULL;
	}
	cc = xcalloc(1, sizeof(*cc));
	cache_book_name(cfg->output, ".load", &name);
	if (cache_build_id(cc->build) == -1 ||
	    (cc->pack = cache_pack_open(dir.data, name.data)) == NULL) {
		free(cc);
		cc = NULL;
	}
	buf_fini(&dir);
	buf_fini(&name);
	return cc;
}

size_t
collect_cache_close(struct collect_cache *cc, int commit)
{
	size_t	 hits;

	if (cc == NULL)
		return 0;
	hits = cc->hits;
	cache_pack_close(cc->pack, commit);
	free(cc);
	return hits;
}

/* The key of loading the file at path, of status st, with c. */
static void
key_of(const struct collect_cache *cc, const char *path,
    const struct stat *st, const struct config *c, char key[33])
{
	struct buf	 k = BUF_INIT;

	BUF_PUTSL(&k, LOAD_MAGIC);
	cache_put_str(&k, cc->build);
	cache_put_str(&k, path);
	buf_put_le64(&k, (uint64_t)st->st_dev);
	buf_put_le64(&k, (uint64_t)st->st_ino);
	buf_put_le64(&k, (uint64_t)st->st_size);
	buf_put_le64(&k, (uint64_t)st->st_mtim.tv_sec);
	buf_put_le64(&k, (uint64_t)st->st_mtim.tv_nsec);
	buf_put_le64(&k, (uint64_t)st->st_ctim.tv_sec);
	buf_put_le64(&k, (uint64_t)st->st_ctim.tv_nsec);
	buf_put_le64(&k, (uint64_t)c->tz_offset);
	buf_put_le64(&k, (uint64_t)c->sel.drafts);
	buf_put_le64(&k, (uint64_t)c->sel.future);
	buf_put_le64(&k, (uint64_t)c->max_article);
	buf_put_le64(&k, (uint64_t)c->strict);
	media_hash(k.data, k.len, key);
	buf_fini(&k);
}

void
collect_cache_put(struct collect_cache *cc, const struct collect_load *ld,
    const struct config *c, const struct stat *st)
{
	const struct article	*a = ld->a;
	struct buf		 e = BUF_INIT;
	char			 key[33];

	/* Only what the same file always gives: not "in the future". */
	if (cc == NULL || !(ld->rc == 0 || (ld->rc == 1 &&
	    strcmp(ld->why, "draft") == 0)))
		return;
	key_of(cc, ld->path, st, c, key);
	BUF_PUTSL(&e, LOAD_MAGIC);
	buf_put_le32(&e, (uint32_t)ld->rc);
	cache_put_msgs(&e, &ld->d);
	if (ld->rc == 0)
		cache_put_article(&e, a, a->body_sum);
	cache_pack_put(cc->pack, key, e.data, e.len);
	buf_fini(&e);
}

/* The article of an entry, body left in its file; NULL when damaged. */
static struct article *
get_article(struct cache_rd *r, const char *path)
{
	struct article	*a = xcalloc(1, sizeof(*a));

	a->path = xstrdup(path);
	cache_get_article(r, a);
	a->body_lazy = 1;
	if (r->bad || a->title == NULL || r->p != r->end) {
		article_free(a);
		return NULL;
	}
	return a;
}

int
collect_cache_get(struct collect_cache *cc, struct collect_load *ld,
    const struct config *c)
{
	struct buf	 raw = BUF_INIT;
	struct diag	 msgs;
	struct cache_rd	 r;
	struct stat	 st;
	struct article	*a = NULL;
	char		 key[33];
	uint32_t	 rc;
	size_t		 i;
	int		 hit = 0;

	if (cc == NULL || stat(ld->path, &st) == -1 || !S_ISREG(st.st_mode))
		return -1;
	key_of(cc, ld->path, &st, c, key);
	if (cache_pack_get(cc->pack, key, &raw) == -1 ||
	    raw.len < sizeof(LOAD_MAGIC) - 1 ||
	    memcmp(raw.data, LOAD_MAGIC, sizeof(LOAD_MAGIC) - 1) != 0)
		goto out;
	r.p = (const unsigned char *)raw.data + sizeof(LOAD_MAGIC) - 1;
	r.end = (const unsigned char *)raw.data + raw.len;
	r.bad = 0;
	rc = cache_get_u32(&r);
	diag_init(&msgs);
	msgs.strict = ld->d.strict;
	msgs.verbose = ld->d.verbose;
	if ((rc != 0 && rc != 1) || cache_get_msgs(&r, &msgs) == -1 ||
	    (rc == 0 && (a = get_article(&r, ld->path)) == NULL) ||
	    (rc == 1 && r.p != r.end)) {
		diag_fini(&msgs);
		goto out;
	}
	for (i = 0; i < msgs.n; i++)
		diag_copy(&ld->d, &msgs.msgs[i]);
	diag_fini(&msgs);
	ld->rc = (int)rc;
	ld->a = a;
	ld->why = rc == 1 ? "draft" : NULL;
	if (cache_pack_keep(cc->pack, key) == -1)
		cache_pack_put(cc->pack, key, raw.data, raw.len);
	__atomic_fetch_add(&cc->hits, 1, __ATOMIC_RELAXED);
	hit = 1;
out:
	buf_fini(&raw);
	return hit ? 0 : -1;
}
