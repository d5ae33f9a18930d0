/*
 * The book's zip written straight to our temporary file: a libzip
 * source that takes the archive's bytes at zip_close() and writes
 * them to a file descriptor. libzip then makes no temporary file of
 * its own (one a signal could not remove, named with random bytes
 * whose set-up crashes when memory runs out), and the archive is
 * never held in memory: each entry streams from its source to disk.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <zip.h>

#include "package_int.h"
#include "xalloc.h"

struct sink {
	int		 fd;
	int		*werr;		/* errno of a failed write, for the caller */
	zip_error_t	 error;
};

static zip_int64_t
fail(struct sink *s, int ze)
{
	*s->werr = errno;
	zip_error_set(&s->error, ze, errno);
	return -1;
}

static zip_int64_t
sink_cb(void *arg, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct sink		*s = arg;
	zip_source_args_seek_t	*seek;
	off_t			 at;

	switch (cmd) {
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_WRITABLE;
	case ZIP_SOURCE_STAT:
	case ZIP_SOURCE_OPEN:
		/* Nothing to read: libzip starts a new archive. */
		zip_error_set(&s->error, ZIP_ER_READ, ENOENT);
		return -1;
	case ZIP_SOURCE_READ:
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_SEEK:
	case ZIP_SOURCE_TELL:
		return 0;
	case ZIP_SOURCE_BEGIN_WRITE:
	case ZIP_SOURCE_ROLLBACK_WRITE:
	case ZIP_SOURCE_REMOVE:
		if (ftruncate(s->fd, 0) == -1 ||
		    lseek(s->fd, 0, SEEK_SET) == -1)
			return fail(s, ZIP_ER_WRITE);
		return 0;
	case ZIP_SOURCE_WRITE:
		if (write_all(s->fd, data, (size_t)len) == -1)
			return fail(s, ZIP_ER_WRITE);
		return (zip_int64_t)len;
	case ZIP_SOURCE_SEEK_WRITE:
		seek = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len,
		    &s->error);
		if (seek == NULL)
			return -1;
		if (lseek(s->fd, (off_t)seek->offset, seek->whence) == -1)
			return fail(s, ZIP_ER_SEEK);
		return 0;
	case ZIP_SOURCE_TELL_WRITE:
		if ((at = lseek(s->fd, 0, SEEK_CUR)) == -1)
			return fail(s, ZIP_ER_TELL);
		return (zip_int64_t)at;
	case ZIP_SOURCE_COMMIT_WRITE:
		return 0;	/* synced and renamed by package.c */
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->error, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&s->error);
		free(s);
		return 0;
	default:
		zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

zip_t *
pkg_sink_open(int fd, int *werr, zip_error_t *ze)
{
	struct sink	*s;
	zip_source_t	*src;
	zip_t		*za;

	s = xmalloc(sizeof(*s));
	s->fd = fd;
	s->werr = werr;
	*werr = 0;
	zip_error_init(&s->error);
	if ((src = zip_source_function_create(sink_cb, s, ze)) == NULL) {
		zip_error_fini(&s->error);
		free(s);
		return NULL;
	}
	if ((za = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE,
	    ze)) == NULL)
		zip_source_free(src);
	return za;
}
