/*
 * The cover sheaf draws when a book has none (no --cover, no
 * cover-image, no article's cover): an SVG image with the book's
 * title, subtitle, creators, the span of its articles' dates and its
 * categories, set as <text> in generic font families, so every reader
 * uses a face it has, CJK ones included. The title is wrapped to the
 * width of the page, CJK characters counted as full width and Latin
 * words kept whole; closing punctuation never starts a line nor
 * opening punctuation ends one. It joins the media table as the
 * book's cover image, and the cover page shows it like any other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "media.h"
#include "text.h"
#include "xalloc.h"
#include "package_int.h"

#define SVG_NS		"http://www.w3.org/2000/svg"
#define COVER_W		1200
#define COVER_H		1800
#define TEXT_W		960		/* the measure of every line */
#define TITLE_LINES	5		/* at most, at the smallest size */
#define INK		"#1f2328"
#define PAPER		"#f3eee4"
#define ACCENT		"#8c2f39"

/* Full-width code points: CJK, and the fullwidth forms. */
static int
wide(long cp)
{
	return text_is_cjk(cp) || (cp >= 0x3000 && cp <= 0x303f) ||
	    (cp >= 0xff01 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6);
}

/* Never at the start of a line (closing marks), or its end (opening). */
static int
closing(long cp)
{
	if (cp > 0 && cp < 0x80)
		return strchr(",.;:!?)]}%", (int)cp) != NULL;
	return cp == 0x3001 || cp == 0x3002 || cp == 0xff0c ||
	    cp == 0xff0e || cp == 0xff1a || cp == 0xff1b || cp == 0xff01 ||
	    cp == 0xff1f || cp == 0xff09 || cp == 0x300d || cp == 0x300f ||
	    cp == 0x3011 || cp == 0x3009 || cp == 0x300b || cp == 0x201d ||
	    cp == 0x2019 || cp == 0x30fc || cp == 0x2026 || cp == 0x00bb;
}

static int
opening(long cp)
{
	return cp == '(' || cp == '[' || cp == 0xff08 || cp == 0x300c ||
	    cp == 0x300e || cp == 0x3010 || cp == 0x3008 || cp == 0x300a ||
	    cp == 0x201c || cp == 0x2018 || cp == 0x00ab;
}

/* Advance of cp in em: full width 1, Latin about half. */
static double
advance(long cp)
{
	if (wide(cp))
		return 1.0;
	if (cp == ' ')
		return 0.3;
	if (cp >= 'A' && cp <= 'Z')
		return 0.68;
	if (cp == 'i' || cp == 'l' || cp == 'j' || cp == '.' || cp == ',' ||
	    cp == '\'' || cp == ':' || cp == ';' || cp == '!')
		return 0.3;
	return 0.55;
}

/*
 * The next unbreakable piece of s at *at: a CJK character, or a Latin
 * word, with the closing marks after it and the opening marks before
 * it. Sets *sp when a space precedes it (dropped at a line start).
 * Returns its length in bytes (0 at the end) and its width in *w.
 */
static size_t
piece(const char *s, size_t *at, double *w, int *sp)
{
	const char	*p = s + *at, *q, *end = s + strlen(s), *start;
	long		 cp;

	*sp = 0;
	*w = 0;
	while (*p == ' ') {
		p++;
		*sp = 1;
	}
	start = p;
	for (;;) {		/* opening marks stay with what follows */
		q = p;
		if ((cp = text_utf8_next(&q, end)) < 0 || !opening(cp))
			break;
		*w += advance(cp);
		p = q;
	}
	q = p;
	if ((cp = text_utf8_next(&q, end)) > 0) {
		*w += advance(cp);
		p = q;
		if (!wide(cp))	/* the rest of a Latin word */
			for (;;) {
				q = p;
				if ((cp = text_utf8_next(&q, end)) <= 0 ||
				    cp == ' ' || wide(cp) || opening(cp))
					break;
				*w += advance(cp);
				p = q;
			}
	}
	for (;;) {		/* closing marks stay with what precedes */
		q = p;
		if ((cp = text_utf8_next(&q, end)) <= 0 || !closing(cp))
			break;
		*w += advance(cp);
		p = q;
	}
	*at = (size_t)(start - s);
	return (size_t)(p - start);
}

/*
 * Break s into lines of at most width em; a piece wider than a line
 * gets a line of its own. Returns the number of lines; lines (NUL
 * separated, caller frees) gets them.
 */
static size_t
wrap(const char *s, double width, struct buf *lines)
{
	size_t	 at = 0, len, n = 0;
	double	 w, used = 0;
	int	 sp;

	buf_reset(lines);
	while ((len = piece(s, &at, &w, &sp)) > 0) {
		if (n > 0 && used + (sp ? 0.3 : 0) + w > width) {
			buf_putc(lines, '\0');
			used = 0;
			n++;
		} else if (n > 0 && sp) {
			buf_putc(lines, ' ');
			used += 0.3;
		}
		if (n == 0)
			n = 1;
		buf_put(lines, s + at, len);
		used += w;
		at += len;
	}
	return n;
}

static xmlNodePtr
text_at(xmlNodePtr svg, int y, int size, const char *family,
    const char *fill, const char *weight, const char *s)
{
	xmlNodePtr	 t;
	char		 v[16];

	t = xmlNewTextChild(svg, NULL, (const xmlChar *)"text",
	    (const xmlChar *)s);
	xmlNewProp(t, (const xmlChar *)"x", (const xmlChar *)"600");
	snprintf(v, sizeof(v), "%d", y);
	xmlNewProp(t, (const xmlChar *)"y", (const xmlChar *)v);
	xmlNewProp(t, (const xmlChar *)"text-anchor", (const xmlChar *)"middle");
	xmlNewProp(t, (const xmlChar *)"font-family", (const xmlChar *)family);
	snprintf(v, sizeof(v), "%d", size);
	xmlNewProp(t, (const xmlChar *)"font-size", (const xmlChar *)v);
	xmlNewProp(t, (const xmlChar *)"fill", (const xmlChar *)fill);
	if (weight != NULL)
		xmlNewProp(t, (const xmlChar *)"font-weight",
		    (const xmlChar *)weight);
	return t;
}

static void
rect(xmlNodePtr svg, int x, int y, int w, int h, const char *fill,
    const char *stroke)
{
	xmlNodePtr	 r;
	char		 v[16];

	r = xmlNewChild(svg, NULL, (const xmlChar *)"rect", NULL);
	snprintf(v, sizeof(v), "%d", x);
	xmlNewProp(r, (const xmlChar *)"x", (const xmlChar *)v);
	snprintf(v, sizeof(v), "%d", y);
	xmlNewProp(r, (const xmlChar *)"y", (const xmlChar *)v);
	snprintf(v, sizeof(v), "%d", w);
	xmlNewProp(r, (const xmlChar *)"width", (const xmlChar *)v);
	snprintf(v, sizeof(v), "%d", h);
	xmlNewProp(r, (const xmlChar *)"height", (const xmlChar *)v);
	xmlNewProp(r, (const xmlChar *)"fill", (const xmlChar *)fill);
	if (stroke != NULL) {
		xmlNewProp(r, (const xmlChar *)"stroke",
		    (const xmlChar *)stroke);
		xmlNewProp(r, (const xmlChar *)"stroke-width",
		    (const xmlChar *)"3");
	}
}

/* The first and last day of the dated articles, "A – B", or "". */
static void
dates(const struct package *p, struct buf *out)
{
	const struct book	*b = p->book;
	long			 off = p->cfg != NULL ? p->cfg->tz_offset : 0;
	char			 d1[16], d2[16];
	int64_t			 lo = 0, hi = 0;
	size_t			 i;
	int			 any = 0;

	for (i = 0; i < b->narticles; i++) {
		if (!b->articles[i]->has_date)
			continue;
		if (!any || b->articles[i]->date < lo)
			lo = b->articles[i]->date;
		if (!any || b->articles[i]->date > hi)
			hi = b->articles[i]->date;
		any = 1;
	}
	if (!any || package_date(lo + off, 0, d1, sizeof(d1)) == -1 ||
	    package_date(hi + off, 0, d2, sizeof(d2)) == -1)
		return;
	buf_puts(out, d1);
	if (strcmp(d1, d2) != 0)
		buf_printf(out, " – %s", d2);
}

/* Join list with sep, each item cleaned; empty items left out. */
static void
join(const struct strlist *l, const char *sep, struct buf *out)
{
	char	*s;
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		s = package_clean(l->v[i], "");
		if (*s != '\0') {
			if (out->len > 0)
				buf_puts(out, sep);
			buf_puts(out, s);
		}
		free(s);
	}
}

/* Lines of one text, centred from y down; returns the y after them. */
static int
block(xmlNodePtr svg, const char *s, int y, int size, int maxlines,
    const char *family, const char *fill, const char *weight)
{
	struct buf	 lines = BUF_INIT;
	const char	*l;
	size_t		 n, i;

	n = wrap(s, (double)TEXT_W / size, &lines);
	for (i = 0, l = lines.data; i < n && i < (size_t)maxlines; i++) {
		y += size;
		text_at(svg, y, size, family, fill, weight, l);
		y += size * 3 / 10;
		l += strlen(l) + 1;
	}
	buf_fini(&lines);
	return y;
}

static void
draw(const struct package *p, struct buf *out)
{
	static const int sizes[] = { 128, 112, 96, 84, 72, 64, 56, 48 };
	const struct book	*b = p->book;
	struct buf		 lines = BUF_INIT, s = BUF_INIT;
	xmlDocPtr		 doc;
	xmlNodePtr		 svg, t;
	xmlNsPtr		 ns;
	xmlChar			*mem = NULL;
	char			*sub;
	size_t			 i, n = 0;
	int			 size = 48, y, len;

	doc = xmlNewDoc((const xmlChar *)"1.0");
	svg = xmlNewNode(NULL, (const xmlChar *)"svg");
	ns = xmlNewNs(svg, (const xmlChar *)SVG_NS, NULL);
	xmlSetNs(svg, ns);
	xmlDocSetRootElement(doc, svg);
	xmlNewProp(svg, (const xmlChar *)"version", (const xmlChar *)"1.1");
	xmlNewProp(svg, (const xmlChar *)"viewBox",
	    (const xmlChar *)"0 0 1200 1800");
	xmlNewProp(svg, (const xmlChar *)"width", (const xmlChar *)"1200");
	xmlNewProp(svg, (const xmlChar *)"height", (const xmlChar *)"1800");
	xmlNodeSetLang(svg, (const xmlChar *)p->lang);
	xmlNewTextChild(svg, NULL, (const xmlChar *)"title",
	    (const xmlChar *)p->title);

	rect(svg, 0, 0, COVER_W, COVER_H, PAPER, NULL);
	rect(svg, 60, 60, COVER_W - 120, COVER_H - 120, "none", INK);
	rect(svg, 60, 60, COVER_W - 120, 36, ACCENT, NULL);

	/* The largest size that sets the title in few enough lines. */
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size = sizes[i];
		n = wrap(p->title, (double)TEXT_W / size, &lines);
		if (n <= (size >= 96 ? 3 : size >= 72 ? 4 : TITLE_LINES))
			break;
	}
	if (n > TITLE_LINES)
		n = TITLE_LINES;
	/* The title's block sits a little above the middle. */
	y = 700 - (int)(n * size * 13 / 10) / 2 - size;
	y = y < 200 ? 200 : y;
	y = block(svg, p->title, y, size, TITLE_LINES, "serif", INK, "bold");

	y += 40;
	t = xmlNewChild(svg, NULL, (const xmlChar *)"rect", NULL);
	xmlNewProp(t, (const xmlChar *)"x", (const xmlChar *)"540");
	buf_printf(&s, "%d", y);
	xmlNewProp(t, (const xmlChar *)"y", (const xmlChar *)s.data);
	xmlNewProp(t, (const xmlChar *)"width", (const xmlChar *)"120");
	xmlNewProp(t, (const xmlChar *)"height", (const xmlChar *)"4");
	xmlNewProp(t, (const xmlChar *)"fill", (const xmlChar *)ACCENT);
	y += 30;

	sub = package_clean(b->subtitle, "");
	if (*sub != '\0')
		y = block(svg, sub, y, 52, 3, "serif", INK, NULL);
	free(sub);
	buf_reset(&s);
	join(&b->creators, p->words->sep, &s);
	if (s.len > 0)
		y = block(svg, s.data, y + 30, 44, 2, "sans-serif", INK, NULL);

	/* Dates and categories stand at the foot of the page. */
	buf_reset(&s);
	join(&b->subjects, " · ", &s);
	y = COVER_H - 200;
	if (s.len > 0) {
		block(svg, s.data, y - 80, 40, 2, "sans-serif", ACCENT, NULL);
		y -= 120;
	}
	buf_reset(&s);
	dates(p, &s);
	if (s.len > 0)
		block(svg, s.data, y - 60, 40, 1, "sans-serif", INK, NULL);

	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	buf_reset(out);
	buf_put(out, mem, (size_t)len);
	xmlFree(mem);
	xmlFreeDoc(doc);
	buf_fini(&lines);
	buf_fini(&s);
}

const struct resource *
package_cover_make(struct package *p, struct diag *d)
{
	struct media		*m = p->book->media;
	const struct resource	*r;
	struct buf		 svg = BUF_INIT;
	char			*why = NULL;

	if (m == NULL)
		return NULL;
	draw(p, &svg);
	if ((r = media_add_generated(m, svg.data, svg.len, "cover",
	    &why)) == NULL)
		diag_warn(d, NULL, 0, 0, "cannot draw a cover: %s", why);
	free(why);
	buf_fini(&svg);
	return r;
}
