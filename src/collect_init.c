/*
 * sheaf init, in the collect stage: a commented book.yml guessed from a collected book,
 * its categories with their counts, the span of its dates and its
 * language, so that a user starts from a file that already works.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "buf.h"
#include "collect.h"
#include "xalloc.h"
#include "collect_int.h"

/* s as a YAML double-quoted scalar. */
static void
quoted(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(out, '\\');
		if ((unsigned char)*s < 0x20)
			buf_printf(out, "\\x%02x", (unsigned char)*s);
		else
			buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

static void
day(struct buf *out, int64_t t)
{
	int	 y, m, d;

	collect_date_civil(t, &y, &m, &d);
	buf_printf(out, "%04d-%02d-%02d", y, m, d);
}

void
collect_init_yml(const struct book *b, struct buf *out)
{
	struct strlist	 cats = { NULL, 0 };
	size_t		*count = NULL, i, j;
	int64_t		 lo = 0, hi = 0;
	int		 dated = 0;
	const struct article *a;

	for (i = 0; i < b->narticles; i++) {
		a = b->articles[i];
		if (a->has_date) {
			if (!dated || a->date < lo)
				lo = a->date;
			if (!dated || a->date > hi)
				hi = a->date;
			dated = 1;
		}
		if (a->ncats == 0)
			continue;
		for (j = 0; j < cats.n; j++)
			if (strcmp(cats.v[j], a->cats[0].v[0]) == 0)
				break;
		if (j == cats.n) {
			strlist_add(&cats, a->cats[0].v[0]);
			count = xreallocarray(count, cats.n, sizeof(*count));
			count[j] = 0;
		}
		count[j]++;
	}

	BUF_PUTSL(out, "# book.yml: what `sheaf build` makes of the articles "
	    "in this folder.\n# Options on the command line override it. "
	    "Run `sheaf list` to see the plan.\n\n");
	BUF_PUTSL(out, "title: ");
	quoted(out, b->title);
	BUF_PUTSL(out, "\n# subtitle: \"\"\n# author: \"\"            "
	    "# or a list of names, or of {name, role, file-as}\n");
	buf_printf(out, "language: %s            # guessed from the "
	    "articles\n", b->language);
	BUF_PUTSL(out, "# publisher: \"\"\n# rights: \"\"\n# description: "
	    "\"\"\n# cover-image: cover.jpg     # relative to this file\n"
	    "# timezone: +08:00          # of dates written without one\n\n");
	BUF_PUTSL(out, "# Chapters: category, category:2 (nested), year, "
	    "month, week, day, tag,\n# author, dir or none.\n"
	    "group-by: category\n# chapter-order: articles   # or title, "
	    "date, -date, count\n# Articles: date, -date, title, path, "
	    "updated, -updated.\norder: date\n\n");
	buf_printf(out, "# %zu articles", b->narticles);
	if (dated) {
		BUF_PUTSL(out, ", dated ");
		day(out, lo + b->tz_offset);
		BUF_PUTSL(out, " to ");
		day(out, hi + b->tz_offset);
	}
	BUF_PUTSL(out, ".\nselect:\n");
	if (cats.n > 0)
		BUF_PUTSL(out, "  # Categories found (articles), at the top "
		    "level; any level can be selected:\n");
	for (i = 0; i < cats.n; i++) {
		BUF_PUTSL(out, "  # category: ");
		quoted(out, cats.v[i]);
		buf_printf(out, "   # %zu\n", count[i]);
	}
	BUF_PUTSL(out, "  # exclude-category: \"\"\n  # tag: \"\"\n"
	    "  # author: \"\"\n");
	if (dated) {
		BUF_PUTSL(out, "  # since: ");
		day(out, lo + b->tz_offset);
		BUF_PUTSL(out, "         # a date, YYYY-MM or YYYY\n"
		    "  # until: ");
		day(out, hi + b->tz_offset);
		buf_putc(out, '\n');
	}
	BUF_PUTSL(out, "  # match: \"*word*\"         # on the title\n"
	    "  # latest: 20\n  # limit: 20\n  drafts: false\n\n"
	    "# Several books: a list under books:, each inheriting the "
	    "settings above,\n# or split-by: category (year, month) with "
	    "output: out/{category}.epub\n");
	free(count);
	strlist_fini(&cats);
}
