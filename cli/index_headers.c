/* cli/index_headers.c: `snakepipe index`, after the sources are listed: is each `.h` C or C++?
   Decided per repository from evidence (schema/lang/c.md "C or C++ headers"), before any blob is
   looked up, because the language is part of a blob's identity. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "index_p.h"

#include "banned.h"

/* Ambiguous extensions: read as `fallback` unless the evidence says `alternative`. One row per
   extension; a user's language map (which wins) makes a file unambiguous. */
static const struct {
	const char *ext, *fallback, *alternative;
} ambiguous[] = {
	{".h", "c", "cpp"},
};

/* The most threads reading headers and includers at once (--jobs, at most 16). */
#define SP_MAX_SCAN_THREADS 16

bool sp_run_is_ambiguous(const char *path)
{
	size_t n = strlen(path);
	for (size_t i = 0; i < sizeof ambiguous / sizeof ambiguous[0]; i++) {
		size_t e = strlen(ambiguous[i].ext);
		if (n > e && !strcmp(path + n - e, ambiguous[i].ext))
			return true;
	}
	return false;
}

typedef struct header {
	size_t src; /* index into r->sources */
	int64_t next; /* the next header of the same base name, + 1; 0 ends the chain */
	bool decided, from_fallback, from_alternative; /* includers of each language */
} header;

typedef struct includers {
	sp_run *r;
	sp_array(header) h;
	sp_strmap by_base; /* base name -> its chain's first header, index + 1 */
} includers;

/* What one thread found: for the includes, a byte per header (1: an includer of the fallback
   language, 2: of the alternative), ORed into the headers once every thread is done. */
typedef struct finding {
	const includers *in;
	uint8_t *seen;
	uint8_t mark; /* of the includer being scanned */
	int rc;
} finding;

static const char *base_name(const char *p)
{
	const char *b = strrchr(p, '/');
	return b ? b + 1 : p;
}

/* One #include of an includer: every undecided header whose path ends with it, on a '/'
   boundary, counts it (the include's directory is not known without the build's flags). */
static int on_include(void *ctx, const char *path, size_t n)
{
	finding *fd = ctx;
	const includers *in = fd->in;
	size_t b = n;
	while (b && path[b - 1] != '/')
		b--;
	int64_t k;
	if (!sp_strmap_get(&in->by_base, path + b, n - b, &k))
		return 0;
	for (; k; k = in->h.v[k - 1].next) {
		const header *h = &in->h.v[k - 1];
		const char *hp = in->r->sources.v[h->src].f->path;
		size_t hn = strlen(hp);
		if (hn < n || memcmp(hp + hn - n, path, n) || (hn > n && hp[hn - n - 1] != '/'))
			continue;
		fd->seen[k - 1] |= fd->mark;
	}
	return 0;
}

/* Reads a source's bytes (for evidence only: the job reads them again); NULL when unreadable,
   which leaves the decision to the other evidence and the failure to the job. */
static char *read_source(sp_run *r, const sp_run_source *s, size_t *len)
{
	char *data = NULL;
	sp_buf err;
	sp_buf_init(&err);
	if (s->gone || sp_file_read(&r->files, s->f, &data, len, &err)) {
		free(data);
		data = NULL;
	}
	sp_buf_release(&err);
	return data;
}

/* ---- reading and scanning on the run's threads: the work tree's files are read in parallel
   (a commit's come from one git cat-file process, one at a time). The Linux tree reads and
   scans 20,000 headers and 30,000 includers on every run: 1.8 s on one thread. ---- */

typedef struct scan {
	sp_run *r;
	const sp_run_source **srcs;
	size_t n;
	atomic_size_t next;
	/* headers: whether each source holds syntax only the alternative has */
	uint8_t *is_alt;
	/* includers: each thread's finding, and the alternative language */
	finding *found;
	const sp_language *alternative;
} scan;

typedef struct scan_thread {
	scan *sc;
	int t;
	pthread_t thread;
} scan_thread;

static void scan_one(scan *sc, int t, size_t i)
{
	size_t len = 0;
	char *data = read_source(sc->r, sc->srcs[i], &len);
	if (data && sc->is_alt)
		sc->is_alt[i] = sp_header_is_cpp(data, len);
	else if (data && !sc->found[t].rc) {
		finding *fd = &sc->found[t];
		fd->mark = sc->srcs[i]->lang == sc->alternative ? 2 : 1;
		fd->rc = sp_include_scan(data, len, on_include, fd);
	}
	free(data);
}

static void *scan_work(void *arg)
{
	scan_thread *st = arg;
	for (size_t i; (i = atomic_fetch_add(&st->sc->next, 1)) < st->sc->n;)
		scan_one(st->sc, st->t, i);
	return NULL;
}

/* The threads sc's sources are read on: --jobs, at most SP_MAX_SCAN_THREADS; one for a commit's
   files or fewer than 64. */
static int scan_threads(const scan *sc)
{
	int jobs = sc->r->o->jobs;
	if (sc->r->files.from_rev || jobs < 2 || sc->n < 64)
		return 1;
	return jobs > SP_MAX_SCAN_THREADS ? SP_MAX_SCAN_THREADS : jobs;
}

/* Runs scan_one over every source of sc on scan_threads(sc) threads (found: one finding each). */
static void scan_all(scan *sc)
{
	atomic_init(&sc->next, 0);
	int threads = scan_threads(sc), started = 0;
	scan_thread st[SP_MAX_SCAN_THREADS];
	for (int t = 1; t < threads; t++) {
		st[t] = (scan_thread){sc, t, 0};
		if (pthread_create(&st[t].thread, NULL, scan_work, &st[t]))
			break;
		started = t;
	}
	st[0] = (scan_thread){sc, 0, 0};
	scan_work(&st[0]);
	for (int t = 1; t <= started; t++)
		pthread_join(st[t].thread, NULL);
}

/* Scans the includes of every file of either language that is not itself ambiguous, sources and
   files --language left out alike. */
static int scan_includers(sp_run *r, includers *in, const sp_language *fallback,
			  const sp_language *alternative)
{
	scan sc = {.r = r, .alternative = alternative};
	sc.srcs = malloc((r->sources.n + r->evidence_only.n + 1) * sizeof *sc.srcs);
	int rc = sc.srcs ? 0 : SP_ENOMEM;
	for (size_t i = 0; !rc && i < r->sources.n + r->evidence_only.n; i++) {
		const sp_run_source *s =
			i < r->sources.n ? &r->sources.v[i] : &r->evidence_only.v[i - r->sources.n];
		if ((s->lang == fallback || s->lang == alternative) && !s->ambiguous)
			sc.srcs[sc.n++] = s;
	}
	int threads = scan_threads(&sc);
	if (!rc && !(sc.found = calloc((size_t)threads, sizeof *sc.found)))
		rc = SP_ENOMEM;
	for (int t = 0; !rc && t < threads; t++) {
		sc.found[t].in = in;
		if (!(sc.found[t].seen = calloc(in->h.n, 1)))
			rc = SP_ENOMEM;
	}
	if (!rc)
		scan_all(&sc);
	for (int t = 0; sc.found && t < threads; t++) {
		for (size_t k = 0; !rc && sc.found[t].seen && k < in->h.n; k++) {
			in->h.v[k].from_fallback |= sc.found[t].seen[k] & 1;
			in->h.v[k].from_alternative |= (sc.found[t].seen[k] & 2) != 0;
		}
		if (!rc)
			rc = sc.found[t].rc;
		free(sc.found[t].seen);
	}
	free(sc.found);
	free(sc.srcs);
	return rc;
}

/* The evidence, strongest first: the content (syntax only the alternative has), the includers
   (included from the alternative's files and from none of the fallback's), the repository's mix
   (files of the alternative and none of the fallback besides ambiguous ones), else the
   fallback. Only the `.h` row exists, so one pass of each step serves every row. */
int sp_run_decide_headers(sp_run *r)
{
	includers in = {.r = r};
	sp_strmap_init(&in.by_base);
	const sp_language *fallback = sp_extractor_by_name(r->ex, ambiguous[0].fallback);
	const sp_language *alternative = sp_extractor_by_name(r->ex, ambiguous[0].alternative);
	size_t n_fallback = 0, n_alternative = 0;
	/* the content of every ambiguous source, read and lexed on the run's threads */
	scan sc = {.r = r};
	sc.srcs = malloc((r->sources.n + 1) * sizeof *sc.srcs);
	int rc = sc.srcs ? 0 : SP_ENOMEM;
	for (size_t i = 0; !rc && i < r->sources.n; i++)
		if (r->sources.v[i].ambiguous)
			sc.srcs[sc.n++] = &r->sources.v[i];
	if (!rc && !(sc.is_alt = calloc(sc.n + 1, 1)))
		rc = SP_ENOMEM;
	if (!rc)
		scan_all(&sc);
	for (size_t i = 0, k = 0; i < r->sources.n && !rc; i++) {
		sp_run_source *s = &r->sources.v[i];
		n_fallback += s->lang == fallback && !s->ambiguous;
		n_alternative += s->lang == alternative && !s->ambiguous;
		if (!s->ambiguous)
			continue;
		bool alt = sc.is_alt[k++];
		if (alt) {
			s->lang = alternative;
			continue;
		}
		header h = {.src = i};
		const char *b = base_name(s->f->path);
		sp_strmap_get(&in.by_base, b, strlen(b), &h.next);
		rc = sp_strmap_put(&in.by_base, b, strlen(b), (int64_t)in.h.n + 1);
		if (!rc)
			rc = sp_array_push(&in.h, h);
	}
	free(sc.is_alt);
	free(sc.srcs);
	for (size_t i = 0; i < r->evidence_only.n; i++) {
		n_fallback += r->evidence_only.v[i].lang == fallback;
		n_alternative += r->evidence_only.v[i].lang == alternative;
	}
	/* includers matter only when both languages have files of their own */
	if (!rc && in.h.n && n_fallback && n_alternative)
		rc = scan_includers(r, &in, fallback, alternative);
	for (size_t i = 0; i < in.h.n && !rc; i++) {
		header *h = &in.h.v[i];
		bool alt = h->from_alternative ? !h->from_fallback
					       : !h->from_fallback && n_alternative && !n_fallback;
		r->sources.v[h->src].lang = alt ? alternative : fallback;
	}
	sp_array_release(&in.h);
	sp_strmap_release(&in.by_base);
	return rc;
}
