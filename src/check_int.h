/*
 * Declarations shared by the check*.c files only. check.c opens the
 * zip and runs the checks; check_book.c and check_xml.c serve them
 * all; the other files each check one kind of document and record
 * what they need for the cross-checks that run once every document
 * has been read (links, nav against NCX).
 */
#ifndef SHEAF_CHECK_INT_H
#define SHEAF_CHECK_INT_H

#include <stddef.h>

#include <libxml/tree.h>
#include <zip.h>

#include "diag.h"

struct buf;

/* One manifest item, href resolved to its name inside the zip. */
struct check_item {
	char	*id;
	char	*name;		/* "EPUB/text/a.xhtml"; NULL when remote */
	char	*href;		/* as written */
	char	*type;
	char	*props;		/* "" when none */
	char	*fallback;	/* NULL when none */
	int	 line;
	char	**ids;		/* XHTML: its ids, sorted */
	size_t	 nids;
	int	 read;		/* its ids are known */
};

/* A reference from one document to another, checked at the end. */
struct check_link {
	char	*from;		/* name inside the zip */
	int	 line;
	char	*target;	/* name inside the zip */
	char	*frag;		/* NULL when none */
};

struct check {
	const char	*path;		/* the book, as given */
	struct diag	*d;
	zip_t		*za;
	char		*opf;		/* name of the package document */
	char		*identifier;	/* the unique identifier's text */
	struct check_item	*items;
	size_t		 nitems;
	struct check_link	*links;
	size_t		 nlinks, caplinks;
	char		**nonlinear;	/* spine items with linear="no" */
	size_t		 nnonlinear;
	const char	*parsing;	/* document being parsed, for errors */
	int		 parse_errors;
};

/* check_book.c: findings, and the entries of the book. */
/*
 * Add a finding to the sink, an error for DIAG_ERROR and a warning
 * otherwise: file "PATH/name" (PATH when name is NULL), text fmt
 * followed by " [rule]".
 */
void	check_report(struct check *, enum diag_level, const char *name,
	    int line, const char *rule, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/* 1 when the zip holds an entry called name, else 0. */
int	check_exists(struct check *, const char *name);
/*
 * Append the bytes of entry name to out. Returns -1 when it is
 * missing (no finding), too large or unreadable (a finding each).
 */
int	check_read(struct check *, const char *name, struct buf *out);
/* The manifest item whose name inside the zip is name, or NULL. */
struct check_item *check_item_by_name(struct check *, const char *name);

/* check_xml.c: XML entries parsed, and walks over their trees. */
/*
 * Read and parse entry name as XML, never from the network and with
 * no entity expansion; the first error is reported (RSC-016). Returns
 * the tree for the caller to free, or NULL; bytes (may be NULL) gets
 * the raw entry.
 */
xmlDocPtr check_parse(struct check *, const char *name, struct buf *bytes);
/* The value of attribute name of n, for the caller to free, or NULL. */
char	*check_attr(xmlNodePtr, const char *name);
/* 1 when n is an element called name (n may be NULL), else 0. */
int	check_is(xmlNodePtr, const char *name);
/* The element after n in document order below top, or NULL. */
xmlNodePtr check_next(xmlNodePtr n, xmlNodePtr top);

/* check_url.c: URLs in documents, and the links between them. */
enum check_url {
	URL_RELATIVE,
	URL_REMOTE,	/* http:, https:, // */
	URL_FILE,
	URL_DATA,
	URL_OTHER	/* mailto:, tel:, ... */
};
/* The kind of URL u, by its scheme (leading blanks skipped). */
enum check_url check_url_kind(const char *u);
/*
 * Resolve the relative URL href from the document base (a name inside
 * the zip) to a name; *frag gets the fragment or NULL. Both are for
 * the caller to free. Returns -1 (nothing allocated) when the URL
 * leaves the container.
 */
int	check_resolve(const char *base, const char *href, char **name,
	    char **frag);
/*
 * Record a link from from:line to href, to check once all is read;
 * one that leaves the book is reported at once (RSC-026).
 */
void	check_link_add(struct check *, const char *from, int line,
	    const char *href);
/*
 * Report every recorded link whose file is missing (RSC-007) or
 * whose fragment is no id of a document that was read (RSC-012).
 */
void	check_links_verify(struct check *);
/* 1 when s is a BCP 47 language tag in form, else 0. */
int	check_lang_ok(const char *s);

/* check_opf.c: the package document, then reachability at the end. */
/*
 * Check the package document c->opf and fill c->items, c->identifier
 * and c->nonlinear. Returns -1 when it cannot be parsed, is not a
 * package or lacks metadata, manifest or spine (reported), else 0.
 */
int	check_opf(struct check *);
/* Report spine items out of the reading order that no link reaches. */
void	check_opf_reach(struct check *);

/* check_a11y.c: the schema.org accessibility metadata. */
/*
 * Check one schema: meta (at line of the package document) against
 * its vocabulary; returns 1 when it is a schema:accessMode, else 0.
 */
int	check_a11y_meta(struct check *, const char *property, const char *value,
	    int line);

/* check_doc.c: XHTML content documents. */
/*
 * Check the XHTML document of it (comments, duplicate ids, resources
 * it may not load), record its links, and keep its ids sorted in
 * it->ids with it->read set, for check_links_verify().
 */
void	check_doc(struct check *, struct check_item *);
/* Report each "--" inside a comment of the raw entry name. */
void	check_comments(struct check *, const char *name, const struct buf *);

/* check_nav.c: the two tables of contents. */
/*
 * Check that a nav document exists, its toc against the NCX's navMap
 * and the NCX's dtb:uid against the identifier; every target of
 * either goes to the link list.
 */
void	check_nav(struct check *);

/* check_image.c: images, from their headers. */
/*
 * Report an image over 5 MB or 5.6 million pixels, or one whose
 * header sheaf cannot read; SVG is not checked.
 */
void	check_image(struct check *, const struct check_item *);
/*
 * Width and height of a PNG, JPEG, GIF or WebP from its header.
 * Returns -1 when the bytes are none of those.
 */
int	check_image_size(const unsigned char *, size_t, unsigned long *w,
	    unsigned long *h);

#endif
