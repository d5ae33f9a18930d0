/*
 * Where sheaf keeps what it caches between builds: the fetched images
 * (fetch_cache.c) and the converted articles (convert_cache.c), each
 * in its own folder under one root.
 */
#ifndef SHEAF_CACHE_DIR_H
#define SHEAF_CACHE_DIR_H

struct buf;

/*
 * The folder sub of the cache root into out (replacing its contents),
 * made when missing (mode 0700): the root is dir when not NULL, else
 * $XDG_CACHE_HOME/sheaf, else $HOME/.cache/sheaf. Returns 0, or -1
 * with *why set to static text and out holding the folder it could
 * not use (or empty when there is no root).
 */
int	cache_dir(const char *dir, const char *sub, struct buf *out,
	    const char **why);

/*
 * Remove the temporary files (".tmp-*") older than an hour from
 * folder dir: left by runs killed while writing an entry; younger
 * ones may belong to a run still going.
 */
void	cache_sweep(const char *dir);

/*
 * Remove the regular files of folder dir whose names match and whose
 * time is more than age seconds old.
 */
void	cache_expire(const char *dir, int (*match)(const char *), long age);

/*
 * What a cached result depends on besides its inputs, as 32 hex
 * digits into hex: sheaf's own executable and the versions of zlib
 * and libzip, which make the bytes of the book. Returns 0, or -1 when
 * the executable cannot be read.
 */
int	cache_build_id(char hex[33]);

/*
 * The name of a book's entries in a cache folder into out (appended):
 * the hash of the absolute path of output, then ext (".pack").
 */
void	cache_book_name(const char *output, const char *ext, struct buf *out);

#endif
