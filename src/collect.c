/*
 * Stage 1, collect: walk the inputs (files, and folders recursively
 * in bytewise order), load each article through collect_article.c,
 * drop drafts and what the category selection excludes, sort, group
 * the articles into chapters and settle the book's metadata. The walk
 * keeps an explicit stack, so a deep folder tree costs no C stack;
 * files are deduplicated by realpath and folders by device and inode,
 * which is also how symlink loops are caught.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book.h"
#include "buf.h"
#include "cleanup.h"
#include "collect.h"
#include "config.h"
#include "diag.h"
#include "xalloc.h"
#include "collect_int.h"

/* A folder seen during the walk; parent links give its ancestry. */
struct dirid {
	dev_t	 dev;
	ino_t	 ino;
	long	 parent;	/* index in walk.dirs, -1 for an input */
	char	*path;
};

/* Files read so far, by realpath: an open-addressing hash set. */
struct fileent {
	char	*real;
	char	*path;		/* as first found */
};

struct fileset {
	struct fileent	*v;
	size_t		 cap, n;
};

/* A folder waiting to be listed. */
struct pending {
	char	*path;
	char	*root;		/* borrowed from walk.roots */
	char	*site;		/* the blog site it is in, or NULL;
				   borrowed from walk.sites */
	long	 dir;		/* index in walk.dirs */
};

struct walk {
	const struct config	*cfg;		/* &own */
	struct config		 own;		/* with the site's defaults */
	char			*site_lang;	/* own.language, when the
						   site's */
	struct diag		*d;		/* &walkd while walking */
	struct diag		 walkd;		/* the walk's own messages */
	struct collect_load	*loads;		/* files found, to load */
	size_t			 nloads, loadcap;
	size_t			 load_hits;	/* from the cache */
	struct article		**items;	/* in discovery order */
	size_t			 nitems, itemcap;
	struct skips		 skipped;
	struct fileset		 files;
	struct dirid		*dirs;
	size_t			 ndirs;
	struct pending		*stack;
	size_t			 nstack;
	char			**roots;	/* realpaths of input folders */
	size_t			 nroots;
	char			**sites;	/* realpaths of blog sites */
	size_t			 nsites;
	size_t			 ninputs;	/* distinct inputs */
};

/*** Files and folders ***/

static uint64_t
hash(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/*
 * Add real (taken over) with the path it was found at. Returns NULL,
 * or the path of the earlier file when real was there already (real
 * is then freed).
 */
static const char *
fileset_add(struct fileset *s, char *real, const char *path)
{
	struct fileent	*old;
	size_t		 i, j, cap;

	if (2 * (s->n + 1) > s->cap) {
		old = s->v;
		cap = s->cap;
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xcalloc(s->cap, sizeof(*s->v));
		for (i = 0; i < cap; i++) {
			if (old[i].real == NULL)
				continue;
			j = hash(old[i].real) & (s->cap - 1);
			while (s->v[j].real != NULL)
				j = (j + 1) & (s->cap - 1);
			s->v[j] = old[i];
		}
		free(old);
	}
	for (j = hash(real) & (s->cap - 1); s->v[j].real != NULL;
	    j = (j + 1) & (s->cap - 1))
		if (strcmp(s->v[j].real, real) == 0) {
			free(real);
			return s->v[j].path;
		}
	s->v[j].real = real;
	s->v[j].path = xstrdup(path);
	s->n++;
	return NULL;
}

static void
fileset_fini(struct fileset *s)
{
	size_t	 i;

	for (i = 0; i < s->cap; i++) {
		free(s->v[i].real);
		free(s->v[i].path);
	}
	free(s->v);
}

static void
skip(struct walk *w, const char *path, const char *reason)
{
	collect_skip(&w->skipped, path, reason);
}

/* "dir" + "/" + "name", without doubling a slash. */
static char *
join(const char *dir, const char *name)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, dir);
	if (b.len > 0 && b.data[b.len - 1] != '/')
		buf_putc(&b, '/');
	buf_puts(&b, name);
	return buf_detach(&b);
}

/* The folder part of an absolute path. */
static char *
parent_of(const char *real)
{
	const char	*slash = strrchr(real, '/');

	if (slash == NULL)
		return xstrdup(".");
	return xstrndup(real, slash == real ? 1 : (size_t)(slash - real));
}

/*
 * Queue one article file for loading; real is its realpath (taken
 * over) or NULL to resolve it here, root its input folder, or NULL,
 * and site the blog site it belongs to, or NULL.
 */
static void
take_file(struct walk *w, const char *path, char *real, const char *root,
    const char *site)
{
	struct collect_load	*ld;
	const char		*first;

	if (real == NULL && (real = xrealpath(path)) == NULL) {
		diag_error(w->d, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		return;
	}
	if ((first = fileset_add(&w->files, real, path)) != NULL) {
		diag_warn(w->d, path, 0, 0, "same file as %s; read once",
		    first);
		return;
	}
	if (w->nloads == w->loadcap) {
		w->loadcap = w->loadcap ? w->loadcap * 2 : 64;
		w->loads = xreallocarray(w->loads, w->loadcap,
		    sizeof(*w->loads));
	}
	ld = &w->loads[w->nloads++];
	memset(ld, 0, sizeof(*ld));
	ld->path = xstrdup(path);
	ld->real = xstrdup(real);
	ld->root = root;
	ld->site = site;
	ld->tz_offset = w->own.tz_offset;
	ld->mark = w->walkd.n;
}

/*
 * Load the files queued (collect_load.c), then take their articles,
 * skips and messages in the order the walk found them, the walk's own
 * messages among them where they came.
 */
static void
load_files(struct walk *w, struct diag *d)
{
	struct collect_cache	*cache = collect_cache_open(w->cfg);
	struct collect_load	*ld;
	struct article		*a;
	size_t			 i, k, from = 0;

	collect_load_all(w->loads, w->nloads, w->cfg, d, cache);
	/* Interrupted, the entries of files not reached would be lost. */
	w->load_hits = collect_cache_close(cache, cleanup_signal() == 0);
	for (i = 0; i < w->nloads; i++) {
		ld = &w->loads[i];
		for (; from < ld->mark && from < w->walkd.n; from++)
			diag_copy(d, &w->walkd.msgs[from]);
		for (k = 0; k < ld->d.n; k++)
			diag_copy(d, &ld->d.msgs[k]);
		if (ld->rc == 0) {
			a = ld->a;
			a->dir = parent_of(ld->real);
			a->root = xstrdup(ld->site ? ld->site : ld->root ?
			    ld->root : a->dir);
			a->site = ld->site ? xstrdup(ld->site) : NULL;
			if (w->nitems == w->itemcap) {
				w->itemcap = w->itemcap ? w->itemcap * 2 : 64;
				w->items = xreallocarray(w->items, w->itemcap,
				    sizeof(*w->items));
			}
			w->items[w->nitems++] = a;
		} else if (ld->rc == 1)
			skip(w, ld->path, ld->why);
		diag_fini(&ld->d);
		free(ld->path);
		free(ld->real);
	}
	for (; from < w->walkd.n; from++)
		diag_copy(d, &w->walkd.msgs[from]);
	free(w->loads);
	w->loads = NULL;
	w->nloads = 0;
}

/*
 * Record a folder about to be listed. Returns its index, or -1 when
 * it was read already (a warning) or leads back to one of its own
 * ancestors (a symlink loop: an error).
 */
static long
add_dir(struct walk *w, const char *path, const struct stat *st,
    long parent)
{
	size_t	 i;
	long	 k;

	for (k = parent; k >= 0; k = w->dirs[k].parent)
		if (w->dirs[k].dev == st->st_dev &&
		    w->dirs[k].ino == st->st_ino) {
			diag_error(w->d, path, 0, 0, "symlink loop: this "
			    "folder is %s again", w->dirs[k].path);
			return -1;
		}
	for (i = 0; i < w->ndirs; i++)
		if (w->dirs[i].dev == st->st_dev &&
		    w->dirs[i].ino == st->st_ino) {
			diag_warn(w->d, path, 0, 0, "same folder as %s; "
			    "read once", w->dirs[i].path);
			return -1;
		}
	w->dirs = xreallocarray(w->dirs, w->ndirs + 1, sizeof(*w->dirs));
	w->dirs[w->ndirs].dev = st->st_dev;
	w->dirs[w->ndirs].ino = st->st_ino;
	w->dirs[w->ndirs].parent = parent;
	w->dirs[w->ndirs].path = xstrdup(path);
	return (long)w->ndirs++;
}

static void
push(struct walk *w, char *path, char *root, char *site, long dir)
{
	w->stack = xreallocarray(w->stack, w->nstack + 1, sizeof(*w->stack));
	w->stack[w->nstack].path = path;
	w->stack[w->nstack].root = root;
	w->stack[w->nstack].site = site;
	w->stack[w->nstack].dir = dir;
	w->nstack++;
}

/* A name in a folder, with its type as readdir(3) gives it. */
struct entry {
	char		*name;
	unsigned char	 type;	/* DT_REG, DT_DIR, ... or DT_UNKNOWN */
};

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name);
}

/*
 * Whether an entry of type t (from readdir) named name can matter:
 * articles, folders, and what may be either (links, or a file system
 * that does not say). Other files are passed over without a stat(2),
 * as they would be after one: images, notes, sockets.
 */
static int
may_matter(const char *name, unsigned char t)
{
	return t == DT_DIR || t == DT_LNK || t == DT_UNKNOWN ||
	    collect_is_article_name(name);
}

/*
 * The names in a folder that may matter, sorted bytewise, without
 * hidden ones.
 */
static struct entry *
list_dir(struct walk *w, const char *path, size_t *n)
{
	DIR		*dp;
	struct dirent	*de;
	struct entry	*v = NULL;
	size_t		 cap = 0;

	*n = 0;
	if ((dp = opendir(path)) == NULL) {
		diag_error(w->d, path, 0, 0, "cannot read folder: %s",
		    strerror(errno));
		return NULL;
	}
	while ((errno = 0, de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' ||
		    !may_matter(de->d_name, de->d_type))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[*n].name = xstrdup(de->d_name);
		v[*n].type = de->d_type;
		(*n)++;
	}
	if (errno != 0)
		diag_error(w->d, path, 0, 0, "cannot read folder: %s",
		    strerror(errno));
	closedir(dp);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_entry);
	return v;
}

/*
 * Is path a symbolic link whose target lies outside the folder root
 * (resolved)? Those are never followed: a link to /etc in a blog
 * folder must not put the system's files in a book.
 */
static int
leads_out(const char *path, const char *root)
{
	struct stat	 st;
	char		*real;
	size_t		 n;
	int		 out;

	if (root == NULL || lstat(path, &st) == -1 || !S_ISLNK(st.st_mode))
		return 0;
	if ((real = xrealpath(path)) == NULL)
		return 0;
	n = strlen(root);
	out = !(strcmp(root, "/") == 0 || (strncmp(real, root, n) == 0 &&
	    (real[n] == '/' || real[n] == '\0')));
	free(real);
	return out;
}

/*
 * Is name one of the notes a repository keeps beside its posts
 * (README.md, LICENSE.md, ...)? In a folder they are not articles.
 */
static int
repo_file(const char *name)
{
	static const char *const notes[] = {
		"readme", "license", "licence", "changelog", "contributing",
		"code_of_conduct", "security", "authors"
	};
	size_t	 i, n;

	for (i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
		n = strlen(notes[i]);
		if (strncasecmp(name, notes[i], n) == 0 && name[n] == '.')
			return 1;
	}
	return 0;
}

/*
 * The realpath of name, a file that is no link in the folder dir: the
 * folder's, resolved once into *dreal, then the name. NULL when the
 * folder's cannot be had.
 */
static char *
real_child(const char *dir, char **dreal, const char *name)
{
	if (*dreal == NULL && (*dreal = xrealpath(dir)) == NULL)
		return NULL;
	return join(*dreal, name);
}

/* List one folder: articles are loaded, subfolders pushed. */
static void
visit(struct walk *w, const struct pending *pd)
{
	struct stat	 st;
	struct entry	*ents;
	char		*child, *name, *dreal = NULL;
	size_t		 n, i, mark = w->nstack;
	long		 k;
	struct pending	 tmp;
	unsigned char	 t;

	ents = list_dir(w, pd->path, &n);
	for (i = 0; i < n; i++) {
		name = ents[i].name;
		t = ents[i].type;
		child = join(pd->path, name);
		/* Only a link (or what may be one) can lead out. */
		if ((t == DT_LNK || t == DT_UNKNOWN) &&
		    leads_out(child, pd->root)) {
			skip(w, child, "a link out of the input folder");
			free(child);
			free(name);
			continue;
		}
		/*
		 * A plain file, as readdir says, needs no stat: read_file()
		 * checks again what it opens.
		 */
		if (t != DT_REG && stat(child, &st) == -1) {
			/* Dangling links matter only for articles. */
			if (collect_is_article_name(name))
				diag_error(w->d, child, 0, 0, "cannot read: %s",
				    strerror(errno));
		} else if (t != DT_REG && S_ISDIR(st.st_mode)) {
			if ((k = add_dir(w, child, &st, pd->dir)) >= 0) {
				push(w, child, pd->root, pd->site, k);
				child = NULL;
			}
		} else if (collect_is_article_name(name)) {
			if (repo_file(name))
				skip(w, child, "a repository's notes, not an "
				    "article (name the file to take it)");
			else if (t == DT_REG || S_ISREG(st.st_mode))
				take_file(w, child, t == DT_REG ? real_child(
				    pd->path, &dreal, name) : NULL, pd->root,
				    pd->site);
			else
				skip(w, child, "not a regular file");
		}
		free(child);
		free(name);
	}
	free(ents);
	free(dreal);
	/* Pop subfolders in sorted order: reverse what was pushed. */
	for (i = mark, n = w->nstack; n > mark + 1 && i < n - 1; i++, n--) {
		tmp = w->stack[i];
		w->stack[i] = w->stack[n - 1];
		w->stack[n - 1] = tmp;
	}
}

/*
 * The first site's time zone reads the dates written without one,
 * unless an option or book.yml gave the zone.
 */
static void
site_zone(struct walk *w, const char *site)
{
	static const char *const keys[] = { "timeZone", "timezone", NULL };
	char	*zone;

	if (w->own.tz_given || (zone = collect_site_first(site, keys)) == NULL)
		return;
	if (collect_site_zone(zone, &w->own.tz_offset) == 0)
		w->own.tz_given = 1;
	else
		diag_warn(w->d, site, 0, 0, "time zone %s of the site's "
		    "config unknown: dates without a zone read as %s", zone,
		    w->own.tz_offset == 0 ? "UTC" : "given");
	free(zone);
}

/*
 * The site of an input: --site-root when given, else site (taken
 * over), which may be NULL. Kept in w->sites; NULL when none.
 */
static char *
site_root(struct walk *w, char *site)
{
	if (w->cfg->site_root != NULL) {
		free(site);
		if ((site = xrealpath(w->cfg->site_root)) == NULL) {
			diag_warn(w->d, w->cfg->site_root, 0, 0,
			    "site root unusable: %s", strerror(errno));
			return NULL;
		}
	}
	if (site == NULL)
		return NULL;
	w->sites = xreallocarray(w->sites, w->nsites + 1, sizeof(*w->sites));
	w->sites[w->nsites++] = site;
	site_zone(w, site);
	return site;
}

static void
walk_input(struct walk *w, const char *in)
{
	struct stat	 st;
	struct pending	 pd;
	char		*real, *posts, *site = NULL, *path;
	long		 k;

	if (stat(in, &st) == -1) {
		diag_error(w->d, in, 0, 0, "cannot read: %s", strerror(errno));
		return;
	}
	if (S_ISREG(st.st_mode)) {
		w->ninputs++;
		take_file(w, in, NULL, NULL, site_root(w, NULL));
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_error(w->d, in, 0, 0, "not a file or a folder");
		return;
	}
	if ((real = xrealpath(in)) == NULL) {
		diag_error(w->d, in, 0, 0, "cannot read: %s", strerror(errno));
		return;
	}
	/* A blog site: walk its posts folder only. */
	if ((posts = collect_site_posts(real, &site)) != NULL) {
		path = join(in, posts + strlen(real) + 1);
		free(posts);
		if (stat(path, &st) == -1) {
			diag_error(w->d, path, 0, 0, "cannot read: %s",
			    strerror(errno));
			free(path);
			free(real);
			free(site);
			return;
		}
	} else
		path = xstrdup(in);
	if ((k = add_dir(w, path, &st, -1)) < 0) {
		free(path);
		free(real);
		free(site);
		return;
	}
	w->ninputs++;
	w->roots = xreallocarray(w->roots, w->nroots + 1, sizeof(*w->roots));
	w->roots[w->nroots++] = real;
	push(w, path, real, site_root(w, site), k);
	while (w->nstack > 0) {
		pd = w->stack[--w->nstack];
		if (cleanup_signal() == 0)
			visit(w, &pd);
		free(pd.path);
	}
}

/*** Selection, order, chapters, metadata ***/

static int
cmp_skipped(const void *pa, const void *pb)
{
	const struct skipped	*a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

/*
 * Language: the option, else the most common one among the articles
 * (a tie goes to the one seen first), else "en". A bare "zh" over Han
 * text becomes "zh-Hans" or "zh-Hant", as most of the articles read.
 */
static char *
book_language(const struct config *cfg, struct diag *d,
    struct article **v, size_t n)
{
	const char	**seen = NULL, *guess;
	size_t		 *count = NULL, nseen = 0, i, j, best = 0;
	char		 *lang = NULL;
	int		  han = 0;

	if (cfg->meta.language != NULL &&
	    (lang = collect_lang_normalise(cfg->meta.language)) == NULL)
		diag_warn(d, NULL, 0, 0, "unrecognised language: %s",
		    cfg->meta.language);
	for (i = 0; lang == NULL && i < n; i++) {
		if (v[i]->lang == NULL)
			continue;
		for (j = 0; j < nseen; j++)
			if (strcmp(seen[j], v[i]->lang) == 0)
				break;
		if (j == nseen) {
			seen = xreallocarray(seen, nseen + 1, sizeof(*seen));
			count = xreallocarray(count, nseen + 1,
			    sizeof(*count));
			seen[nseen] = v[i]->lang;
			count[nseen++] = 0;
		}
		if (++count[j] > count[best])
			best = j;
	}
	if (lang == NULL)
		lang = xstrdup(nseen > 0 ? seen[best] : "en");
	free(seen);
	free(count);
	if (strcmp(lang, "zh") == 0) {
		for (i = 0; i < n; i++) {
			if ((guess = collect_guess_lang(v[i])) == NULL)
				continue;
			if (strcmp(guess, "zh-Hans") == 0)
				han++;
			else if (strcmp(guess, "zh-Hant") == 0)
				han--;
		}
		if (han != 0) {
			free(lang);
			lang = xstrdup(han > 0 ? "zh-Hans" : "zh-Hant");
		}
	}
	return lang;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Add a creator once, with its role and sort name (NULL: none). */
static void
add_creator(struct book *b, const char *name, const char *role,
    const char *file_as)
{
	if (strlist_has(&b->creators, name))
		return;
	strlist_add(&b->creators, name);
	strlist_add(&b->creator_roles, role ? role : "");
	strlist_add(&b->creator_file_as, file_as ? file_as : "");
}

static void
metadata(struct book *b, const struct config *cfg, const struct walk *w,
    struct diag *d)
{
	const char	*slash;
	char		*site_title, *site_author;
	size_t		 i, j;
	int		 given;

	if (cfg->meta.title != NULL)
		b->title = xstrdup(cfg->meta.title);
	else if (cfg->sel.ncategories == 1)
		b->title = xstrdup(cfg->sel.categories[0]);
	else if (w->nsites == 1 &&
	    (site_title = collect_site_setting(w->sites[0], "title")) != NULL)
		b->title = site_title;
	else if (w->ninputs == 1 && w->nroots == 1) {
		slash = strrchr(w->roots[0], '/');
		b->title = xstrdup(slash && slash[1] ? slash + 1 :
		    w->roots[0]);
	} else if (b->narticles == 1)
		b->title = xstrdup(b->articles[0]->title);
	else
		b->title = xstrdup("sheaf");

	if (cfg->meta.author != NULL)
		add_creator(b, cfg->meta.author, NULL, NULL);
	for (i = 0; i < cfg->meta.more_authors.n; i++)
		add_creator(b, cfg->meta.more_authors.v[i],
		    cfg->meta.author_roles.v[i], cfg->meta.author_file_as.v[i]);
	given = b->creators.n > 0;
	for (i = 0; !given && i < b->narticles && b->creators.n < 3; i++)
		if (b->articles[i]->author != NULL)
			add_creator(b, b->articles[i]->author, NULL, NULL);
	if (b->creators.n == 0 && w->nsites == 1 &&
	    (site_author = collect_site_setting(w->sites[0], "author")) != NULL) {
		add_creator(b, site_author, NULL, NULL);
		free(site_author);
	}

	b->subtitle = dup_or_null(cfg->meta.subtitle);
	b->identifier = dup_or_null(cfg->meta.identifier);
	b->publisher = dup_or_null(cfg->meta.publisher);
	b->rights = dup_or_null(cfg->meta.rights);
	b->description = dup_or_null(cfg->meta.description);
	for (i = 0; i < cfg->meta.subjects.n; i++)
		strlist_add(&b->subjects, cfg->meta.subjects.v[i]);
	if (cfg->meta.date != NULL) {
		if (collect_date_bound(cfg->meta.date, cfg->tz_offset, 0,
		    &b->date) == 0)
			b->has_date = 1;
		else
			diag_error(d, NULL, 0, 0, "invalid date: %s",
			    cfg->meta.date);
	}
	for (i = 0; i < b->narticles; i++) {
		if (cfg->meta.date == NULL && b->articles[i]->has_date &&
		    (!b->has_date || b->articles[i]->date > b->date)) {
			b->date = b->articles[i]->date;
			b->has_date = 1;
		}
		for (j = 0; cfg->meta.subjects.n == 0 &&
		    j < b->articles[i]->ncats; j++)
			if (!strlist_has(&b->subjects,
			    b->articles[i]->cats[j].v[0]))
				strlist_add(&b->subjects,
				    b->articles[i]->cats[j].v[0]);
	}
	if (cfg->meta.cover != NULL)
		b->cover = xstrdup(cfg->meta.cover);
	if (cfg->site_url != NULL) {
		b->site_url = xstrdup(cfg->site_url);
		i = strlen(b->site_url);
		while (i > 0 && b->site_url[i - 1] == '/')
			b->site_url[--i] = '\0';
	} else if (w->nsites == 1)
		b->site_url = collect_site_url(w->sites[0]);
}

/*** Entry point ***/

static void
walk_fini(struct walk *w)
{
	size_t	 i;

	for (i = 0; i < w->nitems; i++)
		article_free(w->items[i]);
	free(w->items);
	for (i = 0; i < w->skipped.n; i++) {
		free(w->skipped.v[i].path);
		free(w->skipped.v[i].reason);
	}
	free(w->skipped.v);
	fileset_fini(&w->files);
	for (i = 0; i < w->ndirs; i++)
		free(w->dirs[i].path);
	free(w->dirs);
	for (i = 0; i < w->nstack; i++)
		free(w->stack[i].path);
	free(w->stack);
	for (i = 0; i < w->nroots; i++)
		free(w->roots[i]);
	free(w->roots);
	for (i = 0; i < w->nsites; i++)
		free(w->sites[i]);
	free(w->sites);
	free(w->site_lang);
	for (i = 0; i < w->nloads; i++) {
		free(w->loads[i].path);
		free(w->loads[i].real);
	}
	free(w->loads);
	diag_fini(&w->walkd);
}

struct book *
collect_run(const struct config *cfg, struct diag *d)
{
	struct walk	  w;
	struct config	  by_date;
	struct book	 *b = NULL;
	size_t		  n;

	memset(&w, 0, sizeof(w));
	w.own = *cfg;
	w.cfg = &w.own;
	diag_init(&w.walkd);
	w.walkd.strict = d->strict;
	w.walkd.verbose = d->verbose;
	w.d = &w.walkd;
	for (n = 0; n < cfg->ninputs; n++)
		walk_input(&w, cfg->inputs[n]);
	load_files(&w, d);
	w.d = d;
	/* From here on, the settings with the site's defaults. */
	if (w.own.meta.language == NULL && w.nsites == 1 &&
	    (w.site_lang = collect_site_language(w.sites[0])) != NULL)
		w.own.meta.language = w.site_lang;
	cfg = w.cfg;
	if (diag_failed(d) || cleanup_signal() != 0)
		goto out;
	if (w.nitems == 0) {
		diag_error(d, cfg->ninputs == 1 ? cfg->inputs[0] : NULL, 0, 0,
		    "no articles to pack");
		goto out;
	}
	if (collect_select(cfg, w.items, &w.nitems, &w.skipped, d) == -1)
		goto out;
	collect_dedup(w.items, &w.nitems, &w.skipped, d);

	b = book_new();
	b->load_hits = w.load_hits;
	b->tz_offset = cfg->tz_offset;
	/*
	 * The language goes by the first articles in reading order, and
	 * collation by the language: titles wait for it, dates lead.
	 */
	by_date = *cfg;
	if (by_date.sel.order == ORDER_TITLE)
		by_date.sel.order = ORDER_DATE;
	collect_sort(&by_date, NULL, w.items, w.nitems, d);
	b->language = book_language(cfg, d, w.items, w.nitems);
	if (collect_sort(cfg, b->language, w.items, w.nitems, d) == -1)
		goto fail;
	collect_select_count(cfg, w.items, &w.nitems, &w.skipped);
	if (collect_group(b, cfg, w.items, w.nitems, d) == -1)
		goto fail;
	w.nitems = 0;	/* the book owns them now */
	metadata(b, cfg, &w, d);
	if (w.skipped.n > 1)
		qsort(w.skipped.v, w.skipped.n, sizeof(*w.skipped.v),
		    cmp_skipped);
	b->skipped = w.skipped.v;
	b->nskipped = w.skipped.n;
	w.skipped.v = NULL;
	w.skipped.n = 0;
	if (!diag_failed(d))
		goto out;
fail:
	book_free(b);
	b = NULL;
out:
	walk_fini(&w);
	return b;
}
