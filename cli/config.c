/* cli/config.c: <repo>/.snakepipe.yaml, the repository's own settings (libcyaml, through the
   manifest's size and alias guard in yamlfile.c), merged under the command line and the manifest. */
#include <cyaml/cyaml.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "config_p.h"
#include "sp_extract.h"
#include "yamlfile_p.h"

#include "banned.h"

typedef struct cfg_check {
	char *base;
	char **fail_on;
	unsigned fail_on_count;
} cfg_check;

typedef struct cfg_doc {
	char *name;
	char **include;
	unsigned include_count;
	char **exclude;
	unsigned exclude_count;
	char **languages;
	unsigned languages_count;
	char **include_dirs;
	unsigned include_dirs_count;
	char **macros;
	unsigned macros_count;
	char *default_branch;
	cfg_check *check;
} cfg_doc;

static const cyaml_schema_value_t string_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, CYAML_UNLIMITED),
};

#define OPT (CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL)

static const cyaml_schema_field_t check_fields[] = {
	CYAML_FIELD_STRING_PTR("base", OPT, cfg_check, base, 1, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("fail_on", OPT, cfg_check, fail_on, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_END,
};

static const cyaml_schema_field_t doc_fields[] = {
	CYAML_FIELD_STRING_PTR("name", OPT, cfg_doc, name, 1, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("include", OPT, cfg_doc, include, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("exclude", OPT, cfg_doc, exclude, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("languages", OPT, cfg_doc, languages, &string_entry, 0, CYAML_UNLIMITED),
	/* glob -> language has no fixed keys, which libcyaml cannot describe: read_language_map */
	CYAML_FIELD_IGNORE("language_map", CYAML_FLAG_OPTIONAL),
	CYAML_FIELD_SEQUENCE("include_dirs", OPT, cfg_doc, include_dirs, &string_entry, 0,
			     CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("macros", OPT, cfg_doc, macros, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("default_branch", OPT, cfg_doc, default_branch, 1, CYAML_UNLIMITED),
	CYAML_FIELD_MAPPING_PTR("check", OPT, cfg_doc, check, check_fields),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t doc_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, cfg_doc, doc_fields),
};

static const cyaml_config_t free_cfg = {.mem_fn = cyaml_mem, .log_level = CYAML_LOG_ERROR};

static const sp_yaml_limits limits = {SP_CONFIG_MAX_BYTES, SP_CONFIG_MAX_EXPANDED, "a config file",
				      "write the values out instead"};

/* What sp_config's fields point into. */
typedef struct config_full {
	sp_config pub;
	cfg_doc *doc;
	char *path;
	sp_lang_rules map; /* strings owned */
	sp_lang_rules merged; /* flags', manifest's, then map's rules, borrowed */
	sp_array(const char *) macros; /* the file's, manifest's, then flags' definitions, borrowed */
} config_full;

void sp_config_free(sp_config *c)
{
	if (!c)
		return;
	config_full *f = (config_full *)c;
	if (f->doc)
		cyaml_free(&free_cfg, &doc_schema, f->doc, 0);
	sp_lang_rules_release(&f->map);
	sp_array_release(&f->merged);
	sp_array_release(&f->macros);
	free(f->path);
	free(f);
}

static int no_language(sp_buf *err, const char *key, const char *name, long line)
{
	sp_buf_printf(err, "%s: no language '%s' (", key, name);
	sp_language_names(err);
	sp_buf_putc(err, ')');
	if (line > 0)
		sp_buf_printf(err, " on line %ld", line);
	return SP_EUSAGE;
}

/* language_map: read with libyaml's document API (the file already passed the alias guard). */
static int read_language_map(config_full *f, sp_extractor *ex, sp_buf *err)
{
	yaml_document_t d;
	int rc = sp_yaml_document(f->path, &d, err);
	if (rc)
		return rc;
	yaml_node_t *root = yaml_document_get_root_node(&d);
	yaml_node_t *k = NULL, *v = sp_yaml_mapping_get(&d, root, "language_map", &k);
	if (v)
		rc = sp_yaml_lang_rules(&d, k, v, ex, (sp_lang_rules *)&f->map, err);
	yaml_document_delete(&d);
	return rc;
}

/* A repository's config is untrusted input: fnmatch backtracks on every '*', so a glob of many
   stars against a long path could take hours; a page of real globs stays far below these. */
#define GLOB_MAX_BYTES 256
#define GLOB_MAX_STARS 8

static int check_glob(const char *path, const char *key, const char *glob, sp_buf *err)
{
	size_t stars = 0;
	for (const char *p = glob; *p; p++)
		stars += *p == '*';
	if (strlen(glob) <= GLOB_MAX_BYTES && stars <= GLOB_MAX_STARS)
		return 0;
	sp_buf_printf(err, "%s: a glob may be at most %d bytes with at most %d '*'", key, GLOB_MAX_BYTES,
		      GLOB_MAX_STARS);
	long line = sp_yaml_key_line(path, key);
	if (line > 0)
		sp_buf_printf(err, " (line %ld)", line);
	return SP_EUSAGE;
}

static int check_globs(const config_full *f, sp_buf *err)
{
	const cfg_doc *d = f->doc;
	int rc = 0;
	for (unsigned i = 0; d && !rc && i < d->include_count; i++)
		rc = check_glob(f->path, "include", d->include[i], err);
	for (unsigned i = 0; d && !rc && i < d->exclude_count; i++)
		rc = check_glob(f->path, "exclude", d->exclude[i], err);
	for (size_t i = 0; !rc && i < f->map.n; i++)
		rc = check_glob(f->path, "language_map", f->map.v[i].glob, err);
	return rc;
}

/* languages and language_map name languages the table has. */
static int check_languages(config_full *f, sp_buf *err)
{
	sp_extractor *ex = NULL;
	int rc = sp_yaml_language_table(&ex, err);
	if (rc)
		return rc;
	const cfg_doc *d = f->doc;
	for (unsigned i = 0; d && i < d->languages_count && !rc; i++)
		if (!sp_extractor_by_name(ex, d->languages[i]))
			rc = no_language(err, "languages", d->languages[i],
					 sp_yaml_key_line(f->path, "languages"));
	if (!rc)
		rc = read_language_map(f, ex, err);
	sp_extractor_free(ex);
	return rc;
}

/* The public view: plain arrays borrowed from the document. */
static void publish(config_full *f)
{
	sp_config *c = &f->pub;
	const cfg_doc *d = f->doc;
	c->path = f->path;
	c->language_map = f->map.v;
	c->language_map_count = f->map.n;
	if (!d)
		return;
	c->name = d->name;
	c->include = (const char *const *)d->include;
	c->include_count = d->include_count;
	c->exclude = (const char *const *)d->exclude;
	c->exclude_count = d->exclude_count;
	c->languages = (const char *const *)d->languages;
	c->languages_count = d->languages_count;
	c->include_dirs = (const char *const *)d->include_dirs;
	c->include_dirs_count = d->include_dirs_count;
	c->macros = (const char *const *)d->macros;
	c->macros_count = d->macros_count;
	c->default_branch = d->default_branch;
	if (d->check) {
		c->check_base = d->check->base;
		c->fail_on = (const char *const *)d->check->fail_on;
		c->fail_on_count = d->check->fail_on_count;
	}
}

int sp_config_load_file(const char *path, sp_config **out, sp_buf *err)
{
	*out = NULL;
	config_full *f = calloc(1, sizeof *f);
	if (!f || !(f->path = strdup(path))) {
		free(f);
		return SP_ENOMEM;
	}
	sp_buf why;
	sp_buf_init(&why);
	bool empty = false;
	int rc = sp_yaml_check(path, &limits, &empty, &why);
	if (!rc && !empty)
		rc = sp_yaml_load(path, &doc_schema, (cyaml_data_t **)&f->doc, &why);
	if (!rc && !empty)
		rc = check_languages(f, &why);
	if (!rc && !empty)
		rc = check_globs(f, &why);
	if (rc) {
		sp_buf_printf(err, "%s: %s", path,
			      rc == SP_ENOMEM ? sp_strerror(rc) : sp_buf_cstr(&why));
		sp_buf_release(&why);
		sp_config_free(&f->pub);
		return rc;
	}
	sp_buf_release(&why);
	publish(f);
	*out = &f->pub;
	return 0;
}

int sp_config_load(const char *repo_root, sp_config **out, sp_buf *err)
{
	sp_buf path;
	sp_buf_init(&path);
	sp_buf_printf(&path, "%s/%s", repo_root, SP_CONFIG_FILE);
	struct stat st;
	int rc;
	*out = NULL;
	if (path.err) {
		rc = SP_ENOMEM;
	} else if (lstat(sp_buf_cstr(&path), &st)) {
		/* none (or no repository: the run says so when it opens it) */
		*out = calloc(1, sizeof(config_full));
		rc = *out ? 0 : SP_ENOMEM;
	} else if (S_ISLNK(st.st_mode)) {
		/* a repository's symlink may lead anywhere (README: Untrusted repositories) */
		sp_buf_printf(err, "%s: a symlink, not followed", sp_buf_cstr(&path));
		rc = SP_EUSAGE;
	} else {
		rc = sp_config_load_file(sp_buf_cstr(&path), out, err);
	}
	sp_buf_release(&path);
	return rc;
}

int sp_config_merge(const sp_options *o, sp_config **cfg, sp_options *m, sp_buf *err)
{
	*m = *o;
	*cfg = NULL;
	int rc;
	if (o->config) {
		sp_buf path;
		sp_buf_init(&path);
		if (o->config[0] == '/')
			sp_buf_puts(&path, o->config);
		else
			sp_buf_printf(&path, "%s/%s", o->repo, o->config);
		rc = path.err ? SP_ENOMEM : sp_config_load_file(sp_buf_cstr(&path), cfg, err);
		sp_buf_release(&path);
	} else {
		rc = sp_config_load(o->repo, cfg, err);
	}
	if (rc)
		return rc;
	const sp_config *c = *cfg;
	if (!m->include_count)
		m->include = c->include, m->include_count = c->include_count;
	if (!m->exclude_count)
		m->exclude = c->exclude, m->exclude_count = c->exclude_count;
	if (!m->languages_count)
		m->languages = c->languages, m->languages_count = c->languages_count;
	if (!m->include_dir_count)
		m->include_dirs = c->include_dirs, m->include_dir_count = c->include_dirs_count;
	if (!m->default_branch)
		m->default_branch = c->default_branch;
	if (!m->repo_name) /* --repo-name, then the manifest's name:, then the config's */
		m->repo_name = c->name;
	/* one order for every language map: the flags' rules, the manifest entry's, the file's;
	   the first matching rule wins */
	config_full *f = (config_full *)*cfg;
	const struct {
		const sp_lang_rule *v;
		size_t n;
	} parts[] = {{o->lang_map_flags, o->lang_map_flags_count},
		     {o->lang_map_manifest, o->lang_map_manifest_count},
		     {c->language_map, c->language_map_count}};
	for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++)
		for (size_t i = 0; i < parts[p].n; i++)
			if (sp_array_push(&f->merged, parts[p].v[i]))
				return SP_ENOMEM;
	m->language_map = f->merged.v, m->language_map_count = f->merged.n;
	/* macros: the file's, the manifest entry's, the flags'; the last definition of a name wins */
	const struct {
		const char *const *v;
		size_t n;
	} defs[] = {{c->macros, c->macros_count},
		    {o->macros_manifest, o->macros_manifest_count},
		    {o->macro_flags, o->macro_flag_count}};
	for (size_t p = 0; p < sizeof defs / sizeof defs[0]; p++)
		for (size_t i = 0; i < defs[p].n; i++)
			if (sp_array_push(&f->macros, defs[p].v[i]))
				return SP_ENOMEM;
	m->macros = f->macros.v, m->macro_count = f->macros.n;
	return 0;
}
