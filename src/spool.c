/*
 * The spool of deflated documents (see include/spool.h). Each caller
 * deflates into its own buffer, then reserves a range at the end of
 * the file under the lock and writes it with pwrite(2) outside the
 * lock, so threads only wait for one another for an addition.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <zlib.h>

#include "buf.h"
#include "spool.h"
#include "uuid5.h"
#include "xalloc.h"

/* The namespace of document digests: ns_sheaf of package_opf.c. */
static const unsigned char spool_ns[16] = {
	0xeb, 0xa2, 0x6b, 0x37, 0xf4, 0x76, 0x43, 0x05,
	0xb4, 0x9e, 0x7d, 0xb6, 0x7f, 0xe8, 0xd9, 0xe7
};

struct spool {
	int		 fd;
	int		 other;		/* spool_adopt()'s, or -1 */
	int64_t		 end;
	pthread_mutex_t	 lock;
};

struct spool *
spool_new(void)
{
	struct spool	*s;
	struct buf	 name = BUF_INIT;
	const char	*dir = getenv("TMPDIR");
	int		 fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	buf_printf(&name, "%s/sheaf-spool.XXXXXX", dir);
	if ((fd = mkstemp(name.data)) == -1) {
		buf_fini(&name);
		return NULL;
	}
	unlink(name.data);
	buf_fini(&name);
	s = xcalloc(1, sizeof(*s));
	s->fd = fd;
	s->other = -1;
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

void
spool_free(struct spool *s)
{
	if (s == NULL)
		return;
	close(s->fd);
	if (s->other != -1)
		close(s->other);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

int
spool_fd(const struct spool *s, const struct spool_ref *ref)
{
	return ref->other ? s->other : s->fd;
}

int
spool_adopt(struct spool *s, int fd)
{
	if (s->other != -1) {
		close(fd);
		return -1;
	}
	s->other = fd;
	return 0;
}

/* Raw deflate (no zlib header), as a zip entry holds it. */
static int
deflate_all(const void *p, size_t n, unsigned char **out, size_t *outlen)
{
	z_stream	 z = { 0 };
	uLong		 cap;

	if (n > UINT32_MAX) {
		errno = EFBIG;
		return -1;
	}
	/* zlib fails to start only for want of memory. */
	if (deflateInit2(&z, SPOOL_LEVEL, Z_DEFLATED, -MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		xalloc_oom();
	cap = deflateBound(&z, (uLong)n);
	*out = xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = *out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(*out);
		*out = NULL;
		errno = EIO;
		return -1;
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	return 0;
}

int
spool_pack(const void *p, size_t n, unsigned char **z, struct spool_ref *ref)
{
	ref->used = 0;
	if (deflate_all(p, n, z, &ref->comp_size) == -1)
		return -1;
	ref->size = n;
	ref->crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)n);
	uuid5_make(ref->sum, spool_ns, p, n);
	return 0;
}

int
spool_store(struct spool *s, const unsigned char *z, struct spool_ref *ref)
{
	int64_t		 off;

	ref->used = 0;
	ref->other = 0;
	pthread_mutex_lock(&s->lock);
	off = s->end;
	s->end += (int64_t)ref->comp_size;
	pthread_mutex_unlock(&s->lock);
	if (pwrite_all(s->fd, z, ref->comp_size, (uint64_t)off) == -1)
		return -1;
	ref->off = off;
	ref->used = 1;
	return 0;
}

int
spool_put(struct spool *s, const void *p, size_t n, struct spool_ref *ref)
{
	unsigned char	*z = NULL;
	int		 rc;

	if (spool_pack(p, n, &z, ref) == -1)
		return -1;
	rc = spool_store(s, z, ref);
	free(z);
	return rc;
}

int
spool_get(const struct spool *s, const struct spool_ref *ref,
    struct buf *out)
{
	z_stream	 z = { 0 };
	unsigned char	*in;
	int		 zr;

	if (!ref->used || ref->comp_size > UINT32_MAX || ref->size > UINT32_MAX) {
		errno = EINVAL;
		return -1;
	}
	in = xmalloc(ref->comp_size ? ref->comp_size : 1);
	if (pread_all(spool_fd(s, ref), in, ref->comp_size,
	    (uint64_t)ref->off) == -1) {
		free(in);
		return -1;
	}
	if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
		xalloc_oom();	/* only for want of memory */
	buf_grow(out, ref->size + 1);
	z.next_in = in;
	z.avail_in = (uInt)ref->comp_size;
	z.next_out = (Bytef *)out->data + out->len;
	z.avail_out = (uInt)ref->size + 1;
	zr = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	free(in);
	if (zr != Z_STREAM_END || z.total_out != ref->size ||
	    (uint32_t)crc32(crc32(0L, Z_NULL, 0), (Bytef *)out->data +
	    out->len, (uInt)ref->size) != ref->crc) {
		out->data[out->len] = '\0';
		errno = EIO;
		return -1;
	}
	out->len += ref->size;
	out->data[out->len] = '\0';
	return 0;
}
