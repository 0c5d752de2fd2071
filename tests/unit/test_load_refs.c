/* tests/unit/test_load_refs.c: the load stage against real databases, continued from test_load.c:
   gc per ref with pins, the statements both engines run with one text (load/statements.c), and
   rows streamed to a table (sp_sink_write_cells with more).
   SQLite always; PostgreSQL when SNAKEPIPE_TEST_PG names a server (scripts/test starts one). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_fixture.h"
#include "pg_fixture.h"

/* ---- gc: per ref, pins ---- */

static int64_t snapshot_of(sp_sink *s, int64_t repo, const char *ref, bool on_default, int finish)
{
	int64_t snap;
	cr_assert_eq(sp_sink_snapshot_start_ref(s, repo, NULL, 1, ref, on_default, &snap), 0, "%s",
		     sp_sink_errmsg(s));
	sp_snapshot_counts c = {0};
	if (finish)
		cr_assert_eq(sp_sink_snapshot_finish(s, repo, snap, finish > 0, &c, "x"), 0, "%s",
			     sp_sink_errmsg(s));
	return snap;
}

/* The snapshot ids left, as a bit set (ids 1..62). */
static int64_t left(sp_sink *s, int64_t repo)
{
	int64_t bits = 0;
	for (int64_t id = 1; id < 63; id++) {
		int64_t n = 0;
		cr_assert_eq(sp_sink_scalar(s,
					    "SELECT count(*) FROM snapshots WHERE repository_id = $1 "
					    "AND snapshot_id = $2",
					    repo, id, &n),
			     0, "%s", sp_sink_errmsg(s));
		bits |= n ? (int64_t)1 << id : 0;
	}
	return bits;
}
#define IDS(...) ids_of((int[]){__VA_ARGS__, 0})
static int64_t ids_of(const int *v)
{
	int64_t bits = 0;
	for (; *v; v++)
		bits |= (int64_t)1 << *v;
	return bits;
}

static void gc_per_ref(void)
{
	sp_sink *s = sp_test_open_migrated();
	int64_t repo;
	cr_assert_eq(sp_sink_repo_ensure(s, "/x/repo", "repo", &repo), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_repo_lock(s, repo, false), 0, "%s", sp_sink_errmsg(s));
	/* the default branch is one line whether its snapshots name it (2, 7) or not (1: from before
	   refs); feat is another (3, 4; 6 failed); 5 is detached; 8 still runs */
	snapshot_of(s, repo, NULL, true, 1);
	snapshot_of(s, repo, "main", true, 1);
	snapshot_of(s, repo, "feat", false, 1);
	snapshot_of(s, repo, "feat", false, 1);
	snapshot_of(s, repo, NULL, false, 1);
	snapshot_of(s, repo, "feat", false, -1);
	snapshot_of(s, repo, "main", true, 1);
	snapshot_of(s, repo, "main", true, 0);
	char pin[128];
	snprintf(pin, sizeof pin,
		 "INSERT INTO snapshot_pins (repository_id, snapshot_id, pinned_by) VALUES (%lld, 3, "
		 "'gate')",
		 (long long)repo);
	cr_assert_eq(sp_sink_exec(s, pin), 0, "%s", sp_sink_errmsg(s));
	sp_gc_counts c;
	sp_gc_policy keep1 = {.keep = 1};
	cr_assert_eq(sp_sink_gc(s, &keep1, &c), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(left(s, repo), IDS(3, 4, 5, 6, 7, 8), "keep 1 per ref, the pinned one too");
	cr_assert_eq(c.snapshots, 2);
	sp_gc_policy keep2 = {.keep = 2};
	cr_assert_eq(sp_sink_gc(s, &keep2, &c), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(c.snapshots, 0, "feat's two complete snapshots are within keep 2");
	cr_assert_eq(sp_sink_exec(s, "DELETE FROM snapshot_pins"), 0);
	sp_gc_policy old = {.older_than = 32503680000}; /* the year 3000 */
	cr_assert_eq(sp_sink_gc(s, &old, &c), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(left(s, repo), IDS(4, 5, 6, 7, 8), "every ref's latest stays whatever its age");
	sp_sink_close(s);
}

Test(sqlite, gc_keeps_per_ref_and_pins, .init = sp_test_sqlite_fresh, .fini = sp_test_sqlite_drop)
{
	gc_per_ref();
}
Test(postgresql, gc_keeps_per_ref_and_pins, .init = sp_test_pg_fresh, .fini = sp_test_pg_drop)
{
	gc_per_ref();
}

/* ---- the statements both engines run with one text (load/statements.c) ---- */

typedef struct seen_file {
	int n;
	char paths[4][16], git[4][8];
	int64_t blob[4], size[4], mtime[4];
} seen_file;

static int on_file(void *ctx, const char *path, int64_t blob_id, int64_t size, int64_t mtime_ns,
		   const char *git_blob)
{
	seen_file *f = ctx;
	cr_assert_lt(f->n, 4);
	snprintf(f->paths[f->n], sizeof f->paths[0], "%s", path);
	snprintf(f->git[f->n], sizeof f->git[0], "%s", git_blob ? git_blob : "-");
	f->blob[f->n] = blob_id, f->size[f->n] = size, f->mtime[f->n] = mtime_ns;
	f->n++;
	return 0;
}

static int on_imp(void *ctx, int64_t blob_id, int32_t import_id, const char *module, const char *name,
		  int32_t level, const char *kind)
{
	sp_buf *out = ctx;
	sp_buf_printf(out, "%lld/%d %s %s %d %s;", (long long)blob_id, import_id, module,
		      name ? name : "-", level, kind ? kind : "-");
	return 0;
}

static int on_dep(void *ctx, const char *path, int64_t blob_id)
{
	(void)path;
	*(int64_t *)ctx += blob_id;
	return 0;
}

static int64_t files_of(sp_sink *s, int64_t repo, int64_t snap, const char *what)
{
	int64_t n = -1;
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT %s FROM files WHERE repository_id = $1 AND snapshot_id = $2",
		 what);
	cr_assert_eq(
		sp_sink_query_int(s, sql, (sp_param[]){SP_PARAM_INT(repo), SP_PARAM_INT(snap)}, 2, &n),
		0, "%s", sp_sink_errmsg(s));
	return n;
}

static void shared_statements(void)
{
	sp_sink *s = sp_test_open_migrated();
	int64_t repo, snap, prev = -1;
	cr_assert_eq(sp_sink_repo_ensure(s, "/x/shared", "shared", &repo), 0, "%s", sp_sink_errmsg(s));
	seen_file f = {0};
	cr_assert_eq(sp_sink_prev_files_load(s, repo, &prev, on_file, &f), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(prev, 0, "no complete snapshot yet");
	cr_assert_eq(sp_sink_snapshot_start(s, repo, "c1", 7, &snap), 0, "%s", sp_sink_errmsg(s));
	/* indexed where the repository is: its mtimes are trusted (test_identity: not elsewhere) */
	cr_assert_eq(sp_sink_snapshot_locate(s, repo, snap, "/x/shared"), 0, "%s", sp_sink_errmsg(s));
	sp_batch b;
	sp_batch_init(&b);
	sp_test_fill(&b, repo, snap, 1, "a.py", "f");
	sp_test_fill(&b, repo, snap, 2, "b.py", "g");
	cr_assert_eq(sp_sink_begin(s), 0);
	cr_assert_eq(sp_sink_write(s, &b), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_commit(s), 0);
	sp_batch_release(&b);
	cr_assert_eq(
		sp_sink_exec(s,
			     "UPDATE files SET size_bytes = 70, mtime_ns = 90, git_blob = 'g1' "
			     "WHERE path = 'a.py';"
			     "INSERT INTO imports (repository_id, blob_id, import_id, module, name, "
			     "alias, level, line, kind) VALUES (1, 2, 1, 'os', NULL, NULL, 0, 1, "
			     "'import'), (1, 1, 2, 'x', 'y', NULL, 1, 2, 'from'), (1, 1, 1, 'sys', "
			     "NULL, NULL, 0, 1, 'import');"
			     "INSERT INTO dependencies (repository_id, path_set, path, blob_id, "
			     "import_id, kind, target_module) VALUES (1, 7, 'a.py', 1, 1, 'internal', "
			     "'x'), (1, 8, 'b.py', 2, 1, 'internal', 'x')"),
		0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(repo, 1);
	sp_snapshot_counts c = {.files_total = 2};
	cr_assert_eq(sp_sink_snapshot_finish(s, repo, snap, true, &c, NULL), 0, "%s", sp_sink_errmsg(s));

	cr_assert_eq(sp_sink_prev_files_load(s, repo, &prev, on_file, &f), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(prev, snap);
	cr_assert_eq(f.n, 2);
	int a = strcmp(f.paths[0], "a.py") ? 1 : 0, o = 1 - a;
	cr_assert_str_eq(f.paths[a], "a.py");
	cr_assert_eq(f.blob[a], 1);
	cr_assert_eq(f.size[a], 70);
	cr_assert_eq(f.mtime[a], 90);
	cr_assert_str_eq(f.git[a], "g1");
	cr_assert_str_eq(f.paths[o], "b.py");
	cr_assert_eq(f.size[o], -1, "an unknown size reads as -1");
	cr_assert_eq(f.mtime[o], -1);
	cr_assert_str_eq(f.git[o], "-");

	/* imports of the blobs asked for, in (blob, import) order */
	sp_buf imp;
	sp_buf_init(&imp);
	cr_assert_eq(sp_sink_imports_load(s, repo, (int64_t[]){2, 1}, 2, on_imp, &imp), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_str_eq(sp_buf_cstr(&imp), "1/1 sys - 0 import;1/2 x y 1 from;2/1 os - 0 import;");
	sp_buf_reset(&imp);
	cr_assert_eq(sp_sink_imports_load(s, repo, (int64_t[]){2}, 1, on_imp, &imp), 0);
	cr_assert_str_eq(sp_buf_cstr(&imp), "2/1 os - 0 import;");
	sp_buf_release(&imp);
	int64_t deps = 0;
	cr_assert_eq(sp_sink_deps_known_load(s, repo, 7, on_dep, &deps), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(deps, 1, "only path set 7's (path, blob) pairs");

	/* carrying a subset, then everything: every column of the files descriptor comes along */
	int64_t s2, s3;
	cr_assert_eq(sp_sink_snapshot_start(s, repo, "c2", 7, &s2), 0, "%s", sp_sink_errmsg(s));
	const char *only_a[] = {"a.py"};
	cr_assert_eq(sp_sink_carry(s, repo, snap, s2, only_a, 1, false), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(files_of(s, repo, s2, "count(*)"), 1);
	cr_assert_eq(files_of(s, repo, s2, "sum(size_bytes + mtime_ns + blob_id)"), 161);
	cr_assert_eq(files_of(s, repo, s2, "sum(CASE WHEN git_blob = 'g1' THEN 1 ELSE 0 END)"), 1);
	cr_assert_eq(sp_sink_snapshot_finish(s, repo, s2, true, &c, NULL), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_snapshot_start(s, repo, "c3", 7, &s3), 0, "%s", sp_sink_errmsg(s));
	const char *both[] = {"a.py", "b.py"};
	cr_assert_eq(sp_sink_carry(s, repo, snap, s3, both, 2, true), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(files_of(s, repo, s3, "count(*)"), 2);
	cr_assert_eq(files_of(s, repo, s3, "sum(blob_id)"), 3);

	/* a file error recorded twice keeps the first */
	cr_assert_eq(sp_sink_begin(s), 0);
	cr_assert_eq(sp_sink_file_error(s, repo, s3, "c.py", "extract", "first"), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_file_error(s, repo, s3, "c.py", "load", "second"), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_commit(s), 0);
	int64_t n = -1;
	cr_assert_eq(sp_sink_query_int(s, "SELECT count(*) FROM file_errors WHERE error = 'first'", NULL,
				       0, &n),
		     0);
	cr_assert_eq(n, 1);
	cr_assert_eq(sp_sink_query_int(s, "SELECT count(*) FROM file_errors", NULL, 0, &n), 0);
	cr_assert_eq(n, 1);
	sp_sink_close(s);
}

Test(sqlite, shared_statements, .init = sp_test_sqlite_fresh, .fini = sp_test_sqlite_drop)
{
	shared_statements();
}
Test(postgresql, shared_statements, .init = sp_test_pg_fresh, .fini = sp_test_pg_drop)
{
	shared_statements();
}

/* Rows a writer fills itself, streamed (load/calls.c): rows of one table over several writes
   with more, then another table's (the first statement ends), then the commit (it ends the
   second); an abort in the middle of a stream leaves nothing and the connection usable. */
static void streamed_cells(void)
{
	sp_sink *s = sp_test_open_migrated();
	cr_assert_eq(sp_sink_exec(s, "CREATE TABLE stream_a (k bigint PRIMARY KEY, t text);"
				     "CREATE TABLE stream_b (k bigint PRIMARY KEY)"),
		     0, "%s", sp_sink_errmsg(s));
	static const sp_column ca[] = {{"k", SP_COL_INT}, {"t", SP_COL_TEXT}},
			       cb[] = {{"k", SP_COL_INT}};
	static const sp_table ta = {"stream_a", ca, 2}, tb = {"stream_b", cb, 1};
	sp_value a[2 * 100], b[100];
	for (int i = 0; i < 100; i++) {
		a[2 * i] = (sp_value){.i = i};
		a[2 * i + 1] = (sp_value){.s = "x\ty", .len = 3};
		b[i] = (sp_value){.i = i};
	}
	cr_assert_eq(sp_sink_begin(s), 0);
	cr_assert_eq(sp_sink_write_cells(s, &ta, a, 40, true), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_write_cells(s, &ta, a + 80, 60, true), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_write_cells(s, &tb, b, 10, true), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_write_cells(s, &tb, b + 10, 0, true), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_commit(s), 0, "%s", sp_sink_errmsg(s));
	int64_t n = -1;
	cr_assert_eq(sp_sink_query_int(s, "SELECT count(*) FROM stream_a WHERE t = 'x\ty'", NULL, 0, &n),
		     0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(n, 100);
	cr_assert_eq(sp_sink_query_int(s, "SELECT count(*) FROM stream_b", NULL, 0, &n), 0);
	cr_assert_eq(n, 10);

	cr_assert_eq(sp_sink_begin(s), 0);
	cr_assert_eq(sp_sink_write_cells(s, &tb, b + 10, 90, true), 0, "%s", sp_sink_errmsg(s));
	sp_sink_abort(s);
	cr_assert_eq(sp_sink_query_int(s, "SELECT count(*) FROM stream_b", NULL, 0, &n), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_eq(n, 10, "the aborted stream's rows are gone");
	/* a refused row ends the stream with the server's verdict */
	cr_assert_eq(sp_sink_begin(s), 0);
	int rc = sp_sink_write_cells(s, &tb, b, 5, true);
	if (!rc)
		rc = sp_sink_end_cells(s);
	cr_assert_neq(rc, 0, "duplicate keys are refused");
	sp_sink_abort(s);
	cr_assert_eq(sp_sink_query_int(s, "SELECT count(*) FROM stream_b", NULL, 0, &n), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_eq(n, 10);
	sp_sink_close(s);
}

Test(sqlite, streamed_cells, .init = sp_test_sqlite_fresh, .fini = sp_test_sqlite_drop)
{
	streamed_cells();
}
Test(postgresql, streamed_cells, .init = sp_test_pg_fresh, .fini = sp_test_pg_drop)
{
	streamed_cells();
}

/* Rows of a table outside the batch's written whole (cli/index_graph.c's components): two tables
   one after the other in one transaction, text with the characters COPY escapes, no rows at all,
   and a refused row failing the write with the transaction then aborted. */
static void write_rows(void)
{
	sp_sink *s = sp_test_open_migrated();
	cr_assert_eq(sp_sink_exec(s, "CREATE TABLE whole_a (k bigint PRIMARY KEY, t text);"
				     "CREATE TABLE whole_b (k bigint PRIMARY KEY)"),
		     0, "%s", sp_sink_errmsg(s));
	static const sp_column ca[] = {{"k", SP_COL_INT}, {"t", SP_COL_TEXT}},
			       cb[] = {{"k", SP_COL_INT}};
	static const sp_table ta = {"whole_a", ca, 2}, tb = {"whole_b", cb, 1};
	sp_value a[2 * 300], b[3];
	for (int i = 0; i < 300; i++) {
		a[2 * i] = (sp_value){.i = i};
		a[2 * i + 1] = (sp_value){.s = "a\\b\nc", .len = 5};
	}
	for (int i = 0; i < 3; i++)
		b[i] = (sp_value){.i = 7};
	cr_assert_eq(sp_sink_begin(s), 0);
	cr_assert_eq(sp_sink_write_rows(s, &ta, a, 300), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_write_rows(s, &tb, b, 0), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_write_rows(s, &tb, b, 1), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_commit(s), 0, "%s", sp_sink_errmsg(s));
	int64_t n = -1;
	cr_assert_eq(
		sp_sink_query_int(s, "SELECT count(*) FROM whole_a WHERE t = 'a\\b\nc'", NULL, 0, &n), 0,
		"%s", sp_sink_errmsg(s));
	cr_assert_eq(n, 300);
	cr_assert_eq(sp_sink_query_int(s, "SELECT sum(k) FROM whole_b", NULL, 0, &n), 0);
	cr_assert_eq(n, 7);
	cr_assert_eq(sp_sink_begin(s), 0);
	cr_assert_neq(sp_sink_write_rows(s, &tb, b + 1, 2), 0, "a key already there is refused");
	sp_sink_abort(s);
	cr_assert_eq(sp_sink_query_int(s, "SELECT count(*) FROM whole_b", NULL, 0, &n), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_eq(n, 1);
	sp_sink_close(s);
}

Test(sqlite, write_rows, .init = sp_test_sqlite_fresh, .fini = sp_test_sqlite_drop)
{
	write_rows();
}
Test(postgresql, write_rows, .init = sp_test_pg_fresh, .fini = sp_test_pg_drop)
{
	write_rows();
}
