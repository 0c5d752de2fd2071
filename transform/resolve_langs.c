/* transform/resolve_langs.c: the dependency rules of JavaScript/TypeScript, Go, Rust and Java
   (C, C++ and Ruby: resolve_native.c); the rules themselves are documented in schema/README.md
   ("Dependency resolution"). */
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

/* ---- Rust ---- */

static const char *const rust_std[] = {"alloc", "core", "proc_macro", "std", "test"};

/* The directory holding the children of the module that file path defines: a file named
   main.rs, lib.rs or mod.rs defines the module of its directory; any other x.rs the module x
   whose children live in x/. *parent_len gets the same for the parent module. */
static size_t rust_children_dir(const char *path, sp_buf *out, size_t *parent_len)
{
	size_t dlen = sp_path_dirlen(path);
	const char *base = path + dlen + (dlen > 0);
	sp_buf_reset(out);
	sp_buf_append(out, path, dlen);
	if (!strcmp(base, "main.rs") || !strcmp(base, "lib.rs") || !strcmp(base, "mod.rs")) {
		*parent_len = sp_parent_len(path, dlen, '/');
	} else {
		*parent_len = dlen;
		size_t bl = strlen(base);
		if (bl > 3 && !strcmp(base + bl - 3, ".rs")) {
			if (out->len)
				sp_buf_putc(out, '/');
			sp_buf_append(out, base, bl - 3);
		}
	}
	sp_buf_putc(out, '\0');
	out->len--;
	return out->len;
}

/* The module file for dir/segs (segs '/'-separated): dir/segs.rs or dir/segs/mod.rs. */
static const char *rust_module_file(const sp_resolver *r, sp_dep *d, const char *dir, size_t dlen,
				    const char *segs, size_t n)
{
	static const char *const suffixes[] = {".rs", "/mod.rs", NULL};
	return sp_dep_try_suffixes(r, d, dir, dlen, segs, n, suffixes);
}

/* The file that defines the module whose children live in dir (dir.rs, dir/mod.rs, lib.rs...). */
static const char *rust_dir_module(const sp_resolver *r, sp_dep *d, const char *dir, size_t dlen)
{
	static const char *const roots[] = {"/lib.rs", "/main.rs", "/mod.rs", NULL};
	static const char *const top[] = {"lib.rs", "main.rs", "mod.rs", NULL};
	if (!dlen)
		return sp_dep_try_suffixes(r, d, "", 0, "", 0, top);
	const char *f = sp_dep_try_suffixes(r, d, dir, dlen, "", 0, roots);
	if (!f) {
		static const char *const file[] = {".rs", NULL};
		f = sp_dep_try_suffixes(r, d, dir, dlen, "", 0, file);
	}
	return f;
}

/* Resolves the segments left after the anchor (crate/self/super, or the module itself): the
   longest prefix that is a module file wins; none: the anchor module's own file. */
static void rust_walk(const sp_resolver *r, sp_dep *d, const char *dir, size_t dlen, const char *rest)
{
	sp_buf segs;
	sp_buf_init(&segs);
	for (const char *p = rest; *p;) {
		if (p[0] == ':' && p[1] == ':') {
			sp_buf_putc(&segs, '/');
			p += 2;
		} else {
			sp_buf_putc(&segs, *p++);
		}
	}
	const char *found = NULL;
	for (size_t n = segs.len; n > 0 && !found && !segs.err;) {
		found = rust_module_file(r, d, dir, dlen, segs.data, n);
		n = sp_parent_len(segs.data, n, '/');
	}
	if (!found)
		found = rust_dir_module(r, d, dir, dlen);
	sp_buf_release(&segs);
	if (found)
		sp_dep_internal(d, found);
	else
		sp_dep_unresolved(d, "no such module file in the crate");
}

void sp_resolve_rust(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d)
{
	sp_buf dir;
	sp_buf_init(&dir);
	size_t parent_len;
	rust_children_dir(path, &dir, &parent_len);
	if (dir.err)
		goto out;
	const char *m = im->module;
	if (!strcmp(im->kind, "mod")) {
		const char *f = rust_module_file(r, d, dir.data, dir.len, m, strlen(m));
		if (f)
			sp_dep_internal(d, f);
		else
			sp_dep_unresolved(d, "no file for the module declaration");
		goto out;
	}
	/* use paths: module "a::b" with name "c" means a::b::c */
	if (im->name && *im->name && strcmp(im->name, "*") && strcmp(im->name, "self")) {
		sp_buf_puts(&d->module, *m ? "::" : "");
		sp_buf_puts(&d->module, im->name);
	}
	const char *full = d->module.data ? d->module.data : "";
	if (full[0] == ':' && full[1] == ':')
		full += 2;
	size_t first = strcspn(full, ":");
	const char *rest = full + first + (full[first] ? 2 : 0);
	if (first == 5 && !memcmp(full, "crate", 5)) {
		/* the crate root: the nearest ancestor directory with lib.rs or main.rs */
		size_t dl = sp_path_dirlen(path);
		for (;;) {
			static const char *const roots[] = {"/lib.rs", "/main.rs", NULL};
			static const char *const top[] = {"lib.rs", "main.rs", NULL};
			const char *root = dl ? sp_dep_try_suffixes(r, d, path, dl, "", 0, roots)
					      : sp_dep_try_suffixes(r, d, "", 0, "", 0, top);
			if (root || !dl)
				break;
			dl = sp_parent_len(path, dl, '/');
		}
		rust_walk(r, d, path, dl, rest);
	} else if (first == 4 && !memcmp(full, "self", 4)) {
		rust_walk(r, d, dir.data, dir.len, rest);
	} else if (first == 5 && !memcmp(full, "super", 5)) {
		rust_walk(r, d, path, parent_len, rest);
	} else if (rust_module_file(r, d, dir.data, dir.len, full, first)) {
		/* a child module of the current one, named without self:: */
		rust_walk(r, d, dir.data, dir.len, full);
	} else if (sp_sorted_has(rust_std, COUNT(rust_std), full, first)) {
		d->package = full;
		d->package_len = first;
		d->kind = "stdlib";
	} else {
		d->package = full;
		d->package_len = first;
		d->kind = "external";
	}
out:
	sp_buf_release(&dir);
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
