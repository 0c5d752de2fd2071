/* cli/config_p.h: the repository's own config, <repo>/.snakepipe.yaml (libcyaml schema), and how
   it merges with the command line and the scan manifest into the options of a run. */
#ifndef SP_CONFIG_P_H
#define SP_CONFIG_P_H

#include "cli_p.h"

#define SP_CONFIG_FILE ".snakepipe.yaml"
/* A config is a page of globs; the manifest's limits would be generous. */
#define SP_CONFIG_MAX_BYTES (1u << 20)
#define SP_CONFIG_MAX_EXPANDED (16u << 20)

typedef struct sp_config {
	const char *path; /* the file read; NULL when the repository has none */
	const char *name; /* the repository's identity */
	const char *const *include; /* globs on the path, as --include */
	size_t include_count;
	const char *const *exclude;
	size_t exclude_count;
	const char *const *languages; /* restrict to these */
	size_t languages_count;
	const char *const *include_dirs;
	size_t include_dirs_count;
	const char *default_branch;
	const sp_lang_rule *language_map; /* in the file's order: the first match wins */
	size_t language_map_count;
	const char *const *macros; /* C/C++ macro definitions, as --macro */
	size_t macros_count;
	const char *check_base; /* check: the default base ref */
	const char *const *fail_on; /* check: rule strings (gate/rules.c parses them) */
	size_t fail_on_count;
} sp_config;

/* Reads <repo_root>/.snakepipe.yaml; no such file is an empty config (path NULL), not an error.
   A file that does not fit the schema (an unknown key, a wrong type, an unknown language) is
   SP_EUSAGE with the key and its line in err; SP_ENOMEM otherwise. */
int sp_config_load(const char *repo_root, sp_config **out, sp_buf *err);
/* The same for a named file, which must exist. */
int sp_config_load_file(const char *path, sp_config **out, sp_buf *err);
void sp_config_free(sp_config *c);

/* The options of a run on o->repo: o's own values (flags, then the scan manifest's keys) where
   given, else the config's (o->config, relative to the repository, else <repo>/.snakepipe.yaml).
   *cfg owns what *merged borrows: free it after the run. Errors as sp_config_load, err prefixed
   with the file's path. */
int sp_config_merge(const sp_options *o, sp_config **cfg, sp_options *merged, sp_buf *err);

#endif
