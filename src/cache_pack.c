/*
 * Packs of cache entries (see include/cache_pack.h). The pack read is
 * looked up through an in-memory table of its index and read with
 * pread(2) entry by entry, so it is never in memory whole; the
 * successor is written with pwrite(2) at places reserved under a lock,
 * its index kept in memory until it is closed.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	char		*tmp;		/* the successor */
	int		 out;
	uint64_t	 end;
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

struct cache_pack *
cache_pack_open(const char *dir, const char *name)
{
	struct cache_pack	*p = xcalloc(1, sizeof(*p));
	struct buf		 b = BUF_INIT;

	buf_printf(&b, "%s/%s", dir, name);
	p->path = buf_detach(&b);
	buf_printf(&b, "%s/.tmp-XXXXXX", dir);
	if ((p->out = mkstemp(b.data)) == -1) {
		buf_fini(&b);
		free(p->path);
		free(p);
		return NULL;
	}
	p->tmp = buf_detach(&b);
	cleanup_track(p->tmp);
	p->end = sizeof(PACK_MAGIC) - 1;
	if (pwrite_all(p->out, PACK_MAGIC, p->end, 0) == -1)
		p->failed = 1;
	pthread_mutex_init(&p->lock, NULL);
	if ((p->fd = open(p->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) != -1 &&
	    load_index(p) == -1) {
		free(p->v);
		p->v = NULL;
		p->cap = p->n = 0;
	}
	return p;
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
	struct slot	*s;
	uint64_t	 at;
	uint32_t	 c;

	if (n == 0 || n > UINT32_MAX - 8)
		return -1;
	c = crc(data, n);
	pthread_mutex_lock(&p->lock);
	at = p->end;
	p->end += 8 + n;
	if (p->nn == p->ncap) {
		p->ncap = p->ncap ? p->ncap * 2 : 256;
		p->nv = xreallocarray(p->nv, p->ncap, sizeof(*p->nv));
	}
	s = &p->nv[p->nn++];
	memcpy(s->key, key, KEY_LEN);
	s->off = at + 8;
	s->len = (uint32_t)n;
	s->crc = c;
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

void
cache_pack_close(struct cache_pack *p, int commit)
{
	int	 ok;

	if (p == NULL)
		return;
	ok = commit && !p->failed && finish(p) == 0;
	if (close(p->out) == -1 || !ok || rename(p->tmp, p->path) == -1)
		unlink(p->tmp);
	cleanup_forget(p->tmp);
	if (p->fd != -1)
		close(p->fd);
	pthread_mutex_destroy(&p->lock);
	free(p->v);
	free(p->nv);
	free(p->path);
	free(p->tmp);
	free(p);
}
