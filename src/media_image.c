/*
 * Make image bytes fit for an EPUB 3.2 book and an e-reader. WebP is
 * decoded with libwebp, the other rasters with stb_image; an image is
 * decoded only when something must change: a format readers lack
 * (WebP, BMP, TGA... become PNG or JPEG), more pixels than the limit
 * (scaled with stb_image_resize), colour under --grayscale, or more
 * bytes than the limit. Then it is encoded again: PNG with stb, JPEG
 * with libjpeg (media_jpeg.c). JPEG, PNG and GIF that need none of
 * this are kept byte for byte. The type is always the sniffed one.
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

#define DECODE_MAX	((size_t)64000000)	/* pixels; more is a bomb */
#define QUALITY_MIN	40	/* JPEG quality is lowered no further */
#define QUALITY_STEP	10
#define SHRINK_STEP	0.8	/* of each side, when bytes are too many */

/* Decoded pixels and how they are to be written. */
struct pic {
	unsigned char	*px;
	int		 w, h;
	int		 comp;		/* 1 grey, 2 grey+alpha, 3, 4 */
	int		 png;		/* else JPEG */
	int		 from;		/* who allocated px: FROM_* */
};

enum { FROM_MALLOC, FROM_STB, FROM_WEBP };

static void
pic_free(struct pic *pc)
{
	if (pc->from == FROM_STB)
		stbi_image_free(pc->px);
	else if (pc->from == FROM_WEBP)
		WebPFree(pc->px);
	else
		free(pc->px);
	pc->px = NULL;
	pc->from = FROM_MALLOC;
}

static void
on_write(void *arg, void *p, int n)
{
	buf_put(arg, p, (size_t)n);
}

static int
encode(struct buf *out, const struct pic *pc, int quality)
{
	buf_reset(out);
	if (pc->png)
		return stbi_write_png_to_func(on_write, out, pc->w, pc->h,
		    pc->comp, pc->px, pc->w * pc->comp) ? 0 : -1;
	return media_jpeg_encode(out, pc->px, pc->w, pc->h, pc->comp,
	    quality);
}

/* Scale pc to w×h; 0, or -1 (pc unchanged). */
static int
resize(struct pic *pc, int w, int h)
{
	unsigned char	*out;

	if ((out = malloc((size_t)w * (size_t)h * (size_t)pc->comp)) == NULL)
		return -1;
	if (!stbir_resize_uint8(pc->px, pc->w, pc->h, 0, out, w, h, 0,
	    pc->comp)) {
		free(out);
		return -1;
	}
	pic_free(pc);
	pc->px = out;
	pc->w = w;
	pc->h = h;
	return 0;
}

/* Scale pc down to max pixels at most; 0, or -1. */
static int
shrink(struct pic *pc, size_t max)
{
	double	 f;
	int	 nw, nh;

	if ((size_t)pc->w * (size_t)pc->h <= max)
		return 0;
	f = (double)max / ((double)pc->w * (double)pc->h);
	for (f = sqrt(f); ; f *= 0.995) {
		nw = (int)(pc->w * f);
		nh = (int)(pc->h * f);
		if (nw < 1)
			nw = 1;
		if (nh < 1)
			nh = 1;
		if ((size_t)nw * (size_t)nh <= max)
			break;
	}
	return resize(pc, nw, nh);
}

/* Keep only the channels used: alpha that is opaque throughout goes. */
static void
drop_opaque_alpha(struct pic *pc)
{
	size_t	 i, n = (size_t)pc->w * (size_t)pc->h;
	int	 c = pc->comp;

	if (c != 2 && c != 4)
		return;
	for (i = 0; i < n; i++)
		if (pc->px[i * c + c - 1] != 255)
			return;
	for (i = 0; i < n; i++)
		memmove(pc->px + i * (c - 1), pc->px + i * c, (size_t)c - 1);
	pc->comp = c - 1;
}

/* Colour to grey (Rec. 601 luma), alpha kept, in place. */
static void
to_gray(struct pic *pc)
{
	size_t		 i, n = (size_t)pc->w * (size_t)pc->h;
	unsigned char	*s, *d;
	int		 c = pc->comp;

	if (c < 3)
		return;
	for (i = 0; i < n; i++) {
		s = pc->px + i * c;
		d = pc->px + i * (c - 2);
		d[0] = (unsigned char)((299 * s[0] + 587 * s[1] + 114 * s[2] +
		    500) / 1000);
		if (c == 4)
			d[1] = s[3];
	}
	pc->comp = c - 2;
}

/* Decode WebP into pc (RGB or RGBA); 0, or -1. */
static int
decode_webp(const struct buf *bytes, struct pic *pc, const char **why)
{
	WebPBitstreamFeatures	 f;

	if (WebPGetFeatures((const uint8_t *)bytes->data, bytes->len,
	    &f) != VP8_STATUS_OK || (size_t)f.width * f.height > DECODE_MAX) {
		*why = "broken or oversized WebP image";
		return -1;
	}
	pc->comp = f.has_alpha ? 4 : 3;
	pc->from = FROM_WEBP;
	pc->px = f.has_alpha ?
	    WebPDecodeRGBA((const uint8_t *)bytes->data, bytes->len, &pc->w,
	    &pc->h) :
	    WebPDecodeRGB((const uint8_t *)bytes->data, bytes->len, &pc->w,
	    &pc->h);
	if (pc->px == NULL) {
		*why = "broken WebP image";
		return -1;
	}
	return 0;
}

static int
decode_stb(const struct buf *bytes, struct pic *pc, const char **why)
{
	pc->from = FROM_STB;
	pc->px = stbi_load_from_memory((const unsigned char *)bytes->data,
	    (int)bytes->len, &pc->w, &pc->h, &pc->comp, 0);
	if (pc->px == NULL) {
		*why = "broken image";
		return -1;
	}
	return 0;
}

/*
 * Encode pc into bytes, then while over max_bytes: as JPEG (when
 * opaque) at falling quality, then smaller. 0, or -1.
 */
static int
write_within(struct buf *bytes, struct pic *pc, const struct media *m)
{
	int	 q = m->quality > 0 ? m->quality : MEDIA_QUALITY;
	int	 w, h;

	if (encode(bytes, pc, q) == -1)
		return -1;
	if (m->max_bytes == 0 || bytes->len <= m->max_bytes)
		return 0;
	if (pc->comp == 1 || pc->comp == 3) {
		pc->png = 0;
		if (encode(bytes, pc, q) == -1)
			return -1;
		while (bytes->len > m->max_bytes && q > QUALITY_MIN) {
			q = q - QUALITY_STEP < QUALITY_MIN ? QUALITY_MIN :
			    q - QUALITY_STEP;
			if (encode(bytes, pc, q) == -1)
				return -1;
		}
	}
	while (bytes->len > m->max_bytes && (pc->w > 1 || pc->h > 1)) {
		w = (int)(pc->w * SHRINK_STEP);
		h = (int)(pc->h * SHRINK_STEP);
		if (resize(pc, w < 1 ? 1 : w, h < 1 ? 1 : h) == -1 ||
		    encode(bytes, pc, q) == -1)
			return -1;
	}
	return 0;
}

int
media_image_as_is(const unsigned char *p, size_t n, const struct media *m)
{
	const char	*type;
	int		 w, h, comp;

	return (type = media_sniff(p, n, NULL)) != NULL &&
	    (strcmp(type, "image/jpeg") == 0 ||
	    strcmp(type, "image/png") == 0 || strcmp(type, "image/gif") == 0) &&
	    n <= (size_t)0x7fffffff &&
	    stbi_info_from_memory(p, (int)n, &w, &h, &comp) &&
	    (size_t)w * (size_t)h <= m->max_pixels &&
	    (!m->grayscale || comp <= 2) &&
	    (m->max_bytes == 0 || n <= m->max_bytes);
}

int
media_image_fit(struct buf *bytes, const struct media *m, const char **type,
    const char **ext, const char **why)
{
	const unsigned char	*p = (const unsigned char *)bytes->data;
	struct pic		 pc;
	int			 w, h, comp, webp, rc = -1;

	if ((*type = media_sniff(p, bytes->len, ext)) == NULL) {
		*why = "not an image sheaf can embed (JPEG, PNG, GIF, WebP, "
		    "SVG, BMP, TGA, PSD, PNM, HDR)";
		return -1;
	}
	if (strcmp(*type, "image/svg+xml") == 0)
		return media_svg_clean(bytes, why);
	webp = strcmp(*type, "image/webp") == 0;
	if (!webp && (bytes->len > (size_t)0x7fffffff ||
	    !stbi_info_from_memory(p, (int)bytes->len, &w, &h, &comp))) {
		*why = "broken image";
		return -1;
	}
	if (media_image_as_is(p, bytes->len, m))
		return 0;
	if (!webp && (size_t)w * (size_t)h > DECODE_MAX) {
		*why = "image too large to decode";
		return -1;
	}

	memset(&pc, 0, sizeof(pc));
	if ((webp ? decode_webp(bytes, &pc, why) :
	    decode_stb(bytes, &pc, why)) == -1)
		return -1;
	drop_opaque_alpha(&pc);
	/* JPEG stays JPEG, lossy WebP without alpha too; the rest PNG. */
	pc.png = strcmp(*type, "image/jpeg") != 0 &&
	    !(webp && pc.comp != 2 && pc.comp != 4);
	if (!pc.png && (pc.comp == 2 || pc.comp == 4))
		pc.png = 1;
	if (m->grayscale)
		to_gray(&pc);
	if (shrink(&pc, m->max_pixels) == -1) {
		*why = "cannot scale the image";
		goto out;
	}
	if (write_within(bytes, &pc, m) == -1) {
		*why = "cannot encode the converted image";
		goto out;
	}
	*type = pc.png ? "image/png" : "image/jpeg";
	*ext = pc.png ? "png" : "jpg";
	rc = 0;
out:
	pic_free(&pc);
	return rc;
}
