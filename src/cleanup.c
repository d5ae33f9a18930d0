/*
 * Stopping early without leaving anything behind: the signal flag and
 * the temporary files a build may be writing (the book, and the pack
 * of its articles while the book is copied ahead). Everything the
 * handler touches is a static array or a sig_atomic_t, and it calls
 * only unlink() and _exit(), both async-signal-safe.
 */
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"

#define SLOTS	2

static volatile sig_atomic_t	 caught;	/* the first signal */
static volatile sig_atomic_t	 tracked[SLOTS];	/* path[i] is a file */
static char			 path[SLOTS][PATH_MAX];

/*
 * The first signal asks the stages to stop at their next check, and
 * gives them two seconds: a stage busy in a library call longer than
 * that is stopped by the alarm. A second signal stops at once.
 */
static void
on_signal(int sig)
{
	if (caught != 0)
		cleanup_exit(128 + caught);
	caught = sig;
	alarm(2);
}

static void
on_alarm(int sig)
{
	cleanup_exit(128 + caught);
}

void
cleanup_init(void)
{
	static const int	 sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction	 sa;
	size_t			 i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
}

int
cleanup_signal(void)
{
	return caught;
}

void
cleanup_track(const char *p)
{
	size_t	 i, n = strlen(p);

	if (n >= sizeof(path[0]))
		return;
	for (i = 0; i < SLOTS; i++)
		if (!tracked[i]) {
			memcpy(path[i], p, n + 1);
			tracked[i] = 1;
			return;
		}
}

void
cleanup_forget(const char *p)
{
	size_t	 i;

	for (i = 0; i < SLOTS; i++)
		if (tracked[i] && strcmp(path[i], p) == 0) {
			tracked[i] = 0;
			return;
		}
}

void
cleanup_exit(int status)
{
	size_t	 i;

	for (i = 0; i < SLOTS; i++)
		if (tracked[i])
			(void)unlink(path[i]);
	_exit(status);
}
