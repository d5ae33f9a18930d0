/*
 * What the user asked for, from the command line (and, later, from
 * book.yml). Filled by main, read by every stage, owned by main.
 */
#ifndef SHEAF_CONFIG_H
#define SHEAF_CONFIG_H

#include <stddef.h>

enum group_by {
	GROUP_CATEGORY,
	GROUP_MONTH,
	GROUP_NONE
};

enum order {
	ORDER_DATE,		/* oldest first */
	ORDER_DATE_DESC,	/* newest first */
	ORDER_TITLE,
	ORDER_PATH
};

struct config {
	const char	**inputs;	/* files and folders, borrowed */
	size_t		  ninputs;
	enum group_by	  group_by;
	enum order	  order;
	const char	**categories;	/* selection; any level matches */
	size_t		  ncategories;
	const char	 *title;	/* overrides, or NULL */
	const char	 *author;
	const char	 *language;
	const char	 *cover;		/* local cover image file, or NULL */
	long		  tz_offset;	/* seconds east of UTC for naive dates */
	size_t		  max_article;	/* bytes; larger files are errors */
	int		  quiet;
	int		  verbose;
	int		  strict;
	size_t		  jobs;		/* conversion threads; 0: one a core */
};

#define CONFIG_MAX_ARTICLE	((size_t)16 << 20)

#endif
