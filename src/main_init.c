/*
 * The "sheaf init [DIR]" command, beside main.c: collect the articles
 * of DIR as a build would, then write DIR/book.yml describing them
 * (title, language, categories with their counts, the span of dates,
 * every other setting commented out), never over a file already there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "book.h"
#include "buf.h"
#include "collect.h"
#include "config.h"
#include "diag.h"
#include "main_int.h"

/* sheaf init [DIR]: write DIR/book.yml, guessed from its articles. */
static int
init(const char *dir)
{
	struct config	 cfg;
	struct diag	 d;
	struct book	*b = NULL;
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	size_t		 off = 0;
	ssize_t		 w;
	int		 fd = -1, rc = 1;

	memset(&cfg, 0, sizeof(cfg));
	cfg.max_article = CONFIG_MAX_ARTICLE;
	cfg.inputs = &dir;
	cfg.ninputs = 1;
	diag_init(&d);
	buf_printf(&path, "%s/book.yml", dir);
	if ((b = collect_run(&cfg, &d)) == NULL)
		goto out;
	collect_init_yml(b, &text);
	if ((fd = open(path.data, O_WRONLY | O_CREAT | O_EXCL, 0666)) == -1) {
		diag_error(&d, path.data, 0, 0, "cannot write: %s%s",
		    strerror(errno), errno == EEXIST ? " (not replaced)" : "");
		goto out;
	}
	while (off < text.len) {
		if ((w = write(fd, text.data + off, text.len - off)) == -1) {
			diag_error(&d, path.data, 0, 0, "cannot write: %s",
			    strerror(errno));
			goto out;
		}
		off += (size_t)w;
	}
	if (close(fd) == -1) {
		fd = -1;
		diag_error(&d, path.data, 0, 0, "cannot write: %s",
		    strerror(errno));
		goto out;
	}
	fd = -1;
	fprintf(stderr, "sheaf: wrote %s: %zu articles, %zu categories\n",
	    path.data, b->narticles, b->subjects.n);
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	main_diag_flush(&d);
	diag_fini(&d);
	book_free(b);
	buf_fini(&path);
	buf_fini(&text);
	return rc;
}

int
main_init(int argc, char *argv[])
{
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		main_usage();
	return init(argc == 2 ? argv[1] : ".");
}
