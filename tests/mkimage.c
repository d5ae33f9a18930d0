/*
 * mkimage: write a test picture for the image tests.
 *
 *	mkimage [noisy-]KIND WIDTH HEIGHT SEED OUT
 *
 * KIND is jpg, png, png-alpha, webp, webp-alpha, bmp, tga or ppm. The
 * pixels are a gradient shifted by SEED, so different seeds give
 * different bytes (and different content hashes in the book); noisy-
 * adds noise from SEED, which compresses badly: a large file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image_write.h>
#include <webp/encode.h>

int
main(int argc, char *argv[])
{
	unsigned char	*px, *out = NULL;
	unsigned long	 rnd;
	size_t		 n = 0;
	FILE		*f;
	const char	*kind;
	int		 w, h, seed, comp, x, y, ok, noisy;

	if (argc != 6) {
		fputs("usage: mkimage [noisy-]jpg|png|png-alpha|webp|"
		    "webp-alpha|bmp|tga|ppm W H SEED OUT\n", stderr);
		return 2;
	}
	kind = argv[1];
	if ((noisy = strncmp(kind, "noisy-", 6) == 0))
		kind += 6;
	w = atoi(argv[2]);
	h = atoi(argv[3]);
	seed = atoi(argv[4]);
	rnd = (unsigned long)seed * 2654435761UL + 1;
	comp = strstr(kind, "-alpha") != NULL ? 4 : 3;
	if (w <= 0 || h <= 0 || (px = malloc((size_t)w * h * comp)) == NULL)
		return 1;
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			unsigned char *p = px + ((size_t)y * w + x) * comp;

			p[0] = (unsigned char)(x + seed);
			p[1] = (unsigned char)(y * 3 + seed * 7);
			p[2] = (unsigned char)((x ^ y) + seed * 13);
			if (comp == 4)
				p[3] = (unsigned char)(128 + x % 128);
			if (noisy) {
				rnd = rnd * 6364136223846793005UL +
				    1442695040888963407UL;
				p[0] ^= (unsigned char)(rnd >> 33);
				p[1] ^= (unsigned char)(rnd >> 41);
				p[2] ^= (unsigned char)(rnd >> 49);
			}
		}
	if (strcmp(kind, "jpg") == 0)
		ok = stbi_write_jpg(argv[5], w, h, comp, px, noisy ? 95 : 80);
	else if (strncmp(kind, "png", 3) == 0)
		ok = stbi_write_png(argv[5], w, h, comp, px, w * comp);
	else if (strcmp(kind, "bmp") == 0)
		ok = stbi_write_bmp(argv[5], w, h, comp, px);
	else if (strcmp(kind, "tga") == 0)
		ok = stbi_write_tga(argv[5], w, h, comp, px);
	else if (strcmp(kind, "ppm") == 0)
		ok = (f = fopen(argv[5], "wb")) != NULL &&
		    fprintf(f, "P6\n%d %d\n255\n", w, h) > 0 &&
		    fwrite(px, 3, (size_t)w * h, f) == (size_t)w * h &&
		    fclose(f) == 0;
	else if (strncmp(kind, "webp", 4) == 0) {
		n = comp == 4 ? WebPEncodeRGBA(px, w, h, w * 4, 80, &out) :
		    WebPEncodeRGB(px, w, h, w * 3, 80, &out);
		ok = n > 0 && (f = fopen(argv[5], "wb")) != NULL &&
		    fwrite(out, 1, n, f) == n && fclose(f) == 0;
		WebPFree(out);
	} else
		ok = 0;
	free(px);
	return ok ? 0 : 1;
}
