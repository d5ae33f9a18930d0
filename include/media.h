/*
 * The book's media table: every image once, named by the hash of its
 * bytes (images/<hash>.<ext>), with the media type sniffed from the
 * bytes, never from a name or URL; and the remote images convert has
 * asked for, which the fetch stage turns into resources.
 */
#ifndef SHEAF_MEDIA_H
#define SHEAF_MEDIA_H

#include <stddef.h>
#include <time.h>

struct buf;
struct diag;

#define MEDIA_MAX_PIXELS	((size_t)4000000)
#define MEDIA_MAX_BYTES		((size_t)20 << 20)	/* read or fetched */
#define MEDIA_MAX_IMAGE_BYTES	((size_t)2 << 20)	/* in the book */
#define MEDIA_QUALITY		85	/* of the JPEGs sheaf writes */

struct resource {
	char		*id;		/* manifest id, "img-<hash>" */
	char		*href;		/* inside EPUB/: "images/<hash>.<ext>" */
	char		*media_type;	/* "image/jpeg", "image/png", ... */
	char		*path;		/* where it came from: file or URL */
	unsigned char	*data;		/* the bytes written to the book, or
					   NULL: the file at path, as it is */
	size_t		 size;
	time_t		 mtime;		/* of the file at path, when data
					   is NULL */
	int		 cover;		/* the book's cover image */
	int		 generated;	/* drawn by sheaf, not the articles' */
};

/* A remote image the articles use, by the address they give. */
struct remote {
	char	*url;		/* as written (absolute http or https) */
	char	*direct;	/* the address inside a proxy URL, or NULL */
	long	 res;		/* index into v once fetched, else -1 */
	char	*why;		/* why it is missing, once fetched */
};

struct media {
	struct resource	*v;
	size_t		 n;
	size_t		 cap;
	struct remote	*rv;
	size_t		 rn;
	size_t		 rcap;
	long		 cover;		/* index into rv of a remote cover, or -1 */
	int		 cover_given;	/* the user chose it: warn when missing */
	size_t		 max_pixels;	/* larger images are scaled down */
	size_t		 max_bytes;	/* larger ones re-encoded, scaled */
	int		 quality;	/* JPEG quality, 1-100 */
	int		 grayscale;	/* every raster to shades of grey */
	int		 unwrap;	/* try proxied addresses directly */
};

/* A new table with the default limits; media_free() frees it. */
struct media	*media_new(void);
void		 media_free(struct media *);

/*
 * A new, zeroed resource at the end of m's table, for the caller to
 * fill (valid until the next addition).
 */
struct resource	*media_append(struct media *);

/*
 * Add the local image file at path. Returns the resource (owned by
 * the table, valid until the next add; the same one for the same
 * bytes), or NULL after a warning to d at file:line when the file
 * cannot be read or is not an image sheaf can embed.
 */
const struct resource *media_add_file(struct media *, const char *path,
		    struct diag *, const char *file, int line);

/* The same for a path that is a realpath(3) already. */
const struct resource *media_add_real(struct media *, const char *real,
		    struct diag *, const char *file, int line);

/*
 * Add image bytes that came from name (a URL, for messages): sniffed,
 * converted to JPEG or PNG when needed, fitted to the table's limits
 * (media_image_fit). Returns
 * the resource, or NULL with *why set to the reason (caller frees).
 */
const struct resource *media_add_bytes(struct media *, const void *,
		    size_t, const char *name, char **why);

/*
 * Add an image sheaf made itself (made fit like any other) under a
 * fixed name: images/<stem>.<ext>, manifest id img-<stem>, marked as
 * the cover when stem is "cover". Returns the resource, or NULL with
 * *why set (caller frees).
 */
const struct resource *media_add_generated(struct media *, const void *,
		    size_t, const char *stem, char **why);

/*
 * The index of remote image url in rv, added when new. With unwrap,
 * the address inside a proxy URL is tried first.
 */
size_t		 media_want(struct media *, const char *url);

/*
 * The media type of an image from its first bytes (media_sniff.c),
 * or NULL when the bytes are no image sheaf reads (JPEG, PNG, GIF,
 * WebP, text that opens with an <svg> element, and what
 * media_image_sniff() knows). *ext gets "jpg", "png"...
 */
const char	*media_sniff(const unsigned char *, size_t, const char **ext);

/*
 * The other raster formats stb_image decodes, which sheaf converts:
 * BMP, Photoshop, Softimage PIC, binary PNM, Radiance HDR and TGA
 * (which has no magic: stb's header check decides). The media type,
 * or NULL; *ext gets "bmp", "tga"...
 */
const char	*media_image_sniff(const unsigned char *, size_t,
		    const char **ext);

/* The hash that names images and cache entries: 32 hex digits. */
void		 media_hash(const void *, size_t, char hex[33]);

/*
 * Make bytes fit for the book under m's limits (media_image.c): WebP
 * becomes PNG (with transparency) or JPEG, the other formats of
 * media_image_sniff() PNG; an image over max_pixels is scaled down;
 * with grayscale, colour pixels become grey; each of these re-encodes
 * it in its own format (GIF as PNG). An image still over max_bytes is
 * re-encoded as JPEG (when opaque) at falling quality, then scaled
 * down until it fits. JPEG, PNG and GIF that need none of this are
 * kept byte for byte. *type and *ext get the result's. Returns 0, or
 * -1 with *why (static text) when the bytes cannot be decoded.
 */
int		 media_image_fit(struct buf *bytes, const struct media *m,
		    const char **type, const char **ext, const char **why);

/*
 * Encode w×h pixels of comp channels (1 grey, 3 RGB) as a baseline
 * JPEG of the given quality into out, replacing its contents
 * (media_jpeg.c, libjpeg). A grey image gives a one-channel JPEG.
 * Returns 0, or -1 when libjpeg fails.
 */
int		 media_jpeg_encode(struct buf *out, const unsigned char *px,
		    int w, int h, int comp, int quality);

/*
 * Are these bytes embedded as they are by media_image_fit(): a JPEG,
 * PNG or GIF within m's limits of pixels and bytes, grey already when
 * m asks for grayscale? (media_image.c)
 */
int		 media_image_as_is(const unsigned char *, size_t,
		    const struct media *);

/*
 * Sanitize SVG bytes in place (media_svg.c): parsed without entity
 * expansion or network, scripts, event handlers, foreignObject, styles
 * and external references removed. Returns 0, or -1 with *why (static
 * text) when the bytes are not a well-formed SVG document.
 */
int		 media_svg_clean(struct buf *bytes, const char **why);

#endif
