/* cli/pool.c: runs extract + transform of a batch's new files on worker threads (one parser,
   transformer and row batch per worker); the stages hold no global state, so this is all it takes. */
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
	sp_batch batch;
	pthread_t thread;
	bool started;
	int rc;
} worker;

struct sp_pool {
	worker *w;
	int n;
	/* the current call */
	sp_job *jobs;
	size_t njobs;
	atomic_size_t next;
	const sp_pool_ctx *ctx;
};

int sp_pool_new(const sp_extractor *ex, int threads, sp_pool **out)
{
	sp_pool *p = calloc(1, sizeof *p);
	*out = p;
	if (!p)
		return SP_ENOMEM;
	p->n = threads < 1 ? 1 : threads;
	p->w = calloc((size_t)p->n, sizeof *p->w);
	if (!p->w)
		return SP_ENOMEM;
	for (int i = 0; i < p->n; i++) {
		worker *w = &p->w[i];
		w->pool = p;
		sp_facts_init(&w->facts);
		sp_batch_init(&w->batch);
		int rc = sp_parser_new(ex, &w->parser);
		if (!rc)
			rc = sp_transformer_new(&w->tr);
		if (rc)
			return rc;
	}
	return 0;
}

void sp_pool_free(sp_pool *p)
{
	if (!p)
		return;
	for (int i = 0; p->w && i < p->n; i++) {
		sp_parser_free(p->w[i].parser);
		sp_transformer_free(p->w[i].tr);
		sp_facts_release(&p->w[i].facts);
		sp_batch_release(&p->w[i].batch);
	}
	free(p->w);
	free(p);
}

static void job_fail(sp_job *j, const char *msg)
{
	j->state = SP_JOB_FAILED;
	j->error = strdup(msg && *msg ? msg : "extraction failed");
}

/* Extracts one new file's facts and appends its rows (blob, facts, file, dependencies). */
static int process(worker *w, sp_job *j)
{
	const sp_pool_ctx *c = w->pool->ctx;
	const char *skip = sp_skip_reason(j->data, j->len, c->max_file_size);
	int rc = skip ? sp_parser_lines(w->parser, j->lang, j->data, j->len, &w->facts)
		      : sp_parser_run(w->parser, j->lang, j->data, j->len, &w->facts);
	if (rc == SP_ENOMEM)
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
	sp_batch *b = &w->batch;
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

static void *work(void *arg)
{
	worker *w = arg;
	sp_pool *p = w->pool;
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->njobs)
			break;
		sp_job *j = &p->jobs[i];
		if (j->state != SP_JOB_NEW)
			continue;
		w->rc = process(w, j);
		free(j->data); /* rows hold copies; the source is not needed any more */
		j->data = NULL;
		if (w->rc) {
			atomic_store(&p->next, p->njobs); /* the others stop too */
			break;
		}
	}
	return NULL;
}

int sp_pool_run(sp_pool *p, sp_job *jobs, size_t n, const sp_pool_ctx *ctx)
{
	p->jobs = jobs;
	p->njobs = n;
	p->ctx = ctx;
	atomic_store(&p->next, 0);
	for (int i = 1; i < p->n; i++) {
		p->w[i].rc = 0;
		p->w[i].started = pthread_create(&p->w[i].thread, NULL, work, &p->w[i]) == 0;
	}
	p->w[0].rc = 0;
	work(&p->w[0]); /* the calling thread is worker 0; workers that failed to start leave it more */
	int rc = p->w[0].rc;
	for (int i = 1; i < p->n; i++) {
		if (p->w[i].started)
			pthread_join(p->w[i].thread, NULL);
		p->w[i].started = false;
		if (!rc)
			rc = p->w[i].rc;
	}
	for (int i = 0; !rc && i < p->n; i++)
		rc = p->w[i].batch.err;
	return rc;
}

int sp_pool_batches(const sp_pool *p)
{
	return p->n;
}

sp_batch *sp_pool_batch(sp_pool *p, int i)
{
	return &p->w[i].batch;
}

void sp_pool_clear(sp_pool *p)
{
	for (int i = 0; i < p->n; i++)
		sp_batch_clear(&p->w[i].batch);
}
