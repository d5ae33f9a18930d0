/*
 * A pack: many small cache entries in one file, each under a key of 32
 * hex digits, so that a build reads and writes one file rather than
 * one per entry (making thousands of small files costs more than the
 * work they save). A build opens the last pack of its kind, keeps the
 * entries it uses and adds new ones; when it is done, the pack holds
 * those only: entries no longer used are gone. The pack is added to in
 * place while one build holds it (flock(2)) and written anew, a
 * successor replacing it, when mostly dead or held by another build.
 *
 * The file: a magic line, the entries (each checked by its CRC-32),
 * then an index of keys, places, lengths and CRCs, then a trailer with
 * the index's place, size and CRC. A pack that fails any check is
 * read as empty. Safe from several threads at once.
 */
#ifndef SHEAF_CACHE_PACK_H
#define SHEAF_CACHE_PACK_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct cache_pack;

/*
 * Open dir/name (which may not exist yet): in place, or with its
 * successor, a temporary file in dir tracked for removal if sheaf
 * stops early. NULL when no successor can be made.
 */
struct cache_pack *cache_pack_open(const char *dir, const char *name);

/*
 * The entry under key (32 hex digits) into out (replacing its
 * contents). Returns 0, or -1 when there is none or it is damaged.
 * An entry stays for the next build only when kept or put again.
 */
int		 cache_pack_get(struct cache_pack *, const char *key,
		    struct buf *out);

/*
 * Keep the entry under key, just read with cache_pack_get(), for the
 * next build without writing it again: where its bytes lie in the file
 * of cache_pack_fd(). -1 when it cannot (a successor): put it then.
 */
int64_t		 cache_pack_keep(struct cache_pack *, const char *key);

/* The file entries are written to, open for reading and writing. */
int		 cache_pack_fd(const struct cache_pack *);

/*
 * Add an entry under key. Returns where its bytes lie in the file of
 * cache_pack_fd(), or -1 when they could not be written.
 */
int64_t		 cache_pack_put(struct cache_pack *, const char *key,
		    const void *, size_t);

/*
 * With commit, let the successor replace the pack; else remove it.
 * Frees the pack either way.
 */
void		 cache_pack_close(struct cache_pack *, int commit);

#endif
