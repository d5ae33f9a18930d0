/*
 * The fetch stage: fill each item from the cache or from the network
 * with libcurl's multi interface, several transfers in flight. Every
 * transfer runs under the rules of RELIABILITY.md rows 36-44: http
 * and https only, also after redirects; at most 5 redirects; connect,
 * low-speed and overall timeouts; a size cap counted as bytes arrive;
 * status 200 only; TLS verified; no proxy from the environment; and
 * each address checked after resolution (fetch_addr.c), so internal
 * addresses are refused before any connection unless allowed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "diag.h"
#include "fetch.h"
#include "fetch_int.h"
#include "media.h"
#include "xalloc.h"

#define FETCH_REDIRS		5L
#define FETCH_CONNECT_SECS	10L
#define FETCH_SLOW_BYTES	1024L	/* per second, for ... */
#define FETCH_SLOW_SECS		20L	/* ... this long, cuts a transfer */

struct xfer {
	CURL			*h;
	struct fetch_item	*it;
	const char		*url;	/* the address asked for (mapped) */
	char			*mapped;
	int			 cand;	/* index into it->url */
	int			 refused;	/* an address was refused */
	int			 toobig;
	size_t			 max;
	struct buf		 body;
	char			 err[CURL_ERROR_SIZE];
};

struct run {
	CURLM			*multi;
	const struct fetch_opts	*o;
	struct fetch_cache	 cache;
	struct fetch_stats	*st;
	size_t			 inflight;
	size_t			 ended;		/* items settled */
	size_t			 total;		/* items to fetch */
};

static size_t
on_write(char *p, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;

	n *= size;
	if (x->body.len + n > x->max) {
		x->toobig = 1;
		return 0;
	}
	buf_put(&x->body, p, n);
	return n;
}

static curl_socket_t
on_open(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct xfer	*x = arg;

	if (!fetch_addr_public(&a->addr)) {
		x->refused = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

/* Same, when private addresses are allowed: the check is skipped. */
static curl_socket_t
on_open_any(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	return socket(a->family, a->socktype, a->protocol);
}

static void
set_why(struct fetch_item *it, const char *fmt, const char *arg)
{
	struct buf	 b = BUF_INIT;

	free(it->why);
	buf_printf(&b, fmt, arg);
	it->why = buf_detach(&b);
}

/* Start the transfer of candidate cand of x->it. 0, or -1. */
static int
start(struct run *r, struct xfer *x)
{
	const struct fetch_opts	*o = r->o;
	long			 t = o->timeout > 0 ? o->timeout : 60;
	CURL			*h;

	free(x->mapped);
	x->mapped = fetch_map_url(x->it->url[x->cand], o->host_map,
	    o->nhost_map);
	x->url = x->mapped != NULL ? x->mapped : x->it->url[x->cand];
	x->refused = x->toobig = 0;
	x->err[0] = '\0';
	buf_reset(&x->body);
	if ((h = x->h = curl_easy_init()) == NULL)
		return -1;
	curl_easy_setopt(h, CURLOPT_URL, x->url);
	curl_easy_setopt(h, CURLOPT_PRIVATE, x);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->err);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION,
	    o->allow_private ? on_open_any : on_open);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, x);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, FETCH_REDIRS);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
	    t < FETCH_CONNECT_SECS ? t : FETCH_CONNECT_SECS);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, FETCH_SLOW_BYTES);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
	    t < FETCH_SLOW_SECS ? t : FETCH_SLOW_SECS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, t);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)x->max);
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "sheaf/" SHEAF_VERSION);
	if (curl_multi_add_handle(r->multi, h) != CURLM_OK) {
		curl_easy_cleanup(h);
		x->h = NULL;
		return -1;
	}
	r->st->requests++;
	if (++r->inflight > r->st->max_inflight)
		r->st->max_inflight = r->inflight;
	return 0;
}

/* Why the finished transfer x did not give an image, or NULL. */
static const char *
judge(struct xfer *x, CURLcode rc, struct buf *why)
{
	long		 status = 0;
	curl_off_t	 len = -1;

	if (x->refused) {
		buf_puts(why, "refused: the address is loopback, private or "
		    "link-local (--allow-private-hosts)");
		return why->data;
	}
	if (x->toobig || rc == CURLE_FILESIZE_EXCEEDED) {
		buf_printf(why, "larger than %zu MiB", x->max >> 20);
		return why->data;
	}
	switch (rc) {
	case CURLE_OK:
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		buf_puts(why, "refused: only http and https are fetched");
		return why->data;
	case CURLE_TOO_MANY_REDIRECTS:
		buf_printf(why, "more than %ld redirects", FETCH_REDIRS);
		return why->data;
	case CURLE_OPERATION_TIMEDOUT:
		buf_puts(why, "timed out");
		return why->data;
	default:
		buf_puts(why, x->err[0] != '\0' ? x->err :
		    curl_easy_strerror(rc));
		return why->data;
	}
	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		buf_printf(why, "HTTP status %ld", status);
		return why->data;
	}
	curl_easy_getinfo(x->h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
	if (len >= 0 && (size_t)len != x->body.len) {
		buf_puts(why, "truncated");
		return why->data;
	}
	if (media_sniff((const unsigned char *)x->body.data, x->body.len,
	    NULL) == NULL) {
		buf_puts(why, x->body.len > 0 && (x->body.data[0] == '<' ||
		    x->body.data[0] == ' ' || x->body.data[0] == '\n') ?
		    "not an image (a web page or text)" :
		    "not an image sheaf can read");
		return why->data;
	}
	return NULL;
}

/* A transfer ended: keep the image, or try the next candidate. */
static void
done(struct run *r, struct xfer *x, CURLcode rc)
{
	struct buf	 why = BUF_INIT;
	struct fetch_item *it = x->it;

	if (judge(x, rc, &why) == NULL) {
		buf_fini(&it->body);
		it->body = x->body;
		buf_init(&x->body);
		it->ok = 1;
		free(it->why);
		it->why = NULL;
		fetch_cache_put(&r->cache, it->url[x->cand], it->body.data,
		    it->body.len);
	} else if (it->why == NULL)
		set_why(it, "%s", why.data);	/* the first reason counts */
	curl_multi_remove_handle(r->multi, x->h);
	curl_easy_cleanup(x->h);
	x->h = NULL;
	r->inflight--;
	buf_fini(&why);
	if (!it->ok && x->cand == 0 && it->url[1] != NULL) {
		x->cand = 1;
		if (start(r, x) == 0)
			return;
		set_why(it, "%s", "cannot start a transfer");
	}
	r->ended++;
	if (r->o->progress != NULL)
		r->o->progress(r->o->progress_arg, r->ended, r->total);
}

/*
 * The cache, for each address of the item in turn. Entries are keyed
 * by the address as the article gives it, not as the host map
 * rewrites it: a mirror serves the same pictures.
 */
static int
from_cache(struct run *r, struct fetch_item *it)
{
	int	 i, bad, hit = 0;

	for (i = 0; i < 2 && it->url[i] != NULL && !hit; i++) {
		hit = fetch_cache_get(&r->cache, it->url[i], &it->body,
		    &bad) == 0;
		r->st->cache_bad += bad;
	}
	if (hit) {
		it->ok = it->cached = 1;
		r->st->cache_hits++;
	}
	return hit;
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void
fetch_run(struct fetch_item *items, size_t n, const struct fetch_opts *o,
    struct diag *d, struct fetch_stats *st)
{
	struct run	 r;
	struct xfer	*xs = NULL;
	CURLMsg		*msg;
	size_t		 i, next = 0, par;
	int		 running, left;
	double		 t0;

	memset(&r, 0, sizeof(r));
	memset(st, 0, sizeof(*st));
	r.o = o;
	r.st = st;
	if (n == 0)
		return;
	fetch_cache_open(&r.cache, o->cache_dir, d);
	for (i = 0; i < n; i++) {
		items[i].ok = items[i].cached = 0;
		if (from_cache(&r, &items[i]))
			continue;
		if (o->offline)
			set_why(&items[i], "%s", "offline and not in the cache");
	}
	if (o->offline)
		goto out;
	t0 = now();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (r.multi = curl_multi_init()) == NULL) {
		for (i = 0; i < n; i++)
			if (!items[i].ok)
				set_why(&items[i], "%s", "libcurl failed");
		goto out;
	}
	par = o->parallel > 0 ? (size_t)o->parallel : 16;
	for (i = 0; i < n; i++)
		r.total += !items[i].ok;
	xs = xcalloc(n, sizeof(*xs));
	do {
		/* Keep par transfers in flight. */
		while (r.inflight < par && next < n) {
			struct xfer *x = &xs[next];

			x->it = &items[next++];
			if (x->it->ok)
				continue;
			x->max = o->max_bytes;
			buf_init(&x->body);
			if (start(&r, x) == -1) {
				set_why(x->it, "%s", "cannot start a transfer");
				r.ended++;
			}
		}
		if (curl_multi_perform(r.multi, &running) != CURLM_OK)
			break;
		while ((msg = curl_multi_info_read(r.multi, &left)) != NULL) {
			struct xfer *x;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&x);
			done(&r, x, msg->data.result);
		}
		if (r.inflight > 0 &&
		    curl_multi_poll(r.multi, NULL, 0, 1000, NULL) != CURLM_OK)
			break;
	} while (r.inflight > 0 || next < n);
	for (i = 0; i < n; i++) {
		if (xs[i].h != NULL) {
			curl_multi_remove_handle(r.multi, xs[i].h);
			curl_easy_cleanup(xs[i].h);
		}
		buf_fini(&xs[i].body);
		free(xs[i].mapped);
	}
	free(xs);
	curl_multi_cleanup(r.multi);
	curl_global_cleanup();
	st->seconds = now() - t0;
out:
	fetch_cache_close(&r.cache);
}

void
fetch_item_fini(struct fetch_item *it)
{
	buf_fini(&it->body);
	free(it->why);
	it->why = NULL;
}
