/*
 * sheaf check, images: Apple Books refuses to show images over 5.6
 * million pixels and Kindle slows down or fails on images over 5 MB.
 * The size comes from the file's header (PNG IHDR, JPEG SOFn, GIF
 * screen, WebP VP8/VP8L/VP8X); no image is decoded.
 */
#include <string.h>

#include <zip.h>

#include "buf.h"
#include "check_int.h"

#define MAX_PIXELS	5600000UL
#define MAX_BYTES	(5UL * 1024 * 1024)

static unsigned long
be16(const unsigned char *p)
{
	return (unsigned long)p[0] << 8 | p[1];
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

static unsigned long
le16(const unsigned char *p)
{
	return (unsigned long)p[1] << 8 | p[0];
}

static unsigned long
le24(const unsigned char *p)
{
	return (unsigned long)p[2] << 16 | (unsigned long)p[1] << 8 | p[0];
}

/* JPEG: walk the markers to the first start of frame. */
static int
jpeg_size(const unsigned char *b, size_t n, unsigned long *w,
    unsigned long *h)
{
	size_t	 i = 2, len;
	int	 m;

	while (i + 9 < n) {
		if (b[i] != 0xff)
			return -1;
		m = b[i + 1];
		if (m == 0xff) {
			i++;
			continue;
		}
		if (m == 0xd8 || (m >= 0xd0 && m <= 0xd7) || m == 0x01) {
			i += 2;
			continue;
		}
		len = be16(b + i + 2);
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 &&
		    m != 0xcc) {
			*h = be16(b + i + 5);
			*w = be16(b + i + 7);
			return 0;
		}
		if (len < 2)
			return -1;
		i += 2 + len;
	}
	return -1;
}

int
check_image_size(const unsigned char *b, size_t n, unsigned long *w,
    unsigned long *h)
{
	if (n >= 24 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0 &&
	    memcmp(b + 12, "IHDR", 4) == 0) {
		*w = be32(b + 16);
		*h = be32(b + 20);
		return 0;
	}
	if (n >= 10 && (memcmp(b, "GIF87a", 6) == 0 ||
	    memcmp(b, "GIF89a", 6) == 0)) {
		*w = le16(b + 6);
		*h = le16(b + 8);
		return 0;
	}
	if (n >= 4 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return jpeg_size(b, n, w, h);
	if (n >= 30 && memcmp(b, "RIFF", 4) == 0 &&
	    memcmp(b + 8, "WEBP", 4) == 0) {
		if (memcmp(b + 12, "VP8 ", 4) == 0) {
			*w = le16(b + 26) & 0x3fff;
			*h = le16(b + 28) & 0x3fff;
			return 0;
		}
		if (memcmp(b + 12, "VP8L", 4) == 0) {
			*w = 1 + ((unsigned long)b[21] |
			    ((unsigned long)(b[22] & 0x3f) << 8));
			*h = 1 + (((unsigned long)b[22] >> 6) |
			    ((unsigned long)b[23] << 2) |
			    ((unsigned long)(b[24] & 0x0f) << 10));
			return 0;
		}
		if (memcmp(b + 12, "VP8X", 4) == 0) {
			*w = 1 + le24(b + 24);
			*h = 1 + le24(b + 27);
			return 0;
		}
	}
	return -1;
}

void
check_image(struct check *c, const struct check_item *it)
{
	zip_stat_t	 st;
	zip_file_t	*f;
	unsigned char	 head[65536];
	zip_int64_t	 n;
	unsigned long	 w, h;

	if (strcmp(it->type, "image/svg+xml") == 0)
		return;
	if (zip_stat(c->za, it->name, 0, &st) == -1)
		return;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > MAX_BYTES)
		check_report(c, DIAG_WARNING, it->name, 0, "image-bytes",
		    "%.1f MB: over 5 MB, too large for Kindle",
		    st.size / (1024.0 * 1024.0));
	if ((f = zip_fopen(c->za, it->name, 0)) == NULL)
		return;
	n = zip_fread(f, head, sizeof(head));
	zip_fclose(f);
	if (n <= 0 || check_image_size(head, (size_t)n, &w, &h) == -1) {
		check_report(c, DIAG_ERROR, it->name, 0, "MED-004",
		    "not a JPEG, PNG, GIF or WebP image sheaf can read, "
		    "though listed as %s", it->type);
		return;
	}
	if ((unsigned long long)w * h > MAX_PIXELS)
		check_report(c, DIAG_WARNING, it->name, 0, "image-pixels",
		    "%lux%lu is %.1f million pixels: Apple Books shows at "
		    "most 5.6 million", w, h, (double)w * h / 1e6);
}
