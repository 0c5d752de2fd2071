/* cli/manifest_p.h: the scan manifest (libcyaml schema), read with limits on its size, on what its
   anchors expand to and on every number, and checked against the language table before a scan. */
#ifndef SP_MANIFEST_P_H
#define SP_MANIFEST_P_H

#include "cli_p.h"
#include "sp_core.h"

/* Largest manifest file read, and the most it may expand to once every alias is replaced by its
   anchor, counting each node as its scalar's bytes + 1 (a 1 MB manifest of anchors referenced
   many times otherwise expands to gigabytes inside libcyaml). */
#define SP_MANIFEST_MAX_BYTES (4u << 20)
#define SP_MANIFEST_MAX_EXPANDED (64u << 20)

typedef struct sp_manifest_repo {
	char *path;
	char *name; /* the repository's identity; NULL: its config's name:, origin's URL, the path */
	char *rev;
	char *default_branch; /* NULL: origin/HEAD's branch, else main, else master */
	char *config; /* a config file instead of <path>/.snakepipe.yaml (relative to path) */
	char **include;
	unsigned include_count;
	char **exclude;
	unsigned exclude_count;
	char **languages;
	unsigned languages_count;
	char **include_dirs;
	unsigned include_dirs_count;
	char **macros; /* C/C++ macro definitions, as --macro */
	unsigned macros_count;
	/* language_map (glob: language), read with libyaml after libcyaml (manifest.c), not part of
	   the schema */
	sp_lang_rule *language_map;
	size_t language_map_count;
} sp_manifest_repo;

typedef struct sp_manifest_defaults {
	char *database;
	unsigned *batch_size; /* NULL when absent */
	unsigned *retries;
	unsigned *jobs;
} sp_manifest_defaults;

typedef struct sp_manifest {
	sp_manifest_defaults *defaults;
	sp_manifest_repo *repositories;
	unsigned repositories_count;
} sp_manifest;

/* Loads and checks path; on failure returns SP_EUSAGE (or SP_ENOMEM) with the reason in err. */
int sp_manifest_load(const char *path, sp_manifest **out, sp_buf *err);
void sp_manifest_free(sp_manifest *m);

#endif
