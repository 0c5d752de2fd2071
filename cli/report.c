/* cli/report.c: `snakepipe report`: builds the HTML report (report/) from the database and writes
   it as DIR/index.html, whole or not at all (a temporary file renamed into place). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_p.h"
#include "sp_report.h"
#include "sp_sink.h"

#include "banned.h"

/* A SQLite database that does not exist is a usage error: opening it would create it. */
static bool sqlite_missing(const char *url)
{
	const char *path = sp_sink_sqlite_path(url);
	return path && access(path, F_OK) != 0;
}

/* The database is at this binary's schema: nothing pending (a reader does not migrate). */
static int schema_ready(sp_sink *s, const char *db_shown)
{
	sp_buf status;
	sp_buf_init(&status);
	int pending = 0;
	int rc = sp_sink_migration_status(s, &status, &pending);
	sp_buf_release(&status);
	if (rc) {
		sp_say("%s: %s", db_shown, sp_sink_errmsg(s));
		return SP_EXIT_DB;
	}
	if (pending) {
		sp_say("%s: %d migration%s pending: run 'snakepipe migrate' or index a repository first",
		       db_shown, pending, pending == 1 ? "" : "s");
		return SP_EXIT_DB;
	}
	return 0;
}

static int write_file(const char *dir, const sp_buf *page)
{
	if (mkdir(dir, 0777) && errno != EEXIST) {
		sp_say("%s: cannot create the directory: %s", dir, strerror(errno));
		return SP_EXIT_SYSTEM;
	}
	sp_buf tmp, final;
	sp_buf_init(&tmp);
	sp_buf_init(&final);
	sp_buf_printf(&final, "%s/index.html", dir);
	sp_buf_printf(&tmp, "%s/.index.html.%ld.tmp", dir, (long)getpid());
	int code = tmp.err || final.err ? SP_EXIT_SYSTEM : 0;
	FILE *f = code ? NULL : fopen(sp_buf_cstr(&tmp), "w");
	if (!code && (!f || fwrite(page->data, 1, page->len, f) != page->len || fflush(f)))
		code = SP_EXIT_SYSTEM;
	if (f && fclose(f))
		code = SP_EXIT_SYSTEM;
	if (!code && rename(sp_buf_cstr(&tmp), sp_buf_cstr(&final)))
		code = SP_EXIT_SYSTEM;
	if (code) {
		sp_say("%s: cannot write the report: %s", sp_buf_cstr(&final), strerror(errno));
		if (f)
			unlink(sp_buf_cstr(&tmp));
	}
	sp_buf_release(&tmp);
	sp_buf_release(&final);
	return code;
}

int sp_cmd_report(const sp_options *o, const char *db_shown)
{
	if (!o->output) {
		sp_say("%s", "report needs --output DIR (the directory to write index.html into)");
		return SP_EXIT_USAGE;
	}
	if (sqlite_missing(o->db)) {
		sp_say("%s: no such database", db_shown);
		return SP_EXIT_USAGE;
	}
	sp_sink *s = NULL;
	sp_buf page, err;
	sp_buf_init(&page);
	sp_buf_init(&err);
	int code = 0;
	if (sp_sink_open(o->db, &s)) {
		sp_say("%s: %s", db_shown, sp_sink_errmsg(s));
		code = SP_EXIT_DB;
	}
	if (!code)
		code = schema_ready(s, db_shown);
	int rc = code ? 0 : sp_report_build(s, o->repo_name, &page, &err);
	if (rc == SP_EUSAGE) {
		sp_say("%s", sp_buf_cstr(&err));
		code = SP_EXIT_USAGE;
	} else if (rc == SP_EDB) {
		sp_say("%s: %s", db_shown, sp_buf_cstr(&err));
		code = SP_EXIT_DB;
	} else if (rc) {
		sp_say("%s", sp_strerror(rc));
		code = SP_EXIT_SYSTEM;
	}
	sp_sink_close(s);
	if (!code)
		code = write_file(o->output, &page);
	if (!code && !o->quiet)
		sp_outf("report: %s/index.html", o->output);
	sp_buf_release(&page);
	sp_buf_release(&err);
	return code;
}
