/*
 * A string-keyed hash table for the sets and maps of names sheaf
 * keeps while it works: the ids of a document and the fragments its
 * links point to, the images and addresses of a book, the folders of
 * its articles. Open addressing with linear probing (FNV-1a), the
 * slots doubled when a key would fill more than half of them; keys
 * are copied. A zeroed struct hmap is an empty table. Not safe from
 * several threads at once.
 */
#ifndef SHEAF_HMAP_H
#define SHEAF_HMAP_H

#include <stddef.h>

struct hent {
	char	*key;		/* owned copy; NULL in a free slot */
	char	*val;		/* owned, freed by hmap_fini(); or NULL */
	size_t	 next;		/* the caller's: 2 at first, the next suffix
				   to try when renaming, or an index */
};

struct hmap {
	struct hent	*v;
	size_t		 n;	/* keys in the table */
	size_t		 cap;	/* slots: 0, or a power of two */
};

/*
 * The entry of key, or NULL when the table has none. The pointer is
 * good until the next hmap_put(), which may move every entry.
 */
struct hent	*hmap_get(const struct hmap *, const char *key);

/*
 * The entry of key, added when missing with a copy of key, val NULL
 * and next 2. Never NULL: out of memory aborts. Entries returned
 * before may have moved (see hmap_get()).
 */
struct hent	*hmap_put(struct hmap *, const char *key);

/*
 * Free every key and val and the slots; the table is empty again and
 * may be used anew. A zeroed table is left as it is.
 */
void		 hmap_fini(struct hmap *);

#endif
