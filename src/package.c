/*
 * Stage 3, package: plan the book's documents (cover, title page,
 * chapter opening pages, articles), have package_opf.c, package_nav.c
 * and package_pages.c render them, and write the EPUB zip with
 * libzip: mimetype first and stored, then the fixed layout of
 * DESIGN.md. libzip streams the zip, through package_sink.c, into a
 * temporary file of sheaf's beside the target, which is synced and
 * renamed over it only when complete.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


#include "book.h"
#include "buf.h"
#include "cleanup.h"
#include "config.h"
#include "diag.h"
#include "media.h"
#include "package.h"
#include "template.h"
#include "xalloc.h"
#include "package_int.h"

static const char mimetype[] = "application/epub+zip";

static const struct package_words words[] = {
	{ "en", "Contents", "Landmarks", "Cover", "Title page", "Start",
	    "Untitled", "chapter", "chapters", "article", "articles",
	    ", " },
	{ "zh", "目录", "导航", "封面", "扉页", "正文", "无题",
	    "章", "章", "篇", "篇", "、" },
	{ "ja", "目次", "ランドマーク", "表紙", "扉", "本文", "無題",
	    "章", "章", "記事", "記事", "、" },
};

/*
 * The build time: SOURCE_DATE_EPOCH when it is a decimal number of
 * seconds, else now.
 */
static time_t
build_time(struct diag *d, int *fixed)
{
	const char	*s = getenv("SOURCE_DATE_EPOCH");
	const char	*q;
	long long	 v = 0;

	*fixed = 0;
	if (s == NULL || *s == '\0')
		return time(NULL);
	for (q = s; *q != '\0'; q++) {
		if (!isdigit((unsigned char)*q) || v > 25340230079LL) {
			diag_warn(d, NULL, 0, 0, "SOURCE_DATE_EPOCH is not "
			    "a number of seconds before 10000: ignored");
			return time(NULL);
		}
		v = v * 10 + (*q - '0');
	}
	*fixed = 1;
	return (time_t)v;
}

static void
lang_set(struct package *p)
{
	const char	*src = p->book->language;
	size_t		 i, n;

	if (src == NULL || *src == '\0')
		src = "und";
	p->lang = package_clean(src, "und");
	for (i = 0; p->lang[i] != '\0'; i++)
		if (p->lang[i] == '_')
			p->lang[i] = '-';
	p->words = &words[0];
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i].lang);
		if (strncmp(p->lang, words[i].lang, n) == 0 &&
		    (p->lang[n] == '\0' || p->lang[n] == '-'))
			p->words = &words[i];
	}
}

static struct package_doc *
doc_add(struct package *p, enum package_kind kind, const char *id,
    const char *label)
{
	struct package_doc	*doc = &p->docs[p->ndocs++];
	struct buf	 href = BUF_INIT;

	doc->kind = kind;
	doc->id = xstrdup(id);
	buf_printf(&href, "text/%s.xhtml", id);
	doc->href = buf_detach(&href);
	doc->label = package_clean(label, p->words->untitled);
	buf_init(&doc->out);
	return doc;
}

/*
 * Lay out the book: cover, title page, then per chapter its opening
 * page (when it has a title) and its articles, numbered in reading
 * order. Chapters without articles are left out, so no list is empty.
 */
static int
plan(struct package *p, struct diag *d)
{
	const struct book	*b = p->book;
	const struct chapter	*ch;
	struct chapter		 all;
	struct package_doc		*doc, *cdoc;
	struct article		*a;
	char			 id[64];
	size_t			 i, j, nch, cnum = 0, anum = 0;

	lang_set(p);
	p->title = package_clean(b->title, p->words->untitled);
	snprintf(p->modified, sizeof(p->modified), "1970-01-01T00:00:00Z");
	package_date((int64_t)p->now, 1, p->modified, sizeof(p->modified));
	if (b->media != NULL)
		for (i = 0; i < b->media->n && p->cover == NULL; i++)
			if (b->media->v[i].cover)
				p->cover = &b->media->v[i];
	if (p->cover == NULL)
		p->cover_drawn = (p->cover = package_cover_make(p, d)) != NULL;

	/* Without chapters, the articles make one untitled chapter. */
	all.title = NULL;
	all.articles = b->articles;
	all.n = b->narticles;
	nch = b->nchapters > 0 ? b->nchapters : 1;
	for (i = 0, j = 0; i < nch; i++)
		j += b->nchapters > 0 ? b->chapters[i].n : all.n;
	if (j == 0) {
		diag_error(d, NULL, 0, 0, "no articles to pack");
		return -1;
	}
	p->docs = xcalloc(2 + nch + j, sizeof(*p->docs));

	if (p->cover != NULL)
		doc_add(p, PACKAGE_COVER, "cover", p->words->cover);
	doc_add(p, PACKAGE_TITLE, "title", p->title);
	for (i = 0; i < nch; i++) {
		ch = b->nchapters > 0 ? &b->chapters[i] : &all;
		if (b->nchapters > 0 && !book_chapter_counts(b, i))
			continue;
		cnum++;
		cdoc = NULL;
		if (ch->title != NULL) {
			snprintf(id, sizeof(id), "c%03zu", cnum);
			cdoc = doc_add(p, PACKAGE_CHAPTER, id, ch->title);
			cdoc->first = p->ndocs;
			cdoc->n = ch->n;
			cdoc->depth = ch->depth > 1 ? ch->depth : 1;
			p->nchapters++;
		}
		for (j = 0; j < ch->n; j++) {
			a = ch->articles[j];
			if (a->xhtml == NULL && !a->xref.used) {
				diag_error(d, a->path, 0, 0,
				    "article was not converted");
				return -1;
			}
			snprintf(id, sizeof(id), "c%03zu-a%04zu", cnum, ++anum);
			doc = doc_add(p, PACKAGE_ARTICLE, id, a->title);
			doc->article = a;
			p->narticles++;
		}
	}
	package_identifier(p);
	return 0;
}

static void
pkg_fini(struct package *p)
{
	size_t	 i;

	for (i = 0; i < p->ndocs; i++) {
		free(p->docs[i].id);
		free(p->docs[i].href);
		free(p->docs[i].label);
		buf_fini(&p->docs[i].out);
	}
	free(p->docs);
	free(p->toc);
	free(p->lang);
	free(p->title);
	free(p->identifier);
	package_fonts_fini(p);
}

/* The entries of the zip (package_zip.c), their names owned. */
struct entries {
	struct package_entry	*v;
	size_t			 n;
	size_t			 cap;
};

static struct package_entry *
entry(struct entries *l, const char *name, time_t mtime)
{
	struct package_entry	*e;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	e = &l->v[l->n++];
	memset(e, 0, sizeof(*e));
	e->name = xstrdup(name);
	e->mtime = mtime;
	return e;
}

static void
entry_buf(struct entries *l, const char *name, const void *p, size_t n,
    int store, time_t mtime)
{
	struct package_entry	*e = entry(l, name, mtime);

	e->data = p;
	e->size = n;
	e->store = store;
}

static void
list_fini(struct entries *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
}

/*
 * The time of an entry whose bytes do not come from this build: t,
 * but not later than SOURCE_DATE_EPOCH nor earlier than zip time.
 */
#define ZIP_EPOCH	((time_t)315532800)	/* 1980-01-01T00:00:00Z */

static time_t
kept_time(const struct package *p, time_t t)
{
	if (p->fixed_time && t > p->now)
		t = p->now;
	return t < ZIP_EPOCH ? ZIP_EPOCH : t;
}

/*
 * List every entry in the order of the book: mimetype first and
 * stored, then what stays the same from build to build (sheaf's own
 * constant files, the images embedded from files, stored, with the
 * file's time), then what each build makes (the package document,
 * navigation, style sheet, pages, articles, images made in memory and
 * fonts), at the build time. The buffers stay owned by p and the
 * book, which outlive the zip.
 */
static void
list(const struct package *p, const struct buf *container, const struct buf *opf,
    const struct buf *nav, const struct buf *ncx, const struct buf *css,
    struct entries *l)
{
	const struct media	*m = p->book->media;
	const struct package_doc	*doc;
	struct package_entry	*e;
	struct buf		 name = BUF_INIT;
	time_t			 t0;
	size_t			 i;

	t0 = p->fixed_time ? kept_time(p, p->now) : ZIP_EPOCH;
	entry_buf(l, "mimetype", mimetype, sizeof(mimetype) - 1, 1, t0);
	entry_buf(l, "META-INF/container.xml", container->data,
	    container->len, 0, t0);
	if (p->nfonts > 0)
		entry_buf(l, "META-INF/com.apple.ibooks.display-options.xml",
		    package_apple_options, strlen(package_apple_options), 0,
		    t0);
	for (i = 0; m != NULL && i < m->n; i++) {
		if (m->v[i].data != NULL)
			continue;
		buf_reset(&name);
		buf_printf(&name, "EPUB/%s", m->v[i].href);
		e = entry(l, name.data, kept_time(p, m->v[i].mtime));
		e->path = m->v[i].path;
		e->size = m->v[i].size;
		e->store = 1;
	}
	entry_buf(l, "EPUB/package.opf", opf->data, opf->len, 0, p->now);
	entry_buf(l, "EPUB/nav.xhtml", nav->data, nav->len, 0, p->now);
	entry_buf(l, "EPUB/toc.ncx", ncx->data, ncx->len, 0, p->now);
	entry_buf(l, "EPUB/styles/sheaf.css", css->data, css->len, 0,
	    p->now);
	for (i = 0; i < p->ndocs; i++) {
		doc = &p->docs[i];
		buf_reset(&name);
		buf_printf(&name, "EPUB/%s", doc->href);
		if (doc->kind == PACKAGE_ARTICLE && doc->article->xhtml == NULL) {
			e = entry(l, name.data, p->now);
			e->spool = p->book->spool;
			e->ref = &doc->article->xref;
			e->size = e->ref->size;
		} else if (doc->kind == PACKAGE_ARTICLE)
			entry_buf(l, name.data, doc->article->xhtml,
			    doc->article->xhtml_len, 0, p->now);
		else
			entry_buf(l, name.data, doc->out.data, doc->out.len, 0,
			    p->now);
	}
	for (i = 0; m != NULL && i < m->n; i++) {
		if (m->v[i].data == NULL)
			continue;
		buf_reset(&name);
		buf_printf(&name, "EPUB/%s", m->v[i].href);
		entry_buf(l, name.data, m->v[i].data, m->v[i].size, 1, p->now);
	}
	for (i = 0; i < p->nfonts; i++) {
		buf_reset(&name);
		buf_printf(&name, "EPUB/%s", p->fonts[i].href);
		entry_buf(l, name.data, p->fonts[i].data, p->fonts[i].size, 0,
		    p->now);
	}
	buf_fini(&name);
}

/* The folder of path, for its fsync. */
static char *
dir_of(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/*
 * The zip is complete in tmp, open as fd: give it the usual mode,
 * sync and close it, rename it onto path and sync the folder so the
 * rename survives a crash. Closes fd whatever happens. Allocates
 * before the rename only: running out of memory after it would
 * report a failed build whose book is written.
 */
static int
commit(int fd, const char *tmp, const char *path, size_t *size,
    struct diag *d)
{
	struct stat	 st;
	mode_t		 mask;
	char		*dir = dir_of(path);
	int		 dfd;

	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == -1 || fsync(fd) == -1 ||
	    fstat(fd, &st) == -1) {
		close(fd);
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1)
		goto fail;
	*size = (size_t)st.st_size;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (fsync(dfd) == -1 && errno != EINVAL))
		diag_warn(d, dir, 0, 0, "cannot sync folder: %s",
		    strerror(errno));
	if (dfd != -1)
		close(dfd);
	free(dir);
	return 0;
fail:
	diag_error(d, path, 0, 0, "cannot write: %s", strerror(errno));
	free(dir);
	return -1;
}

/*
 * The pages (cover, title, chapters), the navigation document and the
 * NCX are made in a thread while the calling one makes the package
 * document, as long as all of them together: their messages go to d
 * in that order, up to the first that failed. Returns 0, or -1.
 */
struct making {
	struct package	*p;
	struct buf	*nav, *ncx;
	struct diag	 d;
	int		 rc;
};

static void *
make_pages(void *arg)
{
	struct making	*m = arg;

	m->rc = package_pages(m->p, &m->d) == -1 || package_nav(m->p, m->nav,
	    &m->d) == -1 || package_ncx(m->p, m->ncx, &m->d) == -1 ? -1 : 0;
	return NULL;
}

static int
documents(struct package *p, struct buf *nav, struct buf *ncx, struct buf *opf,
    struct diag *d)
{
	struct making	 m;
	struct diag	 od;
	pthread_t	 tid;
	size_t		 i;
	int		 threaded, rc;

	m.p = p;
	m.nav = nav;
	m.ncx = ncx;
	diag_init(&m.d);
	diag_init(&od);
	m.d.strict = od.strict = d->strict;
	m.d.verbose = od.verbose = d->verbose;
	if (!(threaded = pthread_create(&tid, NULL, make_pages, &m) == 0))
		make_pages(&m);
	rc = package_opf(p, opf, &od);
	if (threaded)
		pthread_join(tid, NULL);
	for (i = 0; i < m.d.n; i++)
		diag_copy(d, &m.d.msgs[i]);
	for (i = 0; m.rc == 0 && i < od.n; i++)
		diag_copy(d, &od.msgs[i]);
	diag_fini(&m.d);
	diag_fini(&od);
	return m.rc == -1 || rc == -1 ? -1 : 0;
}

int
package_write(const struct book *b, const struct config *cfg,
    const char *path, struct package_ahead *ahead, const struct progress *prog,
    struct diag *d, size_t *size)
{
	struct package	 p;
	struct buf	 container = BUF_INIT, opf = BUF_INIT,
			 nav = BUF_INIT, ncx = BUF_INIT, tmpname = BUF_INIT,
			 css = BUF_INIT;
	struct entries	 zl = { NULL, 0, 0 };
	struct stat	 st;
	xmlDocPtr	 doc;
	char		*tmp = NULL;
	size_t		 lent;
	int		 fd = -1, old = -1, rc = -1;

	memset(&p, 0, sizeof(p));
	p.book = b;
	p.cfg = cfg;
	*size = 0;

	if (ahead != NULL) {
		package_ahead_take(ahead, &tmp, &fd, &old);
		goto made;
	}
	/* Fail early, before any work, when path cannot be written. */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_error(d, path, 0, 0, "cannot write: %s",
		    strerror(EISDIR));
		goto out;
	}
	buf_printf(&tmpname, "%s.XXXXXX", path);
	tmp = buf_detach(&tmpname);
	if ((fd = mkstemp(tmp)) == -1) {
		diag_error(d, path, 0, 0, "cannot write: %s",
		    strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	cleanup_track(tmp);
	old = package_reuse_open(cfg, path);
made:
	p.now = build_time(d, &p.fixed_time);
	if (plan(&p, d) == -1 ||
	    (cfg != NULL && package_fonts_load(&p, d) == -1))
		goto out;
	package_toc_build(&p);
	if (documents(&p, &nav, &ncx, &opf, d) == -1 ||
	    package_css(cfg, &css, d) == -1)
		goto out;
	package_fonts_css(&p, &css);
	if ((doc = template_load("container.xml", NULL, 0)) == NULL) {
		diag_error(d, NULL, 0, 0, "template container.xml is broken");
		goto out;
	}
	template_serialize(doc, &container);
	xmlFreeDoc(doc);

	list(&p, &container, &opf, &nav, &ncx, &css, &zl);
	rc = package_zip_write(zl.v, zl.n, fd, old, ahead, prog, path, d, &lent);
	old = -1;	/* closed, ahead waited for */
	ahead = NULL;
	if (rc == -1)
		goto out;
	if (cfg != NULL && cfg->verbose && !cfg->quiet && lent > 0)
		diag_note(d, NULL, 0, 0, "%zu of %zu entries kept from the "
		    "previous book", lent, zl.n);
	rc = commit(fd, tmp, path, size, d);
	fd = -1;
	if (rc == 0)
		package_reuse_record(cfg, path);
out:
	if (ahead != NULL)
		package_ahead_wait(ahead, 1);
	if (old != -1)
		close(old);
	if (fd != -1)
		close(fd);
	if (rc == -1 && tmp != NULL)
		unlink(tmp);
	if (tmp != NULL)
		cleanup_forget(tmp);
	free(tmp);
	buf_fini(&container);
	buf_fini(&opf);
	buf_fini(&nav);
	buf_fini(&ncx);
	buf_fini(&css);
	list_fini(&zl);
	pkg_fini(&p);
	return rc;
}
