/*
 * Which previous book may lend its entries to the next build
 * (package_zip.c), and the copy of it made ahead. After each build a
 * record beside the article cache,
 * CACHE/articles/<hash of the book's path>.book, holds the build id
 * (cache_build_id()) and the book file's device, inode, size and
 * times. The next build of the same book opens the file at the same
 * path only when all of them are the same: a book changed, touched or
 * replaced since, or written by another sheaf, zlib or libzip, lends
 * nothing. Without a cache folder nothing is recorded or lent.
 *
 * Such a book is copied into the temporary book as soon as the build
 * starts, in a thread, with copy_file_range(2), while collect and
 * convert run: the disk writes it back meanwhile, and its pages are
 * dropped from the page cache as they are copied, so that neither the
 * fsync(2) nor the rename that frees the old file waits for them. The
 * packager keeps of the copy the entries it lends and writes over the
 * rest; a build that fails removes it.
 */
#define _GNU_SOURCE		/* copy_file_range(2), sync_file_range(2) */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cache_dir.h"
#include "cleanup.h"
#include "config.h"
#include "package.h"
#include "xalloc.h"
#include "package_int.h"

#define RECORD_MAX	512
#define AHEAD_CHUNK	((size_t)8 << 20)
#define AHEAD_BUF	((size_t)256 << 10)

struct package_ahead {
	char		*tmp;		/* the temporary book, until taken */
	int		 fd;
	int		 old;		/* the previous book, until taken */
	int		 to, from;	/* the same two, for the thread */
	off_t		 size;		/* ...its size */
	off_t		 done;		/* copied, once the thread ended */
	int		 stop;		/* asked to stop (atomic) */
	int		 running;
	pthread_t	 tid;
};

/* The record of the book at path into out; -1 without a cache folder. */
static int
record_path(const struct config *cfg, const char *path, struct buf *out)
{
	const char	*why;

	if (cfg == NULL || cache_dir(cfg->cache_dir, "articles", out,
	    &why) == -1)
		return -1;
	buf_putc(out, '/');
	cache_book_name(path, ".book", out);
	return 0;
}

/* What the record says of st, written by build. */
static void
describe(const struct stat *st, const char *build, struct buf *out)
{
	buf_printf(out, "sheaf-book 1 %s %ju %ju %jd %jd %ld %jd %ld\n",
	    build, (uintmax_t)st->st_dev, (uintmax_t)st->st_ino,
	    (intmax_t)st->st_size, (intmax_t)st->st_mtim.tv_sec,
	    st->st_mtim.tv_nsec, (intmax_t)st->st_ctim.tv_sec,
	    st->st_ctim.tv_nsec);
}

int
package_reuse_open(const struct config *cfg, const char *path)
{
	struct buf	 rec = BUF_INIT, saw = BUF_INIT, want = BUF_INIT;
	struct stat	 st;
	char		 build[33];
	int		 fd = -1;

	if (record_path(cfg, path, &rec) == -1 ||
	    read_file(rec.data, RECORD_MAX, &saw) == -1 ||
	    cache_build_id(build) == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		goto out;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		goto no;
	describe(&st, build, &want);
	if (saw.len == want.len && memcmp(saw.data, want.data, saw.len) == 0)
		goto out;
no:
	close(fd);
	fd = -1;
out:
	buf_fini(&rec);
	buf_fini(&saw);
	buf_fini(&want);
	return fd;
}

void
package_reuse_record(const struct config *cfg, const char *path)
{
	struct buf	 rec = BUF_INIT, tmp = BUF_INIT, line = BUF_INIT;
	struct stat	 st;
	char		 build[33];
	const char	*slash;
	int		 fd, rc;

	if (record_path(cfg, path, &rec) == -1)
		goto out;
	if (stat(path, &st) == -1 || cache_build_id(build) == -1) {
		unlink(rec.data);
		goto out;
	}
	describe(&st, build, &line);
	slash = strrchr(rec.data, '/');
	buf_printf(&tmp, "%.*s/.tmp-%s.XXXXXX", (int)(slash - rec.data),
	    rec.data, slash + 1);
	if ((fd = mkstemp(tmp.data)) == -1)
		goto out;
	rc = write_all(fd, line.data, line.len);
	if (close(fd) == -1 || rc == -1 || rename(tmp.data, rec.data) == -1)
		unlink(tmp.data);
out:
	buf_fini(&rec);
	buf_fini(&tmp);
	buf_fini(&line);
}

int
package_copy(int from, int to, off_t off, size_t n)
{
	off_t	 in = off, out = off, end = off + (off_t)n;
	ssize_t	 k;
	size_t	 want;
	void	*buf;

	while (in < end) {
		if ((k = copy_file_range(from, &in, to, &out,
		    (size_t)(end - in), 0)) > 0)
			continue;
		if (k == 0) {
			errno = EIO;	/* the file is shorter than it was */
			return -1;
		}
		if (errno == EINTR)
			continue;
		if (errno != EXDEV && errno != ENOSYS && errno != EINVAL &&
		    errno != EOPNOTSUPP)
			return -1;
		break;
	}
	if (in == end)
		return 0;
	buf = xmalloc(AHEAD_BUF);
	for (; in < end; in += (off_t)want) {
		want = end - in < (off_t)AHEAD_BUF ? (size_t)(end - in) :
		    AHEAD_BUF;
		if (pread_all(from, buf, want, (uint64_t)in) == -1 ||
		    pwrite_all(to, buf, want, (uint64_t)in) == -1) {
			free(buf);
			return -1;
		}
	}
	free(buf);
	return 0;
}

/*
 * Copy the previous book, chunk by chunk, until done or asked to
 * stop; at the lowest priority, so that it takes the time the build's
 * own threads leave. The last chunk, where libzip reads the book's
 * directory, stays in the page cache.
 */
static void *
ahead_run(void *arg)
{
	struct package_ahead	*h = arg;
	off_t			 in = 0;
	size_t			 want;

	setpriority(PRIO_PROCESS, (id_t)gettid(), 19);
	while (in < h->size && !__atomic_load_n(&h->stop, __ATOMIC_RELAXED) &&
	    cleanup_signal() == 0) {
		want = h->size - in < (off_t)AHEAD_CHUNK ?
		    (size_t)(h->size - in) : AHEAD_CHUNK;
		if (package_copy(h->from, h->to, in, want) == -1)
			break;	/* the packager copies what is missing */
#ifdef SYNC_FILE_RANGE_WRITE
		sync_file_range(h->to, in, (off_t)want, SYNC_FILE_RANGE_WRITE);
#endif
		if (in + (off_t)want < h->size)
			posix_fadvise(h->from, in, (off_t)want,
			    POSIX_FADV_DONTNEED);
		in += (off_t)want;
	}
	h->done = in;
	return NULL;
}

struct package_ahead *
package_ahead_start(const struct config *cfg, const char *path)
{
	struct package_ahead	*h;
	struct buf		 tmp = BUF_INIT;
	struct stat		 st;
	int			 old, fd;

	if ((old = package_reuse_open(cfg, path)) == -1)
		return NULL;
	buf_printf(&tmp, "%s.XXXXXX", path);
	if (fstat(old, &st) == -1 || (fd = mkstemp(tmp.data)) == -1) {
		close(old);
		buf_fini(&tmp);
		return NULL;
	}
	cleanup_track(tmp.data);
	h = xcalloc(1, sizeof(*h));
	h->tmp = buf_detach(&tmp);
	h->fd = h->to = fd;
	h->old = h->from = old;
	h->size = st.st_size;
	h->running = pthread_create(&h->tid, NULL, ahead_run, h) == 0;
	return h;
}

void
package_ahead_take(struct package_ahead *h, char **tmp, int *fd, int *old)
{
	*tmp = h->tmp;
	*fd = h->fd;
	*old = h->old;
	h->tmp = NULL;
	h->fd = h->old = -1;
}

off_t
package_ahead_wait(struct package_ahead *h, int stop)
{
	off_t	 copied;

	if (stop)
		__atomic_store_n(&h->stop, 1, __ATOMIC_RELAXED);
	if (h->running)
		pthread_join(h->tid, NULL);
	copied = h->done;
	if (h->fd != -1)
		close(h->fd);
	if (h->old != -1)
		close(h->old);
	if (h->tmp != NULL) {
		unlink(h->tmp);
		cleanup_forget(h->tmp);
		free(h->tmp);
	}
	free(h);
	return copied;
}

void
package_ahead_cancel(struct package_ahead *h)
{
	if (h != NULL)
		package_ahead_wait(h, 1);
}
