/*
 * Stage 2, convert: turn each article's body (Markdown or HTML) into
 * a sanitized EPUB 3 XHTML content document, resolving its images
 * into the book's media table.
 */
#ifndef SHEAF_CONVERT_H
#define SHEAF_CONVERT_H

struct article;
struct book;
struct config;
struct diag;
struct progress;

/*
 * Convert every article of the book: set article->xhtml and add the
 * images they use to book->media (created here when NULL). Returns 0,
 * or -1 when an error was reported to d. The progress's article hook
 * (may be NULL) is told of each article, from any thread.
 */
int	convert_book(struct book *, const struct config *,
	    const struct progress *, struct diag *);

/*
 * After the fetch stage: put each remote image into the articles that
 * use it, or a note where it is missing (see convert_place.c). Returns
 * 0, or -1 when an error was reported to d.
 */
int	convert_place_images(struct book *, const struct config *,
	    struct diag *);

/*
 * Convert one article of the book; what convert_book() does for each.
 */
int	convert_article(struct book *, struct article *,
	    const struct config *, struct diag *);

#endif
