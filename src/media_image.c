/*
 * Make image bytes fit for an EPUB 3.2 book and an e-reader: WebP is
 * decoded with libwebp and written as PNG (when it has transparency)
 * or JPEG; an image larger than the pixel limit is decoded with stb,
 * scaled down with stb_image_resize and re-encoded. JPEG, PNG and GIF
 * within the limit are kept byte for byte. The type is always the
 * sniffed one (media_sniff).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>
#include <webp/decode.h>

#include "buf.h"
#include "media.h"

#define JPEG_QUALITY	85
#define DECODE_MAX	((size_t)64000000)	/* pixels; more is a bomb */

static void
on_write(void *arg, void *p, int n)
{
	buf_put(arg, p, (size_t)n);
}

/* Encode w×h pixels of comp channels into out: PNG when png, else JPEG. */
static int
encode(struct buf *out, const unsigned char *px, int w, int h, int comp,
    int png)
{
	buf_reset(out);
	if (png)
		return stbi_write_png_to_func(on_write, out, w, h, comp, px,
		    w * comp) ? 0 : -1;
	return stbi_write_jpg_to_func(on_write, out, w, h, comp, px,
	    JPEG_QUALITY) ? 0 : -1;
}

/* Scale px (w×h) to fit max pixels; returns new pixels or px itself. */
static unsigned char *
shrink(unsigned char *px, int *w, int *h, int comp, size_t max)
{
	unsigned char	*out;
	double		 f;
	int		 nw, nh;

	if ((size_t)*w * (size_t)*h <= max)
		return px;
	f = (double)max / ((double)*w * (double)*h);
	for (f = sqrt(f); ; f *= 0.995) {
		nw = (int)(*w * f);
		nh = (int)(*h * f);
		if (nw < 1)
			nw = 1;
		if (nh < 1)
			nh = 1;
		if ((size_t)nw * (size_t)nh <= max)
			break;
	}
	if ((out = malloc((size_t)nw * (size_t)nh * (size_t)comp)) == NULL)
		return NULL;
	if (!stbir_resize_uint8(px, *w, *h, 0, out, nw, nh, 0, comp)) {
		free(out);
		return NULL;
	}
	*w = nw;
	*h = nh;
	return out;
}

static int
from_webp(struct buf *bytes, size_t max, const char **type,
    const char **ext, const char **why)
{
	WebPBitstreamFeatures	 f;
	unsigned char		*px, *sc;
	int			 w, h, comp, rc;

	if (WebPGetFeatures((const uint8_t *)bytes->data, bytes->len,
	    &f) != VP8_STATUS_OK || (size_t)f.width * f.height > DECODE_MAX) {
		*why = "broken or oversized WebP image";
		return -1;
	}
	comp = f.has_alpha ? 4 : 3;
	px = f.has_alpha ?
	    WebPDecodeRGBA((const uint8_t *)bytes->data, bytes->len, &w, &h) :
	    WebPDecodeRGB((const uint8_t *)bytes->data, bytes->len, &w, &h);
	if (px == NULL) {
		*why = "broken WebP image";
		return -1;
	}
	if ((sc = shrink(px, &w, &h, comp, max)) == NULL) {
		WebPFree(px);
		*why = "cannot scale the image";
		return -1;
	}
	rc = encode(bytes, sc, w, h, comp, f.has_alpha);
	if (sc != px)
		free(sc);
	WebPFree(px);
	*type = f.has_alpha ? "image/png" : "image/jpeg";
	*ext = f.has_alpha ? "png" : "jpg";
	if (rc == -1)
		*why = "cannot encode the converted image";
	return rc;
}

int
media_image_as_is(const unsigned char *p, size_t n, size_t max)
{
	const char	*type;
	int		 w, h, comp;

	return (type = media_sniff(p, n, NULL)) != NULL &&
	    strcmp(type, "image/webp") != 0 &&
	    strcmp(type, "image/svg+xml") != 0 && n <= (size_t)0x7fffffff &&
	    stbi_info_from_memory(p, (int)n, &w, &h, &comp) &&
	    (size_t)w * (size_t)h <= max;
}

int
media_image_fit(struct buf *bytes, size_t max, const char **type,
    const char **ext, const char **why)
{
	const unsigned char	*p = (const unsigned char *)bytes->data;
	unsigned char		*px, *sc;
	int			 w, h, comp, png, rc;

	if ((*type = media_sniff(p, bytes->len, ext)) == NULL) {
		*why = "not an image sheaf can embed (JPEG, PNG, GIF, WebP, "
		    "SVG)";
		return -1;
	}
	if (strcmp(*type, "image/webp") == 0)
		return from_webp(bytes, max, type, ext, why);
	if (strcmp(*type, "image/svg+xml") == 0)
		return media_svg_clean(bytes, why);
	if (bytes->len > (size_t)0x7fffffff ||
	    !stbi_info_from_memory(p, (int)bytes->len, &w, &h, &comp)) {
		*why = "broken image";
		return -1;
	}
	if ((size_t)w * (size_t)h <= max)
		return 0;
	if ((size_t)w * (size_t)h > DECODE_MAX) {
		*why = "image too large to decode";
		return -1;
	}
	png = strcmp(*type, "image/jpeg") != 0;
	comp = comp == 2 || comp == 4 ? 4 : 3;
	if ((px = stbi_load_from_memory(p, (int)bytes->len, &w, &h, NULL,
	    comp)) == NULL) {
		*why = "broken image";
		return -1;
	}
	if ((sc = shrink(px, &w, &h, comp, max)) == NULL) {
		stbi_image_free(px);
		*why = "cannot scale the image";
		return -1;
	}
	rc = encode(bytes, sc, w, h, comp, png);
	if (sc != px)
		free(sc);
	stbi_image_free(px);
	*type = png ? "image/png" : "image/jpeg";
	*ext = png ? "png" : "jpg";
	if (rc == -1)
		*why = "cannot encode the scaled image";
	return rc;
}
