/*
 * Unit tests of the package stage: a book built by hand (three
 * chapters, one untitled; a cover and an image; a title with & and <)
 * is written and read back with libzip: the layout, the mimetype
 * entry's bytes, the OPF, nav and NCX agreeing, reproducible bytes,
 * and atomic output. epubcheck checks the book when it is installed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "harness.h"

#include "book.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "media.h"
#include "package.h"
#include "xalloc.h"
#include "dot_png.h"

#define EPUBCHECK	"/usr/share/java/epubcheck.jar"
#define SDE		"1648491540"	/* 2022-03-28T18:19:00Z */

static const unsigned char cover_png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
	0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04,
	0x08, 0x02, 0x00, 0x00, 0x00, 0xc4, 0x4f, 0x12, 0x50, 0x00, 0x00, 0x00,
	0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x10, 0xb1, 0x59, 0x00,
	0x41, 0x0c, 0x78, 0x59, 0x00, 0xda, 0x98, 0x0b, 0x41, 0x9b, 0xd0, 0x48,
	0xa9, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
	0x82
};

static const char *const layout[] = {
	"mimetype",
	"META-INF/container.xml",
	"EPUB/package.opf",
	"EPUB/nav.xhtml",
	"EPUB/toc.ncx",
	"EPUB/styles/sheaf.css",
	"EPUB/text/cover.xhtml",
	"EPUB/text/title.xhtml",
	"EPUB/text/c001.xhtml",
	"EPUB/text/c001-a0001.xhtml",
	"EPUB/text/c001-a0002.xhtml",
	"EPUB/text/c002.xhtml",
	"EPUB/text/c002-a0003.xhtml",
	"EPUB/text/c003-a0004.xhtml",
	"EPUB/images/c0ffee01.png",
	"EPUB/images/d0d0d0d0.png",
};

static char	 tmpdir[] = "/tmp/test_package.XXXXXX";

static void	 test_epubcheck(const char *);

static void
write_bytes(const char *path, const void *p, size_t n)
{
	FILE	*f = fopen(path, "wb");

	OK(f != NULL && fwrite(p, 1, n, f) == n && fclose(f) == 0,
	    "cannot write %s", path);
}

static char *
path_in(const char *name)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%s/%s", tmpdir, name);
	return buf_detach(&b);
}

/* A minimal valid content document; title is already escaped. */
static char *
article_xhtml(const char *title, const char *body)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!DOCTYPE html>\n"
	    "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
	    "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"en\" "
	    "xml:lang=\"en\">\n<head>\n<title>%s</title>\n"
	    "<link rel=\"stylesheet\" type=\"text/css\" "
	    "href=\"../styles/sheaf.css\"/>\n</head>\n<body>\n"
	    "<section epub:type=\"chapter\">\n<h1>%s</h1>\n"
	    "<div class=\"article-body\">%s</div>\n</section>\n"
	    "</body>\n</html>\n", title, title, body);
	return buf_detach(&b);
}

static struct article *
article(struct book *b, const char *title, const char *xtitle,
    int64_t date, const char *body)
{
	struct article	*a = xcalloc(1, sizeof(*a));

	a->path = xstrdup(title);
	a->title = xstrdup(title);
	a->date = date;
	a->has_date = date != 0;
	a->xhtml = article_xhtml(xtitle, body);
	a->xhtml_len = strlen(a->xhtml);
	b->articles = xreallocarray(b->articles, b->narticles + 1,
	    sizeof(*b->articles));
	b->articles[b->narticles++] = a;
	return a;
}

static void
chapter(struct book *b, const char *title, size_t first, size_t n)
{
	struct chapter	*c;
	size_t		 i;

	b->chapters = xreallocarray(b->chapters, b->nchapters + 1,
	    sizeof(*b->chapters));
	c = &b->chapters[b->nchapters++];
	c->title = title != NULL ? xstrdup(title) : NULL;
	c->articles = xcalloc(n, sizeof(*c->articles));
	for (i = 0; i < n; i++)
		c->articles[i] = b->articles[first + i];
	c->n = n;
}

static void
resource(struct media *m, const char *hash, const char *file,
    const unsigned char *bytes, size_t size, int cover)
{
	struct resource	*r;
	struct buf	 b = BUF_INIT;

	m->v = xreallocarray(m->v, m->n + 1, sizeof(*m->v));
	r = &m->v[m->n++];
	memset(r, 0, sizeof(*r));
	buf_printf(&b, "img-%s", hash);
	r->id = buf_detach(&b);
	buf_printf(&b, "images/%s.png", hash);
	r->href = buf_detach(&b);
	r->media_type = xstrdup("image/png");
	r->path = path_in(file);
	r->data = xmalloc(size);
	memcpy(r->data, bytes, size);
	r->size = size;
	r->cover = cover;
}

static struct book *
make_book(void)
{
	struct book	*b = book_new();

	b->title = xstrdup("Tom & Jerry <Notes> \xe2\x80\x8f\x01");
	b->subtitle = xstrdup("Cats, mice & dogs");
	b->language = xstrdup("en");
	strlist_add(&b->creators, "Ann & Bob");
	strlist_add(&b->subjects, "Cats & Mice");
	strlist_add(&b->subjects, "Dogs");
	b->description = xstrdup("A <small> test book.");

	article(b, "Mice & Men", "Mice &amp; Men", 1600000000,
	    "<p>First <em>one</em>.</p>");
	article(b, "A dot", "A dot", 1610000000,
	    "<p><img src=\"../images/d0d0d0d0.png\" alt=\"a red dot\"/></p>");
	article(b, "Dog days", "Dog days", 1620000000, "<p>Woof.</p>");
	article(b, "Loose <leaf>", "Loose &lt;leaf&gt;", 0, "<p>Alone.</p>");
	chapter(b, "Cats & Mice", 0, 2);
	chapter(b, "Dogs", 2, 1);
	chapter(b, NULL, 3, 1);

	b->media = media_new();
	resource(b->media, "c0ffee01", "cover.png", cover_png,
	    sizeof(cover_png), 1);
	resource(b->media, "d0d0d0d0", "dot.png", dot_png, sizeof(dot_png), 0);
	return b;
}

/* The whole of a file, or NULL. */
static char *
slurp(const char *path, size_t *len)
{
	struct buf	 b = BUF_INIT;

	if (read_file(path, (size_t)1 << 30, &b) == -1) {
		buf_fini(&b);
		return NULL;
	}
	*len = b.len;
	return buf_detach(&b);
}

/* One entry of an open archive as a NUL-terminated string. */
static char *
entry(zip_t *za, const char *name)
{
	zip_stat_t	 st;
	zip_file_t	*zf;
	char		*p;

	if (zip_stat(za, name, 0, &st) == -1 ||
	    (zf = zip_fopen(za, name, 0)) == NULL)
		return NULL;
	p = xmalloc(st.size + 1);
	if (zip_fread(zf, p, st.size) != (zip_int64_t)st.size) {
		free(p);
		p = NULL;
	} else
		p[st.size] = '\0';
	zip_fclose(zf);
	return p;
}

static int
write_book(const struct book *b, const char *path, size_t *size,
    struct diag *d)
{
	struct config	 cfg;

	memset(&cfg, 0, sizeof(cfg));
	return package_write(b, &cfg, path, NULL, NULL, d, size);
}

static void
test_layout(const char *path, size_t size)
{
	struct stat	 st;
	zip_t		*za;
	zip_stat_t	 zs;
	unsigned char	 head[64];
	const char	*name;
	size_t		 i, n = sizeof(layout) / sizeof(layout[0]);
	mode_t		 mask;
	int		 fd, err;
	unsigned	 dtime, ddate;

	OK(stat(path, &st) == 0, "book %s missing", path);
	EQ_INT(st.st_size, size, "size reported");
	mask = umask(0);
	umask(mask);
	EQ_INT(st.st_mode & 0777, 0666 & ~mask, "mode of the book");

	/* The local header of the first entry, byte by byte. */
	fd = open(path, O_RDONLY);
	OK(fd != -1 && read(fd, head, sizeof(head)) == sizeof(head),
	    "read head");
	close(fd);
	OK(memcmp(head, "PK\3\4", 4) == 0, "local header signature");
	EQ_INT(head[8] | head[9] << 8, 0, "mimetype stored");
	EQ_INT(head[18] | head[19] << 8 | head[20] << 16 | head[21] << 24,
	    20, "mimetype compressed size");
	EQ_INT(head[26] | head[27] << 8, 8, "mimetype name length");
	EQ_INT(head[28] | head[29] << 8, 0, "mimetype extra field length");
	OK(memcmp(head + 30, "mimetypeapplication/epub+zip", 28) == 0,
	    "mimetype name and bytes");
	/* 2022-03-28 18:19:00, as DOS time and date in UTC fields. */
	dtime = head[10] | head[11] << 8;
	ddate = head[12] | head[13] << 8;
	EQ_INT(dtime, (18 << 11) | (19 << 5), "entry time from SDE");
	EQ_INT(ddate, ((2022 - 1980) << 9) | (3 << 5) | 28,
	    "entry date from SDE");

	za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	OK(za != NULL, "zip_open %s: %d", path, err);
	if (za == NULL)
		return;
	EQ_INT(zip_get_num_entries(za, 0), n, "number of entries");
	for (i = 0; i < n && i < (size_t)zip_get_num_entries(za, 0); i++) {
		name = zip_get_name(za, i, 0);
		EQ_STR(name, layout[i], "entry order");
		OK(zip_stat_index(za, i, 0, &zs) == 0, "stat %zu", i);
		if (i == 0 || strncmp(layout[i], "EPUB/images/", 12) == 0)
			EQ_INT(zs.comp_method, ZIP_CM_STORE, layout[i]);
		else
			EQ_INT(zs.comp_method, ZIP_CM_DEFLATE, layout[i]);
	}
	{
		zip_uint8_t	 os = 0;
		zip_uint32_t	 attr = 0;

		OK(zip_file_get_external_attributes(za, n - 1, 0, &os,
		    &attr) == 0, "external attributes");
		EQ_INT(os, ZIP_OPSYS_UNIX, "image entry: Unix attributes");
		EQ_INT(attr >> 16, S_IFREG | 0644, "image entry: mode");
	}
	EQ_INT(zip_file_extra_fields_count(za, 0, ZIP_FL_CENTRAL), 0,
	    "mimetype central extra fields");
	EQ_INT(zip_file_extra_fields_count(za, 0, ZIP_FL_LOCAL), 0,
	    "mimetype local extra fields");
	zip_close(za);
}

/* The text of every node an XPath expression selects, joined by \n. */
static char *
xpath_list(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr	 ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr	 o;
	struct buf		 b = BUF_INIT;
	xmlChar			*s;
	int			 i;

	xmlXPathRegisterNs(ctx, (const xmlChar *)"h",
	    (const xmlChar *)"http://www.w3.org/1999/xhtml");
	xmlXPathRegisterNs(ctx, (const xmlChar *)"epub",
	    (const xmlChar *)"http://www.idpf.org/2007/ops");
	xmlXPathRegisterNs(ctx, (const xmlChar *)"n",
	    (const xmlChar *)"http://www.daisy.org/z3986/2005/ncx/");
	xmlXPathRegisterNs(ctx, (const xmlChar *)"opf",
	    (const xmlChar *)"http://www.idpf.org/2007/opf");
	xmlXPathRegisterNs(ctx, (const xmlChar *)"dc",
	    (const xmlChar *)"http://purl.org/dc/elements/1.1/");
	o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	for (i = 0; o != NULL && o->nodesetval != NULL &&
	    i < o->nodesetval->nodeNr; i++) {
		s = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
		buf_printf(&b, "%s\n", (const char *)s);
		xmlFree(s);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return buf_detach(&b);
}

static xmlDocPtr
parse(const char *s, const char *name)
{
	xmlDocPtr	 doc = NULL;

	if (s != NULL)
		doc = xmlReadMemory(s, (int)strlen(s), name, "UTF-8",
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	OK(doc != NULL, "%s is not well-formed XML", name);
	return doc;
}

/* The OPF's identifier, which the caller frees. */
static char *
test_documents(const char *path, const char *modified)
{
	zip_t		*za;
	char		*opf, *nav, *ncx, *title, *c1, *c3, *s, *t, *id = NULL;
	xmlDocPtr	 dopf, dnav, dncx;
	int		 err;

	if ((za = zip_open(path, ZIP_RDONLY, &err)) == NULL) {
		OK(0, "zip_open %s", path);
		return NULL;
	}
	opf = entry(za, "EPUB/package.opf");
	nav = entry(za, "EPUB/nav.xhtml");
	ncx = entry(za, "EPUB/toc.ncx");
	title = entry(za, "EPUB/text/title.xhtml");
	c1 = entry(za, "EPUB/text/c001.xhtml");
	c3 = entry(za, "EPUB/text/c003.xhtml");
	zip_close(za);
	OK(c3 == NULL, "no opening page for the untitled chapter");

	/* Escaped by the serializer; the control byte is gone. */
	CONTAINS(opf, "<dc:title id=\"book-title\">Tom &amp; Jerry &lt;Notes&gt; "
	    "\xe2\x80\x8f</dc:title>", "escaped title");
	CONTAINS(opf, "<dc:creator id=\"creator1\">Ann &amp; Bob</dc:creator>",
	    "creator");
	CONTAINS(opf, "<dc:subject>Cats &amp; Mice</dc:subject>", "subject");
	CONTAINS(opf, "<dc:language>en</dc:language>", "language");
	CONTAINS(opf, "<dc:description>A &lt;small&gt; test book.",
	    "description");
	CONTAINS(opf, "<meta refines=\"#book-subtitle\" property=\"title-type\">"
	    "subtitle</meta>", "subtitle");
	CONTAINS(opf, modified, "dcterms:modified");
	CONTAINS(opf, "properties=\"cover-image\"", "cover-image");
	CONTAINS(opf, "<meta name=\"cover\" content=\"img-c0ffee01\"/>",
	    "Kindle cover meta");
	CONTAINS(opf, "media-type=\"application/x-dtbncx+xml\"", "ncx item");
	CONTAINS(opf, "properties=\"nav\"", "nav item");
	CONTAINS(opf, "<spine toc=\"ncx\">", "spine toc");
	LACKS(opf, "data-slot", "slot marks removed");
	LACKS(opf, "\x01", "control byte");

	dopf = parse(opf, "package.opf");
	dnav = parse(nav, "nav.xhtml");
	dncx = parse(ncx, "toc.ncx");
	if (dopf != NULL && dnav != NULL && dncx != NULL) {
		s = xpath_list(dopf, "//opf:spine/opf:itemref/@idref");
		EQ_STR(s, "cover\ntitle\nnav\nc001\nc001-a0001\nc001-a0002\n"
		    "c002\nc002-a0003\nc003-a0004\n", "spine order");
		free(s);
		s = xpath_list(dopf, "//opf:itemref[@idref='cover']/@linear");
		EQ_STR(s, "yes\n", "cover linear");
		free(s);
		id = xpath_list(dopf, "//dc:identifier");
		if (*id != '\0')
			id[strlen(id) - 1] = '\0';
		s = xpath_list(dncx, "//n:meta[@name='dtb:uid']/@content");
		t = xpath_list(dopf, "//dc:identifier");
		EQ_STR(s, t, "dtb:uid is the OPF identifier");
		free(s);
		free(t);
		s = xpath_list(dncx, "//n:meta[@name='dtb:depth']/@content");
		EQ_STR(s, "2\n", "NCX depth");
		free(s);

		/* nav and NCX: the same labels and targets, in order. */
		s = xpath_list(dnav, "//h:nav[@epub:type='toc']//h:a");
		t = xpath_list(dncx, "//n:navPoint/n:navLabel/n:text");
		EQ_STR(s, t, "nav and NCX labels");
		EQ_STR(s, "Cats & Mice\nMice & Men\nA dot\nDogs\nDog days\n"
		    "Loose <leaf>\n", "toc labels");
		free(s);
		free(t);
		s = xpath_list(dnav, "//h:nav[@epub:type='toc']//h:a/@href");
		t = xpath_list(dncx, "//n:navPoint/n:content/@src");
		EQ_STR(s, t, "nav and NCX targets");
		EQ_STR(s, "text/c001.xhtml\ntext/c001-a0001.xhtml\n"
		    "text/c001-a0002.xhtml\ntext/c002.xhtml\n"
		    "text/c002-a0003.xhtml\ntext/c003-a0004.xhtml\n",
		    "toc targets");
		free(s);
		free(t);
		/* The untitled chapter's article is a top-level entry. */
		s = xpath_list(dnav, "//h:nav[@epub:type='toc']/h:ol/h:li/h:a");
		EQ_STR(s, "Cats & Mice\nDogs\nLoose <leaf>\n", "top level");
		free(s);
		s = xpath_list(dncx, "/n:ncx/n:navMap/n:navPoint/@playOrder");
		EQ_STR(s, "1\n4\n6\n", "playOrder of top level");
		free(s);
		s = xpath_list(dnav, "//h:ol[not(h:li)]");
		EQ_STR(s, "", "no empty ol");
		free(s);
		s = xpath_list(dnav, "//h:nav[@epub:type='landmarks']"
		    "//h:a/@epub:type");
		EQ_STR(s, "cover\ntitlepage\ntoc\nbodymatter\n", "landmarks");
		free(s);
		s = xpath_list(dnav, "/h:html/@xml:lang");
		EQ_STR(s, "en\n", "nav xml:lang");
		free(s);
	}
	xmlFreeDoc(dopf);
	xmlFreeDoc(dnav);
	xmlFreeDoc(dncx);

	CONTAINS(title, "<h1 class=\"book-title\">Tom &amp; Jerry &lt;Notes&gt;",
	    "title page title");
	CONTAINS(title, "Ann &amp; Bob", "title page creators");
	CONTAINS(title, "2020-09-13 – 2021-05-03", "title page dates");
	CONTAINS(title, "2 chapters · 4 articles", "title page counts");
	CONTAINS(title, "xml:lang=\"en\"", "title page xml:lang");
	CONTAINS(title, "<!DOCTYPE html>", "title page doctype");
	CONTAINS(title, "href=\"../styles/sheaf.css\"", "title page css");
	CONTAINS(c1, "<h1 class=\"chapter-title\">Cats &amp; Mice</h1>",
	    "chapter title");
	CONTAINS(c1, "<a href=\"c001-a0001.xhtml\">Mice &amp; Men</a> "
	    "<time class=\"date\" datetime=\"2020-09-13\">2020-09-13</time>",
	    "chapter list");
	CONTAINS(c1, "<a href=\"c001-a0002.xhtml\">A dot</a>", "chapter list");
	LACKS(c1, "Dog days", "chapter list holds its own articles");
	free(opf);
	free(nav);
	free(ncx);
	free(title);
	free(c1);
	return id;
}

static int
same_file(const char *a, const char *b)
{
	char	*pa, *pb;
	size_t	 na = 0, nb = 0;
	int	 same;

	pa = slurp(a, &na);
	pb = slurp(b, &nb);
	same = pa != NULL && pb != NULL && na == nb && memcmp(pa, pb, na) == 0;
	free(pa);
	free(pb);
	return same;
}

/* Nothing named like a temporary of book.epub is left in dir. */
static int
no_temp(const char *dir)
{
	DIR		*dp;
	struct dirent	*de;
	int		 found = 0;

	if ((dp = opendir(dir)) == NULL)
		return 1;
	while ((de = readdir(dp)) != NULL)
		if (strstr(de->d_name, ".epub.") != NULL)
			found = 1;
	closedir(dp);
	return !found;
}

/* An error whose file or text holds text; shown with VERBOSE set. */
static int
has_error(const struct diag *d, const char *text)
{
	const struct diag_msg	*m;
	size_t			 i;
	int			 found = 0;

	for (i = 0; i < d->n; i++) {
		m = &d->msgs[i];
		if (getenv("VERBOSE") != NULL)
			printf("# %s: %s\n", m->file ? m->file : "-", m->text);
		if (m->level == DIAG_ERROR && (strstr(m->text, text) != NULL ||
		    (m->file != NULL && strstr(m->file, text) != NULL)))
			found = 1;
	}
	return found;
}

static void
test_atomic(struct book *b)
{
	struct diag	 d;
	char		*ro, *target, *missing;
	size_t		 size = 0;
	int		 rc;

	target = path_in("old.epub");
	write_bytes(target, "old book", 8);

	/* zip_close() fails: EFBIG, the way ENOSPC would. */
	{
		struct rlimit	 old, small;
		size_t		 n = 0;
		char		*p;

		getrlimit(RLIMIT_FSIZE, &old);
		small = old;
		small.rlim_cur = 2048;
		signal(SIGXFSZ, SIG_IGN);
		diag_init(&d);
		OK(setrlimit(RLIMIT_FSIZE, &small) == 0, "setrlimit");
		rc = write_book(b, target, &size, &d);
		setrlimit(RLIMIT_FSIZE, &old);
		EQ_INT(rc, -1, "file too large fails");
		OK(has_error(&d, "cannot write") &&
		    has_error(&d, "too large"), "file too large: error");
		p = slurp(target, &n);
		OK(p != NULL && n == 8 && memcmp(p, "old book", 8) == 0,
		    "old book untouched after a failed zip_close");
		free(p);
		OK(no_temp(tmpdir), "no temporary file after zip_close fails");
		diag_fini(&d);
	}

	/* A missing folder. */
	diag_init(&d);
	missing = path_in("nope/book.epub");
	EQ_INT(write_book(b, missing, &size, &d), -1, "missing folder");
	OK(has_error(&d, "cannot write") && has_error(&d, "nope/book.epub") &&
	    has_error(&d, "No such file"), "missing folder: error names it");
	diag_fini(&d);
	free(missing);

	/* -o a directory. */
	diag_init(&d);
	EQ_INT(write_book(b, tmpdir, &size, &d), -1, "a directory");
	OK(has_error(&d, "Is a directory"), "a directory: error");
	diag_fini(&d);

	/* A read-only folder (root writes anyway: skip). */
	ro = path_in("ro");
	mkdir(ro, 0755);
	free(target);
	target = path_in("ro/book.epub");
	write_bytes(target, "old book", 8);
	chmod(ro, 0555);
	if (geteuid() != 0) {
		diag_init(&d);
		EQ_INT(write_book(b, target, &size, &d), -1, "read-only");
		OK(has_error(&d, "Permission denied"), "read-only: error");
		OK(no_temp(ro), "read-only: no temporary file");
		diag_fini(&d);
	} else
		printf("# running as root: read-only folder test skipped\n");
	{
		size_t	 n = 0;
		char	*p = slurp(target, &n);

		OK(p != NULL && n == 8, "read-only: old book untouched");
		free(p);
	}
	chmod(ro, 0755);
	unlink(target);
	rmdir(ro);
	free(ro);
	free(target);
	target = path_in("old.epub");
	unlink(target);
	free(target);
}

/* group-by none, no cover, no images, a language with an underscore. */
static void
test_flat(void)
{
	struct book	*b = book_new();
	struct diag	 d;
	zip_t		*za;
	xmlDocPtr	 nav = NULL, ncx = NULL;
	char		*path, *s, *t, *title = NULL;
	size_t		 size;
	int		 err;

	b->title = xstrdup("");
	b->language = xstrdup("zh_CN");
	article(b, "甲", "甲", 1600000000, "<p>一。</p>");
	article(b, "乙", "乙", 1600000000, "<p>二。</p>");
	chapter(b, NULL, 0, 2);
	path = path_in("flat.epub");
	diag_init(&d);
	EQ_INT(write_book(b, path, &size, &d), 0, "flat book");
	diag_fini(&d);
	if ((za = zip_open(path, ZIP_RDONLY, &err)) != NULL) {
		EQ_INT(zip_get_num_entries(za, 0), 9, "flat book entries");
		EQ_STR(zip_get_name(za, 6, 0), "EPUB/text/title.xhtml",
		    "flat: no cover");
		EQ_STR(zip_get_name(za, 7, 0), "EPUB/text/c001-a0001.xhtml",
		    "flat: first article");
		EQ_STR(zip_get_name(za, 8, 0), "EPUB/text/c001-a0002.xhtml",
		    "flat: second article");
		s = entry(za, "EPUB/nav.xhtml");
		nav = parse(s, "flat nav.xhtml");
		free(s);
		s = entry(za, "EPUB/toc.ncx");
		ncx = parse(s, "flat toc.ncx");
		free(s);
		title = entry(za, "EPUB/text/title.xhtml");
		zip_close(za);
	}
	if (nav != NULL && ncx != NULL) {
		s = xpath_list(nav, "//h:nav[@epub:type='toc']/h:ol/h:li/h:a");
		EQ_STR(s, "甲\n乙\n", "flat: top-level articles");
		t = xpath_list(ncx, "/n:ncx/n:navMap/n:navPoint/n:navLabel/n:text");
		EQ_STR(s, t, "flat: NCX agrees");
		free(s);
		free(t);
		s = xpath_list(nav, "//h:ol//h:ol");
		EQ_STR(s, "", "flat: no nested list");
		free(s);
		s = xpath_list(ncx, "//n:meta[@name='dtb:depth']/@content");
		EQ_STR(s, "1\n", "flat: NCX depth");
		free(s);
		s = xpath_list(nav, "//h:nav[@epub:type='landmarks']//h:a/@href");
		EQ_STR(s, "text/title.xhtml\nnav.xhtml#toc\n"
		    "text/c001-a0001.xhtml\n", "flat: landmarks");
		free(s);
		s = xpath_list(nav, "/h:html/@lang");
		EQ_STR(s, "zh-CN\n", "flat: language normalised");
		free(s);
		s = xpath_list(ncx, "//n:docTitle");
		OK(strstr(s, "无题") != NULL, "flat: empty title replaced");
		free(s);
	}
	CONTAINS(title, "<p class=\"book-contents\">2 篇</p>", "flat: counts");
	CONTAINS(title, "<p class=\"book-dates\">2020-09-13</p>",
	    "flat: one day");
	LACKS(title, "book-subtitle", "flat: optional lines dropped");
	free(title);
	xmlFreeDoc(nav);
	xmlFreeDoc(ncx);
	test_epubcheck(path);
	if (getenv("KEEP") == NULL)
		unlink(path);
	free(path);
	book_free(b);
}

/* A bad SOURCE_DATE_EPOCH is a warning, and the build goes on. */
static void
test_bad_epoch(struct book *b)
{
	struct diag	 d;
	char		*path = path_in("epoch.epub");
	size_t		 size;

	setenv("SOURCE_DATE_EPOCH", "12abc", 1);
	diag_init(&d);
	EQ_INT(write_book(b, path, &size, &d), 0, "bad epoch: written");
	EQ_INT(d.nwarn, 1, "bad epoch: one warning");
	EQ_INT(d.nerr, 0, "bad epoch: no error");
	diag_fini(&d);
	unlink(path);
	free(path);
}

static void
test_epubcheck(const char *path)
{
	struct buf	 cmd = BUF_INIT;
	char		*log, *out;
	size_t		 n;
	int		 rc;

	if (access(EPUBCHECK, R_OK) != 0 ||
	    system("java -version >/dev/null 2>&1") != 0) {
		printf("# epubcheck or java missing: skipped\n");
		return;
	}
	log = path_in("epubcheck.log");
	buf_printf(&cmd, "java -jar %s --failonwarnings '%s' >'%s' 2>&1",
	    EPUBCHECK, path, log);
	rc = system(cmd.data);
	OK(rc == 0, "epubcheck failed on %s", path);
	if (rc != 0 && (out = slurp(log, &n)) != NULL) {
		fputs(out, stdout);
		free(out);
	}
	buf_fini(&cmd);
	unlink(log);
	free(log);
}

/*
 * Documents deflated into the spool, as convert leaves them: they read
 * back whole, a damaged one is refused, and the book has the same
 * documents and identifier as from memory.
 */
static void
test_spooled(struct book *b, const char *id)
{
	struct diag	 d;
	struct buf	 back = BUF_INIT;
	struct spool_ref bad;
	char		*p = path_in("spooled.epub"), *id2, **keep;
	size_t		 i, size = 0;
	int		 good = 1;

	if ((b->spool = spool_new()) == NULL) {
		OK(0, "spool made: %s", strerror(errno));
		free(p);
		return;
	}
	keep = xcalloc(b->narticles, sizeof(*keep));
	for (i = 0; i < b->narticles; i++) {
		struct article	*a = b->articles[i];

		buf_reset(&back);
		if (spool_put(b->spool, a->xhtml, a->xhtml_len, &a->xref) == -1 ||
		    spool_get(b->spool, &a->xref, &back) == -1 ||
		    back.len != a->xhtml_len ||
		    memcmp(back.data, a->xhtml, back.len) != 0)
			good = 0;
		keep[i] = a->xhtml;
		a->xhtml = NULL;
	}
	OK(good, "documents read back from the spool");
	bad = b->articles[0]->xref;
	bad.crc ^= 1;
	buf_reset(&back);
	EQ_INT(spool_get(b->spool, &bad, &back), -1, "damaged document refused");
	diag_init(&d);
	EQ_INT(write_book(b, p, &size, &d), 0, "write the spooled book");
	diag_fini(&d);
	id2 = test_documents(p, "dcterms:modified");
	EQ_STR(id2, id, "spooled: same identifier");
	for (i = 0; i < b->narticles; i++) {
		b->articles[i]->xhtml = keep[i];
		memset(&b->articles[i]->xref, 0, sizeof(b->articles[i]->xref));
	}
	spool_free(b->spool);
	b->spool = NULL;
	if (getenv("KEEP") == NULL)
		unlink(p);
	free(keep);
	free(id2);
	free(p);
	buf_fini(&back);
}

int
main(void)
{
	struct book	*b;
	struct diag	 d;
	struct utimbuf	 ut = { 1000000000, 1000000000 };
	char		*p1, *p2, *p3, *png, *id1, *id2, *id3;
	size_t		 size = 0, size2 = 0;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	png = path_in("dot.png");
	write_bytes(png, dot_png, sizeof(dot_png));
	free(png);
	png = path_in("cover.png");
	write_bytes(png, cover_png, sizeof(cover_png));

	b = make_book();
	p1 = path_in("book.epub");
	p2 = path_in("book2.epub");
	p3 = path_in("book3.epub");

	setenv("SOURCE_DATE_EPOCH", SDE, 1);
	diag_init(&d);
	EQ_INT(write_book(b, p1, &size, &d), 0, "write the book");
	EQ_INT(d.n, 0, "no messages");
	diag_fini(&d);
	test_layout(p1, size);
	id1 = test_documents(p1, "<meta property=\"dcterms:modified\">"
	    "2022-03-28T18:19:00Z</meta>");
	OK(id1 != NULL && strncmp(id1, "urn:uuid:", 9) == 0 &&
	    strlen(id1) == 45 && id1[9 + 14] == '5', "UUID v5 identifier");

	/* Same book, another image mtime and time zone: same bytes. */
	utime(png, &ut);
	chmod(png, 0600);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	diag_init(&d);
	EQ_INT(write_book(b, p2, &size2, &d), 0, "write the book again");
	diag_fini(&d);
	OK(same_file(p1, p2), "two builds with SOURCE_DATE_EPOCH are "
	    "byte-identical");
	unsetenv("TZ");
	tzset();

	/* Another build time: another dcterms:modified, same identifier. */
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	diag_init(&d);
	EQ_INT(write_book(b, p3, &size2, &d), 0, "write at another time");
	diag_fini(&d);
	id3 = test_documents(p3, "<meta property=\"dcterms:modified\">"
	    "2023-11-14T22:13:20Z</meta>");
	EQ_STR(id3, id1, "identifier stable across builds");

	/* Overwrite an existing book in place. */
	diag_init(&d);
	EQ_INT(write_book(b, p3, &size2, &d), 0, "overwrite a book");
	diag_fini(&d);
	OK(no_temp(tmpdir), "no temporary file after success");

	/* A named identifier is used as it is. */
	b->identifier = xstrdup("urn:isbn:9780000000002");
	diag_init(&d);
	EQ_INT(write_book(b, p2, &size2, &d), 0, "write with identifier");
	diag_fini(&d);
	id2 = test_documents(p2, "dcterms:modified");
	EQ_STR(id2, "urn:isbn:9780000000002", "named identifier");
	free(b->identifier);
	b->identifier = NULL;

	test_spooled(b, id1);
	test_atomic(b);
	test_bad_epoch(b);
	setenv("SOURCE_DATE_EPOCH", SDE, 1);
	test_epubcheck(p1);
	test_flat();

	if (getenv("KEEP") != NULL)
		printf("# kept %s\n", tmpdir);
	else {
		unlink(p1);
		unlink(p2);
		unlink(p3);
		unlink(png);
		free(png);
		png = path_in("dot.png");
		unlink(png);
		rmdir(tmpdir);
	}
	free(png);
	free(p1);
	free(p2);
	free(p3);
	free(id1);
	free(id2);
	free(id3);
	book_free(b);
	xmlCleanupParser();
	return DONE();
}
