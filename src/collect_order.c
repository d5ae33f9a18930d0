/*
 * The order of the articles: by date, last update, path, or title
 * collated for the book's language with ICU (Chinese in pinyin order,
 * as zh@collation=pinyin gives; Japanese and Latin scripts in their
 * own collation). Each title gets one sort key up front, so sorting
 * is a plain comparison of bytes; ties go by path.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "book.h"
#include "config.h"
#include "diag.h"
#include "xalloc.h"
#include "collect_int.h"

struct collator {
	UCollator	*uc;
};

struct sortrec {
	struct article	*a;
	char		*key;		/* collation key, ORDER_TITLE */
	enum order	 order;
};

struct collator *
collect_collator_new(const char *lang, struct diag *d)
{
	struct collator	*c;
	UErrorCode	 err = U_ZERO_ERROR;
	char		 loc[ULOC_FULLNAME_CAPACITY];

	if (lang == NULL || strncmp(lang, "zh", 2) == 0)
		memcpy(loc, "zh@collation=pinyin", sizeof("zh@collation=pinyin"));
	else if (uloc_forLanguageTag(lang, loc, sizeof(loc), NULL, &err) <= 0 ||
	    U_FAILURE(err)) {
		err = U_ZERO_ERROR;
		memcpy(loc, "root", sizeof("root"));
	}
	c = xcalloc(1, sizeof(*c));
	c->uc = ucol_open(loc, &err);
	if (U_FAILURE(err)) {
		diag_error(d, NULL, 0, 0, "cannot open the collation for %s: "
		    "%s", loc, u_errorName(err));
		free(c);
		return NULL;
	}
	return c;
}

char *
collect_collator_key(struct collator *c, const char *s)
{
	UErrorCode	 err = U_ZERO_ERROR;
	UChar		*u;
	int32_t		 ulen = 0, klen;
	char		*key;

	u_strFromUTF8WithSub(NULL, 0, &ulen, s, -1, 0xfffd, NULL, &err);
	err = U_ZERO_ERROR;
	u = xcalloc((size_t)ulen + 1, sizeof(*u));
	u_strFromUTF8WithSub(u, ulen + 1, NULL, s, -1, 0xfffd, NULL, &err);
	if (U_FAILURE(err))
		ulen = 0;
	klen = ucol_getSortKey(c->uc, u, ulen, NULL, 0);
	key = xmalloc((size_t)klen + 1);
	ucol_getSortKey(c->uc, u, ulen, (uint8_t *)key, klen + 1);
	key[klen] = '\0';
	free(u);
	return key;
}

void
collect_collator_free(struct collator *c)
{
	if (c == NULL)
		return;
	ucol_close(c->uc);
	free(c);
}

/* -1, 0 or 1 as a is earlier, as early, or later than b. */
static int
cmp_time(int has_a, int64_t a, int has_b, int64_t b)
{
	if (has_a != has_b)
		return has_a ? -1 : 1;
	if (has_a && a != b)
		return a < b ? -1 : 1;
	return 0;
}

static int
cmp_rec(const void *pa, const void *pb)
{
	const struct sortrec	*x = pa, *y = pb;
	const struct article	*a = x->a, *b = y->a;
	int			 c = 0, hua, hub;

	switch (x->order) {
	case ORDER_DATE:
	case ORDER_DATE_DESC:
		c = cmp_time(a->has_date, a->date, b->has_date, b->date);
		if (x->order == ORDER_DATE_DESC && a->has_date && b->has_date)
			c = -c;
		break;
	case ORDER_UPDATED:
	case ORDER_UPDATED_DESC:
		hua = a->has_updated || a->has_date;
		hub = b->has_updated || b->has_date;
		c = cmp_time(hua, a->has_updated ? a->updated : a->date,
		    hub, b->has_updated ? b->updated : b->date);
		if (x->order == ORDER_UPDATED_DESC && hua && hub)
			c = -c;
		break;
	case ORDER_TITLE:
		c = strcmp(x->key, y->key);
		break;
	case ORDER_PATH:
		break;
	}
	if (c == 0)
		c = strcmp(a->path, b->path);
	return c;
}

int
collect_sort(const struct config *cfg, const char *lang,
    struct article **v, size_t n, struct diag *d)
{
	struct sortrec	*r;
	struct collator	*col = NULL;
	size_t		 i;

	if (n < 2)
		return 0;
	if (cfg->sel.order == ORDER_TITLE &&
	    (col = collect_collator_new(lang, d)) == NULL)
		return -1;
	r = xcalloc(n, sizeof(*r));
	for (i = 0; i < n; i++) {
		r[i].a = v[i];
		r[i].order = cfg->sel.order;
		if (col != NULL)
			r[i].key = collect_collator_key(col, v[i]->title);
	}
	qsort(r, n, sizeof(*r), cmp_rec);
	for (i = 0; i < n; i++) {
		v[i] = r[i].a;
		free(r[i].key);
	}
	free(r);
	collect_collator_free(col);
	return 0;
}
