/* cli/manifest.c: the scan manifest: a size cap and an alias-expansion cap checked with libyaml
   before libcyaml loads it, then range checks with the command line's limits and known languages. */
#include <cyaml/cyaml.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "cli_p.h"
#include "manifest_p.h"
#include "sp_extract.h"

#include "banned.h"

static const cyaml_schema_value_t string_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t repo_fields[] = {
	CYAML_FIELD_STRING_PTR("path", CYAML_FLAG_POINTER, sp_manifest_repo, path, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("rev", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo, rev, 1,
			       CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("default_branch", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
			       sp_manifest_repo, default_branch, 1, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("include", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo,
			     include, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("exclude", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo,
			     exclude, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("languages", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo,
			     languages, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("include_dirs", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo,
			     include_dirs, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t repo_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, sp_manifest_repo, repo_fields),
};

static const cyaml_schema_field_t defaults_fields[] = {
	CYAML_FIELD_STRING_PTR("database", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
			       sp_manifest_defaults, database, 1, CYAML_UNLIMITED),
	CYAML_FIELD_UINT_PTR("batch_size", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
			     sp_manifest_defaults, batch_size),
	CYAML_FIELD_UINT_PTR("retries", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_defaults,
			     retries),
	CYAML_FIELD_UINT_PTR("jobs", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_defaults,
			     jobs),
	CYAML_FIELD_END,
};

static const cyaml_schema_field_t manifest_fields[] = {
	CYAML_FIELD_MAPPING_PTR("defaults", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest,
				defaults, defaults_fields),
	CYAML_FIELD_SEQUENCE("repositories", CYAML_FLAG_POINTER, sp_manifest, repositories, &repo_entry,
			     1, CYAML_UNLIMITED),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t manifest_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, sp_manifest, manifest_fields),
};

static const cyaml_config_t free_cfg = {.mem_fn = cyaml_mem, .log_level = CYAML_LOG_ERROR};

void sp_manifest_free(sp_manifest *m)
{
	if (m)
		cyaml_free(&free_cfg, &manifest_schema, m, 0);
}

/* libcyaml reports problems through its log function; keep them for one clear message. */
static void collect_log(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
	if (level < CYAML_LOG_WARNING)
		return;
	sp_buf *b = ctx;
	char line[512];
	vsnprintf(line, sizeof line, fmt, args);
	char *t = line;
	if (!strncmp(t, "Load: ", 6))
		t += 6;
	while (*t == ' ')
		t++;
	size_t n = strlen(t);
	while (n && (t[n - 1] == '\n' || t[n - 1] == ' '))
		t[--n] = '\0';
	if (!n || !strcmp(t, "Backtrace:"))
		return;
	sp_buf_puts(b, t);
	sp_buf_puts(b, "; ");
}

/* The line of the first "KEY:" in the file (KEY ends at ';' or the end of the message), or 0. */
static long key_line(const char *path, const char *key)
{
	size_t klen = strcspn(key, ";");
	FILE *f = fopen(path, "r");
	if (!f || klen == 0 || klen > 200) {
		if (f)
			fclose(f);
		return 0;
	}
	char line[1024];
	long n = 0, found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		n++;
		const char *p = line + strspn(line, " \t-");
		if (!strncmp(p, key, klen) && p[klen] == ':')
			found = n;
	}
	fclose(f);
	return found;
}

/* ---- what the document expands to: every alias counts its anchor's weight again ---- */

typedef struct open_node {
	uint64_t weight;
	char *anchor;
} open_node;

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* The weight of the document (each node: its scalar's bytes + 1) once every alias is replaced
   by a copy of its anchor (saturating), or SP_EUSAGE with libyaml's message when it does not
   parse. */
static int expanded_weight(FILE *f, uint64_t *total, sp_buf *err)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return SP_ENOMEM;
	yaml_parser_set_input_file(&parser, f);
	sp_strmap anchors; /* anchor -> weight (saturated to INT64_MAX) */
	sp_strmap_init(&anchors);
	sp_array(open_node) stack = {0};
	uint64_t sum = 0;
	int rc = 0;
	for (bool done = false; !done && !rc;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			sp_buf_printf(err, "line %lu: %s", (unsigned long)parser.problem_mark.line + 1,
				      parser.problem ? parser.problem : "not YAML");
			rc = SP_EUSAGE;
			break;
		}
		uint64_t add = 0;
		const char *anchor = NULL;
		bool close = false;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT: done = true; break;
		case YAML_SCALAR_EVENT:
			add = (uint64_t)ev.data.scalar.length + 1;
			anchor = (const char *)ev.data.scalar.anchor;
			break;
		case YAML_ALIAS_EVENT: {
			int64_t v = 0;
			const char *a = (const char *)ev.data.alias.anchor;
			add = sp_strmap_get(&anchors, a, strlen(a), &v) ? (uint64_t)v : 1;
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			const yaml_char_t *a = ev.type == YAML_SEQUENCE_START_EVENT
						       ? ev.data.sequence_start.anchor
						       : ev.data.mapping_start.anchor;
			open_node n = {1, a ? strdup((const char *)a) : NULL};
			if ((a && !n.anchor) || sp_array_push(&stack, n)) {
				free(n.anchor);
				rc = SP_ENOMEM;
			}
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: close = true; break;
		default: break;
		}
		char *closed_anchor = NULL;
		if (close && stack.n) {
			open_node n = stack.v[--stack.n];
			add = n.weight;
			closed_anchor = n.anchor;
			anchor = closed_anchor;
		}
		if (anchor && !rc)
			rc = sp_strmap_put(&anchors, anchor, strlen(anchor),
					   add > INT64_MAX ? INT64_MAX : (int64_t)add);
		free(closed_anchor);
		if (stack.n)
			stack.v[stack.n - 1].weight = sat_add(stack.v[stack.n - 1].weight, add);
		else
			sum = sat_add(sum, add);
		yaml_event_delete(&ev);
	}
	for (size_t i = 0; i < stack.n; i++)
		free(stack.v[i].anchor);
	sp_array_release(&stack);
	sp_strmap_release(&anchors);
	yaml_parser_delete(&parser);
	*total = sum;
	return rc;
}

/* Size and expansion limits, before libcyaml builds anything. */
static int check_size(const char *path, sp_buf *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st)) {
		sp_buf_printf(err, "cannot read: %s", strerror(errno));
		if (f)
			fclose(f);
		return SP_EUSAGE;
	}
	int rc = 0;
	uint64_t weight = 0;
	if (!S_ISREG(st.st_mode)) {
		sp_buf_puts(err, "not a regular file");
		rc = SP_EUSAGE;
	} else if ((uint64_t)st.st_size > SP_MANIFEST_MAX_BYTES) {
		sp_buf_printf(err, "%lld bytes; a manifest may hold at most %u", (long long)st.st_size,
			      SP_MANIFEST_MAX_BYTES);
		rc = SP_EUSAGE;
	} else if (st.st_size == 0) {
		sp_buf_puts(err, "the manifest is empty (it needs a 'repositories:' list)");
		rc = SP_EUSAGE;
	} else if (!(rc = expanded_weight(f, &weight, err)) && weight > SP_MANIFEST_MAX_EXPANDED) {
		sp_buf_printf(err,
			      "its anchors and aliases expand to more than %u MiB; write the "
			      "repositories out instead",
			      SP_MANIFEST_MAX_EXPANDED >> 20);
		rc = SP_EUSAGE;
	}
	fclose(f);
	return rc;
}

/* A number of defaults: against the same limits as the command line's option. */
static int in_range(const char *path, const char *key, const unsigned *v, unsigned lo, unsigned hi,
		    sp_buf *err)
{
	if (!v || (*v >= lo && *v <= hi))
		return 0;
	long line = key_line(path, key);
	sp_buf_printf(err, "defaults.%s: %u is out of range (%u to %u)", key, *v, lo, hi);
	if (line > 0)
		sp_buf_printf(err, " on line %ld", line);
	return SP_EUSAGE;
}

/* Every repository's languages must exist before the first repository is indexed. */
static int check_languages(const sp_manifest *m, sp_buf *err)
{
	sp_extractor *ex = NULL;
	int rc = sp_extractor_new(&ex, SP_EXTRACTOR_LAZY);
	if (rc) {
		sp_buf_puts(err, sp_extractor_errmsg(ex));
		sp_extractor_free(ex);
		return rc;
	}
	for (unsigned i = 0; i < m->repositories_count && !rc; i++) {
		const sp_manifest_repo *r = &m->repositories[i];
		for (unsigned k = 0; k < r->languages_count && !rc; k++)
			if (!sp_extractor_by_name(ex, r->languages[k])) {
				sp_buf_printf(err,
					      "repositories[%u] (%s): no language '%s' (c, cpp, go, "
					      "java, javascript, python, ruby, rust, tsx, typescript)",
					      i, r->path, r->languages[k]);
				rc = SP_EUSAGE;
			}
	}
	sp_extractor_free(ex);
	return rc;
}

int sp_manifest_load(const char *path, sp_manifest **out, sp_buf *err)
{
	*out = NULL;
	int rc = check_size(path, err);
	if (rc)
		return rc;
	sp_buf log;
	sp_buf_init(&log);
	cyaml_config_t cfg = {
		.log_fn = collect_log,
		.log_ctx = &log,
		.mem_fn = cyaml_mem,
		.log_level = CYAML_LOG_WARNING,
	};
	sp_manifest *m = NULL;
	cyaml_err_t cerr = cyaml_load_file(path, &cfg, &manifest_schema, (cyaml_data_t **)&m, NULL);
	if (cerr != CYAML_OK) {
		while (log.len && (log.data[log.len - 1] == ' ' || log.data[log.len - 1] == ';'))
			log.data[--log.len] = '\0';
		/* libcyaml places an unknown key at its mapping's line; point at the key itself */
		const char *uk = strstr(sp_buf_cstr(&log), "Unexpected key: ");
		long at = uk ? key_line(path, uk + 16) : 0;
		if (at > 0)
			sp_buf_printf(&log, " (the key is on line %ld)", at);
		sp_buf_printf(err, "%s%s%s", cyaml_strerror(cerr), log.len ? ": " : "",
			      sp_buf_cstr(&log));
		sp_buf_release(&log);
		return SP_EUSAGE;
	}
	sp_buf_release(&log);
	if (!m) { /* a document of comments only */
		sp_buf_puts(err, "the manifest is empty (it needs a 'repositories:' list)");
		return SP_EUSAGE;
	}
	const sp_manifest_defaults *d = m->defaults;
	if (d && ((rc = in_range(path, "batch_size", d->batch_size, 1, 1000000, err)) ||
		  (rc = in_range(path, "retries", d->retries, 0, 100, err)) ||
		  (rc = in_range(path, "jobs", d->jobs, 1, 64, err))))
		goto fail;
	if ((rc = check_languages(m, err)))
		goto fail;
	*out = m;
	return 0;
fail:
	sp_manifest_free(m);
	return rc;
}
