/*
 * Which previous book may lend its entries to the next build
 * (package_zip.c). After each build a record beside the article cache,
 * CACHE/articles/<hash of the book's path>.book, holds the build id
 * (cache_build_id()) and the book file's device, inode, size and
 * times. The next build of the same book opens the file at the same
 * path only when all of them are the same: a book changed, touched or
 * replaced since, or written by another sheaf, zlib or libzip, lends
 * nothing. Without a cache folder nothing is recorded or lent.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cache_dir.h"
#include "config.h"
#include "xalloc.h"
#include "package_int.h"

#define RECORD_MAX	512

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
pkg_reuse_open(const struct config *cfg, const char *path)
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
pkg_reuse_record(const struct config *cfg, const char *path)
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
