/*
 * mkimage: write a test picture for the image tests.
 *
 *	mkimage jpg|png|webp|webp-alpha WIDTH HEIGHT SEED OUT
 *
 * The pixels are a gradient shifted by SEED, so different seeds give
 * different bytes (and different content hashes in the book).
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
	size_t		 n = 0;
	FILE		*f;
	int		 w, h, seed, comp, x, y, ok;

	if (argc != 6) {
		fputs("usage: mkimage jpg|png|webp|webp-alpha W H SEED OUT\n",
		    stderr);
		return 2;
	}
	w = atoi(argv[2]);
	h = atoi(argv[3]);
	seed = atoi(argv[4]);
	comp = strcmp(argv[1], "webp-alpha") == 0 ? 4 : 3;
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
		}
	if (strcmp(argv[1], "jpg") == 0)
		ok = stbi_write_jpg(argv[5], w, h, comp, px, 80);
	else if (strcmp(argv[1], "png") == 0)
		ok = stbi_write_png(argv[5], w, h, comp, px, w * comp);
	else {
		n = comp == 4 ? WebPEncodeRGBA(px, w, h, w * 4, 80, &out) :
		    WebPEncodeRGB(px, w, h, w * 3, 80, &out);
		ok = n > 0 && (f = fopen(argv[5], "wb")) != NULL &&
		    fwrite(out, 1, n, f) == n && fclose(f) == 0;
		WebPFree(out);
	}
	free(px);
	return ok ? 0 : 1;
}
