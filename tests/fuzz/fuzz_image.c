/*
 * Fuzz the resolution of an image address: the input is the src of
 * one img. Whatever it says, an embedded file comes from inside the
 * input folder.
 */
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "fuzz_body.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	BUF_PUTSL(&b, "<p><img src=\"");
	for (i = 0; i < n; i++) {
		if (data[i] == '"')
			BUF_PUTSL(&b, "&quot;");
		else if (data[i] == '&')
			BUF_PUTSL(&b, "&amp;");
		else if (data[i] == '<')
			BUF_PUTSL(&b, "&lt;");
		else
			buf_putc(&b, data[i]);
	}
	BUF_PUTSL(&b, "\" alt=\"x\"></p>");
	fuzz_body(b.data, b.len, BODY_HTML);
	buf_fini(&b);
	return 0;
}
