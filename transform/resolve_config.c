/* transform/resolve_config.c: the configuration files dependency rules read: go.mod's module path,
   tsconfig.json's (or jsconfig.json's) compilerOptions.baseUrl and paths, package.json's main,
   and C include dirs. */
#include <stdlib.h>
#include <string.h>

#include "resolve_p.h"

#include "banned.h"

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

bool sp_resolver_is_config(const char *path)
{
	const char *b = base_name(path);
	return !strcmp(b, "go.mod") || !strcmp(b, "tsconfig.json") || !strcmp(b, "jsconfig.json") ||
	       !strcmp(b, "package.json") || sp_build_is_config(b);
}

static char *dup(sp_resolver *r, const char *s, size_t n)
{
	return sp_arena_strndup(&r->strings, s, n);
}

/* go.mod: the argument of the `module` directive (quoted or not). */
static int read_go_mod(sp_resolver *r, const char *path, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (e - p > 7 && !memcmp(p, "module", 6) && (p[6] == ' ' || p[6] == '\t')) {
			p += 7;
			while (p < e && (*p == ' ' || *p == '\t' || *p == '"' || *p == '`'))
				p++;
			const char *q = p;
			while (q < e && !strchr(" \t\"`\r", *q) &&
			       !(q + 1 < e && q[0] == '/' && q[1] == '/'))
				q++;
			if (q == p)
				return 0;
			sp_go_module m = {dup(r, path, sp_path_dirlen(path)),
					  dup(r, p, (size_t)(q - p))};
			if (!m.dir || !m.path)
				return SP_ENOMEM;
			return sp_array_push(&r->go_modules, m);
		}
		p = e + 1;
	}
	return 0;
}

/* ---- a tolerant JSON reader for tsconfig (comments and trailing commas allowed) ---- */

void sp_json_ws(sp_jr *j)
{
	while (j->p < j->end) {
		char c = *j->p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':') {
			j->p++;
		} else if (c == '/' && j->p + 1 < j->end && j->p[1] == '/') {
			while (j->p < j->end && *j->p != '\n')
				j->p++;
		} else if (c == '/' && j->p + 1 < j->end && j->p[1] == '*') {
			j->p += 2;
			while (j->p + 1 < j->end && !(j->p[0] == '*' && j->p[1] == '/'))
				j->p++;
			j->p = j->p + 2 <= j->end ? j->p + 2 : j->end;
		} else {
			break;
		}
	}
}

/* A string at j->p: its raw body (escapes are kept; tsconfig paths do not need them). */
bool sp_json_str(sp_jr *j, const char **s, size_t *n)
{
	sp_json_ws(j);
	if (j->p >= j->end || *j->p != '"')
		return false;
	const char *a = ++j->p;
	while (j->p < j->end && *j->p != '"')
		j->p += *j->p == '\\' ? 2 : 1;
	if (j->p >= j->end) {
		j->bad = true;
		return false;
	}
	*s = a;
	*n = (size_t)(j->p - a);
	j->p++;
	return true;
}

/* Skips one value of any type. Iterative: a hostile tsconfig.json of a million '[' overflowed the
   stack of the recursive version (issue 9). */
void sp_json_skip(sp_jr *j)
{
	size_t depth = 0; /* containers open */
	do {
		sp_json_ws(j);
		if (j->p >= j->end || j->bad)
			return;
		const char *s;
		size_t n;
		if (*j->p == '"') {
			sp_json_str(j, &s, &n);
		} else if (*j->p == '{' || *j->p == '[') {
			j->p++;
			depth++;
		} else if (depth && (*j->p == '}' || *j->p == ']')) {
			j->p++;
			depth--;
		} else {
			const char *from = j->p;
			while (j->p < j->end && !strchr(",}] \t\r\n", *j->p))
				j->p++;
			if (depth && j->p == from)
				j->p++; /* cannot happen (skip_ws ate it); never loop without progress */
		}
	} while (depth);
}

bool sp_json_key_is(const char *s, size_t n, const char *k)
{
	return strlen(k) == n && !memcmp(s, k, n);
}

static int read_paths(sp_resolver *r, sp_jr *j, sp_tsconfig *tc)
{
	sp_json_ws(j);
	if (j->p >= j->end || *j->p != '{') {
		sp_json_skip(j);
		return 0;
	}
	j->p++;
	for (;;) {
		sp_json_ws(j);
		if (j->p >= j->end || j->bad)
			return 0;
		if (*j->p == '}') {
			j->p++;
			return 0;
		}
		const char *k;
		size_t kn;
		if (!sp_json_str(j, &k, &kn)) {
			j->bad = true;
			return 0;
		}
		sp_json_ws(j);
		if (j->p >= j->end || *j->p != '[') {
			sp_json_skip(j);
			continue;
		}
		j->p++;
		const char *targets[16];
		size_t nt = 0;
		for (;;) {
			sp_json_ws(j);
			if (j->p >= j->end || *j->p == ']') {
				j->p += j->p < j->end;
				break;
			}
			const char *v;
			size_t vn;
			if (!sp_json_str(j, &v, &vn)) {
				sp_json_skip(j);
				continue;
			}
			if (nt < 15 && !(targets[nt++] = dup(r, v, vn)))
				return SP_ENOMEM;
		}
		const char **tv = sp_arena_alloc(&r->strings, (nt + 1) * sizeof *tv);
		sp_ts_alias *na = realloc(tc->aliases, (tc->naliases + 1) * sizeof *na);
		if (!tv || !na)
			return SP_ENOMEM;
		memcpy(tv, targets, nt * sizeof *tv);
		tv[nt] = NULL;
		tc->aliases = na;
		tc->aliases[tc->naliases].pattern = dup(r, k, kn);
		tc->aliases[tc->naliases].targets = tv;
		if (!tc->aliases[tc->naliases].pattern)
			return SP_ENOMEM;
		tc->naliases++;
	}
}

/* compilerOptions.baseUrl and compilerOptions.paths of one tsconfig ("extends" is not followed). */
static int read_tsconfig(sp_resolver *r, const char *path, const char *data, size_t len)
{
	sp_tsconfig tc = {0};
	size_t dlen = sp_path_dirlen(path);
	tc.dir = dup(r, path, dlen);
	if (!tc.dir)
		return SP_ENOMEM;
	sp_jr j = {data, data + len, false};
	const char *base = NULL;
	size_t base_n = 0;
	int rc = 0;
	sp_json_ws(&j);
	if (j.p < j.end && *j.p == '{') {
		j.p++;
		while (!rc && !j.bad) {
			sp_json_ws(&j);
			if (j.p >= j.end || *j.p == '}')
				break;
			const char *k;
			size_t kn;
			if (!sp_json_str(&j, &k, &kn))
				break;
			if (!sp_json_key_is(k, kn, "compilerOptions")) {
				sp_json_skip(&j);
				continue;
			}
			sp_json_ws(&j);
			if (j.p >= j.end || *j.p != '{')
				break;
			j.p++;
			while (!rc && !j.bad) {
				sp_json_ws(&j);
				if (j.p >= j.end || *j.p == '}') {
					j.p += j.p < j.end;
					break;
				}
				if (!sp_json_str(&j, &k, &kn)) {
					j.bad = true;
					break;
				}
				if (sp_json_key_is(k, kn, "baseUrl")) {
					if (!sp_json_str(&j, &base, &base_n))
						sp_json_skip(&j);
				} else if (sp_json_key_is(k, kn, "paths")) {
					rc = read_paths(r, &j, &tc);
				} else {
					sp_json_skip(&j);
				}
			}
		}
	}
	if (!rc && base) {
		sp_buf b;
		sp_buf_init(&b);
		if (sp_path_join(&b, tc.dir, dlen, base, base_n))
			tc.base = dup(r, b.data, b.len);
		else
			tc.base = dup(r, "", 0);
		rc = b.err;
		sp_buf_release(&b);
		if (!rc && !tc.base)
			rc = SP_ENOMEM;
	}
	/* paths without baseUrl are relative to the tsconfig's own directory */
	if (!rc && !tc.base && tc.naliases && !(tc.base = dup(r, tc.dir, dlen)))
		rc = SP_ENOMEM;
	if (!rc && (tc.base || tc.naliases))
		rc = sp_array_push(&r->tsconfigs, tc);
	else
		free(tc.aliases);
	return rc;
}

/* package.json's top-level "main": what require() of its directory loads. */
static int read_package_json(sp_resolver *r, const char *path, const char *data, size_t len)
{
	sp_jr j = {data, data + len, false};
	sp_json_ws(&j);
	if (j.p >= j.end || *j.p != '{')
		return 0;
	j.p++;
	while (!j.bad) {
		sp_json_ws(&j);
		const char *k, *v;
		size_t kn, vn;
		if (j.p >= j.end || *j.p == '}' || !sp_json_str(&j, &k, &kn))
			return 0;
		if (!sp_json_key_is(k, kn, "main")) {
			sp_json_skip(&j);
			continue;
		}
		if (!sp_json_str(&j, &v, &vn) || !vn)
			return 0;
		size_t dlen = sp_path_dirlen(path);
		const char *main = dup(r, v, vn);
		if (!main)
			return SP_ENOMEM;
		int rc = sp_strmap_put(&r->js_mains, path, dlen, (int64_t)r->js_main_v.n);
		return rc ? rc : sp_array_push(&r->js_main_v, main);
	}
	return 0;
}

int sp_resolver_add_config(sp_resolver *r, const char *path, const char *data, size_t len)
{
	r->fingerprint = r->fingerprint * 31 + sp_hash64(path, strlen(path)) + sp_hash64(data, len);
	const char *b = base_name(path);
	if (!strcmp(b, "go.mod"))
		return read_go_mod(r, path, data, len);
	if (!strcmp(b, "tsconfig.json") || !strcmp(b, "jsconfig.json"))
		return read_tsconfig(r, path, data, len);
	if (!strcmp(b, "package.json"))
		return read_package_json(r, path, data, len);
	return sp_build_read(r, path, b, data, len);
}

int sp_resolver_add_include_dir(sp_resolver *r, const char *dir)
{
	sp_buf b;
	sp_buf_init(&b);
	bool ok = sp_path_join(&b, "", 0, dir, strlen(dir));
	const char *d = ok ? dup(r, b.data, b.len) : NULL;
	int rc = b.err;
	sp_buf_release(&b);
	if (rc)
		return rc;
	if (!ok)
		return SP_EUSAGE;
	if (!d)
		return SP_ENOMEM;
	r->fingerprint = r->fingerprint * 31 + sp_hash64(d, strlen(d)) + 1;
	return sp_array_push(&r->include_dirs, d);
}

uint64_t sp_resolver_fingerprint(const sp_resolver *r)
{
	return r->fingerprint;
}
