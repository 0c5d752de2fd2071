/* tests/unit/test_cli.c: the command line's library (cli/ without main.c): the worker pool on
   several threads against one, a refused batch's units and the JSON summary; the YAML files it
   reads (the scan manifest, .snakepipe.yaml) are tests/unit/test_cli_yaml.c. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_p.h"
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
