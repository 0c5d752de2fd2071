/* cli/index_headers.c: `snakepipe index`, after the sources are listed: is each `.h` C or C++?
   Decided per repository from evidence (schema/lang/c.md "C or C++ headers"), before any blob is
   looked up, because the language is part of a blob's identity. */
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
	bool alternative; /* the includer being scanned is of the alternative language */
} includers;

static const char *base_name(const char *p)
{
	const char *b = strrchr(p, '/');
	return b ? b + 1 : p;
}

/* One #include of an includer: every undecided header whose path ends with it, on a '/'
   boundary, counts it (the include's directory is not known without the build's flags). */
static int on_include(void *ctx, const char *path, size_t n)
{
	includers *in = ctx;
	size_t b = n;
	while (b && path[b - 1] != '/')
		b--;
	int64_t k;
	if (!sp_strmap_get(&in->by_base, path + b, n - b, &k))
		return 0;
	for (; k; k = in->h.v[k - 1].next) {
		header *h = &in->h.v[k - 1];
		const char *hp = in->r->sources.v[h->src].f->path;
		size_t hn = strlen(hp);
		if (hn < n || memcmp(hp + hn - n, path, n) || (hn > n && hp[hn - n - 1] != '/'))
			continue;
		if (in->alternative)
			h->from_alternative = true;
		else
			h->from_fallback = true;
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

/* Scans the includes of every file of either language that is not itself ambiguous, sources and
   files --language left out alike. */
static int scan_includers(sp_run *r, includers *in, const sp_language *fallback,
			  const sp_language *alternative)
{
	for (size_t i = 0; i < r->sources.n + r->evidence_only.n; i++) {
		const sp_run_source *s =
			i < r->sources.n ? &r->sources.v[i] : &r->evidence_only.v[i - r->sources.n];
		if ((s->lang != fallback && s->lang != alternative) || s->ambiguous)
			continue;
		size_t len = 0;
		char *data = read_source(r, s, &len);
		if (!data)
			continue;
		in->alternative = s->lang == alternative;
		int rc = sp_include_scan(data, len, on_include, in);
		free(data);
		if (rc)
			return rc;
	}
	return 0;
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
	int rc = 0;
	for (size_t i = 0; i < r->sources.n && !rc; i++) {
		sp_run_source *s = &r->sources.v[i];
		n_fallback += s->lang == fallback && !s->ambiguous;
		n_alternative += s->lang == alternative && !s->ambiguous;
		if (!s->ambiguous)
			continue;
		header h = {.src = i};
		size_t len = 0;
		char *data = read_source(r, s, &len);
		if (data && sp_header_is_cpp(data, len)) {
			s->lang = alternative;
			h.decided = true;
		}
		free(data);
		if (h.decided)
			continue;
		const char *b = base_name(s->f->path);
		sp_strmap_get(&in.by_base, b, strlen(b), &h.next);
		rc = sp_strmap_put(&in.by_base, b, strlen(b), (int64_t)in.h.n + 1);
		if (!rc)
			rc = sp_array_push(&in.h, h);
	}
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
