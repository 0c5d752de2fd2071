/* cli/index_p.h: what the files of `snakepipe index` share (cli/pipeline.c, index_select.c,
   index_reuse.c, index_batch.c, index_snapshot.c): the run's state and the steps it goes through. */
#ifndef SP_INDEX_P_H
#define SP_INDEX_P_H

#include <pthread.h>

#include "cli_p.h"
#include "pool_p.h"
#include "sp_extract.h"
#include "sp_sink.h"
#include "sp_transform.h"

typedef struct sp_run_source {
	const sp_file_entry *f;
	const sp_language *lang;
	int64_t size, mtime_ns; /* work tree: from lstat; -1 unknown */
	int64_t known_blob; /* blob id known without reading the content, 0 when not */
	bool carried; /* same path and blob as the previous snapshot */
	bool deps_known; /* its dependencies are stored for this snapshot's path set */
	bool gone; /* work tree: vanished, or cannot be read as a file of the tree */
	bool ambiguous; /* a `.h` no language map names: C or C++ by evidence (index_headers.c) */
} sp_run_source;

typedef struct sp_run_prev {
	int64_t blob_id, size, mtime_ns;
} sp_run_prev;

typedef sp_array(sp_import_row) sp_import_rows;

/* A content the database refused for its data, and the message its files fail with. */
typedef struct sp_run_refused {
	int64_t blob_id;
	char *why;
} sp_run_refused;

typedef struct sp_run {
	const sp_options *o;
	sp_summary *sum;
	sp_extractor *ex;
	sp_pool *pool;
	sp_transformer *tr; /* for the dependencies of reused files, on this thread */
	sp_resolver *resolver;
	sp_sink *sink;
	sp_filelist files;
	sp_array(sp_run_source) sources;
	/* files --language left out, kept as evidence for the `.h` decision only (index_headers.c):
	   `--language cpp` must not decide a header otherwise than a run of every language */
	sp_array(sp_run_source) evidence_only;
	sp_array(sp_job) jobs; /* the batch being loaded */
	sp_array(sp_job) next; /* the batch being read and extracted by the pool meanwhile */
	int load_set; /* the pool's row batches of the batch being loaded */
	pthread_mutex_t blobs_mu; /* blobs and next_blob_id: the pool assigns, the loader refuses */
	sp_array(sp_run_refused) refused; /* contents refused in the batch being loaded */
	sp_strmap blobs; /* content hash -> blob id, known or written by this run */
	sp_strmap git_blobs; /* git object id -> blob id */
	sp_strmap prev_paths; /* path -> index into prev, for the previous complete snapshot */
	sp_strmap current_ids; /* blob ids (as 8 raw bytes) of this extractor version */
	size_t prev_rows; /* files of the previous snapshot, whatever their version */
	sp_array(sp_run_prev) prev;
	int64_t prev_snap;
	int64_t next_blob_id, repo_id, snap_id;
	int64_t commit_rows, churn_rows, component_rows; /* written by index_history.c, index_graph.c */
	int64_t path_set; /* identity of the snapshot's set of source paths (and resolver config) */
	const char *bad_include_dir; /* an --include-dir outside the repository */
	int64_t files_committed; /* files rows of this snapshot known to be committed */
	size_t new_paths; /* sources whose path the previous snapshot did not have */
	sp_strmap deps_known; /* "blob_id/path" whose dependencies exist for path_set */
	sp_batch reused; /* files and dependencies rows of the batch's reused files */
	sp_batch part; /* some files' rows of a batch refused for its data, while splitting it */
	int64_t part_files, part_rows; /* files rows and rows the last part wrote */
	bool batch_split; /* the current batch was split (cli/split.c): counted, never resent */
	sp_strmap load_failed; /* paths whose rows the database refused */
	/* the rows of the blobs this run wrote, for the call resolution (NULL once a batch was not
	   whole: the resolution reads them back instead) */
	sp_calls_fed *fed;
	sp_import_rows imp; /* imports of one reused blob, being collected */
	int progress; /* SP_PROGRESS_* */
	double t0;
	_Atomic int64_t files_done, rows_done; /* for the progress line, counted per file */
	pthread_t connector;
	bool connecting;
	int connect_rc;
} sp_run;

/* cli/pipeline.c: what the allocator holds free goes back to the system (glibc keeps it per
   arena, and each worker thread allocates from one of its own: with --jobs 16 the whole Linux
   tree peaked at 1,379 MB against 910 MB with 2, perf/README.md issue 11, session 8); a no-op
   elsewhere. Fewer arenas would share their locks instead: 20 % slower on two cores. */
void sp_run_trim_heap(void);

/* cli/pipeline.c: the clock, the summary's counters and the run's fatal message. */
/* A file the run could not index (counted as failed, with its message). */
void sp_run_file_error(sp_run *r, const char *path, const char *msg);
/* A listed file left out of the snapshot; the unusual reasons name the file. */
void sp_run_skip_file(sp_run *r, const char *path, int reason);
/* Sets the run's fatal message and returns code (an exit code). */
int sp_run_fatal(sp_run *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* cli/progress.c: the progress line, on its own thread while the files are indexed. */
enum { SP_PROGRESS_OFF, SP_PROGRESS_LIVE, SP_PROGRESS_LINES };
typedef struct sp_progress sp_progress;
/* Starts showing r's progress (nothing when r->progress is off); *out is NULL then. */
int sp_progress_start(sp_run *r, size_t total, sp_progress **out);
/* Shows the last figures and stops; NULL is a no-op. */
void sp_progress_stop(sp_progress *p);

/* cli/index_select.c: the sources among the listed files, their path set and resolver. */
int sp_run_collect_sources(sp_run *r);

/* cli/index_headers.c: whether a path's extension is read as one of two languages by evidence
   (`.h`: C or C++), and the decision for every such source of the run. */
bool sp_run_is_ambiguous(const char *path);
int sp_run_decide_headers(sp_run *r);

/* cli/index_reuse.c */
/* Carries unchanged files over from the previous snapshot; returns an exit code. */
int sp_run_carry_unchanged(sp_run *r);
/* A job for one source, not read yet unless its content is known without reading. */
void sp_run_job_init(const sp_run_source *s, sp_job *j);
/* sp_pool_ctx.assign for a run (the arg). */
int sp_run_assign(void *arg, sp_job *j);
/* Writes the batch's reused files (only those of blobs ids[0..n), sorted, when ids is not NULL). */
int sp_run_write_reused(sp_run *r, const int64_t *ids, size_t n);

/* cli/index_batch.c: every batch extracted and loaded; returns an exit code. */
int sp_run_index_all(sp_run *r);
/* Frees the refused contents' record. */
void sp_run_forget_refused(sp_run *r);

/* cli/index_history.c: the commits row and file_churn rows of the run's commit, when it has one
   and they are not stored yet; returns an exit code. */
int sp_run_record_commit(sp_run *r);
/* ANALYZE what the run grew by 10 % or more (load/stats.c), in the order the snapshot's closing
   reads the tables: what batches fill, then the stored import graph, then the rest; calls, which
   only the call resolution reads, by the connection that resolves, before it does. */
typedef enum { SP_STATS_BATCHES, SP_STATS_CALLS, SP_STATS_GRAPH, SP_STATS_CLOSING } sp_stats_stage;
void sp_run_refresh_stats(sp_run *r, sp_stats_stage stage);
/* The same on sink, from any thread (r is only read): the warning's text when it failed
   (malloc'd; for sp_run_warn on r's thread), else NULL. */
char *sp_run_refresh_stats_on(const sp_run *r, sp_sink *sink, sp_stats_stage stage);
/* Adds text (malloc'd, or NULL: nothing) to the run's warnings, and takes it. */
void sp_run_warn(sp_run *r, char *text);

/* cli/index_graph.c: the snapshot's groups of files that import each other (components and
   component_files); 0 or an SP_E* code with the message on the sink. */
int sp_run_record_components(sp_run *r);

/* cli/index_snapshot.c */
/* Runs one statement of load/sql (sp_sql_<name>) whose parameters are $1 the run's repository and
   $2 snapshot_id; *out is its first row's first column, 0 without a row. */
int sp_run_snapshot_int(sp_run *r, const char *sql, int64_t snapshot_id, int64_t *out);
/* Reconnects after a lost connection and takes the lock again; returns an exit code. */
int sp_run_regain(sp_run *r);
/* Closes the snapshot, complete or failed. */
void sp_run_finish(sp_run *r, bool complete);

#endif
