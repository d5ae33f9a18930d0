/*
 * The book's zip written straight to our temporary file: a libzip
 * source that takes the archive's bytes at zip_close() and writes
 * them to a file descriptor. libzip then makes no temporary file of
 * its own (one a signal could not remove, named with random bytes
 * whose set-up crashes when memory runs out), and the archive is
 * never held in memory: each entry streams from its source to disk.
 *
 * libzip writes in chunks of 8 KiB and goes back to finish each local
 * header once its entry is written; the sink gathers the bytes of a
 * window of the file (SINK_BUF) and writes the window at once, so an
 * entry costs a system call or two rather than a dozen. Every
 * SINK_SYNC bytes written, the kernel is asked to start writing them
 * to disk, so that the fsync(2) at the end has little left to wait for.
 *
 * Given the previous book as well, the sink is the archive libzip
 * reads before it writes: libzip asks to keep the first bytes of that
 * file, its entries sheaf lends to the new book (package_zip.c): most
 * of them copied ahead while the build ran (package_reuse.c), the rest
 * copied then, in the kernel with copy_file_range(2) where it can.
 */
#define _GNU_SOURCE		/* sync_file_range(2) */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "package_int.h"
#include "xalloc.h"

#define SINK_BUF	((size_t)256 << 10)
#define SINK_SYNC	((off_t)8 << 20)

struct sink {
	int		 fd;
	int		 old;		/* the previous book, or -1 */
	off_t		 old_size;
	off_t		 rpos;		/* where libzip reads in it */
	struct package_ahead *ahead;	/* copying old into fd, or NULL */
	int		 copy_err;	/* errno of a failed copy of old */
	int		*werr;		/* errno of a failed write, for the caller */
	zip_error_t	 error;
	unsigned char	*buf;		/* the bytes of [base, base + len) */
	size_t		 len;
	off_t		 base;
	off_t		 pos;		/* where the next write goes */
	off_t		 size;		/* of the file, with what is held */
	off_t		 synced;	/* written back from 0 to here */
};

static zip_int64_t
fail(struct sink *s, int ze)
{
	*s->werr = errno;
	zip_error_set(&s->error, ze, errno);
	return -1;
}

/* Reading the previous book: where it was is of no use. */
static zip_int64_t
rfail(struct sink *s, int ze)
{
	zip_error_set(&s->error, ze, errno);
	return -1;
}

/* The end of the copy made ahead, which then writes no more; 0: none. */
static off_t
wait_ahead(struct sink *s, int stop)
{
	off_t	 copied = 0;

	if (s->ahead != NULL) {
		copied = package_ahead_wait(s->ahead, stop);
		s->ahead = NULL;
	}
	return copied;
}

/* Write out the window; the next one starts where it ended. */
static int
flush(struct sink *s)
{
	if (s->len > 0 && (lseek(s->fd, s->base, SEEK_SET) == -1 ||
	    write_all(s->fd, s->buf, s->len) == -1))
		return -1;
	s->base += (off_t)s->len;
	s->len = 0;
#ifdef SYNC_FILE_RANGE_WRITE
	/* Only a hint: an error shows at the fsync(2). */
	if (s->base - s->synced >= SINK_SYNC) {
		sync_file_range(s->fd, s->synced, s->base - s->synced,
		    SYNC_FILE_RANGE_WRITE);
		s->synced = s->base;
	}
#endif
	return 0;
}

static int
put(struct sink *s, const void *data, size_t n)
{
	size_t	 off;

	/* Outside the window: write it out and start one here. */
	if (s->pos < s->base || s->pos > s->base + (off_t)s->len) {
		if (flush(s) == -1)
			return -1;
		s->base = s->pos;
	}
	off = (size_t)(s->pos - s->base);
	if (off + n > SINK_BUF) {
		if (flush(s) == -1 || lseek(s->fd, s->pos, SEEK_SET) == -1 ||
		    write_all(s->fd, data, n) == -1)
			return -1;
		s->base = s->pos + (off_t)n;
	} else {
		memcpy(s->buf + off, data, n);
		if (off + n > s->len)
			s->len = off + n;
	}
	s->pos += (off_t)n;
	if (s->pos > s->size)
		s->size = s->pos;
	return 0;
}

static zip_int64_t
sink_cb(void *arg, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct sink		*s = arg;
	zip_source_args_seek_t	*seek;
	zip_stat_t		*st;
	zip_int64_t		 r;
	off_t			 at;

	switch (cmd) {
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_WRITABLE | (s->old == -1 ? 0 :
		    ZIP_SOURCE_MAKE_COMMAND_BITMASK(
		    ZIP_SOURCE_BEGIN_WRITE_CLONING));
	case ZIP_SOURCE_STAT:
	case ZIP_SOURCE_OPEN:
		if (s->old == -1) {
			/* Nothing to read: libzip starts a new archive. */
			zip_error_set(&s->error, ZIP_ER_READ, ENOENT);
			return -1;
		}
		if (cmd == ZIP_SOURCE_OPEN) {
			s->rpos = 0;
			return 0;
		}
		if ((st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len,
		    &s->error)) == NULL)
			return -1;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE;
		st->size = (zip_uint64_t)s->old_size;
		return sizeof(*st);
	case ZIP_SOURCE_READ:
		if (s->old == -1)
			return 0;
		if (len > (zip_uint64_t)(s->old_size - s->rpos))
			len = (zip_uint64_t)(s->old_size - s->rpos);
		if (len > 0 && pread_all(s->old, data, len, s->rpos) == -1)
			return rfail(s, ZIP_ER_READ);
		s->rpos += (off_t)len;
		return (zip_int64_t)len;
	case ZIP_SOURCE_SEEK:
		if (s->old == -1)
			return 0;
		if ((r = zip_source_seek_compute_offset((zip_uint64_t)s->rpos,
		    (zip_uint64_t)s->old_size, data, len, &s->error)) < 0)
			return -1;
		s->rpos = (off_t)r;
		return 0;
	case ZIP_SOURCE_TELL:
		return (zip_int64_t)s->rpos;
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_BEGIN_WRITE_CLONING:
		if (s->old == -1 || len > (zip_uint64_t)s->old_size) {
			errno = EINVAL;
			return fail(s, ZIP_ER_INVAL);
		}
		/* Copied ahead (package_reuse.c), the rest copied now. */
		if ((at = wait_ahead(s, 0)) > (off_t)len)
			at = (off_t)len;
		/* A failed copy fails the commit, as a failed write does. */
		if (ftruncate(s->fd, at) == -1 || package_copy(s->old, s->fd,
		    at, (size_t)((off_t)len - at)) == -1)
			s->copy_err = errno;
#ifdef SYNC_FILE_RANGE_WRITE
		if (at < (off_t)len)
			sync_file_range(s->fd, at, (off_t)len - at,
			    SYNC_FILE_RANGE_WRITE);
#endif
		s->len = 0;
		s->base = s->pos = s->size = s->synced = (off_t)len;
		return 0;
	case ZIP_SOURCE_BEGIN_WRITE:
	case ZIP_SOURCE_ROLLBACK_WRITE:
	case ZIP_SOURCE_REMOVE:
		wait_ahead(s, 1);
		s->len = 0;
		s->base = s->pos = s->size = s->synced = 0;
		if (ftruncate(s->fd, 0) == -1 ||
		    lseek(s->fd, 0, SEEK_SET) == -1)
			return fail(s, ZIP_ER_WRITE);
		return 0;
	case ZIP_SOURCE_WRITE:
		if (put(s, data, (size_t)len) == -1)
			return fail(s, ZIP_ER_WRITE);
		return (zip_int64_t)len;
	case ZIP_SOURCE_SEEK_WRITE:
		seek = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len,
		    &s->error);
		if (seek == NULL)
			return -1;
		at = seek->whence == SEEK_SET ? 0 : seek->whence == SEEK_CUR ?
		    s->pos : s->size;
		if ((seek->whence != SEEK_SET && seek->whence != SEEK_CUR &&
		    seek->whence != SEEK_END) || at + seek->offset < 0) {
			errno = EINVAL;
			return fail(s, ZIP_ER_SEEK);
		}
		s->pos = at + seek->offset;
		return 0;
	case ZIP_SOURCE_TELL_WRITE:
		return (zip_int64_t)s->pos;
	case ZIP_SOURCE_COMMIT_WRITE:
		/* Synced and renamed by package.c. */
		if (s->copy_err != 0)
			errno = s->copy_err;
		if (s->copy_err != 0 || flush(s) == -1)
			return fail(s, ZIP_ER_WRITE);
		return 0;
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->error, data, len);
	case ZIP_SOURCE_FREE:
		wait_ahead(s, 1);
		if (s->old != -1)
			close(s->old);
		zip_error_fini(&s->error);
		free(s->buf);
		free(s);
		return 0;
	default:
		zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

zip_t *
package_sink_open(int fd, int old, struct package_ahead *ahead, int *werr,
    zip_error_t *ze)
{
	struct sink	*s;
	struct stat	 st;
	zip_source_t	*src;
	zip_t		*za;

	if (old != -1 && fstat(old, &st) == -1) {
		if (ahead != NULL)
			package_ahead_wait(ahead, 1);
		ahead = NULL;
		close(old);
		old = -1;
	}
	s = xcalloc(1, sizeof(*s));
	s->buf = xmalloc(SINK_BUF);
	s->fd = fd;
	s->old = old;
	s->old_size = old != -1 ? st.st_size : 0;
	s->ahead = ahead;
	s->werr = werr;
	*werr = 0;
	zip_error_init(&s->error);
	if ((src = zip_source_function_create(sink_cb, s, ze)) == NULL) {
		wait_ahead(s, 1);
		if (old != -1)
			close(old);
		zip_error_fini(&s->error);
		free(s->buf);
		free(s);
		return NULL;
	}
	if ((za = zip_open_from_source(src, old != -1 ? 0 :
	    ZIP_CREATE | ZIP_TRUNCATE, ze)) == NULL)
		zip_source_free(src);
	return za;
}
