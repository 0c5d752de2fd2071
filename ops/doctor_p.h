/* ops/doctor_p.h: what doctor.c (the runner) and doctor_checks.c (the checks) share. */
#ifndef SP_DOCTOR_P_H
#define SP_DOCTOR_P_H

#include "sp_ops.h"
#include "sp_sink.h"

typedef struct sp_doctor_ctx {
	sp_sink *sink;
	const sp_doctor_options *o;
	sp_doctor_report *r;
	bool postgres;
	bool schema_usable; /* the tables the data checks read exist */
} sp_doctor_ctx;

/* Appends one result; returns 0 or SP_ENOMEM. */
int sp_doctor_add(sp_doctor_ctx *c, const char *name, sp_check_status st, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Appends an error result saying the check's query failed, with the sink's message. */
int sp_doctor_query_failed(sp_doctor_ctx *c, const char *name);

/* One check: a row of the table in doctor.c. Each adds at least one result. */
typedef struct sp_doctor_check {
	const char *name;
	bool postgres, sqlite; /* the engines it applies to */
	bool needs_schema; /* reads snakepipe's tables */
	int (*run)(sp_doctor_ctx *c);
} sp_doctor_check;

int sp_doctor_schema(sp_doctor_ctx *c);
int sp_doctor_running(sp_doctor_ctx *c);
int sp_doctor_stale(sp_doctor_ctx *c);
int sp_doctor_statistics(sp_doctor_ctx *c);
int sp_doctor_sizes(sp_doctor_ctx *c);
int sp_doctor_disk(sp_doctor_ctx *c);
int sp_doctor_garbage(sp_doctor_ctx *c);
int sp_doctor_settings(sp_doctor_ctx *c);

/* "1.5 GiB", "312 KiB", "17 B" */
void sp_doctor_bytes(int64_t n, char *out, size_t size);

#endif
