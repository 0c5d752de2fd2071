/* transform/resolve.c: import resolution for one snapshot. Each import becomes a dependency on a
   file of the repository, or an external/stdlib module, or unresolved with a reason. This file
   holds the resolver, the rule table and Python's rule; resolve_langs.c the other languages. */
#include <stdlib.h>
#include <string.h>

#include "python_stdlib.h"
#include "resolve_p.h"

#include "banned.h"

typedef sp_dep dep;

static bool ends_with(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && !memcmp(s + n - k, suf, k);
}

/* Module name of a Python path: climb while the directory is a package (has __init__.py). */
static int module_name(const sp_resolver *r, const char *path, sp_buf *out)
{
	size_t n = strlen(path);
	size_t stem;
	if (ends_with(path, n, ".py"))
		stem = n - 3;
	else if (ends_with(path, n, ".pyi") || ends_with(path, n, ".pyw"))
		stem = n - 4;
	else
		return 1;
	sp_buf_reset(out);
	sp_buf_append(out, path, stem);
	if (out->err)
		return SP_ENOMEM;
	char *s = out->data;
	size_t len = stem;
	/* "pkg/__init__" names the package itself */
	if (len >= 9 && !memcmp(s + len - 8, "__init__", 8) && (len == 8 || s[len - 9] == '/')) {
		if (len == 8)
			return 1; /* top-level __init__.py is no importable module */
		len -= 9;
	}
	/* find the top-most package directory */
	size_t start = 0;
	size_t cut = len;
	sp_buf probe;
	sp_buf_init(&probe);
	for (;;) {
		while (cut > 0 && s[cut - 1] != '/')
			cut--;
		if (cut == 0)
			break;
		/* directory s[0..cut-1) is a package when it holds __init__.py */
		sp_buf_reset(&probe);
		sp_buf_append(&probe, s, cut);
		sp_buf_puts(&probe, "__init__.py");
		if (probe.err || !sp_strmap_get(&r->paths, probe.data, probe.len, NULL))
			break;
		cut--; /* step over the '/' and continue with the parent directory */
	}
	sp_buf_release(&probe);
	start = cut;
	memmove(s, s + start, len - start);
	len -= start;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '/')
			s[i] = '.';
	out->len = len;
	s[len] = '\0';
	return 0;
}

size_t sp_parent_len(const char *s, size_t len, char sep)
{
	while (len > 0 && s[len - 1] != sep)
		len--;
	return len ? len - 1 : 0;
}

size_t sp_path_dirlen(const char *path)
{
	return sp_parent_len(path, strlen(path), '/');
}

/* Java: a type a.b.C lives in .../a/b/C.java and package a.b in .../a/b. The source root (src/,
   src/main/java/...) is unknown, so every dotted suffix of the path is a candidate name; the
   first path in sort order wins a name. */
static int java_names(sp_resolver *r, const char *path, size_t len, int64_t idx)
{
	sp_buf name;
	sp_buf_init(&name);
	size_t end = len - 5; /* without ".java" */
	int rc = 0;
	for (size_t start = end; !rc;) {
		while (start > 0 && path[start - 1] != '/')
			start--;
		sp_buf_reset(&name);
		for (size_t k = start; k < end; k++)
			sp_buf_putc(&name, path[k] == '/' ? '.' : path[k]);
		if (name.err) {
			rc = SP_ENOMEM;
			break;
		}
		rc = sp_strmap_add(&r->java_types, name.data, name.len, idx);
		/* the package: the same name without its last segment */
		size_t pkg = sp_parent_len(name.data, name.len, '.');
		if (!rc && pkg)
			rc = sp_strmap_add(&r->java_packages, name.data, pkg, idx);
		if (start == 0)
			break;
		start--;
	}
	sp_buf_release(&name);
	return rc;
}

const char *sp_resolver_file(const sp_resolver *r, const char *p, size_t n)
{
	int64_t idx;
	return sp_strmap_get(&r->paths, p, n, &idx) ? r->paths_v.v[idx] : NULL;
}

bool sp_resolver_dir(const sp_resolver *r, const char *p, size_t n)
{
	return sp_strmap_get(&r->dirs, p, n, NULL);
}

bool sp_sorted_has(const char *const *list, size_t count, const char *name, size_t n)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(list[mid], name, n);
		if (c == 0 && list[mid][n] != '\0')
			c = 1;
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool sp_path_join(sp_buf *out, const char *dir, size_t dlen, const char *rel, size_t rlen)
{
	sp_buf_reset(out);
	if (rlen && rel[0] == '/') /* rooted at the repository */
		dlen = 0, rel++, rlen--;
	sp_buf_append(out, dir, dlen);
	size_t i = 0;
	while (i < rlen) {
		size_t e = i;
		while (e < rlen && rel[e] != '/')
			e++;
		size_t sl = e - i;
		if (sl == 0 || (sl == 1 && rel[i] == '.')) {
			/* nothing */
		} else if (sl == 2 && rel[i] == '.' && rel[i + 1] == '.') {
			if (!out->len)
				return false;
			out->len = sp_parent_len(out->data, out->len, '/');
		} else {
			if (out->len)
				sp_buf_putc(out, '/');
			sp_buf_append(out, rel + i, sl);
		}
		i = e + 1;
	}
	sp_buf_putc(out, '\0');
	out->len--;
	return !out->err;
}

static size_t depth(const char *p)
{
	size_t n = 1;
	for (; *p; p++)
		n += *p == '/';
	return n;
}

static int cmp_lib_dirs(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t dx = depth(x), dy = depth(y);
	return dx != dy ? (dx > dy) - (dx < dy) : strcmp(x, y);
}

/* Ruby's load path in a repository: every directory named lib (gem monorepos have several). */
static int ruby_lib_dirs(sp_resolver *r)
{
	for (size_t i = 0; i < r->dirs.cap; i++) {
		const char *k = sp_strmap_slot_key(&r->dirs, i);
		size_t n = k ? strlen(k) : 0;
		if (n >= 3 && !strcmp(k + n - 3, "lib") && (n == 3 || k[n - 4] == '/') &&
		    sp_array_push(&r->ruby_libs, k))
			return SP_ENOMEM;
	}
	if (r->ruby_libs.n)
		qsort(r->ruby_libs.v, r->ruby_libs.n, sizeof *r->ruby_libs.v, cmp_lib_dirs);
	return 0;
}

int sp_resolver_new(const char *const *paths, size_t n, sp_resolver **out)
{
	sp_resolver *r = calloc(1, sizeof *r);
	*out = r;
	if (!r)
		return SP_ENOMEM;
	sp_strmap_init(&r->paths);
	sp_strmap_init(&r->modules);
	sp_strmap_init(&r->dirs);
	sp_strmap_init(&r->java_types);
	sp_strmap_init(&r->java_packages);
	sp_strmap_init(&r->js_mains);
	sp_strmap_init(&r->by_base);
	sp_arena_init(&r->strings);
	for (size_t i = 0; i < n; i++) {
		if (sp_strmap_put(&r->paths, paths[i], strlen(paths[i]), (int64_t)i) ||
		    sp_array_push(&r->paths_v, sp_strmap_key(&r->paths, paths[i], strlen(paths[i]))))
			return SP_ENOMEM;
		for (size_t d = sp_path_dirlen(paths[i]);; d = sp_parent_len(paths[i], d, '/')) {
			if (sp_strmap_get(&r->dirs, paths[i], d, NULL))
				break;
			if (sp_strmap_put(&r->dirs, paths[i], d, (int64_t)i))
				return SP_ENOMEM;
			if (!d)
				break;
		}
		size_t len = strlen(paths[i]);
		if (ends_with(paths[i], len, ".java") && java_names(r, paths[i], len, (int64_t)i))
			return SP_ENOMEM;
		const char *base = paths[i] + sp_path_dirlen(paths[i]);
		base += *base == '/';
		int64_t prev = 0;
		sp_strmap_get(&r->by_base, base, strlen(base), &prev);
		if (sp_array_push(&r->base_next, prev) ||
		    sp_strmap_put(&r->by_base, base, strlen(base), (int64_t)i + 1))
			return SP_ENOMEM;
	}
	if (ruby_lib_dirs(r))
		return SP_ENOMEM;
	sp_buf mod;
	sp_buf_init(&mod);
	int rc = 0;
	/* .py before .pyi: a stub never hides its implementation (paths arrive sorted, so on a name
	   clash the first path in sort order wins, deterministically) */
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (size_t i = 0; i < n && !rc; i++) {
			size_t len = strlen(paths[i]);
			if (ends_with(paths[i], len, ".pyi") != (pass == 1))
				continue;
			int m = module_name(r, paths[i], &mod);
			if (m < 0)
				rc = m;
			else if (m == 0)
				rc = sp_strmap_add(&r->modules, mod.data, mod.len, (int64_t)i);
		}
	sp_buf_release(&mod);
	return rc;
}

const char *sp_resolver_unique_suffix(const sp_resolver *r, const char *m, size_t n, size_t *count)
{
	size_t b = n;
	while (b && m[b - 1] != '/')
		b--;
	const char *found = NULL;
	*count = 0;
	int64_t k = 0;
	if (b == n || !sp_strmap_get(&r->by_base, m + b, n - b, &k))
		return NULL;
	for (; k && *count < 2; k = r->base_next.v[k - 1]) {
		const char *p = r->paths_v.v[k - 1];
		size_t len = strlen(p);
		if (len < n || memcmp(p + len - n, m, n) || (len > n && p[len - n - 1] != '/'))
			continue;
		found = p;
		++*count;
	}
	return *count == 1 ? found : NULL;
}

void sp_resolver_free(sp_resolver *r)
{
	if (!r)
		return;
	sp_strmap_release(&r->paths);
	sp_strmap_release(&r->modules);
	sp_strmap_release(&r->dirs);
	sp_strmap_release(&r->java_types);
	sp_strmap_release(&r->java_packages);
	sp_strmap_release(&r->js_mains);
	sp_strmap_release(&r->by_base);
	sp_array_release(&r->base_next);
	sp_array_release(&r->js_main_v);
	sp_array_release(&r->paths_v);
	for (size_t i = 0; i < r->tsconfigs.n; i++)
		free(r->tsconfigs.v[i].aliases);
	sp_array_release(&r->go_modules);
	sp_array_release(&r->tsconfigs);
	sp_array_release(&r->include_dirs);
	sp_array_release(&r->build_include_dirs);
	sp_array_release(&r->ruby_libs);
	sp_arena_release(&r->strings);
	free(r);
}

static bool is_stdlib(const char *top, size_t n)
{
	return sp_sorted_has(sp_python_stdlib, sizeof sp_python_stdlib / sizeof sp_python_stdlib[0], top,
			     n);
}

/* Tries dir/rel as a module file or package (dir itself when rel is ""); sets target_path. */
static bool try_file(const sp_resolver *r, sp_buf *probe, const char *dir, size_t dlen, const char *rel,
		     dep *d)
{
	static const char *const with_rel[] = {".py", "/__init__.py", ".pyi", "/__init__.pyi"};
	static const char *const bare[] = {"__init__.py", "__init__.pyi"};
	const char *const *suffix = *rel ? with_rel : bare;
	size_t nsuffix = *rel ? 4 : 2;
	for (size_t s = 0; s < nsuffix; s++) {
		sp_buf_reset(probe);
		sp_buf_append(probe, dir, dlen);
		if (dlen)
			sp_buf_putc(probe, '/');
		for (const char *c = rel; *c; c++)
			sp_buf_putc(probe, *c == '.' ? '/' : *c);
		sp_buf_puts(probe, suffix[s]);
		int64_t idx;
		if (!probe->err && sp_strmap_get(&r->paths, probe->data, probe->len, &idx)) {
			d->target_path = r->paths_v.v[idx];
			return true;
		}
	}
	return false;
}

static void resolve_relative(const sp_resolver *r, const char *path, const sp_import_row *im, dep *d)
{
	sp_buf *probe = &d->probe;
	/* level 1 is the importing file's own directory; each further level one directory up */
	size_t dlen = strlen(path);
	for (int32_t up = 0; up < im->level; up++) {
		dlen = sp_parent_len(path, dlen, '/');
		if (dlen == 0 && up < im->level - 1) {
			d->kind = "unresolved";
			d->reason = "relative import beyond the top of the repository";
			return;
		}
	}
	d->kind = "internal";
	if (im->name && *im->module) {
		sp_buf rel;
		sp_buf_init(&rel);
		sp_buf_printf(&rel, "%s.%s", im->module, im->name);
		bool ok = !rel.err && try_file(r, probe, path, dlen, rel.data, d);
		sp_buf_release(&rel);
		if (ok) {
			sp_buf_putc(&d->module, '.');
			sp_buf_puts(&d->module, im->name);
			return;
		}
	} else if (im->name && !*im->module && try_file(r, probe, path, dlen, im->name, d)) {
		sp_buf_puts(&d->module, im->name);
		return;
	}
	if (try_file(r, probe, path, dlen, im->module, d))
		return;
	d->kind = "unresolved";
	d->reason = "no such module in the repository";
}

static void resolve_python(const sp_resolver *r, const char *path, const sp_import_row *im, dep *d);

static void resolve_absolute(const sp_resolver *r, const sp_import_row *im, dep *d)
{
	const char *m = d->module.data;
	size_t len = d->module.len;
	int64_t idx;
	/* "from a.b import c" may import the submodule a.b.c: the module index decides */
	if (im->name) {
		sp_buf_putc(&d->module, '.');
		sp_buf_puts(&d->module, im->name);
		m = d->module.data;
		if (!d->module.err && sp_strmap_get(&r->modules, m, d->module.len, &idx)) {
			d->kind = "internal";
			d->target_path = r->paths_v.v[idx];
			return;
		}
		d->module.len = len;
		d->module.data[len] = '\0';
	}
	/* "import a.b.c": the longest prefix that is a module of the repository. A plain module
	   there means the rest names something inside it ("os.path" in os.py); a package there
	   means a submodule the repository lacks: unresolved, not silently the package. */
	for (size_t l = len; l > 0;) {
		if (sp_strmap_get(&r->modules, m, l, &idx)) {
			const char *path = r->paths_v.v[idx];
			size_t pl = strlen(path);
			if (l < len && (ends_with(path, pl, "__init__.py") ||
					ends_with(path, pl, "__init__.pyi"))) {
				d->kind = "unresolved";
				d->reason = "no such submodule in the repository's package";
				return;
			}
			d->kind = "internal";
			d->target_path = path;
			return;
		}
		l = sp_parent_len(m, l, '.');
	}
	size_t top = strcspn(m, ".");
	d->package = m;
	d->package_len = top;
	d->kind = is_stdlib(m, top) ? "stdlib" : "external";
}

static void resolve_python(const sp_resolver *r, const char *path, const sp_import_row *im, dep *d)
{
	if (im->level > 0)
		resolve_relative(r, path, im, d);
	else
		resolve_absolute(r, im, d);
}

/* The rule of each language row's `resolver`, by name. */
static const struct {
	const char *name;
	sp_resolve_fn fn;
} rules[] = {
	{"c", sp_resolve_c},       {"go", sp_resolve_go},      {"java", sp_resolve_java},
	{"js", sp_resolve_js},     {"python", resolve_python}, {"ruby", sp_resolve_ruby},
	{"rust", sp_resolve_rust},
};

int64_t sp_path_set(const char *const *paths, size_t n)
{
	sp_buf all;
	sp_buf_init(&all);
	for (size_t i = 0; i < n; i++)
		sp_buf_append(&all, paths[i], strlen(paths[i]) + 1);
	int64_t id = (int64_t)sp_hash64(all.data ? all.data : "", all.len);
	sp_buf_release(&all);
	return id;
}

int sp_transform_dependencies(sp_transformer *t, sp_batch *b, const sp_resolver *r,
			      const sp_language *lang, int64_t repository_id, int64_t path_set,
			      const char *path, int64_t blob_id, const sp_import_row *imports, size_t n)
{
	(void)t;
	sp_resolve_fn fn = NULL;
	const char *want = sp_language_resolver(lang);
	for (size_t i = 0; want && i < sizeof rules / sizeof rules[0]; i++)
		if (!strcmp(rules[i].name, want))
			fn = rules[i].fn;
	dep d;
	sp_buf_init(&d.module);
	sp_buf_init(&d.probe);
	sp_buf_init(&d.tmp);
	d.file_imports = imports;
	d.file_nimports = n;
	for (size_t i = 0; i < n; i++) {
		const sp_import_row *im = &imports[i];
		d.kind = NULL;
		d.target_path = d.reason = d.package = NULL;
		d.package_len = 0;
		sp_buf_reset(&d.module);
		for (int32_t l = 0; l < im->level; l++)
			sp_buf_putc(&d.module, '.');
		sp_buf_puts(&d.module, im->module);
		if (fn) {
			fn(r, path, im, &d);
		} else {
			d.kind = "unresolved";
			d.reason = "no dependency rule for the language";
		}
		if (d.module.err || d.probe.err || d.tmp.err)
			break;
		sp_table_id tb = SP_TBL_DEPENDENCIES;
		sp_batch_int(b, tb, repository_id);
		sp_batch_int(b, tb, path_set);
		sp_batch_cstr(b, tb, path);
		sp_batch_int(b, tb, blob_id);
		sp_batch_int(b, tb, im->import_id);
		sp_batch_cstr(b, tb, d.kind);
		sp_batch_cstr(b, tb, d.target_path);
		sp_batch_text(b, tb, d.module.data ? d.module.data : "", d.module.len);
		if (d.package)
			sp_batch_text(b, tb, d.package, d.package_len);
		else
			sp_batch_null(b, tb);
		sp_batch_cstr(b, tb, d.reason);
		sp_batch_end_row(b, tb);
	}
	int rc = d.module.err  ? d.module.err
		 : d.probe.err ? d.probe.err
		 : d.tmp.err   ? d.tmp.err
			       : b->err;
	sp_buf_release(&d.module);
	sp_buf_release(&d.probe);
	sp_buf_release(&d.tmp);
	return rc;
}
