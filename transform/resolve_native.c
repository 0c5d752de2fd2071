/* transform/resolve_native.c: the dependency rules of C, C++ and Ruby (the other languages:
   resolve_langs.c); the rules themselves are documented in schema/README.md
   ("Dependency resolution"). */
#include <string.h>

#include "resolve_p.h"

#include "banned.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- C and C++ ---- */

static const char *const c_std_headers[] = {
	"algorithm",
	"any",
	"array",
	"assert.h",
	"atomic",
	"bit",
	"bitset",
	"cassert",
	"cctype",
	"cerrno",
	"cfloat",
	"charconv",
	"chrono",
	"cinttypes",
	"climits",
	"clocale",
	"cmath",
	"codecvt",
	"compare",
	"complex",
	"complex.h",
	"concepts",
	"condition_variable",
	"coroutine",
	"csetjmp",
	"csignal",
	"cstdarg",
	"cstddef",
	"cstdint",
	"cstdio",
	"cstdlib",
	"cstring",
	"ctime",
	"ctype.h",
	"cwchar",
	"cwctype",
	"deque",
	"dirent.h",
	"dlfcn.h",
	"errno.h",
	"exception",
	"execution",
	"fcntl.h",
	"fenv.h",
	"filesystem",
	"float.h",
	"fnmatch.h",
	"format",
	"forward_list",
	"fstream",
	"functional",
	"future",
	"getopt.h",
	"glob.h",
	"grp.h",
	"iconv.h",
	"initializer_list",
	"inttypes.h",
	"iomanip",
	"ios",
	"iosfwd",
	"iostream",
	"iso646.h",
	"istream",
	"iterator",
	"langinfo.h",
	"libgen.h",
	"limits",
	"limits.h",
	"list",
	"locale",
	"locale.h",
	"malloc.h",
	"map",
	"math.h",
	"memory",
	"memory_resource",
	"mutex",
	"netdb.h",
	"new",
	"numbers",
	"numeric",
	"optional",
	"ostream",
	"poll.h",
	"pthread.h",
	"pwd.h",
	"queue",
	"random",
	"ranges",
	"ratio",
	"regex",
	"regex.h",
	"sched.h",
	"scoped_allocator",
	"semaphore.h",
	"set",
	"setjmp.h",
	"shared_mutex",
	"signal.h",
	"source_location",
	"span",
	"spawn.h",
	"sstream",
	"stack",
	"stdalign.h",
	"stdarg.h",
	"stdatomic.h",
	"stdbool.h",
	"stddef.h",
	"stdexcept",
	"stdint.h",
	"stdio.h",
	"stdlib.h",
	"stdnoreturn.h",
	"stop_token",
	"streambuf",
	"string",
	"string.h",
	"string_view",
	"strings.h",
	"syslog.h",
	"system_error",
	"termios.h",
	"tgmath.h",
	"thread",
	"threads.h",
	"time.h",
	"tuple",
	"type_traits",
	"typeindex",
	"typeinfo",
	"uchar.h",
	"unistd.h",
	"unordered_map",
	"unordered_set",
	"utility",
	"valarray",
	"variant",
	"vector",
	"version",
	"wchar.h",
	"wctype.h",
};
static const char *const c_system_dirs[] = {"arpa", "asm", "bits", "linux", "net", "netinet", "sys"};

static const char *c_in_include_dirs(const sp_resolver *r, sp_dep *d, const char *m, size_t n)
{
	static const char *const exact[] = {"", NULL};
	if (r->include_dirs.n == 0 && sp_resolver_dir(r, "include", 7))
		return sp_dep_try_suffixes(r, d, "include", 7, m, n, exact);
	for (size_t i = 0; i < r->include_dirs.n; i++) {
		const char *dir = r->include_dirs.v[i];
		const char *f = sp_dep_try_suffixes(r, d, dir, strlen(dir), m, n, exact);
		if (f)
			return f;
	}
	return NULL;
}

void sp_resolve_c(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d)
{
	static const char *const exact[] = {"", NULL};
	const char *m = im->module;
	size_t n = strlen(m);
	bool system = !strcmp(im->kind, "system");
	const char *f = NULL;
	if (!system) /* "x.h": next to the including file first */
		f = sp_dep_try_suffixes(r, d, path, sp_path_dirlen(path), m, n, exact);
	if (!f)
		f = c_in_include_dirs(r, d, m, n);
	if (!f && !system) /* then the repository root */
		f = sp_dep_try_suffixes(r, d, "", 0, m, n, exact);
	if (f) {
		sp_dep_internal(d, f);
		return;
	}
	/* the include dirs of the build files (compile_commands.json, Makefile, CMakeLists.txt) */
	for (size_t i = 0; !f && i < r->build_include_dirs.n; i++) {
		const char *dir = r->build_include_dirs.v[i];
		f = sp_dep_try_suffixes(r, d, dir, strlen(dir), m, n, exact);
	}
	if (f) {
		sp_dep_internal(d, f);
		d->reason = "build file include dir";
		return;
	}
	size_t first = strcspn(m, "/");
	if (sp_sorted_has(c_std_headers, COUNT(c_std_headers), m, n) ||
	    (m[first] == '/' && sp_sorted_has(c_system_dirs, COUNT(c_system_dirs), m, first))) {
		sp_dep_outside(d, "stdlib", n);
		return;
	}
	/* found without configuration: the one file of the repository whose path ends with it
	   (`"fpconv_dtoa.h"` in src/, `"jemalloc/internal/x.h"` under include/) */
	size_t count;
	f = sp_resolver_unique_suffix(r, m, n, &count);
	if (f) {
		sp_dep_internal(d, f);
		d->reason = "suffix match";
		return;
	}
	if (!system) {
		sp_dep_unresolved(d, count > 1 ? "several files of the repository end with it"
					       : "not found next to the file, in the include "
						 "directories, at the root or as a path's end");
		return;
	}
	/* <openssl/ssl.h> -> openssl, <zlib.h> -> zlib */
	size_t pkg = first < n ? first : strcspn(m, ".");
	sp_dep_outside(d, "external", pkg);
}

/* ---- Ruby ---- */

static const char *const ruby_stdlib[] = {
	"English",
	"abbrev",
	"base64",
	"benchmark",
	"bigdecimal",
	"bundler",
	"cgi",
	"continuation",
	"coverage",
	"csv",
	"date",
	"delegate",
	"did_you_mean",
	"digest",
	"drb",
	"erb",
	"error_highlight",
	"etc",
	"expect",
	"fcntl",
	"fiddle",
	"fileutils",
	"find",
	"forwardable",
	"getoptlong",
	"io",
	"ipaddr",
	"irb",
	"json",
	"kconv",
	"logger",
	"mkmf",
	"monitor",
	"mutex_m",
	"net",
	"nkf",
	"objspace",
	"observer",
	"open-uri",
	"open3",
	"openssl",
	"optionparser",
	"optparse",
	"ostruct",
	"pathname",
	"pp",
	"prettyprint",
	"pstore",
	"psych",
	"pty",
	"racc",
	"random",
	"rbconfig",
	"rdoc",
	"readline",
	"reline",
	"resolv",
	"resolv-replace",
	"rinda",
	"ripper",
	"rubygems",
	"securerandom",
	"set",
	"shellwords",
	"singleton",
	"socket",
	"stringio",
	"strscan",
	"syslog",
	"tempfile",
	"thread",
	"time",
	"timeout",
	"tmpdir",
	"tsort",
	"un",
	"unicode_normalize",
	"uri",
	"weakref",
	"yaml",
	"zlib",
};

void sp_resolve_ruby(const sp_resolver *r, const char *path, const sp_import_row *im, sp_dep *d)
{
	static const char *const rb[] = {"", ".rb", NULL};
	const char *m = im->module;
	size_t n = strlen(m);
	if (!strcmp(im->kind, "require_relative")) {
		const char *f = sp_dep_try_suffixes(r, d, path, sp_path_dirlen(path), m, n, rb);
		if (f)
			sp_dep_internal(d, f);
		else
			sp_dep_unresolved(d, "no such file in the repository");
		return;
	}
	/* require: the repository's load path, then the standard library. The load path: the lib/
	   of each directory above the file, nearest first (its own gem's, then the top lib/); then
	   every other lib/ of the repository, shallowest first, then in byte order (the other gems
	   of a monorepo: sinatra-contrib/lib); then the root */
	const char *f = NULL;
	size_t dl = sp_path_dirlen(path);
	for (;; dl = sp_parent_len(path, dl, '/')) {
		if (sp_path_join(&d->probe, path, dl, "lib", 3) && !d->probe.err)
			f = sp_dep_try_suffixes(r, d, d->probe.data, d->probe.len, m, n, rb);
		if (f || !dl)
			break;
	}
	for (size_t i = 0; !f && i < r->ruby_libs.n; i++)
		f = sp_dep_try_suffixes(r, d, r->ruby_libs.v[i], strlen(r->ruby_libs.v[i]), m, n, rb);
	if (!f)
		f = sp_dep_try_suffixes(r, d, "", 0, m, n, rb);
	if (f) {
		sp_dep_internal(d, f);
		return;
	}
	size_t first = strcspn(m, "/");
	sp_dep_outside(d,
		       sp_sorted_has(ruby_stdlib, COUNT(ruby_stdlib), m, first) ? "stdlib" : "external",
		       first);
}
