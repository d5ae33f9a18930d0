/*
 * What the convert stage writes about a node of an article, for the
 * reader and for the user: the note that stands in for what sheaf
 * cannot embed ("[Video: alt]", a link to its address where it has a
 * usable one), in the words of the article's language (Chinese,
 * Japanese, else English); and the source line a message about a node
 * names, which for Markdown, since md4c keeps no positions, is the
 * line where the node's address first appears. The sanitizer, image
 * resolution and convert_place.c use them.
 */
#include <limits.h>
#include <string.h>

#include <libxml/tree.h>

#include "book.h"
#include "buf.h"
#include "convert_int.h"

static const struct convert_words words_zh = {
	"图片", "视频", "音频", "嵌入内容"
};
static const struct convert_words words_ja = {
	"画像", "動画", "音声", "埋め込みコンテンツ"
};
static const struct convert_words words_en = {
	"Image", "Video", "Audio", "Embedded content"
};

int
convert_lang_is(const char *lang, const char *prefix)
{
	size_t	 n = strlen(prefix);

	return strncmp(lang, prefix, n) == 0 &&
	    (lang[n] == '\0' || lang[n] == '-');
}

const struct convert_words *
convert_words_for(const char *lang)
{
	return convert_lang_is(lang, "zh") ? &words_zh :
	    convert_lang_is(lang, "ja") ? &words_ja : &words_en;
}

/*
 * md4c keeps no source positions: find the line of a Markdown image or
 * link by the first occurrence of its address in the source, else the
 * body's first line.
 */
static int
markdown_line(const struct convert *c, xmlNodePtr n)
{
	static const char *const attrs[] = { "src", "href", "data" };
	const char	*body = c->art->body, *at, *p;
	xmlChar		*v = NULL;
	size_t		 i;
	int		 line = c->art->body_line;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]) && v == NULL; i++)
		v = xmlGetProp(n, (const xmlChar *)attrs[i]);
	if (v == NULL || *v == '\0' || body == NULL ||
	    (at = strstr(body, (const char *)v)) == NULL) {
		xmlFree(v);
		return line;
	}
	for (p = body; p < at && line < INT_MAX; p++)
		line += *p == '\n';
	xmlFree(v);
	return line;
}

int
convert_line(const struct convert *c, xmlNodePtr n)
{
	long	 ln;

	if (n == NULL)
		return c->art->body_line;
	if (c->markdown)
		return markdown_line(c, n);
	ln = xmlGetLineNo(n);
	if (ln <= 0 || ln > INT_MAX - c->art->body_line)
		return c->art->body_line;
	return c->art->body_line + (int)ln - 1;
}

xmlNodePtr
convert_note(struct convert *c, const char *cls, const char *url,
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
		convert_url_clean(url, &href);
	if (in_link || url == NULL || !convert_url_host_ok(href.data)) {
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
