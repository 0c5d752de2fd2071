/* cli/progress.c: `snakepipe index` progress on stderr, from its own thread: files as the workers
   finish each one, rows as batches commit. A live line on a terminal, a plain line now and then
   elsewhere (CI logs). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "index_p.h"

#include "banned.h"

/* Seconds between the lines of a non-terminal; SNAKEPIPE_PROGRESS_SECONDS changes it (tests). */
#define LINE_SECONDS 10.0
#define LIVE_SECONDS 0.1

struct sp_progress {
	sp_run *r;
	size_t total;
	double every, last;
	int lines; /* printed so far */
	bool stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
};

static void show(sp_progress *p, bool last)
{
	sp_run *r = p->r;
	double t = sp_now() - r->t0;
	long long files = (long long)atomic_load(&r->files_done);
	long long rows = (long long)atomic_load(&r->rows_done);
	double rate = t > 0 ? (double)files / t : 0;
	sp_log_field f[] = {SP_LF_S("repository", r->sum->name), SP_LF_I("files", files),
			    SP_LF_I("total", p->total),          SP_LF_I("rows", rows),
			    SP_LF_F("files_per_second", rate),   SP_LF_F("seconds", t)};
	if (sp_log_event("info", "progress", f, sizeof f / sizeof f[0])) {
		p->lines++;
		return;
	}
	if (r->progress == SP_PROGRESS_LIVE)
		fprintf(stderr, "\rindexing: %lld/%zu files, %lld rows, %.0f files/s, %.1f s%s", files,
			p->total, rows, rate, t, last ? "\n" : "");
	else
		fprintf(stderr, "indexing: %lld/%zu files, %lld rows, %.0f files/s, %.1f s\n", files,
			p->total, rows, rate, t);
	p->lines++;
}

static void *tick(void *arg)
{
	sp_progress *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		double next = p->last + p->every;
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		double wait = next - sp_now();
		if (wait > 0) {
			double at = (double)ts.tv_sec + ts.tv_nsec / 1e9 + wait;
			ts.tv_sec = (time_t)at;
			ts.tv_nsec = (long)((at - (double)ts.tv_sec) * 1e9);
			pthread_cond_timedwait(&p->cv, &p->mu, &ts);
			continue;
		}
		p->last = sp_now();
		show(p, false);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int sp_progress_start(sp_run *r, size_t total, sp_progress **out)
{
	*out = NULL;
	if (r->progress == SP_PROGRESS_OFF)
		return 0;
	sp_progress *p = calloc(1, sizeof *p);
	if (!p)
		return SP_ENOMEM;
	p->r = r;
	p->total = total;
	p->every = r->progress == SP_PROGRESS_LIVE ? LIVE_SECONDS : LINE_SECONDS;
	const char *env = getenv("SNAKEPIPE_PROGRESS_SECONDS");
	if (env && r->progress == SP_PROGRESS_LINES && atof(env) > 0)
		p->every = atof(env);
	p->last = sp_now();
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&p->thread, NULL, tick, p)) { /* no progress rather than no run */
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		free(p);
		return 0;
	}
	*out = p;
	return 0;
}

void sp_progress_stop(sp_progress *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	/* the final figures; a short run on a non-terminal stays silent */
	if (p->r->progress == SP_PROGRESS_LIVE || p->lines)
		show(p, true);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
