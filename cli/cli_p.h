/* cli/cli_p.h: what the command-line front end shares between its files: parsed options, the
   run summary and exit codes. Only cli/ prints or exits. */
#ifndef SP_CLI_P_H
#define SP_CLI_P_H

#include "sp_core.h"
#include "sp_sink.h" /* sp_sink_stats */

/* Exit codes (documented in README.md and --help). */
enum {
	SP_EXIT_OK = 0,
	SP_EXIT_FILE_ERRORS = 1, /* indexed and committed, but some files could not be read or parsed */
	SP_EXIT_USAGE = 2,
	SP_EXIT_DB = 3, /* database unreachable, refused a write, or schema mismatch */
	SP_EXIT_SYSTEM = 4, /* repository unreadable, out of memory, query compilation */
	SP_EXIT_LOCKED = 5, /* --no-wait and another run holds the repository */
	SP_EXIT_GATE = 6, /* check: a finding the change introduced breaks a rule */
};

/* A language map rule (--lang-map GLOB=LANG, a manifest entry's or .snakepipe.yaml's
   language_map): a glob on the path (with '/') or the base name -> a language. */
typedef struct sp_lang_rule {
	const char *glob;
	const char *language;
} sp_lang_rule;
typedef sp_array(sp_lang_rule) sp_lang_rules;

typedef struct sp_metrics sp_metrics; /* cli/metrics.c */

typedef struct sp_options {
	const char *command;
	const char *repo;
	const char *db;
	const char *rev; /* index this commit-ish from git's object store */
	const char *ref; /* the snapshot's ref, instead of the one git names (a detached CI checkout) */
	const char *default_branch; /* when git names none (origin/HEAD, else main, else master) */
	const char *repo_name; /* the repository's identity, instead of origin's URL or the path;
				  report: the one repository to report on (--repo) */
	const char *range; /* history: "A..B" */
	const char *since; /* history: commits after this date */
	long last; /* history: the last N commits */
	const char *manifest; /* scan */
	const char *base; /* check: the commit-ish to compare with (default: the default branch) */
	const char *fail_on; /* check: rules (gate/rules.c) */
	const char *format; /* check: a writer's name (default text) */
	const char *output; /* check: the findings' file (default stdout); report: the directory */
	int keep; /* gc: newest complete snapshots to keep */
	const char *older_than; /* gc */
	int64_t stale_after; /* doctor: seconds (0: its default) */
	const char *metrics_file; /* --metrics-file: Prometheus text written at the end */
	sp_metrics *metrics; /* collects each run's figures for it (NULL without the option) */
	/* watch: one connection for every run, borrowed (reconnected when lost, left open, the
	   repository's lock released at the end of each run); NULL: each run opens its own */
	struct sp_sink *sink;
	double flush_interval; /* watch: seconds between a first change and its flush */
	long flush_files; /* watch: changed paths that flush at once */
	bool no_catch_up; /* watch: no index at the start */
	long batch_size;
	long max_file_size; /* 0: SP_DEFAULT_MAX_FILE_SIZE */
	const char *const *include_dirs; /* --include-dir, for C/C++ #include resolution */
	size_t include_dir_count;
	int jobs; /* extraction threads */
	int progress; /* SP_PROGRESS_MODE_* (--progress) */
	bool jobs_given, retries_given;
	bool json, quiet, status, no_wait;
	bool all_parents; /* history: every parent of merges, not only the first-parent line */
	bool enqueue, worker; /* scan: fill the shared queue / serve it */
	int lease; /* scan --enqueue: seconds a worker holds a repository without a heartbeat */
	int retries; /* reconnect attempts after a lost database connection */
	/* file selection: globs on the path ('*' also crosses '/'), language names */
	const char *const *include;
	size_t include_count;
	const char *const *exclude;
	size_t exclude_count;
	const char *const *languages;
	size_t languages_count;
	const char *config; /* a config file instead of <repo>/.snakepipe.yaml (scan manifest) */
	/* the rules of --lang-map and of the scan manifest's entry, as given; sp_config_merge puts
	   them before the config's into language_map, where the first matching rule wins */
	const sp_lang_rule *lang_map_flags, *lang_map_manifest;
	size_t lang_map_flags_count, lang_map_manifest_count;
	const sp_lang_rule *language_map;
	size_t language_map_count;
	/* C/C++ macro definitions (NAME, NAME(), NAME=TEXT) of --macro and of the scan manifest's
	   entry, as given; sp_config_merge puts the config's first, then the manifest's, then the
	   flags' into macros, where the last definition of a name wins */
	const char *const *macro_flags, *const *macros_manifest;
	size_t macro_flag_count, macros_manifest_count;
	const char *const *macros;
	size_t macro_count;
} sp_options;

/* --progress: auto shows it unless --quiet (a live line on a terminal, else a line every 10 s);
   always even with --quiet; never. */
enum { SP_PROGRESS_MODE_AUTO, SP_PROGRESS_MODE_ALWAYS, SP_PROGRESS_MODE_NEVER };

typedef struct sp_file_error {
	char *path;
	char *message;
} sp_file_error;

/* Seconds since start at the end of each phase of `index`, reported in the JSON summary. */
enum { SP_PHASE_LIST, SP_PHASE_DETECT, SP_PHASE_OPEN, SP_PHASE_CARRY, SP_PHASE_INDEX, SP_PHASES };
extern const char *const sp_phase_names[SP_PHASES];

/* Why a listed file is not in the snapshot (the summary counts each, in this order). */
enum {
	SP_SKIP_NO_LANGUAGE, /* no selected language recognises it */
	SP_SKIP_NOT_SELECTED, /* --include, --exclude or --language left it out */
	SP_SKIP_OUTSIDE, /* it leads outside the repository (through a symlink) */
	SP_SKIP_NOT_REGULAR, /* FIFO, socket, device; a commit's symlink; a dangling symlink */
	SP_SKIP_VANISHED, /* listed, then gone before it was read */
	SP_SKIP_REASONS
};
extern const char *const sp_skip_reason_names[SP_SKIP_REASONS];
/* Reasons from this one on are unusual enough to name each file in the summary. */
#define SP_SKIP_NAMED SP_SKIP_OUTSIDE

typedef struct sp_summary {
	char *name; /* the repository's identity (--repo-name, origin's URL, else its path) */
	char *location; /* the directory indexed */
	char *commit;
	char *ref, *default_branch; /* the snapshot's ref and the repository's default branch */
	bool on_default; /* the snapshot is on the default branch (current_* show it) */
	int64_t repository_id, snapshot_id;
	bool complete;
	bool taken; /* --no-wait, and another run held the repository: left to it, not a failure */
	int64_t files_listed, source_files, parsed, reused, carried, skipped, failed, syntax_errors;
	int64_t functions, classes, imports, rows, bytes;
	double seconds;
	double phase[SP_PHASES];
	sp_array(sp_file_error) errors;
	int64_t skipped_by[SP_SKIP_REASONS];
	sp_array(sp_file_error) skipped_files; /* reasons from SP_SKIP_NAMED on: path, reason name */
	sp_array(char *) warnings; /* what the run should say although it worked */
	sp_buf fatal; /* why the run stopped, when it did */
	sp_sink_stats db; /* time in the server, rows committed per table, reconnects */
} sp_summary;

void sp_summary_init(sp_summary *s);
void sp_summary_release(sp_summary *s);

/* Runs `snakepipe index`; fills the summary and returns an exit code. */
int sp_cmd_index(const sp_options *o, sp_summary *sum);

/* One index run as history and scan report it (cli/commands.c): its messages on stderr prefixed
   with the repository, its summary printed (text) or appended to json (after a ", " unless
   *first); returns its exit code. res, when not NULL, gets the run's ids and its fatal message
   (NULL when none; the caller frees it). */
typedef struct sp_index_result {
	int64_t repository_id, snapshot_id;
	char *fatal;
} sp_index_result;
int sp_index_one(const sp_options *o, const char *db_shown, sp_buf *json, bool *first,
		 sp_index_result *res);
/* The worse of two exit codes: a database or system error outranks file-level errors. */
int sp_worse(int a, int b);

/* The commands built on index (cli/commands.c, cli/scan.c); each returns an exit code. */
int sp_cmd_history(const sp_options *o, const char *db_shown);
int sp_cmd_gc(const sp_options *o, const char *db_shown);
/* scan: db_given says --db or $SNAKEPIPE_DB chose the database, which then beats the manifest's.
   With --enqueue it fills the shared queue instead; --worker serves it (cli/scan_queue.c). */
int sp_cmd_scan(const sp_options *o, bool db_given);
int sp_cmd_scan_enqueue(const sp_options *o, bool db_given);
int sp_cmd_scan_worker(const sp_options *o);
/* check: the CI gate (cli/check.c); SP_EXIT_GATE when it fails. */
int sp_cmd_check(const sp_options *o, const char *db_shown);
/* watch: re-indexes a work tree as it changes (cli/watch.c); 0 when stopped by a signal. */
int sp_cmd_watch(const sp_options *o, const char *db_shown);
/* doctor: the database's health (cli/doctor.c): 0 all ok, 1 a warning, 3 an error. */
int sp_cmd_doctor(const sp_options *o, const char *db_shown);
/* "90", "90s", "30m", "12h", "7d", "2w" to seconds; -1 when it is none of those. */
int sp_parse_duration(const char *s, int64_t *out);
/* report: the HTML report of the database into --output DIR (cli/report.c). */
int sp_cmd_report(const sp_options *o, const char *db_shown);

/* One line on stderr prefixed "snakepipe: " / one line on stdout, control characters escaped
   (cli/say.c): the only ways cli/ prints text that may hold names from a repository. */
void sp_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sp_outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --log-format (cli/log.c): events as lines on stderr; SP_LOG_DEFAULT prints none. */
typedef enum sp_log_format { SP_LOG_DEFAULT, SP_LOG_TEXT, SP_LOG_JSON } sp_log_format;
typedef struct sp_log_field {
	const char *key;
	const char *text;
	int64_t i;
	double d;
	char type; /* 's' text, 'i' integer, 'f' real */
} sp_log_field;
#define SP_LF_S(k, v) ((sp_log_field){(k), (v), 0, 0, 's'})
#define SP_LF_I(k, v) ((sp_log_field){(k), NULL, (int64_t)(v), 0, 'i'})
#define SP_LF_F(k, v) ((sp_log_field){(k), NULL, 0, (double)(v), 'f'})
void sp_log_set_format(sp_log_format f);
sp_log_format sp_log_get_format(void);
/* One event line (level: info, warning, error); false when no --log-format asked for events. */
bool sp_log_event(const char *level, const char *event, const sp_log_field *f, size_t n);
/* A run's file errors and fatal message (events, else sp_say lines, prefixed "repo: " with
   prefix), then its run_finished event. repo: the path given, named when the run has no name. */
void sp_log_run(const sp_summary *sum, const char *repo, bool prefix, int code);
/* An sp_sink_event_cb; ctx is the repository's name. */
struct sp_sink_event;
void sp_log_sink_event(void *ctx, const struct sp_sink_event *e);

/* --metrics-file (cli/metrics.c): each run's figures (per repository), gc's counts, then the
   Prometheus text exposition written atomically (temporary file + rename). */
sp_metrics *sp_metrics_new(const char *command);
void sp_metrics_free(sp_metrics *m);
int sp_metrics_add_run(sp_metrics *m, const sp_summary *s, int code);
void sp_metrics_add_gc(sp_metrics *m, const sp_gc_counts *c);
void sp_metrics_render(const sp_metrics *m, int code, double seconds, sp_buf *out);
int sp_metrics_write(const sp_metrics *m, const char *path, int code, double seconds, sp_buf *err);

/* Prints the summary: human text on stdout, or one JSON object when json. */
void sp_summary_print(const sp_summary *s, const char *db_redacted, bool json);
/* The summary as one JSON object (no newline). */
void sp_summary_json(const sp_summary *s, const char *db_redacted, sp_buf *out);

/* cli/pipeline.c, once at start: blocks over 1 MB are mapped and unmapped, never kept as holes
   in the heap (glibc; a no-op elsewhere). */
void sp_run_heap_setup(void);

#endif
