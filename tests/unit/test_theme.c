/*
 * Unit tests: every theme's stylesheet, as package writes it (alone
 * and with vertical.css), parses as CSS and holds the rules a CJK
 * book needs; --css is appended last; unknown themes are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "harness.h"
#include "package.h"
#include "package_int.h"

/*
 * A small CSS syntax check: comments and strings closed, braces
 * balanced, and each declaration in a block "name: value". Returns
 * 0, or the 1-based line of the first fault.
 */
static int
css_parse(const char *s)
{
	const char	*p, *colon, *end;
	int		 depth = 0, line = 1;

	for (p = s; *p != '\0'; p++) {
		if (*p == '\n')
			line++;
		else if (p[0] == '/' && p[1] == '*') {
			if ((end = strstr(p + 2, "*/")) == NULL)
				return line;
			for (; p < end; p++)
				line += *p == '\n';
			p++;
		} else if (*p == '"' || *p == '\'') {
			if ((end = strchr(p + 1, *p)) == NULL ||
			    memchr(p, '\n', (size_t)(end - p)) != NULL)
				return line;
			p = end;
		} else if (*p == '{') {
			if (++depth > 2)
				return line;
		} else if (*p == '}') {
			if (--depth < 0)
				return line;
		} else if (depth > 0 && *p != ' ' && *p != '\t' &&
		    *p != ';') {
			/* A declaration: a name, a colon, a value. */
			end = p + strcspn(p, ";}");
			colon = memchr(p, ':', (size_t)(end - p));
			if (colon == NULL || colon == p || colon + 1 == end)
				return line;
			for (; p < end - 1; p++)
				line += *p == '\n';
		}
	}
	return depth == 0 ? 0 : line;
}

/* No font-size, line-height or indent is given in px. */
static int
px_free(const char *s)
{
	static const char *const props[] = {
		"font-size:", "line-height:", "text-indent:", "font:"
	};
	const char	*p, *end, *q;
	size_t		 i;

	for (i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		for (p = s; (p = strstr(p, props[i])) != NULL; p++) {
			end = p + strcspn(p, ";}");
			for (q = p; q + 1 < end; q++)
				if (q[0] == 'p' && q[1] == 'x')
					return 0;
		}
	return 1;
}

/*
 * Every font-family list ends in a generic family, so a reader
 * without the named faces never falls back to a Latin-only default.
 */
static int
generic_last(const char *s)
{
	static const char *const generic[] = {
		"serif", "sans-serif", "monospace"
	};
	const char	*p, *end, *last;
	size_t		 i;
	int		 ok;

	for (p = s; (p = strstr(p, "font-family:")) != NULL; p = end) {
		end = p + strcspn(p, ";}");
		for (last = end; last > p && last[-1] != ',' &&
		    last[-1] != ':'; last--)
			continue;
		while (*last == ' ' || *last == '\n' || *last == '\t')
			last++;
		ok = 0;
		for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
			ok |= (size_t)(end - last) == strlen(generic[i]) &&
			    strncmp(last, generic[i], strlen(generic[i])) == 0;
		if (!ok)
			return 0;
	}
	return 1;
}

static char *
css_of(const char *theme, int vertical, const char *user)
{
	struct config	 cfg;
	struct diag	 d;
	struct buf	 out = BUF_INIT;
	int		 rc;

	memset(&cfg, 0, sizeof(cfg));
	cfg.look.theme = theme;
	cfg.look.vertical = vertical;
	cfg.look.css = user;
	diag_init(&d);
	rc = package_css(&cfg, &out, &d);
	diag_fini(&d);
	if (rc == -1) {
		buf_fini(&out);
		return NULL;
	}
	return buf_detach(&out);
}

static void
theme(const char *name, int vertical)
{
	char	*css = css_of(name, vertical, NULL);
	int	 full = strcmp(name, "plain") != 0;

	OK(css != NULL, "%s: built", name);
	if (css == NULL)
		return;
	EQ_INT(css_parse(css), 0, "parses (line of the first fault)");
	OK(px_free(css), "%s: no px for text", name);
	CONTAINS(css, "line-break: strict", "line-break");
	CONTAINS(css, "-epub-line-break: strict", "-epub-line-break");
	CONTAINS(css, "-epub-word-break:", "-epub-word-break");
	CONTAINS(css, "text-indent: 2em", "CJK indent");
	CONTAINS(css, ".article-body h1 + p", "no indent after headings");
	CONTAINS(css, ".article-body figure + p", "no indent after figures");
	CONTAINS(css, "max-width: 100%", "images fit the page");
	CONTAINS(css, "page-break-inside: avoid", "images not split");
	CONTAINS(css, "orphans: 2", "orphans");
	CONTAINS(css, "widows: 2", "widows");
	LACKS(css, "position: fixed", "nothing readers reject");
	LACKS(css, "@import", "no remote or extra sheets");
	if (full) {
		CONTAINS(css, "line-height: 1.8", "CJK line height");
		CONTAINS(css, "-epub-text-emphasis-style:", "emphasis dots");
		CONTAINS(css, "text-align: justify", "justified");
		CONTAINS(css, "hanging-punctuation:", "hanging punctuation");
		OK(generic_last(css), "%s: generic family last", name);
		CONTAINS(css, ":lang(zh-Hant)", "traditional faces");
		CONTAINS(css, "\"Noto Serif CJK SC\"", "CJK face named");
	} else {
		LACKS(css, "font-family", "plain leaves faces to the reader");
		LACKS(css, "line-height", "plain leaves spacing to the reader");
	}
	if (vertical) {
		CONTAINS(css, "-epub-writing-mode: vertical-rl",
		    "-epub-writing-mode");
		CONTAINS(css, "writing-mode: vertical-rl", "writing-mode");
		CONTAINS(css, "text-combine-upright: all", "tate-chu-yoko");
		CONTAINS(css, "-epub-text-combine: horizontal",
		    "-epub-text-combine");
	} else
		LACKS(css, "vertical-rl", "horizontal unless asked");
	free(css);
}

int
main(void)
{
	static const char *const names[] = {
		"default", "serif", "sans", "plain"
	};
	char		 path[] = "/tmp/sheaf-test-css-XXXXXX";
	char		*css;
	size_t		 i;
	FILE		*f;
	int		 fd;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		OK(package_theme_known(names[i]), "%s known", names[i]);
		theme(names[i], 0);
		theme(names[i], 1);
	}
	OK(!package_theme_known("fancy"), "unknown theme refused");
	OK(css_of("fancy", 0, NULL) == NULL, "unknown theme fails");
	EQ_INT(css_parse("a { color: red; } }"), 1, "stray brace found");
	EQ_INT(css_parse("a {\ncolor red; }"), 2, "missing colon found");
	OK(!px_free("p { font-size: 12px; }"), "px found");
	OK(generic_last("p { font-family: \"A\", serif; }"), "generic last");
	OK(!generic_last("p { font-family: serif, \"A\"; }"), "named last");

	/* --css: appended after the theme. */
	if ((fd = mkstemp(path)) != -1 && (f = fdopen(fd, "w")) != NULL) {
		fputs("p { color: #123456; }\n", f);
		fclose(f);
		css = css_of("sans", 1, path);
		OK(css != NULL && strstr(css, "#123456") != NULL &&
		    strstr(css, "#123456") > strstr(css, "vertical-rl"),
		    "--css comes last");
		free(css);
		unlink(path);
	}
	OK(css_of("default", 0, "/nonexistent/x.css") == NULL,
	    "missing --css file fails");
	return DONE();
}
