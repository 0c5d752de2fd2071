/* transform/sp_transform.h: the second pipeline stage. Turns one file's extracted facts into
   relational rows (qualified names, metrics, attrs) and resolves imports against the snapshot. */
#ifndef SP_TRANSFORM_H
#define SP_TRANSFORM_H

#include "sp_extract.h"
#include "sp_schema.h"

/* An import as stored in the imports table: relative prefix split off into level. */
typedef struct sp_import_row {
	int32_t import_id;
	const char *module; /* without the leading dots; may be "" for "from . import x" */
	const char *name; /* NULL for "import m" */
	int32_t level;
	const char *kind; /* how it was written: import, include, system, require... */
} sp_import_row;

/* Identity of a blob being written. */
typedef struct sp_blob_key {
	int64_t repository_id;
	int64_t blob_id;
	const char *hash; /* XXH3-128 hex */
	const char *language;
	int64_t size;
	const char *skip_reason; /* recorded but not parsed (f holds line counts only), else NULL */
} sp_blob_key;

typedef struct sp_transformer sp_transformer; /* per-thread scratch space */

int sp_transformer_new(sp_transformer **out);
void sp_transformer_free(sp_transformer *t);
/* One row of call_rules (what a language's calls mean to resolution, migration 0007), which the
   calls rows' binding follows; all of them before the first blob (a transformer without rules
   binds no call through a self receiver, a constructor name, or a package or global rule). */
int sp_transformer_call_rule(sp_transformer *t, const char *language, const char *rule,
			     const char *value);

/* Appends the blob's rows (blobs, functions, classes, imports, calls, function_metrics,
   file_metrics) to b, and its imports in normalised form to imports (strings live in b's arena). */
int sp_transform_blob(sp_transformer *t, sp_batch *b, const sp_blob_key *key, const sp_language *lang,
		      const sp_facts *f, sp_import_row **imports, size_t *nimports);

/* How a file of a snapshot was seen; size and mtime_ns -1 and git_blob NULL when unknown. */
typedef struct sp_file_seen {
	const char *path;
	int64_t blob_id, size, mtime_ns;
	const char *git_blob;
} sp_file_seen;

/* Appends the files row of one path of a snapshot. */
void sp_transform_file(sp_batch *b, int64_t repository_id, int64_t snapshot_id, const sp_file_seen *f);

/* ---- dependency resolution (per snapshot; read-only once built, shareable across threads) ---- */

typedef struct sp_resolver sp_resolver;

/* paths: every source path of the snapshot (language detected), '/'-separated, relative. */
int sp_resolver_new(const char *const *paths, size_t n, sp_resolver **out);
void sp_resolver_free(sp_resolver *r);

/* Appends one dependencies row per import of the file at path; path_set identifies the set of
   paths the resolver was built from (sp_path_set), which the resolution depends on. */
int sp_transform_dependencies(sp_transformer *t, sp_batch *b, const sp_resolver *r,
			      const sp_language *lang, int64_t repository_id, int64_t path_set,
			      const char *path, int64_t blob_id, const sp_import_row *imports, size_t n);

/* Configuration the rules read besides paths: go.mod (module path), tsconfig.json/jsconfig.json
   (compilerOptions.baseUrl and paths). sp_resolver_is_config says which listed files to feed. */
bool sp_resolver_is_config(const char *path);
int sp_resolver_add_config(sp_resolver *r, const char *path, const char *data, size_t len);
/* C/C++: a directory (relative to the repository) searched for #include "…" after the including
   file's own directory, and for #include <…> before the system. Default when none is added:
   "include" if the repository has it. */
int sp_resolver_add_include_dir(sp_resolver *r, const char *dir);
/* Identity of the configuration added (0 when none), to mix into the path set. */
uint64_t sp_resolver_fingerprint(const sp_resolver *r);
/* Identity of a sorted list of paths: XXH3-64 of the paths, NUL-separated. */
int64_t sp_path_set(const char *const *paths, size_t n);

/* ---- transform/scc.c: strongly connected components of a directed graph ----
   The graph is n nodes with the out-edges of v at adj[off[v] .. off[v + 1]). sp_scc numbers the
   components (comp[v], 0 .. *ncomp - 1; iterative Tarjan, O(n + edges)). sp_scc_cycle writes a
   shortest cycle through start inside its component to path (n entries available), start first,
   and its number of nodes to *len (0 when there is none). Both return 0 or SP_ENOMEM. */
int sp_scc(uint32_t n, const uint32_t *off, const uint32_t *adj, uint32_t *comp, uint32_t *ncomp);
int sp_scc_cycle(uint32_t n, const uint32_t *off, const uint32_t *adj, const uint32_t *comp,
		 uint32_t start, uint32_t *path, uint32_t *len);

#endif
