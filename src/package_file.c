/*
 * Images embedded as they are go into the zip from their files. The
 * source reads each file with one read(2) when zip_close() opens it
 * into a buffer all the sources share (libzip opens one at a time), so
 * the book holds one image in memory at a time and an image costs a
 * few system calls rather than one per 8 KiB chunk libzip asks for.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "buf.h"
#include "package_int.h"
#include "xalloc.h"

struct filesrc {
	char		*path;
	size_t		 size;
	struct buf	*data;		/* shared; the file's while open */
	size_t		 pos;
	zip_error_t	 err;
};

/* The first s->size bytes of the file into s->data; 0, or -1. */
static int
load(struct filesrc *s)
{
	size_t	 done = 0;
	ssize_t	 n;
	int	 fd, e;

	if ((fd = open(s->path, O_RDONLY | O_CLOEXEC)) == -1)
		goto fail;
	buf_reset(s->data);
	buf_grow(s->data, s->size);
	while (done < s->size) {
		if ((n = read(fd, s->data->data + done, s->size - done)) == -1 &&
		    errno == EINTR)
			continue;
		if (n <= 0) {
			/* Shorter than when it was hashed: changed since. */
			e = n == 0 ? EIO : errno;
			close(fd);
			errno = e;
			goto fail;
		}
		done += (size_t)n;
	}
	close(fd);
	return 0;
fail:
	zip_error_set(&s->err, ZIP_ER_READ, errno);
	return -1;
}

static zip_int64_t
file_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct filesrc	*s = ud;
	zip_stat_t	*st;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->pos = 0;
		return load(s);
	case ZIP_SOURCE_READ:
		if (len > s->size - s->pos)
			len = s->size - s->pos;
		if (len > 0)
			memcpy(data, s->data->data + s->pos, len);
		s->pos += len;
		return (zip_int64_t)len;
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT:
		if ((st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len,
		    &s->err)) == NULL)
			return -1;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE;
		st->size = s->size;
		return sizeof(*st);
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->err, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&s->err);
		free(s->path);
		free(s);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&s->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

zip_source_t *
package_file_source(zip_t *za, const char *path, size_t size, struct buf *data)
{
	struct filesrc	*s;
	zip_source_t	*src;

	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	s->size = size;
	s->data = data;
	zip_error_init(&s->err);
	if ((src = zip_source_function(za, file_cb, s)) == NULL) {
		zip_error_fini(&s->err);
		free(s->path);
		free(s);
	}
	return src;
}
