/* tests/unit/test_cli.c: the command line's library (cli/ without main.c): the worker pool on
   several threads against one, the scan manifest's loading and limits, a refused batch's units and
   the JSON summary. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_p.h"
#include "config_p.h"
#include "manifest_p.h"
#include "pool_p.h"
#include "split_p.h"

/* ---- the worker pool ---- */

static sp_extractor *ex;
static sp_resolver *resolver;
#define NJOBS 48
static char *paths[NJOBS];

static void pool_setup(void)
{
	cr_assert_eq(sp_extractor_new(&ex, 0), 0, "%s", sp_extractor_errmsg(ex));
	for (int i = 0; i < NJOBS; i++) {
		char p[32];
		snprintf(p, sizeof p, "m%02d.py", i);
		paths[i] = strdup(p);
	}
	cr_assert_eq(sp_resolver_new((const char *const *)paths, NJOBS, &resolver), 0);
}

static void pool_teardown(void)
{
	sp_resolver_free(resolver);
	for (int i = 0; i < NJOBS; i++)
		free(paths[i]);
	sp_extractor_free(ex);
}

/* Job i: a Python file with i % 4 + 1 functions, each with an `if` (so metrics rows vary), and
   an import of the next module (a dependency row); job 7 is over the size limit (recorded with
   its reason, not parsed: no facts). */
static void make_jobs(sp_job *jobs, size_t max_file_size)
{
	memset(jobs, 0, NJOBS * sizeof *jobs);
	for (int i = 0; i < NJOBS; i++) {
		sp_buf src;
		sp_buf_init(&src);
		sp_buf_printf(&src, "import m%02d\n", (i + 1) % NJOBS);
		for (int k = 0; k <= i % 4; k++)
			sp_buf_printf(&src,
				      "\ndef f%d_%d(x):\n    if x:\n        return %d\n    return 0\n",
				      i, k, k);
		if (i == 7)
			for (size_t k = 0; src.len <= max_file_size; k++)
				sp_buf_puts(&src, "# padding to go over the size limit\n");
		cr_assert_eq(src.err, 0);
		sp_job *j = &jobs[i];
		j->path = paths[i];
		j->size = j->mtime_ns = -1;
		j->lang = sp_extractor_by_path(ex, paths[i]);
		cr_assert_not_null(j->lang);
		j->len = src.len;
		j->data = src.data; /* the pool frees it once extracted */
		sp_hash128_hex(j->data, j->len, j->hash);
		j->blob_id = 100 + i;
		j->state = SP_JOB_NEW;
	}
	jobs[5].state = SP_JOB_REUSED; /* not the pool's to extract: left alone */
}

static void free_jobs(sp_job *jobs)
{
	for (int i = 0; i < NJOBS; i++) {
		free(jobs[i].data);
		free(jobs[i].error);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every row of every worker's batch for table t, one line each, sorted: what the run writes
   whatever worker extracted which file. */
static char *rows_of(sp_pool *p, sp_table_id t)
{
	sp_array(char *) lines = {0};
	size_t ncols = sp_tables[t].ncols;
	for (int w = 0; w < sp_pool_batches(p); w++) {
		const sp_batch *b = sp_pool_batch(p, 0, w);
		for (size_t r = 0; r < b->rows[t]; r++) {
			sp_buf line;
			sp_buf_init(&line);
			for (size_t c = 0; c < ncols; c++) {
				const sp_value *v = &b->cells[t].v[r * ncols + c];
				if (v->null)
					sp_buf_puts(&line, "\\N");
				else if (v->s)
					sp_buf_append(&line, v->s, v->len);
				else
					sp_buf_printf(&line, "%lld", (long long)v->i);
				sp_buf_putc(&line, '|');
			}
			cr_assert_eq(sp_array_push(&lines, strdup(sp_buf_cstr(&line))), 0);
			sp_buf_release(&line);
		}
	}
	if (lines.n)
		qsort(lines.v, lines.n, sizeof *lines.v, cmp_str);
	sp_buf all;
	sp_buf_init(&all);
	for (size_t i = 0; i < lines.n; i++) {
		sp_buf_printf(&all, "%s\n", lines.v[i]);
		free(lines.v[i]);
	}
	sp_array_release(&lines);
	char *s = strdup(sp_buf_cstr(&all));
	sp_buf_release(&all);
	return s;
}

/* Runs the jobs on a pool of threads workers; returns every table's rows and checks each job. */
static void run_pool(int threads, char *out[SP_TBL_COUNT])
{
	sp_job jobs[NJOBS];
	const size_t max = 4096;
	make_jobs(jobs, max);
	sp_pool *p = NULL;
	cr_assert_eq(sp_pool_new(ex, threads, &p), 0);
	cr_assert_eq(sp_pool_batches(p), threads);
	sp_pool_ctx ctx = {.repository_id = 1,
			   .snapshot_id = 2,
			   .path_set = 3,
			   .resolver = resolver,
			   .max_file_size = max};
	/* twice on the same pool, cleared between: the second run gives the same rows */
	for (int round = 0; round < 2; round++) {
		if (round) {
			free_jobs(jobs);
			make_jobs(jobs, max);
			for (int t = 0; t < SP_TBL_COUNT; t++)
				free(out[t]);
			sp_pool_clear(p, 0);
		}
		cr_assert_eq(sp_pool_start(p, jobs, NJOBS, &ctx, 0), 0);
		cr_assert_eq(sp_pool_wait(p), 0);
		for (int i = 0; i < NJOBS; i++) {
			const sp_job *j = &jobs[i];
			if (i == 5) {
				cr_assert_eq(j->state, SP_JOB_REUSED);
				cr_assert_not_null(j->data, "a reused job's data is not the pool's");
				continue;
			}
			cr_assert_eq(j->state, SP_JOB_NEW, "job %d: %s", i, j->error ? j->error : "");
			cr_assert_null(j->data, "job %d: the source is freed once extracted", i);
			cr_assert_eq(j->imports, i == 7 ? 0 : 1, "job %d", i);
			if (i == 7) {
				cr_assert_str_eq(j->skip_reason, "too large");
				cr_assert_eq(j->functions, 0);
			} else {
				cr_assert_null(j->skip_reason, "job %d", i);
				cr_assert_eq(j->functions, i % 4 + 1, "job %d", i);
			}
		}
		for (int t = 0; t < SP_TBL_COUNT; t++)
			out[t] = rows_of(p, (sp_table_id)t);
	}
	free_jobs(jobs);
	sp_pool_free(p);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(pool, threads_give_the_rows_of_one_thread, .init = pool_setup, .fini = pool_teardown)
{
	char *one[SP_TBL_COUNT], *four[SP_TBL_COUNT];
	run_pool(1, one);
	run_pool(4, four);
	/* 47 new jobs (job 5 is reused): blobs, files; functions: sum of i % 4 + 1 except jobs 5 and 7 */
	size_t want_fn = 0;
	for (int i = 0; i < NJOBS; i++)
		want_fn += i == 5 || i == 7 ? 0 : (size_t)(i % 4 + 1);
	cr_assert_eq(count_lines(one[SP_TBL_BLOBS]), NJOBS - 1);
	cr_assert_eq(count_lines(one[SP_TBL_FILES]), NJOBS - 1);
	cr_assert_eq(count_lines(one[SP_TBL_FUNCTIONS]), want_fn);
	cr_assert_eq(count_lines(one[SP_TBL_FUNCTION_METRICS]), want_fn);
	cr_assert_eq(count_lines(one[SP_TBL_IMPORTS]), NJOBS - 2); /* job 7 is recorded, not parsed */
	cr_assert_eq(count_lines(one[SP_TBL_DEPENDENCIES]), NJOBS - 2);
	for (int t = 0; t < SP_TBL_COUNT; t++) {
		cr_assert_str_eq(four[t], one[t], "table %s", sp_tables[t].name);
		free(one[t]);
		free(four[t]);
	}
}

/* The sources parsed at once are bounded in bytes (four of the largest files parsed), not only
   by the threads: eight threads over files of up to a quarter of that bound and more parse no
   more than the bound at once, never wait forever, and give the rows of one thread. */
Test(pool, sources_parsed_at_once_are_bounded, .init = pool_setup, .fini = pool_teardown)
{
	const size_t max = 160; /* the two larger of the four shapes are recorded, not parsed */
	char *rows[2][SP_TBL_COUNT];
	for (int k = 0; k < 2; k++) {
		int threads = k ? 8 : 1;
		sp_job jobs[NJOBS];
		make_jobs(jobs, max);
		sp_pool *p = NULL;
		cr_assert_eq(sp_pool_new(ex, threads, &p), 0);
		sp_pool_ctx ctx = {.repository_id = 1,
				   .snapshot_id = 2,
				   .path_set = 3,
				   .resolver = resolver,
				   .max_file_size = max};
		cr_assert_eq(sp_pool_start(p, jobs, NJOBS, &ctx, 0), 0);
		cr_assert_eq(sp_pool_wait(p), 0);
		size_t most = sp_pool_most_parsed(p);
		cr_assert(most > 0 && most <= 4 * max, "%d threads parsed %zu bytes at once", threads,
			  most);
		for (int t = 0; t < SP_TBL_COUNT; t++)
			rows[k][t] = rows_of(p, (sp_table_id)t);
		free_jobs(jobs);
		sp_pool_free(p);
	}
	for (int t = 0; t < SP_TBL_COUNT; t++) {
		cr_assert_str_eq(rows[1][t], rows[0][t], "table %s", sp_tables[t].name);
		free(rows[0][t]);
		free(rows[1][t]);
	}
}

Test(pool, a_file_that_cannot_be_parsed_fails_alone, .init = pool_setup, .fini = pool_teardown)
{
	sp_job jobs[NJOBS];
	make_jobs(jobs, 1 << 20);
	/* a file whose tree is nested deeper than SP_MAX_TREE_DEPTH fails with its reason (lines
	   of 60 brackets: one long line would read as minified and never be parsed) */
	sp_buf deep;
	sp_buf_init(&deep);
	sp_buf_puts(&deep, "x = ");
	for (int i = 0; i < 100000; i++)
		sp_buf_puts(&deep, i % 60 == 59 ? "[\n" : "[");
	for (int i = 0; i < 100000; i++)
		sp_buf_puts(&deep, i % 60 == 59 ? "]\n" : "]");
	sp_buf_putc(&deep, '\n');
	cr_assert_eq(deep.err, 0);
	free(jobs[3].data);
	jobs[3].data = deep.data;
	jobs[3].len = deep.len;
	sp_pool *p = NULL;
	cr_assert_eq(sp_pool_new(ex, 3, &p), 0);
	sp_pool_ctx ctx = {.repository_id = 1,
			   .snapshot_id = 1,
			   .path_set = 1,
			   .resolver = resolver,
			   .max_file_size = 1 << 20};
	cr_assert_eq(sp_pool_start(p, jobs, NJOBS, &ctx, 0), 0);
	cr_assert_eq(sp_pool_wait(p), 0);
	cr_assert_eq(jobs[3].state, SP_JOB_FAILED);
	cr_assert_not_null(jobs[3].error);
	cr_assert(strstr(jobs[3].error, "nested deeper than 10000 levels"), "%s", jobs[3].error);
	for (int i = 0; i < NJOBS; i++)
		if (i != 3 && i != 5)
			cr_assert_eq(jobs[i].state, SP_JOB_NEW, "job %d: %s", i,
				     jobs[i].error ? jobs[i].error : "");
	free_jobs(jobs);
	sp_pool_free(p);
}

Test(pool, free_null_is_a_no_op)
{
	sp_pool_free(NULL);
}

/* ---- the scan manifest ---- */

static char manifest_path[64];

static int load(const char *text, sp_manifest **m, sp_buf *err)
{
	snprintf(manifest_path, sizeof manifest_path, "/tmp/sp-test-manifest-XXXXXX");
	int fd = mkstemp(manifest_path);
	cr_assert_geq(fd, 0);
	size_t n = strlen(text);
	cr_assert_eq(write(fd, text, n), (ssize_t)n);
	close(fd);
	sp_buf_init(err);
	int rc = sp_manifest_load(manifest_path, m, err);
	unlink(manifest_path);
	return rc;
}

Test(manifest, every_key_is_read)
{
	sp_manifest *m = NULL;
	sp_buf err;
	int rc = load("defaults:\n  database: x.db\n  batch_size: 7\n  retries: 2\n  jobs: 3\n"
		      "repositories:\n  - path: /a\n    rev: HEAD\n    include: [\"src/*\", \"lib/*\"]\n"
		      "    exclude: [\"src/gen/*\"]\n    languages: [python, go]\n"
		      "    include_dirs: [include]\n  - path: /b\n",
		      &m, &err);
	cr_assert_eq(rc, 0, "%s", sp_buf_cstr(&err));
	cr_assert_str_eq(m->defaults->database, "x.db");
	cr_assert_eq(*m->defaults->batch_size, 7);
	cr_assert_eq(*m->defaults->retries, 2);
	cr_assert_eq(*m->defaults->jobs, 3);
	cr_assert_eq(m->repositories_count, 2);
	const sp_manifest_repo *a = &m->repositories[0], *b = &m->repositories[1];
	cr_assert_str_eq(a->path, "/a");
	cr_assert_str_eq(a->rev, "HEAD");
	cr_assert_eq(a->include_count, 2);
	cr_assert_str_eq(a->include[1], "lib/*");
	cr_assert_eq(a->exclude_count, 1);
	cr_assert_str_eq(a->exclude[0], "src/gen/*");
	cr_assert_eq(a->languages_count, 2);
	cr_assert_str_eq(a->languages[1], "go");
	cr_assert_eq(a->include_dirs_count, 1);
	cr_assert_str_eq(a->include_dirs[0], "include");
	cr_assert_str_eq(b->path, "/b");
	cr_assert_null(b->rev);
	cr_assert_eq(b->include_count, 0);
	sp_manifest_free(m);
	sp_buf_release(&err);
}

Test(manifest, errors_name_the_key_and_line)
{
	static const struct {
		const char *text, *want1, *want2;
	} bad[] = {
		{"repositories:\n  - path: /x\n    exlude: ['*']\n", "exlude", "line 3"},
		{"defaults:\n  jobs: 65\nrepositories:\n  - path: /x\n",
		 "defaults.jobs: 65 is out of range", "on line 2"},
		{"defaults:\n  retries: 101\nrepositories:\n  - path: /x\n", "defaults.retries",
		 "0 to 100"},
		{"repositories:\n  - path: /x\n    languages: [cobol]\n", "no language 'cobol'", "/x"},
		{"# only a comment\n", "empty", "repositories"},
		{"repositories: [\n", "line", ""},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sp_manifest *m = (sp_manifest *)1;
		sp_buf err;
		cr_assert_eq(load(bad[i].text, &m, &err), SP_EUSAGE, "case %zu", i);
		cr_assert_null(m, "case %zu", i);
		const char *e = sp_buf_cstr(&err);
		cr_assert(strstr(e, bad[i].want1) && strstr(e, bad[i].want2), "case %zu: %s", i, e);
		sp_buf_release(&err);
	}
}

Test(manifest, size_and_alias_expansion_are_limited)
{
	/* a billion-laughs manifest: each level references the one before ten times */
	sp_buf t;
	sp_buf_init(&t);
	sp_buf_puts(&t, "x0: &a0 [\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]\n");
	for (int i = 1; i < 9; i++) {
		sp_buf_printf(&t, "x%d: &a%d [", i, i);
		for (int k = 0; k < 10; k++)
			sp_buf_printf(&t, "%s*a%d", k ? ", " : "", i - 1);
		sp_buf_puts(&t, "]\n");
	}
	sp_buf_puts(&t, "repositories:\n  - path: /x\n");
	sp_manifest *m = NULL;
	sp_buf err;
	cr_assert_eq(load(sp_buf_cstr(&t), &m, &err), SP_EUSAGE);
	cr_assert(strstr(sp_buf_cstr(&err), "expand to more than 64 MiB"), "%s", sp_buf_cstr(&err));
	sp_buf_release(&err);
	sp_buf_reset(&t);
	sp_buf_puts(&t, "repositories:\n  - path: /x\n");
	while (t.len <= SP_MANIFEST_MAX_BYTES)
		sp_buf_puts(&t,
			    "# a long comment line to go over the manifest size limit ...........\n");
	cr_assert_eq(load(sp_buf_cstr(&t), &m, &err), SP_EUSAGE);
	cr_assert(strstr(sp_buf_cstr(&err), "a manifest may hold at most"), "%s", sp_buf_cstr(&err));
	sp_buf_release(&err);
	sp_buf_release(&t);
}

/* ---- a refused batch's units ---- */

Test(split, units_are_the_blobs_of_every_row_sorted_once)
{
	sp_batch b;
	sp_batch_init(&b);
	static const int64_t blobs[] = {9, 3, 9, 5, 3};
	for (size_t i = 0; i < sizeof blobs / sizeof blobs[0]; i++) {
		/* an imports row: repository_id, blob_id, then the rest NULL */
		sp_batch_int(&b, SP_TBL_IMPORTS, 1);
		sp_batch_int(&b, SP_TBL_IMPORTS, blobs[i]);
		for (size_t c = 2; c < sp_tables[SP_TBL_IMPORTS].ncols; c++)
			sp_batch_null(&b, SP_TBL_IMPORTS);
		sp_batch_end_row(&b, SP_TBL_IMPORTS);
	}
	cr_assert_eq(b.err, 0);
	sp_unit_ids units = {0};
	cr_assert_eq(sp_split_add_units(&units, &b), 0);
	cr_assert_eq(units.n, 5);
	sp_split_sort_units(&units);
	cr_assert_eq(units.n, 3);
	cr_assert_eq(units.v[0], 3);
	cr_assert_eq(units.v[1], 5);
	cr_assert_eq(units.v[2], 9);
	sp_array_release(&units);
	sp_batch_release(&b);
}

/* ---- the JSON summary ---- */

Test(summary, json_escapes_names_and_counts_what_happened)
{
	sp_summary s;
	sp_summary_init(&s);
	s.complete = true;
	s.location = strdup("/r/with \"quote\"");
	s.repository_id = 4;
	s.snapshot_id = 9;
	s.parsed = 12;
	s.skipped_by[SP_SKIP_VANISHED] = 2;
	sp_file_error e = {strdup("bad\nname.py"), strdup("cannot read")};
	cr_assert_eq(sp_array_push(&s.errors, e), 0);
	sp_buf out;
	sp_buf_init(&out);
	sp_summary_json(&s, "x.db", &out);
	const char *j = sp_buf_cstr(&out);
	static const char *const want[] = {
		"{\"status\": \"complete\"",
		"\"repository\": \"/r/with \\\"quote\\\"\"",
		"\"database\": \"x.db\"",
		"\"repository_id\": 4, \"snapshot_id\": 9",
		"\"parsed\": 12",
		"\"vanished\": 2",
		"\"errors\": [{\"path\": \"bad\\nname.py\", \"error\": \"cannot read\"}]",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_assert(strstr(j, want[i]), "%s not in %s", want[i], j);
	cr_assert_eq(j[strlen(j) - 1], '}');
	sp_buf_release(&out);
	sp_summary_release(&s);
}

/* ---- the repository config, .snakepipe.yaml ---- */

static char config_dir[64];

/* Writes text as <a new directory>/.snakepipe.yaml and loads it through sp_config_load. */
static int load_config(const char *text, sp_config **c, sp_buf *err)
{
	snprintf(config_dir, sizeof config_dir, "/tmp/sp-test-config-XXXXXX");
	cr_assert_not_null(mkdtemp(config_dir));
	char path[96];
	snprintf(path, sizeof path, "%s/.snakepipe.yaml", config_dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	sp_buf_init(err);
	int rc = sp_config_load(config_dir, c, err);
	unlink(path);
	rmdir(config_dir);
	return rc;
}

Test(config, every_key_is_read)
{
	sp_config *c = NULL;
	sp_buf err;
	int rc = load_config(
		"name: example/x\ninclude: [\"src/*\"]\nexclude: [\"src/gen/*\", \"*.pb.c\"]\n"
		"languages: [c, cpp]\nlanguage_map:\n  \"*.h\": cpp\n  Rakefile: ruby\n"
		"include_dirs: [include]\ndefault_branch: trunk\n"
		"check:\n  base: origin/trunk\n  fail_on: [\"cyclomatic > 15\"]\n",
		&c, &err);
	cr_assert_eq(rc, 0, "%s", sp_buf_cstr(&err));
	cr_assert_not_null(c->path);
	cr_assert_str_eq(c->name, "example/x");
	cr_assert_eq(c->include_count, 1);
	cr_assert_str_eq(c->include[0], "src/*");
	cr_assert_eq(c->exclude_count, 2);
	cr_assert_str_eq(c->exclude[1], "*.pb.c");
	cr_assert_eq(c->languages_count, 2);
	cr_assert_eq(c->language_map_count, 2);
	cr_assert_str_eq(c->language_map[0].glob, "*.h");
	cr_assert_str_eq(c->language_map[0].language, "cpp");
	cr_assert_str_eq(c->language_map[1].glob, "Rakefile");
	cr_assert_eq(c->include_dirs_count, 1);
	cr_assert_str_eq(c->default_branch, "trunk");
	cr_assert_str_eq(c->check_base, "origin/trunk");
	cr_assert_eq(c->fail_on_count, 1);
	cr_assert_str_eq(c->fail_on[0], "cyclomatic > 15");
	sp_config_free(c);
	sp_buf_release(&err);
}

Test(config, no_file_and_an_empty_file_are_an_empty_config)
{
	sp_config *c = NULL;
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_config_load("/nonexistent-sp-repo", &c, &err), 0, "%s", sp_buf_cstr(&err));
	cr_assert_null(c->path);
	cr_assert_eq(c->include_count + c->language_map_count + c->fail_on_count, 0);
	sp_config_free(c);
	cr_assert_eq(load_config("", &c, &err), 0, "%s", sp_buf_cstr(&err));
	cr_assert_not_null(c->path);
	cr_assert_null(c->default_branch);
	sp_config_free(c);
	cr_assert_eq(load_config("# comments only\n", &c, &err), 0, "%s", sp_buf_cstr(&err));
	sp_config_free(c);
	sp_config_free(NULL);
	sp_buf_release(&err);
}

Test(config, errors_name_the_key_and_line)
{
	static const struct {
		const char *text, *want1, *want2;
	} bad[] = {
		{"name: x\nexlude: ['*']\n", "exlude", "line 2"},
		{"check:\n  base: main\n  fail: [x]\n", "fail", "line 3"},
		{"name: x\n\nexclude: '*.c'\n", "field 'exclude'", "line: 3"},
		{"include_dirs:\n  a: b\n", "field 'include_dirs'", "line: 2"},
		{"languages: [python, cobol]\n", "languages: no language 'cobol'", "line 1"},
		{"name: x\nlanguage_map:\n  \"*.h\": cpp\n  \"*.inc\": fortran\n",
		 "language_map: no language 'fortran'", "line 4"},
		{"language_map: [\"*.h\"]\n", "language_map: wants a mapping", "line 1"},
		{"language_map:\n  \"*.h\": [cpp]\n", "language_map", "line 2"},
		{"name: [\n", "line", ".snakepipe.yaml"},
		/* fnmatch backtracks on each '*': a repository cannot hand it a glob of many */
		{"name: x\nexclude: [\"*a*a*a*a*a*a*a*a*a\"]\n", "exclude: a glob may be", "line 2"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sp_config *c = (sp_config *)1;
		sp_buf err;
		cr_assert_eq(load_config(bad[i].text, &c, &err), SP_EUSAGE, "case %zu", i);
		cr_assert_null(c, "case %zu", i);
		const char *e = sp_buf_cstr(&err);
		cr_assert(strstr(e, bad[i].want1) && strstr(e, bad[i].want2), "case %zu: %s", i, e);
		sp_buf_release(&err);
	}
}

Test(config, a_symlinked_file_is_not_followed)
{
	char dir[] = "/tmp/sp-test-link-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/.snakepipe.yaml", dir);
	cr_assert_eq(symlink("/etc/passwd", path), 0);
	sp_config *c = (sp_config *)1;
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_config_load(dir, &c, &err), SP_EUSAGE);
	cr_assert_null(c);
	cr_assert(strstr(sp_buf_cstr(&err), "a symlink, not followed"), "%s", sp_buf_cstr(&err));
	unlink(path);
	rmdir(dir);
	sp_buf_release(&err);
}

Test(config, flags_and_manifest_keys_win_over_the_file)
{
	char dir[] = "/tmp/sp-test-merge-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/.snakepipe.yaml", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("exclude: [\"gen/*\"]\ninclude: [\"src/*\"]\ndefault_branch: trunk\n"
	      "language_map:\n  \"*.h\": cpp\n",
	      f);
	fclose(f);
	static const char *const flag_include[] = {"lib/*"};
	sp_options o = {.repo = dir, .include = flag_include, .include_count = 1};
	sp_options m;
	sp_config *c = NULL;
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_config_merge(&o, &c, &m, &err), 0, "%s", sp_buf_cstr(&err));
	cr_assert_eq(m.include_count, 1);
	cr_assert_str_eq(m.include[0], "lib/*", "the flag wins");
	cr_assert_eq(m.exclude_count, 1);
	cr_assert_str_eq(m.exclude[0], "gen/*", "the file fills what no flag gives");
	cr_assert_str_eq(m.default_branch, "trunk");
	cr_assert_eq(m.language_map_count, 1);
	sp_config_free(c);
	/* the manifest's pointer: another file, relative to the repository, and it must exist */
	o.config = "none.yaml";
	cr_assert_eq(sp_config_merge(&o, &c, &m, &err), SP_EUSAGE);
	cr_assert(strstr(sp_buf_cstr(&err), "none.yaml: cannot read"), "%s", sp_buf_cstr(&err));
	cr_assert_null(c);
	sp_config_free(c);
	unlink(path);
	rmdir(dir);
	sp_buf_release(&err);
}
