/* transform/resolve_p.h: the resolver's state shared by the per-language rules (resolve.c holds the
   common part and Python; resolve_langs.c the other languages; resolve_config.c reads go.mod,
   tsconfig.json and package.json). */
#ifndef SP_RESOLVE_P_H
#define SP_RESOLVE_P_H

#include "sp_transform.h"

typedef struct sp_go_module {
	const char *dir; /* directory of go.mod, "" at the root */
	const char *path; /* its module path */
} sp_go_module;

typedef struct sp_ts_alias {
	const char *pattern; /* like "@app/STAR" with at most one STAR (an asterisk) */
	const char *const *targets; /* NULL-terminated, relative to the base directory */
} sp_ts_alias;

typedef struct sp_tsconfig {
	const char *dir; /* directory of tsconfig.json / jsconfig.json */
	const char *base; /* dir joined with compilerOptions.baseUrl, NULL when unset */
	sp_ts_alias *aliases;
	size_t naliases;
} sp_tsconfig;

struct sp_resolver {
	sp_strmap paths; /* every path of the snapshot -> index */
	sp_strmap modules; /* dotted Python module name -> index into paths_v */
	sp_strmap dirs; /* every directory holding a source file ("" the root) -> 1 */
	sp_strmap java_types; /* every dotted suffix of a .java path's type name -> path index */
	sp_strmap java_packages; /* every dotted suffix of a .java file's directory -> path index */
	sp_strmap js_mains; /* directory of a package.json with "main" -> index into js_main_v */
	sp_array(const char *) js_main_v; /* those "main" values as written */
	sp_array(const char *) paths_v;
	sp_array(sp_go_module) go_modules;
	sp_array(sp_tsconfig) tsconfigs;
	sp_array(const char *) include_dirs;
	/* include dirs read off build files (resolve_build.c), searched after include_dirs */
	sp_array(const char *) build_include_dirs;
	sp_array(const char *) ruby_libs; /* every directory named lib: shallowest first, then bytes */
	sp_strmap by_base; /* base name -> the last path (index + 1) with it */
	sp_array(int64_t) base_next; /* per path: the previous path (index + 1) of its base name, 0 */
	sp_arena strings;
	uint64_t fingerprint; /* of configuration read; mixed into the path set */
};

/* One dependency being resolved. */
typedef struct sp_dep {
	const char *kind; /* internal, external, stdlib, unresolved */
	const char *target_path; /* a path of the snapshot, or a directory (Go, Java wildcard) */
	sp_buf module; /* target_module */
	const char *package;
	size_t package_len;
	const char *reason;
	sp_buf probe, tmp; /* scratch */
	const sp_import_row *file_imports; /* all imports of the file (Rust: names in scope) */
	size_t file_nimports;
} sp_dep;

/* A rule: fills d (module already holds the import as written) for the import im of path. */
typedef void (*sp_resolve_fn)(const sp_resolver *r, const char *path, const sp_import_row *im,
			      sp_dep *d);

/* The one path of the snapshot that ends with m[0..n) on a '/' boundary (or is it); NULL when
   none or several (*count says how many, counting at most 2). */
const char *sp_resolver_unique_suffix(const sp_resolver *r, const char *m, size_t n, size_t *count);

/* Shared by the rules (resolve_langs.c, resolve_native.c). */
static inline void sp_dep_internal(sp_dep *d, const char *target)
{
	d->kind = "internal";
	d->target_path = target;
}

static inline void sp_dep_unresolved(sp_dep *d, const char *reason)
{
	d->kind = "unresolved";
	d->reason = reason;
}

/* External (or stdlib) with the package being the first n bytes of the module. */
static inline void sp_dep_outside(sp_dep *d, const char *kind, size_t n)
{
	d->kind = kind;
	d->package = d->module.data;
	d->package_len = n;
}

/* The first of dir/rel + each suffix that is a file of the snapshot. */
const char *sp_dep_try_suffixes(const sp_resolver *r, sp_dep *d, const char *dir, size_t dlen,
				const char *rel, size_t rlen, const char *const *suffixes);

void sp_resolve_js(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d);
void sp_resolve_go(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d);
void sp_resolve_rust(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d);
void sp_resolve_java(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d);
void sp_resolve_c(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d);
void sp_resolve_ruby(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d);

/* Helpers. */
/* Joins dir (dlen bytes) and rel into out, resolving "." and ".." segments; false when ".." climbs
   above the repository root. */
bool sp_path_join(sp_buf *out, const char *dir, size_t dlen, const char *rel, size_t rlen);
/* Length of s[0..len) without its last element and the separator before it ("a/b/c" -> "a/b",
   "a.b" -> "a"); 0 when it has a single element. Walks paths up and dotted names out. */
size_t sp_parent_len(const char *s, size_t len, char sep);
/* Length of the directory part of path (0 for a top-level file). */
size_t sp_path_dirlen(const char *path);
/* The stored path equal to p[0..n), or NULL. */
const char *sp_resolver_file(const sp_resolver *r, const char *p, size_t n);
bool sp_resolver_dir(const sp_resolver *r, const char *p, size_t n);
/* Whether name[0..n) is in a sorted list of strings. */
bool sp_sorted_has(const char *const *list, size_t count, const char *name, size_t n);

/* A tolerant JSON reader (comments and trailing commas allowed; resolve_config.c). */
typedef struct sp_jr {
	const char *p, *end;
	bool bad;
} sp_jr;
void sp_json_ws(sp_jr *j);
/* A string at j->p: its raw body (escapes are kept). */
bool sp_json_str(sp_jr *j, const char **s, size_t *n);
void sp_json_skip(sp_jr *j);
bool sp_json_key_is(const char *s, size_t n, const char *k);

/* Build files whose include directories C resolution reads (resolve_build.c): base name b. */
bool sp_build_is_config(const char *b);
int sp_build_read(sp_resolver *r, const char *path, const char *b, const char *data, size_t len);

#endif
