/* cli/pool_p.h: the worker pool that extracts and transforms a batch's new files in parallel,
   and the job record one file goes through (read and hashed by the pipeline, then extracted). */
#ifndef SP_POOL_P_H
#define SP_POOL_P_H

#include "sp_extract.h"
#include "sp_transform.h"

typedef enum sp_job_state {
	SP_JOB_NEW, /* content not in the repository yet: extract it */
	SP_JOB_REUSED, /* content already stored: files row only */
	SP_JOB_SKIPPED, /* vanished or leads outside the repository */
	SP_JOB_FAILED, /* could not be read or parsed: error says why */
} sp_job_state;

typedef struct sp_job {
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
	int64_t functions, classes, imports;
} sp_job;

typedef struct sp_pool_ctx {
	int64_t repository_id, snapshot_id, path_set;
	const sp_resolver *resolver;
	size_t max_file_size; /* larger files are recorded, not parsed */
} sp_pool_ctx;

typedef struct sp_pool sp_pool;

int sp_pool_new(const sp_extractor *ex, int threads, sp_pool **out);
void sp_pool_free(sp_pool *p);
/* Extracts every SP_JOB_NEW job into the workers' batches; returns 0 or SP_ENOMEM/batch error.
   Jobs that cannot be parsed become SP_JOB_FAILED with a message. */
int sp_pool_run(sp_pool *p, sp_job *jobs, size_t n, const sp_pool_ctx *ctx);
int sp_pool_batches(const sp_pool *p);
sp_batch *sp_pool_batch(sp_pool *p, int i);
void sp_pool_clear(sp_pool *p);

#endif
