/* transform/resolve_rust.c: the dependency rules of Rust (mod declarations and use paths against
   the crate's module files); the rules themselves are documented in schema/README.md. */
#include <string.h>

#include "resolve_p.h"

#include "banned.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const rust_std[] = {"alloc", "core", "proc_macro", "std", "test"};

/* Whether the first n bytes of path hold a directory named src. */
static bool under_src(const char *path, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (!memcmp(path + i, "src", 3) && (i == 0 || path[i - 1] == '/') &&
		    (i + 3 == n || path[i + 3] == '/'))
			return true;
	return false;
}

/* Whether path is a crate root by Cargo's layout: build.rs, or a file directly in src/bin/ or in
   a package's tests/, examples/ or benches/ (not below a src/ directory, where tests/ is a
   module); each is a crate of its own, as lib.rs and main.rs are roots by their names. Its child
   modules live next to it, not in a directory named after it. */
static bool rust_cargo_root(const char *path)
{
	static const char *const dirs[] = {"benches", "examples", "tests"};
	size_t dlen = sp_path_dirlen(path);
	const char *base = path + dlen + (dlen > 0);
	if (!strcmp(base, "build.rs"))
		return true;
	if (!dlen)
		return false;
	size_t pl = sp_parent_len(path, dlen, '/');
	const char *last = path + pl + (pl > 0);
	size_t ll = dlen - (size_t)(last - path);
	if (ll == 3 && !memcmp(last, "bin", 3))
		return pl >= 3 && !memcmp(path + pl - 3, "src", 3) && (pl == 3 || path[pl - 4] == '/');
	return sp_sorted_has(dirs, COUNT(dirs), last, ll) && !under_src(path, pl);
}

/* Whether path is a crate root: lib.rs, main.rs or a root by Cargo's layout. */
static bool rust_crate_root(const char *path)
{
	size_t dlen = sp_path_dirlen(path);
	const char *base = path + dlen + (dlen > 0);
	return !strcmp(base, "lib.rs") || !strcmp(base, "main.rs") || rust_cargo_root(path);
}

/* The directory holding the children of the module that file path defines: a file named
   main.rs, lib.rs or mod.rs, or a Cargo crate root, defines the module of its directory; any
   other x.rs the module x whose children live in x/. *parent_len gets the same for the parent
   module. */
static size_t rust_children_dir(const char *path, sp_buf *out, size_t *parent_len)
{
	size_t dlen = sp_path_dirlen(path);
	const char *base = path + dlen + (dlen > 0);
	sp_buf_reset(out);
	sp_buf_append(out, path, dlen);
	if (!strcmp(base, "main.rs") || !strcmp(base, "lib.rs") || !strcmp(base, "mod.rs") ||
	    rust_cargo_root(path)) {
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
   longest prefix that is a module file wins; none: the anchor module's own file (self_file when
   the anchor is a Cargo crate root, which no directory names). */
static void rust_walk(const sp_resolver *r, sp_dep *d, const char *dir, size_t dlen, const char *rest,
		      const char *self_file)
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
		found = self_file ? self_file : rust_dir_module(r, d, dir, dlen);
	sp_buf_release(&segs);
	if (found)
		sp_dep_internal(d, found);
	else
		sp_dep_unresolved(d, "no such module file in the crate");
}

/* The name a `use` row brings into scope: its name, else (`use a::b;`, `use a::{self}`) the last
   element of its module; NULL for a glob or a nested path. */
static const char *rust_use_binds(const sp_import_row *o, size_t *n)
{
	const char *b = o->name && *o->name && strcmp(o->name, "self") ? o->name : o->module;
	if (!strcmp(b, "*") || (b == o->name && strstr(b, "::")))
		return NULL;
	const char *last = b;
	for (const char *p = strstr(b, "::"); p; p = strstr(p + 2, "::"))
		last = p + 2;
	*n = strlen(last);
	return *n ? last : NULL;
}

/* Another `use` of the file that brings name[0..n) into scope (`use a::b::Token;` for
   `use Token::*`), or NULL. */
static const sp_import_row *rust_imported(const sp_dep *d, const sp_import_row *im, const char *name,
					  size_t n)
{
	for (size_t i = 0; i < d->file_nimports; i++) {
		const sp_import_row *o = &d->file_imports[i];
		size_t bn;
		const char *b;
		if (o == im || strcmp(o->kind, "use") || !(b = rust_use_binds(o, &bn)))
			continue;
		if (bn == n && !memcmp(b, name, n))
			return o;
	}
	return NULL;
}

/* Where the module path full (a::b::c) of a `use` of file path leads. dir is the directory of the
   file's child modules, parent_len the length of its parent module's; expand: whether a first
   element that another `use` of the file imported may be replaced by that use's path. */
static void rust_use(const sp_resolver *r, const char *path, const sp_import_row *im, const char *full,
		     const char *dir, size_t dlen, size_t parent_len, bool expand, sp_dep *d)
{
	size_t first = strcspn(full, ":");
	const char *rest = full + first + (full[first] ? 2 : 0);
	const char *self_file = rust_cargo_root(path) ? path : NULL;
	const sp_import_row *o;
	if (first == 5 && !memcmp(full, "crate", 5)) {
		/* the crate root: the file itself when Cargo makes it one, else the nearest
		   ancestor directory with lib.rs or main.rs */
		size_t dl = sp_path_dirlen(path);
		for (; !self_file;) {
			static const char *const roots[] = {"/lib.rs", "/main.rs", NULL};
			static const char *const top[] = {"lib.rs", "main.rs", NULL};
			const char *root = dl ? sp_dep_try_suffixes(r, d, path, dl, "", 0, roots)
					      : sp_dep_try_suffixes(r, d, "", 0, "", 0, top);
			if (root || !dl)
				break;
			dl = sp_parent_len(path, dl, '/');
		}
		rust_walk(r, d, path, dl, rest, self_file);
	} else if (first == 4 && !memcmp(full, "self", 4)) {
		rust_walk(r, d, dir, dlen, rest, self_file);
	} else if (first == 5 && !memcmp(full, "super", 5)) {
		/* a crate root has no parent module: super there is written in an inline module
		   (`mod tests { use super::*; }`) and names the root file itself */
		if (rust_crate_root(path))
			rust_walk(r, d, dir, dlen, rest, path);
		else
			rust_walk(r, d, path, parent_len, rest, NULL);
	} else if (rust_module_file(r, d, dir, dlen, full, first)) {
		/* a child module of the current one, named without self:: */
		rust_walk(r, d, dir, dlen, full, self_file);
	} else if (sp_sorted_has(rust_std, COUNT(rust_std), full, first)) {
		sp_dep_outside(d, "stdlib", 0);
		d->package = full, d->package_len = first;
	} else if (expand && (o = rust_imported(d, im, full, first))) {
		/* `use a::Token; use Token::*;`: the path of the use that named it, then the rest */
		sp_buf_reset(&d->probe);
		sp_buf_puts(&d->probe, o->module);
		if (o->name && *o->name && strcmp(o->name, "self")) {
			sp_buf_puts(&d->probe, *o->module ? "::" : "");
			sp_buf_puts(&d->probe, o->name);
		}
		if (*rest) {
			sp_buf_puts(&d->probe, "::");
			sp_buf_puts(&d->probe, rest);
		}
		const char *x = d->probe.err ? "" : d->probe.data;
		rust_use(r, path, im, x + (x[0] == ':' && x[1] == ':' ? 2 : 0), dir, dlen, parent_len,
			 false, d);
	} else if (full[0] >= 'A' && full[0] <= 'Z') {
		/* crates are named in snake_case: `use Token::*` names an item in scope (an enum
		   defined in the file or brought in by a glob import), not a crate */
		sp_dep_internal(d, path);
	} else {
		sp_dep_outside(d, "external", 0);
		d->package = full, d->package_len = first;
	}
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
		if (!f && rust_cargo_root(path)) {
			/* a file of tests/ that is also a module of another test: x.rs's children in x/ */
			size_t dl = strlen(path) - 3;
			f = rust_module_file(r, d, path, dl, m, strlen(m));
		}
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
	rust_use(r, path, im, full, dir.data, dir.len, parent_len, true, d);
out:
	sp_buf_release(&dir);
}
