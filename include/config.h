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
	const char	 *cover;		/* cover image file or URL, or NULL */
	long		  tz_offset;	/* seconds east of UTC for naive dates */
	size_t		  max_article;	/* bytes; larger files are errors */
	const char	 *theme;	/* default, serif, sans, plain; NULL: default */
	const char	 *css;		/* a CSS file added after the theme, or NULL */
	int		  vertical;	/* vertical-rl text, pages turn right to left */
	int		  quiet;
	int		  verbose;
	int		  strict;
	int		  future;	/* keep articles dated after now */
	const char	 *site_root;	/* where site-root image paths
					   start, or NULL: detected */

	/* Images (fetch stage). */
	int		  offline;	/* the cache only, no network */
	const char	 *cache_dir;	/* NULL: $XDG_CACHE_HOME/sheaf */
	int		  allow_private_hosts;
	const char	**image_host_map;	/* "FROM=TO", borrowed */
	size_t		  nimage_host_map;
	size_t		  max_image_pixels;	/* 0: MEDIA_MAX_PIXELS */
	long		  image_timeout;	/* seconds; 0: 60 */
	int		  keep_proxies;	/* don't unwrap proxy addresses */
};

#define CONFIG_MAX_ARTICLE	((size_t)16 << 20)

#endif
