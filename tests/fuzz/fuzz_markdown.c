/* Fuzz the conversion of a Markdown body to EPUB XHTML. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_body.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	fuzz_body((const char *)data, n, BODY_MARKDOWN);
	return 0;
}
