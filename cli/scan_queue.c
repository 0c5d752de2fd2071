/* cli/scan_queue.c: scans shared by many machines: `scan --enqueue manifest.yaml` fills the
   PostgreSQL queue (queue/), `scan --worker` claims its rows and indexes each with a heartbeat. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scan_p.h"
#include "sp_queue.h"

#include "banned.h"

/* A worker with nothing to claim while other workers still hold rows looks again this often. */
#define POLL_MS 1000

static int no_postgres(const char *what, const char *db_shown)
{
	sp_say("scan %s needs a PostgreSQL database (a queue many machines share), not the SQLite "
	       "file %s; on one machine run `snakepipe scan manifest.yaml` instead",
	       what, db_shown);
	return SP_EXIT_USAGE;
}

/* Opens and migrates the queue's database; an exit code. A SQLite file is refused before it is
   created or migrated, as any usage error leaves the database alone. */
static int open_queue(const char *db, const char *what, const char *db_shown, sp_sink **s)
{
	if (sp_sink_sqlite_path(db))
		return no_postgres(what, db_shown);
	if (sp_sink_open(db, s) || sp_sink_migrate(*s)) {
		sp_say("%s: %s", db_shown, sp_sink_errmsg(*s));
		return SP_EXIT_DB;
	}
	return sp_queue_supported(*s) ? SP_EXIT_OK : no_postgres(what, db_shown);
}

static int read_text(const char *path, sp_buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return SP_EIO;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sp_buf_append(out, chunk, n);
	int rc = ferror(f) ? SP_EIO : out->err ? SP_ENOMEM : 0;
	fclose(f);
	return rc;
}

int sp_cmd_scan_enqueue(const sp_options *o, bool db_given)
{
	sp_buf err, text, shown;
	sp_buf_init(&err);
	sp_buf_init(&text);
	sp_buf_init(&shown);
	sp_manifest *m = NULL;
	sp_sink *s = NULL;
	const char **paths = NULL;
	int code = SP_EXIT_OK;
	/* checked here as a scan checks it, so a manifest no worker can run is refused at once */
	int rc = sp_manifest_load(o->manifest, &m, &err);
	if (!rc)
		rc = read_text(o->manifest, &text);
	if (rc) {
		sp_say("%s: %s", o->manifest, err.len ? sp_buf_cstr(&err) : sp_strerror(rc));
		code = rc == SP_ENOMEM ? SP_EXIT_SYSTEM : SP_EXIT_USAGE;
		goto out;
	}
	sp_options base;
	sp_scan_base(o, db_given, m, &base);
	sp_sink_redact(base.db, &shown);
	if ((code = open_queue(base.db, "--enqueue", sp_buf_cstr(&shown), &s)))
		goto out;
	if (!(paths = calloc(m->repositories_count, sizeof *paths))) {
		sp_say("%s", sp_strerror(SP_ENOMEM));
		code = SP_EXIT_SYSTEM;
		goto out;
	}
	for (unsigned i = 0; i < m->repositories_count; i++)
		paths[i] = m->repositories[i].path;
	int64_t run_id = 0;
	if (sp_queue_enqueue(s, o->manifest, sp_buf_cstr(&text), paths, m->repositories_count, o->lease,
			     &run_id)) {
		sp_say("%s: %s", sp_buf_cstr(&shown), sp_sink_errmsg(s));
		code = SP_EXIT_DB;
		goto out;
	}
	if (o->json)
		printf("{\"run_id\": %lld, \"repositories\": %u, \"lease_seconds\": %d}\n",
		       (long long)run_id, m->repositories_count, o->lease);
	else if (!o->quiet)
		sp_outf("scan: run %lld enqueued, %u repositories, lease %d s, in %s", (long long)run_id,
			m->repositories_count, o->lease, sp_buf_cstr(&shown));
out:
	free(paths);
	sp_sink_close(s);
	sp_manifest_free(m);
	sp_buf_release(&err);
	sp_buf_release(&text);
	sp_buf_release(&shown);
	return code;
}

/* ---- the worker ---- */

/* The heartbeat: its own connection renews the claim's lease every third of it while the index
   runs on the main thread, so the lease lapses only when this process dies or loses the server. */
typedef struct heartbeat {
	const char *db, *worker;
	const sp_queue_claim *claim;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	bool lost; /* another worker took the row over (our lease had run out) */
	pthread_t thread;
} heartbeat;

static void *beat(void *arg)
{
	heartbeat *h = arg;
	sp_sink *s = NULL;
	long period_ms = (long)h->claim->lease_seconds * 1000 / 3;
	pthread_mutex_lock(&h->mu);
	while (!h->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += period_ms / 1000;
		until.tv_nsec += (period_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L)
			until.tv_sec++, until.tv_nsec -= 1000000000L;
		while (!h->stop && pthread_cond_timedwait(&h->cv, &h->mu, &until) != ETIMEDOUT)
			;
		if (h->stop)
			break;
		pthread_mutex_unlock(&h->mu);
		bool held = true;
		/* a failed connection or renewal is tried again next period, on a new connection */
		if (!s && sp_sink_open(h->db, &s)) {
			sp_sink_close(s);
			s = NULL;
		} else if (s && sp_queue_renew(s, h->claim, h->worker, &held)) {
			sp_sink_close(s);
			s = NULL;
		}
		pthread_mutex_lock(&h->mu);
		h->lost = h->lost || !held;
	}
	pthread_mutex_unlock(&h->mu);
	sp_sink_close(s);
	return NULL;
}

static int heartbeat_start(heartbeat *h)
{
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	if (pthread_create(&h->thread, NULL, beat, h)) {
		pthread_cond_destroy(&h->cv);
		pthread_mutex_destroy(&h->mu);
		return SP_ENOMEM;
	}
	return 0;
}

static void heartbeat_stop(heartbeat *h)
{
	pthread_mutex_lock(&h->mu);
	h->stop = true;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->thread, NULL);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
}

/* The claim's manifest comes from the database: it is parsed again (and checked again, against
   this binary's languages) through a private temporary file, as a scan reads its file. */
static int manifest_of_claim(const sp_queue_claim *c, sp_manifest **m, sp_buf *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/snakepipe-run-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		sp_buf_printf(err, "cannot write a temporary copy of the manifest: %s", strerror(errno));
		return SP_EIO;
	}
	size_t len = strlen(c->yaml), off = 0;
	while (off < len) {
		ssize_t w = write(fd, c->yaml + off, len - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd);
	int rc = off < len ? SP_EIO : sp_manifest_load(path, m, err);
	if (off < len)
		sp_buf_printf(err, "cannot write a temporary copy of the manifest: %s", strerror(errno));
	unlink(path);
	return rc;
}

/* Indexes one claimed row and records its result; returns the index run's exit code. */
static int serve(const sp_options *o, sp_sink *q, const char *worker, const sp_queue_claim *c,
		 const char *db_shown, sp_buf *json, bool *first)
{
	sp_buf err;
	sp_buf_init(&err);
	sp_manifest *m = NULL;
	sp_index_result res = {0, 0, NULL};
	int code = SP_EXIT_OK;
	int rc = manifest_of_claim(c, &m, &err);
	if (!rc && (unsigned)c->item >= m->repositories_count) {
		sp_buf_printf(&err, "the manifest has no repository %d", c->item);
		rc = SP_EUSAGE;
	}
	if (rc) {
		sp_say("run %lld (%s): %s", (long long)c->run_id, c->manifest, sp_buf_cstr(&err));
		code = rc == SP_ENOMEM ? SP_EXIT_SYSTEM : SP_EXIT_USAGE;
		res.fatal = strdup(sp_buf_cstr(&err));
	} else {
		/* the worker's database is the queue's: where the run was enqueued is where it goes */
		sp_options base, one;
		sp_scan_base(o, true, m, &base);
		sp_scan_repo(&base, m, (unsigned)c->item, &one);
		/* the row is this worker's: it waits for a run outside the queue (an `index` of the
		   same repository) rather than give the row up */
		one.no_wait = false;
		if (!o->quiet)
			sp_say("worker %s: indexing %s (run %lld, repository %d of %u, attempt %d)",
			       worker, one.repo, (long long)c->run_id, c->item + 1,
			       m->repositories_count, c->attempt);
		heartbeat h = {.db = o->db, .worker = worker, .claim = c};
		bool beating = !heartbeat_start(&h);
		code = sp_index_one(&one, db_shown, json, first, &res);
		if (beating)
			heartbeat_stop(&h);
		if (h.lost)
			sp_say("worker %s: %s was taken over by another worker while its lease had run "
			       "out",
			       worker, one.repo);
	}
	bool done = code == SP_EXIT_OK || code == SP_EXIT_FILE_ERRORS, held = true;
	if (sp_queue_finish(q, c, worker, done, code, res.repository_id, res.snapshot_id, res.fatal,
			    &held)) {
		sp_say("%s: recording the result of run %lld, repository %d: %s", db_shown,
		       (long long)c->run_id, c->item + 1, sp_sink_errmsg(q));
		code = sp_worse(code, SP_EXIT_DB);
	}
	free(res.fatal);
	sp_manifest_free(m);
	sp_buf_release(&err);
	return code;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

int sp_cmd_scan_worker(const sp_options *o)
{
	sp_buf shown, json;
	sp_buf_init(&shown);
	sp_buf_init(&json);
	sp_sink_redact(o->db, &shown);
	const char *db_shown = sp_buf_cstr(&shown);
	char host[256] = "";
	if (gethostname(host, sizeof host - 1))
		snprintf(host, sizeof host, "unknown");
	char worker[320];
	snprintf(worker, sizeof worker, "%s:%ld", host, (long)getpid());
	sp_sink *q = NULL;
	unsigned served = 0, failed = 0;
	int worst = SP_EXIT_OK;
	bool first = true;
	sp_buf_puts(&json, "{\"repositories\": [");
	int code = open_queue(o->db, "--worker", db_shown, &q);
	for (int lost = 0; !code;) {
		sp_queue_claim c;
		bool got;
		int64_t open = 0;
		if (sp_queue_claim_next(q, worker, &c, &got, &open)) {
			/* a lost connection is retried as an index run retries it; anything else ends */
			if (sp_sink_lost(q) && lost++ < o->retries) {
				sleep_ms(500L << (lost < 5 ? lost : 5));
				sp_sink_reconnect(q);
				continue;
			}
			sp_say("%s: %s", db_shown, sp_sink_errmsg(q));
			code = SP_EXIT_DB;
			break;
		}
		lost = 0;
		if (!got) {
			if (!open)
				break; /* nothing queued, nothing held: the queue is drained */
			sleep_ms(POLL_MS);
			continue;
		}
		int one = serve(o, q, worker, &c, db_shown, &json, &first);
		sp_queue_claim_release(&c);
		served++;
		failed += one != SP_EXIT_OK;
		worst = sp_worse(worst,
				 one); /* a repository's failure is reported; the worker goes on */
	}
	if (o->json)
		printf("%s], \"failed\": %u}\n", sp_buf_cstr(&json), failed);
	else if (!o->quiet)
		printf("worker %s: %u repositories, %u failed\n", worker, served, failed);
	sp_sink_close(q);
	sp_buf_release(&shown);
	sp_buf_release(&json);
	return sp_worse(code, worst);
}
