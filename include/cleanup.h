/*
 * Stopping early without leaving anything behind. A build writes its
 * temporary files, the book in progress and the pack of its articles,
 * tracked here. SIGINT, SIGTERM
 * and SIGHUP only set a flag that the stages poll between articles
 * and that cancels zip_close(); a second signal, two seconds without
 * stopping, or running out of memory remove the tracked file at once
 * and exit.
 */
#ifndef SHEAF_CLEANUP_H
#define SHEAF_CLEANUP_H

/* Install the signal handlers. */
void	 cleanup_init(void);

/* The signal received (the first of them), or 0. */
int	 cleanup_signal(void);

/* Remove path if sheaf stops early; forget it again. Two at a time. */
void	 cleanup_track(const char *path);
void	 cleanup_forget(const char *path);

/* Remove the tracked file and _exit(status): safe in a handler. */
void	 cleanup_exit(int status) __attribute__((noreturn));

#endif
