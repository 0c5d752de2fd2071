/* cli/manifest.c: the scan manifest: a size cap and an alias-expansion cap checked with libyaml
   before libcyaml loads it, then range checks with the command line's limits and known languages. */
#include <cyaml/cyaml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_p.h"
#include "manifest_p.h"
#include "sp_extract.h"
#include "yamlfile_p.h"

#include "banned.h"

static const cyaml_schema_value_t string_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t repo_fields[] = {
	CYAML_FIELD_STRING_PTR("path", CYAML_FLAG_POINTER, sp_manifest_repo, path, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo, name,
			       1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("rev", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo, rev, 1,
			       CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("default_branch", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
			       sp_manifest_repo, default_branch, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("config", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo,
			       config, 1, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("include", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo,
			     include, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("exclude", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo,
			     exclude, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("languages", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo,
			     languages, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("include_dirs", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo,
			     include_dirs, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("macros", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, sp_manifest_repo,
			     macros, &string_entry, 0, CYAML_UNLIMITED),
	/* glob -> language has no fixed keys, which libcyaml cannot describe: read_language_maps */
	CYAML_FIELD_IGNORE("language_map", CYAML_FLAG_OPTIONAL),
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
	if (!m)
		return;
	for (unsigned i = 0; i < m->repositories_count; i++) {
		sp_manifest_repo *r = &m->repositories[i];
		sp_lang_rules rules = {r->language_map, r->language_map_count, r->language_map_count};
		sp_lang_rules_release(&rules);
	}
	cyaml_free(&free_cfg, &manifest_schema, m, 0);
}

/* A number of defaults: against the same limits as the command line's option. */
static int in_range(const char *path, const char *key, const unsigned *v, unsigned lo, unsigned hi,
		    sp_buf *err)
{
	if (!v || (*v >= lo && *v <= hi))
		return 0;
	long line = sp_yaml_key_line(path, key);
	sp_buf_printf(err, "defaults.%s: %u is out of range (%u to %u)", key, *v, lo, hi);
	if (line > 0)
		sp_buf_printf(err, " on line %ld", line);
	return SP_EUSAGE;
}

/* Each repository's language_map (the manifest passed the alias guard and libcyaml's schema, so
   repositories is a sequence of mappings in m's order). */
static int read_language_maps(const char *path, sp_manifest *m, sp_extractor *ex, sp_buf *err)
{
	yaml_document_t d;
	int rc = sp_yaml_document(path, &d, err);
	if (rc)
		return rc;
	yaml_node_t *k = NULL;
	yaml_node_t *seq = sp_yaml_mapping_get(&d, yaml_document_get_root_node(&d), "repositories", &k);
	unsigned i = 0;
	for (yaml_node_item_t *it =
		     seq && seq->type == YAML_SEQUENCE_NODE ? seq->data.sequence.items.start : NULL;
	     it && !rc && it < seq->data.sequence.items.top && i < m->repositories_count; it++, i++) {
		yaml_node_t *v =
			sp_yaml_mapping_get(&d, yaml_document_get_node(&d, *it), "language_map", &k);
		sp_lang_rules rules = {0};
		if (v)
			rc = sp_yaml_lang_rules(&d, k, v, ex, &rules, err);
		m->repositories[i].language_map = rules.v;
		m->repositories[i].language_map_count = rules.n;
		if (rc)
			sp_buf_printf(err, " in repositories[%u] (%s)", i, m->repositories[i].path);
	}
	yaml_document_delete(&d);
	return rc;
}

/* Every repository's languages must exist before the first repository is indexed. */
static int check_languages(const char *path, sp_manifest *m, sp_buf *err)
{
	sp_extractor *ex = NULL;
	int rc = sp_yaml_language_table(&ex, err);
	if (rc)
		return rc;
	rc = read_language_maps(path, m, ex, err);
	for (unsigned i = 0; i < m->repositories_count && !rc; i++) {
		const sp_manifest_repo *r = &m->repositories[i];
		for (unsigned k = 0; k < r->languages_count && !rc; k++)
			if (!sp_extractor_by_name(ex, r->languages[k])) {
				sp_buf_printf(err, "repositories[%u] (%s): no language '%s' (", i,
					      r->path, r->languages[k]);
				sp_language_names(err);
				sp_buf_putc(err, ')');
				rc = SP_EUSAGE;
			}
	}
	sp_extractor_free(ex);
	return rc;
}

static const sp_yaml_limits limits = {SP_MANIFEST_MAX_BYTES, SP_MANIFEST_MAX_EXPANDED, "a manifest",
				      "write the repositories out instead"};

int sp_manifest_load(const char *path, sp_manifest **out, sp_buf *err)
{
	*out = NULL;
	bool empty = false;
	sp_manifest *m = NULL;
	int rc = sp_yaml_check(path, &limits, &empty, err);
	if (!rc && !empty)
		rc = sp_yaml_load(path, &manifest_schema, (cyaml_data_t **)&m, err);
	if (rc)
		return rc;
	if (!m) { /* an empty file, or a document of comments only */
		sp_buf_puts(err, "the manifest is empty (it needs a 'repositories:' list)");
		return SP_EUSAGE;
	}
	const sp_manifest_defaults *d = m->defaults;
	if (d && ((rc = in_range(path, "batch_size", d->batch_size, 1, 1000000, err)) ||
		  (rc = in_range(path, "retries", d->retries, 0, 100, err)) ||
		  (rc = in_range(path, "jobs", d->jobs, 1, 64, err))))
		goto fail;
	if ((rc = check_languages(path, m, err)))
		goto fail;
	*out = m;
	return 0;
fail:
	sp_manifest_free(m);
	return rc;
}
