/*
 * Unit tests of the convert stage: one check or more per sanitizer
 * rule (dropped elements, attributes, links, images, ids, headings,
 * empty elements, CJK line breaks, broken UTF-8, hostile nesting),
 * the media table, and the golden inputs of tests/golden/convert/
 * (NAME.html or NAME.md in; NAME.xhtml out and NAME.err the warnings
 * written to build/golden/convert/, which tests/golden.sh diffs with
 * the golden files). Every document must re-parse as XML.
 * Run from the top of the repository.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "harness.h"

#include "book.h"
#include "buf.h"
#include "config.h"
#include "convert.h"
#include "convert_int.h"
#include "diag.h"
#include "media.h"
#include "xalloc.h"

#define FIX	"tests/fixtures/convert"
#define GOLDEN	"tests/golden/convert"
#define SEED	"seeds/000_2386ec0c31876145.md"

static struct book	*book;
static struct config	 cfg;
static struct diag	 d;
static size_t		 mark;		/* first message of the last run */

static struct article *
article(const char *path, const char *body, size_t len,
    enum body_kind kind, const char *lang)
{
	struct article	*a;
	const char	*slash;

	a = xcalloc(1, sizeof(*a));
	a->path = xstrdup(path);
	slash = strrchr(path, '/');
	a->dir = slash != NULL ? xstrndup(path, (size_t)(slash - path)) :
	    xstrdup(".");
	a->root = realpath(a->dir, NULL);
	a->body_line = 10;
	a->title = xstrdup("Title");
	a->body = xmalloc(len + 1);
	memcpy(a->body, body, len);
	a->body[len] = '\0';
	a->body_len = len;
	a->kind = kind;
	a->lang = lang != NULL ? xstrdup(lang) : NULL;
	book->articles = xreallocarray(book->articles, book->narticles + 1,
	    sizeof(*book->articles));
	book->articles[book->narticles++] = a;
	return a;
}

static int
reparses(const char *x, size_t n)
{
	xmlDocPtr	 doc;

	doc = xmlReadMemory(x, (int)n, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlFreeDoc(doc);
	return doc != NULL;
}

/* Convert body as an article at path; the document, NULL on failure. */
static const char *
conv_at(const char *path, const char *body, size_t len, enum body_kind kind,
    const char *lang)
{
	struct article	*a = article(path, body, len, kind, lang);

	mark = d.n;
	if (convert_article(book, a, &cfg, &d) == -1 || a->xhtml == NULL)
		return NULL;
	/* No fetch stage here: remote images stay missing. */
	if (a->nremote > 0 && convert_place_images(book, &cfg, &d) == -1)
		return NULL;
	OK(reparses(a->xhtml, a->xhtml_len), "re-parses: %s", body);
	return a->xhtml;
}

static const char *
html(const char *body)
{
	return conv_at(FIX "/art.html", body, strlen(body), BODY_HTML, NULL);
}

static const char *
md(const char *body)
{
	return conv_at(FIX "/art.md", body, strlen(body), BODY_MARKDOWN, NULL);
}

static const char *
html_lang(const char *body, const char *lang)
{
	return conv_at(FIX "/art.html", body, strlen(body), BODY_HTML, lang);
}

/* The body of the last document: what the slot holds. */
static const char *
body_of(const char *x)
{
	const char	*p;

	if (x == NULL)
		return "(conversion failed)";
	p = strstr(x, "class=\"article-body\"");
	return p != NULL ? p : x;
}

/* Was a message holding text reported since the last conversion? */
static int
said(const char *text, int line)
{
	size_t	 i;

	for (i = mark; i < d.n; i++)
		if (strstr(d.msgs[i].text, text) != NULL &&
		    (line == 0 || d.msgs[i].line == line))
			return 1;
	return 0;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	while (hay != NULL && (hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Do the i-th and j-th src attributes of x name the same file? */
static int
same_src(const char *x, int i, int j)
{
	const char	*p, *q;
	int		 k;

	p = q = x;
	for (k = 0; p != NULL && k <= i; k++)
		if ((p = strstr(p, " src=\"")) != NULL)
			p += 6;
	for (k = 0; q != NULL && k <= j; k++)
		if ((q = strstr(q, " src=\"")) != NULL)
			q += 6;
	if (p == NULL || q == NULL)
		return 0;
	return strcspn(p, "\"") == strcspn(q, "\"") &&
	    strncmp(p, q, strcspn(p, "\"")) == 0;
}

static void
test_drops(void)
{
	const char	*x;

	x = body_of(html("<p>a<script>alert(1)</script>b</p>"
	    "<style>p{color:red}</style><iframe src=\"x.html\">no</iframe>"
	    "<form action=\"/x\"><input name=q><button>Go</button>"
	    "<textarea>t</textarea><select><option>o</option></select>"
	    "</form><object data=\"x.swf\">fallback</object>"
	    "<template><p>tpl</p></template><canvas>c</canvas>"
	    "<p>end</p>"));
	LACKS(x, "script", "script dropped");
	LACKS(x, "alert", "script text dropped");
	LACKS(x, "style", "style dropped");
	LACKS(x, "color", "style text dropped");
	LACKS(x, "iframe", "iframe dropped");
	LACKS(x, "form", "form dropped");
	LACKS(x, "input", "input dropped");
	LACKS(x, "button", "button dropped");
	LACKS(x, "Go", "button text dropped");
	LACKS(x, "textarea", "textarea dropped");
	LACKS(x, "option", "option dropped");
	LACKS(x, "object", "object dropped");
	CONTAINS(x, "fallback", "object's fallback content kept");
	LACKS(x, "tpl", "template content dropped");
	CONTAINS(x, "<p>ab</p>", "text around the script joined");
	CONTAINS(x, "<p>end</p>", "text kept");
	OK(said("iframe dropped", 0), "iframe warned");

	x = body_of(html("<iframe src=\"https://player.example/v?a=1&b=2\">"
	    "</iframe><video src=\"//cdn.example/v.mp4\"></video>"
	    "<audio><source src=\"http://x.example/a.mp3\"></audio>"));
	CONTAINS(x, "<a class=\"remote-media\" "
	    "href=\"https://player.example/v?a=1&amp;b=2\">"
	    "[Embedded content]</a>", "iframe becomes a link");
	CONTAINS(x, "href=\"https://cdn.example/v.mp4\">[Video]</a>",
	    "video becomes a link");
	CONTAINS(x, "href=\"http://x.example/a.mp3\">[Audio]</a>",
	    "audio source becomes a link");
	LACKS(x, "<video", "no video element");
	OK(said("video replaced by a link", 0), "video warned");

	x = body_of(html("<p>a<svg><title>Chart</title><path d=\"M0\"/>"
	    "</svg>b<math alttext=\"x+1\"><mi>x</mi></math></p>"));
	CONTAINS(x, "<p>aChartbx+1</p>", "svg and math leave their text");
	OK(said("inline svg dropped", 0), "svg warned");
}

static void
test_unwraps(void)
{
	const char	*x;

	x = body_of(html("<p><font color=red>red</font> <center>c</center>"
	    "<blink>b</blink> <foo-bar>custom</foo-bar></p>"
	    "<noscript><img src=\"" "dot.png\" alt=\"dot\"></noscript>"));
	CONTAINS(x, "<p>red </p>cb custom", "font, center, unknown unwrapped");
	LACKS(x, "font", "no font");
	LACKS(x, "noscript", "no noscript");
	CONTAINS(x, "<img src=\"../images/", "noscript's img kept");

	x = body_of(html("<dir><li>one</li><li>two</li></dir>"));
	LACKS(x, "<dir", "dir gone");
	CONTAINS(x, "<ul>", "its items in a list");
	CONTAINS(x, "<li>one</li>", "first item");

	x = body_of(html("<p>a <span class=\"x\"><div>block</div></span>"
	    " b</p><span><p>para</p></span>"));
	LACKS(x, "<span", "span holding a block unwrapped");
	CONTAINS(x, "<p>a </p>", "p split before the block");
	CONTAINS(x, "<div>block</div>", "block kept");
	CONTAINS(x, "<p> b</p>", "p split after the block");
	CONTAINS(x, "<p>para</p>", "para kept");

	x = body_of(html("<ul>text<li>one</li><p>more</p></ul><ul>  </ul>"
	    "<ol><li></li></ol><table><tr><td>c</td></tr></table>"));
	CONTAINS(x, "<ul><li>text</li><li>one<p>more</p></li></ul>",
	    "list content in items");
	CONTAINS(x, "<ol><li></li></ol>", "ol with an empty item kept");
	OK(count(x, "<ul>") == 1, "empty ul dropped");
	CONTAINS(x, "<table><tbody><tr><td>c</td></tr></tbody></table>",
	    "rows in tbody");

	x = body_of(html("<p><a href=\"https://a.example/\">x<a "
	    "href=\"https://b.example/\">y</a></a></p>"));
	OK(count(x, "<a ") == 1 || count(x, "href=\"https://a") == 1,
	    "no link inside a link");

	x = body_of(md("- [ ] todo\n- [x] done\n"));
	CONTAINS(x, "\xe2\x98\x90 todo", "unchecked task box");
	CONTAINS(x, "\xe2\x98\x91 done", "checked task box");
	LACKS(x, "<input", "no input");
}

static void
test_attributes(void)
{
	const char	*x;

	x = body_of(html("<p onclick=\"evil()\" style=\"color:red\" "
	    "data-x=\"1\" contenteditable=\"true\" class=\" a  b \" "
	    "title=\"t\" lang=\"zh_CN\" dir=\"RTL\" id=\"p1\">text</p>"));
	LACKS(x, "onclick", "onclick removed");
	LACKS(x, "evil", "handler code removed");
	LACKS(x, "style", "style removed");
	LACKS(x, "data-x", "data-* removed");
	LACKS(x, "contenteditable", "contenteditable removed");
	LACKS(x, "class=\"a b", "the source's classes dropped");
	CONTAINS(x, "title=\"t\"", "title kept");
	CONTAINS(x, "lang=\"zh-CN\"", "lang kept, normalised");
	CONTAINS(x, "xml:lang=\"zh-CN\"", "xml:lang added");
	CONTAINS(x, "dir=\"rtl\"", "dir kept");
	CONTAINS(x, "id=\"p1\"", "id kept");
	x = body_of(html("<pre><code class=\" x  language-c y\">c</code></pre>"
	    "<p class=\"article byline\">p</p>"));
	CONTAINS(x, "<code class=\"language-c\">", "code language kept");
	CONTAINS(x, "<p>p</p>", "classes of the theme not taken");

	x = body_of(html("<div onclick>bare</div>"));
	LACKS(x, "onclick", "bare onclick removed");

	x = body_of(html("<img src=\"dot.png\" width=\"100%\" height=\"20\" "
	    "w=\"600\" h=\"315\" loading=\"lazy\" referrerpolicy=\"no-referrer\""
	    " srcset=\"dot.png 2x\" sizes=\"10vw\" alt=\"d\">"
	    "<img src=\"dot.gif\" width=\"300\" alt=\"g\">"));
	LACKS(x, "100%", "width=100% dropped");
	CONTAINS(x, "height=\"20\"", "integer height kept");
	CONTAINS(x, "width=\"300\"", "integer width kept");
	LACKS(x, " w=", "w removed");
	LACKS(x, " h=", "h removed");
	LACKS(x, "loading", "loading removed");
	LACKS(x, "referrerpolicy", "referrerpolicy removed");
	LACKS(x, "srcset", "srcset removed");
	LACKS(x, "sizes", "sizes removed");

	x = body_of(md("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n"));
	LACKS(x, "align=", "align attributes gone");
	CONTAINS(x, "<th class=\"align-left\">a</th>", "left becomes a class");
	CONTAINS(x, "<td class=\"align-center\">2</td>", "center class");
	CONTAINS(x, "<td class=\"align-right\">3</td>", "right class");

	x = body_of(html("<table border=1 width=\"80%\"><tr><td colspan=\"2\""
	    " rowspan=\"x\" width=\"50\">c</td></tr></table>"));
	CONTAINS(x, "<td colspan=\"2\">c</td>", "colspan kept, others gone");
	LACKS(x, "border", "border removed");
}

static void
test_links(void)
{
	const char	*x;

	x = body_of(html("<p><a href=\"javascript:alert(1)\">js</a> "
	    "<a href=\" JaVa\tScript:alert(1)\">js2</a> "
	    "<a href=\"vbscript:x\">vb</a> <a href=\"data:text/html,x\">"
	    "data</a> <a href=\"file:///etc/passwd\">file</a> "
	    "<a href=\"../2021/foo.html\">rel</a> <a href=\"\">empty</a> "
	    "<a>plain</a></p>"));
	LACKS(x, "<a", "all those links unwrapped");
	LACKS(x, "javascript", "no javascript: URL");
	CONTAINS(x, "js js2 vb data file rel empty plain", "their text kept");

	x = body_of(html("<p><a href=\"https://example.com/a b|c?q=中&x=1\">"
	    "u</a> <a href=\"mailto:someone@example.com\">m</a> "
	    "<a href=\"//example.org/p\">p</a> <a href=\"http://x/%zz%41\">"
	    "pc</a></p>"));
	CONTAINS(x, "href=\"https://example.com/a%20b%7Cc?q=%E4%B8%AD&amp;"
	    "x=1\"", "space, | and CJK percent-encoded");
	CONTAINS(x, "href=\"mailto:someone@example.com\"", "mailto kept");
	CONTAINS(x, "href=\"https://example.org/p\"", "scheme-relative link");
	CONTAINS(x, "href=\"http://x/%25zz%41\"", "stray % encoded");

	x = body_of(html("<p><a href=\"https://www.aliyun.com)，登录\">a</a> "
	    "<a href=\"http://tmux.gi%22\">b</a> <a href=\"https://例子.中国/"
	    "\">c</a> <a href=\"http://u:p@h.example:8080/\">d</a> "
	    "<a href=\"http://[::1]:80/\">e</a> <a href=\"http://a..b/\">f</a> "
	    "<a href=\"https://x.example:99z/\">g</a></p>"
	    "<img src=\"http://bad.example%22/i.png\" alt=\"i\">"));
	LACKS(x, "aliyun", "host with glued punctuation: link unwrapped");
	LACKS(x, "tmux", "host with a quote: link unwrapped");
	CONTAINS(x, "href=\"https://%E4%BE%8B%E5%AD%90.%E4%B8%AD%E5%9B%BD/\"",
	    "IDN host kept");
	CONTAINS(x, "href=\"http://u:p@h.example:8080/\"", "userinfo, port");
	CONTAINS(x, "href=\"http://[::1]:80/\"", "IPv6 literal");
	LACKS(x, "a..b", "empty label: unwrapped");
	LACKS(x, "99z", "bad port: unwrapped");
	CONTAINS(x, "<p>a b <a", "texts kept");
	CONTAINS(x, "</a> f g", "texts kept");
	CONTAINS(x, "[Image: i]", "image note kept");
	LACKS(x, "bad.example", "as text, without its bad link");

	x = body_of(html("<p id=\"x\">one</p><p id=\"x\">two</p>"
	    "<p id=\"x\">three</p><p id=\"x-2\">four</p>"
	    "<p><a href=\"#x\">to x</a> <a href=\"#x-2\">to x-2</a> "
	    "<a href=\"#nowhere\">dangling</a> <a href=\"#\">top</a></p>"));
	CONTAINS(x, "<p id=\"x\">one</p>", "first id kept");
	CONTAINS(x, "<p id=\"x-2\">two</p>", "second renamed x-2");
	CONTAINS(x, "<p id=\"x-3\">three</p>", "third renamed x-3");
	CONTAINS(x, "<p id=\"x-2-2\">four</p>", "clash with a renamed id");
	CONTAINS(x, "<a href=\"#x\">to x</a>", "link to the first");
	CONTAINS(x, "<a href=\"#x-2-2\">to x-2</a>",
	    "link follows the renamed id");
	CONTAINS(x, " dangling ", "dangling link's text kept");
	LACKS(x, "#nowhere", "dangling link unwrapped");
	OK(count(x, "<a ") == 2, "only the good links stay");

	x = body_of(html("<h2 id=\"sheaf-title\">h</h2><p id=\"a b\">s</p>"
	    "<p id=\"1st\">n</p><p><a href=\"#sheaf-title\">t</a>"
	    "<a href=\"#a%20b\">s</a><a href=\"#1st\">n</a>"
	    "<a name=\"old\"></a><a href=\"#old\">o</a></p>"));
	CONTAINS(x, "id=\"x-sheaf-title\"", "reserved id renamed");
	CONTAINS(x, "href=\"#x-sheaf-title\"", "its link follows");
	CONTAINS(x, "id=\"a-b\"", "space in id replaced");
	CONTAINS(x, "href=\"#a-b\"", "its link follows");
	CONTAINS(x, "id=\"x-1st\"", "id made a name");
	CONTAINS(x, "<a id=\"old\"></a>", "named anchor kept as a target");
	CONTAINS(x, "href=\"#old\"", "link to a named anchor");
	OK(count(x, "sheaf-title\"") == 2, "template id not duplicated");
	x = body_of(html("<p id=\"sheaf/title\">a</p><p id=\"sheaf title\">b"
	    "</p>"));
	CONTAINS(x, "<p id=\"x-sheaf-title\">a", "reserved once cleaned too");
	CONTAINS(x, "<p id=\"x-sheaf-title-2\">b", "and unique");
}

/* SVG: sniffed from its text, sanitized, never an HTML page. */
static void
test_svg(void)
{
	static const char svg[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE svg [<!ENTITY x \"boom\">]>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "xmlns:xlink=\"http://www.w3.org/1999/xlink\" onload=\"alert(1)\" "
	    "width=\"10\" height=\"10\"><script>alert(2)</script>"
	    "<style>rect{fill:url(http://x.example/a)}</style>"
	    "<defs><linearGradient id=\"g\"/></defs>"
	    "<rect width=\"10\" height=\"10\" fill=\"url(#g)\" "
	    "onclick=\"x()\"/><image xlink:href=\"http://x.example/i.png\"/>"
	    "<use href=\"#g\"/><text>&x;</text>"
	    "<foreignObject><p>html</p></foreignObject></svg>";
	struct buf	 b = BUF_INIT;
	const char	*why, *ext = NULL;

	EQ_STR(media_sniff((const unsigned char *)svg, sizeof(svg) - 1, &ext),
	    "image/svg+xml", "svg sniffed");
	EQ_STR(ext, "svg", "svg extension");
	OK(media_sniff((const unsigned char *)"<!DOCTYPE html><svg>", 20,
	    NULL) == NULL, "an HTML page is no svg");
	buf_puts(&b, svg);
	EQ_INT(media_svg_clean(&b, &why), 0, "svg cleaned");
	LACKS(b.data, "script", "no script");
	LACKS(b.data, "alert", "no handler code");
	LACKS(b.data, "onclick", "no on*");
	LACKS(b.data, "x.example", "no external reference");
	LACKS(b.data, "ENTITY", "no doctype");
	LACKS(b.data, "boom", "no entity expanded");
	LACKS(b.data, "foreignObject", "no foreignObject");
	LACKS(b.data, "<image", "no raster image inside");
	CONTAINS(b.data, "fill=\"url(#g)\"", "local paint kept");
	CONTAINS(b.data, "href=\"#g\"", "local reference kept");
	buf_reset(&b);
	buf_puts(&b, "<svg><unclosed>");
	EQ_INT(media_svg_clean(&b, &why), -1, "broken svg refused");
	buf_fini(&b);
}

static void
test_images(void)
{
	const struct media	*m;
	const char		*x;
	struct article		*a;
	size_t			 before;

	m = book->media;
	x = body_of(html("<img class=\"lazy\" data-original=\"http://a.example"
	    "/real.jpg\" src=\"https://proxy.example/?http://a.example/real.jpg\""
	    " alt=\"Real\" referrerpolicy=\"no-referrer\">"));
	CONTAINS(x, "<a class=\"remote-image\" href=\"http://a.example/"
	    "real.jpg\">[Image: Real]</a>", "data-original preferred");
	LACKS(x, "proxy", "src ignored");
	LACKS(x, "<img", "remote image not kept");
	EQ_INT(book->articles[book->narticles - 1]->nmissing, 1, "nmissing");
	EQ_INT(book->articles[book->narticles - 1]->nremote, 0, "placed");
	OK(said("1 image not embedded: 1 not fetched", 0),
	    "missing images counted");

	x = body_of(html_lang("<img data-src=\"//cdn.example/a.png\" "
	    "src=\"x.gif\"><img data-lazy-src=\"https://c.example/b.png\" "
	    "alt=\"说明\">", "zh-Hans"));
	CONTAINS(x, "href=\"https://cdn.example/a.png\">[图片]</a>",
	    "data-src, zh note, no alt");
	CONTAINS(x, "href=\"https://c.example/b.png\">[图片: 说明]</a>",
	    "data-lazy-src, zh note with alt");
	x = body_of(html_lang("<img src=\"https://j.example/c.png\">", "ja"));
	CONTAINS(x, ">[画像]</a>", "ja note");
	x = body_of(html("<p><a href=\"https://big.example/\"><img "
	    "src=\"https://big.example/s.jpg\" alt=\"s\"></a></p>"));
	CONTAINS(x, "<a href=\"https://big.example/\">[Image: s]</a>",
	    "no link inside a link: the note is text");

	before = m->n;
	x = body_of(html("<p><img src=\"dot.png\" alt=\"one\"> "
	    "<img src=\"./dot-copy.png\"> <img src=\"dot%2Egif?v=2#x\" "
	    "id=\"g\"></p>"));
	a = book->articles[book->narticles - 1];
	EQ_INT(a->nimages, 3, "three images embedded");
	OK(m->n <= before + 2, "at most two new resources");
	OK(same_src(x, 0, 1), "same bytes under two names: one resource");
	OK(!same_src(x, 0, 2), "other bytes: another resource");
	OK(count(x, "src=\"../images/") == 3, "src rewritten");
	CONTAINS(x, "alt=\"one\"", "alt kept");
	CONTAINS(x, "alt=\"\"", "missing alt added");
	CONTAINS(x, ".gif\"", "gif named by type");
	OK(m->n > 0 && strlen(m->v[m->n - 1].href) == 7 + 32 + 4,
	    "href is images/<32 hex>.ext");
	OK(m->n > 0 && strncmp(m->v[m->n - 1].id, "img-", 4) == 0,
	    "id img-<hash>");
	CONTAINS(x, "<p class=\"image\"><img", "images alone: class image");

	x = body_of(html("<p>text <img src=\"dot.png\" alt=\"d\"></p>"
	    "<p><a href=\"https://l.example/\"><img src=\"dot.png\" "
	    "alt=\"d\"></a><br></p><p>   </p>"));
	EQ_INT(count(x, "class=\"image\""), 1,
	    "a linked image alone is marked, text with an image is not");
	CONTAINS(x, "<p>text <img", "text and image: a plain paragraph");

	x = body_of(html("<p>a <img src=\"nope.png\" alt=\"gone\"> b "
	    "<img src=\"nope2.png\"> c</p>"));
	CONTAINS(x, "<p>a gone b c</p>", "missing image becomes its alt");
	OK(said("image not found: nope.png", 10), "warned with the line");

	before = m->n;
	x = body_of(html("<img src=\"../../etc/passwd\" alt=\"p\">"
	    "<img src=\"/etc/passwd\"><img src=\"file:///etc/shadow\">"
	    "<img src=\"data:image/png;base64,iVBORw0KGgo=\">"
	    "<img src=\"../../../../../../../../etc/hostname\">"));
	OK(said("image outside input folder, skipped: ../../etc/passwd", 0),
	    "escape refused");
	OK(said("outside input folder, skipped: /etc/passwd", 0),
	    "absolute path refused");
	OK(said("outside input folder, skipped: file:///etc/shadow", 0),
	    "file: refused");
	OK(said("data: URL image skipped", 0), "data: refused");
	EQ_INT(m->n, before, "nothing added");
	LACKS(x, "root:", "no file contents");

	x = body_of(html("<img src=\"dot.webp\" alt=\"w\">"
	    "<img src=\"not-an-image.png\" alt=\"h\">"));
	OK(said("not an image sheaf can embed", 0), "HTML refused");
	CONTAINS(x, "alt=\"w\"", "webp converted and kept");
	CONTAINS(x, "/>h", "the HTML becomes its alt text");

	x = body_of(conv_at(FIX "/post.md", "![blue](pic.png)\n", 17,
	    BODY_MARKDOWN, NULL));
	CONTAINS(x, "<img src=\"../images/", "Hexo post asset folder");
	CONTAINS(x, "alt=\"blue\"", "Markdown alt");
}

/* An image just outside the input folder is never read. */
static void
test_escape(void)
{
	static const char escapes[] = "<img src=\"../secret.png\">"
	    "<img src=\"link.png\">";
	char		 tmp[] = "/tmp/test_convert.XXXXXX", path[PATH_MAX];
	const char	*x;
	FILE		*f;
	size_t		 before = book->media->n;

	if (mkdtemp(tmp) == NULL) {
		OK(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "%s/in", tmp);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/secret.png", tmp);
	if ((f = fopen(path, "wb")) != NULL) {
		fputs("\x89PNG\r\n\x1a\n not read: IHDR 1234567890123456789012",
		    f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/in/link.png", tmp);
	if (symlink("../secret.png", path) == -1)
		OK(0, "symlink: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/in/a.html", tmp);
	x = body_of(conv_at(path, escapes, sizeof(escapes) - 1, BODY_HTML,
	    NULL));
	OK(said("outside input folder, skipped: ../secret.png", 0),
	    "parent folder refused");
	OK(said("outside input folder, skipped: link.png", 0),
	    "symlink out refused");
	EQ_INT(book->media->n, before, "secret never embedded");
	LACKS(x, "<img", "no image");
	snprintf(path, sizeof(path), "%s/in/link.png", tmp);
	unlink(path);
	snprintf(path, sizeof(path), "%s/secret.png", tmp);
	unlink(path);
	snprintf(path, sizeof(path), "%s/in", tmp);
	rmdir(path);
	rmdir(tmp);
}

static void
test_structure(void)
{
	const char	*x;

	x = body_of(md("# One\n\n## Two\n\n###### Six\n\n<h5>Five</h5>\n"));
	CONTAINS(x, "<h2>One</h2>", "h1 demoted");
	CONTAINS(x, "<h3>Two</h3>", "h2 demoted");
	CONTAINS(x, "<h6>Six</h6>", "h6 stays");
	CONTAINS(x, "<h6>Five</h6>", "h5 demoted");
	LACKS(x, "<h1", "no h1 in the body");

	x = body_of(html("<h3>Three</h3><h4>Four</h4><p>x</p>"));
	CONTAINS(x, "<h2>Three</h2><h3>Four</h3>", "h3 top level promoted");
	x = body_of(md("## Two\n\n### Three\n"));
	CONTAINS(x, "<h2>Two</h2>", "h2 top level stays");
	CONTAINS(x, "<h3>Three</h3>", "h3 under it stays");

	x = body_of(html("<p></p><p> </p><p><br></p><p>&nbsp;</p>"
	    "<p><strong> </strong></p><div><span></span></div>"
	    "<p>kept</p><p><img src=\"dot.png\"></p><p>a<br>b</p>"));
	OK(count(x, "<p") == 3, "empty paragraphs dropped");
	LACKS(x, "<div", "empty wrapper dropped");
	LACKS(x, "<strong", "empty strong dropped");
	CONTAINS(x, "<p>kept</p>", "text kept");
	CONTAINS(x, "<p>a<br />b</p>", "br between text kept");

	x = body_of(md("中文\n文字\n\nEnglish\nwords\n\n中文 \n English\n\n"
	    "**中文**\n文字\n\n```\n中\n文\n```\n"));
	CONTAINS(x, "<p>中文文字</p>", "soft break between CJK removed");
	CONTAINS(x, "<p>English\nwords</p>", "soft break between words kept");
	CONTAINS(x, "<p>中文\nEnglish</p>", "CJK then Latin kept");
	CONTAINS(x, "<strong>中文</strong>文字", "across an inline element");
	CONTAINS(x, "中\n文\n</code>", "not inside pre");
}

static void
test_text(void)
{
	static const char bad[] = "<p>前\xff后</p>\n<p>\xe4\xb8" "中文</p>";
	const char	*x;
	struct buf	 b = BUF_INIT;

	x = body_of(conv_at(FIX "/art.html", bad, sizeof(bad) - 1, BODY_HTML,
	    NULL));
	OK(said("invalid UTF-8 or control characters repaired", 10),
	    "repair warned at the body's line");
	CONTAINS(x, "<p>前\xef\xbf\xbd后</p>", "CJK after the bad byte intact");
	CONTAINS(x, "\xef\xbf\xbd中文</p>", "truncated sequence repaired");

	x = body_of(conv_at(FIX "/art.md", "a\n\nb\0c\n", 7, BODY_MARKDOWN,
	    NULL));
	OK(said("repaired", 12), "NUL warned at its line");
	CONTAINS(x, "<p>b\xef\xbf\xbd" "c</p>", "NUL replaced");

	x = body_of(html("<meta charset=\"gbk\"><p>中文 &#0; &#xD800; "
	    "&#x1; ok</p>"));
	CONTAINS(x, "<p>中文", "meta charset ignored");
	LACKS(x, "&#", "no bad character references");

	/* Hostile nesting: no recursion, and XML's depth limit holds. */
	{
		clock_t	 t0;
		int	 i;

		for (i = 0; i < 100000; i++)
			BUF_PUTSL(&b, "<div>");
		BUF_PUTSL(&b, "deep");
		for (i = 0; i < 100000; i++)
			BUF_PUTSL(&b, "</div>");
		t0 = clock();
		x = conv_at(FIX "/deep.html", b.data, b.len, BODY_HTML, NULL);
		OK((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0,
		    "100k nested divs in under a second");
		OK(x != NULL && strstr(x, "deep") != NULL, "text survives");
		OK(said("nested more than 64 deep", 0), "depth warned");
		buf_reset(&b);
		for (i = 0; i < 100000; i++)
			BUF_PUTSL(&b, "<span><b>");
		x = conv_at(FIX "/deep.md", b.data, b.len, BODY_MARKDOWN,
		    NULL);
		OK(x != NULL, "100k nested inline elements in Markdown");
	}
	buf_fini(&b);
}

/* A 2x1 image in BMP, TGA and PPM: sniffed, then converted to PNG. */
static void
test_media_other(void)
{
	static const unsigned char bmp[] = {
		'B', 'M', 62, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0,
		40, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 24, 0,
		0, 0, 0, 0, 8, 0, 0, 0, 0x13, 0x0b, 0, 0, 0x13, 0x0b, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 255, 0, 255, 0, 0, 0
	};
	static const unsigned char tga[] = {
		0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 24, 0,
		0, 0, 255, 0, 255, 0
	};
	static const char ppm[] = "P6\n2 1\n255\n\377\0\0\0\377\0";
	static const struct { const void *p; size_t n; const char *type; }
	    v[] = {
		{ bmp, sizeof(bmp), "image/bmp" },
		{ tga, sizeof(tga), "image/x-tga" },
		{ ppm, sizeof(ppm) - 1, "image/x-portable-pixmap" },
	};
	struct media	*m = media_new();
	struct buf	 b = BUF_INIT;
	const char	*type, *ext, *why;
	size_t		 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		EQ_STR(media_sniff(v[i].p, v[i].n, &ext), v[i].type,
		    "stb format sniffed");
		buf_reset(&b);
		buf_put(&b, v[i].p, v[i].n);
		OK(media_image_fit(&b, m, &type, &ext, &why) == 0 &&
		    strcmp(type, "image/png") == 0 && strcmp(ext, "png") == 0 &&
		    b.len > 8 && memcmp(b.data, "\x89PNG", 4) == 0,
		    "stb format converted to PNG");
	}
	OK(media_sniff((const unsigned char *)"BMnot a bitmap at all, really",
	    29, &ext) == NULL, "BM text refused");
	OK(media_sniff((const unsigned char *)"Not Found: no such image here",
	    29, &ext) == NULL, "text is no TGA");
	buf_fini(&b);
	media_free(m);
}

/*
 * An image embedded as it is stays in its file, for the packager to
 * stream; a converted one (WebP) is held in memory.
 */
static void
test_media_files(void)
{
	struct media		*m = media_new();
	const struct resource	*r;
	struct diag		 md;

	diag_init(&md);
	OK(media_image_as_is((const unsigned char *)"\xff\xd8\xff\xe0", 4,
	    m) == 0, "a broken JPEG is not taken as it is");
	r = media_add_file(m, FIX "/dot.png", &md, "x.md", 1);
	OK(r != NULL && r->data == NULL && r->size > 0 &&
	    strstr(r->path, "/dot.png") != NULL, "PNG left in its file");
	r = media_add_file(m, FIX "/dot.webp", &md, "x.md", 2);
	OK(r != NULL && r->data != NULL &&
	    strcmp(r->media_type, "image/webp") != 0, "WebP converted, in memory");
	media_free(m);
	diag_fini(&md);
}

static void
test_media(void)
{
	const char	*ext = NULL;

	EQ_STR(media_sniff((const unsigned char *)"\xff\xd8\xff\xe0", 4, &ext),
	    "image/jpeg", "JPEG sniffed");
	EQ_STR(ext, "jpg", "jpg");
	EQ_STR(media_sniff((const unsigned char *)"GIF89a\1\0\1\0\0\0\0", 13,
	    &ext), "image/gif", "GIF sniffed");
	OK(media_sniff((const unsigned char *)"\x89PNG\r\n\x1a\n", 8, &ext) ==
	    NULL, "truncated PNG refused");
	OK(media_sniff((const unsigned char *)"RIFF\0\0\0\0WEBPVP8 ", 16,
	    &ext) == NULL, "WebP refused");
	OK(media_sniff((const unsigned char *)"<svg", 4, &ext) == NULL,
	    "SVG refused");
	test_media_other();
	OK(convert_sanitize_selfcheck() == 0, "rule tables sorted");
	test_media_files();
}

static void
test_book(void)
{
	struct book	*b = book_new();
	struct article	*a;
	struct buf	 doc = BUF_INIT;
	struct diag	 bd;
	static char	*cat[] = { "新媒体", "ZAKER", "channel" };
	struct catpath	 cp = { cat, 3 };

	diag_init(&bd);
	b->language = xstrdup("zh-Hans");
	b->cover = xstrdup(FIX "/dot.jpg");
	a = xcalloc(1, sizeof(*a));
	a->path = xstrdup(FIX "/x.md");
	a->dir = xstrdup(FIX);
	a->title = xstrdup("标题 & <title>");
	a->author = xstrdup("ZAKER");
	a->has_date = 1;
	a->date = 1648491540;
	a->cats = &cp;
	a->ncats = 1;
	a->body = xstrdup("text\n");
	a->body_len = 5;
	b->articles = xcalloc(1, sizeof(*b->articles));
	b->articles[0] = a;
	b->narticles = 1;
	EQ_INT(convert_book(b, &cfg, NULL, &bd), 0, "book converted");
	/* The document is in the spool, deflated, unless none could be made. */
	if (a->xhtml == NULL) {
		OK(b->spool != NULL && a->xref.used, "document spooled");
		EQ_INT(b->spool != NULL ? spool_get(b->spool, &a->xref, &doc) :
		    -1, 0, "spooled document reads back");
	} else
		buf_put(&doc, a->xhtml, a->xhtml_len);
	OK(doc.len > 0 && reparses(doc.data, doc.len), "valid");
	CONTAINS(doc.data, "ZAKER \xc2\xb7 2022-03-28 \xc2\xb7 新媒体 / ZAKER /"
	    " channel", "byline");
	CONTAINS(doc.data, "标题 &amp; &lt;title&gt;", "title escaped");
	CONTAINS(doc.data, "lang=\"zh-Hans\" xml:lang=\"zh-Hans\"", "lang");
	OK(b->media != NULL && b->media->n == 1 && b->media->v[0].cover,
	    "cover added and marked");
	OK(b->media != NULL && b->media->n == 1 &&
	    strcmp(b->media->v[0].media_type, "image/jpeg") == 0,
	    "cover is a JPEG");
	a->cats = NULL;
	a->ncats = 0;
	buf_fini(&doc);
	book_free(b);
	diag_fini(&bd);
}

/*** Golden files ***/

static int
slurp(const char *path, struct buf *out)
{
	buf_reset(out);
	return read_file(path, (size_t)64 << 20, out);
}

/*
 * Convert one golden input; write the document and the warnings as
 * STEM.xhtml and STEM.err for tests/golden.sh.
 */
static void
golden(const char *in, const char *stem, const char *body, size_t len,
    enum body_kind kind, struct article *meta)
{
	struct article	*a;
	struct buf	 err = BUF_INIT, name = BUF_INIT;
	size_t		 i;

	a = article(in, body, len, kind, meta->lang);
	free(a->root);
	a->root = realpath("tests", NULL);
	free(a->title);
	a->title = xstrdup(meta->title);
	a->author = meta->author != NULL ? xstrdup(meta->author) : NULL;
	a->has_date = 1;
	a->date = meta->date;
	a->cats = meta->cats;
	a->ncats = meta->ncats;
	a->body_line = meta->body_line;
	mark = d.n;
	if (convert_article(book, a, &cfg, &d) == -1 || a->xhtml == NULL ||
	    convert_place_images(book, &cfg, &d) == -1) {
		OK(0, "golden %s converted", in);
		goto out;
	}
	OK(reparses(a->xhtml, a->xhtml_len), "golden %s re-parses", stem);
	buf_printf(&name, "%s.xhtml", stem);
	golden_write("convert", name.data, a->xhtml);
	for (i = mark; i < d.n; i++) {
		diag_format(&d.msgs[i], &err);
		buf_putc(&err, '\n');
	}
	buf_reset(&name);
	buf_printf(&name, "%s.err", stem);
	golden_write("convert", name.data, err.data);
out:
	a->cats = NULL;
	a->ncats = 0;
	buf_fini(&err);
	buf_fini(&name);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_golden(void)
{
	static char	*tests[] = { "Tests", "Golden" };
	static char	*seedcat[] = { "新媒体", "ZAKER", "channel" };
	struct catpath	 tcp = { tests, 2 }, scp = { seedcat, 3 };
	struct article	 meta;
	struct buf	 in = BUF_INIT, path = BUF_INIT;
	struct dirent	*e;
	DIR		*dir;
	char		**names = NULL, *dot, *stem;
	const char	*p, *end;
	size_t		 n = 0, i, len;
	int		 line;

	if ((dir = opendir(GOLDEN)) == NULL) {
		OK(0, "open %s: %s", GOLDEN, strerror(errno));
		return;
	}
	while ((e = readdir(dir)) != NULL) {
		len = strlen(e->d_name);
		if ((len > 5 && strcmp(e->d_name + len - 5, ".html") == 0) ||
		    (len > 3 && strcmp(e->d_name + len - 3, ".md") == 0)) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrdup(e->d_name);
		}
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		memset(&meta, 0, sizeof(meta));
		stem = xstrdup(names[i]);
		dot = strrchr(stem, '.');
		*dot = '\0';
		meta.title = stem;
		meta.author = "Golden";
		meta.date = 1648491540;
		meta.cats = &tcp;
		meta.ncats = 1;
		meta.body_line = 1;
		meta.lang = strncmp(stem, "zh-", 3) == 0 ? "zh-Hans" :
		    strncmp(stem, "ja-", 3) == 0 ? "ja" : NULL;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", GOLDEN, names[i]);
		if (slurp(path.data, &in) == -1)
			OK(0, "read %s", path.data);
		else
			golden(path.data, stem, in.data, in.len,
			    strcmp(dot + 1, "md") == 0 ? BODY_MARKDOWN :
			    BODY_HTML, &meta);
		free(stem);
		free(names[i]);
	}
	free(names);
	OK(n >= 3, "golden inputs found");

	/* The seed, its front matter cut off as collect would. */
	if (slurp(SEED, &in) == -1) {
		OK(0, "read %s", SEED);
		goto out;
	}
	p = in.data;
	line = 1;
	while (*p == '\n')
		p++, line++;
	if (strncmp(p, "---\n", 4) != 0 ||
	    (end = strstr(p + 4, "\n---\n")) == NULL) {
		OK(0, "seed front matter");
		goto out;
	}
	for (; p < end + 5; p++)
		line += *p == '\n';
	memset(&meta, 0, sizeof(meta));
	meta.title = "大厂出海，又打起来了";
	meta.author = "ZAKER";
	meta.date = 1648491540;
	meta.cats = &scp;
	meta.ncats = 1;
	meta.body_line = line;
	meta.lang = "zh-Hans";
	golden(SEED, "seed", p, in.len - (size_t)(p - in.data), BODY_MARKDOWN,
	    &meta);
	{
		const char *x = book->articles[book->narticles - 1]->xhtml;

		EQ_INT(count(x, "class=\"remote-image\""), 10,
		    "seed: ten images become link notes");
		EQ_INT(book->articles[book->narticles - 1]->nmissing, 10,
		    "seed: nmissing");
		CONTAINS(x, "作者 | 李秋涵", "seed: author caption");
		CONTAINS(x, "来源 / APP Annie", "seed: source caption");
		CONTAINS(x, "<strong>北美、东南亚、拉美、中东是核心区域。</strong>",
		    "seed: bold passage");
		CONTAINS(x, "互联网大厂的出海路，还任重道远。", "seed: last line");
		LACKS(x, "onclick", "seed: no onclick");
		LACKS(x, "referrerpolicy", "seed: no referrerpolicy");
		LACKS(x, "data-", "seed: no data-*");
		LACKS(x, "cors.zfour", "seed: proxy URLs gone");
	}
out:
	buf_fini(&in);
	buf_fini(&path);
}


/* A post of the blog b: path, and date as UTC seconds (0: none). */
static struct article *
post(struct book *b, const char *path, int64_t date)
{
	struct article	*a = xcalloc(1, sizeof(*a));

	a->path = xstrdup(path);
	a->site = xstrdup("/blog");
	a->date = date;
	a->has_date = date != 0;
	b->articles = xreallocarray(b->articles, b->narticles + 1,
	    sizeof(*b->articles));
	b->articles[b->narticles++] = a;
	return a;
}

/* What convert_link_site() makes of url in the first post of b. */
static const char *
site_link(struct book *b, const char *url, struct buf *out)
{
	struct convert	 c;
	int		 r;

	memset(&c, 0, sizeof(c));
	c.book = b;
	c.art = b->articles[0];
	buf_reset(out);
	r = convert_link_site(&c, url, out);
	return r == 1 ? out->data : r == 0 ? "(text)" : "(other)";
}

static void
test_blog_links(void)
{
	struct article	*a;
	struct book	*b = book_new();
	struct buf	 out = BUF_INIT;

	/* 2020-01-15 08:00 and 2021-04-13 12:00 UTC; a bundle undated. */
	post(b, "blog/_posts/2020-01-15-first-post.md", 1579075200);
	post(b, "blog/content/entry/2018/12/03/softbank.md", 1543665600);
	post(b, "blog/content/posts/bundle/index.md", 0);
	post(b, "blog/content/2019/reflection.md", 1546300800);
	post(b, "blog/content/2020/reflection.md", 1577836800);
	EQ_STR(site_link(b, "/2020/01/15/first-post/", &out),
	    "c001-a0001.xhtml", "Hexo permalink, date prefix dropped");
	EQ_STR(site_link(b, "/tech/2020/01/15/first-post.html", &out),
	    "c001-a0001.xhtml", "Jekyll default permalink");
	EQ_STR(site_link(b, "/2020/01/15/2020-01-15-first-post/", &out),
	    "c001-a0001.xhtml", "Hexo :title is the whole file name");
	EQ_STR(site_link(b, "2020-01-15-first-post.md", &out),
	    "c001-a0001.xhtml", "by file name");
	EQ_STR(site_link(b, "/2020/02/15/first-post/", &out), "(text)",
	    "another date is another post");
	EQ_STR(site_link(b, "/entry/2018/12/03/softbank/", &out),
	    "c001-a0002.xhtml", "date of the path, not of the front matter");
	EQ_STR(site_link(b, "/posts/bundle/#part", &out), "c001-a0003.xhtml",
	    "page bundle by its folder, fragment dropped");
	EQ_STR(site_link(b, "/posts/bundle/index.html", &out),
	    "c001-a0003.xhtml", "index.html names its folder");
	EQ_STR(site_link(b, "/2020/reflection/", &out), "c001-a0005.xhtml",
	    "same names told apart by the year");
	EQ_STR(site_link(b, "/about/", &out), "(text)",
	    "a page not in the book, no site address: plain text");
	EQ_STR(site_link(b, "https://example.com/2020/01/15/first-post/",
	    &out), "(other)", "another site's page is not a post");
	a = post(b, "blog/_posts/2021-03-01-long-file-name.md", 1614556800);
	a->slug = xstrdup("short");
	a = post(b, "blog/content/posts/hugo-post.md", 1614556800);
	a->permalink = xstrdup("/archives/42/");
	EQ_STR(site_link(b, "/2021/03/01/short/", &out), "c001-a0006.xhtml",
	    "by the slug of the front matter");
	EQ_STR(site_link(b, "/2021/03/02/short/", &out), "(text)",
	    "a slug with another date is another post");
	EQ_STR(site_link(b, "/archives/42", &out), "c001-a0007.xhtml",
	    "by the permalink of the front matter");
	EQ_STR(site_link(b, "/archives/42/index.html", &out),
	    "c001-a0007.xhtml", "by its permalink, index.html dropped");
	EQ_STR(site_link(b, "/archives/43/", &out), "(text)",
	    "another permalink");
	b->site_url = xstrdup("https://blog.example.com/sub");
	EQ_STR(site_link(b, "/about/", &out),
	    "https://blog.example.com/sub/about/", "a page of the site");
	EQ_STR(site_link(b, "http://blog.example.com/sub/posts/bundle/",
	    &out), "c001-a0003.xhtml", "the site's own address, any scheme");
	EQ_STR(site_link(b, "https://blog.example.com/subway/", &out),
	    "(other)", "a longer host path is not the site");
	EQ_STR(site_link(b, "mailto:a@example.com", &out), "(other)",
	    "mail is not the site's");
	buf_fini(&out);
	book_free(b);
}

/*
 * A book converted by one thread and by eight: the same images in the
 * same order (first use in reading order), the same remote list, the
 * same mapping of each article's placeholders and the same documents.
 */
static char *
jobs_run(size_t jobs, size_t *nres, size_t *nrem)
{
	static const char *const local[] = { "dot.png", "dot.gif", "dot.jpg",
	    "dot-copy.png" };
	struct book	*b = book_new();
	struct article	*a;
	struct config	 c = cfg;
	struct diag	 jd;
	struct buf	 sig = BUF_INIT, body = BUF_INIT;
	size_t		 k, i;

	diag_init(&jd);
	b->language = xstrdup("en");
	b->narticles = 24;
	b->articles = xcalloc(b->narticles, sizeof(*b->articles));
	for (k = 0; k < b->narticles; k++) {
		a = b->articles[k] = xcalloc(1, sizeof(*a));
		buf_reset(&body);
		buf_printf(&body, "<p>%zu</p><img src=\"%s\" alt=\"l\">"
		    "<img src=\"http://r.test/%zu.jpg\" alt=\"r\">"
		    "<img src=\"http://r.test/own%zu.jpg\" alt=\"o\">",
		    k, local[3 - k % 4], k % 5, k);
		a->path = xstrdup(FIX "/x.html");
		a->dir = xstrdup(FIX);
		a->title = xstrdup("t");
		a->kind = BODY_HTML;
		a->body_len = body.len;
		a->body = buf_detach(&body);
	}
	c.jobs = jobs;
	OK(convert_book(b, &c, NULL, &jd) == 0, "-j %zu: converted", jobs);
	*nres = b->media->n;
	*nrem = b->media->rn;
	for (i = 0; i < b->media->n; i++)
		buf_printf(&sig, "%s\n", b->media->v[i].href);
	for (i = 0; i < b->media->rn; i++)
		buf_printf(&sig, "%s\n", b->media->rv[i].url);
	for (k = 0; k < b->narticles; k++) {
		a = b->articles[k];
		for (i = 0; i < a->nremote_ids; i++)
			buf_printf(&sig, "%zu ", a->remote_ids[i]);
		if (a->xhtml != NULL)
			buf_put(&sig, a->xhtml, a->xhtml_len);
		else if (spool_get(b->spool, &a->xref, &sig) == -1)
			OK(0, "-j %zu: article %zu reads back", jobs, k);
	}
	if (jobs == 8) {
		OK(b->media->rn > 2 && strcmp(b->media->rv[2].url,
		    "http://r.test/1.jpg") == 0, "remote list in reading order");
		OK(b->articles[5]->nremote_ids == 2 &&
		    b->articles[5]->remote_ids[0] == 0,
		    "an article's placeholder maps to the book's index");
		OK(b->media->n > 0 && strstr(b->media->v[0].path, "dot-copy.png")
		    != NULL, "first image is the first article's");
	}
	book_free(b);
	diag_fini(&jd);
	return buf_detach(&sig);
}

static void
test_jobs(void)
{
	char	*one, *eight;
	size_t	 n1, r1, n8, r8;

	one = jobs_run(1, &n1, &r1);
	eight = jobs_run(8, &n8, &r8);
	EQ_INT((int)n1, 3, "three distinct local images (one copy)");
	EQ_INT((int)r1, 5 + 24, "each remote address once");
	OK(n1 == n8 && r1 == r8 && strcmp(one, eight) == 0,
	    "-j 1 and -j 8: same tables, mapping and documents");
	free(one);
	free(eight);
}

/* Markdown character references to characters XML refuses. */
static void
test_char_refs(void)
{
	static const struct { const char *s; int line; } refs[] = {
		{ "&#xD800;", 1 }, { "a\nb &#55296; c", 2 }, { "&#XDFFF;", 1 },
		{ "&#1;", 1 }, { "&#x1F;", 1 }, { "&#xFFFE;", 1 },
		{ "&#xffff;", 1 }, { "&#x110000;", 1 }, { "&#0;", 1 },
		{ "&#x41; &#9; &#10; &#13; &#xD7FF; &#xE000;", 0 },
		{ "&#xD800", 0 }, { "&#xD800 ;", 0 }, { "&#;", 0 },
		{ "&#x;", 0 }, { "&#x0000D800;", 0 }, { "&#00055296;", 0 },
		{ "&amp;#xD800;", 0 }, { "x\n\n&#65; then &#xD800;", 3 },
	};
	char	 sur[] = "a\xed\xa0\x80" "b\xed\xbf\xbf\xed\x9f\xbf\xed";
	size_t	 i;

	for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
		OK(convert_markdown_bad_ref(refs[i].s, strlen(refs[i].s)) ==
		    refs[i].line, "bad character reference at line %d: %s",
		    refs[i].line, refs[i].s);
	EQ_INT((int)convert_markdown_surrogates(sur, sizeof(sur) - 1), 2,
	    "two surrogates found");
	EQ_STR(sur, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xed\x9f\xbf\xed",
	    "each surrogate is one U+FFFD; U+D7FF and a lone ED stay");
}

int
main(void)
{
	diag_init(&d);
	book = book_new();
	book->language = xstrdup("en");
	book->media = media_new();
	memset(&cfg, 0, sizeof(cfg));

	test_drops();
	test_unwraps();
	test_attributes();
	test_links();
	test_blog_links();
	test_images();
	test_svg();
	test_escape();
	test_structure();
	test_text();
	test_char_refs();
	test_media();
	test_book();
	test_jobs();
	test_golden();

	book_free(book);
	diag_fini(&d);
	xmlCleanupParser();
	return DONE();
}
