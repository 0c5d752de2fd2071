/* cli/pool.c: reads, hashes, extracts and transforms a batch's files on worker threads (one parser,
   transformer and two row batches per worker) while the caller loads the previous batch. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "pool_p.h"

#include "banned.h"

typedef struct worker {
	sp_pool *pool;
	sp_parser *parser;
	sp_transformer *tr;
	sp_facts facts;
	sp_batch batch[2];
	pthread_t thread;
	bool started;
	int rc;
} worker;

struct sp_pool {
	worker *w;
	int n;
	/* the running call */
	sp_job *jobs;
	size_t njobs;
	atomic_size_t next;
	sp_pool_ctx ctx;
	int set;
	bool any_started;
	/* the turnstile: the job whose turn it is to be assigned */
	pthread_mutex_t mu;
	pthread_cond_t turned;
	size_t turn;
	/* the bytes of source being parsed now, against PARSE_BUDGET files' worth, and the most at
	   once in the last run (under mu) */
	size_t parsing, most_parsing;
	pthread_cond_t parsed;
};

/* A syntax tree takes 25-30 times its source's bytes (a 1.5 MB C header: about 40 MB), so the
   sources parsed at once are bounded in bytes, not only in threads: four of the largest files
   parsed (--max-file-size) at a time, whatever --jobs. A file always gets its turn when nothing
   else is being parsed. With 16 workers the whole Linux tree had peaked at 1,379 MB: its big
   generated headers come together in path order (perf/README.md, issue 11, session 8). */
#define PARSE_BUDGET 4

int sp_pool_new(sp_extractor *ex, int threads, sp_pool **out)
{
	sp_pool *p = calloc(1, sizeof *p);
	*out = p;
	if (!p)
		return SP_ENOMEM;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->turned, NULL);
	pthread_cond_init(&p->parsed, NULL);
	p->n = threads < 1 ? 1 : threads;
	p->w = calloc((size_t)p->n, sizeof *p->w);
	if (!p->w)
		return SP_ENOMEM;
	for (int i = 0; i < p->n; i++) {
		worker *w = &p->w[i];
		w->pool = p;
		sp_facts_init(&w->facts);
		sp_batch_init(&w->batch[0]);
		sp_batch_init(&w->batch[1]);
		int rc = sp_parser_new(ex, &w->parser);
		if (!rc)
			rc = sp_transformer_new(&w->tr);
		if (rc)
			return rc;
	}
	return 0;
}

int sp_pool_call_rule(sp_pool *p, const char *language, const char *rule, const char *value)
{
	int rc = 0;
	for (int i = 0; !rc && i < p->n; i++)
		rc = sp_transformer_call_rule(p->w[i].tr, language, rule, value);
	return rc;
}

void sp_pool_free(sp_pool *p)
{
	if (!p)
		return;
	for (int i = 0; p->w && i < p->n; i++) {
		sp_parser_free(p->w[i].parser);
		sp_transformer_free(p->w[i].tr);
		sp_facts_release(&p->w[i].facts);
		sp_batch_release(&p->w[i].batch[0]);
		sp_batch_release(&p->w[i].batch[1]);
	}
	free(p->w);
	pthread_cond_destroy(&p->turned);
	pthread_cond_destroy(&p->parsed);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

static void job_fail(sp_job *j, const char *msg)
{
	j->state = SP_JOB_FAILED;
	j->error = strdup(msg && *msg ? msg : "extraction failed");
}

/* Waits until n more bytes of source may be parsed (see PARSE_BUDGET), and takes them. */
static void budget_take(sp_pool *p, size_t n)
{
	size_t budget = PARSE_BUDGET * (p->ctx.max_file_size ? p->ctx.max_file_size : 1);
	pthread_mutex_lock(&p->mu);
	while (p->parsing && p->parsing + n > budget)
		pthread_cond_wait(&p->parsed, &p->mu);
	p->parsing += n;
	if (p->parsing > p->most_parsing)
		p->most_parsing = p->parsing;
	pthread_mutex_unlock(&p->mu);
}

static void budget_give(sp_pool *p, size_t n)
{
	pthread_mutex_lock(&p->mu);
	p->parsing -= n;
	pthread_cond_broadcast(&p->parsed);
	pthread_mutex_unlock(&p->mu);
}

/* Extracts one new file's facts and appends its rows (blob, facts, file, dependencies). */
static int process(worker *w, sp_job *j)
{
	const sp_pool_ctx *c = &w->pool->ctx;
	const char *skip = sp_skip_reason(j->data, j->len, c->max_file_size);
	int rc;
	if (skip) {
		rc = sp_parser_lines(w->parser, j->lang, j->data, j->len, &w->facts);
	} else {
		budget_take(w->pool, j->len);
		rc = sp_parser_run(w->parser, j->lang, j->data, j->len, &w->facts);
		budget_give(w->pool, j->len);
	}
	if (rc == SP_ENOMEM || rc == SP_EQUERY) /* a query that does not compile stops the run */
		return rc;
	if (rc) {
		job_fail(j, sp_parser_errmsg(w->parser));
		return 0;
	}
	sp_blob_key key = {c->repository_id,          j->blob_id,      j->hash,
			   sp_language_name(j->lang), (int64_t)j->len, skip};
	j->skip_reason = skip;
	sp_import_row *imports;
	size_t nimports;
	sp_batch *b = &w->batch[w->pool->set];
	size_t fn = b->rows[SP_TBL_FUNCTIONS], cl = b->rows[SP_TBL_CLASSES];
	if ((rc = sp_transform_blob(w->tr, b, &key, j->lang, &w->facts, &imports, &nimports)))
		return rc;
	j->functions = (int64_t)(b->rows[SP_TBL_FUNCTIONS] - fn);
	j->classes = (int64_t)(b->rows[SP_TBL_CLASSES] - cl);
	j->imports = (int64_t)nimports;
	j->syntax_error = w->facts.parse_error;
	sp_file_seen seen = {j->path, j->blob_id, (int64_t)j->len, j->mtime_ns, j->git_blob};
	sp_transform_file(b, c->repository_id, c->snapshot_id, &seen);
	return sp_transform_dependencies(w->tr, b, c->resolver, j->lang, c->repository_id, c->path_set,
					 j->path, j->blob_id, imports, nimports);
}

/* Reads and hashes an SP_JOB_UNREAD job; a file that cannot be read is skipped (vanished, outside
   the repository, not a regular file: skip_why says which) or fails with the reason. */
static int read_job(const sp_pool_ctx *c, sp_job *j)
{
	sp_buf err;
	sp_buf_init(&err);
	int rc = sp_file_read(c->files, j->f, &j->data, &j->len, &err);
	if (rc == SP_ENOMEM)
		goto out;
	if (rc) {
		int why = sp_skip_reason_of(rc);
		j->state = why >= 0 ? SP_JOB_SKIPPED : SP_JOB_FAILED;
		j->skip_why = why;
		if (why < 0 && !(j->error = strdup(sp_buf_cstr(&err))))
			rc = SP_ENOMEM;
		else
			rc = 0;
		goto out;
	}
	j->bytes_read = (int64_t)j->len;
	j->size = (int64_t)j->len;
	sp_hash128_hex(j->data, j->len, j->hash);
out:
	sp_buf_release(&err);
	return rc;
}

/* Job i's turn at the turnstile: jobs are assigned (blob ids given) strictly in job order. With
   serial reads the read happens inside the turn too. */
static int take_turn(sp_pool *p, size_t i, sp_job *j, int rc)
{
	const sp_pool_ctx *c = &p->ctx;
	pthread_mutex_lock(&p->mu);
	while (p->turn != i)
		pthread_cond_wait(&p->turned, &p->mu);
	if (!rc && j->state == SP_JOB_UNREAD && c->serial_read)
		rc = read_job(c, j);
	if (!rc && j->state == SP_JOB_UNREAD)
		rc = c->assign(c->arg, j);
	p->turn++;
	pthread_cond_broadcast(&p->turned);
	pthread_mutex_unlock(&p->mu);
	return rc;
}

static void *work(void *arg)
{
	worker *w = arg;
	sp_pool *p = w->pool;
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->njobs)
			break;
		sp_job *j = &p->jobs[i];
		/* reading and hashing in parallel; only the assignment takes turns */
		w->rc = j->state == SP_JOB_UNREAD && !p->ctx.serial_read ? read_job(&p->ctx, j) : 0;
		w->rc = take_turn(p, i, j, w->rc);
		if (!w->rc && j->state == SP_JOB_NEW) {
			w->rc = process(w, j);
			free(j->data); /* rows hold copies; the source is not needed any more */
			j->data = NULL;
		}
		if (p->ctx.files_done)
			atomic_fetch_add(p->ctx.files_done, 1);
		if (w->rc) {
			atomic_store(&p->next, p->njobs); /* the others stop too */
			break;
		}
	}
	return NULL;
}

int sp_pool_start(sp_pool *p, sp_job *jobs, size_t n, const sp_pool_ctx *ctx, int set)
{
	p->jobs = jobs;
	p->njobs = n;
	p->ctx = *ctx;
	p->set = set;
	p->turn = 0;
	p->most_parsing = 0;
	p->any_started = false;
	atomic_store(&p->next, 0);
	for (int i = 0; i < p->n; i++) {
		p->w[i].rc = 0;
		p->w[i].started = pthread_create(&p->w[i].thread, NULL, work, &p->w[i]) == 0;
		p->any_started = p->any_started || p->w[i].started;
	}
	return p->any_started ? 0 : SP_ENOMEM;
}

int sp_pool_wait(sp_pool *p)
{
	if (!p->any_started) /* no thread: the caller does the work */
		work(&p->w[0]);
	int rc = 0;
	for (int i = 0; i < p->n; i++) {
		if (p->w[i].started)
			pthread_join(p->w[i].thread, NULL);
		p->w[i].started = false;
		if (!rc)
			rc = p->w[i].rc;
	}
	for (int i = 0; !rc && i < p->n; i++)
		rc = p->w[i].batch[p->set].err;
	p->jobs = NULL;
	p->njobs = 0;
	return rc;
}

size_t sp_pool_most_parsed(const sp_pool *p)
{
	return p->most_parsing;
}

int sp_pool_batches(const sp_pool *p)
{
	return p->n;
}

sp_batch *sp_pool_batch(sp_pool *p, int set, int i)
{
	return &p->w[i].batch[set];
}

void sp_pool_clear(sp_pool *p, int set)
{
	for (int i = 0; i < p->n; i++) {
		sp_batch_release(&p->w[i].batch[set]);
		sp_batch_init(&p->w[i].batch[set]);
	}
}
