/* load/calls.c: a snapshot's calls resolved and stored before it is marked complete (issue 12,
   migrations 0013, 0019 and 0022). The snapshot's rows (files, functions, imports, dependencies,
   the call sites whose blob does not decide their answer alone, and the call_rules) are read with
   plain indexed SELECTs (load/sql/calls_*.sql) into the resolver of transform/callres*.c, whose
   answers are written like a batch's rows (COPY or one prepared insert): call_resolutions for
   the import-bound calls of files new to the path set, call_links for the open calls that reach
   a function, in a snapshot whose exact files no earlier snapshot had: only the paths whose links
   differ from the latest complete snapshot's (call_link_files), and, with its path set, only the
   paths a changed file can reach are resolved (load/calls_affected.c, call_names). An unchanged
   tree computes nothing. The rows of the blobs a run wrote itself can be handed over as its
   batches commit (load/calls_fed.c): only the older blobs' rows are read back then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calls_p.h"
#include "sp_callres.h"

#include "banned.h"

static const sp_column resolutions_cols[] = {
	{"repository_id", SP_COL_INT},
	{"path_set", SP_COL_INT},
	{"path", SP_COL_TEXT},
	{"blob_id", SP_COL_INT},
	{"call_id", SP_COL_INT},
	{"resolution", SP_COL_TEXT},
	{"target_function_id", SP_COL_INT},
	{"module", SP_COL_TEXT},
	{"reason", SP_COL_TEXT},
};
static const sp_column links_cols[] = {
	{"repository_id", SP_COL_INT},  {"calls_set", SP_COL_INT},          {"path", SP_COL_TEXT},
	{"call_id", SP_COL_INT},        {"resolution", SP_COL_TEXT},        {"target_path", SP_COL_TEXT},
	{"target_blob_id", SP_COL_INT}, {"target_function_id", SP_COL_INT}, {"module", SP_COL_TEXT},
	{"reason", SP_COL_TEXT},
};
static const sp_table resolutions = {"call_resolutions", resolutions_cols,
				     sizeof resolutions_cols / sizeof *resolutions_cols};
static const sp_table links = {"call_links", links_cols, sizeof links_cols / sizeof *links_cols};
static const sp_column link_files_cols[] = {
	{"repository_id", SP_COL_INT}, {"calls_set", SP_COL_INT}, {"path", SP_COL_TEXT},
	{"links_set", SP_COL_INT},     {"answers", SP_COL_INT},
};
static const sp_table link_files = {"call_link_files", link_files_cols,
				    sizeof link_files_cols / sizeof *link_files_cols};
static const sp_column names_cols[] = {
	{"repository_id", SP_COL_INT}, {"blob_id", SP_COL_INT}, {"names", SP_COL_TEXT}};
static const sp_table call_names = {"call_names", names_cols, sizeof names_cols / sizeof *names_cols};

/* Rows of one table buffered before they are written. The transaction begins with the first
   write, so a snapshot whose answers fit (the stdlib's 19,000) is resolved before the writer's
   lock is taken: another connection (cli/index_snapshot.c) resolves while the run writes its
   summaries (SQLite has one writer at a time). 65,536 rows of ten cells: about 20 MB. A sink
   that streams (PostgreSQL: one COPY left open; its writers do not block each other) is handed
   STREAM_ROWS at a time instead, so the server takes them in while the next are resolved: the
   whole Linux tree's 1.93 M links, with the server the slower side, 11.1 -> 9.8 s (perf/README.md,
   issue 11, session 9). */
#define FLUSH_ROWS 65536
#define STREAM_ROWS 1024

typedef sp_array(sp_value) cells;

typedef struct store {
	sp_sink *sink;
	int64_t repo, path_set, calls_set; /* calls_set 0: no call_links to write */
	cells res, link, files, named;
	size_t res_rows, link_rows, files_rows, named_rows;
	size_t file_first; /* the first link row of the file being resolved */
	size_t file_calls; /* its call sites */
	sp_buf answers; /* the file's links, spelt out for their hash */
	sp_name_hashes names; /* the names its calls look up in other files */
	sp_buf hex;
	sp_arena kept; /* the names of the call_names rows, until they are written */
	sp_strmap has_names; /* the blobs with a call_names row (decimal keys) */
	sp_affected *aff; /* the earlier snapshot's rows; the paths to resolve again */
	bool file_pending; /* the file being resolved is new to the path set */
	int err;
	bool begun; /* the transaction of the writes */
} store;

static void put_int(store *st, cells *c, int64_t v, bool null)
{
	if (!st->err && sp_array_push(c, ((sp_value){.i = v, .null = null})))
		st->err = SP_ENOMEM;
}

static void put_text(store *st, cells *c, const char *s)
{
	sp_value v = {.s = s, .len = s ? (uint32_t)strlen(s) : 0, .null = !s};
	if (!st->err && sp_array_push(c, v))
		st->err = SP_ENOMEM;
}

static int begin(store *st)
{
	if (st->begun)
		return 0;
	st->begun = true;
	return sp_sink_begin(st->sink);
}

/* Writes the buffered rows; with more, rows of the table may follow in the same statement. */
static int flush(store *st, const sp_table *tb, cells *c, size_t *rows, bool more)
{
	if (st->err)
		return sp_sink_fail(st->sink, st->err, "out of memory resolving calls");
	int rc = *rows ? begin(st) : 0;
	if (!rc && (*rows || !more))
		rc = sp_sink_write_cells(st->sink, tb, c->v, *rows, more);
	c->n = 0;
	*rows = 0;
	return rc;
}

/* Whether a table's buffer is written now (after its row was added). */
static bool full(const store *st, size_t rows)
{
	return rows >= (sp_sink_streams_cells(st->sink) ? STREAM_ROWS : FLUSH_ROWS);
}

/* One cell of a link into the file's answers: an integer as its 8 bytes, a text with its NUL, a
   NULL text as one byte no text starts with; NULL and "" differ, no text runs into the next. */
static void spell_int(sp_buf *b, int64_t i)
{
	sp_buf_append(b, &i, sizeof i);
}

static void spell(sp_buf *b, const char *s)
{
	if (s)
		sp_buf_append(b, s, strlen(s) + 1);
	else
		sp_buf_putc(b, '\x01');
}

/* the link of an open call; none when it reaches nothing: the view reads a call of a resolved
   snapshot (snapshots.calls_set set) without one as unresolved, the reason following from the
   calls row (migration 0019). Kept until the file's last answer (end_file). */
static int add_link(store *st, const sp_call_answer *a)
{
	if (!a->rank)
		return 0;
	cells *c = &st->link;
	put_int(st, c, st->repo, false);
	put_int(st, c, st->calls_set, false);
	put_text(st, c, a->path);
	put_int(st, c, a->call_id, false);
	put_text(st, c, a->resolution);
	put_text(st, c, a->target_path);
	put_int(st, c, a->target_blob_id, a->target_blob_id < 0);
	put_int(st, c, a->target_function_id, a->target_function_id < 0);
	put_text(st, c, a->module);
	put_text(st, c, a->reason);
	sp_buf *b = &st->answers;
	spell_int(b, a->call_id);
	spell(b, a->resolution);
	spell(b, a->target_path);
	spell_int(b, a->target_blob_id);
	spell_int(b, a->target_function_id);
	spell(b, a->module);
	spell(b, a->reason);
	if (b->err && !st->err)
		st->err = SP_ENOMEM;
	st->link_rows++;
	return st->err;
}

/* One call's answer: its call_resolutions row when its file is new to the path set and the answer
   depends on the path set (binding import, or none stored), and its link when the snapshot
   resolves its own open calls (a file resolved for the path set before gives the same answer:
   it depends on that file and the path set alone). The call's names go into its file's row. */
static int on_answer(void *ctx, const sp_call_answer *a)
{
	store *st = ctx;
	int rc = st->err;
	st->file_calls++;
	/* what the global rule looks up: the name, and the class a `new` names by its receiver */
	if (!rc && (sp_names_add(&st->names, a->name) ||
		    (a->name && !strcmp(a->name, "new") && sp_names_add(&st->names, a->receiver))))
		rc = st->err = SP_ENOMEM;
	if (!rc && st->file_pending && a->stored_row) {
		cells *c = &st->res;
		put_int(st, c, st->repo, false);
		put_int(st, c, st->path_set, false);
		put_text(st, c, a->path);
		put_int(st, c, a->blob_id, false);
		put_int(st, c, a->call_id, false);
		put_text(st, c, a->stored);
		put_int(st, c, a->stored_function_id, a->stored_function_id < 0);
		put_text(st, c, a->stored_module);
		put_text(st, c, a->stored_reason);
		rc = !full(st, ++st->res_rows) ? st->err
					       : flush(st, &resolutions, c, &st->res_rows, true);
	}
	if (!rc && st->calls_set && !strcmp(a->stored, "open"))
		rc = add_link(st, a);
	return rc;
}

/* Adds the path's call_link_files row: its links_set (NULL: none), their hash. */
static void put_row(store *st, const char *path, const int64_t *links_set, const int64_t *answers)
{
	cells *c = &st->files;
	put_int(st, c, st->repo, false);
	put_int(st, c, st->calls_set, false);
	put_text(st, c, path);
	put_int(st, c, links_set ? *links_set : 0, !links_set);
	put_int(st, c, answers ? *answers : 0, !answers);
	st->files_rows++;
}

/* The blob's call_names row, unless it has one: its calls' names as a filter. */
static int put_names(store *st, int64_t blob)
{
	char key[24];
	int n = snprintf(key, sizeof key, "%lld", (long long)blob);
	if (sp_strmap_get(&st->has_names, key, (size_t)n, NULL))
		return 0;
	sp_names_hex(&st->names, &st->hex);
	const char *names =
		st->hex.err ? NULL
			    : sp_arena_strndup(&st->kept, st->hex.data ? st->hex.data : "", st->hex.len);
	if (!names || sp_strmap_put(&st->has_names, key, (size_t)n, 1))
		return st->err = SP_ENOMEM;
	cells *c = &st->named;
	put_int(st, c, st->repo, false);
	put_int(st, c, blob, false);
	put_text(st, c, names);
	st->named_rows++;
	return st->err;
}

/* After a path's last answer, its call_link_files row: its links are written under the
   snapshot's own calls_set unless the earlier snapshot's links of the path hash the same, whose
   links_set it then names. A path without call sites has no row. */
static int end_file(store *st, const char *path, int64_t blob)
{
	size_t n = st->link_rows - st->file_first, calls = st->file_calls;
	st->file_calls = 0;
	int rc = !st->calls_set || st->err || !calls ? st->err : put_names(st, blob);
	st->names.n = 0; /* the next file's names start afresh, whatever happened here */
	if (rc || !st->calls_set || !calls)
		return rc;
	int64_t answers = (int64_t)sp_hash64(st->answers.data, st->answers.len),
		links_set = st->calls_set;
	sp_buf_reset(&st->answers);
	int64_t at;
	const sp_affected *a = st->aff;
	if (n && sp_strmap_get(&a->at, path, strlen(path), &at) && a->rows.v[at].has_links &&
	    a->rows.v[at].known && a->rows.v[at].answers == answers) {
		links_set = a->rows.v[at].links_set;
		st->link.n = st->file_first * links.ncols; /* the same links are there already */
		st->link_rows = st->file_first;
	}
	put_row(st, path, n ? &links_set : NULL, &answers);
	rc = !full(st, st->link_rows) ? st->err : flush(st, &links, &st->link, &st->link_rows, true);
	st->file_first = st->link_rows;
	return rc;
}

/* A path no changed file can reach keeps the earlier snapshot's row, under this calls_set;
   whether it had one (a path without call sites has none). */
static bool keep_row(store *st, const char *path)
{
	int64_t at;
	const sp_affected *a = st->aff;
	if (!sp_strmap_get(&a->at, path, strlen(path), &at))
		return false;
	const sp_earlier_row *e = &a->rows.v[at];
	put_row(st, path, e->has_links ? &e->links_set : NULL, e->known ? &e->answers : NULL);
	return true;
}

static const char *text(sp_rows *r, int col)
{
	return sp_rows_null(r, col) ? NULL : sp_rows_text(r, col);
}

/* Runs one of the snapshot's SELECTs, handing each row to the resolver (paths: path -> blob;
   a dependency may make its path one to resolve again). */
static int load(sp_sink *s, sp_callres *cr, const char *sql, const int64_t key[3], int kind,
		sp_strmap *paths, sp_affected *aff)
{
	sp_param p[] = {SP_PARAM_INT(key[0]), SP_PARAM_INT(key[1]), SP_PARAM_INT(key[2])};
	sp_rows *r = NULL;
	int np = strstr(sql, "$3") ? 3 : strstr(sql, "$2") ? 2 : 0;
	int more = 0, rc = sp_sink_query(s, sql, p, np, &r);
	while (!rc && (more = sp_rows_next(r)) > 0) {
		switch (kind) {
		case 0: rc = sp_callres_rule(cr, text(r, 0), text(r, 1), text(r, 2)); break;
		case 1:
			rc = sp_callres_file(cr, text(r, 0), sp_rows_int(r, 1), text(r, 2));
			if (!rc)
				rc = sp_strmap_put(paths, text(r, 0), strlen(text(r, 0)),
						   sp_rows_int(r, 1));
			break;
		case 2:
			rc = sp_callres_function(cr, sp_rows_int(r, 0), sp_rows_int(r, 1), text(r, 2),
						 text(r, 3), text(r, 4), text(r, 5));
			break;
		case 3:
			rc = sp_callres_import(cr, sp_rows_int(r, 0), sp_rows_int(r, 1), text(r, 2),
					       text(r, 3), text(r, 4));
			break;
		case 4:
			rc = sp_callres_dependency(cr, text(r, 0), sp_rows_int(r, 1), text(r, 2),
						   text(r, 3), text(r, 4), text(r, 5));
			if (!rc)
				rc = sp_affected_dependency(aff, text(r, 0), text(r, 2), text(r, 3));
			break;
		default:
			rc = sp_callres_call_bound(cr, sp_rows_int(r, 0), sp_rows_int(r, 1),
						   sp_rows_null(r, 2) ? -1 : sp_rows_int(r, 2),
						   text(r, 3), text(r, 4), text(r, 5), text(r, 6));
		}
		if (rc)
			rc = sp_sink_fail(s, rc, "out of memory resolving calls");
	}
	if (!rc && more < 0)
		rc = more;
	sp_rows_free(r);
	return rc;
}

/* The first column of each row a statement lists, as text, into m (paths; blob ids in decimal). */
static int load_paths(sp_sink *s, const char *sql, int64_t repo, int64_t snap, sp_strmap *m)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap)};
	sp_rows *r = NULL;
	int more = 0, rc = sp_sink_query(s, sql, p, 2, &r);
	while (!rc && (more = sp_rows_next(r)) > 0) {
		const char *path = sp_rows_text(r, 0);
		if (sp_strmap_put(m, path, strlen(path), 1))
			rc = sp_sink_fail(s, SP_ENOMEM, "out of memory resolving calls");
	}
	if (!rc && more < 0)
		rc = more;
	sp_rows_free(r);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Resolves the calls of the paths of m (a strmap of paths; only those of pending without a
   calls_set to write) in path order: the rows then reach the primary keys of call_resolutions and
   call_links (path, call) in order, appended to their B-trees instead of scattered over them
   (resolving and writing the stdlib's: 0.28 s of CPU against 0.30 s in hash order). */
static int resolve_paths(sp_sink *s, sp_callres *cr, const sp_strmap *m, const sp_strmap *pending,
			 store *st)
{
	const char **paths = malloc((m->used ? m->used : 1) * sizeof *paths);
	if (!paths)
		return sp_sink_fail(s, SP_ENOMEM, "out of memory resolving calls");
	size_t n = 0;
	for (size_t i = 0; i < m->cap; i++) {
		const char *k = sp_strmap_slot_key(m, i);
		if (k && (st->calls_set || sp_strmap_get(pending, k, strlen(k), NULL)))
			paths[n++] = k;
	}
	qsort(paths, n, sizeof *paths, cmp_path);
	int rc = 0;
	const sp_affected *a = st->aff;
	for (size_t i = 0; !rc && i < n; i++) {
		if (a->partial && !sp_strmap_get(&a->paths, paths[i], strlen(paths[i]), NULL)) {
			s->calls.kept += keep_row(st, paths[i]);
			rc = st->err;
			continue;
		}
		st->file_pending = sp_strmap_get(pending, paths[i], strlen(paths[i]), NULL);
		rc = sp_callres_resolve(cr, paths[i], on_answer, st);
		s->calls.resolved += !rc && st->file_calls;
		int64_t blob = 0;
		sp_strmap_get(m, paths[i], strlen(paths[i]), &blob);
		if (!rc)
			rc = end_file(st, paths[i], blob);
		if (rc == SP_ENOMEM)
			rc = sp_sink_fail(s, rc, "out of memory resolving calls");
	}
	free(paths);
	return rc;
}

/* The call sites to resolve: every blob's of the snapshot, or (partial) those of the blobs of the
   paths to resolve again, one blob at a time; the blobs above key[2] are fed. */
static int load_sites(sp_sink *s, sp_callres *cr, const int64_t key[3], sp_strmap *files, sp_affected *a)
{
	/* a query a blob costs a round trip: past a third of the paths one query reads less */
	if (!a->partial || a->paths.used * 3 > files->used)
		return load(s, cr, sp_sql_calls_sites, key, 5, files, a);
	sp_array(int64_t) blobs = {0};
	int rc = 0;
	for (size_t i = 0; !rc && i < a->paths.cap; i++) {
		const char *path = sp_strmap_slot_key(&a->paths, i);
		int64_t blob;
		if (path && sp_strmap_get(files, path, strlen(path), &blob) && blob <= key[2] &&
		    sp_array_push(&blobs, blob))
			rc = sp_sink_fail(s, SP_ENOMEM, "out of memory resolving calls");
	}
	blobs.n = sp_i64_sort_unique(blobs.v, blobs.n); /* paths may share a blob */
	for (size_t i = 0; !rc && i < blobs.n; i++)
		rc = load(s, cr, sp_sql_calls_sites_blob, (const int64_t[3]){key[0], blobs.v[i], 0}, 5,
			  files, a);
	sp_array_release(&blobs);
	return rc;
}

/* Reads the snapshot's rows, then stores the answers for the files of pending (new to the path
   set) and, with a calls_set, the links of the open calls of every file (partial: of the files a
   changed file can reach; the others keep the earlier snapshot's rows); *begun says whether a
   write began the transaction. */
static int resolve(sp_sink *s, int64_t repo, int64_t snap, const sp_strmap *pending, int64_t calls_set,
		   sp_calls_fed *fed, bool *begun)
{
	sp_affected aff;
	sp_affected_init(&aff);
	store st = {.sink = s, .repo = repo, .calls_set = calls_set, .aff = &aff};
	sp_buf_init(&st.answers);
	sp_buf_init(&st.hex);
	sp_arena_init(&st.kept);
	sp_strmap files;
	sp_strmap_init(&files);
	sp_strmap_init(&st.has_names);
	sp_callres *cr = fed ? fed->cr : NULL;
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap)};
	int rc = sp_sink_query_int(s, sp_sql_snapshot_path_set, p, 2, &st.path_set);
	if (!rc && !cr && sp_callres_new(&cr))
		rc = sp_sink_fail(s, SP_ENOMEM, "out of memory resolving calls");
	if (!rc && calls_set)
		rc = sp_affected_load(s, &aff, repo, snap, st.path_set);
	if (!rc && calls_set)
		rc = load_paths(s, sp_sql_calls_named_blobs, repo, snap, &st.has_names);
	/* the functions, imports and calls of blobs up to key[2]: the later ones are fed */
	const int64_t key[3] = {repo, snap, fed ? fed->floor : INT64_MAX};
	const char *sql[] = {sp_sql_calls_rules, sp_sql_calls_files, sp_sql_calls_functions,
			     sp_sql_calls_imports, sp_sql_calls_deps};
	for (int i = 0; !rc && i < 5; i++)
		rc = load(s, cr, sql[i], key, i, &files, &aff);
	/* the paths new to the path set are resolved whatever changed */
	for (size_t i = 0; !rc && aff.partial && i < pending->cap; i++) {
		const char *k = sp_strmap_slot_key(pending, i);
		if (k && sp_strmap_put(&aff.paths, k, strlen(k), 1))
			rc = sp_sink_fail(s, SP_ENOMEM, "out of memory resolving calls");
	}
	if (!rc && sp_affected_scan(&aff))
		rc = sp_sink_fail(s, SP_ENOMEM, "out of memory resolving calls");
	if (!rc)
		rc = load_sites(s, cr, key, &files, &aff);
	if (!rc)
		rc = resolve_paths(s, cr, &files, pending, &st);
	if (!rc)
		rc = flush(&st, &resolutions, &st.res, &st.res_rows, false);
	if (!rc)
		rc = flush(&st, &links, &st.link, &st.link_rows, false);
	if (!rc)
		rc = flush(&st, &link_files, &st.files, &st.files_rows, false);
	if (!rc)
		rc = flush(&st, &call_names, &st.named, &st.named_rows, false);
	*begun = st.begun;
	if (!fed)
		sp_callres_free(cr);
	sp_array_release(&st.res);
	sp_array_release(&st.link);
	sp_array_release(&st.files);
	sp_array_release(&st.names);
	sp_buf_release(&st.answers);
	sp_buf_release(&st.hex);
	sp_arena_release(&st.kept);
	sp_strmap_release(&st.has_names);
	sp_array_release(&st.named);
	sp_strmap_release(&files);
	sp_affected_release(&aff);
	return rc;
}

/* One transaction: files new to the path set get their call_resolutions rows; the snapshot then
   shares the calls_set of an earlier one with exactly its files, or resolves its open calls into
   call_links of its own. An unchanged tree computes nothing. The reads come first, outside the
   transaction (the run holds the repository's lock: nothing else writes what they read). */
int sp_sink_resolve_calls(sp_sink *s, int64_t repo, int64_t snap)
{
	return sp_sink_resolve_calls_fed(s, repo, snap, NULL);
}

sp_calls_counts sp_sink_calls_counts(const sp_sink *s)
{
	return s->calls;
}

int sp_sink_resolve_calls_fed(sp_sink *s, int64_t repo, int64_t snap, sp_calls_fed *fed)
{
	s->calls = (sp_calls_counts){0};
	int64_t reuse = 0;
	sp_strmap pending;
	sp_strmap_init(&pending);
	bool begun = false;
	/* the calls_set of the latest complete snapshot with exactly these files, if it has one */
	int64_t same = 0;
	int rc = sp_sink_same_files_snapshot(s, repo, snap, &same);
	if (!rc && same) {
		sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(same)};
		rc = sp_sink_query_int(s, sp_sql_snapshot_calls_set, p, 2, &reuse);
	}
	if (!rc)
		rc = load_paths(s, sp_sql_calls_pending, repo, snap, &pending);
	if (!rc && (pending.used || !reuse))
		rc = resolve(s, repo, snap, &pending, reuse ? 0 : snap, fed, &begun);
	if (!rc && !begun)
		rc = sp_sink_begin(s);
	if (!rc) {
		sp_param q[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap),
				SP_PARAM_INT(reuse ? reuse : snap)};
		int64_t ignored;
		rc = sp_sink_query_int(s, sp_sql_calls_set_record, q, 3, &ignored);
	}
	if (!rc)
		rc = sp_sink_commit(s);
	sp_strmap_release(&pending);
	if (rc) {
		sp_sink_abort(s);
		return rc;
	}
	return 0;
}
