/* gate/sp_gate.h: the CI quality gate, a reader stage: compares a change's snapshot with its
   base's (SQL in gate/sql/*.sql, embedded at build time), applies rules, writes findings. */
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
	const char *metric; /* "cyclomatic", "nloc", "max_nesting", "param_count", "file_lines" */
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

#endif
