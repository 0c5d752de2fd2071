/* tests/unit/test_load.c: the load stage against real databases: COPY text escaping, migrations
   (apply, idempotence, refusing newer or altered schemas), snapshot lifecycle, batch rollback.
   SQLite always; PostgreSQL when SNAKEPIPE_TEST_PG names a server (scripts/test starts one). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load_fixture.h"
#include "pg_fixture.h"

/* ---- COPY encoding ---- */

Test(copy, escapes_text_and_nulls)
{
	sp_batch b;
	sp_batch_init(&b);
	sp_batch_int(&b, SP_TBL_FILES, 1);
	sp_batch_int(&b, SP_TBL_FILES, -2);
	sp_batch_cstr(&b, SP_TBL_FILES, "a\tb\nc\rd\\e");
	sp_batch_null(&b, SP_TBL_FILES);
	sp_batch_int(&b, SP_TBL_FILES, 5);
	sp_batch_int(&b, SP_TBL_FILES, 6);
	sp_batch_cstr(&b, SP_TBL_FILES, "abc");
	sp_batch_end_row(&b, SP_TBL_FILES);
	sp_buf out;
	sp_buf_init(&out);
	sp_copy_encode_rows(&out, &b, SP_TBL_FILES, 0, 1);
	cr_assert_str_eq(sp_buf_cstr(&out), "1\t-2\ta\\tb\\nc\\rd\\\\e\t\\N\t5\t6\tabc\n");
	sp_buf_reset(&out);
	sp_sql_insert(&out, SP_TBL_FILES, true);
	cr_assert_str_eq(sp_buf_cstr(&out),
			 "COPY files (repository_id, snapshot_id, path, blob_id, size_bytes, "
			 "mtime_ns, git_blob) FROM STDIN");
	sp_buf_reset(&out);
	sp_sql_insert(&out, SP_TBL_FILES, false);
	cr_assert_str_eq(sp_buf_cstr(&out),
			 "INSERT INTO files (repository_id, snapshot_id, path, blob_id, "
			 "size_bytes, mtime_ns, git_blob) VALUES (?, ?, ?, ?, ?, ?, ?)");
	sp_buf_release(&out);
	sp_batch_release(&b);
}

/* Every kind of cell, the extremes of the integers, and rows appended to a buffer that grows
   past its first allocation (load/copy.c writes each row in place). */
Test(copy, every_cell_type_and_long_rows)
{
	static const sp_column cols[] = {{"i", SP_COL_INT},
					 {"b", SP_COL_BOOL},
					 {"d", SP_COL_REAL},
					 {"t", SP_COL_TEXT},
					 {"j", SP_COL_JSON}};
	static const sp_table tb = {"t", cols, 5};
	static const char json[] = "{\"a\": \"x\\\\y\"}"; /* {"a": "x\\y"} */
	char *big = malloc(5000);
	cr_assert(big);
	memset(big, '\t', 5000);
	sp_value cells[] = {
		{.i = INT64_MIN},
		{.i = 1},
		{.d = 0.1},
		{.s = "", .len = 0},
		{.s = json, .len = sizeof json - 1},
		{.i = INT64_MAX},
		{.i = 0},
		{.d = -2.5},
		{.s = "x", .len = 1},
		{.null = true},
		{.i = 0},
		{.null = true},
		{.d = 1e300},
		{.s = big, .len = 5000},
		{.s = "\\", .len = 1},
	};
	sp_buf out;
	sp_buf_init(&out);
	sp_copy_encode_cells(&out, &tb, cells, 0, 3);
	cr_assert_eq(out.err, 0);
	const char *want = "-9223372036854775808\tt\t0.10000000000000001\t\t{\"a\": \"x\\\\\\\\y\"}\n"
			   "9223372036854775807\tf\t-2.5\tx\t\\N\n"
			   "0\t\\N\t1.0000000000000001e+300\t";
	size_t n = strlen(want);
	cr_assert_eq(strncmp(sp_buf_cstr(&out), want, n), 0, "%.200s", sp_buf_cstr(&out));
	for (size_t k = 0; k < 5000; k++)
		cr_assert(out.data[n + 2 * k] == '\\' && out.data[n + 2 * k + 1] == 't');
	cr_assert_str_eq(out.data + n + 10000, "\t\\\\\n");
	cr_assert_eq(out.len, n + 10000 + 4);
	free(big);
	sp_buf_release(&out);
}

Test(redact, passwords_never_shown)
{
	const char *cases[][2] = {
		{"postgresql://bob:s3cret@db:5432/x", "postgresql://bob:***@db:5432/x"},
		{"postgres://bob@db/x", "postgres://bob@db/x"},
		{"host=db password=s3cret user=bob", "host=db password=*** user=bob"},
		{"host=db password = 'a b\\'c' user=bob", "host=db password = *** user=bob"},
		{"postgresql://db/x?password=s3cret&sslmode=require",
		 "postgresql://db/x?password=***&sslmode=require"},
		{"snakepipe.db", "snakepipe.db"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sp_buf b;
		sp_buf_init(&b);
		sp_sink_redact(cases[i][0], &b);
		cr_assert_str_eq(sp_buf_cstr(&b), cases[i][1]);
		cr_assert_null(strstr(sp_buf_cstr(&b), "s3cret"));
		sp_buf_release(&b);
	}
}

/* ---- a database per test ---- */

/* Writes b in a new transaction, which must fail on a files row for its content (a repeated
   key): returns that row's index in the batch. */
static int64_t refused_files_row(sp_sink *s, sp_batch *b)
{
	cr_assert_eq(sp_sink_begin(s), 0);
	cr_assert_neq(sp_sink_write(s, b), 0);
	int table;
	int64_t row;
	sp_sink_failed_row(s, &table, &row);
	cr_assert_eq(table, SP_TBL_FILES);
	cr_assert_str_neq(sp_sink_errmsg(s), "");
	cr_assert(sp_sink_data_error(s), "a repeated key is about the data: %s", sp_sink_errmsg(s));
	return row;
}

static void lifecycle(void)
{
	sp_sink *s = sp_test_open_migrated();
	int64_t repo, snap, max_id = -1;
	cr_assert_eq(sp_sink_repo_ensure(s, "/x/repo", "repo", &repo), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_repo_lock(s, repo, false), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_repo_recover(s, repo), 0, "%s", sp_sink_errmsg(s));
	/* a second session cannot take the lock while the first holds it; another repository can */
	sp_sink *other;
	cr_assert_eq(sp_sink_open(sp_test_url, &other), 0, "%s", sp_sink_errmsg(other));
	cr_assert_eq(sp_sink_repo_lock(other, repo, false), SP_ELOCK);
	cr_assert_eq(sp_sink_repo_lock(other, repo + 1, false), 0, "%s", sp_sink_errmsg(other));
	sp_sink_close(other);
	cr_assert_eq(sp_sink_snapshot_start(s, repo, "abc", 42, &snap), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(snap, 1);
	sp_batch b;
	sp_batch_init(&b);
	sp_test_fill(&b, repo, snap, 1, "a\tb.py", "f");
	cr_assert_eq(sp_sink_begin(s), 0);
	cr_assert_eq(sp_sink_write(s, &b), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_commit(s), 0);

	/* a failing batch: blob 2 is fine, but its file row repeats a path (primary key) */
	sp_batch_clear(&b);
	sp_test_fill(&b, repo, snap, 2, "a\tb.py", "g");
	refused_files_row(s, &b);
	sp_sink_abort(s);

	sp_strmap blobs;
	sp_strmap_init(&blobs);
	cr_assert_eq(sp_sink_blobs_load(s, repo, 1, &blobs, &max_id), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(max_id, 1, "the rolled-back batch left blob 2 behind");
	cr_assert_eq(blobs.used, 1);
	sp_strmap_release(&blobs);

	sp_snapshot_counts c = {.files_total = 1};
	cr_assert_eq(sp_sink_snapshot_finish(s, repo, snap, true, &c, NULL), 0, "%s", sp_sink_errmsg(s));
	/* the repository lock is per session: locking again in the same session works */
	int64_t repo2;
	cr_assert_eq(sp_sink_repo_ensure(s, "/x/repo", "repo", &repo2), 0);
	cr_assert_eq(repo2, repo);
	cr_assert_eq(sp_sink_repo_lock(s, repo, false), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_snapshot_start(s, repo, NULL, 42, &snap), 0);
	cr_assert_eq(snap, 2);
	sp_batch_release(&b);
	sp_sink_close(s);
}

/* A refusal for the rows' content is a data error; one from the session or schema is not. File
   errors are recorded once per path. */
static void data_errors(void)
{
	sp_sink *s = sp_test_open_migrated();
	bool pg = !strcmp(sp_sink_dialect(s), "postgresql");
	int64_t repo, snap, n = -1;
	cr_assert_eq(sp_sink_repo_ensure(s, "/x/repo", "repo", &repo), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_snapshot_start(s, repo, NULL, 1, &snap), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_exec(s, pg ? "CREATE FUNCTION t() RETURNS trigger LANGUAGE plpgsql AS "
					  "$$ BEGIN RAISE EXCEPTION 'no' USING ERRCODE = "
					  "'insufficient_privilege'; END $$; CREATE TRIGGER t BEFORE "
					  "INSERT ON functions FOR EACH ROW WHEN (NEW.name = 'x') "
					  "EXECUTE FUNCTION t()"
					: "CREATE TRIGGER t BEFORE INSERT ON functions WHEN NEW.name = "
					  "'x' BEGIN SELECT json('no'); END"),
		     0, "%s", sp_sink_errmsg(s));
	sp_batch b;
	sp_batch_init(&b);
	sp_test_fill(&b, repo, snap, 1, "a.py", "x");
	cr_assert_eq(sp_sink_begin(s), 0);
	cr_assert_neq(sp_sink_write(s, &b), 0);
	cr_assert_not(sp_sink_data_error(s), "a trigger's privilege error is not about the data: %s",
		      sp_sink_errmsg(s));
	sp_sink_abort(s);
	/* the data's own fault: a function whose blob does not exist (foreign key) */
	sp_batch_clear(&b);
	sp_test_fill(&b, repo, snap, 2, "b.py", "y");
	b.rows[SP_TBL_BLOBS] = 0;
	b.cells[SP_TBL_BLOBS].n = 0;
	cr_assert_eq(sp_sink_begin(s), 0);
	int rc = sp_sink_write(s, &b);
	if (!rc)
		rc = sp_sink_commit(s);
	cr_assert_neq(rc, 0);
	cr_assert(sp_sink_data_error(s), "a missing parent is about the data: %s", sp_sink_errmsg(s));
	sp_sink_abort(s);

	cr_assert_eq(sp_sink_begin(s), 0);
	cr_assert_eq(sp_sink_file_error(s, repo, snap, "a\tb.py", "load", "refused"), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_file_error(s, repo, snap, "a\tb.py", "extract", "again"), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_commit(s), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_scalar(s,
				    "SELECT count(*) FROM file_errors WHERE repository_id = $1 AND "
				    "snapshot_id = $2 AND stage = 'load' AND error = 'refused'",
				    repo, snap, &n),
		     0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(n, 1);
	/* they go with their snapshot */
	cr_assert_eq(sp_sink_exec(s, "DELETE FROM snapshots"), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_scalar(s, "SELECT count(*) FROM file_errors", 0, 0, &n), 0);
	cr_assert_eq(n, 0);
	sp_batch_release(&b);
	sp_sink_close(s);
}

static void migrations_refused(void)
{
	sp_sink *s = sp_test_open_migrated();
	cr_assert_eq(sp_sink_migrate(s), 0, "migrating twice is a no-op");
	sp_buf status;
	sp_buf_init(&status);
	int pending = -1;
	cr_assert_eq(sp_sink_migration_status(s, &status, &pending), 0);
	cr_assert_eq(pending, 0);
	cr_assert_not_null(strstr(sp_buf_cstr(&status), "0001 init applied"));
	sp_buf_release(&status);

	cr_assert_eq(sp_sink_exec(s, "INSERT INTO schema_migrations (version, name, checksum) "
				     "VALUES (9999, 'future', 'x')"),
		     0);
	cr_assert_eq(sp_sink_migrate(s), SP_ESCHEMA);
	cr_assert_not_null(strstr(sp_sink_errmsg(s), "newer than this snakepipe"), "%s",
			   sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_exec(s, "DELETE FROM schema_migrations WHERE version = 9999"), 0);
	cr_assert_eq(
		sp_sink_exec(s, "UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1"),
		0);
	cr_assert_eq(sp_sink_migrate(s), SP_ESCHEMA);
	cr_assert_not_null(strstr(sp_sink_errmsg(s), "was altered"), "%s", sp_sink_errmsg(s));
	sp_sink_close(s);
}

Test(sqlite, lifecycle_and_rollback, .init = sp_test_sqlite_fresh, .fini = sp_test_sqlite_drop)
{
	lifecycle();
}
Test(sqlite, migrations_refuse_newer_or_altered, .init = sp_test_sqlite_fresh,
     .fini = sp_test_sqlite_drop)
{
	migrations_refused();
}
Test(sqlite, data_errors_told_apart, .init = sp_test_sqlite_fresh, .fini = sp_test_sqlite_drop)
{
	data_errors();
}
Test(postgresql, data_errors_told_apart, .init = sp_test_pg_fresh, .fini = sp_test_pg_drop)
{
	data_errors();
}
Test(postgresql, lifecycle_and_rollback, .init = sp_test_pg_fresh, .fini = sp_test_pg_drop)
{
	lifecycle();
}
Test(postgresql, migrations_refuse_newer_or_altered, .init = sp_test_pg_fresh, .fini = sp_test_pg_drop)
{
	migrations_refused();
}
/* An empty database is migrated with its joins planned as written (load/sink_pg.c): the session
   gets the planner's own settings back for what it runs next. */
Test(postgresql, empty_database_planner_settings_reset, .init = sp_test_pg_fresh,
     .fini = sp_test_pg_drop)
{
	sp_sink *s = sp_test_open_migrated();
	int64_t n = -1;
	cr_assert_eq(sp_sink_query_int(
			     s,
			     "SELECT count(*) FROM pg_settings WHERE name IN "
			     "('join_collapse_limit', 'from_collapse_limit') AND source <> 'session'",
			     NULL, 0, &n),
		     0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(n, 2, "both limits are back to the server's");
	sp_sink_close(s);
}

Test(open, bad_targets_fail_with_a_message)
{
	sp_sink *s;
	cr_assert_eq(sp_sink_open("/nonexistent-dir/x.db", &s), SP_ECONNECT);
	cr_assert_not_null(strstr(sp_sink_errmsg(s), "/nonexistent-dir/x.db"));
	sp_sink_close(s);
	cr_assert_eq(sp_sink_open("host=127.0.0.1 port=1 connect_timeout=2", &s), SP_ECONNECT);
	cr_assert_str_neq(sp_sink_errmsg(s), "");
	sp_sink_close(s);
}

/* ---- the read API (sp_sink_query, sp_rows_*) on both engines ---- */

static void read_api(void)
{
	sp_sink *s = sp_test_open_migrated();
	int64_t a, b;
	cr_assert_eq(sp_sink_repo_ensure(s, "/r/a", "a", &a), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_repo_ensure(s, "/r/b", "b", &b), 0, "%s", sp_sink_errmsg(s));
	cr_assert_neq(a, b);
	/* $2 written before $1: SQLite numbers "$N" by first appearance unless bound by name */
	sp_param p[] = {SP_PARAM_INT(a), SP_PARAM_TEXT("/r/b")};
	sp_rows *r;
	cr_assert_eq(
		sp_sink_query(s,
			      "SELECT repository_id, name, NULL, repository_id = $1 FROM repositories "
			      "WHERE location = $2 OR repository_id = $1 ORDER BY repository_id",
			      p, 2, &r),
		0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_rows_next(r), 1);
	cr_assert_eq(sp_rows_int(r, 0), a);
	cr_assert_str_eq(sp_rows_text(r, 1), "a");
	cr_assert(!sp_rows_null(r, 1));
	cr_assert(sp_rows_null(r, 2));
	cr_assert_null(sp_rows_text(r, 2));
	cr_assert_eq(sp_rows_int(r, 2), 0);
	cr_assert_eq(sp_rows_int(r, 3), 1, "a boolean reads as 1 on both engines");
	cr_assert_eq(sp_rows_next(r), 1);
	cr_assert_eq(sp_rows_int(r, 0), b);
	cr_assert_str_eq(sp_rows_text(r, 1), "b");
	cr_assert_eq(sp_rows_int(r, 3), 0);
	cr_assert_eq(sp_rows_next(r), 0);
	cr_assert_eq(sp_rows_next(r), 0, "the end stays the end");
	sp_rows_free(r);
	sp_rows_free(NULL);

	/* a parameter is a value, never SQL */
	int64_t n = -1;
	sp_param evil[] = {SP_PARAM_TEXT("x' OR '1'='1")};
	cr_assert_eq(sp_sink_query_int(s, "SELECT count(*) FROM repositories WHERE location = $1", evil,
				       1, &n),
		     0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(n, 0);
	cr_assert_eq(sp_sink_query_int(s, "SELECT count(*) FROM repositories", NULL, 0, &n), 0);
	cr_assert_eq(n, 2);
	/* no row: 0; a statement returning nothing: 0 */
	n = -1;
	cr_assert_eq(sp_sink_query_int(s, "SELECT repository_id FROM repositories WHERE name = $1",
				       (sp_param[]){SP_PARAM_TEXT("none")}, 1, &n),
		     0);
	cr_assert_eq(n, 0);
	cr_assert_eq(sp_sink_query_int(s, "UPDATE repositories SET name = $1 WHERE repository_id = $2",
				       (sp_param[]){SP_PARAM_TEXT("b2"), SP_PARAM_INT(b)}, 2, &n),
		     0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(
		sp_sink_query_int(s, "SELECT count(*) FROM repositories WHERE name = 'b2'", NULL, 0, &n),
		0);
	cr_assert_eq(n, 1);

	/* the embedded statements (load/sql) run on this engine */
	sp_param snap[] = {SP_PARAM_INT(a), SP_PARAM_INT(1)};
	n = -1;
	cr_assert_eq(sp_sink_query_int(s, sp_sql_snapshot_file_count, snap, 2, &n), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_eq(n, 0);
	cr_assert_eq(sp_sink_query_int(s, sp_sql_snapshot_running, snap, 2, &n), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_eq(n, 0);
	cr_assert_eq(sp_sink_query_int(s, sp_sql_snapshot_path_set, snap, 2, &n), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_query_int(s, sp_sql_paths_record, snap, 2, &n), 0, "%s", sp_sink_errmsg(s));

	/* errors: a code, a message, no rows */
	r = (sp_rows *)1;
	cr_assert_lt(sp_sink_query(s, "SELECT nope FROM nowhere", NULL, 0, &r), 0);
	cr_assert_null(r);
	cr_assert_str_neq(sp_sink_errmsg(s), "");
	cr_assert_lt(sp_sink_query_int(s, "SELECT count(*) FROM repositories WHERE repository_id = $1",
				       (sp_param[]){SP_PARAM_INT(1), SP_PARAM_INT(2)}, 2, &n),
		     0, "more parameters than the statement takes is an error on both engines");
	sp_sink_close(s);
}

Test(sqlite, read_api, .init = sp_test_sqlite_fresh, .fini = sp_test_sqlite_drop)
{
	read_api();
}
Test(postgresql, read_api, .init = sp_test_pg_fresh, .fini = sp_test_pg_drop)
{
	read_api();
}

/* SQLite writes 16 rows to a statement: every row of a long batch arrives, and a refused row
   deep in it (the 38th files row repeats a path) is still named by its own index */
Test(sqlite, many_rows_to_a_statement, .init = sp_test_sqlite_fresh, .fini = sp_test_sqlite_drop)
{
	sp_sink *s = sp_test_open_migrated();
	int64_t repo, snap, n = -1;
	cr_assert_eq(sp_sink_repo_ensure(s, "/x/repo", "repo", &repo), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_snapshot_start(s, repo, NULL, 42, &snap), 0, "%s", sp_sink_errmsg(s));
	sp_batch b;
	sp_batch_init(&b);
	char path[32];
	for (int i = 0; i < 40; i++) {
		snprintf(path, sizeof path, "p%d.py", i);
		sp_test_fill(&b, repo, snap, i + 1, path, "f");
	}
	cr_assert_eq(sp_sink_begin(s), 0);
	cr_assert_eq(sp_sink_write(s, &b), 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_commit(s), 0);
	sp_param p[] = {SP_PARAM_INT(repo)};
	cr_assert_eq(
		sp_sink_query_int(s, "SELECT count(*) FROM files WHERE repository_id = $1", p, 1, &n), 0,
		"%s", sp_sink_errmsg(s));
	cr_assert_eq(n, 40);

	sp_batch_clear(&b);
	cr_assert_eq(sp_sink_snapshot_start(s, repo, NULL, 43, &snap), 0, "%s", sp_sink_errmsg(s));
	for (int i = 0; i < 40; i++) {
		snprintf(path, sizeof path, "p%d.py", i == 37 ? 3 : i);
		sp_test_fill(&b, repo, snap, 100 + i, path, "f");
	}
	int64_t row = refused_files_row(s, &b);
	cr_assert_eq(row, 37, "the refused row, not its statement's first (32): %lld", (long long)row);
	sp_sink_abort(s);
	sp_batch_release(&b);
	sp_sink_close(s);
}

/* A CHECK that lists more than two values (`kind IN ('a', 'b', 'c')`) makes SQLite build a
   temporary B-tree for every inserted row (migration 0020: about 1 µs a row). No table written
   row by row in bulk compiles an insert that opens one; snapshots (a row per run) may. */
Test(sqlite, inserts_build_no_temporary_btree, .init = sp_test_sqlite_fresh, .fini = sp_test_sqlite_drop)
{
	sp_sink *s = sp_test_open_migrated();
	sp_rows *tables = NULL;
	cr_assert_eq(
		sp_sink_query(s,
			      "SELECT m.name, (SELECT count(*) FROM pragma_table_info(m.name)) FROM "
			      "sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
			      "AND m.name <> 'snapshots' ORDER BY m.name",
			      NULL, 0, &tables),
		0, "%s", sp_sink_errmsg(s));
	int checked = 0;
	while (sp_rows_next(tables) > 0) {
		char sql[1024]; /* one parameter per column: constants would be folded at compile time */
		int n = snprintf(sql, sizeof sql, "EXPLAIN INSERT INTO %s VALUES (?",
				 sp_rows_text(tables, 0));
		for (int64_t c = 1; c < sp_rows_int(tables, 1) && n < (int)sizeof sql - 8; c++)
			n += snprintf(sql + n, sizeof sql - (size_t)n, ", ?");
		snprintf(sql + n, sizeof sql - (size_t)n, ")");
		sp_rows *ops = NULL;
		cr_assert_eq(sp_sink_query(s, sql, NULL, 0, &ops), 0, "%s", sp_sink_errmsg(s));
		while (sp_rows_next(ops) > 0)
			cr_expect_str_neq(
				sp_rows_text(ops, 1), "OpenEphemeral",
				"an insert into %s builds a temporary B-tree (a CHECK ... IN list?)",
				sp_rows_text(tables, 0));
		sp_rows_free(ops);
		checked++;
	}
	sp_rows_free(tables);
	cr_assert_gt(checked, 20, "the tables were read (%d)", checked);
	sp_sink_close(s);
}
