/*
 * Stage 1, collect: walk the inputs, load each article (front matter
 * and body), drop what the selection excludes, sort, group into
 * chapters, and settle the book's metadata defaults.
 */
#ifndef SHEAF_COLLECT_H
#define SHEAF_COLLECT_H

struct book;
struct buf;
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

#endif
