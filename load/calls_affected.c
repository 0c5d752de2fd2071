/* load/calls_affected.c: which paths a snapshot must resolve again (migration 0022). A snapshot
   with the path set of the latest complete one, and a few files changed since, reads and resolves
   only the paths whose answers a changed file can reach; the other paths keep that snapshot's
   call_link_files rows. Every other case resolves every path.

   With the same paths, a path P whose blob is unchanged keeps its own call sites, imports and
   dependencies (a function of its blob and the path set), and transform/callres_rules.c looks in
   other files only (a) through an internal dependency: the file at its target path or the files
   directly in that directory, (b) by the package rule: files of P's own directory, (c) by the
   global rule: any file defining a function of the call's name, or a constructor of its class
   (the call's name, or a `new`'s receiver). So P's answers can change only when a changed file is
   (a) the target of one of its dependencies or in that directory, (b) in P's directory, or (c)
   defines, before or after, a function or class of a name P's calls look up: each path's row keeps
   those names as a Bloom filter (false positives only resolve a path again). */
#include <stdlib.h>
#include <string.h>

#include "calls_p.h"

#include "banned.h"

/* A filter of at least 32 bits a distinct name, 64 to 65,536, four probes: about 0.02 % false
   positives per name looked up (a changed file of 150 functions resolves about 3 % of the paths
   again that none of its names reach; with 16 bits and three probes it was 7 % on the kernel). */
#define NAME_BITS 32
#define MIN_BITS 64
#define MAX_BITS 65536
#define PROBES 4
/* A filter is written as this prefix and the bits in hex: one of another shape (another version's
   probes or sizes) is not read, and may hold any name. */
#define PREFIX "b4:"
#define PREFIX_LEN 3

void sp_affected_init(sp_affected *a)
{
	memset(a, 0, sizeof *a);
	sp_strmap_init(&a->at);
	sp_strmap_init(&a->paths);
	sp_strmap_init(&a->targets);
	sp_strmap_init(&a->dirs);
	sp_arena_init(&a->text);
}

void sp_affected_release(sp_affected *a)
{
	sp_strmap_release(&a->at);
	sp_strmap_release(&a->paths);
	sp_strmap_release(&a->targets);
	sp_strmap_release(&a->dirs);
	sp_arena_release(&a->text);
	sp_array_release(&a->rows);
	sp_array_release(&a->names);
}

int sp_names_add(sp_name_hashes *h, const char *name)
{
	return name ? sp_array_push(h, (int64_t)sp_hash64(name, strlen(name))) : 0;
}

static uint32_t probe(uint64_t h, int i, uint32_t bits)
{
	return (uint32_t)((h + (uint64_t)i * ((h >> 32) | 1)) & (bits - 1));
}

void sp_names_hex(sp_name_hashes *h, sp_buf *out)
{
	sp_buf_reset(out);
	if (!h->n)
		return;
	h->n = sp_i64_sort_unique(h->v, h->n); /* a name called ten times is one name */
	uint32_t bits = MIN_BITS;
	while (bits < MAX_BITS && bits < h->n * NAME_BITS)
		bits *= 2;
	sp_buf_puts(out, PREFIX);
	char *hex = sp_buf_room(out, bits / 4);
	if (!hex)
		return;
	unsigned char *nib = calloc(bits / 4, 1);
	if (!nib) {
		out->err = SP_ENOMEM;
		return;
	}
	for (size_t k = 0; k < h->n; k++)
		for (int i = 0; i < PROBES; i++) {
			uint32_t b = probe(h->v[k], i, bits);
			nib[b / 4] |= (unsigned char)(1u << (b % 4));
		}
	for (uint32_t i = 0; i < bits / 4; i++)
		hex[i] = "0123456789abcdef"[nib[i]];
	free(nib);
	sp_buf_added(out, bits / 4);
}

/* Whether the filter hex (n digits, checked well formed) may hold the name of hash h. */
static bool may_hold(const char *hex, size_t n, uint64_t h)
{
	for (int i = 0; i < PROBES; i++) {
		uint32_t b = probe(h, i, (uint32_t)n * 4);
		char c = hex[b / 4];
		int v = c <= '9' ? c - '0' : c - 'a' + 10;
		if (!(v & (1 << (b % 4))))
			return false;
	}
	return true;
}

/* Whether a changed file that defines or loses the names of a may reach the path whose filter is
   hex: an empty one holds no name; one not well formed (not written by sp_names_hex) may hold any. */
static bool names_reach(const sp_affected *a, const char *filter)
{
	if (!*filter || !a->names.n)
		return false;
	if (strncmp(filter, PREFIX, PREFIX_LEN))
		return true;
	const char *hex = filter + PREFIX_LEN;
	size_t n = strlen(hex);
	if (n < MIN_BITS / 4 || (n & (n - 1)) || strspn(hex, "0123456789abcdef") != n)
		return true;
	for (size_t k = 0; k < a->names.n; k++)
		if (may_hold(hex, n, a->names.v[k]))
			return true;
	return false;
}

/* The directory of a path, without its last '/' ("" at the root). */
static size_t dir_len(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? (size_t)(s - path) : 0;
}

static int add_path(sp_affected *a, const char *path)
{
	return sp_strmap_put(&a->paths, path, strlen(path), 1);
}

/* The names and classes of blob's functions join a's names. */
static int blob_names(sp_sink *s, sp_affected *a, int64_t repo, int64_t blob)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(blob)};
	sp_rows *r = NULL;
	int more = 0, rc = sp_sink_query(s, sp_sql_calls_blob_names, p, 2, &r);
	while (!rc && (more = sp_rows_next(r)) > 0)
		for (int col = 0; col < 2 && !rc; col++)
			if (!sp_rows_null(r, col) && sp_names_add(&a->names, sp_rows_text(r, col)))
				rc = sp_sink_fail(s, SP_ENOMEM, "out of memory resolving calls");
	if (!rc && more < 0)
		rc = more;
	sp_rows_free(r);
	return rc;
}

/* The earlier snapshot's rows: whether every one has its names. */
static int load_rows(sp_sink *s, sp_affected *a, int64_t repo, bool *all_named)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(a->calls_set), SP_PARAM_INT(a->snapshot)};
	sp_rows *r = NULL;
	int more = 0, rc = sp_sink_query(s, sp_sql_calls_link_files, p, 3, &r);
	*all_named = true;
	while (!rc && (more = sp_rows_next(r)) > 0) {
		sp_earlier_row e = {.has_links = !sp_rows_null(r, 1), .known = !sp_rows_null(r, 2)};
		e.links_set = e.has_links ? sp_rows_int(r, 1) : 0;
		e.answers = e.known ? sp_rows_int(r, 2) : 0;
		if (!sp_rows_null(r, 3)) {
			const char *t = sp_rows_text(r, 3);
			e.names = sp_arena_strndup(&a->text, t, strlen(t));
			if (!e.names)
				rc = SP_ENOMEM;
		}
		*all_named = *all_named && e.names;
		const char *path = sp_rows_text(r, 0);
		if (!rc && (sp_array_push(&a->rows, e) ||
			    sp_strmap_put(&a->at, path, strlen(path), (int64_t)a->rows.n - 1)))
			rc = SP_ENOMEM;
	}
	if (!rc && more < 0)
		rc = more;
	sp_rows_free(r);
	return rc == SP_ENOMEM ? sp_sink_fail(s, rc, "out of memory resolving calls") : rc;
}

/* The changed paths: each is resolved again, and its path, directory and names reach others. */
static int load_changed(sp_sink *s, sp_affected *a, int64_t repo, int64_t snap, size_t *n)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap), SP_PARAM_INT(a->snapshot)};
	sp_rows *r = NULL;
	int more = 0, rc = sp_sink_query(s, sp_sql_calls_changed, p, 3, &r);
	sp_array(int64_t) blobs = {0};
	*n = 0;
	while (!rc && (more = sp_rows_next(r)) > 0) {
		const char *path = sp_rows_text(r, 0);
		size_t d = dir_len(path);
		if (add_path(a, path) || sp_strmap_put(&a->targets, path, strlen(path), 1) ||
		    sp_strmap_put(&a->targets, path, d, 1) || sp_strmap_put(&a->dirs, path, d, 1) ||
		    sp_array_push(&blobs, sp_rows_int(r, 1)) || sp_array_push(&blobs, sp_rows_int(r, 2)))
			rc = sp_sink_fail(s, SP_ENOMEM, "out of memory resolving calls");
		(*n)++;
	}
	if (!rc && more < 0)
		rc = more;
	sp_rows_free(r);
	for (size_t i = 0; !rc && i < blobs.n; i++)
		rc = blob_names(s, a, repo, blobs.v[i]);
	sp_array_release(&blobs);
	return rc;
}

int sp_affected_load(sp_sink *s, sp_affected *a, int64_t repo, int64_t snap, int64_t path_set)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap)};
	sp_rows *r = NULL;
	int64_t earlier_set = 0;
	int more = 0, rc = sp_sink_query(s, sp_sql_calls_earlier, p, 2, &r);
	if (!rc && (more = sp_rows_next(r)) > 0) {
		a->snapshot = sp_rows_int(r, 0);
		a->calls_set = sp_rows_int(r, 1);
		earlier_set = sp_rows_null(r, 2) ? 0 : sp_rows_int(r, 2);
	}
	if (!rc && more < 0)
		rc = more;
	sp_rows_free(r);
	if (rc || !a->snapshot)
		return rc;
	bool all_named = false;
	rc = load_rows(s, a, repo, &all_named);
	/* the rows of migration 0022 and an earlier path set: every path is resolved */
	if (rc || !all_named || !a->rows.n || earlier_set != path_set)
		return rc;
	size_t changed = 0;
	rc = load_changed(s, a, repo, snap, &changed);
	a->names.n = sp_i64_sort_unique(a->names.v, a->names.n);
	/* many changed files reach most paths anyway: resolving all reads less per path */
	a->partial = !rc && changed * 4 <= a->rows.n;
	return rc;
}

int sp_affected_dependency(sp_affected *a, const char *path, const char *kind, const char *target)
{
	if (!a->partial || !target || !kind || strcmp(kind, "internal") ||
	    !sp_strmap_get(&a->targets, target, strlen(target), NULL))
		return 0;
	return add_path(a, path);
}

int sp_affected_scan(sp_affected *a)
{
	for (size_t i = 0; a->partial && i < a->at.cap; i++) {
		const char *path = sp_strmap_slot_key(&a->at, i);
		if (!path || sp_strmap_get(&a->paths, path, strlen(path), NULL))
			continue;
		const sp_earlier_row *e = &a->rows.v[sp_strmap_slot_value(&a->at, i)];
		bool hit = sp_strmap_get(&a->dirs, path, dir_len(path), NULL) ||
			   names_reach(a, e->names ? e->names : "?");
		if (hit && add_path(a, path))
			return SP_ENOMEM;
	}
	return 0;
}
