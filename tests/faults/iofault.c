/*
 * I/O failure on demand, for tests only: an LD_PRELOAD object that
 * makes one kind of call fail with a chosen errno.
 *
 *	SHEAF_IOFAULT=CALL:ERRNO[:N]	fail the N-th matching call (by
 *					default the first; 0: every one)
 *	SHEAF_IOFAULT_PATH=PATTERN	count only calls on a path that
 *					matches this fnmatch(3) pattern
 *	SHEAF_IOFAULT_LOG=FILE		append a line per failure made
 *
 * CALL is open (for writing), mkstemp, write, copy_file_range (by
 * its output), fsync, close or rename;
 * ERRNO is ENOSPC, EIO, EACCES, EFBIG or EROFS. Calls on descriptors
 * are matched by the path /proc/self/fd gives; rename by either path.
 * A failed close still closes the descriptor, as close(2) does.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static const struct {
	const char	*name;
	int		 value;
} errnos[] = {
	{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EACCES", EACCES },
	{ "EFBIG", EFBIG }, { "EROFS", EROFS },
};

static char	 call[16];	/* the call to fail, "" for none */
static int	 err;
static long	 nth = 1, seen;
static int	 ready;

static void
setup(void)
{
	const char	*s = getenv("SHEAF_IOFAULT");
	const char	*colon;
	size_t		 i, n;

	ready = 1;
	if (s == NULL || (colon = strchr(s, ':')) == NULL ||
	    (n = (size_t)(colon - s)) >= sizeof(call))
		return;
	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++) {
		n = strlen(errnos[i].name);
		if (strncmp(colon + 1, errnos[i].name, n) == 0 &&
		    (colon[1 + n] == '\0' || colon[1 + n] == ':')) {
			err = errnos[i].value;
			if (colon[1 + n] == ':')
				nth = strtol(colon + 2 + n, NULL, 10);
			memcpy(call, s, (size_t)(colon - s));
			call[colon - s] = '\0';
			return;
		}
	}
}

static int
matches(const char *path)
{
	const char	*pat = getenv("SHEAF_IOFAULT_PATH");

	return pat == NULL || (path != NULL && fnmatch(pat, path, 0) == 0);
}

static int
fd_matches(int fd)
{
	char	 link[64], path[PATH_MAX];
	ssize_t	 n;

	if (getenv("SHEAF_IOFAULT_PATH") == NULL)
		return 1;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof(path) - 1)) == -1)
		return 0;
	path[n] = '\0';
	return matches(path);
}

/* Whether calls of name are the ones to fail. */
static int
want(const char *name)
{
	if (!ready)
		setup();
	return strcmp(name, call) == 0;
}

/* Whether this call of name, on a matching path, is to fail. */
static int
fails(const char *name, int match)
{
	const char	*log;
	FILE		*f;

	if (!want(name) || !match)
		return 0;
	seen++;
	if (nth != 0 && seen != nth)
		return 0;
	if ((log = getenv("SHEAF_IOFAULT_LOG")) != NULL &&
	    (f = fopen(log, "a")) != NULL) {
		fprintf(f, "%s #%ld: %s\n", name, seen, strerror(err));
		fclose(f);
	}
	errno = err;
	return 1;
}

static void *
next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

int
open(const char *path, int flags, ...)
{
	int	(*real)(const char *, int, ...) = next("open");
	va_list	 ap;
	mode_t	 mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if ((flags & (O_WRONLY | O_RDWR | O_CREAT)) &&
	    fails("open", matches(path)))
		return -1;
	return real(path, flags, mode);
}

int
mkstemp(char *tmpl)
{
	int	(*real)(char *) = next("mkstemp");

	if (fails("mkstemp", matches(tmpl)))
		return -1;
	return real(tmpl);
}

ssize_t
write(int fd, const void *p, size_t n)
{
	ssize_t	(*real)(int, const void *, size_t) = next("write");

	if (fd > 2 && want("write") && fails("write", fd_matches(fd)))
		return -1;
	return real(fd, p, n);
}

ssize_t
copy_file_range(int in, off_t *inoff, int out, off_t *outoff, size_t n,
    unsigned flags)
{
	ssize_t	(*real)(int, off_t *, int, off_t *, size_t, unsigned) =
		    next("copy_file_range");

	if (want("copy_file_range") &&
	    fails("copy_file_range", fd_matches(out)))
		return -1;
	return real(in, inoff, out, outoff, n, flags);
}

int
fsync(int fd)
{
	int	(*real)(int) = next("fsync");

	if (want("fsync") && fails("fsync", fd_matches(fd)))
		return -1;
	return real(fd);
}

int
close(int fd)
{
	int	(*real)(int) = next("close");

	if (fd > 2 && want("close") && fails("close", fd_matches(fd))) {
		real(fd);
		errno = err;
		return -1;
	}
	return real(fd);
}

int
rename(const char *from, const char *to)
{
	int	(*real)(const char *, const char *) = next("rename");

	if (fails("rename", matches(from) || matches(to)))
		return -1;
	return real(from, to);
}
