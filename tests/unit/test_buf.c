/* Unit tests: struct buf, xalloc's read_file, and the diag sink. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "xalloc.h"

static void
test_buf(void)
{
	struct buf	 b = BUF_INIT;
	char		*p;
	int		 i;

	EQ_STR(b.data, "", "a new buf is an empty string");
	BUF_PUTSL(&b, "ab");
	buf_putc(&b, 'c');
	buf_printf(&b, "%d-%s", 42, "x");
	EQ_STR(b.data, "abc42-x", "put, putc, printf");
	EQ_INT(b.len, 7, "length");
	for (i = 0; i < 10000; i++)
		buf_puts(&b, "0123456789");
	EQ_INT(b.len, 100007, "grows");
	EQ_INT(b.data[b.len], 0, "NUL-terminated after growth");
	buf_reset(&b);
	EQ_STR(b.data, "", "reset");
	buf_puts(&b, "kept");
	p = buf_detach(&b);
	EQ_STR(p, "kept", "detach hands the bytes over");
	EQ_STR(b.data, "", "detach leaves an empty buf");
	free(p);
	p = buf_detach(&b);
	EQ_STR(p, "", "detach of an empty buf");
	free(p);
	buf_puts_visible(&b, "a\tb\x1b[31m\x7f中");
	EQ_STR(b.data, "a\\x09b\\x1b[31m\\x7f中",
	    "controls visible, UTF-8 kept");
	buf_fini(&b);
}

static void
test_read_file(void)
{
	struct buf	 b = BUF_INIT;
	char		 dir[] = "/tmp/sheaf-test-XXXXXX", path[64], fifo[64];
	FILE		*f;

	OK(mkdtemp(dir) != NULL, "mkdtemp");
	snprintf(path, sizeof(path), "%s/a.txt", dir);
	f = fopen(path, "w");
	fputs("hello\n", f);
	fclose(f);
	EQ_INT(read_file(path, 100, &b), 0, "read a file");
	EQ_STR(b.data, "hello\n", "its bytes");
	buf_reset(&b);
	EQ_INT(read_file(path, 3, &b), -1, "over the cap");
	EQ_INT(errno, EFBIG, "EFBIG");
	EQ_INT(read_file(dir, 100, &b), -1, "a folder");
	EQ_INT(errno, EISDIR, "EISDIR");
	snprintf(fifo, sizeof(fifo), "%s/f.png", dir);
	OK(mkfifo(fifo, 0600) == 0, "mkfifo");
	EQ_INT(read_file(fifo, 100, &b), -1, "a FIFO is refused, no hang");
	EQ_INT(errno, EINVAL, "EINVAL");
	unlink(fifo);
	unlink(path);
	rmdir(dir);
	buf_fini(&b);
}

static void
test_diag(void)
{
	struct diag	 d;
	struct buf	 b = BUF_INIT;

	diag_init(&d);
	diag_note(&d, "x.md", 1, 0, "dropped unless verbose");
	EQ_INT(d.n, 0, "notes need verbose");
	diag_warn(&d, "posts/a.md", 3, 0, "unrecognised date: %s", "soon");
	EQ_INT(diag_failed(&d), 0, "a warning is not a failure");
	d.strict = 1;
	EQ_INT(diag_failed(&d), 1, "unless strict");
	d.strict = 0;
	diag_error(&d, "b\n.md", 4, 7, "YAML: %s", "bad");
	diag_error(&d, NULL, 0, 0, "no articles to pack");
	EQ_INT(diag_failed(&d), 1, "an error is");
	diag_format(&d.msgs[0], &b);
	EQ_STR(b.data, "posts/a.md:3: warning: unrecognised date: soon",
	    "format with a line");
	buf_reset(&b);
	diag_format(&d.msgs[1], &b);
	EQ_STR(b.data, "b\\x0a.md:4:7: error: YAML: bad",
	    "control bytes in names are escaped; column shown");
	buf_reset(&b);
	diag_format(&d.msgs[2], &b);
	EQ_STR(b.data, "error: no articles to pack", "no file");
	buf_fini(&b);
	diag_fini(&d);
}

int
main(void)
{
	test_buf();
	test_read_file();
	test_diag();
	return DONE();
}
