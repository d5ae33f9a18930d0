/*
 * Stage 2, convert: each article's body becomes one EPUB 3 XHTML
 * content document. The text is repaired to valid UTF-8, Markdown is
 * rendered to HTML by md4c, the HTML is parsed into a libxml2 tree,
 * sanitized (convert_sanitize.c), and copied into the article
 * template with its title and byline. Images are resolved here: local
 * ones go into the book's media table, remote ones become links.
 */
#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "convert.h"
#include "convert_int.h"
#include "diag.h"
#include "media.h"
#include "spool.h"
#include "template.h"
#include "text.h"
#include "xalloc.h"

static const struct conv_words words_zh = {
	"图片", "视频", "音频", "嵌入内容"
};
static const struct conv_words words_ja = {
	"画像", "動画", "音声", "埋め込みコンテンツ"
};
static const struct conv_words words_en = {
	"Image", "Video", "Audio", "Embedded content"
};

static int
lang_is(const char *lang, const char *prefix)
{
	size_t	 n = strlen(prefix);

	return strncmp(lang, prefix, n) == 0 &&
	    (lang[n] == '\0' || lang[n] == '-');
}

int
conv_line(const struct conv *c, xmlNodePtr n)
{
	long	 ln;

	if (c->markdown || n == NULL)
		return c->art->body_line;
	ln = xmlGetLineNo(n);
	if (ln <= 0 || ln > INT_MAX - c->art->body_line)
		return c->art->body_line;
	return c->art->body_line + (int)ln - 1;
}

xmlNodePtr
conv_note(struct conv *c, const char *cls, const char *url,
    const char *word, const char *alt, int in_link)
{
	struct buf	 text = BUF_INIT, href = BUF_INIT;
	xmlNodePtr	 a;

	buf_printf(&text, "[%s", word);
	if (alt != NULL && *alt != '\0')
		buf_printf(&text, ": %s", alt);
	buf_putc(&text, ']');
	if (url != NULL && url[0] == '/' && url[1] == '/')
		BUF_PUTSL(&href, "https:");
	if (url != NULL)
		conv_url_clean(url, &href);
	if (in_link || url == NULL || !conv_url_host_ok(href.data)) {
		a = xmlNewDocText(c->doc, (const xmlChar *)text.data);
		goto out;
	}
	a = xmlNewDocNode(c->doc, NULL, (const xmlChar *)"a", NULL);
	xmlNewProp(a, (const xmlChar *)"class", (const xmlChar *)cls);
	xmlNewProp(a, (const xmlChar *)"href", (const xmlChar *)href.data);
	xmlAddChild(a, xmlNewDocText(c->doc, (const xmlChar *)text.data));
out:
	buf_fini(&text);
	buf_fini(&href);
	return a;
}

/* The first lazy-loading source present, else src; trimmed, or NULL. */
static char *
image_source(xmlNodePtr img)
{
	static const char *const names[] = {
		"data-original", "data-src", "data-lazy-src", "src"
	};
	xmlChar		*v;
	const char	*p, *e;
	char		*s;
	size_t		 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((v = xmlGetProp(img, (const xmlChar *)names[i])) == NULL)
			continue;
		for (p = (const char *)v; *p == ' ' || (*p >= '\t' &&
		    *p <= '\r'); p++)
			continue;
		for (e = p + strlen(p); e > p && (e[-1] == ' ' ||
		    (e[-1] >= '\t' && e[-1] <= '\r')); e--)
			continue;
		if (e > p) {
			s = xstrndup(p, (size_t)(e - p));
			xmlFree(v);
			return s;
		}
		xmlFree(v);
	}
	return NULL;
}

/* The length of the URL scheme of s with its ':', or 0. */
static size_t
scheme_len(const char *s)
{
	size_t	 i;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] == ':')
			return i + 1;
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '+' || s[i] == '-' || s[i] == '.'))
			return 0;
	}
	return 0;
}

/* Is real (a resolved path) inside the folder root (resolved)? */
static int
under(const char *real, const char *root)
{
	size_t	 n = strlen(root);

	if (n == 1 && root[0] == '/')
		return 1;
	return strncmp(real, root, n) == 0 && real[n] == '/';
}

/* Append rel to the absolute path out, "." and ".." resolved as text. */
static void
lexical(struct buf *out, const char *rel)
{
	const char	*p = rel, *e;
	char		*slash;

	while (*p != '\0') {
		e = p + strcspn(p, "/");
		if (e - p == 2 && p[0] == '.' && p[1] == '.') {
			if ((slash = strrchr(out->data, '/')) != NULL) {
				out->len = (size_t)(slash - out->data);
				out->data[out->len] = '\0';
			}
		} else if (e > p && !(e - p == 1 && p[0] == '.')) {
			buf_putc(out, '/');
			buf_put(out, p, (size_t)(e - p));
		}
		p = *e == '/' ? e + 1 : e;
	}
	if (out->len == 0)
		buf_putc(out, '/');
}

/*
 * Find the local image named by the relative URL src: beside the
 * article, else in the Hexo post asset folder named after it. Returns
 * the resolved path (the caller frees it), or NULL, with *outside set
 * when the name leads out of the input folder, as written or through
 * a symbolic link: such a file is never opened.
 */
static char *
local_image(struct conv *c, const char *src, int *outside)
{
	struct buf	 name = BUF_INIT, path = BUF_INIT;
	const char	*base, *dot;
	char		*root, *dir, *real = NULL;
	size_t		 n;
	int		 i;

	*outside = 0;
	n = strcspn(src, "?#");
	if (conv_url_decode(src, n, &name) == -1 || name.len == 0)
		goto out;
	/* Once per article: each realpath(3) is a readlink per component. */
	if (c->real_dir == NULL && (c->real_dir = realpath(c->art->dir !=
	    NULL ? c->art->dir : ".", NULL)) == NULL)
		goto out;
	if (c->real_root == NULL && (c->real_root = realpath(c->art->root !=
	    NULL ? c->art->root : c->real_dir, NULL)) == NULL)
		goto out;
	dir = c->real_dir;
	root = c->real_root;
	for (i = 0; i < 2 && real == NULL; i++) {
		buf_reset(&path);
		buf_puts(&path, dir);
		if (i == 1) {
			if ((base = strrchr(c->art->path, '/')) == NULL)
				base = c->art->path;
			else
				base++;
			if ((dot = strrchr(base, '.')) == NULL || dot == base)
				dot = base + strlen(base);
			buf_putc(&path, '/');
			buf_put(&path, base, (size_t)(dot - base));
		}
		lexical(&path, name.data);
		if (!under(path.data, root) || ((real = realpath(path.data,
		    NULL)) != NULL && !under(real, root))) {
			*outside = 1;
			free(real);
			real = NULL;
			break;
		}
	}
out:
	buf_fini(&name);
	buf_fini(&path);
	return real;
}

/* Put text (or nothing) where img was, and free img. */
static void
image_to_text(struct conv *c, xmlNodePtr img, const char *alt)
{
	if (alt != NULL && *alt != '\0')
		xmlAddPrevSibling(img, xmlNewDocText(c->doc,
		    (const xmlChar *)alt));
	xmlUnlinkNode(img);
	xmlFreeNode(img);
}

int
conv_image(struct conv *c, xmlNodePtr img, int in_link)
{
	const struct resource	*r;
	struct buf		 src = BUF_INIT;
	const char		*file = c->art->path;
	char			*raw, *alt, *real = NULL;
	xmlNodePtr		 note;
	size_t			 sl;
	int			 line, outside, kept = 0;

	raw = image_source(img);
	alt = (char *)xmlGetProp(img, (const xmlChar *)"alt");
	line = conv_line(c, img);
	if (raw == NULL) {
		image_to_text(c, img, alt);
		goto out;
	}
	/* Browsers drop tabs and newlines inside URLs. */
	conv_url_clean(raw, &src);
	sl = scheme_len(raw);
	if ((sl == 5 && strncasecmp(raw, "http:", 5) == 0) ||
	    (sl == 6 && strncasecmp(raw, "https:", 6) == 0) ||
	    (raw[0] == '/' && raw[1] == '/')) {
		note = conv_note(c, "remote-image", src.data, c->words->image,
		    alt, in_link);
		xmlAddPrevSibling(img, note);
		xmlUnlinkNode(img);
		xmlFreeNode(img);
		c->nremote++;
		goto out;
	}
	if (sl == 5 && strncasecmp(raw, "data:", 5) == 0)
		diag_warn(c->d, file, line, 0, "data: URL image skipped");
	else if (sl > 0 && !(sl == 5 && strncasecmp(raw, "file:", 5) == 0))
		diag_warn(c->d, file, line, 0,
		    "image URL scheme not supported, skipped: %s", raw);
	else if (sl > 0 || raw[0] == '/' || raw[0] == '\\')
		diag_warn(c->d, file, line, 0,
		    "image outside input folder, skipped: %s", raw);
	else if ((real = local_image(c, raw, &outside)) == NULL)
		diag_warn(c->d, file, line, 0, outside ?
		    "image outside input folder, skipped: %s" :
		    "image not found: %s", raw);
	else if ((r = media_add_file(c->book->media, real, c->d, file,
	    line)) != NULL) {
		buf_reset(&src);
		buf_printf(&src, "../%s", r->href);
		xmlSetProp(img, (const xmlChar *)"src",
		    (const xmlChar *)src.data);
		if (alt == NULL)
			xmlSetProp(img, (const xmlChar *)"alt",
			    (const xmlChar *)"");
		c->nimages++;
		kept = 1;
		goto out;
	}
	image_to_text(c, img, alt);
out:
	buf_fini(&src);
	free(raw);
	xmlFree(alt);
	free(real);
	return kept;
}

/* "author · YYYY-MM-DD · cat / subcat", with the parts there are. */
static void
byline(const struct article *a, const struct config *cfg, struct buf *out)
{
	static const char	 dot[] = " \xc2\xb7 ";
	struct tm		 tm;
	time_t			 t;
	size_t			 i, j;

	if (a->author != NULL && *a->author != '\0')
		buf_puts(out, a->author);
	if (a->has_date) {
		t = (time_t)(a->date + (cfg != NULL ? cfg->tz_offset : 0));
		if (gmtime_r(&t, &tm) != NULL) {
			if (out->len > 0)
				BUF_PUTSL(out, dot);
			buf_printf(out, "%04d-%02d-%02d", tm.tm_year + 1900,
			    tm.tm_mon + 1, tm.tm_mday);
		}
	}
	for (i = 0; i < a->ncats; i++) {
		if (a->cats[i].n == 0)
			continue;
		if (out->len > 0)
			buf_puts(out, i == 0 ? dot : ", ");
		for (j = 0; j < a->cats[i].n; j++) {
			if (j > 0)
				BUF_PUTSL(out, " / ");
			buf_puts(out, a->cats[i].v[j]);
		}
	}
}

/* Give every element carrying lang the xml:lang XHTML asks for too. */
static void
set_xml_lang(xmlNodePtr top)
{
	xmlNodePtr	 n = top;
	xmlChar		*v;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE &&
		    (v = xmlGetNoNsProp(n, (const xmlChar *)"lang")) != NULL) {
			xmlNodeSetLang(n, v);
			xmlFree(v);
		}
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != top && n->next == NULL)
			n = n->parent;
		n = n == top ? NULL : n->next;
	}
}

int
convert_article(struct book *b, struct article *a,
    const struct config *cfg, struct diag *d)
{
	struct conv	 c;
	struct buf	 fixed = BUF_INIT, html = BUF_INIT, by = BUF_INIT;
	struct buf	 out = BUF_INIT;
	struct tmpl_var	 vars[3];
	xmlDocPtr	 tdoc = NULL;
	xmlNodePtr	 body, slot, copy;
	const char	*lang, *src;
	size_t		 srclen;
	int		 line, rc = -1;

	memset(&c, 0, sizeof(c));
	c.book = b;
	c.art = a;
	c.cfg = cfg;
	c.d = d;
	c.markdown = a->kind == BODY_MARKDOWN;
	if (b->media == NULL)
		b->media = media_new();
	free(a->xhtml);
	a->xhtml = NULL;
	a->xhtml_len = 0;

	if (text_repair(a->body != NULL ? a->body : "", a->body_len, &fixed,
	    &line) > 0)
		diag_warn(d, a->path, a->body_line + line - 1, 0,
		    "invalid UTF-8 or control characters repaired");
	if ((lang = a->lang) == NULL && (lang = b->language) == NULL &&
	    (lang = text_guess_lang(fixed.data, fixed.len)) == NULL)
		lang = "en";
	c.words = lang_is(lang, "zh") ? &words_zh :
	    lang_is(lang, "ja") ? &words_ja : &words_en;

	src = fixed.data;
	srclen = fixed.len;
	if (c.markdown) {
		if (convert_markdown(fixed.data, fixed.len, &html) == -1) {
			diag_error(d, a->path, a->body_line, 0,
			    "Markdown could not be rendered");
			goto out;
		}
		src = html.data;
		srclen = html.len;
	}
	c.doc = convert_html_parse(src, srclen, &body, &c.deep_warned);
	if (c.deep_warned)
		diag_warn(d, a->path, a->body_line, 0, "elements nested more "
		    "than %d deep flattened", CONVERT_DEPTH_MAX);
	convert_sanitize(&c, body);

	byline(a, cfg, &by);
	vars[0].key = "lang";
	vars[0].value = lang;
	vars[1].key = "title";
	vars[1].value = a->title;
	vars[2].key = "byline";
	vars[2].value = by.data;
	if ((tdoc = template_load("article.xhtml", vars, 3)) == NULL ||
	    (slot = template_slot(tdoc, "body")) == NULL) {
		diag_error(d, a->path, 0, 0,
		    "template article.xhtml is missing or broken");
		goto out;
	}
	/* Depth is capped now, so libxml2's recursive copy is safe. */
	if (body->children != NULL &&
	    (copy = xmlDocCopyNodeList(tdoc, body->children)) != NULL) {
		xmlAddChildList(slot, copy);
		set_xml_lang(slot);
	}
	template_serialize(tdoc, &out);
	a->xhtml_len = out.len;
	a->xhtml = buf_detach(&out);
	a->nimages = c.nimages;
	a->nremote = c.nremote;
	rc = 0;
out:
	xmlFreeDoc(tdoc);
	xmlFreeDoc(c.doc);
	hmap_fini(&c.targets);
	free(c.real_dir);
	free(c.real_root);
	buf_fini(&fixed);
	buf_fini(&html);
	buf_fini(&by);
	buf_fini(&out);
	return rc;
}

/*
 * Parallel conversion. Workers take articles in turn; each article is
 * converted against its own media table and its own diagnostics, and
 * its document is deflated into the spool. Once all are done, the
 * tables and messages are merged in reading order, so the book and
 * the messages are the same whatever the number of threads.
 */
struct conv_slot {
	struct media	*media;
	struct diag	 d;
	int		 rc;
};

struct conv_job {
	struct book		*book;
	const struct config	*cfg;
	struct conv_slot	*slots;
	size_t			 next;
	pthread_mutex_t		 lock;
	int			 strict, verbose;
};

static void
convert_one(struct conv_job *job, size_t i)
{
	struct conv_slot	*s = &job->slots[i];
	struct article		*a = job->book->articles[i];
	struct book		 local;

	/* The article sees the book, but adds images to a table of its own. */
	local = *job->book;
	local.media = s->media = media_new();
	diag_init(&s->d);
	s->d.strict = job->strict;
	s->d.verbose = job->verbose;
	s->rc = convert_article(&local, a, job->cfg, &s->d);
	if (s->rc == 0 && job->book->spool != NULL) {
		if (spool_put(job->book->spool, a->xhtml, a->xhtml_len,
		    &a->xref) == -1) {
			diag_error(&s->d, a->path, 0, 0, "cannot spool the "
			    "converted article: %s", strerror(errno));
			s->rc = -1;
		} else {
			free(a->xhtml);
			a->xhtml = NULL;
		}
	}
	/* The body is not read again: give its memory back now. */
	free(a->body);
	a->body = NULL;
	a->body_len = 0;
}

static void *
convert_worker(void *arg)
{
	struct conv_job	*job = arg;
	size_t		 i;

	for (;;) {
		pthread_mutex_lock(&job->lock);
		i = job->next++;
		pthread_mutex_unlock(&job->lock);
		if (i >= job->book->narticles)
			break;
		convert_one(job, i);
	}
	return NULL;
}

/* Move the slot's images and messages into the book's, in order. */
static void
merge_slot(struct book *b, struct hmap *ids, struct conv_slot *s,
    struct diag *d)
{
	struct media	*m = b->media;
	struct hent	*e;
	size_t		 i;

	for (i = 0; i < s->media->n; i++) {
		e = hmap_put(ids, s->media->v[i].id);
		if (e->val != NULL) {
			free(s->media->v[i].id);
			free(s->media->v[i].href);
			free(s->media->v[i].media_type);
			free(s->media->v[i].path);
			continue;
		}
		e->val = xstrdup("");
		if (m->n == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 16;
			m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
		}
		m->v[m->n++] = s->media->v[i];
	}
	s->media->n = 0;
	media_free(s->media);
	s->media = NULL;
	for (i = 0; i < s->d.n; i++) {
		const struct diag_msg	*msg = &s->d.msgs[i];

		if (msg->level == DIAG_ERROR)
			diag_error(d, msg->file, msg->line, msg->col, "%s",
			    msg->text);
		else if (msg->level == DIAG_WARNING)
			diag_warn(d, msg->file, msg->line, msg->col, "%s",
			    msg->text);
		else
			diag_note(d, msg->file, msg->line, msg->col, "%s",
			    msg->text);
	}
	diag_fini(&s->d);
}

int
convert_book(struct book *b, const struct config *cfg, struct diag *d)
{
	struct conv_job		 job;
	struct hmap		 ids = { NULL, 0, 0 };
	const struct resource	*r;
	pthread_t		*tids;
	size_t			 i, nthreads, started = 0;
	long			 ncpu;
	int			 rc = 0;

	if (b->media == NULL)
		b->media = media_new();
	if (b->spool == NULL && b->narticles > 0)
		b->spool = spool_new();	/* NULL: documents stay in memory */
	for (i = 0; i < b->media->n; i++)
		hmap_put(&ids, b->media->v[i].id)->val = xstrdup("");

	memset(&job, 0, sizeof(job));
	job.book = b;
	job.cfg = cfg;
	job.slots = xcalloc(b->narticles ? b->narticles : 1,
	    sizeof(*job.slots));
	job.strict = d->strict;
	job.verbose = d->verbose;
	pthread_mutex_init(&job.lock, NULL);
	if ((nthreads = cfg->jobs) == 0)
		nthreads = (ncpu = sysconf(_SC_NPROCESSORS_ONLN)) > 0 ?
		    (size_t)ncpu : 1;
	if (nthreads > b->narticles)
		nthreads = b->narticles;
	if (nthreads > 1) {
		xmlInitParser();
		tids = xcalloc(nthreads - 1, sizeof(*tids));
		for (i = 0; i + 1 < nthreads; i++)
			if (pthread_create(&tids[i], NULL, convert_worker,
			    &job) == 0)
				started++;
		/* Threads that could not start leave the work to this one. */
		convert_worker(&job);
		for (i = 0; i < started; i++)
			pthread_join(tids[i], NULL);
		free(tids);
	} else
		convert_worker(&job);
	pthread_mutex_destroy(&job.lock);

	for (i = 0; i < b->narticles; i++) {
		if (job.slots[i].rc == -1)
			rc = -1;
		merge_slot(b, &ids, &job.slots[i], d);
	}
	free(job.slots);
	hmap_fini(&ids);
	if (b->cover != NULL) {
		if ((r = media_add_file(b->media, b->cover, d, b->cover,
		    0)) != NULL)
			b->media->v[r - b->media->v].cover = 1;
		else
			diag_warn(d, b->cover, 0, 0,
			    "cover image unusable, the book has no cover");
	}
	return rc;
}
