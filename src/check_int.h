/*
 * Declarations shared by the check*.c files only. check.c opens the
 * zip and walks the package; the other files each check one kind of
 * document and record what they need for the cross-checks that run
 * once every document has been read (links, nav against NCX).
 */
#ifndef SHEAF_CHECK_INT_H
#define SHEAF_CHECK_INT_H

#include <stddef.h>

#include <libxml/tree.h>
#include <zip.h>

#include "diag.h"

struct buf;

/* One manifest item, href resolved to its name inside the zip. */
struct chk_item {
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
struct chk_link {
	char	*from;		/* name inside the zip */
	int	 line;
	char	*target;	/* name inside the zip */
	char	*frag;		/* NULL when none */
};

struct chk {
	const char	*path;		/* the book, as given */
	struct diag	*d;
	zip_t		*za;
	char		*opf;		/* name of the package document */
	char		*identifier;	/* the unique identifier's text */
	struct chk_item	*items;
	size_t		 nitems;
	struct chk_link	*links;
	size_t		 nlinks, caplinks;
	char		**nonlinear;	/* spine items with linear="no" */
	size_t		 nnonlinear;
	const char	*parsing;	/* document being parsed, for errors */
	int		 parse_errors;
};

/* check_book.c */
void	check_report(struct chk *, enum diag_level, const char *name,
	    int line, const char *rule, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
int	check_exists(struct chk *, const char *name);
int	check_read(struct chk *, const char *name, struct buf *out);
struct chk_item *check_item_by_name(struct chk *, const char *name);

/* check_xml.c */
xmlDocPtr check_parse(struct chk *, const char *name, struct buf *bytes);
char	*check_attr(xmlNodePtr, const char *name);
int	check_is(xmlNodePtr, const char *name);
xmlNodePtr check_next(xmlNodePtr n, xmlNodePtr top);

/* check_url.c: URLs in documents. */
enum chk_url {
	URL_RELATIVE,
	URL_REMOTE,	/* http:, https:, // */
	URL_FILE,
	URL_DATA,
	URL_OTHER	/* mailto:, tel:, ... */
};
enum chk_url check_url_kind(const char *);
/*
 * Resolve the relative URL href from the document base (a name inside
 * the zip) to a name; *frag gets the fragment or NULL. Both are for
 * the caller to free. Returns -1 (nothing allocated) when the URL
 * leaves the container.
 */
int	check_resolve(const char *base, const char *href, char **name,
	    char **frag);
/* Record a link from name:line to href, to check once all is read. */
void	check_link_add(struct chk *, const char *from, int line,
	    const char *href);
void	check_links_verify(struct chk *);
/* A BCP 47 language tag, in form. */
int	check_lang_ok(const char *);

/* check_opf.c: the package document, then reachability at the end. */
int	check_opf(struct chk *);
void	check_opf_reach(struct chk *);

/*
 * check_a11y.c: check one schema: meta against its vocabulary;
 * returns 1 when it is a schema:accessMode.
 */
int	check_a11y_meta(struct chk *, const char *property, const char *value,
	    int line);

/* check_doc.c: one XHTML content document. */
void	check_doc(struct chk *, struct chk_item *);
void	check_comments(struct chk *, const char *name, const struct buf *);

/* check_nav.c */
void	check_nav(struct chk *);

/* check_image.c */
void	check_image(struct chk *, const struct chk_item *);
/*
 * Width and height of a PNG, JPEG, GIF or WebP from its header.
 * Returns -1 when the bytes are none of those.
 */
int	check_image_size(const unsigned char *, size_t, unsigned long *w,
	    unsigned long *h);

#endif
