/* Fuzz the date parser: any text, a date or a refusal. */
#include <stddef.h>
#include <stdint.h>

#include "book.h"
#include "config.h"
#include "collect_int.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char	*s = fuzz_string(data, n);
	int64_t	 t;

	if (collect_date_parse(s, 8 * 3600, &t) == 0)
		/* Years 0000-9999 as W3CDTF needs them. */
		FUZZ_REQUIRE(t >= -62167219200LL && t <= 253402300799LL,
		    "a date in range");
	free(s);
	return 0;
}
