/*
 * The cache of converted articles, beside the image cache: an article
 * converted at an earlier build of the same book, by the same sheaf
 * with the same options, is not converted again. Its entry holds the
 * document deflated as the book stores it, the messages its
 * conversion gave, the remote images it asks for and the local images
 * it embeds, so a warm build writes the same bytes and says the same
 * things as a cold one.
 *
 * The key hashes sheaf's own executable (a new build of sheaf starts
 * afresh), the options conversion reads and every field of the
 * article, its body included. What the conversion looked up outside
 * the article, the packed article each link names and the file each
 * image path resolves to, with that file's device, inode, size and
 * times, is kept in the entry as its trail; a hit replays the trail
 * against this build's book and files and counts only when every
 * answer is the same. An article that met a missing or unreadable
 * image is not kept: its message may name a near miss that changes.
 *
 * The entries of a book live in one pack (cache_pack.c) named after
 * the book's file, CACHE/articles/<hash of its path>.pack, replaced
 * at each build; packs (and the records of package_reuse.c) unused
 * for CACHE_KEEP days are removed.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


#include "book.h"
#include "buf.h"
#include "cache_codec.h"
#include "cache_dir.h"
#include "cache_pack.h"
#include "config.h"
#include "convert_int.h"
#include "diag.h"
#include "media.h"
#include "spool.h"
#include "xalloc.h"

#define ENTRY_MAGIC	"sheaf-article 2\n"
#define CACHE_KEEP	30		/* days an unused entry is kept */
#define DAY		(24 * 60 * 60)

struct convert_cache {
	struct cache_pack *pack;
	char		 build[33];	/* hash of sheaf's executable */
	size_t		 hits;
	int		 adopted;	/* the spool reads the pack's file */
	pthread_mutex_t	 lock;
};

/*** The trail ***/

static struct convert_look *
look_new(struct convert_trail *t, enum convert_look_kind kind, const char *ref,
    const char *answer)
{
	struct convert_look	*l;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	l = &t->v[t->n++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->ref = xstrdup(ref);
	l->answer = answer != NULL ? xstrdup(answer) : NULL;
	return l;
}

void
convert_trail_link(const struct convert *c, const char *ref, const char *href)
{
	if (c->trail != NULL)
		look_new(c->trail, LOOK_LINK, ref, href);
}

/* The parts of a file's stat that change when it is replaced. */
static void
identity(const struct stat *st, uint64_t v[7])
{
	v[0] = (uint64_t)st->st_dev;
	v[1] = (uint64_t)st->st_ino;
	v[2] = (uint64_t)st->st_size;
	v[3] = (uint64_t)st->st_mtim.tv_sec;
	v[4] = (uint64_t)st->st_mtim.tv_nsec;
	v[5] = (uint64_t)st->st_ctim.tv_sec;
	v[6] = (uint64_t)st->st_ctim.tv_nsec;
}

void
convert_trail_image(struct convert *c, enum convert_look_kind kind, const char *ref,
    const char *file, const struct stat *st, const struct resource *r)
{
	struct convert_look	*l;

	if (c->trail == NULL)
		return;
	l = look_new(c->trail, kind, ref, file);
	identity(st, l->st);
	l->id = xstrdup(r->id);
	l->href = xstrdup(r->href);
	l->type = xstrdup(r->media_type);
	l->as_is = r->data == NULL && strcmp(r->path, file) == 0;
}

void
convert_trail_spoil(struct convert *c)
{
	if (c->trail != NULL)
		c->trail->spoilt = 1;
}

void
convert_trail_fini(struct convert_trail *t)
{
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].ref);
		free(t->v[i].answer);
		free(t->v[i].id);
		free(t->v[i].href);
		free(t->v[i].type);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/*** Writing and reading entries ***/

/*** The key ***/

/*
 * Everything conversion reads: the article, the book's language,
 * site and zone, the options and the image limits.
 */
static void
key_of(const struct convert_cache *cc, const struct book *b,
    const struct article *a, const struct config *cfg, char key[33])
{
	static const unsigned char zero[16];
	struct buf	 k = BUF_INIT;
	unsigned char	 sum[16];

	BUF_PUTSL(&k, ENTRY_MAGIC);
	cache_put_str(&k, cc->build);
	cache_put_str(&k, b->language);
	cache_put_str(&k, b->site_url);
	buf_put_le64(&k, (uint64_t)b->tz_offset);
	buf_put_le64(&k, (uint64_t)cfg->tz_offset);
	buf_put_le64(&k, (uint64_t)cfg->look.vertical);
	buf_put_le64(&k, b->media->max_pixels);
	buf_put_le64(&k, b->media->max_bytes);
	buf_put_le64(&k, (uint64_t)b->media->quality);
	buf_put_le64(&k, (uint64_t)b->media->grayscale);
	buf_put_le64(&k, (uint64_t)b->media->unwrap);

	cache_put_str(&k, a->path);
	cache_put_str(&k, a->dir);
	cache_put_str(&k, a->root);
	cache_put_str(&k, a->site);
	/* The body by its hash: one read from the cache has no bytes. */
	if (memcmp(a->body_sum, zero, sizeof(zero)) != 0)
		cache_put_article(&k, a, a->body_sum);
	else {
		book_body_sum(a->body != NULL ? a->body : "", a->body_len,
		    sum);
		cache_put_article(&k, a, sum);
	}
	media_hash(k.data, k.len, key);
	buf_fini(&k);
}

/*** Opening the cache ***/

/* The hash of the running executable, or -1 when it cannot be read. */
/*
 * A book's pack, the pack of its loads (collect_cache.c) or the record
 * of its zip (package_reuse.c).
 */
static int
is_pack(const char *name)
{
	return strlen(name) == 37 && strspn(name, "0123456789abcdef") == 32 &&
	    (strcmp(name + 32, ".pack") == 0 ||
	    strcmp(name + 32, ".load") == 0 ||
	    strcmp(name + 32, ".book") == 0);
}

/* Remove the packs unused for CACHE_KEEP days, at most once a day. */
static void
prune(const char *dir)
{
	struct buf	 path = BUF_INIT;
	struct stat	 st;
	int		 fd;

	buf_printf(&path, "%s/.pruned", dir);
	if (stat(path.data, &st) == -1 || time(NULL) - st.st_mtime >= DAY) {
		if ((fd = open(path.data, O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0600)) != -1)
			close(fd);
		cache_expire(dir, is_pack, (long)CACHE_KEEP * DAY);
	}
	buf_fini(&path);
}

struct convert_cache *
convert_cache_open(const struct book *b, const struct config *cfg)
{
	struct convert_cache	*cc;
	struct buf		 dir = BUF_INIT, name = BUF_INIT;
	const char		*why;
	int			 fd;

	if (b->spool == NULL || cfg == NULL || cfg->output == NULL ||
	    cache_dir(cfg->cache_dir, "articles", &dir, &why) == -1) {
		buf_fini(&dir);
		return NULL;	/* the image cache warns about its folder */
	}
	cc = xcalloc(1, sizeof(*cc));
	cache_sweep(dir.data);
	prune(dir.data);
	cache_book_name(cfg->output, ".pack", &name);
	if (cache_build_id(cc->build) == -1 ||
	    (cc->pack = cache_pack_open(dir.data, name.data)) == NULL) {
		free(cc);
		cc = NULL;
	} else {
		pthread_mutex_init(&cc->lock, NULL);
		if ((fd = dup(cache_pack_fd(cc->pack))) != -1)
			cc->adopted = spool_adopt(b->spool, fd) == 0;
	}
	buf_fini(&dir);
	buf_fini(&name);
	return cc;
}

void
convert_cache_close(struct convert_cache *cc, int commit)
{
	if (cc == NULL)
		return;
	cache_pack_close(cc->pack, commit);
	pthread_mutex_destroy(&cc->lock);
	free(cc);
}

size_t
convert_cache_hits(const struct convert_cache *cc)
{
	return cc != NULL ? cc->hits : 0;
}

/*** Replaying a trail ***/

/* Append a resource known from the trail unless m has it. */
static void
add_known(struct media *m, const struct convert_look *l)
{
	struct resource	*r;
	size_t		 i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->v[i].id, l->id) == 0)
			return;
	r = media_append(m);
	r->id = xstrdup(l->id);
	r->href = xstrdup(l->href);
	r->media_type = xstrdup(l->type);
	r->path = xstrdup(l->answer);
	r->size = (size_t)l->st[2];
	r->mtime = (time_t)l->st[3];
}

/* Does the image look l give the same file and image now? */
static int
replay_image(struct convert *c, const struct convert_look *l, struct media *m)
{
	const struct resource	*r;
	struct diag		 scratch;
	struct stat		 st;
	uint64_t		 now[7];
	char			*real;
	int			 outside, same = 0;

	if (l->kind == LOOK_SITE) {
		real = convert_site_image(c, l->ref);
		if (real != NULL && stat(real, &st) == -1) {
			free(real);
			real = NULL;
		}
	} else
		real = convert_local_image(c, l->ref, &outside, &st);
	if (real == NULL || l->answer == NULL || strcmp(real, l->answer) != 0)
		goto out;
	identity(&st, now);
	if (memcmp(now, l->st, sizeof(now)) != 0)
		goto out;
	if (l->as_is) {
		add_known(m, l);
		same = 1;
		goto out;
	}
	/* Converted bytes are made again; the name must come out the same. */
	diag_init(&scratch);
	r = media_add_real(m, real, &scratch, c->art->path, 0);
	same = r != NULL && strcmp(r->id, l->id) == 0 &&
	    strcmp(r->href, l->href) == 0;
	diag_fini(&scratch);
out:
	free(real);
	return same;
}

/* Does the link look l name the same packed article now? */
static int
replay_link(const struct convert *c, const struct convert_look *l)
{
	struct buf	 href = BUF_INIT;
	int		 found, same;

	found = convert_link_article(c, l->ref, &href) == 0;
	same = found == (l->answer != NULL) &&
	    (!found || strcmp(href.data, l->answer) == 0);
	buf_fini(&href);
	return same;
}

/* Read and replay the trail at r; 1 when it holds, 0 when not. */
static int
replay(struct cache_rd *r, struct book *b, struct article *a,
    const struct config *cfg, const struct convert_env *env, struct media *m)
{
	struct convert		 c;
	struct convert_look	 l;
	uint32_t		 i, n = cache_get_u32(r);
	int			 holds = !r->bad;

	memset(&c, 0, sizeof(c));
	c.book = b;
	c.art = a;
	c.cfg = cfg;
	if (env != NULL) {
		c.real_dir = env->real_dir ? xstrdup(env->real_dir) : NULL;
		c.real_root = env->real_root ? xstrdup(env->real_root) : NULL;
	}
	for (i = 0; i < n && holds; i++) {
		memset(&l, 0, sizeof(l));
		l.kind = (enum convert_look_kind)cache_get_u32(r);
		l.ref = cache_get_str(r);
		l.answer = cache_get_str(r);
		if (l.kind != LOOK_LINK) {
			size_t	 k;

			for (k = 0; k < 7; k++)
				l.st[k] = cache_get_u64(r);
			l.id = cache_get_str(r);
			l.href = cache_get_str(r);
			l.type = cache_get_str(r);
			l.as_is = (int)cache_get_u32(r);
		}
		if (r->bad || l.ref == NULL || (l.kind != LOOK_LINK &&
		    (l.id == NULL || l.href == NULL || l.type == NULL)))
			holds = 0;
		else if (l.kind == LOOK_LINK)
			holds = replay_link(&c, &l);
		else if (l.kind == LOOK_LOCAL || l.kind == LOOK_SITE)
			holds = replay_image(&c, &l, m);
		else
			holds = 0;
		free(l.ref);
		free(l.answer);
		free(l.id);
		free(l.href);
		free(l.type);
	}
	free(c.real_dir);
	free(c.real_root);
	return holds;
}

/*** Get and put ***/

int
convert_cache_get(struct convert_cache *cc, struct book *b, struct article *a,
    const struct config *cfg, const struct convert_env *env, struct media *m,
    struct diag *d, char key[33])
{
	struct buf	 raw = BUF_INIT;
	struct diag	 msgs;
	struct spool_ref ref;
	struct cache_rd	 r;
	uint32_t	 i, n;
	char		*url;
	size_t		 counts[4];
	int64_t		 at;
	int		 hit = 0;

	key_of(cc, b, a, cfg, key);
	if (cache_pack_get(cc->pack, key, &raw) == -1)
		goto out;
	r.p = (const unsigned char *)raw.data;
	r.end = r.p + raw.len;
	r.bad = 0;
	/* The pack checked its CRC; the magic says the layout is this one. */
	if (raw.len < sizeof(ENTRY_MAGIC) - 1 ||
	    memcmp(r.p, ENTRY_MAGIC, sizeof(ENTRY_MAGIC) - 1) != 0)
		goto out;
	r.p += sizeof(ENTRY_MAGIC) - 1;
	for (i = 0; i < 4; i++)
		counts[i] = (size_t)cache_get_u64(&r);
	memset(&ref, 0, sizeof(ref));
	ref.size = (size_t)cache_get_u64(&r);
	ref.comp_size = (size_t)cache_get_u64(&r);
	ref.crc = cache_get_u32(&r);
	if (r.end - r.p < 16)
		goto out;
	memcpy(ref.sum, r.p, 16);
	r.p += 16;
	diag_init(&msgs);
	msgs.verbose = 1;
	if (cache_get_msgs(&r, &msgs) == -1) {
		diag_fini(&msgs);
		goto out;
	}
	n = cache_get_u32(&r);
	for (i = 0; i < n && !r.bad; i++)
		if ((url = cache_get_str(&r)) != NULL) {
			media_want(m, url);
			free(url);
		} else
			r.bad = 1;
	if (r.bad || !replay(&r, b, a, cfg, env, m) || r.bad ||
	    (size_t)(r.end - r.p) != ref.comp_size) {
		diag_fini(&msgs);
		goto out;
	}
	/*
	 * Kept for the next build (an entry whose trail failed is not):
	 * the book reads the document there, not from a copy in the spool.
	 */
	if ((at = cache_pack_keep(cc->pack, key)) == -1)
		at = cache_pack_put(cc->pack, key, raw.data, raw.len);
	if (cc->adopted && at != -1) {
		ref.off = at + (r.p - (const unsigned char *)raw.data);
		ref.other = 1;
		ref.used = 1;
	} else if (spool_store(b->spool, r.p, &ref) == -1) {
		diag_fini(&msgs);
		goto out;
	}
	/* A hit: the messages and counts are the article's now. */
	for (i = 0; i < msgs.n; i++)
		diag_copy(d, &msgs.msgs[i]);
	diag_fini(&msgs);
	a->xref = ref;
	a->nimages = counts[0];
	a->nremote = counts[1];
	a->nalt_missing = counts[2];
	a->nlocal_missing = counts[3];
	pthread_mutex_lock(&cc->lock);
	cc->hits++;
	pthread_mutex_unlock(&cc->lock);
	hit = 1;
out:
	buf_fini(&raw);
	return hit ? 0 : -1;
}

void
convert_cache_put(struct convert_cache *cc, const char key[33],
    const struct article *a, const struct media *m, const struct diag *d,
    const struct convert_trail *t, const unsigned char *z)
{
	struct buf		 e = BUF_INIT;
	const struct convert_look	*l;
	size_t			 i, k;

	if (t->spoilt)
		return;
	BUF_PUTSL(&e, ENTRY_MAGIC);
	buf_put_le64(&e, a->nimages);
	buf_put_le64(&e, a->nremote);
	buf_put_le64(&e, a->nalt_missing);
	buf_put_le64(&e, a->nlocal_missing);
	buf_put_le64(&e, a->xref.size);
	buf_put_le64(&e, a->xref.comp_size);
	buf_put_le32(&e, a->xref.crc);
	buf_put(&e, a->xref.sum, 16);
	cache_put_msgs(&e, d);
	buf_put_le32(&e, (uint32_t)m->rn);
	for (i = 0; i < m->rn; i++)
		cache_put_str(&e, m->rv[i].url);
	buf_put_le32(&e, (uint32_t)t->n);
	for (i = 0; i < t->n; i++) {
		l = &t->v[i];
		buf_put_le32(&e, (uint32_t)l->kind);
		cache_put_str(&e, l->ref);
		cache_put_str(&e, l->answer);
		if (l->kind == LOOK_LINK)
			continue;
		for (k = 0; k < 7; k++)
			buf_put_le64(&e, l->st[k]);
		cache_put_str(&e, l->id);
		cache_put_str(&e, l->href);
		cache_put_str(&e, l->type);
		buf_put_le32(&e, (uint32_t)l->as_is);
	}
	buf_put(&e, z, a->xref.comp_size);
	cache_pack_put(cc->pack, key, e.data, e.len);
	buf_fini(&e);
}
