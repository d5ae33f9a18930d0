/* Fuzz the front matter splitter and YAML reader of collect. */
#include <stddef.h>
#include <stdint.h>

#include "book.h"
#include "config.h"
#include "diag.h"
#include "collect_int.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct config	 cfg;
	struct diag	 d;
	struct article	*a = NULL;
	const char	*why;

	memset(&cfg, 0, sizeof(cfg));
	diag_init(&d);
	if (collect_article_parse("fuzz.md", (const char *)data, n, &cfg, &d,
	    &a, &why) == 0) {
		FUZZ_REQUIRE(a != NULL && a->title != NULL && *a->title != '\0',
		    "an article has a title");
		article_free(a);
	}
	diag_fini(&d);
	return 0;
}
