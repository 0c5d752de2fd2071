/* cli/scan.c: `snakepipe scan manifest.yaml`: every repository of a manifest (cli/manifest.c)
   indexed in turn by this process; the shared queue's variant is cli/scan_queue.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_p.h"
#include "sp_sink.h"

#include "banned.h"

void sp_scan_base(const sp_options *o, bool db_given, const sp_manifest *m, sp_options *base)
{
	*base = *o;
	if (!db_given && m->defaults && m->defaults->database)
		base->db = m->defaults->database;
	if (!o->batch_size && m->defaults && m->defaults->batch_size)
		base->batch_size = *m->defaults->batch_size;
	if (!o->retries_given && m->defaults && m->defaults->retries)
		base->retries = (int)*m->defaults->retries;
	if (!o->jobs_given && m->defaults && m->defaults->jobs)
		base->jobs = (int)*m->defaults->jobs;
}

void sp_scan_repo(const sp_options *base, const sp_manifest *m, unsigned i, sp_options *one)
{
	const sp_manifest_repo *r = &m->repositories[i];
	*one = *base;
	one->repo = r->path;
	one->rev = r->rev;
	if (r->default_branch)
		one->default_branch = r->default_branch;
	if (r->name)
		one->repo_name = r->name;
	one->include = (const char *const *)r->include;
	one->include_count = r->include_count;
	one->exclude = (const char *const *)r->exclude;
	one->exclude_count = r->exclude_count;
	one->languages = (const char *const *)r->languages;
	one->languages_count = r->languages_count;
	one->include_dirs = (const char *const *)r->include_dirs;
	one->include_dir_count = r->include_dirs_count;
	one->macros_manifest = (const char *const *)r->macros;
	one->macros_manifest_count = r->macros_count;
	one->config = r->config;
	one->lang_map_manifest = r->language_map;
	one->lang_map_manifest_count = r->language_map_count;
}

int sp_cmd_scan(const sp_options *o, bool db_given)
{
	sp_buf err;
	sp_buf_init(&err);
	sp_manifest *m = NULL;
	int rc = sp_manifest_load(o->manifest, &m, &err);
	if (rc) {
		sp_say("%s: %s", o->manifest, rc == SP_ENOMEM ? sp_strerror(rc) : sp_buf_cstr(&err));
		sp_buf_release(&err);
		return rc == SP_ENOMEM ? SP_EXIT_SYSTEM : SP_EXIT_USAGE;
	}
	sp_buf_release(&err);
	sp_options base;
	sp_scan_base(o, db_given, m, &base);
	sp_buf shown, json;
	sp_buf_init(&shown);
	sp_buf_init(&json);
	sp_sink_redact(base.db, &shown);
	int code = SP_EXIT_OK;
	unsigned failed = 0, taken = 0;
	bool first = true;
	sp_buf_puts(&json, "{\"repositories\": [");
	for (unsigned i = 0; i < m->repositories_count; i++) {
		sp_options one;
		sp_scan_repo(&base, m, i, &one);
		int one_code = sp_index_one(&one, sp_buf_cstr(&shown), &json, &first, NULL);
		/* with --no-wait, a repository another scan is indexing is that scan's work: reported
		   apart, it neither counts as failed nor sets the exit code */
		if (one_code == SP_EXIT_LOCKED && one.no_wait) {
			taken++;
			continue;
		}
		failed += one_code != SP_EXIT_OK;
		code = sp_worse(code, one_code);
	}
	if (o->json)
		printf("%s], \"failed\": %u, \"taken\": %u}\n", sp_buf_cstr(&json), failed, taken);
	else if (!o->quiet && taken)
		printf("scan: %u repositories, %u failed, %u taken by another run\n",
		       m->repositories_count, failed, taken);
	else if (!o->quiet)
		printf("scan: %u repositories, %u failed\n", m->repositories_count, failed);
	sp_buf_release(&shown);
	sp_buf_release(&json);
	sp_manifest_free(m);
	return code;
}
