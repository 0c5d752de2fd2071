/* gate/sp_gate.h: the CI quality gate, a reader stage: compares a change's snapshot with its
   base's (SQL in gate/sql/<name>.sql, embedded at build time), applies rules, writes findings. */
#ifndef SP_GATE_H
#define SP_GATE_H

#include "sp_core.h"

/* How a finding relates to the base (SARIF's baselineState): only "new" and "worse" findings
   fail the gate by default; "unchanged" ones are pre-existing and reported only. */
typedef enum sp_finding_state {
	SP_FINDING_NEW, /* the function is new in the change, or did not break the rule in the base */
	SP_FINDING_WORSE, /* it broke the rule in the base too and its value grew */
	SP_FINDING_UNCHANGED, /* it broke the rule in the base already and did not grow */
} sp_finding_state;

typedef struct sp_finding {
	const char *rule; /* the rule as written: "cyclomatic > 15", "cyclomatic grew by > 5" */
	const char *metric; /* a name of sp_gate_metric_names: "cyclomatic", "file_lines"... */
	const char *path; /* the file in the change (stored spelling, sp_path_escape) */
	int line, end_line; /* the function's span in the change (1-based; file rules: 1..lines) */
	const char *function; /* qualified name; NULL for a file-level rule */
	const char *language;
	int64_t value; /* the metric in the change */
	int64_t base_value; /* the metric in the base, when has_base */
	bool has_base;
	sp_finding_state state;
	bool fails; /* counts against the gate */
	const char *message; /* one line for people: "cyclomatic complexity 17 > 15 (was 12)" */
} sp_finding;

typedef struct sp_gate_result {
	sp_array(sp_finding) findings; /* sorted by path, line, rule */
	const char *repository; /* name */
	const char *base_commit, *head_commit; /* NULL when not git */
	int64_t base_snapshot, head_snapshot;
	size_t failing; /* findings with fails */
	sp_arena arena; /* owns every string above */
} sp_gate_result;

/* One output format: a row of the writers table (gate/writers.c), data not a branch. */
typedef struct sp_gate_writer {
	const char *name; /* text, json, sarif, codeclimate, junit, github, markdown */
	int (*write)(const sp_gate_result *r, sp_buf *out, bool color);
} sp_gate_writer;

const sp_gate_writer *sp_gate_writer_find(const char *name);
/* Names of every writer, comma-separated, for messages and --help. */
const char *sp_gate_writer_names(void);

/* ---- the engine (gate/rules.c, gate/compare.c) ---- */
typedef struct sp_sink sp_sink; /* load/sp_sink.h */

/* Metrics a rule can name: the function_metrics columns, then blobs.total_lines per file. */
typedef enum sp_gate_metric {
	SP_METRIC_CYCLOMATIC,
	SP_METRIC_NLOC,
	SP_METRIC_MAX_NESTING,
	SP_METRIC_PARAM_COUNT,
	SP_METRIC_COGNITIVE,
	SP_METRIC_HALSTEAD_VOLUME, /* rounded to an integer, as rules' limits are */
	SP_METRIC_HALSTEAD_EFFORT,
	SP_METRIC_LLOC,
	SP_METRIC_MI, /* the maintainability index, rounded; lower is worse: rules use < or <= */
	SP_METRIC_FILE_LINES,
	SP_METRICS
} sp_gate_metric;
extern const char *const sp_gate_metric_names[SP_METRICS];

/* One rule of the grammar at the top of gate/rules.c. */
typedef struct sp_gate_rule {
	const char *text; /* as written, spaces collapsed */
	sp_gate_metric metric;
	bool growth; /* "grew by": compares with the base; else an absolute threshold */
	bool or_equal; /* >= instead of > (<= instead of <) */
	bool below; /* < or <=: the value breaks the rule under the limit (the MI's direction) */
	int64_t limit;
	const char *language; /* "for LANG", or NULL */
	const char *glob; /* "in GLOB" (fnmatch, '*' crosses '/'), or NULL */
} sp_gate_rule;

typedef struct sp_gate_rules {
	sp_array(sp_gate_rule) v;
	sp_arena arena; /* owns the strings */
} sp_gate_rules;

/* The rules when neither --fail-on nor the config names any. */
#define SP_GATE_DEFAULT_RULES "cyclomatic > 15, cyclomatic grew by > 5"

void sp_gate_rules_init(sp_gate_rules *r);
void sp_gate_rules_release(sp_gate_rules *r);
/* Appends the rules of a comma-separated list. SP_EUSAGE with err naming the rule and the
   1-based character position of the problem; SP_ENOMEM. */
int sp_gate_rules_parse(sp_gate_rules *r, const char *text, sp_buf *err);
/* Does value (and base_value when has_base) break the rule? */
bool sp_gate_rule_breaks(const sp_gate_rule *rule, int64_t value, bool has_base, int64_t base_value);
/* Does the rule apply to a file of this language and path? */
bool sp_gate_rule_applies(const sp_gate_rule *rule, const char *language, const char *path);

/* A file rename git reports between base and head (stored path spellings). */
typedef struct sp_gate_rename {
	const char *base_path, *head_path;
} sp_gate_rename;

void sp_gate_result_init(sp_gate_result *r);
void sp_gate_result_release(sp_gate_result *r);
/* Compares snapshot head with snapshot base of the repository: every file whose blob differs
   from its base's (renames followed) is checked against each rule; findings sorted by path,
   line, rule, failing counted. Files the change does not touch are not reported. SP_EDB with
   the message in err. */
int sp_gate_compare(sp_sink *s, int64_t repository_id, int64_t base, int64_t head,
		    const sp_gate_rules *rules, const sp_gate_rename *renames, size_t nrenames,
		    sp_gate_result *out, sp_buf *err);
/* Pins the snapshot in snapshot_pins (pinned_by 'check'), so gc keeps the base; older 'check'
   pins of the same ref go (the base branch moved on: gc may drop them). */
int sp_gate_pin(sp_sink *s, int64_t repository_id, int64_t snapshot);
/* The latest complete snapshot of commit (full id) in the repository; 0 when there is none. */
int sp_gate_snapshot_of_commit(sp_sink *s, int64_t repository_id, const char *commit, int64_t *snapshot);

#endif
