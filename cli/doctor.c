/* cli/doctor.c: wires `snakepipe doctor` to ops/ and prints its checks, as text or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_p.h"
#include "sp_ops.h"

#include "banned.h"

int sp_parse_duration(const char *s, int64_t *out)
{
	char *end;
	long long n = strtoll(s, &end, 10);
	static const struct {
		const char *suffix;
		int64_t seconds;
	} units[] = {{"", 1}, {"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}, {"w", 604800}};
	if (end == s || n < 0 || n > 100LL * 365 * 86400)
		return -1;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (!strcmp(end, units[i].suffix)) {
			*out = n * units[i].seconds;
			return 0;
		}
	return -1;
}

int sp_cmd_doctor(const sp_options *o, const char *db_shown)
{
	sp_doctor_options d = SP_DOCTOR_DEFAULTS;
	if (o->stale_after > 0)
		d.stale_after = o->stale_after;
	sp_doctor_report r;
	if (sp_doctor_run(o->db, &d, &r)) {
		sp_doctor_release(&r);
		sp_say("%s", sp_strerror(SP_ENOMEM));
		return SP_EXIT_SYSTEM;
	}
	if (o->json) {
		sp_buf b;
		sp_buf_init(&b);
		sp_buf_puts(&b, "{\"database\": ");
		sp_buf_json_str(&b, db_shown, strlen(db_shown));
		sp_buf_printf(&b, ", \"status\": \"%s\", \"checks\": [", sp_check_status_name(r.worst));
		for (size_t i = 0; i < r.checks.n; i++) {
			const sp_check_result *c = &r.checks.v[i];
			sp_buf_printf(&b, "%s{\"name\": \"%s\", \"status\": \"%s\", \"reason\": ",
				      i ? ", " : "", c->name, sp_check_status_name(c->status));
			sp_buf_json_str(&b, c->reason, strlen(c->reason));
			sp_buf_puts(&b, "}");
		}
		sp_buf_puts(&b, "]}");
		printf("%s\n", sp_buf_cstr(&b));
		sp_buf_release(&b);
	} else {
		sp_outf("doctor: %s", db_shown);
		for (size_t i = 0; i < r.checks.n; i++)
			sp_outf("%-8s %-11s %s", sp_check_status_name(r.checks.v[i].status),
				r.checks.v[i].name, r.checks.v[i].reason);
	}
	int code = r.worst == SP_CHECK_OK        ? SP_EXIT_OK
		   : r.worst == SP_CHECK_WARNING ? SP_EXIT_FILE_ERRORS
						 : SP_EXIT_DB;
	sp_doctor_release(&r);
	return code;
}
