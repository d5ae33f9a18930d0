/*
 * Stage 1, collect: walk the inputs, load each article (front matter
 * and body), drop what the selection excludes, sort, group into
 * chapters, and settle the book's metadata defaults.
 */
#ifndef SHEAF_COLLECT_H
#define SHEAF_COLLECT_H

#include <stdint.h>

struct article;
struct book;
struct buf;
struct strlist;
struct config;
struct diag;

/*
 * Collect the book that cfg describes. Returns a new book the caller
 * frees with book_free(), or NULL when an error was reported to d
 * (a broken article, an unreadable input, nothing to pack). Files
 * passed over (drafts, unknown extensions, unselected) are listed in
 * book->skipped with their reason.
 */
struct book	*collect_run(const struct config *, struct diag *);

/*
 * Append the plan of the book, as `sheaf list` prints it, to out:
 * each chapter with its articles in order (date, title, source file),
 * then the skipped files with their reason. Stable text, for golden
 * tests.
 */
void		 collect_dump(const struct book *, struct buf *out);

/*
 * The same plan as one JSON object (title, language, chapters with
 * their depth and articles, skipped files), for scripts.
 */
void		 collect_dump_json(const struct book *, struct buf *out);

/*
 * Append a commented book.yml for `sheaf init` that describes b: its
 * title and language, the categories found with their counts, the
 * span of its dates, and every other setting commented out.
 */
void		 collect_init_yml(const struct book *, struct buf *out);

/*
 * split-by: append the value that puts article a into one book of
 * the split (its top-level category, "YYYY" or "YYYY-MM"), and add
 * the distinct values of b's articles to out, in reading order.
 */
void		 collect_split_key(const struct config *,
		    const struct article *, struct buf *out);
void		 collect_split_values(const struct config *,
		    const struct book *, struct strlist *out);

/*
 * Parse a selection bound: a date as collect_date_parse() reads it,
 * or YYYY, YYYY-MM or YYYY-MM-DD standing for the whole year, month
 * or day: its first second when end is 0, its last when end is 1,
 * in the zone tz_offset seconds east of UTC. Returns 0, or -1 when s
 * is not a date.
 */
int		 collect_date_bound(const char *s, long tz_offset, int end,
		    int64_t *out);

#endif
