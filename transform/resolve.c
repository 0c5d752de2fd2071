/* transform/resolve.c: Python import resolution for one snapshot. Each import becomes a
   dependency on a file of the repository, or an external/stdlib module, or unresolved with a reason. */
#include <stdlib.h>
#include <string.h>

#include "sp_transform.h"
#include "python_stdlib.h"

#include "banned.h"

struct sp_resolver {
	sp_strmap paths; /* every path of the snapshot -> index */
	sp_strmap modules; /* dotted module name -> index into paths_v */
	sp_array(const char *) paths_v;
};

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

int sp_resolver_new(const char *const *paths, size_t n, sp_resolver **out)
{
	sp_resolver *r = calloc(1, sizeof *r);
	*out = r;
	if (!r)
		return SP_ENOMEM;
	sp_strmap_init(&r->paths);
	sp_strmap_init(&r->modules);
	for (size_t i = 0; i < n; i++) {
		if (sp_strmap_put(&r->paths, paths[i], strlen(paths[i]), (int64_t)i) ||
		    sp_array_push(&r->paths_v, sp_strmap_key(&r->paths, paths[i], strlen(paths[i]))))
			return SP_ENOMEM;
	}
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

void sp_resolver_free(sp_resolver *r)
{
	if (!r)
		return;
	sp_strmap_release(&r->paths);
	sp_strmap_release(&r->modules);
	sp_array_release(&r->paths_v);
	free(r);
}

static bool is_stdlib(const char *top, size_t n)
{
	size_t lo = 0, hi = sizeof sp_python_stdlib / sizeof sp_python_stdlib[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(sp_python_stdlib[mid], top, n);
		if (c == 0 && sp_python_stdlib[mid][n] != '\0')
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

typedef struct dep {
	const char *kind;
	const char *target_path;
	sp_buf module;
	const char *package; /* points into module or is NULL */
	size_t package_len;
	const char *reason;
} dep;

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

static void resolve_relative(const sp_resolver *r, const char *path, const sp_import_row *im, dep *d,
			     sp_buf *probe)
{
	/* level 1 is the importing file's own directory; each further level one directory up */
	size_t dlen = strlen(path);
	for (int32_t up = 0; up < im->level; up++) {
		while (dlen > 0 && path[dlen - 1] != '/')
			dlen--;
		if (dlen == 0 && up < im->level - 1) {
			d->kind = "unresolved";
			d->reason = "relative import beyond the top of the repository";
			return;
		}
		if (dlen > 0)
			dlen--; /* drop the '/' */
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
		while (l > 0 && m[l - 1] != '.')
			l--;
		if (l > 0)
			l--;
	}
	size_t top = strcspn(m, ".");
	d->package = m;
	d->package_len = top;
	d->kind = is_stdlib(m, top) ? "stdlib" : "external";
}

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
			      int64_t repository_id, int64_t path_set, const char *path, int64_t blob_id,
			      const sp_import_row *imports, size_t n)
{
	(void)t;
	sp_buf probe;
	sp_buf_init(&probe);
	dep d;
	sp_buf_init(&d.module);
	for (size_t i = 0; i < n; i++) {
		const sp_import_row *im = &imports[i];
		d.kind = NULL;
		d.target_path = d.reason = d.package = NULL;
		d.package_len = 0;
		sp_buf_reset(&d.module);
		for (int32_t l = 0; l < im->level; l++)
			sp_buf_putc(&d.module, '.');
		sp_buf_puts(&d.module, im->module);
		if (im->level > 0)
			resolve_relative(r, path, im, &d, &probe);
		else
			resolve_absolute(r, im, &d);
		if (d.module.err || probe.err)
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
	int rc = d.module.err ? d.module.err : probe.err ? probe.err : b->err;
	sp_buf_release(&d.module);
	sp_buf_release(&probe);
	return rc;
}
