/*
 * The JPEG encoder of the media table: libjpeg (libjpeg-turbo) writes
 * every JPEG sheaf makes, with optimised Huffman tables, so a grey
 * image is a true one-channel JPEG and a photo is smaller than stb's
 * fixed tables make it. libjpeg reports errors by calling a function
 * that must not return: it jumps back here instead of exiting.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

#include "buf.h"
#include "media.h"

struct jerr {
	struct jpeg_error_mgr	 pub;
	jmp_buf			 env;
};

static void
on_error(j_common_ptr cinfo)
{
	longjmp(((struct jerr *)cinfo->err)->env, 1);
}

static void
on_message(j_common_ptr cinfo)
{
	/* Warnings are not shown: the caller judges the result. */
}

int
media_jpeg_encode(struct buf *out, const unsigned char *px, int w, int h,
    int comp, int quality)
{
	struct jpeg_compress_struct	 c;
	struct jerr			 err;
	unsigned char			*mem = NULL;
	unsigned long			 len = 0;
	JSAMPROW			 row;

	if ((comp != 1 && comp != 3) || w < 1 || h < 1 ||
	    w > JPEG_MAX_DIMENSION || h > JPEG_MAX_DIMENSION)
		return -1;
	c.err = jpeg_std_error(&err.pub);
	err.pub.error_exit = on_error;
	err.pub.output_message = on_message;
	if (setjmp(err.env)) {
		jpeg_destroy_compress(&c);
		free(mem);
		return -1;
	}
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &mem, &len);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = comp;
	c.in_color_space = comp == 1 ? JCS_GRAYSCALE : JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality < 1 ? 1 : quality > 100 ? 100 : quality,
	    TRUE);
	c.optimize_coding = TRUE;
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		row = (JSAMPROW)(px + (size_t)c.next_scanline * (size_t)w *
		    (size_t)comp);
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	buf_reset(out);
	buf_put(out, mem, (size_t)len);
	free(mem);
	return 0;
}
