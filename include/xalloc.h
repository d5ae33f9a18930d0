/*
 * Allocation that cannot fail: on out of memory these print
 * "sheaf: error: out of memory", remove the book being written and
 * exit 1. No caller checks for NULL.
 * Also the one helper that slurps a whole file.
 */
#ifndef SHEAF_XALLOC_H
#define SHEAF_XALLOC_H

#include <stddef.h>

struct buf;

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/*
 * Append the contents of the regular file at path to out, reading at
 * most max bytes. Returns 0, or -1 with errno set (EFBIG when the
 * file is larger than max, EISDIR or EINVAL when it is not a regular
 * file). Never blocks on a FIFO or device.
 */
int	 read_file(const char *path, size_t max, struct buf *out);

#endif
