/*
 * Allocation that exits on out of memory (removing the book being
 * written), the one place sheaf gives up, and read_file(), which never blocks on a FIFO or device.
 * libxml2 and ICU allocate through xmalloc too once xalloc_init() has
 * run; the libraries with no such hook report out of memory to their
 * callers, which end the same way through xalloc_oom().
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlmemory.h>
#include <unicode/uclean.h>

#include "buf.h"
#include "cleanup.h"
#include "xalloc.h"

void
xalloc_oom(void)
{
	static const char msg[] = "sheaf: error: out of memory\n";

	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	cleanup_exit(1);
}

static void *
icu_alloc(const void *ctx, size_t n)
{
	return xmalloc(n);
}

static void *
icu_realloc(const void *ctx, void *p, size_t n)
{
	return xrealloc(p, n);
}

static void
icu_free(const void *ctx, void *p)
{
	free(p);
}

void
xalloc_init(void)
{
	UErrorCode	 err = U_ZERO_ERROR;

	xmlMemSetup(free, xmalloc, xrealloc, xstrdup);
	xmlInitParser();
	u_setMemoryFunctions(NULL, icu_alloc, icu_realloc, icu_free, &err);
}

char *
xrealpath(const char *path)
{
	char	*p;

	if ((p = realpath(path, NULL)) == NULL && errno == ENOMEM)
		xalloc_oom();
	return p;
}

xmlDocPtr
xread_xml(const char *p, size_t n, const char *url, const char *encoding,
    int options)
{
	xmlParserCtxtPtr	 ctxt;
	xmlDocPtr		 doc;

	if (n > INT_MAX)
		return NULL;
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		xalloc_oom();
	doc = xmlCtxtReadMemory(ctxt, p, (int)n, url, encoding, options);
	xmlFreeParserCtxt(ctxt);
	return doc;
}

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n ? n : 1)) == NULL)
		xalloc_oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		xalloc_oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		xalloc_oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		xalloc_oom();
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int
read_file(const char *path, size_t max, struct buf *out)
{
	return read_file_stat(path, max, out, NULL);
}

int
read_file_stat(const char *path, size_t max, struct buf *out,
    struct stat *stp)
{
	struct stat	 st;
	ssize_t		 r;
	size_t		 start = out->len;
	int		 fd, saved;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	if ((uintmax_t)st.st_size > max) {
		errno = EFBIG;
		goto fail;
	}
	/* A byte to spare: the read that sees the end needs no growth. */
	buf_grow(out, (size_t)st.st_size + 1);
	for (;;) {
		if (out->cap - out->len < 2)
			buf_grow(out, 4096);
		r = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		out->len += (size_t)r;
		if (out->len - start > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	out->data[out->len] = '\0';
	close(fd);
	if (stp != NULL)
		*stp = st;
	return 0;
fail:
	saved = errno;
	close(fd);
	out->len = start;
	if (out->cap > 0)
		out->data[start] = '\0';
	errno = saved;
	return -1;
}

int
write_all(int fd, const void *p, size_t n)
{
	const char	*s = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = write(fd, s, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
pread_all(int fd, void *p, size_t n, uint64_t off)
{
	size_t	 done = 0;
	ssize_t	 r;

	while (done < n) {
		if ((r = pread(fd, (char *)p + done, n - done,
		    (off_t)(off + done))) == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

int
pwrite_all(int fd, const void *p, size_t n, uint64_t off)
{
	size_t	 done = 0;
	ssize_t	 w;

	while (done < n) {
		if ((w = pwrite(fd, (const char *)p + done, n - done,
		    (off_t)(off + done))) == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}
