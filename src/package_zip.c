/*
 * The book's zip: the entries package.c lists, in their order, written
 * by libzip through the sink of package_sink.c into the temporary file.
 *
 * When the previous book at the same path is one sheaf wrote
 * (package_reuse.c), the new book lends its leading entries: the
 * longest run of first entries that would come out byte for byte the
 * same (name, method, time, size and CRC-32; an image file's name
 * holds the hash of its bytes) stays as it is, copied in the kernel,
 * and libzip writes only the entries after it. Images embedded from
 * files come first in the book for that: they are most of its bytes
 * and seldom change. The result is the book a build without the
 * previous one writes.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <zip.h>
#include <zlib.h>

#include "cleanup.h"
#include "progress.h"
#include "diag.h"
#include "spool.h"
#include "xalloc.h"
#include "package_int.h"

/*
 * libzip stores the local time of an entry; give it the time whose
 * local fields are the UTC fields of t, so the bytes do not depend on
 * the build machine's time zone.
 */
static time_t
zip_time(time_t t)
{
	struct tm	 tm;
	time_t		 l;

	if (gmtime_r(&t, &tm) == NULL)
		return t;
	tm.tm_isdst = -1;
	l = mktime(&tm);
	return l == (time_t)-1 ? t : l;
}

/*
 * Report a libzip error about the book at path; libzip running out of
 * memory, itself or in zlib, ends the run as xmalloc would. A failure
 * with no error recorded is one too: libzip 1.7.3 records none when
 * a malloc fails while it sets an entry's compression or time.
 */
static void
zip_fail(zip_error_t *ze, const char *path, struct diag *d)
{
	if (zip_error_code_zip(ze) == ZIP_ER_OK ||
	    zip_error_code_zip(ze) == ZIP_ER_MEMORY ||
	    (zip_error_code_zip(ze) == ZIP_ER_ZLIB &&
	    zip_error_code_system(ze) == Z_MEM_ERROR))
		xalloc_oom();
	diag_error(d, path, 0, 0, "cannot write: %s", zip_error_strerror(ze));
}

/*
 * Add entry e with its compression method, its time and fixed
 * attributes: a source file's own mode must not reach the book.
 */
static int
add(zip_t *za, const struct package_entry *e, struct buf *files)
{
	zip_source_t	*src;
	zip_int64_t	 idx;
	zip_int32_t	 method;

	if (e->ref != NULL) {
		/* ZIP_CM_DEFAULT: keep the source's deflated bytes. */
		src = package_spool_source(za, e->spool, e->ref);
		method = ZIP_CM_DEFAULT;
	} else {
		src = e->data != NULL ? zip_source_buffer(za, e->data,
		    e->size, 0) : package_file_source(za, e->path, e->size,
		    files);
		method = e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE;
	}
	/* libzip cannot make a source only when out of memory. */
	if (src == NULL)
		xalloc_oom();
	if ((idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_GUESS)) < 0) {
		zip_source_free(src);
		return -1;
	}
	/* Deflated here at the level of the spooled documents. */
	if (zip_set_file_compression(za, (zip_uint64_t)idx, method,
	    method == ZIP_CM_DEFLATE ? SPOOL_LEVEL : 0) < 0 ||
	    zip_file_set_mtime(za, (zip_uint64_t)idx, zip_time(e->mtime),
	    0) < 0 ||
	    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
	    ZIP_OPSYS_UNIX, (zip_uint32_t)(S_IFREG | 0644) << 16) < 0)
		return -1;
	return 0;
}

/* Would entry e come out as entry i of the previous book is? */
static int
same(zip_t *za, zip_uint64_t i, const struct package_entry *e)
{
	zip_stat_t	 st;
	zip_uint16_t	 method;
	uint32_t	 crc;

	if (zip_stat_index(za, i, 0, &st) == -1 ||
	    (st.valid & (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
	    ZIP_STAT_CRC | ZIP_STAT_MTIME | ZIP_STAT_COMP_METHOD)) !=
	    (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
	    ZIP_STAT_CRC | ZIP_STAT_MTIME | ZIP_STAT_COMP_METHOD) ||
	    strcmp(st.name, e->name) != 0 || st.size != e->size ||
	    /* The zip keeps times to two seconds. */
	    st.mtime != zip_time(e->mtime - e->mtime % 2))
		return 0;
	method = e->ref != NULL || !e->store ? ZIP_CM_DEFLATE : ZIP_CM_STORE;
	if (st.comp_method != method)
		return 0;
	if (e->ref != NULL)
		return st.crc == e->ref->crc &&
		    st.comp_size == e->ref->comp_size;
	if (e->data == NULL)
		return 1;	/* named by the hash of its bytes */
	crc = (uint32_t)crc32_z(0, e->data, e->size);
	return st.crc == crc;
}

/*
 * Keep the entries of the previous book that lead the new one as
 * they are, remove the others, and return the index of the first
 * entry to add. One entry at least is written again: libzip writes
 * nothing at all for an archive with no change.
 */
static size_t
lend(zip_t *za, const struct package_entry *v, size_t n)
{
	zip_int64_t	 nold = zip_get_num_entries(za, 0);
	size_t		 k, i;

	if (nold < 0)
		nold = 0;
	for (k = 0; k + 1 < n && k < (size_t)nold && same(za, k, &v[k]); k++)
		continue;
	for (i = k; i < (size_t)nold; i++)
		if (zip_delete(za, i) == -1)
			return (size_t)-1;
	return k;
}

/* Progress of zip_close(), told to the write hook as bytes of total. */
struct written {
	const struct progress	*prog;
	size_t			 total;
};

static void
writing(zip_t *za, double done, void *arg)
{
	const struct written	*w = arg;

	w->prog->write(w->prog->arg, (size_t)(done * w->total),
	    w->total);
}

/* libzip asks between chunks of zip_close() whether to stop. */
static int
cancelled(zip_t *za, void *arg)
{
	return cleanup_signal() != 0;
}

int
package_zip_write(const struct package_entry *v, size_t n, int fd, int old,
    struct package_ahead *ahead, const struct progress *prog, const char *path,
    struct diag *d, size_t *lent)
{
	struct buf	 files = BUF_INIT;
	struct written	 w;
	zip_error_t	 ze;
	zip_t		*za = NULL;
	size_t		 i, k = 0;
	int		 werr = 0, rc = -1;

	*lent = 0;
	zip_error_init(&ze);
	/* A previous book libzip cannot read is not lent from. */
	if ((old != -1 || ahead != NULL) &&
	    (za = package_sink_open(fd, old, ahead, &werr, &ze)) != NULL &&
	    (k = lend(za, v, n)) == (size_t)-1) {
		zip_fail(zip_get_error(za), path, d);
		goto out;
	}
	if (za == NULL) {
		zip_error_fini(&ze);
		zip_error_init(&ze);
		k = 0;
		if ((za = package_sink_open(fd, -1, NULL, &werr,
		    &ze)) == NULL) {
			zip_fail(&ze, path, d);
			goto out;
		}
	}
	for (i = k; i < n; i++)
		if (add(za, &v[i], &files) == -1) {
			zip_fail(zip_get_error(za), path, d);
			goto out;
		}
	zip_register_cancel_callback_with_state(za, cancelled, NULL, NULL);
	if (prog != NULL && prog->write != NULL) {
		w.prog = prog;
		w.total = 0;
		for (i = 0; i < n; i++)
			w.total += v[i].size;
		zip_register_progress_callback_with_state(za, 0.01, writing,
		    NULL, &w);
	}
	if (zip_close(za) == -1) {
		if (cleanup_signal() == 0 && werr != 0)
			diag_error(d, path, 0, 0, "cannot write: %s",
			    strerror(werr));
		else if (cleanup_signal() == 0)
			zip_fail(zip_get_error(za), path, d);
		goto out;
	}
	za = NULL;
	*lent = k;
	rc = 0;
out:
	if (za != NULL)
		zip_discard(za);
	zip_error_fini(&ze);
	buf_fini(&files);
	return rc;
}
