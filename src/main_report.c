/*
 * What a build says when the book is written: the summary line
 * (chapters, articles, images embedded and missing, with counts by
 * reason, warnings, size, time) and, under -v, one line per article
 * in reading order with its chapter and images.
 */
#include <stdio.h>
#include <string.h>

#include "book.h"
#include "buf.h"
#include "diag.h"
#include "media.h"
#include "main_int.h"

/* The kinds of reason an image is missing, as the summary names them. */
enum lost {
	LOST_OFFLINE,
	LOST_NOT_FOUND,
	LOST_HTTP,
	LOST_REFUSED,
	LOST_TIMEOUT,
	LOST_TOO_LARGE,
	LOST_REDIRECTS,
	LOST_NOT_IMAGE,
	LOST_NETWORK,
	LOST_MAX
};

static const char *const lost_names[LOST_MAX] = {
	"offline", "not found", "HTTP error", "refused", "timed out",
	"too large", "too many redirects", "not an image",
	"network error"
};

/* The kind of why, the reason fetch or media gave. */
static enum lost
lost_kind(const char *why)
{
	if (why == NULL)
		return LOST_NETWORK;
	if (strncmp(why, "offline", 7) == 0)
		return LOST_OFFLINE;
	if (strcmp(why, "HTTP status 404") == 0 ||
	    strcmp(why, "HTTP status 410") == 0)
		return LOST_NOT_FOUND;
	if (strncmp(why, "HTTP status", 11) == 0)
		return LOST_HTTP;
	if (strncmp(why, "refused", 7) == 0)
		return LOST_REFUSED;
	if (strcmp(why, "timed out") == 0)
		return LOST_TIMEOUT;
	if (strncmp(why, "larger than", 11) == 0 ||
	    strstr(why, "too large") != NULL)
		return LOST_TOO_LARGE;
	if (strstr(why, "redirects") != NULL)
		return LOST_REDIRECTS;
	if (strstr(why, "image") != NULL)
		return LOST_NOT_IMAGE;
	return LOST_NETWORK;
}

/* "3 missing (2 offline, 1 not found)", or nothing when none is. */
static void
missing(const struct book *b, struct buf *out)
{
	const struct media	*m = b->media;
	size_t			 n[LOST_MAX] = { 0 }, i, total = 0, k = 0;

	for (i = 0; i < b->narticles; i++)
		n[LOST_NOT_FOUND] += b->articles[i]->nlocal_missing;
	/* A missing cover is no missing picture: one is drawn instead. */
	for (i = 0; m != NULL && i < m->rn; i++)
		if (m->rv[i].res < 0 && (long)i != m->cover)
			n[lost_kind(m->rv[i].why)]++;
	for (i = 0; i < LOST_MAX; i++)
		total += n[i];
	if (total == 0)
		return;
	buf_printf(out, ", %zu missing (", total);
	for (i = 0; i < LOST_MAX; i++)
		if (n[i] > 0)
			buf_printf(out, "%s%zu %s", k++ ? ", " : "", n[i],
			    lost_names[i]);
	buf_putc(out, ')');
}

void
main_summary(const struct book *b, const struct diag *d, const char *path,
    size_t size, double seconds)
{
	struct buf	 line = BUF_INIT;
	size_t		 images = 0, i;

	for (i = 0; b->media != NULL && i < b->media->n; i++)
		images += !b->media->v[i].generated;

	buf_printf(&line, "sheaf: wrote %s: %zu chapter%s, %zu article%s, "
	    "%zu image%s embedded", path,
	    b->nchapters, b->nchapters == 1 ? "" : "s",
	    b->narticles, b->narticles == 1 ? "" : "s",
	    images, images == 1 ? "" : "s");
	missing(b, &line);
	buf_printf(&line, ", %zu warning%s, ", d->nwarn,
	    d->nwarn == 1 ? "" : "s");
	if (size >= (size_t)1 << 20)
		buf_printf(&line, "%.1f MiB", size / 1048576.0);
	else
		buf_printf(&line, "%.1f KiB", size / 1024.0);
	buf_printf(&line, ", %.2f s\n", seconds);
	fputs(line.data, stderr);
	buf_fini(&line);
}

static void
packed(const struct article *a, const char *chapter)
{
	size_t	 lost = a->nmissing + a->nlocal_missing;

	fprintf(stderr, "sheaf: %s: packed \"%s\"", a->path, a->title);
	if (chapter != NULL && chapter[0] != '\0')
		fprintf(stderr, " in \"%s\"", chapter);
	fprintf(stderr, ", %zu image%s", a->nimages, a->nimages == 1 ? "" :
	    "s");
	if (lost > 0)
		fprintf(stderr, ", %zu missing", lost);
	fputc('\n', stderr);
}

void
main_packed(const struct book *b)
{
	size_t	 i, j;

	if (b->nchapters == 0) {
		for (i = 0; i < b->narticles; i++)
			packed(b->articles[i], NULL);
		return;
	}
	for (i = 0; i < b->nchapters; i++)
		for (j = 0; j < b->chapters[i].n; j++)
			packed(b->chapters[i].articles[j],
			    b->chapters[i].title);
}
