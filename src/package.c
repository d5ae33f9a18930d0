/*
 * Stage 3, package: plan the book's documents (cover, title page,
 * chapter opening pages, articles), have package_opf.c, package_nav.c
 * and package_pages.c render them, and write the EPUB zip with
 * libzip: mimetype first and stored, then the fixed layout of
 * DESIGN.md. The zip goes to a temporary file beside the target
 * that is synced and renamed over it only when complete.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "media.h"
#include "package.h"
#include "template.h"
#include "text.h"
#include "xalloc.h"
#include "package_int.h"

static const char mimetype[] = "application/epub+zip";

static const struct pkg_words words[] = {
	{ "en", "Contents", "Landmarks", "Cover", "Title page", "Start",
	    "Untitled", "chapter", "chapters", "article", "articles",
	    ", " },
	{ "zh", "目录", "导航", "封面", "扉页", "正文", "无题",
	    "章", "章", "篇", "篇", "、" },
	{ "ja", "目次", "ランドマーク", "表紙", "扉", "本文", "無題",
	    "章", "章", "記事", "記事", "、" },
};

char *
pkg_clean(const char *s, const char *fallback)
{
	struct buf	 out = BUF_INIT;
	char		*p;
	size_t		 i, start, end;
	int		 line;

	if (s != NULL)
		text_repair(s, strlen(s), &out, &line);
	for (i = 0; i < out.len; i++)
		if (out.data[i] == '\t' || out.data[i] == '\n' ||
		    out.data[i] == '\r')
			out.data[i] = ' ';
	for (start = 0; start < out.len && out.data[start] == ' '; start++)
		continue;
	for (end = out.len; end > start && out.data[end - 1] == ' '; end--)
		continue;
	p = end > start ? xstrndup(out.data + start, end - start) :
	    xstrdup(fallback);
	buf_fini(&out);
	return p;
}

int
pkg_date(int64_t t, int full, char *out, size_t sz)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL || tm.tm_year + 1900 < 1 ||
	    tm.tm_year + 1900 > 9999)
		return -1;
	if (full)
		snprintf(out, sz, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
		snprintf(out, sz, "%04d-%02d-%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

xmlNodePtr
pkg_add_text(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, (const xmlChar *)name,
	    (const xmlChar *)text);
}

static xmlNodePtr
indent(xmlDocPtr doc, int level)
{
	char	 ws[64];
	int	 i;

	ws[0] = '\n';
	for (i = 1; i <= 2 * level && i < (int)sizeof(ws) - 1; i++)
		ws[i] = ' ';
	ws[i] = '\0';
	return xmlNewDocText(doc, (const xmlChar *)ws);
}

xmlNodePtr
pkg_elem(xmlNodePtr parent, xmlNsPtr ns, int level, const char *name,
    const char *text)
{
	xmlNodePtr	 n, last = parent->last;

	n = xmlNewDocRawNode(parent->doc, ns != NULL ? ns : parent->ns,
	    (const xmlChar *)name, (const xmlChar *)text);
	/* Text nodes added next to text are merged into it, and freed. */
	if (last != NULL && xmlIsBlankNode(last)) {
		xmlAddPrevSibling(last, n);
		xmlAddPrevSibling(n, indent(parent->doc, level));
	} else {
		xmlAddChild(parent, indent(parent->doc, level));
		xmlAddChild(parent, n);
		xmlAddChild(parent, indent(parent->doc, level - 1));
	}
	return n;
}

/*
 * The build time: SOURCE_DATE_EPOCH when it is a decimal number of
 * seconds, else now.
 */
static time_t
build_time(struct diag *d)
{
	const char	*s = getenv("SOURCE_DATE_EPOCH");
	const char	*q;
	long long	 v = 0;

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
	return (time_t)v;
}

/*
 * libzip stores the local time of an entry; give it the time whose
 * local fields are the UTC fields of t, so the bytes do not depend on
 * the build machine's time zone.
 */
static time_t
zip_time(time_t t)
{
	struct tm	 tm;
	time_t		 l;

	if (gmtime_r(&t, &tm) == NULL)
		return t;
	tm.tm_isdst = -1;
	l = mktime(&tm);
	return l == (time_t)-1 ? t : l;
}

static void
lang_set(struct pkg *p)
{
	const char	*src = p->book->language;
	size_t		 i, n;

	if (src == NULL || *src == '\0')
		src = "und";
	p->lang = pkg_clean(src, "und");
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

static struct pkg_doc *
doc_add(struct pkg *p, enum pkg_kind kind, const char *id,
    const char *label)
{
	struct pkg_doc	*doc = &p->docs[p->ndocs++];
	struct buf	 href = BUF_INIT;

	doc->kind = kind;
	doc->id = xstrdup(id);
	buf_printf(&href, "text/%s.xhtml", id);
	doc->href = buf_detach(&href);
	doc->label = pkg_clean(label, p->words->untitled);
	buf_init(&doc->out);
	return doc;
}

/*
 * Lay out the book: cover, title page, then per chapter its opening
 * page (when it has a title) and its articles, numbered in reading
 * order. Chapters without articles are left out, so no list is empty.
 */
static int
plan(struct pkg *p, struct diag *d)
{
	const struct book	*b = p->book;
	const struct chapter	*ch;
	struct chapter		 all;
	struct pkg_doc		*doc, *cdoc;
	struct article		*a;
	char			 id[64];
	size_t			 i, j, nch, cnum = 0, anum = 0;

	lang_set(p);
	p->title = pkg_clean(b->title, p->words->untitled);
	snprintf(p->modified, sizeof(p->modified), "1970-01-01T00:00:00Z");
	pkg_date((int64_t)p->now, 1, p->modified, sizeof(p->modified));
	if (b->media != NULL)
		for (i = 0; i < b->media->n && p->cover == NULL; i++)
			if (b->media->v[i].cover)
				p->cover = &b->media->v[i];

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
		doc_add(p, PKG_COVER, "cover", p->words->cover);
	doc_add(p, PKG_TITLE, "title", p->title);
	for (i = 0; i < nch; i++) {
		ch = b->nchapters > 0 ? &b->chapters[i] : &all;
		if (ch->n == 0)
			continue;
		cnum++;
		cdoc = NULL;
		if (ch->title != NULL) {
			snprintf(id, sizeof(id), "c%03zu", cnum);
			cdoc = doc_add(p, PKG_CHAPTER, id, ch->title);
			cdoc->first = p->ndocs;
			cdoc->n = ch->n;
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
			doc = doc_add(p, PKG_ARTICLE, id, a->title);
			doc->article = a;
			p->narticles++;
		}
	}
	pkg_identifier(p);
	return 0;
}

static void
pkg_fini(struct pkg *p)
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
}

/*
 * Add one entry from a source (taken over by the archive, also on
 * failure) with a compression method, a fixed time and fixed
 * attributes: a source file's own mode must not reach the book.
 */
static int
add_entry(zip_t *za, const char *name, zip_source_t *src,
    zip_int32_t method, time_t mtime)
{
	zip_int64_t	 idx;

	if (src == NULL)
		return -1;
	if ((idx = zip_file_add(za, name, src, ZIP_FL_ENC_GUESS)) < 0) {
		zip_source_free(src);
		return -1;
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx, method, 0) < 0 ||
	    zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0) < 0 ||
	    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
	    ZIP_OPSYS_UNIX, (zip_uint32_t)(S_IFREG | 0644) << 16) < 0)
		return -1;
	return 0;
}

/* A regular file we can open, or -1 with an error naming it. */
static int
readable(const char *path, struct diag *d)
{
	struct stat	 st;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1)
		diag_error(d, path, 0, 0, "cannot read image: %s",
		    strerror(errno));
	else if (!S_ISREG(st.st_mode))
		diag_error(d, path, 0, 0, "cannot read image: not a file");
	else
		rc = 0;
	if (fd != -1)
		close(fd);
	return rc;
}

/*
 * A document already deflated into the spool: libzip copies the
 * bytes as they are, since the source says they are deflated and
 * gives their CRC and sizes.
 */
struct spooled {
	int		 fd;
	struct spool_ref ref;
	zip_uint64_t	 pos;
	zip_error_t	 err;
};

static zip_int64_t
spooled_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct spooled	*s = ud;
	zip_stat_t	*st;
	ssize_t		 n;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->pos = 0;
		return 0;
	case ZIP_SOURCE_READ:
		if (len > s->ref.comp_size - s->pos)
			len = s->ref.comp_size - s->pos;
		if (len == 0)
			return 0;
		if ((n = pread(s->fd, data, len,
		    (off_t)(s->ref.off + (int64_t)s->pos))) <= 0) {
			zip_error_set(&s->err, ZIP_ER_READ,
			    n == 0 ? EIO : errno);
			return -1;
		}
		s->pos += (zip_uint64_t)n;
		return n;
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT:
		if ((st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len,
		    &s->err)) == NULL)
			return -1;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
		    ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
		st->size = s->ref.size;
		st->comp_size = s->ref.comp_size;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = s->ref.crc;
		return sizeof(*st);
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->err, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&s->err);
		free(s);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&s->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

static int
add_spooled(zip_t *za, const char *name, const struct spool *sp,
    const struct spool_ref *ref, time_t mtime)
{
	struct spooled	*s;
	zip_source_t	*src;

	s = xcalloc(1, sizeof(*s));
	s->fd = spool_fd(sp);
	s->ref = *ref;
	zip_error_init(&s->err);
	if ((src = zip_source_function(za, spooled_cb, s)) == NULL) {
		free(s);
		return -1;
	}
	/* ZIP_CM_DEFAULT: keep the source's own (deflated) bytes. */
	return add_entry(za, name, src, ZIP_CM_DEFAULT, mtime);
}

static int
add_buf(zip_t *za, const char *name, const void *p, size_t n,
    zip_int32_t method, time_t mtime)
{
	return add_entry(za, name, zip_source_buffer(za, p, n, 0),
	    method, mtime);
}

/*
 * Add every entry in the order of DESIGN.md. The buffers stay owned
 * by p and the book, which outlive zip_close().
 */
static int
fill(zip_t *za, const struct pkg *p, const struct buf *container,
    const struct buf *opf, const struct buf *nav, const struct buf *ncx,
    const char *path, struct diag *d)
{
	const struct media	*m = p->book->media;
	const struct pkg_doc	*doc;
	const unsigned char	*css;
	struct buf		 name = BUF_INIT;
	size_t			 i, csslen;
	time_t			 mt = zip_time(p->now);
	int			 rc = -1;

	if ((css = asset_get("themes/default.css", &csslen)) == NULL) {
		diag_error(d, NULL, 0, 0, "theme default.css is missing");
		return -1;
	}
	if (add_buf(za, "mimetype", mimetype, sizeof(mimetype) - 1,
	    ZIP_CM_STORE, mt) == -1 ||
	    add_buf(za, "META-INF/container.xml", container->data,
	    container->len, ZIP_CM_DEFLATE, mt) == -1 ||
	    add_buf(za, "EPUB/package.opf", opf->data, opf->len,
	    ZIP_CM_DEFLATE, mt) == -1 ||
	    add_buf(za, "EPUB/nav.xhtml", nav->data, nav->len,
	    ZIP_CM_DEFLATE, mt) == -1 ||
	    add_buf(za, "EPUB/toc.ncx", ncx->data, ncx->len,
	    ZIP_CM_DEFLATE, mt) == -1 ||
	    add_buf(za, "EPUB/styles/sheaf.css", css, csslen,
	    ZIP_CM_DEFLATE, mt) == -1)
		goto zerr;
	for (i = 0; i < p->ndocs; i++) {
		doc = &p->docs[i];
		buf_reset(&name);
		buf_printf(&name, "EPUB/%s", doc->href);
		if (doc->kind == PKG_ARTICLE && doc->article->xhtml == NULL) {
			if (add_spooled(za, name.data, p->book->spool,
			    &doc->article->xref, mt) == -1)
				goto zerr;
		} else if (doc->kind == PKG_ARTICLE) {
			if (add_buf(za, name.data, doc->article->xhtml,
			    doc->article->xhtml_len, ZIP_CM_DEFLATE, mt) == -1)
				goto zerr;
		} else if (add_buf(za, name.data, doc->out.data, doc->out.len,
		    ZIP_CM_DEFLATE, mt) == -1)
			goto zerr;
	}
	/*
	 * Images are streamed from their files at zip_close(), stored;
	 * check each now, as zip_close() cannot say which one failed.
	 */
	for (i = 0; m != NULL && i < m->n; i++) {
		if (readable(m->v[i].path, d) == -1)
			goto out;
		buf_reset(&name);
		buf_printf(&name, "EPUB/%s", m->v[i].href);
		if (add_entry(za, name.data, zip_source_file(za,
		    m->v[i].path, 0, -1), ZIP_CM_STORE, mt) == -1) {
			diag_error(d, m->v[i].path, 0, 0, "cannot add image: "
			    "%s", zip_error_strerror(zip_get_error(za)));
			goto out;
		}
	}
	rc = 0;
	goto out;
zerr:
	diag_error(d, NULL, 0, 0, "cannot write %s: %s", path,
	    zip_error_strerror(zip_get_error(za)));
out:
	buf_fini(&name);
	return rc;
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
 * The zip is complete in tmp: give it the usual mode, sync it, rename
 * it onto path and sync the folder so the rename survives a crash.
 */
static int
commit(const char *tmp, const char *path, size_t *size, struct diag *d)
{
	struct stat	 st;
	mode_t		 mask;
	char		*dir;
	int		 fd, dfd;

	if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) == -1)
		goto fail;
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
	dir = dir_of(path);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (fsync(dfd) == -1 && errno != EINVAL))
		diag_warn(d, dir, 0, 0, "cannot sync folder: %s",
		    strerror(errno));
	if (dfd != -1)
		close(dfd);
	free(dir);
	return 0;
fail:
	diag_error(d, NULL, 0, 0, "cannot write %s: %s", path,
	    strerror(errno));
	return -1;
}

int
package_write(const struct book *b, const struct config *cfg,
    const char *path, struct diag *d, size_t *size)
{
	struct pkg	 p;
	struct buf	 container = BUF_INIT, opf = BUF_INIT,
			 nav = BUF_INIT, ncx = BUF_INIT, tmpname = BUF_INIT;
	struct stat	 st;
	xmlDocPtr	 doc;
	zip_error_t	 ze;
	zip_t		*za = NULL;
	char		*tmp = NULL;
	int		 fd, zerr, rc = -1;

	memset(&p, 0, sizeof(p));
	p.book = b;
	p.cfg = cfg;
	*size = 0;

	/* Fail early, before any work, when path cannot be written. */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_error(d, NULL, 0, 0, "cannot write %s: %s", path,
		    strerror(EISDIR));
		goto out;
	}
	buf_printf(&tmpname, "%s.XXXXXX", path);
	tmp = buf_detach(&tmpname);
	if ((fd = mkstemp(tmp)) == -1) {
		diag_error(d, NULL, 0, 0, "cannot write %s: %s", path,
		    strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	close(fd);

	p.now = build_time(d);
	if (plan(&p, d) == -1 || pkg_pages(&p, d) == -1)
		goto out;
	pkg_toc_build(&p);
	if (pkg_nav(&p, &nav, d) == -1 || pkg_ncx(&p, &ncx, d) == -1 ||
	    pkg_opf(&p, &opf, d) == -1)
		goto out;
	if ((doc = template_load("container.xml", NULL, 0)) == NULL) {
		diag_error(d, NULL, 0, 0, "template container.xml is broken");
		goto out;
	}
	template_serialize(doc, &container);
	xmlFreeDoc(doc);

	/*
	 * libzip writes tmp.XXXXXX and renames it onto tmp at
	 * zip_close(); the target itself is never opened.
	 */
	if ((za = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr)) == NULL) {
		zip_error_init_with_code(&ze, zerr);
		diag_error(d, NULL, 0, 0, "cannot write %s: %s", path,
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	if (fill(za, &p, &container, &opf, &nav, &ncx, path, d) == -1)
		goto out;
	if (zip_close(za) == -1) {
		diag_error(d, NULL, 0, 0, "cannot write %s: %s", path,
		    zip_error_strerror(zip_get_error(za)));
		goto out;
	}
	za = NULL;
	if (commit(tmp, path, size, d) == -1)
		goto out;
	rc = 0;
out:
	if (za != NULL)
		zip_discard(za);
	if (rc == -1 && tmp != NULL)
		unlink(tmp);
	free(tmp);
	buf_fini(&container);
	buf_fini(&opf);
	buf_fini(&nav);
	buf_fini(&ncx);
	pkg_fini(&p);
	return rc;
}
