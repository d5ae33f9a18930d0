/*
 * Unit tests of struct hmap (src/hmap.c): an empty table, adding and
 * finding keys, keys copied, values and counters kept, growth past
 * many thousand keys with nothing lost, probes that wrap around the
 * end of the slots, and a table used again after hmap_fini().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "hmap.h"
#include "xalloc.h"

#define MANY	20000

/* The hash of src/hmap.c, to aim keys at a given slot. */
static size_t
fnv(const char *s)
{
	size_t	 h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
test_empty(void)
{
	struct hmap	 h;

	memset(&h, 0, sizeof(h));
	OK(hmap_get(&h, "a") == NULL, "an empty table has no key");
	OK(hmap_get(&h, "") == NULL, "nor the empty key");
	hmap_fini(&h);
	OK(h.v == NULL && h.n == 0 && h.cap == 0, "fini of an empty table");
}

static void
test_put_get(void)
{
	struct hmap	 h = { NULL, 0, 0 };
	struct hent	*e, *f;
	char		 key[] = "chapter-1";

	e = hmap_put(&h, key);
	OK(e != NULL, "put gives an entry");
	EQ_STR(e->key, "chapter-1", "the entry's key");
	OK(e->key != key, "the key is a copy");
	OK(e->val == NULL, "a new entry has no value");
	EQ_INT(e->next, 2, "a new entry's counter");
	EQ_INT(h.n, 1, "one key");
	EQ_INT(h.cap, 64, "the first slots");
	e->val = xstrdup("one");
	e->next = 7;

	key[8] = '2';		/* the caller's string changes */
	OK(hmap_get(&h, "chapter-2") == NULL, "the copy did not change");
	f = hmap_get(&h, "chapter-1");
	OK(f == e, "get finds the entry put");
	EQ_STR(f != NULL ? f->val : NULL, "one", "its value");
	EQ_INT(f != NULL ? f->next : 0, 7, "its counter");

	f = hmap_put(&h, "chapter-1");
	OK(f == e, "put of a key there gives its entry");
	EQ_STR(f->val, "one", "value kept by a second put");
	EQ_INT(f->next, 7, "counter kept by a second put");
	EQ_INT(h.n, 1, "still one key");

	OK(hmap_get(&h, "chapter") == NULL, "a prefix is another key");
	OK(hmap_get(&h, "chapter-10") == NULL, "a longer key too");
	OK(hmap_get(&h, "") == NULL, "the empty key is missing");
	e = hmap_put(&h, "");
	EQ_STR(e->key, "", "the empty key can be put");
	OK(hmap_get(&h, "") == e, "and found");
	OK(hmap_get(&h, "chapter-1") != NULL, "the other key stays");
	EQ_INT(h.n, 2, "two keys");
	hmap_fini(&h);
	OK(h.v == NULL && h.n == 0 && h.cap == 0, "fini empties the table");
	OK(hmap_get(&h, "chapter-1") == NULL, "nothing after fini");
}

static void
test_growth(void)
{
	struct hmap	 h = { NULL, 0, 0 };
	struct hent	*e;
	char		 key[32], val[32];
	size_t		 i, found = 0, right = 0, missing = 0;

	for (i = 0; i < MANY; i++) {
		snprintf(key, sizeof(key), "images/%zu.png", i);
		e = hmap_put(&h, key);
		if (e->val != NULL)
			break;
		snprintf(val, sizeof(val), "v%zu", i);
		e->val = xstrdup(val);
		e->next = i;
	}
	EQ_INT(i, MANY, "every key was new");
	EQ_INT(h.n, MANY, "the count of keys");
	OK(h.cap >= 2 * h.n, "at most half the slots taken (cap %zu)", h.cap);
	OK((h.cap & (h.cap - 1)) == 0, "slots a power of two (cap %zu)",
	    h.cap);
	for (i = 0; i < MANY; i++) {
		snprintf(key, sizeof(key), "images/%zu.png", i);
		snprintf(val, sizeof(val), "v%zu", i);
		if ((e = hmap_get(&h, key)) == NULL)
			continue;
		found++;
		right += strcmp(e->key, key) == 0 &&
		    strcmp(e->val, val) == 0 && e->next == i;
	}
	EQ_INT(found, MANY, "every key found after growth");
	EQ_INT(right, MANY, "with its key, value and counter");
	for (i = 0; i < MANY; i++) {
		snprintf(key, sizeof(key), "images/%zu.jpg", i);
		missing += hmap_get(&h, key) == NULL;
	}
	EQ_INT(missing, MANY, "keys never put are missing");
	e = hmap_put(&h, "images/7.png");
	EQ_STR(e->val, "v7", "put after growth finds the old entry");
	EQ_INT(h.n, MANY, "and adds nothing");
	hmap_fini(&h);

	/* Used again after fini. */
	e = hmap_put(&h, "again");
	EQ_STR(e->key, "again", "a table can be used after fini");
	EQ_INT(h.n, 1, "one key in it");
	EQ_INT(h.cap, 64, "with the first slots");
	hmap_fini(&h);
}

/*
 * Keys that all hash to the last slot, of 64 and of 128: the probe
 * wraps to the first slot, both when a key is put and when the slots
 * are doubled.
 */
static void
test_wrap(void)
{
	struct hmap	 h = { NULL, 0, 0 };
	struct hent	*e;
	char		 keys[4][32], key[32];
	size_t		 i, n = 0, found = 0;

	for (i = 0; n < 4 && i < 1000000; i++) {
		snprintf(key, sizeof(key), "id-%zu", i);
		if ((fnv(key) & 127) == 127)
			memcpy(keys[n++], key, sizeof(key));
	}
	EQ_INT(n, 4, "four keys for the last slot");
	for (i = 0; i < n; i++)
		hmap_put(&h, keys[i])->val = xstrdup(keys[i]);
	EQ_INT(h.cap, 64, "no growth yet");
	OK(h.v[63].key != NULL && strcmp(h.v[63].key, keys[0]) == 0,
	    "the first key in the last slot");
	OK(h.v[0].key != NULL && strcmp(h.v[0].key, keys[1]) == 0,
	    "the second wrapped to the first slot");
	for (i = 0; i < n; i++)
		found += (e = hmap_get(&h, keys[i])) != NULL &&
		    strcmp(e->val, keys[i]) == 0;
	EQ_INT(found, 4, "all found across the wrap");
	OK(hmap_get(&h, "id-none") == NULL, "a missing key still missing");
	for (i = 0; h.cap == 64; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		hmap_put(&h, key);
	}
	EQ_INT(h.cap, 128, "grown past half full");
	EQ_INT(h.n, 4 + i, "no key lost in growth");
	for (found = 0, i = 0; i < n; i++)
		found += (e = hmap_get(&h, keys[i])) != NULL &&
		    strcmp(e->val, keys[i]) == 0;
	EQ_INT(found, 4, "the wrapped keys found after growth");
	OK(h.v[127].key != NULL && strncmp(h.v[127].key, "id-", 3) == 0,
	    "one of them in the last slot of the new ones");
	hmap_fini(&h);
}

int
main(void)
{
	test_empty();
	test_put_get();
	test_growth();
	test_wrap();
	return DONE();
}
