/*
 * Stage 2, convert: each article's body becomes one EPUB 3 XHTML
 * content document. The text is repaired to valid UTF-8, Markdown is
 * rendered to HTML by md4c, the HTML is parsed into a libxml2 tree,
 * sanitized (convert_sanitize.c, which has images resolved by
 * convert_image.c), and copied into the article template with its
 * title and byline.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "convert.h"
#include "convert_int.h"
#include "diag.h"
#include "hmap.h"
#include "media.h"
#include "template.h"
#include "text.h"
#include "xalloc.h"

/*
 * libxml2's HTML parser compares each attribute with all the earlier
 * ones of its tag: a tag with a million attributes takes hours. Cut
 * start tags longer than CONVERT_TAG_MAX at the last space before the
 * limit. Returns 0 when there is none (out untouched), else the line
 * of the first one with the whole text in out. Linear, quote-aware.
 */
static int
tame_tags(const char *s, size_t n, struct buf *out)
{
	const char	*p = s, *end = s + n, *done = s, *t, *q, *cut;
	int		 line = 1, first = 0;
	char		 quote;

	while ((t = memchr(p, '<', (size_t)(end - p))) != NULL) {
		for (; p < t; p++)
			line += *p == '\n';
		if (t + 1 >= end || !((t[1] >= 'a' && t[1] <= 'z') ||
		    (t[1] >= 'A' && t[1] <= 'Z'))) {
			p = t + 1;
			continue;
		}
		for (q = t + 1, quote = 0; q < end; q++) {
			if (quote != 0 && *q == quote)
				quote = 0;
			else if (quote == 0 && (*q == '"' || *q == '\''))
				quote = *q;
			else if (quote == 0 && *q == '>')
				break;
		}
		if (q - t <= CONVERT_TAG_MAX) {
			p = t + 1;
			continue;
		}
		if (first == 0)
			first = line;
		buf_put(out, done, (size_t)(t - done));
		for (cut = t + CONVERT_TAG_MAX; cut > t + 1 && *cut != ' ' &&
		    *cut != '\t' && *cut != '\n'; cut--)
			continue;
		buf_put(out, t, (size_t)(cut - t));
		buf_putc(out, '>');
		for (; t < q; t++)
			line += *t == '\n';
		p = done = q < end ? q + 1 : end;
	}
	if (first != 0)
		buf_put(out, done, (size_t)(end - done));
	return first;
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
	return convert_article_env(b, a, cfg, d, NULL);
}

int
convert_article_env(struct book *b, struct article *a,
    const struct config *cfg, struct diag *d, const struct convert_env *env)
{
	struct convert	 c;
	struct buf	 fixed = BUF_INIT, html = BUF_INIT, by = BUF_INIT;
	struct buf	 tagged = BUF_INIT, repaired = BUF_INIT;
	struct buf	 out = BUF_INIT, tamed = BUF_INIT;
	struct tmpl_var	 vars[3];
	xmlDocPtr	 tdoc = NULL;
	xmlNodePtr	 body, slot, copy;
	const char	*lang, *src;
	size_t		 srclen;
	int		 line, line2, rc = -1;

	memset(&c, 0, sizeof(c));
	c.book = b;
	c.art = a;
	c.cfg = cfg;
	c.d = d;
	c.markdown = a->kind == BODY_MARKDOWN;
	if (env != NULL) {
		c.trail = env->trail;
		c.real_dir = env->real_dir ? xstrdup(env->real_dir) : NULL;
		c.real_root = env->real_root ? xstrdup(env->real_root) : NULL;
	}
	if (b->media == NULL)
		b->media = media_new();
	free(a->xhtml);
	a->xhtml = NULL;
	a->xhtml_len = 0;

	if (text_repair(a->body != NULL ? a->body : "", a->body_len, &fixed,
	    &line) > 0)
		diag_warn_kind(d, NULL, a->path, a->body_line + line - 1, 0,
		    "invalid UTF-8 or control characters repaired");
	/*
	 * An article that does not say is CJK when its text (or else its
	 * title) is, else in the book's language when that is written in
	 * Latin letters (an English post in a Chinese book is "en").
	 */
	if ((lang = a->lang) == NULL &&
	    (lang = text_guess_lang(fixed.data, fixed.len)) == NULL &&
	    (a->title == NULL ||
	    (lang = text_guess_lang(a->title, strlen(a->title))) == NULL) &&
	    ((lang = b->language) == NULL || convert_lang_is(lang, "zh") ||
	    convert_lang_is(lang, "ja") || convert_lang_is(lang, "ko")))
		lang = "en";
	c.words = convert_words_for(lang);

	src = fixed.data;
	srclen = fixed.len;
	if (c.markdown) {
		convert_tags(&c, fixed.data, fixed.len, &tagged);
		if (convert_markdown(tagged.data, tagged.len, &html) == -1) {
			diag_error(d, a->path, a->body_line, 0,
			    "Markdown could not be rendered");
			goto out;
		}
		src = html.data;
		srclen = html.len;
		/* &#xD800; and its kin: md4c writes the bytes as they are. */
		if ((line = convert_markdown_bad_ref(tagged.data,
		    tagged.len)) > 0 && (convert_markdown_surrogates(html.data,
		    html.len) + text_repair(html.data, html.len, &repaired,
		    &line2)) > 0) {
			if ((line2 = convert_markdown_bad_ref(fixed.data,
			    fixed.len)) > 0)
				line = line2;
			diag_warn(d, a->path, a->body_line + line - 1, 0,
			    "character reference to a surrogate, a control or "
			    "U+FFFE/U+FFFF: made U+FFFD or dropped");
			src = repaired.data;
			srclen = repaired.len;
		}
	}
	if ((line = tame_tags(src, srclen, &tamed)) > 0) {
		diag_warn(d, a->path, c.markdown ? a->body_line :
		    a->body_line + line - 1, 0, "start tag longer than %d "
		    "KiB: attributes past that dropped", CONVERT_TAG_MAX >> 10);
		src = tamed.data;
		srclen = tamed.len;
	}
	c.doc = convert_html_parse(src, srclen, &body, &c.deep_warned);
	if (c.deep_warned)
		diag_warn(d, a->path, a->body_line, 0, "elements nested more "
		    "than %d deep flattened", CONVERT_DEPTH_MAX);
	if (c.markdown)
		convert_math(&c, body);
	convert_sanitize(&c, body);
	if (cfg != NULL && cfg->look.vertical)
		convert_vertical(body);

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
	a->nalt_missing = c.nalt_missing;
	a->nlocal_missing = c.nmissing;
	rc = 0;
out:
	xmlFreeDoc(tdoc);
	xmlFreeDoc(c.doc);
	hmap_fini(&c.targets);
	free(c.real_dir);
	free(c.real_root);
	buf_fini(&fixed);
	buf_fini(&tagged);
	buf_fini(&repaired);
	buf_fini(&html);
	buf_fini(&by);
	buf_fini(&out);
	buf_fini(&tamed);
	return rc;
}
