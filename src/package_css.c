/*
 * The book's one stylesheet, styles/sheaf.css: the theme's files from
 * assets/themes/ (base.css first in all, serif and sans build on
 * default), vertical.css when
 * the book is set vertically, then the user's --css file, in that
 * order so that each may override what comes before.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "package.h"
#include "template.h"
#include "package_int.h"

static const struct theme {
	const char	*name;
	const char	*files[4];	/* under assets/, NULL-terminated */
} themes[] = {
	{ "default",	{ "themes/base.css", "themes/default.css", NULL } },
	{ "serif",	{ "themes/base.css", "themes/default.css",
			  "themes/serif.css", NULL } },
	{ "sans",	{ "themes/base.css", "themes/default.css",
			  "themes/sans.css", NULL } },
	{ "plain",	{ "themes/base.css", "themes/plain.css", NULL } },
};

#define NTHEMES	(sizeof(themes) / sizeof(themes[0]))

static const struct theme *
theme_find(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return &themes[0];
	for (i = 0; i < NTHEMES; i++)
		if (strcmp(themes[i].name, name) == 0)
			return &themes[i];
	return NULL;
}

int
package_theme_known(const char *name)
{
	return theme_find(name) != NULL;
}

static int
add_asset(const char *name, struct buf *out, struct diag *d)
{
	const unsigned char	*p;
	size_t			 n;

	if ((p = asset_get(name, &n)) == NULL) {
		diag_error(d, NULL, 0, 0, "%s is missing from sheaf", name);
		return -1;
	}
	buf_put(out, (const char *)p, n);
	return 0;
}

/* Append the user's file, with a comment that says where it starts. */
static int
add_file(const char *path, struct buf *out, struct diag *d)
{
	FILE	*f;
	char	 chunk[8192];
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "rb")) == NULL) {
		diag_error(d, path, 0, 0, "cannot read stylesheet: %s",
		    strerror(errno));
		return -1;
	}
	BUF_PUTSL(out, "\n/* --css */\n");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(out, chunk, n);
	if (ferror(f)) {
		diag_error(d, path, 0, 0, "cannot read stylesheet: %s",
		    strerror(errno));
		rc = -1;
	}
	fclose(f);
	return rc;
}

int
package_css(const struct config *cfg, struct buf *out, struct diag *d)
{
	const struct theme	*t;
	size_t			 i;

	if ((t = theme_find(cfg != NULL ? cfg->look.theme : NULL)) == NULL) {
		diag_error(d, NULL, 0, 0, "unknown theme: %s", cfg->look.theme);
		return -1;
	}
	for (i = 0; t->files[i] != NULL; i++)
		if (add_asset(t->files[i], out, d) == -1)
			return -1;
	if (cfg != NULL && cfg->look.vertical &&
	    add_asset("themes/vertical.css", out, d) == -1)
		return -1;
	if (cfg != NULL && cfg->look.css != NULL &&
	    add_file(cfg->look.css, out, d) == -1)
		return -1;
	return 0;
}
