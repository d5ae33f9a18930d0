/*
 * Progress hooks: what main hands to the stages that take long
 * (convert, fetch, package), so that it can show a progress line on a
 * terminal. The stages only call them; the struct, and any hook in
 * it, may be NULL.
 */
#ifndef SHEAF_PROGRESS_H
#define SHEAF_PROGRESS_H

#include <stddef.h>

struct progress {
	void	(*article)(void *arg);	/* an article converted; any thread */
	void	(*images)(void *arg, size_t done, size_t total);
					/* transfers ended, of total */
	void	(*write)(void *arg, size_t done, size_t total);
					/* bytes of the book written */
	void	 *arg;
};

#endif
