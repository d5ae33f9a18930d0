/*
 * The fetch stage for a book: every remote image convert listed in
 * the media table is looked up in the cache or fetched (fetch.c), then
 * made fit for the book and added to the table (media.c), or marked
 * missing with the reason.
 */
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "cleanup.h"
#include "config.h"
#include "diag.h"
#include "fetch.h"
#include "media.h"
#include "progress.h"
#include "xalloc.h"

int
fetch_book(struct book *b, const struct config *cfg, struct diag *d,
    struct fetch_stats *st, const struct progress *p)
{
	struct media		*m = b->media;
	struct fetch_opts	 o;
	struct fetch_item	*items;
	const struct resource	*r;
	size_t			 i;

	memset(st, 0, sizeof(*st));
	if (m == NULL || m->rn == 0)
		return 0;
	memset(&o, 0, sizeof(o));
	o.cache_dir = cfg->cache_dir;
	o.offline = cfg->net.offline;
	o.allow_private = cfg->net.allow_private_hosts;
	o.host_map = cfg->net.image_host_map;
	o.nhost_map = cfg->net.nimage_host_map;
	o.timeout = cfg->net.image_timeout;
	o.max_bytes = MEDIA_MAX_BYTES;
	o.parallel = FETCH_PARALLEL;
	if (p != NULL) {
		o.progress = p->images;
		o.progress_arg = p->arg;
	}
	items = xcalloc(m->rn, sizeof(*items));
	for (i = 0; i < m->rn; i++) {
		items[i].url[0] = m->rv[i].direct != NULL ?
		    m->rv[i].direct : m->rv[i].url;
		items[i].url[1] = m->rv[i].direct != NULL ?
		    m->rv[i].url : NULL;
	}
	fetch_run(items, m->rn, &o, d, st);
	for (i = 0; i < m->rn; i++) {
		free(m->rv[i].why);
		m->rv[i].why = NULL;
		m->rv[i].res = -1;
		if (!items[i].ok || cleanup_signal() != 0)
			m->rv[i].why = items[i].why != NULL ?
			    xstrdup(items[i].why) : xstrdup("not fetched");
		else if ((r = media_add_bytes(m, items[i].body.data,
		    items[i].body.len, m->rv[i].url, &m->rv[i].why)) != NULL)
			m->rv[i].res = (long)(r - m->v);
		fetch_item_fini(&items[i]);
	}
	free(items);
	return 0;
}
