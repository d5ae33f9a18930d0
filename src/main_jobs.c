/*
 * Several books at once: each book of a collection is built in a
 * child process of its own, at most max at a time, so a crash or an
 * error in one book never stops the others. A child's standard error
 * goes into a pipe and is relayed whole once the child has ended, in
 * the order the books were started, so the messages of two books
 * never interleave and read as a sequential build's would. A signal
 * to sheaf is passed on to the children, which remove their own
 * temporary files (cleanup.c) and stop.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cleanup.h"
#include "xalloc.h"
#include "main_int.h"

struct job {
	char		*name;		/* for messages */
	pid_t		 pid;		/* 0 once reaped, or never started */
	int		 fd;		/* read end of its stderr, or -1 */
	struct buf	 err;		/* what it wrote, held back */
	int		 done;
	int		 failed;
};

struct main_jobs {
	struct job	*v;
	size_t		 n;
	size_t		 max;		/* children at once */
	size_t		 running;
	size_t		 relayed;	/* jobs whose output is shown */
	size_t		 failed;
	int		 forwarded;	/* the signal was passed on */
};

struct main_jobs *
main_jobs_new(size_t max)
{
	struct main_jobs	*p = xcalloc(1, sizeof(*p));
	long			 cores;

	if (max == 0) {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		max = cores > 0 ? (size_t)cores : 1;
	}
	p->max = max;
	return p;
}

/* Show the output of the finished jobs that no unfinished one precedes. */
static void
relay(struct main_jobs *p)
{
	struct job	*j;

	for (; p->relayed < p->n && p->v[p->relayed].done; p->relayed++) {
		j = &p->v[p->relayed];
		fwrite(j->err.data, 1, j->err.len, stderr);
		fflush(stderr);
		buf_fini(&j->err);
	}
}

/* The job j has ended, or could not start. */
static void
finish(struct main_jobs *p, struct job *j, int failed)
{
	j->failed = failed;
	p->failed += failed != 0;
	j->done = 1;
	j->pid = 0;
	p->running--;
	relay(p);
}

/* Pass the first signal sheaf received on to the running children. */
static void
forward(struct main_jobs *p)
{
	size_t	 i;

	if (p->forwarded || cleanup_signal() == 0)
		return;
	p->forwarded = 1;
	alarm(0);	/* the children stop by themselves: wait for them */
	for (i = 0; i < p->n; i++)
		if (p->v[i].pid > 0)
			kill(p->v[i].pid, cleanup_signal());
}

/*
 * Read what the running children write until one of them ends (or a
 * signal comes). A child is reaped once its pipe is closed.
 */
static void
step(struct main_jobs *p)
{
	struct pollfd	*fds;
	struct job	*j;
	size_t		 i, k, nfd = 0;
	ssize_t		 r;
	char		 chunk[4096];
	int		 status;

	fds = xreallocarray(NULL, p->running, sizeof(*fds));
	for (i = 0; i < p->n; i++)
		if (p->v[i].fd != -1) {
			fds[nfd].fd = p->v[i].fd;
			fds[nfd].events = POLLIN;
			fds[nfd++].revents = 0;
		}
	forward(p);
	/* A timeout, so that a signal between the two is passed on soon. */
	if (poll(fds, nfd, 200) <= 0) {
		free(fds);
		forward(p);
		return;
	}
	for (k = 0; k < nfd; k++) {
		if (fds[k].revents == 0)
			continue;
		for (i = 0; p->v[i].fd != fds[k].fd; i++)
			;
		j = &p->v[i];
		r = read(j->fd, chunk, sizeof(chunk));
		if (r > 0) {
			buf_put(&j->err, chunk, (size_t)r);
			continue;
		}
		if (r == -1 && errno == EINTR)
			continue;
		close(j->fd);
		j->fd = -1;
		while (waitpid(j->pid, &status, 0) == -1 && errno == EINTR)
			forward(p);
		if (WIFSIGNALED(status))
			buf_printf(&j->err, "sheaf: %s: stopped by %s: not "
			    "written\n", j->name, strsignal(WTERMSIG(status)));
		else if (WEXITSTATUS(status) != 0 && cleanup_signal() == 0)
			buf_printf(&j->err, "sheaf: %s: not written\n",
			    j->name);
		finish(p, j, !WIFEXITED(status) || WEXITSTATUS(status) != 0);
	}
	free(fds);
	forward(p);
}

void
main_jobs_start(struct main_jobs *p, const char *name, int (*fn)(void *),
    void *arg)
{
	struct job	*j;
	size_t		 i;
	int		 pipefd[2], rc;

	while (p->running >= p->max)
		step(p);
	p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
	j = &p->v[p->n++];
	memset(j, 0, sizeof(*j));
	buf_init(&j->err);
	j->name = xstrdup(name);
	j->fd = -1;
	p->running++;
	if (cleanup_signal() != 0) {
		finish(p, j, 1);	/* not started: stopped already */
		return;
	}
	fflush(stdout);
	fflush(stderr);
	if (pipe(pipefd) == -1) {
		pipefd[0] = pipefd[1] = -1;
		j->pid = -1;
	} else
		j->pid = fork();
	if (j->pid == -1) {
		buf_printf(&j->err, "sheaf: %s: cannot start: %s\n", name,
		    strerror(errno));
		if (pipefd[0] != -1) {
			close(pipefd[0]);
			close(pipefd[1]);
		}
		j->pid = 0;
		finish(p, j, 1);
		return;
	}
	if (j->pid == 0) {
		/* The child: its stderr is the pipe, the other ends closed. */
		for (i = 0; i + 1 < p->n; i++)
			if (p->v[i].fd != -1)
				close(p->v[i].fd);
		close(pipefd[0]);
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[1]);
		signal(SIGPIPE, SIG_IGN);	/* sheaf gone: still clean up */
		rc = fn(arg);
		fflush(stdout);
		fflush(stderr);
		_exit(rc);
	}
	close(pipefd[1]);
	j->fd = pipefd[0];
}

size_t
main_jobs_wait(struct main_jobs *p, int quiet)
{
	size_t	 i, k;

	while (p->running > 0)
		step(p);
	relay(p);
	if (p->failed == 0 && quiet)
		return 0;
	fprintf(stderr, "sheaf: %zu of %zu book%s written", p->n - p->failed,
	    p->n, p->n == 1 ? "" : "s");
	for (i = 0, k = 0; i < p->n; i++)
		if (p->v[i].failed)
			fprintf(stderr, "%s%s", k++ == 0 ? "; not written: " :
			    ", ", p->v[i].name);
	fputc('\n', stderr);
	return p->failed;
}

void
main_jobs_free(struct main_jobs *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->v[i].name);
		buf_fini(&p->v[i].err);
	}
	free(p->v);
	free(p);
}
