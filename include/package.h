/*
 * Stage 3, package: write the book as an EPUB 3 zip. The only stage
 * that writes output.
 */
#ifndef SHEAF_PACKAGE_H
#define SHEAF_PACKAGE_H

#include <stddef.h>

struct book;
struct config;
struct diag;
struct progress;
struct package_ahead;

/*
 * Start copying the book sheaf wrote last at path, when it is still
 * there, into the temporary book of the next one (package_reuse.c),
 * while the build goes on; NULL when there is none. package_write()
 * takes the copy over; a build that stops before cancels it, which
 * removes the temporary book (NULL: nothing to do).
 */
struct package_ahead *package_ahead_start(const struct config *, const char *path);
void	package_ahead_cancel(struct package_ahead *);

/*
 * Write the converted book to path. The zip is written to a temporary
 * file beside path (ahead's, when not NULL: taken over), synced, and
 * renamed over path only when complete: on failure (-1, errors in d)
 * an existing file at path is untouched and no temporary file is
 * left. On success returns 0 and sets *size to the book's size in
 * bytes. The progress's write hook (may be NULL) is told as the zip
 * is written.
 */
int	package_write(const struct book *, const struct config *,
	    const char *path, struct package_ahead *ahead, const struct progress *,
	    struct diag *, size_t *size);

/* Non-zero when name is a theme sheaf has: default, serif, sans, plain. */
int	package_theme_known(const char *name);

#endif
