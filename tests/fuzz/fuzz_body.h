/*
 * The body targets: convert one article whose body is the fuzzer's
 * input, as HTML or Markdown, beside the convert fixtures (so that
 * local images resolve), and check the document and the media table.
 */
#ifndef SHEAF_FUZZ_BODY_H
#define SHEAF_FUZZ_BODY_H

#include <limits.h>
#include <stdint.h>

#include "book.h"
#include "config.h"
#include "convert.h"
#include "diag.h"
#include "media.h"
#include "fuzz.h"

#define FUZZ_DIR	"tests/fixtures/convert"

static void
fuzz_body(const char *body, size_t n, enum body_kind kind)
{
	static char	 root[PATH_MAX];
	struct config	 cfg;
	struct diag	 d;
	struct book	*b;
	struct article	*a;
	size_t		 i, rl;

	if (root[0] == '\0' && realpath(FUZZ_DIR, root) == NULL) {
		fprintf(stderr, "run from the top of the source tree\n");
		abort();
	}
	memset(&cfg, 0, sizeof(cfg));
	diag_init(&d);
	b = book_new();
	b->language = xstrdup("zh-Hans");
	b->media = media_new();
	a = xcalloc(1, sizeof(*a));
	a->path = xstrdup(FUZZ_DIR "/fuzz.html");
	a->dir = xstrdup(root);
	a->root = xstrdup(root);
	a->title = xstrdup("Fuzz");
	a->body = xmalloc(n + 1);
	memcpy(a->body, body, n);
	a->body[n] = '\0';
	a->body_len = n;
	a->body_line = 1;
	a->kind = kind;
	b->articles = xmalloc(sizeof(*b->articles));
	b->articles[0] = a;
	b->narticles = 1;
	if (convert_article(b, a, &cfg, &d) == 0 && a->xhtml != NULL)
		fuzz_check_xhtml(a->xhtml, a->xhtml_len);
	rl = strlen(root);
	for (i = 0; i < b->media->n; i++)
		FUZZ_REQUIRE(strncmp(b->media->v[i].path, root, rl) == 0 &&
		    b->media->v[i].path[rl] == '/',
		    "images come from inside the input folder");
	book_free(b);
	diag_fini(&d);
}

#endif
