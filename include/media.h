/*
 * The book's media table: every image once, named by the hash of its
 * bytes (images/<hash>.<ext>), with the media type sniffed from the
 * bytes, never from a name or URL.
 */
#ifndef SHEAF_MEDIA_H
#define SHEAF_MEDIA_H

#include <stddef.h>

struct diag;

struct resource {
	char	*id;		/* manifest id, "img-<hash>" */
	char	*href;		/* inside EPUB/: "images/<hash>.<ext>" */
	char	*media_type;	/* "image/jpeg", "image/png", ... */
	char	*path;		/* the source file on disk */
	size_t	 size;
	int	 cover;		/* the book's cover image */
};

struct media {
	struct resource	*v;
	size_t		 n;
	size_t		 cap;
};

struct media	*media_new(void);
void		 media_free(struct media *);

/*
 * Add the local image file at path. Returns the resource (owned by
 * the table; the same one for the same bytes added twice), or NULL
 * after a warning to d at file:line when the file cannot be read or
 * is not an image sheaf can embed (JPEG, PNG, GIF).
 */
const struct resource *media_add_file(struct media *, const char *path,
		    struct diag *, const char *file, int line);

/*
 * The media type of an image from its first bytes, or NULL when the
 * bytes are not a JPEG, PNG or GIF image. *ext gets "jpg", "png"...
 */
const char	*media_sniff(const unsigned char *, size_t, const char **ext);

#endif
