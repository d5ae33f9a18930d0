/*
 * Fonts the user embeds with --font (or fonts: in book.yml): each file
 * is checked by its first bytes (TrueType, OpenType, WOFF, WOFF2),
 * named by the hash of its bytes (fonts/<hash>.<ext>), listed in the
 * manifest with its media type, and given an @font-face rule whose
 * family is the file's name without its extension. A book with fonts
 * also gets Apple Books' display options file, which lets them show.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "media.h"
#include "xalloc.h"
#include "package_int.h"

#define FONT_MAX_BYTES	((size_t)32 << 20)

const char package_apple_options[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<display_options>\n"
"  <platform name=\"*\">\n"
"    <option name=\"specified-fonts\">true</option>\n"
"  </platform>\n"
"</display_options>\n";

static const struct font_kind {
	const char	*magic;
	size_t		 len;
	const char	*type;		/* EPUB 3 core media type */
	const char	*ext;
	const char	*format;	/* for @font-face src */
} kinds[] = {
	{ "\0\1\0\0",	4, "font/ttf",	"ttf",	 "truetype" },
	{ "true",	4, "font/ttf",	"ttf",	 "truetype" },
	{ "OTTO",	4, "font/otf",	"otf",	 "opentype" },
	{ "wOFF",	4, "font/woff",	"woff",	 "woff" },
	{ "wOF2",	4, "font/woff2", "woff2", "woff2" },
};

static const struct font_kind *
sniff(const struct buf *b)
{
	size_t	 i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (b->len >= 12 && memcmp(b->data, kinds[i].magic,
		    kinds[i].len) == 0)
			return &kinds[i];
	return NULL;
}

/* The family: the file's name without folder and extension. */
static char *
family(const char *path)
{
	const char	*base = strrchr(path, '/'), *dot;
	char		*s, *t;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	s = xstrndup(base, dot != NULL && dot != base ?
	    (size_t)(dot - base) : strlen(base));
	for (t = s; *t != '\0'; t++)	/* keep the CSS string simple */
		if (*t == '"' || *t == '\\' || (unsigned char)*t < 0x20)
			*t = '_';
	return s;
}

int
package_fonts_load(struct package *p, struct diag *d)
{
	const struct namelist	*l = &p->cfg->look.fonts;
	const struct font_kind	*k;
	struct package_font		*f;
	struct buf		 b = BUF_INIT;
	char			 hex[33];
	size_t			 i, j;

	for (i = 0; i < l->n; i++) {
		buf_reset(&b);
		if (read_file(l->v[i], FONT_MAX_BYTES, &b) == -1) {
			diag_error(d, l->v[i], 0, 0, "cannot read font: %s",
			    errno == EFBIG ? "larger than 32 MiB" :
			    strerror(errno));
			goto fail;
		}
		if ((k = sniff(&b)) == NULL) {
			diag_error(d, l->v[i], 0, 0, "not a font sheaf can "
			    "embed (TrueType, OpenType, WOFF or WOFF2)");
			goto fail;
		}
		media_hash(b.data, b.len, hex);
		for (j = 0; j < p->nfonts; j++)
			if (strstr(p->fonts[j].href, hex) != NULL)
				break;
		if (j < p->nfonts)
			continue;	/* the same file twice */
		p->fonts = xreallocarray(p->fonts, p->nfonts + 1,
		    sizeof(*p->fonts));
		f = &p->fonts[p->nfonts++];
		memset(f, 0, sizeof(*f));
		f->kind = k->type;
		f->format = k->format;
		f->family = family(l->v[i]);
		f->size = b.len;
		f->data = buf_detach(&b);
		buf_printf(&b, "font-%s", hex);
		f->id = buf_detach(&b);
		buf_printf(&b, "fonts/%s.%s", hex, k->ext);
		f->href = buf_detach(&b);
	}
	buf_fini(&b);
	return 0;
fail:
	buf_fini(&b);
	return -1;
}

void
package_fonts_css(const struct package *p, struct buf *css)
{
	size_t	 i;

	for (i = 0; i < p->nfonts; i++)
		buf_printf(css, "%s@font-face {\n\tfont-family: \"%s\";\n"
		    "\tsrc: url(\"../%s\") format(\"%s\");\n}\n",
		    i == 0 ? "\n/* --font */\n" : "", p->fonts[i].family,
		    p->fonts[i].href, p->fonts[i].format);
}

void
package_fonts_fini(struct package *p)
{
	size_t	 i;

	for (i = 0; i < p->nfonts; i++) {
		free(p->fonts[i].id);
		free(p->fonts[i].href);
		free(p->fonts[i].family);
		free(p->fonts[i].data);
	}
	free(p->fonts);
}
