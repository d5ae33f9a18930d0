/*
 * Allocation that cannot fail: on out of memory these print
 * "sheaf: error: out of memory", remove the book being written and
 * exit 1. No caller checks for NULL.
 * Also the helpers that read a whole file and write a whole buffer.
 */
#ifndef SHEAF_XALLOC_H
#define SHEAF_XALLOC_H

#include <stddef.h>
#include <stdint.h>

struct buf;

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/*
 * Print "sheaf: error: out of memory", remove the book being written
 * and exit 1: for a library call that reports running out of memory.
 */
void	 xalloc_oom(void) __attribute__((noreturn));

/*
 * Make libxml2 and ICU allocate through xmalloc, so that they too
 * exit on out of memory rather than hand NULL to code that does not
 * check. Call before either library is used.
 */
void	 xalloc_init(void);

/*
 * realpath(path, NULL), exiting as out of memory when it fails for
 * want of memory. Returns a new string, or NULL with errno set.
 */
char	*xrealpath(const char *path);

/*
 * xmlReadMemory(), except that a parser context libxml2 cannot create
 * exits as out of memory: libxml2 2.9.14 allocates the lock of each
 * context's dictionary with malloc, outside xmlMemSetup(). Returns
 * the document, or NULL when the n bytes at p are not XML.
 */
struct _xmlDoc	*xread_xml(const char *p, size_t n, const char *url,
		    const char *encoding, int options);

/*
 * Append the contents of the regular file at path to out, reading at
 * most max bytes. Returns 0, or -1 with errno set (EFBIG when the
 * file is larger than max, EISDIR or EINVAL when it is not a regular
 * file). Never blocks on a FIFO or device.
 */
int	 read_file(const char *path, size_t max, struct buf *out);

/* read_file(), and the file's status into *st when st is not NULL. */
struct stat;
int	 read_file_stat(const char *path, size_t max, struct buf *out,
	    struct stat *st);

/*
 * write(2) all n bytes at p to fd, again after EINTR. Returns 0, or
 * -1 with errno set.
 */
int	 write_all(int fd, const void *p, size_t n);

/*
 * pread(2) or pwrite(2) all n bytes at offset off, again after EINTR.
 * Returns 0, or -1 with errno set (EIO at an unexpected end of file).
 */
int	 pread_all(int fd, void *p, size_t n, uint64_t off);
int	 pwrite_all(int fd, const void *p, size_t n, uint64_t off);

#endif
