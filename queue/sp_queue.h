/* queue/sp_queue.h: the shared scan queue (PostgreSQL, migration 0010), a stage beside load/: runs
   enqueued from a manifest, rows claimed by workers with a lease they renew, results recorded. */
#ifndef SP_QUEUE_H
#define SP_QUEUE_H

#include "sp_sink.h"

/* PostgreSQL only: a SQLite file is not shared between machines. The caller checks this first
   and says so; on a SQLite sink every call below returns SP_EUSAGE and touches nothing. */
bool sp_queue_supported(const sp_sink *s);

/* Enqueues a run in one transaction: the manifest's path (as shown) and text, and one row per
   repository path (its position is its item number). */
int sp_queue_enqueue(sp_sink *s, const char *manifest, const char *yaml, const char *const *paths,
		     size_t n, int lease_seconds, int64_t *run_id);

/* One claimed row: which run and item, the attempt it is (1 the first time) and its run's lease
   and manifest (path and text). */
typedef struct sp_queue_claim {
	int64_t run_id;
	int item, attempt, lease_seconds;
	char *manifest, *yaml;
} sp_queue_claim;
void sp_queue_claim_release(sp_queue_claim *c);

/* Fails the rows whose workers were lost too often, then claims the oldest claimable row for
   worker: *got says whether one was claimed. Without one, *open counts the rows still queued or
   held by live workers (worth waiting for: their workers may die). */
int sp_queue_claim_next(sp_sink *s, const char *worker, sp_queue_claim *c, bool *got, int64_t *open);

/* The heartbeat: renews the lease; *held turns false when another worker took the row over. */
int sp_queue_renew(sp_sink *s, const sp_queue_claim *c, const char *worker, bool *held);

/* Records the claim's result: done (or failed), the index run's exit code, the repository and
   snapshot (0: none) and the error (NULL: none). *held false: the claim was lost meanwhile. */
int sp_queue_finish(sp_sink *s, const sp_queue_claim *c, const char *worker, bool done, int exit_code,
		    int64_t repository_id, int64_t snapshot_id, const char *error, bool *held);

#endif
