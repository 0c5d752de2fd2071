/* ops/sp_ops.h: the operators' reader stage. `snakepipe doctor` checks a database's health: each
   check gives ok, warning or error with a one-line reason (SQL in ops/sql, embedded at build). */
#ifndef SP_OPS_H
#define SP_OPS_H

#include "sp_core.h"

typedef enum sp_check_status { SP_CHECK_OK, SP_CHECK_WARNING, SP_CHECK_ERROR } sp_check_status;

typedef struct sp_check_result {
	const char *name; /* a check's name: database, schema, running, stale, … (static) */
	sp_check_status status;
	char *reason; /* one line */
} sp_check_result;

typedef struct sp_doctor_options {
	int64_t stale_after; /* seconds: a repository whose latest complete snapshot is older warns */
	/* the statistics check warns when a table changed by more than this share of its rows and
	   at least min_rows since its planner statistics were gathered */
	double stats_share;
	int64_t stats_min_rows;
} sp_doctor_options;
#define SP_DOCTOR_DEFAULTS ((sp_doctor_options){7 * 86400, 0.1, 1000})

typedef struct sp_doctor_report {
	sp_array(sp_check_result) checks; /* in the order they ran */
	sp_check_status worst;
	const char *dialect; /* "postgresql", "sqlite", or NULL when the database never answered */
} sp_doctor_report;

/* Opens url and runs every check that applies to its engine. Returns 0 when the checks ran
   (whatever they found) or SP_ENOMEM; a database that cannot be opened is an error check. */
int sp_doctor_run(const char *url, const sp_doctor_options *o, sp_doctor_report *out);
void sp_doctor_release(sp_doctor_report *r);
const char *sp_check_status_name(sp_check_status s); /* "ok", "warning", "error" */

#endif
