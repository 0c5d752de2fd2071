/* cli/pool_p.h: the worker pool that reads, hashes, extracts and transforms a batch's files in
   parallel while the calling thread loads the previous batch, and the job record of one file. */
#ifndef SP_POOL_P_H
#define SP_POOL_P_H

#include "sp_extract.h"
#include "sp_transform.h"

typedef enum sp_job_state {
	SP_JOB_UNREAD, /* not read yet: a worker reads and hashes it, then the run's assign() says */
	SP_JOB_NEW, /* content not in the repository yet: extract it */
	SP_JOB_REUSED, /* content already stored: files row only */
	SP_JOB_SKIPPED, /* vanished or leads outside the repository */
	SP_JOB_FAILED, /* could not be read or parsed: error says why */
} sp_job_state;

typedef struct sp_job {
	const sp_file_entry *f;
	const char *path;
	const char *git_blob; /* git object id when known, else NULL */
	int64_t size, mtime_ns; /* as seen in the work tree, -1 when unknown */
	bool carried; /* files row already copied from the previous snapshot: dependencies only */
	bool deps_known; /* dependencies already stored for the snapshot's path set */
	const sp_language *lang;
	char *data; /* file content while pending, freed once extracted */
	size_t len;
	char hash[SP_HASH_HEX_LEN + 1];
	int64_t blob_id;
	sp_job_state state;
	char *error;
	bool syntax_error;
	const char *skip_reason; /* recorded but not parsed, and why (static), else NULL */
	int skip_why; /* SP_JOB_SKIPPED: the skip reason (sp_skip_reason_of) */
	int64_t bytes_read; /* what the worker read (the summary's bytes) */
	int64_t functions, classes, imports;
} sp_job;

typedef struct sp_pool_ctx {
	int64_t repository_id, snapshot_id, path_set;
	const sp_resolver *resolver;
	size_t max_file_size; /* larger files are recorded, not parsed */
	sp_filelist *files; /* where SP_JOB_UNREAD jobs are read from */
	bool serial_read; /* reads go one at a time, in job order (one git cat-file process) */
	/* Called for each job read and hashed, one job at a time and in job order whatever the
	   thread timing (so blob ids are the same for any --jobs): makes it SP_JOB_NEW (with a new
	   blob id) or SP_JOB_REUSED; returns 0 or SP_ENOMEM. */
	int (*assign)(void *arg, sp_job *j);
	void *arg;
	_Atomic int64_t *files_done; /* counts every job the workers are done with */
} sp_pool_ctx;

typedef struct sp_pool sp_pool;

/* cli/pipeline.c: the skip reason of a file that cannot be read for what it is, or -1 when that
   is a failure. */
int sp_skip_reason_of(int rc);

/* Each worker has two row batches (sets 0 and 1): one filled by a running batch of jobs while the
   other is being loaded. */
int sp_pool_new(sp_extractor *ex, int threads, sp_pool **out);
/* The most bytes of source the last run parsed at once: at most four times ctx.max_file_size,
   whatever the threads (a tree takes 25-30 times its source). */
size_t sp_pool_most_parsed(const sp_pool *p);
void sp_pool_free(sp_pool *p);
/* Hands one row of call_rules to every worker's transformer (calls.binding); before sp_pool_start. */
int sp_pool_call_rule(sp_pool *p, const char *language, const char *rule, const char *value);
/* Starts the workers on jobs[0..n), rows going to batch set `set`; returns at once (0, or
   SP_ENOMEM when no thread could start: sp_pool_wait then does the work on the caller's thread).
   SP_JOB_UNREAD jobs are read, hashed and assigned; SP_JOB_NEW ones extracted; jobs that cannot
   be read or parsed become SP_JOB_SKIPPED/SP_JOB_FAILED. jobs must stay put until sp_pool_wait. */
int sp_pool_start(sp_pool *p, sp_job *jobs, size_t n, const sp_pool_ctx *ctx, int set);
/* Waits for the started jobs; returns 0 or SP_ENOMEM/a batch error. */
int sp_pool_wait(sp_pool *p);
int sp_pool_batches(const sp_pool *p);
sp_batch *sp_pool_batch(sp_pool *p, int set, int i);
/* Empties set's row batches once loaded, and frees them: a worker's batch is not kept at the
   largest it ever was (with 16 workers that was most of what --jobs 16 added to the kernel's
   peak memory). */
void sp_pool_clear(sp_pool *p, int set);

#endif
