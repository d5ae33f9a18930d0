/*
 * Declarations shared by the collect stage's files only: the date
 * parser (collect_date.c), the loader of one article
 * (collect_article.c) and its front matter parsers (collect_yaml.c,
 * collect_toml.c), and the language tag normaliser.
 */
#ifndef SHEAF_COLLECT_INT_H
#define SHEAF_COLLECT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "book.h"
#include "diag.h"

struct config;
struct diag;

/* Front matter larger than this is refused before parsing. */
#define COLLECT_MAX_FRONT_MATTER	((size_t)64 << 10)
/* Collections nested deeper than this are refused. */
#define COLLECT_MAX_DEPTH		32

/*
 * Front matter, YAML or TOML, as a small flat tree: node 0 is the
 * root, children are linked by index and -1 ends a list. A mapping's
 * children alternate key, value.
 */
enum ntype {
	N_SCALAR,
	N_SEQ,
	N_MAP
};

struct node {
	enum ntype	 type;
	char		*s;		/* scalar text, NUL-terminated */
	int		 plain;		/* not a string: may be a null */
	int		 line, col;	/* in the file, 1-based */
	int		 first, last, next;
};

struct tree {
	struct node	*v;
	size_t		 n, cap;
};

/*
 * collect_yaml.c. Append a node as the last child of parent (-1:
 * none); its index.
 */
int	 collect_tree_add(struct tree *, enum ntype, int line, int col,
	    int parent);

/*
 * Parse the n bytes of YAML front matter at s, whose first line is
 * line base of path, into t (empty on entry), node 0 being the root:
 * scalars (plain ones marked), sequences and mappings, each with its
 * line and column. Aliases and nesting deeper than COLLECT_MAX_DEPTH
 * are refused. Returns 0, or -1 after reporting an error at its
 * file:line:col to d; either way t holds what was read, for the
 * caller to free.
 */
int	 collect_yaml_parse(const char *path, const char *s, size_t n,
	    int base, struct diag *, struct tree *t);

/*
 * Parse the n bytes of TOML front matter at s, whose first line is
 * line base of path, into t (empty on entry): strings, multi-line
 * strings, integers, floats, booleans, dates, arrays and inline
 * tables, as scalars, sequences and mappings. Keys under a [table]
 * header are skipped with a warning. Returns 0, or -1 after
 * reporting an error at its file:line:col to d.
 */
int	 collect_toml_parse(const char *path, const char *s, size_t n,
	    int base, struct diag *, struct tree *t);

/*
 * The site around the folder real (a realpath): when real is the root
 * of a Hexo, Jekyll or Hugo site, returns its posts folder (a new
 * string) and sets *site to real; when real is a posts folder, returns
 * NULL and sets *site to the site root; else NULL and *site NULL. The
 * caller frees both.
 */
char	*collect_site_posts(const char *real, char **site);

/*
 * A top-level text setting (title, author) of the site's config:
 * keys of a TOML config match in any case;
 * _config.yml (Hexo, Jekyll), hugo.toml or config.toml. A new string
 * the caller frees, or NULL.
 */
char	*collect_site_setting(const char *site, const char *key);

/*
 * The first of keys (NULL-ended) the site's config sets, as
 * collect_site_setting(); the site's language (Hugo's
 * defaultContentLanguage or languageCode, Hexo's language, Jekyll's
 * lang or locale), normalised to BCP 47: new strings, or NULL.
 */
char	*collect_site_first(const char *site, const char *const *keys);
char	*collect_site_language(const char *site);

/*
 * The site's address from its config (Hugo baseURL, Hexo url, Jekyll
 * url + baseurl), without a trailing slash: a new string, or NULL.
 */
char	*collect_site_url(const char *site);

/*
 * A time zone as a site config writes it: "+08:00", "UTC", or an IANA
 * name ("Asia/Shanghai"), whose standard offset is taken. Returns 0
 * with seconds east of UTC in *off, or -1 for an unknown zone.
 */
int	 collect_site_zone(const char *name, long *off);

/* Non-zero when dir looks like a Hugo site (a config, or content/
   beside static/). */
int	 collect_site_hugo(const char *dir);

/*
 * Parse a date written as RFC 2822, Hexo (YYYY-MM-DD HH:MM:SS,
 * YYYY/M/D H:mm:ss) or ISO 8601 into UTC seconds. A date without a
 * zone is local time at tz_offset seconds east of UTC. Returns 0, or
 * -1 when s is not exactly one valid date (trailing junk fails).
 */
int	 collect_date_parse(const char *s, long tz_offset, int64_t *out);

/* Split UTC seconds t into a civil year, month (1-12) and day. */
void	 collect_date_civil(int64_t t, int *y, int *m, int *d);

/* The ISO 8601 week-numbering year and week (1-53) of UTC seconds t. */
void	 collect_date_week(int64_t t, int *year, int *week);

/* Files passed over, with their reason (see struct skipped). */
struct skips {
	struct skipped	*v;
	size_t		 n;
};

/* collect_select.c. List path in s with its reason (both copied). */
void	 collect_skip(struct skips *, const char *path, const char *reason);

/*
 * Keep the articles of v[0..*n) that the selection filters (category,
 * exclude, tag, author, since, until, match) let through, in their
 * order; the others are freed and listed in s.
 * Returns 0, or -1 after an error naming the filter that left
 * nothing (or an invalid bound).
 */
int	 collect_select(const struct config *, struct article **v,
	    size_t *n, struct skips *, struct diag *);

/* After ordering: keep the latest N, then the first limit N. */
void	 collect_select_count(const struct config *, struct article **v,
	    size_t *n, struct skips *);

/*
 * Keep one of each article found twice (same title and date, or the
 * same body): the first in path order stays, a warning names both.
 */
void	 collect_dedup(struct article **v, size_t *n, struct skips *,
	    struct diag *);

/*
 * collect_order.c. Sort v as cfg->order asks, titles collated for
 * lang (Chinese in pinyin order); ties go by path. Returns 0, or -1
 * after an error (the collator could not be opened).
 */
int	 collect_sort(const struct config *, const char *lang,
	    struct article **v, size_t n, struct diag *);

/*
 * Collation keys: a new NUL-terminated byte string for each text
 * that strcmp() orders as readers of lang expect. The collator is
 * freed with collect_collator_free(); keys with free().
 */
struct collator;
struct collator	*collect_collator_new(const char *lang, struct diag *);
char		*collect_collator_key(struct collator *, const char *s);
void		 collect_collator_free(struct collator *);

/*
 * collect_group.c. Group the ordered articles v into b's chapters
 * (nested for category:N), with titles in b->language, and set
 * b->articles in reading order; b takes the articles over. Returns
 * 0, or -1 after an error.
 */
int	 collect_group(struct book *, const struct config *,
	    struct article **v, size_t n, struct diag *);

/*
 * Normalise a language tag to BCP 47 case and separators ("zh_cn" ->
 * "zh-CN", "EN" -> "en", "zh-hans" -> "zh-Hans"). Returns a new string
 * the caller frees, or NULL when s is not a well-formed tag.
 */
char	*collect_lang_normalise(const char *s);

/* Non-zero when a file of this name is an article inside a folder. */
int	 collect_is_article_name(const char *name);

/*
 * Load one article from the n bytes at data (path names it in
 * messages and gives the fallback title and the body kind). Returns
 * 0 with a new article in *out (path set; dir and root left NULL),
 * 1 when the file is skipped (*why is a static reason, e.g. "draft"),
 * or -1 after reporting errors to d.
 */
int	 collect_article_parse(const char *path, const char *data,
	    size_t n, const struct config *, struct diag *,
	    struct article **out, const char **why);

/*
 * The same, reading the regular file at path first; its status into
 * *st when st is not NULL and it could be read.
 */
struct stat;
int	 collect_article_load(const char *path, const struct config *,
	    struct diag *, struct article **out, const char **why,
	    struct stat *st);

/*
 * collect_load.c: the article files the walk found, loaded with
 * collect_article_load() by -j threads (cfg->jobs; 0: one per core).
 * Each load has its own messages and result, read in discovery order
 * once all are done. A load not reached (a signal) keeps rc -2.
 */
struct collect_load {
	char		*path;		/* owned */
	char		*real;		/* its realpath, owned */
	const char	*root;		/* borrowed from the walk */
	const char	*site;
	long		 tz_offset;	/* the zone when it was found */
	size_t		 mark;		/* walk messages before it */
	struct article	*a;		/* rc 0 */
	const char	*why;		/* rc 1 */
	int		 rc;
	struct diag	 d;
};

struct collect_cache;
void	 collect_load_all(struct collect_load *, size_t n,
	    const struct config *, const struct diag *like,
	    struct collect_cache *);

/*
 * collect_cache.c: the cache of loads (NULL: none, for a list or
 * without a cache folder). collect_cache_get() fills ld from it (0)
 * or returns -1: load the file, then collect_cache_put() the result
 * with the file's status as read. Both are safe in loader threads.
 * Closing keeps the entries used this time (commit) and returns how
 * many loads came from the cache.
 */
struct collect_cache *collect_cache_open(const struct config *);
int	 collect_cache_get(struct collect_cache *, struct collect_load *ld,
	    const struct config *);
void	 collect_cache_put(struct collect_cache *,
	    const struct collect_load *ld, const struct config *,
	    const struct stat *st);
size_t	 collect_cache_close(struct collect_cache *, int commit);

/*
 * Guess the language of an article from its title and the start of
 * its body, markup left out. A static tag, or NULL.
 */
const char *collect_guess_lang(const struct article *);

/*
 * collect_select.c: the key the search for repeated bodies sorts by:
 * the body's length and its bytes at both ends.
 */
uint64_t collect_body_key(const char *body, size_t n);

#endif
