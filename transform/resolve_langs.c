/* transform/resolve_langs.c: the dependency rules of JavaScript/TypeScript, Go and Java (Rust:
   resolve_rust.c; C, C++ and Ruby: resolve_native.c); the rules themselves are documented in
   schema/README.md ("Dependency resolution"). */
#include <string.h>

#include "resolve_p.h"

#include "banned.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- shared ---- */

/* The first of dir/rel + each suffix that is a file of the snapshot. */
const char *sp_dep_try_suffixes(const sp_resolver *r, sp_dep *d, const char *dir, size_t dlen,
				const char *rel, size_t rlen, const char *const *suffixes)
{
	if (!sp_path_join(&d->tmp, dir, dlen, rel, rlen))
		return NULL;
	size_t base = d->tmp.len;
	for (const char *const *s = suffixes; *s; s++) {
		d->tmp.len = base;
		/* the repository root itself: "" + "/index.js" is "index.js" */
		sp_buf_puts(&d->tmp, *s + (!base && **s == '/'));
		if (d->tmp.err)
			return NULL;
		const char *f = sp_resolver_file(r, d->tmp.data, d->tmp.len);
		if (f)
			return f;
	}
	return NULL;
}

/* ---- JavaScript / TypeScript ---- */

static const char *const node_builtins[] = {
	"assert",
	"async_hooks",
	"buffer",
	"child_process",
	"cluster",
	"console",
	"constants",
	"crypto",
	"dgram",
	"diagnostics_channel",
	"dns",
	"domain",
	"events",
	"fs",
	"http",
	"http2",
	"https",
	"inspector",
	"module",
	"net",
	"os",
	"path",
	"perf_hooks",
	"process",
	"punycode",
	"querystring",
	"readline",
	"repl",
	"stream",
	"string_decoder",
	"sys",
	"timers",
	"tls",
	"trace_events",
	"tty",
	"url",
	"util",
	"v8",
	"vm",
	"wasi",
	"worker_threads",
	"zlib",
};

static const char *const js_files[] = {"",     ".ts",  ".tsx", ".d.ts", ".js",   ".jsx",
				       ".mjs", ".cjs", ".mts", ".cts",  ".json", NULL};
static const char *const js_index[] = {"/index.ts",  "/index.tsx", "/index.d.ts", "/index.js",
				       "/index.jsx", "/index.mjs", "/index.cjs",  NULL};

/* A directory's package.json "main" (as a file, then as a directory with an index), or NULL. */
static const char *js_main(const sp_resolver *r, sp_dep *d, const char *dir, size_t dlen,
			   const char *rel, size_t rlen)
{
	if (!r->js_mains.used || !sp_path_join(&d->tmp, dir, dlen, rel, rlen))
		return NULL;
	int64_t i;
	if (!sp_strmap_get(&r->js_mains, d->tmp.data, d->tmp.len, &i))
		return NULL;
	sp_buf pkg;
	sp_buf_init(&pkg);
	sp_buf_append(&pkg, d->tmp.data, d->tmp.len);
	const char *m = r->js_main_v.v[i], *f = NULL;
	if (!pkg.err) {
		f = sp_dep_try_suffixes(r, d, pkg.data, pkg.len, m, strlen(m), js_files);
		if (!f)
			f = sp_dep_try_suffixes(r, d, pkg.data, pkg.len, m, strlen(m), js_index);
	}
	sp_buf_release(&pkg);
	return f;
}

/* Node's resolution of a file or directory (its package.json "main", else its index), plus
   TypeScript's: x.js written for x.ts. */
static const char *js_candidates(const sp_resolver *r, sp_dep *d, const char *dir, size_t dlen,
				 const char *rel, size_t rlen)
{
	const char *f = sp_dep_try_suffixes(r, d, dir, dlen, rel, rlen, js_files);
	if (!f)
		f = js_main(r, d, dir, dlen, rel, rlen);
	if (!f)
		f = sp_dep_try_suffixes(r, d, dir, dlen, rel, rlen, js_index);
	static const struct {
		const char *js;
		const char *const ts[3];
	} swaps[] = {{".js", {".ts", ".tsx", NULL}},
		     {".jsx", {".tsx", NULL, NULL}},
		     {".mjs", {".mts", NULL, NULL}},
		     {".cjs", {".cts", NULL, NULL}}};
	for (size_t i = 0; !f && i < COUNT(swaps); i++) {
		size_t el = strlen(swaps[i].js);
		if (rlen > el && !memcmp(rel + rlen - el, swaps[i].js, el))
			f = sp_dep_try_suffixes(r, d, dir, dlen, rel, rlen - el, swaps[i].ts);
	}
	return f;
}

/* The tsconfig whose directory is the nearest ancestor of path, or NULL. */
static const sp_tsconfig *tsconfig_for(const sp_resolver *r, const char *path)
{
	const sp_tsconfig *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < r->tsconfigs.n; i++) {
		const sp_tsconfig *t = &r->tsconfigs.v[i];
		size_t n = strlen(t->dir);
		bool under = n == 0 || (!strncmp(path, t->dir, n) && path[n] == '/');
		if (under && (!best || n > best_len))
			best = t, best_len = n;
	}
	return best;
}

static const char *js_aliases(const sp_resolver *r, sp_dep *d, const char *path, const char *spec)
{
	const sp_tsconfig *t = tsconfig_for(r, path);
	if (!t)
		return NULL;
	size_t sl = strlen(spec), bl = strlen(t->base);
	for (size_t i = 0; i < t->naliases; i++) {
		const char *pat = t->aliases[i].pattern;
		const char *star = strchr(pat, '*');
		size_t pl = strlen(pat);
		const char *mid = NULL;
		size_t midn = 0;
		if (!star) {
			if (strcmp(pat, spec))
				continue;
		} else {
			size_t pre = (size_t)(star - pat), suf = pl - pre - 1;
			if (sl < pre + suf || strncmp(spec, pat, pre) ||
			    memcmp(spec + sl - suf, star + 1, suf))
				continue;
			mid = spec + pre;
			midn = sl - pre - suf;
		}
		for (const char *const *tg = t->aliases[i].targets; *tg; tg++) {
			sp_buf_reset(&d->probe);
			const char *ts = strchr(*tg, '*');
			if (ts && mid) {
				sp_buf_append(&d->probe, *tg, (size_t)(ts - *tg));
				sp_buf_append(&d->probe, mid, midn);
				sp_buf_puts(&d->probe, ts + 1);
			} else {
				sp_buf_puts(&d->probe, *tg);
			}
			if (d->probe.err)
				return NULL;
			const char *f = js_candidates(r, d, t->base, bl, d->probe.data, d->probe.len);
			if (f)
				return f;
		}
	}
	/* baseUrl alone makes non-relative specifiers relative to it */
	return bl || t->naliases ? js_candidates(r, d, t->base, bl, spec, sl) : NULL;
}

void sp_resolve_js(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d)
{
	const char *m = im->module;
	size_t n = strlen(m);
	if (m[0] == '.' || m[0] == '/') {
		const char *f = js_candidates(r, d, path, sp_path_dirlen(path), m, n);
		if (f)
			sp_dep_internal(d, f);
		else
			sp_dep_unresolved(d, "no such file in the repository");
		return;
	}
	if (!strncmp(m, "node:", 5)) {
		sp_dep_outside(d, "stdlib", n);
		return;
	}
	const char *f = js_aliases(r, d, path, m);
	if (f) {
		sp_dep_internal(d, f);
		return;
	}
	/* a package: "name" or "@scope/name", then an optional path inside it */
	size_t top = strcspn(m, "/");
	if (m[0] == '@' && m[top] == '/')
		top += 1 + strcspn(m + top + 1, "/");
	size_t first = strcspn(m, "/");
	if (sp_sorted_has(node_builtins, COUNT(node_builtins), m, first))
		sp_dep_outside(d, "stdlib", first);
	else
		sp_dep_outside(d, "external", top);
}

/* ---- Go ---- */

void sp_resolve_go(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d)
{
	(void)path;
	const char *m = im->module;
	size_t n = strlen(m);
	const sp_go_module *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < r->go_modules.n; i++) {
		const sp_go_module *g = &r->go_modules.v[i];
		size_t gl = strlen(g->path);
		if (gl <= n && !memcmp(m, g->path, gl) && (m[gl] == '\0' || m[gl] == '/') &&
		    (!best || gl > best_len))
			best = g, best_len = gl;
	}
	if (best) {
		const char *rest = m + best_len + (m[best_len] == '/');
		if (!sp_path_join(&d->tmp, best->dir, strlen(best->dir), rest, strlen(rest)))
			return;
		int64_t idx;
		if (sp_strmap_get(&r->dirs, d->tmp.data, d->tmp.len, &idx)) {
			/* a package is its directory */
			sp_dep_internal(d, sp_strmap_key(&r->dirs, d->tmp.data, d->tmp.len));
			d->package = d->module.data;
			d->package_len = best_len;
		} else {
			sp_dep_unresolved(d, "no such package directory in the module");
		}
		return;
	}
	/* the standard library's import paths have no dot in their first element */
	size_t first = strcspn(m, "/");
	if (!memchr(m, '.', first)) {
		sp_dep_outside(d, "stdlib", first);
		return;
	}
	/* host/owner/repo is the usual module root */
	size_t end = 0;
	for (int seg = 0; seg < 3 && end < n; seg++)
		end += strcspn(m + end, "/") + (seg < 2 && m[end + strcspn(m + end, "/")] == '/');
	while (end > 0 && m[end - 1] == '/')
		end--;
	sp_dep_outside(d, "external", end);
}

/* ---- Java ---- */

void sp_resolve_java(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d)
{
	(void)path;
	const char *m = im->module;
	size_t n = strlen(m);
	int64_t idx;
	if (im->name && !strcmp(im->name, "*")) {
		/* a package (or, for static imports, a type's members) */
		if (sp_strmap_get(&r->java_packages, m, n, &idx)) {
			const char *f = r->paths_v.v[idx];
			sp_dep_internal(d, sp_strmap_key(&r->dirs, f, sp_path_dirlen(f)));
			return;
		}
	}
	/* the longest prefix that names a type: a.b.C, a.b.C.Inner, a.b.C.staticMember */
	for (size_t l = n; l > 0;) {
		if (sp_strmap_get(&r->java_types, m, l, &idx) && memchr(m, '.', l)) {
			sp_dep_internal(d, r->paths_v.v[idx]);
			return;
		}
		l = sp_parent_len(m, l, '.');
	}
	size_t first = strcspn(m, ".");
	bool std = (first == 4 && !memcmp(m, "java", 4)) || (first == 5 && !memcmp(m, "javax", 5)) ||
		   (first == 3 && !memcmp(m, "jdk", 3)) || (first == 3 && !memcmp(m, "sun", 3));
	/* a package is named by its first two elements (org.apache, com.google) */
	size_t pkg = first;
	if (m[pkg] == '.')
		pkg += 1 + strcspn(m + pkg + 1, ".");
	sp_dep_outside(d, std ? "stdlib" : "external", std ? first : pkg);
}
