/*
 * Fuzz the TOML front matter reader (Hugo's "+++" blocks): the parser
 * alone, whose tree must stay well linked, then the same bytes as the
 * front matter of a whole article.
 */
#include <stddef.h>
#include <stdint.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "collect_int.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Every link names a node of the tree; a mapping holds pairs. */
static void
check_tree(const struct tree *t)
{
	const struct node	*nd;
	size_t			 i, kids;
	int			 c;

	FUZZ_REQUIRE(t->n >= 1 && t->v[0].type == N_MAP, "a root mapping");
	for (i = 0; i < t->n; i++) {
		nd = &t->v[i];
		FUZZ_REQUIRE(nd->first < (int)t->n && nd->last < (int)t->n &&
		    nd->next < (int)t->n, "links inside the tree");
		FUZZ_REQUIRE(nd->type != N_SCALAR || nd->s != NULL,
		    "a scalar has text");
		kids = 0;
		for (c = nd->first; c >= 0 && kids <= t->n; c = t->v[c].next)
			kids++;
		FUZZ_REQUIRE(kids <= t->n, "no cycle among children");
		FUZZ_REQUIRE(nd->type != N_MAP || kids % 2 == 0,
		    "a mapping holds key and value pairs");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct config	 cfg;
	struct diag	 d;
	struct tree	 t = { NULL, 0, 0 };
	struct buf	 file = BUF_INIT;
	struct article	*a = NULL;
	const char	*why;
	size_t		 i;

	diag_init(&d);
	if (collect_toml_parse("fuzz.md", (const char *)data, n, 2, &d,
	    &t) == 0)
		check_tree(&t);
	else
		FUZZ_REQUIRE(d.nerr > 0, "a refusal is reported");
	for (i = 0; i < t.n; i++)
		free(t.v[i].s);
	free(t.v);
	diag_fini(&d);

	BUF_PUTSL(&file, "+++\n");
	buf_put(&file, (const char *)data, n);
	BUF_PUTSL(&file, "\n+++\nBody.\n");
	memset(&cfg, 0, sizeof(cfg));
	diag_init(&d);
	if (collect_article_parse("fuzz.md", file.data, file.len, &cfg, &d,
	    &a, &why) == 0) {
		FUZZ_REQUIRE(a != NULL && a->title != NULL && *a->title != '\0',
		    "an article has a title");
		article_free(a);
	}
	diag_fini(&d);
	buf_fini(&file);
	return 0;
}
