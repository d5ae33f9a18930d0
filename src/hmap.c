/*
 * The string-keyed hash table of include/hmap.h: open addressing,
 * linear probing from an FNV-1a hash, the slots doubled (from 64)
 * when a key would fill more than half of them. Base code, beside
 * buf.c: the convert stage keeps its sets and maps of names in it.
 */
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "xalloc.h"

static size_t
hash(const char *s)
{
	size_t	 h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

struct hent *
hmap_get(const struct hmap *h, const char *key)
{
	size_t	 i;

	if (h->cap == 0)
		return NULL;
	for (i = hash(key) & (h->cap - 1); h->v[i].key != NULL;
	    i = (i + 1) & (h->cap - 1))
		if (strcmp(h->v[i].key, key) == 0)
			return &h->v[i];
	return NULL;
}

struct hent *
hmap_put(struct hmap *h, const char *key)
{
	struct hent	*old = h->v, *e;
	size_t		 i, ocap = h->cap;

	if ((e = hmap_get(h, key)) != NULL)
		return e;
	if (2 * (h->n + 1) > h->cap) {
		h->cap = h->cap ? 2 * h->cap : 64;
		h->v = xcalloc(h->cap, sizeof(*h->v));
		for (i = 0; i < ocap; i++) {
			if (old[i].key == NULL)
				continue;
			for (e = &h->v[hash(old[i].key) & (h->cap - 1)];
			    e->key != NULL; e = e + 1 == h->v + h->cap ?
			    h->v : e + 1)
				continue;
			*e = old[i];
		}
		free(old);
	}
	for (i = hash(key) & (h->cap - 1); h->v[i].key != NULL;
	    i = (i + 1) & (h->cap - 1))
		continue;
	e = &h->v[i];
	e->key = xstrdup(key);
	e->val = NULL;
	e->next = 2;
	h->n++;
	return e;
}

void
hmap_fini(struct hmap *h)
{
	size_t	 i;

	for (i = 0; i < h->cap; i++) {
		free(h->v[i].key);
		free(h->v[i].val);
	}
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}
