/*
 * The plan of a collected book as stable text, for `sheaf list` and
 * the collector's golden tests: one line for the book, one per
 * chapter, one per article (date, title, source file), then the files
 * passed over and why. Dates are shown in the book's time zone, the
 * one its chapters were grouped in; control bytes
 * in titles and paths are escaped so that each entry is one line.
 */
#include <stddef.h>

#include "book.h"
#include "buf.h"
#include "collect.h"
#include "collect_int.h"

static const char *
plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void
collect_dump(const struct book *b, struct buf *out)
{
	const struct chapter	*ch;
	const struct article	*a;
	size_t			 i, j;
	int			 y, m, d, k;

	BUF_PUTSL(out, "book: ");
	buf_puts_visible(out, b->title ? b->title : "");
	buf_printf(out, " (%s), %zu chapter%s, %zu article%s\n",
	    b->language ? b->language : "", b->nchapters,
	    plural(b->nchapters), b->narticles, plural(b->narticles));
	for (i = 0; i < b->nchapters; i++) {
		ch = &b->chapters[i];
		for (k = 1; k < ch->depth; k++)	/* nested: category:N */
			BUF_PUTSL(out, "  ");
		buf_printf(out, "chapter %zu: ", i + 1);
		buf_puts_visible(out, ch->title ? ch->title : "(no title)");
		buf_printf(out, " (%zu)\n", ch->n);
		for (j = 0; j < ch->n; j++) {
			a = ch->articles[j];
			for (k = 1; k < ch->depth; k++)
				BUF_PUTSL(out, "  ");
			if (a->has_date) {
				collect_date_civil(a->date + b->tz_offset, &y, &m,
				    &d);
				buf_printf(out, "  %04d-%02d-%02d  ", y, m, d);
			} else
				BUF_PUTSL(out, "  ----------  ");
			buf_puts_visible(out, a->title);
			BUF_PUTSL(out, "  ");
			buf_puts_visible(out, a->path);
			buf_putc(out, '\n');
		}
	}
	if (b->nskipped == 0)
		return;
	BUF_PUTSL(out, "skipped:\n");
	for (i = 0; i < b->nskipped; i++) {
		BUF_PUTSL(out, "  ");
		buf_puts_visible(out, b->skipped[i].path);
		BUF_PUTSL(out, ": ");
		buf_puts_visible(out, b->skipped[i].reason);
		buf_putc(out, '\n');
	}
}
