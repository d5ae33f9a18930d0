/*
 * The data model handed from stage to stage: collect fills a struct
 * book with chapters of articles, convert adds each article's XHTML
 * and the images it needs to the book's media table, package writes
 * it all out. book_free() releases everything below a book.
 */
#ifndef SHEAF_BOOK_H
#define SHEAF_BOOK_H

#include <stddef.h>
#include <stdint.h>

#include "spool.h"

struct media;

enum body_kind {
	BODY_MARKDOWN,
	BODY_HTML
};

struct strlist {
	char	**v;
	size_t	  n;
};

/* One category path: v[0] is the top level (Hexo hierarchy). */
struct catpath {
	char	**v;
	size_t	  n;
};

struct article {
	char		*path;		/* the file, as found; for messages */
	char		*dir;		/* its folder, to resolve images */
	char		*root;		/* the input folder it was found under
				   (realpath); images must stay inside */
	char		*site;		/* the blog site's root (realpath),
				   where "/images/x" starts; or NULL */
	int		 body_line;	/* line of the body's first byte */
	char		*title;		/* never NULL or empty once collected */
	int64_t		 date;		/* UTC seconds, valid if has_date */
	int		 has_date;
	int64_t		 updated;
	int		 has_updated;
	struct catpath	*cats;		/* several paths; cats[0].v[0] is top */
	size_t		 ncats;
	struct strlist	 tags;
	char		*author;	/* NULL when not given */
	char		*cover;		/* URL or path as written, or NULL */
	char		*lang;		/* BCP 47, normalised; NULL if unknown */
	char		*description;
	char		*slug;		/* the name in its address, or NULL */
	char		*permalink;	/* its address on the site, or NULL */
	char		*body;		/* the body bytes, NUL-terminated, or
					   NULL until book_article_body()
					   when body_lazy is set */
	size_t		 body_len;
	size_t		 body_off;	/* where it starts in the file */
	unsigned char	 body_sum[16];	/* the hash of its bytes */
	uint64_t	 body_key;	/* its length and ends, for dedup */
	int		 body_lazy;	/* taken from the cache of loads */
	enum body_kind	 kind;

	/* Set by convert: the document, in memory or, deflated, in the
	   book's spool (then xhtml is NULL and xref.used is 1). */
	char		*xhtml;		/* the whole content document */
	size_t		 xhtml_len;
	struct spool_ref xref;
	size_t		 nimages;	/* images embedded */
	size_t		 nremote;	/* remote image placeholders in xhtml,
					   until convert_place_images() */
	size_t		*remote_ids;	/* placeholder index → index into the
					   book's media rv, or NULL: the same */
	size_t		 nremote_ids;
	size_t		 nmissing;	/* remote images left as notes */
	size_t		 nlocal_missing;	/* local images not found */
	size_t		 nalt_missing;	/* embedded images without a real alt */
};

struct chapter {
	char		 *title;
	int		  depth;	/* 1 top level; 2 inside the last 1... */
	struct article	**articles;	/* borrowed from book.articles */
	size_t		  n;
};

/* A file that collect passed over, and why. */
struct skipped {
	char	*path;
	char	*reason;
};

struct book {
	char		*title;
	char		*subtitle;
	struct strlist	 creators;
	struct strlist	 creator_roles;	/* MARC relator per creator, "" aut */
	struct strlist	 creator_file_as;	/* sort name per creator, or "" */
	char		*language;	/* BCP 47 */
	char		*identifier;	/* NULL: package derives a UUID v5 */
	int64_t		 date;		/* publication date, if has_date */
	int		 has_date;
	char		*publisher;
	char		*rights;
	char		*description;
	struct strlist	 subjects;	/* top-level categories */
	char		*cover;		/* path of a local cover image, or NULL */
	long		 tz_offset;	/* seconds east of UTC: the book's zone */
	char		*site_url;	/* the blog's address without a
				   trailing '/', or NULL */

	struct article	**articles;	/* owned, in reading order */
	size_t		  narticles;
	struct chapter	 *chapters;
	size_t		  nchapters;
	struct skipped	 *skipped;
	size_t		  nskipped;

	struct media	 *media;	/* images, filled by convert */
	struct spool	 *spool;	/* converted documents, or NULL */
	size_t		  load_hits;	/* files not read again (collect) */
};

struct book	*book_new(void);
void		 book_free(struct book *);
void		 article_free(struct article *);

/* The hash of an article's body bytes into sum (book_body_sum()). */
void		 book_body_sum(const char *p, size_t n, unsigned char sum[16]);

/*
 * Read the body of an article loaded from the cache (body_lazy) from
 * its file, the bytes body_off and body_len say; nothing to do when
 * it has its body. Returns 0, or -1 with errno set: ESTALE when the
 * bytes are not those the cache knew (the file changed since).
 */
int		 book_article_body(struct article *);

/*
 * Does chapter i of b get a number and a page of its own? It does
 * when it holds articles, or chapters nested in it.
 */
int		 book_chapter_counts(const struct book *, size_t i);

/*
 * The name the packager gives article a of b inside the book
 * ("c001-a0002", the chapters that count numbered from 1, articles
 * across the book), written into out (size bytes); 0, or -1 when a
 * is not in b.
 */
int		 book_article_id(const struct book *, const struct article *a,
		    char *out, size_t size);

void		 strlist_add(struct strlist *, const char *);
void		 strlist_fini(struct strlist *);
int		 strlist_has(const struct strlist *, const char *);

#endif
