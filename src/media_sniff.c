/*
 * Sniffing an image's media type from its first bytes, never from a
 * name or URL: text that opens with an <svg> element (after an XML
 * prolog and comments), the magic numbers of JPEG, PNG, GIF and WebP,
 * then the other rasters stb_image decodes (media_image_sniff(), with
 * stb's header check for TGA, which has no magic). The media table
 * (media.c), the image fitter (media_image.c) and the fetch stage ask
 * here; nothing here allocates.
 */
#include <string.h>
#include <strings.h>

#include <stb_image.h>

#include "media.h"

struct magic {
	const char	*bytes;
	size_t		 len;
	size_t		 min;		/* shortest plausible file */
	const char	*type;
	const char	*ext;
};

static const struct magic magics[] = {
	{ "\xff\xd8\xff", 3, 4, "image/jpeg", "jpg" },
	{ "\x89PNG\r\n\x1a\n", 8, 33, "image/png", "png" },
	{ "GIF87a", 6, 13, "image/gif", "gif" },
	{ "GIF89a", 6, 13, "image/gif", "gif" },
	{ "RIFF", 4, 20, "image/webp", "webp" },	/* and "WEBP" at 8 */
};

/* Does the text p open with an <svg> element (after prolog)? */
static int
svg_like(const unsigned char *p, size_t n)
{
	const unsigned char	*e = p + (n < 4096 ? n : 4096), *q;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < e) {
		while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' ||
		    *p == '\n'))
			p++;
		if (e - p >= 5 && memcmp(p, "<svg", 4) == 0 &&
		    (p[4] == ' ' || p[4] == '>' || p[4] == '\n' ||
		    p[4] == '\t' || p[4] == '\r'))
			return 1;
		if (e - p < 2 || p[0] != '<' || (p[1] != '?' && p[1] != '!'))
			return 0;
		if (e - p >= 9 && strncasecmp((const char *)p, "<!DOCTYPE", 9)
		    == 0 && strncasecmp((const char *)p + 9, " svg", 4) != 0)
			return 0;	/* an HTML page */
		q = memchr(p, '>', (size_t)(e - p));
		if (q != NULL && p[1] == '!' && memchr(p, '[', (size_t)(q - p))
		    != NULL) {	/* a doctype's internal subset */
			q = memchr(p, ']', (size_t)(e - p));
			q = q != NULL ? memchr(q, '>', (size_t)(e - q)) : NULL;
		}
		if (q == NULL)
			return 0;
		p = q + 1;
	}
	return 0;
}

const char *
media_sniff(const unsigned char *p, size_t n, const char **ext)
{
	size_t	 i;

	if (svg_like(p, n)) {
		if (ext != NULL)
			*ext = "svg";
		return "image/svg+xml";
	}
	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (n >= magics[i].min &&
		    memcmp(p, magics[i].bytes, magics[i].len) == 0 &&
		    (magics[i].len != 4 || memcmp(p + 8, "WEBP", 4) == 0)) {
			if (ext != NULL)
				*ext = magics[i].ext;
			return magics[i].type;
		}
	return media_image_sniff(p, n, ext);
}

/* The formats stb decodes beyond JPEG, PNG and GIF, by magic. */
static const struct {
	const char	*bytes;
	size_t		 len;
	const char	*type;
	const char	*ext;
} others[] = {
	{ "BM", 2, "image/bmp", "bmp" },
	{ "8BPS", 4, "image/vnd.adobe.photoshop", "psd" },
	{ "\x53\x80\xf6\x34", 4, "image/x-softimage-pic", "pic" },
	{ "P5", 2, "image/x-portable-graymap", "pgm" },
	{ "P6", 2, "image/x-portable-pixmap", "ppm" },
	{ "#?RADIANCE\n", 11, "image/vnd.radiance", "hdr" },
	{ "#?RGBE\n", 7, "image/vnd.radiance", "hdr" },
};

const char *
media_image_sniff(const unsigned char *p, size_t n, const char **ext)
{
	const char	*type = "image/x-tga", *e = "tga";
	size_t		 i;
	int		 w, h, comp;

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (n >= others[i].len &&
		    memcmp(p, others[i].bytes, others[i].len) == 0) {
			type = others[i].type;
			e = others[i].ext;
			break;
		}
	/* TGA has no magic: it is what stb's header check accepts. */
	if (n > (size_t)0x7fffffff ||
	    !stbi_info_from_memory(p, (int)n, &w, &h, &comp))
		return NULL;
	if (ext != NULL)
		*ext = e;
	return type;
}
