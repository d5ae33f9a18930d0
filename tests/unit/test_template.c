/* Unit tests: template slots, escaping and XHTML serialization. */
#include <stdlib.h>

#include <libxml/parser.h>

#include "buf.h"
#include "harness.h"
#include "template.h"

static char *
render(const char *title, const char *byline, int body)
{
	struct tmpl_var	 v[] = {
		{ "lang", "zh-Hans" }, { "title", title }, { "byline", byline },
	};
	struct buf	 out = BUF_INIT;
	xmlDocPtr	 doc;
	xmlNodePtr	 slot, p;

	doc = template_load("article.xhtml", v, 3);
	OK(doc != NULL, "article.xhtml loads");
	if (doc == NULL)
		return NULL;
	slot = template_slot(doc, "body");
	OK(slot != NULL, "body slot found");
	OK(template_slot(doc, "body") == NULL, "the mark is gone once found");
	if (body && slot != NULL) {
		p = xmlNewChild(slot, NULL, (const xmlChar *)"p",
		    (const xmlChar *)"正文");
		xmlNewChild(p, NULL, (const xmlChar *)"br", NULL);
		xmlNewChild(slot, NULL, (const xmlChar *)"div", NULL);
	}
	template_serialize(doc, &out);
	xmlFreeDoc(doc);
	return buf_detach(&out);
}

int
main(void)
{
	const unsigned char	*a;
	char			*s;
	size_t			 n;
	xmlDocPtr		 re;

	OK(asset_get("article.xhtml", &n) != NULL && n > 0, "embedded");
	OK(asset_get("no-such-file", &n) == NULL, "missing asset");
	a = asset_get("themes/default.css", &n);
	OK(a != NULL && n > 0, "theme embedded");
	OK(template_load("no-such-file", NULL, 0) == NULL, "missing template");

	s = render("A & <b> \"大厂\"", "ZAKER · 2022-03-28", 1);
	CONTAINS(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html",
	    "prologue");
	CONTAINS(s, "<title>A &amp; &lt;b&gt; \"大厂\"</title>", "escaped, UTF-8 kept");
	CONTAINS(s, "lang=\"zh-Hans\" xml:lang=\"zh-Hans\"", "lang slots");
	CONTAINS(s, "ZAKER · 2022-03-28", "byline kept");
	CONTAINS(s, "<p>正文<br /></p><div></div>", "XHTML void and empty elements");
	LACKS(s, "data-slot", "slot mark removed");
	LACKS(s, "data-optional", "optional mark removed");
	LACKS(s, "http-equiv", "no meta http-equiv");
	LACKS(s, "{{", "no slot left");
	re = xmlReadMemory(s, (int)strlen(s), "t.xhtml", NULL, XML_PARSE_NONET);
	OK(re != NULL, "output re-parses as XML");
	xmlFreeDoc(re);
	free(s);

	s = render("t", "", 0);
	LACKS(s, "byline", "an empty optional element is dropped");
	free(s);
	s = render("t", NULL, 0);
	LACKS(s, "byline", "a NULL value counts as empty");
	free(s);
	return DONE();
}
