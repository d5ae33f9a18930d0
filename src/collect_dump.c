/*
 * The plan of a collected book as stable text, for `sheaf list` and
 * the collector's golden tests: one line for the book, one per
 * chapter, one per article (date, title, source file), then the files
 * passed over and why. Dates are shown in the book's time zone, the
 * one its chapters were grouped in; control bytes
 * in titles and paths are escaped so that each entry is one line.
 * collect_dump_json() gives the same plan as JSON.
 */
#include <stddef.h>
#include <string.h>

#include "book.h"
#include "buf.h"
#include "collect.h"
#include "text.h"
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

/* s as a JSON string; invalid UTF-8 bytes become U+FFFD. */
static void
json_str(struct buf *out, const char *s)
{
	struct buf		 ok = BUF_INIT;
	const unsigned char	*p;
	int			 line;

	s = s ? s : "";
	text_repair(s, strlen(s), &ok, &line);
	p = (const unsigned char *)ok.data;
	buf_putc(out, '"');
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(out, "\\u%04x", *p);
		else
			buf_putc(out, *p);
	}
	buf_putc(out, '"');
	buf_fini(&ok);
}

void
collect_dump_json(const struct book *b, struct buf *out)
{
	const struct chapter	*ch;
	const struct article	*a;
	size_t			 i, j;
	int			 y, m, d;

	BUF_PUTSL(out, "{\"title\": ");
	json_str(out, b->title);
	BUF_PUTSL(out, ", \"language\": ");
	json_str(out, b->language);
	buf_printf(out, ", \"nchapters\": %zu, \"narticles\": %zu, "
	    "\"chapters\": [", b->nchapters, b->narticles);
	for (i = 0; i < b->nchapters; i++) {
		ch = &b->chapters[i];
		buf_puts(out, i ? ",\n  {\"title\": " : "\n  {\"title\": ");
		if (ch->title != NULL)
			json_str(out, ch->title);
		else
			BUF_PUTSL(out, "null");
		buf_printf(out, ", \"depth\": %d, \"narticles\": %zu, "
		    "\"articles\": [", ch->depth > 1 ? ch->depth : 1, ch->n);
		for (j = 0; j < ch->n; j++) {
			a = ch->articles[j];
			buf_puts(out, j ? ",\n    {\"date\": " :
			    "\n    {\"date\": ");
			if (a->has_date) {
				collect_date_civil(a->date + b->tz_offset, &y,
				    &m, &d);
				buf_printf(out, "\"%04d-%02d-%02d\"", y, m, d);
			} else
				BUF_PUTSL(out, "null");
			BUF_PUTSL(out, ", \"title\": ");
			json_str(out, a->title);
			BUF_PUTSL(out, ", \"path\": ");
			json_str(out, a->path);
			buf_putc(out, '}');
		}
		BUF_PUTSL(out, "]}");
	}
	BUF_PUTSL(out, "],\n \"skipped\": [");
	for (i = 0; i < b->nskipped; i++) {
		buf_puts(out, i ? ",\n  {\"path\": " : "\n  {\"path\": ");
		json_str(out, b->skipped[i].path);
		BUF_PUTSL(out, ", \"reason\": ");
		json_str(out, b->skipped[i].reason);
		buf_putc(out, '}');
	}
	BUF_PUTSL(out, "]}");
}
