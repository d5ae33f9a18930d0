/*
 * Articles whose documents convert has deflated into the spool
 * (spool.c) go into the zip through a callback source that gives
 * libzip their deflated bytes with their CRC-32 and sizes: zip_close()
 * then copies them as they are, reading from the spool file, so the
 * book's text is neither compressed again nor held in memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <zip.h>

#include "spool.h"
#include "xalloc.h"
#include "package_int.h"

struct spooled {
	int		 fd;
	struct spool_ref ref;
	zip_uint64_t	 pos;
	zip_error_t	 err;
};

static zip_int64_t
spooled_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct spooled	*s = ud;
	zip_stat_t	*st;
	ssize_t		 n;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->pos = 0;
		return 0;
	case ZIP_SOURCE_READ:
		if (len > s->ref.comp_size - s->pos)
			len = s->ref.comp_size - s->pos;
		if (len == 0)
			return 0;
		while ((n = pread(s->fd, data, len,
		    (off_t)(s->ref.off + (int64_t)s->pos))) == -1 &&
		    errno == EINTR)
			continue;
		if (n <= 0) {
			zip_error_set(&s->err, ZIP_ER_READ,
			    n == 0 ? EIO : errno);
			return -1;
		}
		s->pos += (zip_uint64_t)n;
		return n;
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT:
		if ((st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len,
		    &s->err)) == NULL)
			return -1;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
		    ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
		st->size = s->ref.size;
		st->comp_size = s->ref.comp_size;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = s->ref.crc;
		return sizeof(*st);
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->err, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&s->err);
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
package_spool_source(zip_t *za, const struct spool *sp,
    const struct spool_ref *ref)
{
	struct spooled	*s;
	zip_source_t	*src;

	if (sp == NULL || !ref->used)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	s->fd = spool_fd(sp, ref);
	s->ref = *ref;
	zip_error_init(&s->err);
	if ((src = zip_source_function(za, spooled_cb, s)) == NULL) {
		zip_error_fini(&s->err);
		free(s);
	}
	return src;
}
