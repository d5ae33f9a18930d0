/*
 * Declarations shared by the convert stage's files only: the state of
 * one article's conversion, then the functions of each file, grouped
 * by the file that defines them in the order an article meets them
 * (its conversion, the readers, the sanitizer and its passes, images,
 * links, notes, URLs), and last the cover and the cache of converted
 * articles, which work for the whole book.
 */
#ifndef SHEAF_CONVERT_INT_H
#define SHEAF_CONVERT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "hmap.h"

struct article;
struct book;
struct buf;
struct config;
struct diag;
struct media;
struct resource;
struct stat;

/* Elements deeper than this below the body are unwrapped. */
#define CONVERT_DEPTH_MAX	64
/* Longest start tag given to the HTML parser, in bytes. */
#define CONVERT_TAG_MAX		(64 << 10)

/* The src of an img waiting for the fetch stage: "sheaf-remote:N:LINE". */
#define CONVERT_REMOTE	"sheaf-remote:"

/* Largest image sheaf embeds. */
#define CONVERT_IMAGE_MAX	((size_t)20 << 20)

/*
 * What one conversion looked up outside its article, for the cache of
 * converted articles (convert_cache.c) to check at the next build: the
 * packed article a link names, the file an image path resolves to,
 * that file's identity and the image it gave.
 */
enum convert_look_kind {
	LOOK_LINK,		/* convert_link_article() */
	LOOK_LOCAL,		/* convert_local_image() */
	LOOK_SITE		/* convert_site_image() */
};

struct convert_look {
	enum convert_look_kind kind;
	char		*ref;		/* as asked */
	char		*answer;	/* href or file; NULL: none */
	uint64_t	 st[7];		/* file: dev, ino, size, mtime, ctime */
	char		*id;		/* the image's resource */
	char		*href;
	char		*type;
	int		 as_is;		/* streamed from the file */
};

struct convert_trail {
	struct convert_look *v;
	size_t		  n;
	size_t		  cap;
	int		  spoilt;	/* met what cannot be replayed */
};

/* Words of the notes that stand in for what sheaf cannot embed. */
struct convert_words {
	const char	*image;
	const char	*video;
	const char	*audio;
	const char	*embed;
};

/* The conversion of one article. */
struct convert {
	struct book		*book;
	struct article		*art;
	const struct config	*cfg;
	struct diag		*d;
	xmlDocPtr		 doc;		/* the HTML parser's tree */
	int			 markdown;	/* lines are the body's */
	const struct convert_words	*words;
	struct hmap		 targets;	/* fragments links point to */
	int			 deep_warned;
	size_t			 nimages;
	size_t			 nremote;
	size_t			 nmissing;	/* local images not found */
	size_t			 nalt_missing;
	char			*real_dir;	/* realpath of the article's
						   folder and input folder, */
	char			*real_root;	/* taken at its first image */
	struct convert_trail	*trail;		/* lookups to record, or NULL */
};

/*
 * What convert_book() works out once for all articles, or per article
 * for the cache: the lookups to record (or NULL), the realpath(3) of
 * the article's folder and of its input folder (or NULL: taken when
 * needed).
 */
struct convert_env {
	struct convert_trail	*trail;
	const char		*real_dir;
	const char		*real_root;
};

/* convert.c: one article through the stage. */

/* convert_article() in an environment (env may be NULL). */
int		 convert_article_env(struct book *, struct article *,
		    const struct config *, struct diag *,
		    const struct convert_env *env);

/* convert_tags.c: the template tags of blog engines. */

/*
 * Append the Markdown body s (n bytes) to out with its template tags
 * (Liquid, Hexo, Hugo shortcodes, kramdown attribute lines) rewritten
 * into Markdown and HTML; unknown tags are left out with one warning
 * per kind.
 */
void		 convert_tags(struct convert *, const char *s, size_t n,
		    struct buf *out);

/* convert_markdown.c: the Markdown reader. */

/* Markdown to HTML text; 0, or -1 (md4c failed). */
int		 convert_markdown(const char *, size_t, struct buf *out);

/*
 * The 1-based line of s holding its first numeric character reference
 * to a character XML refuses (U+0000, C0 controls but tab, newline and
 * carriage return, surrogates, U+FFFE, U+FFFF, past U+10FFFF), or 0.
 * md4c writes such a reference out as the character's bytes, which no
 * XML parser takes: its output then needs text_repair().
 */
int		 convert_markdown_bad_ref(const char *s, size_t n);

/*
 * Turn each surrogate md4c wrote (three bytes ED A0..BF 80..BF) into
 * one U+FFFD, in place: the same length. Returns how many.
 */
size_t		 convert_markdown_surrogates(char *s, size_t n);

/* convert_math.c: TeX math from Markdown. */

/*
 * Turn md4c's <x-equation> elements below top into <span
 * class="math"> (inline) or <div class="math display"> (a paragraph
 * holding only display math), their TeX source as text.
 */
void		 convert_math(struct convert *, xmlNodePtr top);

/* convert_html.c: the HTML reader. */

/*
 * Parse HTML text (UTF-8) into a new document the caller frees with
 * xmlFreeDoc(); never NULL. *body gets its body element, created when
 * the text had none; *flattened is set when elements nested too deep
 * were unwrapped.
 */
xmlDocPtr	 convert_html_parse(const char *, size_t, xmlNodePtr *body,
		    int *flattened);

/* convert_sanitize.c: the sanitizer, which runs the four passes below. */

/*
 * Make the tree below body, built from an untrusted body, fit EPUB 3
 * XHTML: convert_sanitize_rules(), _structure(), _ids(), _text().
 */
void		 convert_sanitize(struct convert *, xmlNodePtr body);

/* convert_sanitize_rules.c: pass 1, the element and attribute rules. */

/* The sanitizer's rule for an element: what it does, what it may hold. */
enum action {
	KEEP,
	UNWRAP,		/* keep the content, drop the element */
	DROP,		/* drop element and content */
	RENAME		/* becomes rule.to, then that rule applies */
};

/* What structure repair needs to know of an element. */
enum role {
	R_NONE,
	R_A,
	R_BR,
	R_CAPTION,
	R_CELL,
	R_COL,
	R_COLGROUP,
	R_DL,
	R_DTDD,
	R_FIGCAPTION,
	R_FIGURE,
	R_HEAD,
	R_IMG,
	R_INPUT,
	R_LI,
	R_LIST,
	R_P,
	R_PRE,
	R_ROW,
	R_RP,
	R_RT,
	R_RUBY,
	R_SECTION,
	R_TABLE
};

/* Element flags. */
#define F_PHR	0x01	/* phrasing content: may stand inside a p */
#define F_PONLY	0x02	/* holds phrasing content only */
#define F_FLOW	0x04	/* holds flow content (blocks) */
#define F_EMPTY	0x08	/* dropped when it holds no text (br is none) */
#define F_EMPTYI 0x10	/* dropped when it holds no text and no br */
#define F_VOID	0x20
#define F_MEDIA	0x40	/* dropped, a link to its URL left in place */
#define F_ALT	0x80	/* dropped with a warning, text alternative kept */
#define F_FALLBACK 0x100	/* dropped, what it holds (HTML's fallback
				 * content) kept in its place */

struct rule {
	const char	*name;
	enum action	 act;
	const char	*to;		/* RENAME: the new name */
	enum role	 role;
	unsigned	 flags;
	unsigned	 attrs;		/* besides A_ALL */
};

/* Apply the element and attribute allow-lists below top, from the top. */
void		 convert_sanitize_rules(struct convert *, xmlNodePtr top);

/*
 * The rule of n (one that unwraps when the table has none), or NULL
 * when n is not an element; its role, R_NONE for no element.
 */
const struct rule *convert_rule_of(xmlNodePtr n);
enum role	 convert_role_of(xmlNodePtr n);

/* Does an element of that role stand between n and top (both excluded)? */
int		 convert_has_ancestor(xmlNodePtr n, xmlNodePtr top,
		    enum role);

/* Rename the element n, keeping only the attributes its new rule allows. */
void		 convert_rename_node(xmlNodePtr n, const char *name);

/* 0 when the tables are sorted and every RENAME names a rule, else -1. */
int		 convert_sanitize_selfcheck(void);

/* convert_sanitize_structure.c: pass 2, content models repaired. */

/* Repair the content models below top, bottom-up; empty elements go. */
void		 convert_sanitize_structure(struct convert *, xmlNodePtr top);

/* convert_sanitize_ids.c: pass 3, ids and the #fragment links to them. */

/* Make the ids below top valid and unique; #links follow or unwrap. */
void		 convert_sanitize_ids(struct convert *, xmlNodePtr top);

/* convert_sanitize_text.c: pass 4, text merged, white space collapsed. */

/*
 * Merge adjacent text nodes below top; outside pre, collapse white
 * space and drop the line breaks between CJK characters.
 */
void		 convert_sanitize_text(struct convert *, xmlNodePtr top);

/* convert_sanitize_tree.c: the passes' tree surgery, none recursive. */

/*
 * Is s (NULL too) only white space, no-break, ideographic and
 * zero-width spaces included; is n a text node of such?
 */
int		 convert_blank(const xmlChar *s);
int		 convert_blank_text(xmlNodePtr n);

/* Is ch ASCII white space? Inline: the text pass asks of every byte. */
static inline int
convert_is_ws(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\f';
}

/*
 * Move the sibling run first..last into parent before `before` (at its
 * end when NULL), without merging text nodes.
 */
void		 convert_splice(xmlNodePtr first, xmlNodePtr last,
		    xmlNodePtr parent, xmlNodePtr before);

/* Free n and all below it. */
void		 convert_prune(xmlNodePtr n);

/* Put n's children in its place and free n; returns the first child. */
xmlNodePtr	 convert_hoist(xmlNodePtr n);

/* Wrap the sibling run first..last in a new element name; returns it. */
xmlNodePtr	 convert_wrap(struct convert *, xmlNodePtr first, xmlNodePtr last,
		    const char *name);

/*
 * The next node after n in document order, not below n nor past top,
 * with *depth following; NULL at the end.
 */
xmlNodePtr	 convert_after(xmlNodePtr n, xmlNodePtr top, int *depth);

/* convert_image.c: images resolved to the book's resources. */

/*
 * Is real, an absolute path (resolved, or "." and ".." taken out as
 * text), inside the folder root (resolved)? Any is inside "/".
 */
int		 convert_path_under(const char *real, const char *root);

/*
 * The resolution of an img (embedded: returns 1, the img stays;
 * otherwise it is replaced by a note, its alt text or nothing, and 0
 * is returned).
 */
int		 convert_image(struct convert *, xmlNodePtr img, int in_link);

/*
 * The resolved path of the local image src of the article (caller
 * frees) and, when st is not NULL, its stat(2), or NULL with *outside
 * set when it would lead out of the input folder (1) or is not a
 * regular file (2).
 */
char		*convert_local_image(struct convert *, const char *src,
		    int *outside, struct stat *st);

/* convert_site.c: images named from a blog site's root. */

/*
 * The file a site-root image path ("/images/x.png") names in the
 * article's blog site (source/, static/, the root), as a realpath the
 * caller frees, or NULL.
 */
char		*convert_site_image(struct convert *, const char *src);

/* The warning for an image not found, naming a near miss when there is one. */
void		 convert_image_missing(struct convert *, const char *src,
		    int line);

/* convert_link.c: links between the posts of a blog. */

/*
 * The book's name ("c001-a0002.xhtml") of the packed article that ref
 * (a site path, a file name or a post's name, see the file) means,
 * appended to out; 0, or -1 when no packed article is meant.
 */
int		 convert_link_article(const struct convert *, const char *ref,
		    struct buf *out);

/*
 * What a link to url becomes: 1 with the href to use in out (the
 * packed article, or the page on the site), 0 when it is to become
 * plain text, -1 when url is not the site's (the caller decides).
 */
int		 convert_link_site(struct convert *, const char *url,
		    struct buf *out);

/* convert_note.c: notes for the reader, source lines for messages. */

/* The source line of a node for messages. */
int		 convert_line(const struct convert *, xmlNodePtr);

/* A note "[word: alt]" linking to url, or plain text inside a link. */
xmlNodePtr	 convert_note(struct convert *, const char *cls, const char *url,
		    const char *word, const char *alt, int in_link);

/* The words of notes for the language lang: Chinese, Japanese, English. */
const struct convert_words *convert_words_for(const char *lang);

/* Is lang the language tag prefix, or one of its subtags ("zh-TW")? */
int		 convert_lang_is(const char *lang, const char *prefix);

/* convert_url.c: the stage's URL helpers. */

/*
 * Append url to out as a valid URL: spaces, raw non-ASCII and other
 * characters a URL may not hold are percent-encoded, a stray '%'
 * becomes %25. Whitespace around and tabs or newlines inside are
 * dropped, as browsers do.
 */
void		 convert_url_clean(const char *url, struct buf *out);

/*
 * Percent-decode n bytes of s into out. Returns -1 (out undefined)
 * when the result would hold a NUL byte.
 */
int		 convert_url_decode(const char *s, size_t n, struct buf *out);

/*
 * Is the host of the absolute URL url (cleaned) one a reader's URL
 * parser accepts? Text glued to a pasted address ("example.com)，")
 * and quotes make it unparseable; a URL without a host passes.
 */
int		 convert_url_host_ok(const char *url);

/* The length of the URL scheme of s with its ':', or 0. */
size_t		 convert_scheme_len(const char *);

/* convert_vertical.c: vertical writing. */

/* Wrap short digit runs under top in span.tcy. */
void		 convert_vertical(xmlNodePtr top);

/* convert_cover.c: the book's cover. */

/*
 * Choose the cover, --cover (file or URL) or the newest article's
 * cover image, and add it to the media table (a remote one is fetched
 * with the others; convert_cover_place() marks it).
 */
void		 convert_cover(struct book *, const struct config *,
		    struct diag *);
void		 convert_cover_place(struct book *, struct diag *);

/* convert_cache.c: the cache of converted articles. */

/*
 * Record a lookup into c's trail (nothing when c has none): a link and
 * the href found (NULL: none); an image path, the file it resolved to,
 * the file's stat and the resource it gave. convert_trail_spoil()
 * marks the trail as one the cache must not keep.
 */
void		 convert_trail_link(const struct convert *, const char *ref,
		    const char *href);
void		 convert_trail_image(struct convert *, enum convert_look_kind,
		    const char *ref, const char *file, const struct stat *,
		    const struct resource *);
void		 convert_trail_spoil(struct convert *);
void		 convert_trail_fini(struct convert_trail *);

/*
 * The cache itself: convert_cache_open() for a book about to be
 * converted (NULL when there is none to use: no cache folder, or no
 * cfg->output to name its pack after); convert_cache_close() keeps
 * what this build used and made, with commit, for the next;
 * convert_cache_get() looks article a up (key gets its key) and on a
 * hit fills m, d and the article's counts and stores its document in
 * b's spool, returning 0; convert_cache_put() keeps a conversion: its
 * images (m), messages (d), trail and deflated document z. Safe from
 * several threads at once.
 */
struct convert_cache;
struct convert_cache *convert_cache_open(const struct book *,
		    const struct config *);
void		 convert_cache_close(struct convert_cache *, int commit);
size_t		 convert_cache_hits(const struct convert_cache *);
int		 convert_cache_get(struct convert_cache *, struct book *,
		    struct article *a, const struct config *,
		    const struct convert_env *, struct media *m, struct diag *d,
		    char key[33]);
void		 convert_cache_put(struct convert_cache *, const char key[33],
		    const struct article *a, const struct media *m,
		    const struct diag *d, const struct convert_trail *,
		    const unsigned char *z);

#endif
