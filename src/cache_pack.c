/*
 * Packs of cache entries (see include/cache_pack.h). The pack read is
 * looked up through an in-memory table of its index and read with
 * pread(2) entry by entry, so it is never in memory whole; entries are
 * written with pwrite(2) at places reserved under a lock, the new
 * index kept in memory until the pack is closed.
 *
 * A pack that opens whole, under an exclusive flock(2), is added to in
 * place: its entries kept stay where they are, new ones go after its
 * end, and closing writes the new index and trailer after them (or,
 * not committed, cuts the file back to what it was). Once the bytes no
 * longer indexed outweigh the others, closing writes a successor with
 * only the live entries instead. A pack another build holds, or none,
 * gets a successor from the start, which replaces it when closed.
 */
#define _GNU_SOURCE		/* copy_file_range(2) */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <zlib.h>

#include "buf.h"
#include "cache_pack.h"
#include "cleanup.h"
#include "xalloc.h"

#define PACK_MAGIC	"sheaf-pack 1\n"
#define PACK_END	"pack-end"
#define KEY_LEN		32
#define SLOT_LEN	(KEY_LEN + 16)	/* key, place, length, CRC */
#define TRAILER_LEN	24		/* index place, count, CRC, end */

struct slot {
	char		 key[KEY_LEN];
	uint64_t	 off;
	uint32_t	 len;
	uint32_t	 crc;
};

struct cache_pack {
	int		 fd;		/* the pack read, or -1 */
	struct slot	*v;		/* its index, a hash table */
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;

	char		*path;		/* dir/name */
	char		*dir;
	char		*tmp;		/* the successor, or NULL: in place */
	int		 out;		/* the successor, or fd in place */
	uint64_t	 end;
	uint64_t	 size;		/* of the pack read, in place */
	uint64_t	 live;		/* bytes of the entries indexed */
	struct slot	*nv;		/* the successor's index */
	size_t		 nn, ncap;
	int		 failed;	/* a write failed: never commit */
	pthread_mutex_t	 lock;
};

static uint32_t
crc(const void *p, size_t n)
{
	return (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)n);
}

static size_t
key_hash(const char *key)
{
	size_t	 h = 0;
	int	 i;

	for (i = 0; i < 16; i++)
		h = h * 31 + (unsigned char)key[i];
	return h;
}

static struct slot *
find(const struct cache_pack *p, const char *key)
{
	size_t	 i;

	if (p->cap == 0)
		return NULL;
	for (i = key_hash(key) & (p->cap - 1); p->v[i].len != 0;
	    i = (i + 1) & (p->cap - 1))
		if (memcmp(p->v[i].key, key, KEY_LEN) == 0)
			return &p->v[i];
	return NULL;
}

/* Read the index of the pack at p->fd into the table; -1 when bad. */
static int
load_index(struct cache_pack *p)
{
	unsigned char	 t[TRAILER_LEN], *ix = NULL, *e;
	struct stat	 st;
	uint64_t	 at, size;
	uint32_t	 n, i;
	struct slot	 s, *d;

	if (fstat(p->fd, &st) == -1 || !S_ISREG(st.st_mode))
		return -1;
	size = (uint64_t)st.st_size;
	if (size < sizeof(PACK_MAGIC) - 1 + TRAILER_LEN ||
	    pread_all(p->fd, t, TRAILER_LEN, size - TRAILER_LEN) == -1 ||
	    memcmp(t + 16, PACK_END, 8) != 0)
		return -1;
	at = le64_get(t);
	n = le32_get(t + 8);
	if (at < sizeof(PACK_MAGIC) - 1 || n > (size >> 4) ||
	    at + (uint64_t)n * SLOT_LEN + TRAILER_LEN != size)
		return -1;
	ix = xmalloc((size_t)n * SLOT_LEN + 1);
	if (pread_all(p->fd, ix, (size_t)n * SLOT_LEN, at) == -1 ||
	    crc(ix, (size_t)n * SLOT_LEN) != le32_get(t + 12)) {
		free(ix);
		return -1;
	}
	for (p->cap = 16; p->cap < 2 * (size_t)n; p->cap *= 2)
		continue;
	p->v = xcalloc(p->cap, sizeof(*p->v));
	for (i = 0; i < n; i++) {
		e = ix + (size_t)i * SLOT_LEN;
		memcpy(s.key, e, KEY_LEN);
		s.off = le64_get(e + KEY_LEN);
		s.len = le32_get(e + KEY_LEN + 8);
		s.crc = le32_get(e + KEY_LEN + 12);
		if (s.len == 0 || s.off < sizeof(PACK_MAGIC) - 1 ||
		    s.off + s.len > at || find(p, s.key) != NULL)
			continue;
		for (d = &p->v[key_hash(s.key) & (p->cap - 1)];
		    d->len != 0; d = &p->v[(size_t)(d - p->v + 1) &
		    (p->cap - 1)])
			continue;
		*d = s;
		p->n++;
	}
	free(ix);
	return 0;
}

/* Start the successor: a temporary file in p->dir. 0, or -1. */
static int
successor(struct cache_pack *p)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%s/.tmp-XXXXXX", p->dir);
	if ((p->out = mkstemp(b.data)) == -1) {
		buf_fini(&b);
		return -1;
	}
	p->tmp = buf_detach(&b);
	cleanup_track(p->tmp);
	p->end = sizeof(PACK_MAGIC) - 1;
	if (pwrite_all(p->out, PACK_MAGIC, p->end, 0) == -1)
		p->failed = 1;
	return 0;
}

struct cache_pack *
cache_pack_open(const char *dir, const char *name)
{
	struct cache_pack	*p = xcalloc(1, sizeof(*p));
	struct buf		 b = BUF_INIT;
	struct stat		 st;

	buf_printf(&b, "%s/%s", dir, name);
	p->path = buf_detach(&b);
	p->dir = xstrdup(dir);
	pthread_mutex_init(&p->lock, NULL);
	p->fd = open(p->path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (p->fd != -1 && flock(p->fd, LOCK_EX | LOCK_NB) == 0 &&
	    load_index(p) == 0 && fstat(p->fd, &st) == 0) {
		/* Whole and ours alone: added to in place. */
		p->out = p->fd;
		p->end = p->size = (uint64_t)st.st_size;
		return p;
	}
	if (p->fd != -1 && flock(p->fd, LOCK_SH | LOCK_NB) == -1) {
		/* Another build has it: read nothing from it. */
		close(p->fd);
		p->fd = -1;
	}
	free(p->v);
	p->v = NULL;
	p->cap = p->n = 0;
	if (p->fd != -1 && load_index(p) == -1) {
		free(p->v);
		p->v = NULL;
		p->cap = p->n = 0;
	}
	if (successor(p) == -1) {
		if (p->fd != -1)
			close(p->fd);
		pthread_mutex_destroy(&p->lock);
		free(p->v);
		free(p->path);
		free(p->dir);
		free(p);
		return NULL;
	}
	return p;
}

/* Add slot s to the new index; under the lock. */
static void
index_add(struct cache_pack *p, const struct slot *s)
{
	if (p->nn == p->ncap) {
		p->ncap = p->ncap ? p->ncap * 2 : 256;
		p->nv = xreallocarray(p->nv, p->ncap, sizeof(*p->nv));
	}
	p->nv[p->nn++] = *s;
	p->live += 8 + s->len;
}

int64_t
cache_pack_keep(struct cache_pack *p, const char *key)
{
	const struct slot	*s;

	if (p->tmp != NULL || (s = find(p, key)) == NULL)
		return -1;
	pthread_mutex_lock(&p->lock);
	index_add(p, s);
	pthread_mutex_unlock(&p->lock);
	return (int64_t)s->off;
}

/*
 * The frame head and the n bytes at data, written at at with one
 * pwritev(2); what a short write left, piece by piece. 0, or -1.
 */
static int
put_framed(int fd, unsigned char head[8], const void *data, size_t n,
    uint64_t at)
{
	struct iovec	 iov[2];
	ssize_t		 w;
	size_t		 done;

	iov[0].iov_base = head;
	iov[0].iov_len = 8;
	iov[1].iov_base = (void *)(uintptr_t)data;
	iov[1].iov_len = n;
	while ((w = pwritev(fd, iov, 2, (off_t)at)) == -1 && errno == EINTR)
		continue;
	if (w == -1)
		return -1;
	if ((done = (size_t)w) == 8 + n)
		return 0;
	if (done < 8 && pwrite_all(fd, head + done, 8 - done, at + done) == -1)
		return -1;
	done = done < 8 ? 0 : done - 8;
	return pwrite_all(fd, (const char *)data + done, n - done,
	    at + 8 + done);
}

int64_t
cache_pack_put(struct cache_pack *p, const char *key, const void *data,
    size_t n)
{
	unsigned char	 head[8];
	struct slot	 ns;
	uint64_t	 at;
	uint32_t	 c;

	if (n == 0 || n > UINT32_MAX - 8)
		return -1;
	c = crc(data, n);
	memcpy(ns.key, key, KEY_LEN);
	ns.len = (uint32_t)n;
	ns.crc = c;
	pthread_mutex_lock(&p->lock);
	at = p->end;
	p->end += 8 + n;
	ns.off = at + 8;
	index_add(p, &ns);
	pthread_mutex_unlock(&p->lock);
	/* Each entry is framed too: its length and CRC before it. */
	le32_put(head, (uint32_t)n);
	le32_put(head + 4, c);
	if (put_framed(p->out, head, data, n, at) == -1) {
		p->failed = 1;
		return -1;
	}
	return (int64_t)(at + 8);
}

int
cache_pack_fd(const struct cache_pack *p)
{
	return p->out;
}

int
cache_pack_get(struct cache_pack *p, const char *key, struct buf *out)
{
	const struct slot	*s;

	if (p->fd == -1 || (s = find(p, key)) == NULL)
		return -1;
	buf_reset(out);
	buf_grow(out, s->len);
	if (pread_all(p->fd, out->data, s->len, s->off) == -1 ||
	    crc(out->data, s->len) != s->crc)
		return -1;
	out->len = s->len;
	out->data[out->len] = '\0';
	return 0;
}

/* Write the successor's index and trailer; 0, or -1. */
static int
finish(struct cache_pack *p)
{
	struct buf	 ix = BUF_INIT, t = BUF_INIT;
	size_t		 i;
	int		 rc;

	for (i = 0; i < p->nn; i++) {
		buf_put(&ix, p->nv[i].key, KEY_LEN);
		buf_put_le64(&ix, p->nv[i].off);
		buf_put_le32(&ix, p->nv[i].len);
		buf_put_le32(&ix, p->nv[i].crc);
	}
	buf_put_le64(&t, p->end);
	buf_put_le32(&t, (uint32_t)p->nn);
	buf_put_le32(&t, crc(ix.data != NULL ? ix.data : "", ix.len));
	buf_put(&t, PACK_END, 8);
	rc = (ix.len > 0 && pwrite_all(p->out, ix.data, ix.len, p->end) == -1) ||
	    pwrite_all(p->out, t.data, t.len, p->end + ix.len) == -1 ? -1 : 0;
	buf_fini(&ix);
	buf_fini(&t);
	return rc;
}

/*
 * Copy the entries of the new index from the pack in place into a
 * successor, then finish it. 0, or -1.
 */
static int
compact(struct cache_pack *p)
{
	struct slot	*v = p->nv;
	uint64_t	 at;
	size_t		 i;
	loff_t		 in, out;
	ssize_t		 k;
	size_t		 left;

	if (successor(p) == -1)
		return -1;
	for (i = 0; i < p->nn && !p->failed; i++) {
		at = p->end;
		in = (loff_t)(v[i].off - 8);
		out = (loff_t)at;
		for (left = 8 + (size_t)v[i].len; left > 0; left -= (size_t)k)
			if ((k = copy_file_range(p->fd, &in, p->out, &out,
			    left, 0)) <= 0) {
				p->failed = 1;
				break;
			}
		v[i].off = at + 8;
		p->end += 8 + v[i].len;
	}
	return p->failed ? -1 : finish(p);
}

/*
 * Close a pack added to in place: its new index and trailer after the
 * new entries, or, with more bytes dead than live, a successor with the
 * live entries only. Not committed (the build stopped), the pack is
 * cut back to what it was. Committed, its bytes are never cut: the
 * book may read documents there (spool_adopt()); a pack whose index
 * could not be written reads as empty next time.
 */
static void
close_in_place(struct cache_pack *p, int commit)
{
	int	 fd = p->fd, ok = 0;

	if (!commit)
		(void)!ftruncate(fd, (off_t)p->size);
	else if (!p->failed && p->end - p->live > p->live) {
		if (compact(p) == 0) {
			ok = close(p->out) == 0 && rename(p->tmp, p->path) == 0;
			p->out = -1;
		}
		if (!ok && p->tmp != NULL) {
			if (p->out != -1)
				close(p->out);
			unlink(p->tmp);
		}
		if (p->tmp != NULL)
			cleanup_forget(p->tmp);
	} else if (!p->failed)
		finish(p);
	close(fd);
}

void
cache_pack_close(struct cache_pack *p, int commit)
{
	int	 ok;

	if (p == NULL)
		return;
	if (p->out == p->fd)
		close_in_place(p, commit);
	else {
		ok = commit && !p->failed && finish(p) == 0;
		if (close(p->out) == -1 || !ok || rename(p->tmp, p->path) == -1)
			unlink(p->tmp);
		cleanup_forget(p->tmp);
		if (p->fd != -1)
			close(p->fd);
	}
	pthread_mutex_destroy(&p->lock);
	free(p->v);
	free(p->nv);
	free(p->path);
	free(p->dir);
	free(p->tmp);
	free(p);
}
