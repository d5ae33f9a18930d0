/*
 * What the user asked for, from the command line and from book.yml
 * (config_file.c; options win). Filled by main; the settings every
 * stage reads sit at the top of struct config, the rest in one part
 * per concern (selection, metadata, look, images, network), each read
 * by the stages its comment names. Strings are borrowed: from argv,
 * or from the struct config_file that read them.
 */
#ifndef SHEAF_CONFIG_H
#define SHEAF_CONFIG_H

#include <stddef.h>

enum group_by {
	GROUP_CATEGORY,		/* top level, or down to group_depth */
	GROUP_MONTH,
	GROUP_NONE,
	GROUP_YEAR,
	GROUP_WEEK,		/* ISO 8601 week */
	GROUP_DAY,
	GROUP_TAG,		/* the first tag */
	GROUP_AUTHOR,
	GROUP_DIR		/* the folder under the input folder */
};

enum order {
	ORDER_DATE,		/* oldest first */
	ORDER_DATE_DESC,	/* newest first */
	ORDER_TITLE,		/* collated in the book's language */
	ORDER_PATH,
	ORDER_UPDATED,		/* by last update (else date), oldest first */
	ORDER_UPDATED_DESC
};

enum chapter_order {
	CHORDER_ARTICLES,	/* as their first articles come */
	CHORDER_TITLE,
	CHORDER_DATE,		/* oldest article first */
	CHORDER_DATE_DESC,	/* newest article first */
	CHORDER_COUNT		/* most articles first */
};

/* What split-by makes one book of. */
enum split_by {
	SPLIT_NONE,
	SPLIT_CATEGORY,		/* top-level category: {category} */
	SPLIT_YEAR,		/* {year} */
	SPLIT_MONTH		/* {month}, as YYYY-MM */
};

/* A list of borrowed strings. */
struct namelist {
	const char	**v;
	size_t		  n;
};

/*
 * The parts of a config, each read by the stage named: the selection
 * and chapters (collect), the book's metadata (collect, package), the
 * look (convert, package), images (convert) and the network (fetch).
 */
struct config_select {
	const char	**categories;	/* selection; any level matches */
	size_t		  ncategories;
	struct namelist	  exclude;	/* categories left out, any level */
	struct namelist	  tags;		/* any of them */
	struct namelist	  authors;	/* any of them */
	const char	 *since;	/* date, YYYY-MM or YYYY; inclusive */
	const char	 *until;
	const char	 *match;	/* substring or glob on the title */
	size_t		  limit;	/* first N after ordering; 0: all */
	size_t		  latest;	/* the N newest; 0: all */
	int		  drafts;	/* keep drafts */
	int		  future;	/* keep articles dated after now */
	enum group_by	  group_by;
	int		  group_depth;	/* category:N; 1 = top level */
	enum order	  order;
	enum chapter_order chapter_order;
	enum split_by	  split_by;
	const char	 *split_value;	/* the one book of a split, or NULL */
};

/* The book's metadata: overrides of what collect finds, or NULL. */
struct config_meta {
	const char	 *title;
	const char	 *subtitle;
	const char	 *author;
	struct namelist	  more_authors;	/* book.yml author lists */
	struct namelist	  author_roles;	/* MARC relator per more_authors,
					   or NULL */
	struct namelist	  author_file_as;	/* sort name, or NULL */
	const char	 *language;
	const char	 *identifier;
	const char	 *date;		/* publication date */
	const char	 *publisher;
	const char	 *rights;
	const char	 *description;
	struct namelist	  subjects;
	const char	 *cover;		/* cover image file or URL, or NULL */

	/* book.yml accessibility: what the user asserts, or NULL. */
	const char	 *a11y_summary;	/* schema:accessibilitySummary */
	const char	 *a11y_conformance;	/* dcterms:conformsTo */
	const char	 *a11y_certified_by;	/* a11y:certifiedBy */
};

/* The look of the book. */
struct config_look {
	const char	 *theme;	/* default, serif, sans, plain; NULL: default */
	const char	 *css;		/* a CSS file added after the theme, or NULL */
	int		  vertical;	/* vertical-rl text, pages turn right to left */
	struct namelist	  fonts;	/* --font files: TTF, OTF, WOFF */
};

/* How images are fitted into the book. */
struct config_images {
	size_t		  max_image_pixels;	/* 0: MEDIA_MAX_PIXELS */
	size_t		  max_image_bytes;	/* 0: MEDIA_MAX_IMAGE_BYTES */
	int		  image_quality;	/* JPEG, 1-100; 0: MEDIA_QUALITY */
	int		  grayscale;	/* every raster in shades of grey */
	int		  keep_proxies;	/* don't unwrap proxy addresses */
};

/* Where remote images may come from. */
struct config_net {
	int		  offline;	/* the cache only, no network */
	int		  allow_private_hosts;
	const char	**image_host_map;	/* "FROM=TO", borrowed */
	size_t		  nimage_host_map;
	long		  image_timeout;	/* seconds; 0: 60 */
};

struct config {
	const char	**inputs;	/* files and folders, borrowed */
	size_t		  ninputs;
	const char	 *output;	/* the book being built, or NULL;
					   names its cache of articles */
	const char	 *cache_dir;	/* NULL: $XDG_CACHE_HOME/sheaf */
	const char	 *site_root;	/* where site-root image paths
					   start, or NULL: detected */
	const char	 *site_url;	/* the blog's address, for links
					   to its pages; NULL: its config's */
	long		  tz_offset;	/* seconds east of UTC for naive dates */
	int		  tz_given;	/* tz_offset set by option or book.yml */
	size_t		  max_article;	/* bytes; larger files are errors */
	int		  quiet;
	int		  verbose;
	int		  strict;
	size_t		  jobs;		/* -j: books at once, or threads of one; 0: cores */

	struct config_select sel;
	struct config_meta   meta;
	struct config_look   look;
	struct config_images images;
	struct config_net    net;

};

#define CONFIG_MAX_ARTICLE	((size_t)16 << 20)
/* category:N deeper than this is refused. */
#define CONFIG_MAX_GROUP_DEPTH	8

#endif
