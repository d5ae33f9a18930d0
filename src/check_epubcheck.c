/*
 * sheaf check --epubcheck: run epubcheck on the book and relay its
 * errors and warnings into the diagnostics, in sheaf's form
 * ("BOOK/NAME(LINE): error: text [RSC-005]").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "diag.h"

#define DEBIAN_JAR	"/usr/share/java/epubcheck.jar"

/*
 * "ERROR(RSC-005): book.epub/EPUB/a.xhtml(12,3): text" → a message.
 * Lines of another shape (the summary, progress) are dropped.
 */
static void
relay(const char *line, struct diag *d)
{
	char		 rule[32], file[4096];
	const char	*p, *q, *text;
	int		 level, l = 0, col = 0;
	size_t		 n;

	if (strncmp(line, "ERROR(", 6) == 0 || strncmp(line, "FATAL(", 6) == 0)
		level = DIAG_ERROR;
	else if (strncmp(line, "WARNING(", 8) == 0)
		level = DIAG_WARNING;
	else
		return;
	p = strchr(line, '(') + 1;
	if ((q = strchr(p, ')')) == NULL || (size_t)(q - p) >= sizeof(rule))
		return;
	memcpy(rule, p, (size_t)(q - p));
	rule[q - p] = '\0';
	p = q + 1;
	if (strncmp(p, ": ", 2) == 0)
		p += 2;
	/* The place ends at the first ": " after the last "(" of it. */
	if ((text = strstr(p, ": ")) == NULL)
		text = p + strlen(p);
	n = (size_t)(text - p);
	if (n >= sizeof(file))
		n = sizeof(file) - 1;
	memcpy(file, p, n);
	file[n] = '\0';
	if ((q = strrchr(file, '(')) != NULL &&
	    sscanf(q, "(%d,%d)", &l, &col) >= 1)
		file[q - file] = '\0';
	if (*text == ':')
		text += 2;
	if (level == DIAG_ERROR)
		diag_error(d, file, l, 0, "%s [%s]", text, rule);
	else
		diag_warn(d, file, l, 0, "%s [%s]", text, rule);
}

int
check_epubcheck(const char *path, struct diag *d)
{
	const char	*jar = getenv("SHEAF_EPUBCHECK_JAR");
	char		 line[8192];
	FILE		*in;
	pid_t		 pid;
	int		 fds[2], status;
	size_t		 n;

	if (jar == NULL || *jar == '\0')
		jar = DEBIAN_JAR;
	if (access(jar, R_OK) == -1) {
		diag_warn(d, jar, 0, 0, "epubcheck not found: %s",
		    strerror(errno));
		return -1;
	}
	if (pipe(fds) == -1 || (pid = fork()) == -1) {
		diag_warn(d, NULL, 0, 0, "cannot run epubcheck: %s",
		    strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[1]);
		execlp("java", "java", "-jar", jar, "-q", "--failonwarnings",
		    path, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	if ((in = fdopen(fds[0], "r")) == NULL) {
		close(fds[0]);
		waitpid(pid, &status, 0);
		return -1;
	}
	while (fgets(line, sizeof(line), in) != NULL) {
		n = strlen(line);
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		relay(line, d);
	}
	fclose(in);
	if (waitpid(pid, &status, 0) == -1 ||
	    (WIFEXITED(status) && WEXITSTATUS(status) == 127)) {
		diag_warn(d, NULL, 0, 0, "cannot run epubcheck (java)");
		return -1;
	}
	return 0;
}
