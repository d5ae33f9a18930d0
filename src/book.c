/*
 * The data model's constructors and destructors: one owner for
 * everything below a book.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "buf.h"
#include "media.h"
#include "uuid5.h"
#include "xalloc.h"

struct book *
book_new(void)
{
	return xcalloc(1, sizeof(struct book));
}

void
strlist_add(struct strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

void
strlist_fini(struct strlist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int
strlist_has(const struct strlist *l, const char *s)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

void
article_free(struct article *a)
{
	size_t	 i, j;

	if (a == NULL)
		return;
	free(a->path);
	free(a->dir);
	free(a->root);
	free(a->site);
	free(a->title);
	for (i = 0; i < a->ncats; i++) {
		for (j = 0; j < a->cats[i].n; j++)
			free(a->cats[i].v[j]);
		free(a->cats[i].v);
	}
	free(a->cats);
	strlist_fini(&a->tags);
	free(a->author);
	free(a->cover);
	free(a->lang);
	free(a->description);
	free(a->slug);
	free(a->permalink);
	free(a->body);
	free(a->xhtml);
	free(a->remote_ids);
	free(a);
}

/* The namespace of body hashes (a UUID v5 of the bytes under it). */
static const unsigned char body_ns[16] = {
	0x8c, 0x1e, 0x53, 0x0f, 0x2a, 0x6d, 0x4b, 0x97,
	0xa4, 0x35, 0x71, 0xd9, 0x0e, 0xb2, 0x64, 0xc8
};

void
book_body_sum(const char *p, size_t n, unsigned char sum[16])
{
	uuid5_make(sum, body_ns, p, n);
}

int
book_article_body(struct article *a)
{
	struct buf	 b = BUF_INIT;
	unsigned char	 sum[16];

	if (!a->body_lazy || a->body != NULL)
		return 0;
	if (read_file(a->path, a->body_off + a->body_len + 1, &b) == -1) {
		if (errno == EFBIG)
			errno = ESTALE;
		goto fail;
	}
	if (b.len != a->body_off + a->body_len) {
		errno = ESTALE;
		goto fail;
	}
	book_body_sum(b.data + a->body_off, a->body_len, sum);
	if (memcmp(sum, a->body_sum, sizeof(sum)) != 0) {
		errno = ESTALE;
		goto fail;
	}
	a->body = xstrndup(b.data + a->body_off, a->body_len);
	a->body_lazy = 0;
	buf_fini(&b);
	return 0;
fail:
	buf_fini(&b);
	return -1;
}

void
book_free(struct book *b)
{
	size_t	 i;

	if (b == NULL)
		return;
	free(b->title);
	free(b->subtitle);
	strlist_fini(&b->creators);
	strlist_fini(&b->creator_roles);
	strlist_fini(&b->creator_file_as);
	free(b->language);
	free(b->identifier);
	free(b->publisher);
	free(b->rights);
	free(b->description);
	free(b->site_url);
	strlist_fini(&b->subjects);
	free(b->cover);
	for (i = 0; i < b->narticles; i++)
		article_free(b->articles[i]);
	free(b->articles);
	for (i = 0; i < b->nchapters; i++) {
		free(b->chapters[i].title);
		free(b->chapters[i].articles);
	}
	free(b->chapters);
	for (i = 0; i < b->nskipped; i++) {
		free(b->skipped[i].path);
		free(b->skipped[i].reason);
	}
	free(b->skipped);
	media_free(b->media);
	spool_free(b->spool);
	free(b);
}

int
book_chapter_counts(const struct book *b, size_t i)
{
	const struct chapter	*ch = &b->chapters[i];

	/* A chapter may hold only the chapters nested in it. */
	return ch->n > 0 || (ch->title != NULL && i + 1 < b->nchapters &&
	    b->chapters[i + 1].depth > ch->depth);
}

int
book_article_id(const struct book *b, const struct article *a,
    char *out, size_t size)
{
	size_t	 i, j, cnum = 0, anum = 0;

	if (b->nchapters == 0) {
		for (j = 0; j < b->narticles; j++)
			if (b->articles[j] == a) {
				snprintf(out, size, "c001-a%04zu", j + 1);
				return 0;
			}
		return -1;
	}
	for (i = 0; i < b->nchapters; i++) {
		if (!book_chapter_counts(b, i))
			continue;
		cnum++;
		for (j = 0; j < b->chapters[i].n; j++) {
			anum++;
			if (b->chapters[i].articles[j] == a) {
				snprintf(out, size, "c%03zu-a%04zu", cnum,
				    anum);
				return 0;
			}
		}
	}
	return -1;
}
