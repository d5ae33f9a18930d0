/*
 * Allocation failure on demand, for tests only: an LD_PRELOAD object
 * whose malloc, calloc and realloc fail the N-th call made once main
 * has started (SHEAF_FAIL_ALLOC=N), whoever makes it: sheaf's xmalloc,
 * libxml2, libyaml, libzip, md4c or the C library. With
 * SHEAF_FAIL_ALLOC_COUNT=FILE it writes there, at exit, how many
 * calls the run made, so a test can walk N over all of them; with
 * SHEAF_FAIL_ALLOC_TRACE=1 it prints a backtrace of the failed call.
 * Calls made before main (the loader, library constructors) are not
 * counted: a program cannot act on those.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void	*__libc_malloc(size_t);
extern void	*__libc_calloc(size_t, size_t);
extern void	*__libc_realloc(void *, size_t);

static unsigned long	 calls;		/* counted since main began */
static unsigned long	 fail_at;	/* 0: never */
static int		 armed, trace, tracing;

/* The test hook proper: count one call, and say whether it fails. */
static int
fails(void)
{
	void	*frames[32];
	int	 n;

	if (!armed)
		return 0;
	if (++calls != fail_at)
		return 0;
	if (trace && !tracing) {
		tracing = 1;
		n = backtrace(frames, 32);
		(void)!write(STDERR_FILENO, "allocfail: failing here\n", 24);
		backtrace_symbols_fd(frames, n, STDERR_FILENO);
		tracing = 0;
	}
	errno = ENOMEM;
	return 1;
}

void *
malloc(size_t n)
{
	return fails() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	return fails() ? NULL : __libc_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
	return fails() ? NULL : __libc_realloc(p, n);
}

static void
report(void)
{
	const char	*path = getenv("SHEAF_FAIL_ALLOC_COUNT");
	FILE		*f;

	armed = 0;
	if (path != NULL && (f = fopen(path, "w")) != NULL) {
		fprintf(f, "%lu\n", calls);
		fclose(f);
	}
}

typedef int	(*main_fn)(int, char **, char **);
static main_fn	 real_main;

static int
counted_main(int argc, char **argv, char **envp)
{
	const char	*s = getenv("SHEAF_FAIL_ALLOC");

	fail_at = s != NULL ? strtoul(s, NULL, 10) : 0;
	trace = getenv("SHEAF_FAIL_ALLOC_TRACE") != NULL;
	atexit(report);
	armed = 1;
	return real_main(argc, argv, envp);
}

/* Start counting where the program's own code starts. */
int
__libc_start_main(main_fn main, int argc, char **argv,
    void (*init)(void), void (*fini)(void), void (*rtld_fini)(void),
    void *stack_end)
{
	int	(*next)(main_fn, int, char **, void (*)(void),
		    void (*)(void), void (*)(void), void *);

	next = (int (*)(main_fn, int, char **, void (*)(void),
	    void (*)(void), void (*)(void), void *))dlsym(RTLD_NEXT,
	    "__libc_start_main");
	real_main = main;
	return next(counted_main, argc, argv, init, fini, rtld_fini,
	    stack_end);
}
