/*
 * Dates from front matter, parsed by hand so that neither the locale
 * nor the C library's time zone handling gets a say: RFC 2822 (the
 * scraped feeds), Hexo's "YYYY-MM-DD HH:MM:SS" and "YYYY/M/D H:mm:ss",
 * and ISO 8601. The civil date becomes UTC seconds through a
 * days-from-civil formula and the offset is applied here (glibc's
 * timegm ignores tm_gmtoff).
 */
#include <stddef.h>
#include <stdint.h>
#include <strings.h>

#include "collect.h"
#include "collect_int.h"

struct when {
	int	 year, mon, day, hour, min, sec;
	long	 off;		/* seconds east of UTC */
	int	 has_zone;
};

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static const char *const wdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday"
};

/* RFC 2822 zone names (obs-zone) and their offsets in hours. */
static const struct {
	const char	*name;
	int		 hours;
} zones[] = {
	{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
	{ "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
	{ "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t';
}

static void
skip_space(const char **pp)
{
	while (is_space(**pp))
		(*pp)++;
}

/* Read between min and max digits; -1 when there are fewer than min. */
static int
number(const char **pp, int min, int max, int *out)
{
	const char	*p = *pp;
	int		 n = 0, v = 0;

	while (n < max && is_digit(*p)) {
		v = v * 10 + (*p++ - '0');
		n++;
	}
	if (n < min || is_digit(*p))
		return -1;
	*pp = p;
	*out = v;
	return 0;
}

/* Read a run of letters into w (lower case); returns its length. */
static size_t
word(const char **pp, char *w, size_t size)
{
	size_t	 n = 0;

	while (is_alpha(**pp)) {
		if (n + 1 < size)
			w[n] = (char)(**pp | 0x20);
		n++;
		(*pp)++;
	}
	w[n < size ? n : size - 1] = '\0';
	return n;
}

/* A full name, or its first three letters. */
static int
name_index(const char *w, size_t n, const char *const *tab, size_t ntab)
{
	size_t	 i;

	for (i = 0; i < ntab; i++)
		if ((n == 3 && strncasecmp(w, tab[i], 3) == 0) ||
		    strcasecmp(w, tab[i]) == 0)
			return (int)i;
	return -1;
}

/* A numeric offset: +HH, +HHMM or +HH:MM. */
static int
numeric_zone(const char **pp, long *off)
{
	const char	*p = *pp;
	int		 sign, h, m = 0;

	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if (number(&p, 2, 2, &h) == -1) {
		/* +HHMM is four digits in one run. */
		if (number(&p, 4, 4, &h) == -1)
			return -1;
		m = h % 100;
		h /= 100;
	} else if (*p == ':') {
		p++;
		if (number(&p, 2, 2, &m) == -1)
			return -1;
	}
	if (h > 23 || m > 59)
		return -1;
	*off = sign * (h * 3600L + m * 60L);
	*pp = p;
	return 0;
}

/* A named zone from the table, or a numeric one. */
static int
zone(const char **pp, long *off)
{
	char	 w[8];
	size_t	 i, n;

	if (**pp == '+' || **pp == '-')
		return numeric_zone(pp, off);
	n = word(pp, w, sizeof(w));
	for (i = 0; n > 0 && i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strcasecmp(w, zones[i].name) == 0) {
			*off = zones[i].hours * 3600L;
			return 0;
		}
	return -1;
}

/* H:MM[:SS[.fraction]], with one- or two-digit fields. */
static int
clock_time(const char **pp, struct when *w)
{
	const char	*p = *pp;

	if (number(&p, 1, 2, &w->hour) == -1 || *p++ != ':' ||
	    number(&p, 1, 2, &w->min) == -1)
		return -1;
	if (*p == ':') {
		p++;
		if (number(&p, 1, 2, &w->sec) == -1)
			return -1;
		if ((*p == '.' || *p == ',') && is_digit(p[1])) {
			p++;
			while (is_digit(*p))
				p++;
		}
	}
	*pp = p;
	return 0;
}

/*
 * ISO 8601 and Hexo: YYYY-MM-DD or YYYY/M/D, then optionally a time
 * after 'T' or spaces, then optionally a zone.
 */
static int
numeric_date(const char *p, struct when *w)
{
	const char	*q;
	char		 sep;

	if (number(&p, 4, 4, &w->year) == -1 || (*p != '-' && *p != '/'))
		return -1;
	sep = *p++;
	if (number(&p, 1, 2, &w->mon) == -1 || *p++ != sep ||
	    number(&p, 1, 2, &w->day) == -1)
		return -1;
	if (*p == 'T' || *p == 't') {
		p++;
		if (clock_time(&p, w) == -1)
			return -1;
	} else if (is_space(*p)) {
		skip_space(&p);
		if (is_digit(*p) && clock_time(&p, w) == -1)
			return -1;
	}
	q = p;
	skip_space(&q);
	if (*q != '\0') {
		if (zone(&q, &w->off) == -1)
			return -1;
		w->has_zone = 1;
		p = q;
	}
	skip_space(&p);
	return *p == '\0' ? 0 : -1;
}

/* RFC 2822: [Wkd,] D Mon YYYY HH:MM[:SS] [zone] [(comment)]. */
static int
rfc2822_date(const char *p, struct when *w)
{
	char	 buf[16];
	size_t	 n;

	skip_space(&p);
	if (is_alpha(*p)) {
		n = word(&p, buf, sizeof(buf));
		if (name_index(buf, n, wdays, 7) == -1)
			return -1;
		skip_space(&p);
		if (*p == ',')
			p++;
		skip_space(&p);
	}
	if (number(&p, 1, 2, &w->day) == -1 || !is_space(*p))
		return -1;
	skip_space(&p);
	n = word(&p, buf, sizeof(buf));
	if ((w->mon = name_index(buf, n, months, 12) + 1) == 0 ||
	    !is_space(*p))
		return -1;
	skip_space(&p);
	if (number(&p, 4, 4, &w->year) == -1) {
		/* obs-year: two digits, 00-49 is 20xx. */
		if (number(&p, 2, 2, &w->year) == -1)
			return -1;
		w->year += w->year < 50 ? 2000 : 1900;
	}
	if (!is_space(*p))
		return -1;
	skip_space(&p);
	if (clock_time(&p, w) == -1)
		return -1;
	skip_space(&p);
	if (*p != '\0' && *p != '(') {
		if (zone(&p, &w->off) == -1)
			return -1;
		w->has_zone = 1;
		skip_space(&p);
	}
	if (*p == '(') {
		while (*p != '\0' && *p != ')')
			p++;
		if (*p++ != ')')
			return -1;
		skip_space(&p);
	}
	return *p == '\0' ? 0 : -1;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
valid(const struct when *w)
{
	static const int	 mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int			 dim;

	if (w->mon < 1 || w->mon > 12)
		return 0;
	dim = mdays[w->mon - 1] + (w->mon == 2 && is_leap(w->year));
	return w->day >= 1 && w->day <= dim && w->hour <= 23 &&
	    w->min <= 59 && w->sec <= 60;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
collect_date_civil(int64_t t, int *y, int *m, int *d)
{
	int64_t	 z, era, doe, yoe, doy, mp, days;

	days = t / 86400 - (t % 86400 < 0);
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
collect_date_parse(const char *s, long tz_offset, int64_t *out)
{
	struct when	 w = { 0 };
	const char	*p;

	if (s == NULL)
		return -1;
	p = s;
	skip_space(&p);
	if (is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) &&
	    is_digit(p[3])) {
		if (numeric_date(p, &w) == -1)
			return -1;
	} else if (rfc2822_date(p, &w) == -1)
		return -1;
	if (!valid(&w))
		return -1;
	if (!w.has_zone)
		w.off = tz_offset;
	*out = days_from_civil(w.year, w.mon, w.day) * 86400 +
	    w.hour * 3600 + w.min * 60 + w.sec - w.off;
	return 0;
}

void
collect_date_week(int64_t t, int *year, int *week)
{
	int64_t	 days, thu;
	int	 wd, y, m, d;

	days = t / 86400 - (t % 86400 < 0);
	wd = (int)(((days + 3) % 7 + 7) % 7);	/* 0 = Monday */
	thu = days - wd + 3;			/* ISO weeks go by Thursday */
	collect_date_civil(thu * 86400, &y, &m, &d);
	*year = y;
	*week = (int)((thu - days_from_civil(y, 1, 1)) / 7 + 1);
}

/* The number of digits at s, and their value (up to 9 of them). */
static size_t
digits(const char *s, int *v)
{
	size_t	 n = 0;

	*v = 0;
	while (is_digit(s[n]) && n < 9)
		*v = *v * 10 + (s[n++] - '0');
	return n;
}

int
collect_date_bound(const char *s, long tz_offset, int end, int64_t *out)
{
	int	 y, m = 1, d = 1, ey, em, ed;
	size_t	 n;

	if (s == NULL || digits(s, &y) != 4)
		return -1;
	/* YYYY, YYYY-MM and YYYY-MM-DD cover whole years, months, days. */
	ey = y + 1, em = 1, ed = 1;
	if (s[4] == '-' || s[4] == '/') {
		n = digits(s + 5, &m);
		if (n < 1 || n > 2 || m < 1 || m > 12)
			goto full;
		ey = m == 12 ? y + 1 : y, em = m == 12 ? 1 : m + 1, ed = 1;
		if (s[5 + n] == s[4]) {
			if (collect_date_parse(s, 0, out) == -1)
				return -1;
			n = 6 + n + digits(s + 6 + n, &d);
			if (s[n] != '\0')
				goto full;
			ey = y, em = m, ed = d + 1;
		} else if (s[5 + n] != '\0')
			return -1;
	} else if (s[4] != '\0')
		goto full;
	*out = (end ? days_from_civil(ey, em, ed) * 86400 - 1 :
	    days_from_civil(y, m, d) * 86400) - tz_offset;
	return 0;
full:
	return collect_date_parse(s, tz_offset, out);
}
