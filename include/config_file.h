/*
 * book.yml: the settings of one or more books, read with libyaml
 * into struct config (the same settings as the options, which main
 * applies on top). Also the keyword tables that the options and the
 * file share, and the ownership of a config's lists.
 */
#ifndef SHEAF_CONFIG_FILE_H
#define SHEAF_CONFIG_FILE_H

#include "config.h"

struct diag;

/* One book a config file asks for. */
struct config_book {
	struct config	 cfg;
	const char	*output;	/* file or pattern, or NULL */
	const char	*name;		/* for messages: title, or "book N" */
};

/* A parsed book.yml: it owns the strings its books borrow. */
struct config_file;

/*
 * Read the book.yml at path. Every book starts as a copy of base,
 * takes the top-level settings, then its own entry of books: (one
 * book when there is no books: list). Paths in the file are made
 * relative to the file. Returns a new config_file the caller frees
 * with config_file_free(), or NULL after errors with FILE:LINE to d;
 * unknown keys are warnings.
 */
struct config_file	*config_file_load(const char *path,
			    const struct config *base, struct diag *);
void			 config_file_free(struct config_file *);
size_t			 config_file_nbooks(const struct config_file *);
struct config_book	*config_file_book(struct config_file *, size_t);

/*
 * Keywords shared by options and file: each returns 0 and sets its
 * field, or -1 when s is not one of its words.
 * "category", "category:N", "year", "month", "week", "day", "tag",
 * "author", "dir", "none".
 */
int	 config_group_parse(const char *s, struct config *);
int	 config_order_parse(const char *s, enum order *);
int	 config_chapter_order_parse(const char *s, enum chapter_order *);
int	 config_split_parse(const char *s, enum split_by *);
/* "+08:00", "-0530", "Z", "UTC" to seconds east of UTC. */
int	 config_zone_parse(const char *s, long *off);
/* A count: decimal digits, at most a billion. */
int	 config_count_parse(const char *s, size_t *out);
/* A size in bytes, more than 0: digits, then K or M (1024s) or none. */
int	 config_bytes_parse(const char *s, size_t *out);
/* A JPEG quality: 1 to 100. */
int	 config_quality_parse(const char *s, int *out);

/* Lists (config_list.c): a config owns its arrays, not their strings. */
void	 namelist_add(struct namelist *, const char *);
void	 config_add_category(struct config *, const char *);
/* A copy of src whose arrays are the copy's own. */
void	 config_copy(struct config *dst, const struct config *src);
void	 config_fini(struct config *);

#endif
