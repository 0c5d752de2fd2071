/* transform/resolve_build.c: C and C++ include directories found without configuration, read off
   the build files of the snapshot (issue 10): compile_commands.json (-I, -isystem, -iquote of
   every entry, relative to its "directory"), Makefiles (-Idir tokens) and CMakeLists.txt
   (include_directories(...), target_include_directories(...)). They are searched after the
   configured include dirs (or include/), in the order the files were read; a path holding a
   variable the reader cannot expand ($(srctree), ${FOO}) is left out. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "resolve_p.h"

#include "banned.h"

/* base name -> reader; a row per kind of build file */
typedef int (*build_reader)(sp_resolver *r, const char *path, const char *data, size_t len);
static int read_compile_commands(sp_resolver *r, const char *path, const char *data, size_t len);
static int read_makefile(sp_resolver *r, const char *path, const char *data, size_t len);
static int read_cmake(sp_resolver *r, const char *path, const char *data, size_t len);

static const struct {
	const char *name; /* base name, or a suffix when it starts with '*' */
	build_reader read;
} build_files[] = {
	{"compile_commands.json", read_compile_commands},
	{"Makefile", read_makefile},
	{"makefile", read_makefile},
	{"GNUmakefile", read_makefile},
	{"*.mk", read_makefile},
	{"CMakeLists.txt", read_cmake},
};

static build_reader reader_of(const char *b)
{
	size_t n = strlen(b);
	for (size_t i = 0; i < sizeof build_files / sizeof build_files[0]; i++) {
		const char *k = build_files[i].name;
		size_t kn = strlen(k);
		if (k[0] == '*' ? n > kn - 1 && !strcmp(b + n - (kn - 1), k + 1) : !strcmp(b, k))
			return build_files[i].read;
	}
	return NULL;
}

bool sp_build_is_config(const char *b)
{
	return reader_of(b) != NULL;
}

int sp_build_read(sp_resolver *r, const char *path, const char *b, const char *data, size_t len)
{
	build_reader f = reader_of(b);
	return f ? f(r, path, data, len) : 0;
}

/* Adds dir[0..n) (relative to base[0..blen), a directory of the repository) once. */
static int add_dir(sp_resolver *r, const char *base, size_t blen, const char *dir, size_t n)
{
	if (!n || memchr(dir, '$', n) || memchr(dir, '\0', n) || dir[0] == '/')
		return 0;
	sp_buf b;
	sp_buf_init(&b);
	bool ok = sp_path_join(&b, base, blen, dir, n);
	int rc = b.err;
	for (size_t i = 0; ok && !rc && i < r->build_include_dirs.n; i++)
		ok = strcmp(r->build_include_dirs.v[i], b.data) != 0;
	if (ok && !rc && sp_resolver_dir(r, b.data, b.len)) {
		const char *d = sp_arena_strndup(&r->strings, b.data, b.len);
		rc = d ? sp_array_push(&r->build_include_dirs, d) : SP_ENOMEM;
	}
	sp_buf_release(&b);
	return rc;
}

/* The include flag at tok[0..n): the length of its name (-I, -isystem, -iquote, -idirafter),
   else 0. */
static size_t include_flag(const char *tok, size_t n)
{
	static const char *const flags[] = {"-isystem", "-iquote", "-idirafter", "-I"};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		size_t fl = strlen(flags[i]);
		if (n >= fl && !memcmp(tok, flags[i], fl))
			return fl;
	}
	return 0;
}

/* ---- Makefiles: every -Idir token (CFLAGS += -Iinclude, $(CC) -Isrc ...), relative to the
   Makefile's directory ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\';
}

static int read_makefile(sp_resolver *r, const char *path, const char *data, size_t len)
{
	size_t dlen = sp_path_dirlen(path);
	const char *p = data, *end = data + len;
	bool want = false; /* the previous token was a bare -I */
	int rc = 0;
	while (!rc && p < end) {
		if (*p == '#') { /* a comment to the end of the line */
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		if (is_space(*p) || *p == '"' || *p == '\'') {
			p++;
			continue;
		}
		const char *t = p;
		while (p < end && !is_space(*p) && *p != '"' && *p != '\'' && *p != '#')
			p++;
		size_t n = (size_t)(p - t), fl = include_flag(t, n);
		if (want)
			rc = add_dir(r, path, dlen, t, n);
		want = fl && fl == n;
		if (fl && fl < n && !rc)
			rc = add_dir(r, path, dlen, t + fl, n - fl);
	}
	return rc;
}

/* ---- CMakeLists.txt: include_directories(a b) and target_include_directories(tgt [SYSTEM]
   [BEFORE] PUBLIC|PRIVATE|INTERFACE a b), relative to the file's directory;
   ${CMAKE_CURRENT_SOURCE_DIR} and ${CMAKE_CURRENT_LIST_DIR} are that directory,
   ${PROJECT_SOURCE_DIR} and ${CMAKE_SOURCE_DIR} the repository root; $<BUILD_INTERFACE:d> is d ---- */

static int cmake_arg(sp_resolver *r, const char *path, const char *t, size_t n)
{
	static const char *const keywords[] = {"SYSTEM", "BEFORE",  "AFTER",
					       "PUBLIC", "PRIVATE", "INTERFACE"};
	static const char *const here[] = {"${CMAKE_CURRENT_SOURCE_DIR}", "${CMAKE_CURRENT_LIST_DIR}"};
	static const char *const root[] = {"${PROJECT_SOURCE_DIR}", "${CMAKE_SOURCE_DIR}"};
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (sp_json_key_is(t, n, keywords[i]))
			return 0;
	const char *bi = "$<BUILD_INTERFACE:";
	size_t bl = strlen(bi);
	if (n > bl && !memcmp(t, bi, bl) && t[n - 1] == '>')
		t += bl, n -= bl + 1;
	size_t dlen = sp_path_dirlen(path);
	for (size_t i = 0; i < 2; i++) {
		size_t hl = strlen(here[i]), rl = strlen(root[i]);
		/* "${VAR}/x" -> "x", "${VAR}" -> "." */
		if (n >= hl && !memcmp(t, here[i], hl))
			return n > hl + 1 ? add_dir(r, path, dlen, t + hl + 1, n - hl - 1)
					  : add_dir(r, path, dlen, ".", 1);
		if (n >= rl && !memcmp(t, root[i], rl))
			return n > rl + 1 ? add_dir(r, "", 0, t + rl + 1, n - rl - 1)
					  : add_dir(r, "", 0, ".", 1);
	}
	return add_dir(r, path, dlen, t, n);
}

static bool is_ident(char c)
{
	return c == '_' || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

static int read_cmake(sp_resolver *r, const char *path, const char *data, size_t len)
{
	static const char *const cmds[] = {"include_directories", "target_include_directories"};
	const char *p = data, *end = data + len;
	int rc = 0;
	while (!rc && p < end) {
		if (*p == '#') {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		size_t cmd = 2;
		for (size_t i = 0; i < 2; i++) {
			size_t cl = strlen(cmds[i]);
			if ((p == data || !is_ident(p[-1])) && (size_t)(end - p) > cl &&
			    !strncasecmp(p, cmds[i], cl) && (p[cl] == '(' || p[cl] == ' ')) {
				cmd = i;
				p += cl;
				break;
			}
		}
		if (cmd == 2) {
			p++;
			continue;
		}
		while (p < end && *p == ' ')
			p++;
		if (p >= end || *p != '(')
			continue;
		p++;
		bool first = true;
		while (!rc && p < end && *p != ')') {
			if (is_space(*p) || *p == '"') {
				p++;
				continue;
			}
			const char *t = p;
			while (p < end && !is_space(*p) && *p != '"' && *p != ')')
				p++;
			if (!(cmd == 1 && first)) /* target_include_directories' target */
				rc = cmake_arg(r, path, t, (size_t)(p - t));
			first = false;
		}
	}
	return rc;
}

/* ---- compile_commands.json: [{"directory": D, "file": F, "arguments": [...] | "command": S}]
   Paths are absolute: the repository root is what remains of an entry's "file" once the longest
   path of the snapshot it ends with is taken off. ---- */

typedef struct cc_entry {
	const char *dir, *file, *cmd; /* raw JSON strings, lengths below */
	size_t dn, fn, cn;
	const char *args[256];
	size_t argn[256], nargs;
} cc_entry;

/* The root prefix implied by file[0..n) (absolute), "" when none; *rn its length. */
static bool cc_root(const sp_resolver *r, const char *file, size_t n, const char **root, size_t *rn)
{
	for (size_t i = 0; i < n; i++)
		if (file[i] == '/' && sp_resolver_file(r, file + i + 1, n - i - 1)) {
			*root = file;
			*rn = i;
			return true;
		}
	return false;
}

/* The include dir a (an -I argument of an entry in directory e->dir) relative to the root. */
static int cc_dir(sp_resolver *r, const cc_entry *e, const char *root, size_t rn, const char *a,
		  size_t an)
{
	sp_buf abs;
	sp_buf_init(&abs);
	if (an && a[0] != '/') {
		sp_buf_append(&abs, e->dir, e->dn);
		sp_buf_putc(&abs, '/');
	}
	sp_buf_append(&abs, a, an);
	int rc = abs.err;
	if (!rc && abs.len > rn && !memcmp(abs.data, root, rn) && abs.data[rn] == '/')
		rc = add_dir(r, "", 0, abs.data + rn + 1, abs.len - rn - 1);
	else if (!rc && abs.len == rn && !memcmp(abs.data, root, rn))
		rc = add_dir(r, "", 0, ".", 1);
	sp_buf_release(&abs);
	return rc;
}

static int cc_use(sp_resolver *r, cc_entry *e, const char **root, size_t *rn)
{
	if (e->cmd) { /* "command": split on blanks (quotes dropped) */
		const char *p = e->cmd, *end = e->cmd + e->cn;
		while (p < end && e->nargs < 256) {
			while (p < end && (*p == ' ' || *p == '"' || *p == '\\'))
				p++;
			const char *t = p;
			while (p < end && *p != ' ' && *p != '"' && *p != '\\')
				p++;
			if (p > t) {
				e->args[e->nargs] = t;
				e->argn[e->nargs++] = (size_t)(p - t);
			}
		}
	}
	if (!*root && e->file) {
		sp_buf f;
		sp_buf_init(&f);
		if (e->fn && e->file[0] != '/') {
			sp_buf_append(&f, e->dir, e->dn);
			sp_buf_putc(&f, '/');
		}
		sp_buf_append(&f, e->file, e->fn);
		const char *rt;
		if (!f.err && cc_root(r, f.data, f.len, &rt, rn))
			*root = sp_arena_strndup(&r->strings, f.data, *rn);
		int rc = f.err || (*rn && !*root) ? SP_ENOMEM : 0;
		sp_buf_release(&f);
		if (rc)
			return rc;
	}
	int rc = 0;
	for (size_t i = 0; *root && !rc && i < e->nargs; i++) {
		size_t fl = include_flag(e->args[i], e->argn[i]);
		if (!fl)
			continue;
		if (fl < e->argn[i])
			rc = cc_dir(r, e, *root, *rn, e->args[i] + fl, e->argn[i] - fl);
		else if (i + 1 < e->nargs)
			rc = cc_dir(r, e, *root, *rn, e->args[i + 1], e->argn[i + 1]), i++;
	}
	return rc;
}

static int read_compile_commands(sp_resolver *r, const char *path, const char *data, size_t len)
{
	(void)path;
	sp_jr j = {data, data + len, false};
	const char *root = NULL;
	size_t rn = 0;
	sp_json_ws(&j);
	if (j.p >= j.end || *j.p != '[')
		return 0;
	j.p++;
	cc_entry *ep = malloc(sizeof *ep); /* 6 KB: not on a worker thread's stack */
	if (!ep)
		return SP_ENOMEM;
	int rc = 0;
	while (!rc && !j.bad) {
		sp_json_ws(&j);
		if (j.p >= j.end || *j.p == ']')
			break;
		if (*j.p != '{') {
			sp_json_skip(&j);
			continue;
		}
		j.p++;
		memset(ep, 0, sizeof *ep);
		for (;;) {
			const char *k, *v;
			size_t kn, vn;
			sp_json_ws(&j);
			if (j.p >= j.end || *j.p == '}' || !sp_json_str(&j, &k, &kn)) {
				j.p += j.p < j.end;
				break;
			}
			sp_json_ws(&j);
			if (sp_json_key_is(k, kn, "arguments") && j.p < j.end && *j.p == '[') {
				j.p++;
				while (sp_json_str(&j, &v, &vn))
					if (ep->nargs < 256)
						ep->args[ep->nargs] = v, ep->argn[ep->nargs++] = vn;
				sp_json_ws(&j);
				j.p += j.p < j.end && *j.p == ']';
			} else if (j.p < j.end && *j.p == '"' && sp_json_str(&j, &v, &vn)) {
				if (sp_json_key_is(k, kn, "directory"))
					ep->dir = v, ep->dn = vn;
				else if (sp_json_key_is(k, kn, "file"))
					ep->file = v, ep->fn = vn;
				else if (sp_json_key_is(k, kn, "command"))
					ep->cmd = v, ep->cn = vn;
			} else {
				sp_json_skip(&j);
			}
		}
		if (ep->dir)
			rc = cc_use(r, ep, &root, &rn);
	}
	free(ep);
	return rc;
}
