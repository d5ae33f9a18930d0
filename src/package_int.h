/*
 * Declarations shared by the package*.c files only. package.c makes a
 * plan of the book (struct package: every generated document in spine
 * order, the table of contents, the identifier and the dates), the
 * renderers (package_opf.c, package_nav.c, package_pages.c...) turn
 * the plan's documents into bytes with the tree helpers of
 * package_xml.c, package_zip.c writes them as the zip, and package.c
 * puts the book in place. Declarations are grouped by the file that
 * defines them.
 */
#ifndef SHEAF_PACKAGE_INT_H
#define SHEAF_PACKAGE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <libxml/tree.h>

#include "buf.h"

struct article;
struct book;
struct chapter;
struct config;
struct diag;
struct progress;
struct package_ahead;
struct resource;
struct spool;
struct spool_ref;
struct zip;
struct zip_error;
struct zip_source;

#define PACKAGE_NS_EPUB	"http://www.idpf.org/2007/ops"
#define PACKAGE_NS_DC	"http://purl.org/dc/elements/1.1/"

enum package_kind {
	PACKAGE_COVER,
	PACKAGE_TITLE,
	PACKAGE_CHAPTER,
	PACKAGE_ARTICLE
};

/* One XHTML document in the spine (the nav document aside). */
struct package_doc {
	enum package_kind		 kind;
	char			*id;	/* manifest id, "c001-a0001" */
	char			*href;	/* inside EPUB/, "text/c001-a0001.xhtml" */
	char			*label;	/* title for lists, never empty */
	const struct article	*article;	/* PACKAGE_ARTICLE */
	size_t			 first;	/* PACKAGE_CHAPTER: index of its first */
	size_t			 n;	/* ...and number of article docs */
	int			 depth;	/* PACKAGE_CHAPTER: 1 top level, 2 inside */
	struct buf		 out;	/* the page, except for articles */
};

/* Tables of contents nest no deeper than this. */
#define PACKAGE_TOC_MAX	9

/* A font the book embeds (package_font.c). */
struct package_font {
	char		*id;		/* manifest id, "font-<hash>" */
	char		*href;		/* inside EPUB/: "fonts/<hash>.ttf" */
	const char	*kind;		/* media type: "font/ttf"... */
	const char	*format;	/* @font-face format(): "truetype"... */
	char		*family;	/* the file's name, no extension */
	char		*data;
	size_t		 size;
};

/* One table of contents entry: nav and NCX are both made from these. */
struct package_toc {
	const char	*label;
	const char	*href;		/* inside EPUB/ */
	int		 depth;		/* 1 top level, 2 inside the last 1... */
};

/* The words of generated pages, by language. */
struct package_words {
	const char	*lang;		/* prefix matched: "zh", "en" */
	const char	*contents;
	const char	*landmarks;
	const char	*cover;
	const char	*titlepage;
	const char	*start;
	const char	*untitled;
	const char	*chapter1, *chapters;	/* "%zu chapters" nouns */
	const char	*article1, *articles;
	const char	*sep;		/* between creators */
};

struct package {
	const struct book	*book;
	const struct config	*cfg;
	const struct package_words	*words;
	char			*lang;		/* BCP 47, never empty */
	char			*title;		/* cleaned, never empty */
	char			*identifier;	/* dc:identifier, dtb:uid */
	time_t			 now;		/* SOURCE_DATE_EPOCH or now */
	int			 fixed_time;	/* now is SOURCE_DATE_EPOCH */
	char			 modified[32];	/* CCYY-MM-DDThh:mm:ssZ */
	const struct resource	*cover;		/* or NULL */
	int			 cover_drawn;	/* by sheaf: text only */
	struct package_doc		*docs;
	size_t			 ndocs;
	size_t			 nchapters;	/* with an opening page */
	size_t			 narticles;
	struct package_toc		*toc;
	size_t			 ntoc;
	int			 depth;		/* of the toc: its deepest */
	struct package_font		*fonts;		/* --font files */
	size_t			 nfonts;
};

/* One entry of the book's zip, in the order written. */
struct package_entry {
	char			*name;
	const void		*data;	/* the bytes, or NULL: */
	const char		*path;	/* ...the file's first size bytes, */
	const struct spool	*spool;	/* ...or the deflated document */
	const struct spool_ref	*ref;
	size_t			 size;
	int			 store;	/* stored, else deflated */
	time_t			 mtime;
};

/* package_xml.c: tree and text helpers for the documents written. */

/*
 * s as one line of text XML accepts (repaired UTF-8, controls and
 * line breaks turned into spaces, trimmed), or fallback when that is
 * empty or s is NULL. The caller frees the result.
 */
char	*package_clean(const char *s, const char *fallback);

/*
 * Write t as W3CDTF into out: "YYYY-MM-DD" (day) or
 * "YYYY-MM-DDThh:mm:ssZ". Returns -1 when the year is outside
 * 0001-9999.
 */
int	 package_date(int64_t t, int full, char *out, size_t sz);

/* Append an element holding text (escaped by the serializer). */
xmlNodePtr package_add_text(xmlNodePtr parent, const char *name,
	    const char *text);

/*
 * Append an element (in ns, else in parent's namespace) holding text
 * or nothing (text NULL), on a line of its own indented for level:
 * before the blank text that indents parent's closing tag, when there
 * is one, so the template's layout is kept.
 */
xmlNodePtr package_elem(xmlNodePtr parent, xmlNsPtr ns, int level,
	    const char *name, const char *text);

/* package_opf.c: the package document and the book's identifier. */

/*
 * Set p->identifier (freed with p): the book's own, cleaned, else
 * the urn:uuid: of a UUID v5 of the title and the articles' documents
 * of the plan, so that the same book gets the same identifier.
 */
void	 package_identifier(struct package *);

/*
 * Render EPUB/package.opf into out: metadata, manifest and spine.
 * Returns 0, or -1 after an error to d (a broken template).
 */
int	 package_opf(const struct package *, struct buf *, struct diag *);

/* package_a11y.c: the accessibility metadata of the package document. */

/* Append the book's schema.org accessibility metadata to md. */
void	 package_a11y(const struct package *, xmlNodePtr md);

/* package_nav.c: the toc is built once, then rendered twice. */

/* Fill p->toc (freed with p) and p->depth from the plan's docs. */
void	 package_toc_build(struct package *);

/*
 * Render EPUB/nav.xhtml (toc and landmarks), or EPUB/toc.ncx (the toc
 * for EPUB 2), into out. Returns 0, or -1 after an error to d (a
 * broken template).
 */
int	 package_nav(const struct package *, struct buf *, struct diag *);
int	 package_ncx(const struct package *, struct buf *, struct diag *);

/* package_pages.c: the pages sheaf writes itself. */

/*
 * Render the cover, title and chapter docs of p into their out.
 * Returns 0, or -1 after an error to d.
 */
int	 package_pages(struct package *, struct diag *);

/* package_cover.c: the cover drawn for a book without one. */

/*
 * Draw the cover of a book without one (an SVG of its title,
 * creators, dates and categories), add it to the media table as
 * images/cover.svg and return it marked as the cover; NULL (after a
 * warning to d) when it cannot, or the book has no table. Needs
 * p->lang, p->title and p->words.
 */
const struct resource *package_cover_make(struct package *, struct diag *);

/* package_css.c: the book's one stylesheet. */

/*
 * Write styles/sheaf.css into out: the theme of cfg (default when cfg
 * is NULL), then vertical.css and the --css file when cfg asks for
 * them. Returns 0, or -1 after an error to d.
 */
int	 package_css(const struct config *, struct buf *, struct diag *);

/* package_font.c: the fonts the book embeds. */

/*
 * Load and check the fonts of p->cfg (not NULL) into p->fonts.
 * Returns 0, or -1 after an error to d.
 */
int	 package_fonts_load(struct package *, struct diag *);

/* Append to css the @font-face rule of each font of p. */
void	 package_fonts_css(const struct package *, struct buf *);

/* Free the fonts of p. */
void	 package_fonts_fini(struct package *);

/*
 * Apple Books' display options
 * (META-INF/com.apple.ibooks.display-options.xml), written only when
 * the book has fonts.
 */
extern const char package_apple_options[];

/* package_zip.c: the entries written as the book's zip. */

/*
 * Write the n entries at v as the zip of fd, lending the leading ones
 * of the previous book old (-1: none; closed) that come out the same,
 * copied ahead or not (ahead: taken over); *lent gets their number.
 * The progress's write hook (may be NULL) is told as bytes go out.
 * Returns 0, or -1 after an error about path to d.
 */
int	 package_zip_write(const struct package_entry *v, size_t n, int fd,
	    int old, struct package_ahead *, const struct progress *,
	    const char *path, struct diag *, size_t *lent);

/* package_sink.c: the file descriptor libzip writes the zip to. */

/*
 * A zip archive that zip_close() writes to fd, from its start, with
 * no temporary file of libzip's and no copy in memory. When a write
 * fails, *werr gets its errno. NULL with *ze set when libzip cannot
 * start the archive. With old, a file descriptor of the previous book
 * (-1: none), the archive opens as that book, whose first bytes
 * zip_close() may keep; the sink closes old. With ahead
 * (package_reuse.c), copying old into fd, the sink waits for the copy
 * before it writes and keeps what it needs of it.
 */
struct zip	*package_sink_open(int fd, int old, struct package_ahead *,
		    int *werr, struct zip_error *ze);

/* package_spool.c: the spooled articles as libzip sources. */

/*
 * A libzip source for a document already deflated in the spool,
 * which zip_close() copies as it is. NULL on failure.
 */
struct zip_source *package_spool_source(struct zip *, const struct spool *,
	    const struct spool_ref *);

/* package_file.c: files on disk as libzip sources. */

/*
 * A libzip source for the first size bytes of the file at path, read
 * whole into data (shared by all such sources of the archive, kept
 * until it is closed) when zip_close() opens it. NULL on failure.
 */
struct zip_source *package_file_source(struct zip *, const char *path,
	    size_t size, struct buf *data);

/* package_reuse.c: the previous book, and the copy of it made ahead. */

/*
 * The previous book at path, open for reading, when it is the one
 * this sheaf wrote last there, else -1.
 */
int	 package_reuse_open(const struct config *, const char *path);

/* Record the book just put in place at path, when there is a cache. */
void	 package_reuse_record(const struct config *, const char *path);

/*
 * Copy the n bytes at off of the file from into to, at the same place:
 * in the kernel (copy_file_range(2)) when it can, else through a
 * buffer. Returns 0, or -1 with errno set.
 */
int	 package_copy(int from, int to, off_t off, size_t n);

/*
 * For the packager, from the copy made ahead (package.h): hand over
 * the temporary book's name (tracked by cleanup.c; the caller frees
 * it) and descriptor and the previous book's, while the copy goes on.
 */
void	 package_ahead_take(struct package_ahead *, char **tmp, int *fd,
	    int *old);

/*
 * Wait for the copy to end (asking it to stop first when stop is
 * set), free h and return how many of the previous book's first bytes
 * the temporary book holds. Whatever was not taken is closed and
 * removed.
 */
off_t	 package_ahead_wait(struct package_ahead *, int stop);

#endif
