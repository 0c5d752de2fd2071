/* tests/unit/test_resolve.c: dependency rules of every language but Python (which is in
   test_transform.c): JavaScript/TypeScript, Go, Rust, Java, C/C++ (include dirs, build files,
   suffix match), Ruby. */
#include <criterion/criterion.h>
#include <string.h>

#include "transform_fixture.h"

TestSuite(resolve, .init = sp_test_transform_setup, .fini = sp_test_transform_teardown);

/* ---- resolution in the other languages ---- */

static sp_import_row imp(const char *module, const char *name, const char *kind)
{
	return (sp_import_row){1, module, name, 0, kind};
}

static const char *const js_paths[] = {
	"src/app/main.ts",    "src/app/util.ts", "src/lib/index.js", "src/lib/x.jsx",
	"src/shared/log.tsx", "web/a.js",        "web/b.mjs",
};
static const char *const js_configs[] = {
	"tsconfig.json",
	"{\n  // comments and trailing commas are allowed\n  \"compilerOptions\": {\n"
	"    \"baseUrl\": \"src\",\n    \"paths\": {\"@shared/*\": [\"shared/*\"],},\n  },\n}\n",
	NULL,
};
static const snapshot_files js_files = {js_paths, sizeof js_paths / sizeof js_paths[0], js_configs,
					NULL};

Test(resolve, javascript_and_typescript)
{
	const snapshot_files *f = &js_files;
	resolve_in(f, "typescript", "src/app/main.ts", imp("./util", "u", "import"), "internal",
		   "src/app/util.ts", "./util");
	/* TypeScript's x.js written for x.ts */
	resolve_in(f, "typescript", "src/app/main.ts", imp("./util.js", NULL, "import"), "internal",
		   "src/app/util.ts", NULL);
	resolve_in(f, "javascript", "web/a.js", imp("../src/lib", NULL, "require"), "internal",
		   "src/lib/index.js", NULL);
	resolve_in(f, "javascript", "web/a.js", imp("./b.mjs", NULL, "import"), "internal", "web/b.mjs",
		   NULL);
	resolve_in(f, "javascript", "web/a.js", imp("./missing", NULL, "import"), "unresolved", NULL,
		   NULL);
	/* tsconfig paths and baseUrl */
	resolve_in(f, "tsx", "src/app/main.ts", imp("@shared/log", NULL, "import"), "internal",
		   "src/shared/log.tsx", NULL);
	resolve_in(f, "typescript", "src/app/main.ts", imp("lib/x", NULL, "import"), "internal",
		   "src/lib/x.jsx", NULL);
	resolve_in(f, "javascript", "web/a.js", imp("node:fs", NULL, "import"), "stdlib", NULL, NULL);
	resolve_in(f, "javascript", "web/a.js", imp("path", NULL, "require"), "stdlib", NULL, NULL);
	resolve_in(f, "javascript", "web/a.js", imp("@babel/core/lib/x", NULL, "import"), "external",
		   NULL, NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "package"), "@babel/core");
	resolve_in(f, "javascript", "web/a.js", imp("react", "useState", "import"), "external", NULL,
		   NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "package"), "react");
}

/* require('..') and kin name a directory: its package.json "main", else its index (issue 10) */
static const char *const js_dir_paths[] = {
	"index.js",         "lib/router/index.js", "lib/router/route.js",
	"pkg/lib/entry.js", "pkg/index.js",        "test/acceptance/x.js",
	"test/app.js",      "web/src/main.ts",     "web/index.ts",
};
static const char *const js_dir_configs[] = {
	"pkg/package.json",
	"{\"name\": \"pkg\", \"main\": \"./lib/entry\", \"x\": [1, {}]}",
	"package.json",
	"{\"name\": \"root\", \"files\": [\"lib/\"]}",
	NULL,
};
static const snapshot_files js_dir_files = {js_dir_paths, sizeof js_dir_paths / sizeof js_dir_paths[0],
					    js_dir_configs, NULL};

Test(resolve, javascript_directories)
{
	const snapshot_files *f = &js_dir_files;
	resolve_in(f, "javascript", "test/app.js", imp("..", NULL, "require"), "internal", "index.js",
		   "..");
	resolve_in(f, "javascript", "test/app.js", imp("../", NULL, "require"), "internal", "index.js",
		   NULL);
	resolve_in(f, "javascript", "test/acceptance/x.js", imp("../..", NULL, "require"), "internal",
		   "index.js", NULL);
	resolve_in(f, "javascript", "lib/router/route.js", imp(".", NULL, "require"), "internal",
		   "lib/router/index.js", NULL);
	resolve_in(f, "typescript", "web/src/main.ts", imp("..", "x", "import"), "internal",
		   "web/index.ts", NULL);
	/* package.json "main" wins over index.js */
	resolve_in(f, "javascript", "test/app.js", imp("../pkg", NULL, "require"), "internal",
		   "pkg/lib/entry.js", NULL);
	resolve_in(f, "javascript", "test/app.js", imp("../../..", NULL, "require"), "unresolved", NULL,
		   NULL);
}

static const char *const go_paths[] = {"cmd/tool/main.go", "internal/db/db.go", "internal/db/tx.go",
				       "main.go"};
static const char *const go_configs[] = {"go.mod", "// the module\nmodule example.com/app\n\ngo 1.19\n",
					 NULL};
static const snapshot_files go_files = {go_paths, 4, go_configs, NULL};

Test(resolve, go)
{
	const snapshot_files *f = &go_files;
	resolve_in(f, "go", "main.go", imp("example.com/app/internal/db", NULL, "import"), "internal",
		   "internal/db", NULL);
	resolve_in(f, "go", "main.go", imp("example.com/app/internal/gone", NULL, "import"),
		   "unresolved", NULL, NULL);
	resolve_in(f, "go", "main.go", imp("net/http", NULL, "import"), "stdlib", NULL, NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "package"), "net");
	resolve_in(f, "go", "main.go", imp("github.com/lib/pq/oid", NULL, "import"), "external", NULL,
		   NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "package"), "github.com/lib/pq");
}

static const char *const rust_paths[] = {"src/lib.rs", "src/net/mod.rs", "src/net/tcp.rs", "src/util.rs",
					 "src/util/fmt.rs"};
static const snapshot_files rust_files = {rust_paths, 5, NULL, NULL};

Test(resolve, rust)
{
	const snapshot_files *f = &rust_files;
	resolve_in(f, "rust", "src/lib.rs", imp("net", NULL, "mod"), "internal", "src/net/mod.rs", NULL);
	resolve_in(f, "rust", "src/net/mod.rs", imp("tcp", NULL, "mod"), "internal", "src/net/tcp.rs",
		   NULL);
	resolve_in(f, "rust", "src/util.rs", imp("fmt", NULL, "mod"), "internal", "src/util/fmt.rs",
		   NULL);
	resolve_in(f, "rust", "src/lib.rs", imp("ghost", NULL, "mod"), "unresolved", NULL, NULL);
	resolve_in(f, "rust", "src/net/tcp.rs", imp("crate::util::fmt", "Pretty", "use"), "internal",
		   "src/util/fmt.rs", "crate::util::fmt::Pretty");
	resolve_in(f, "rust", "src/net/tcp.rs", imp("crate", "Thing", "use"), "internal", "src/lib.rs",
		   NULL);
	resolve_in(f, "rust", "src/net/tcp.rs", imp("super", "helper", "use"), "internal",
		   "src/net/mod.rs", NULL);
	resolve_in(f, "rust", "src/util/fmt.rs", imp("std::collections", "HashMap", "use"), "stdlib",
		   NULL, NULL);
	resolve_in(f, "rust", "src/lib.rs", imp("serde", NULL, "extern_crate"), "external", NULL, NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "package"), "serde");
}

/* Cargo's other crate roots, and use paths whose first element is in scope (issue 10) */
static const char *const cargo_paths[] = {
	"benches/speed.rs",       "build.rs",
	"examples/demo.rs",       "examples/demo_util.rs",
	"src/bin/cli.rs",         "src/bin/cli_args.rs",
	"src/lexer.rs",           "src/lib.rs",
	"src/tests/mod.rs",       "src/tests/unit.rs",
	"src/tests/unit/deep.rs", "tests/it.rs",
	"tests/it/extra.rs",      "tests/testenv/mod.rs",
};
static const snapshot_files cargo_files = {cargo_paths, sizeof cargo_paths / sizeof cargo_paths[0], NULL,
					   NULL};

static void resolve_rust_uses(const char *path, const sp_import_row *ims, size_t n, size_t which,
			      const char *kind, const char *target)
{
	sp_resolver *r;
	cr_assert_eq(sp_resolver_new(cargo_paths, sizeof cargo_paths / sizeof cargo_paths[0], &r), 0);
	sp_batch_clear(&batch);
	const sp_language *l = sp_extractor_by_name(ex, "rust");
	cr_assert_eq(sp_transform_dependencies(tr, &batch, r, l, 1, 2, path, 10, ims, n), 0);
	cr_assert_eq(batch.rows[SP_TBL_DEPENDENCIES], n);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, which, "kind"), kind, "%s", ims[which].module);
	if (target)
		cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, which, "target_path"), target);
	sp_resolver_free(r);
}

Test(resolve, rust_cargo_roots_and_items_in_scope)
{
	const snapshot_files *f = &cargo_files;
	resolve_in(f, "rust", "tests/it.rs", imp("testenv", NULL, "mod"), "internal",
		   "tests/testenv/mod.rs", NULL);
	resolve_in(f, "rust", "examples/demo.rs", imp("demo_util", NULL, "mod"), "internal",
		   "examples/demo_util.rs", NULL);
	resolve_in(f, "rust", "src/bin/cli.rs", imp("cli_args", NULL, "mod"), "internal",
		   "src/bin/cli_args.rs", NULL);
	resolve_in(f, "rust", "benches/speed.rs", imp("crate", "Thing", "use"), "internal",
		   "benches/speed.rs", NULL);
	resolve_in(f, "rust", "tests/it.rs", imp("testenv", "Env", "use"), "internal",
		   "tests/testenv/mod.rs", NULL);
	/* a tests/ file that is also some test's module keeps x/ for its children */
	resolve_in(f, "rust", "tests/it.rs", imp("extra", NULL, "mod"), "internal", "tests/it/extra.rs",
		   NULL);
	/* tests/ below src/ is a module, not a crate root */
	resolve_in(f, "rust", "src/tests/unit.rs", imp("deep", NULL, "mod"), "internal",
		   "src/tests/unit/deep.rs", NULL);
	resolve_in(f, "rust", "src/tests/unit.rs", imp("super", "helper", "use"), "internal",
		   "src/tests/mod.rs", NULL);
	/* super in a crate root is written in an inline module (mod tests): the root itself */
	resolve_in(f, "rust", "src/lib.rs", imp("super", "*", "use"), "internal", "src/lib.rs", NULL);
	resolve_in(f, "rust", "tests/it.rs", imp("super::Level", NULL, "use"), "internal", "tests/it.rs",
		   NULL);
	/* an enum in scope is not a crate named Token */
	resolve_in(f, "rust", "src/lexer.rs", imp("Token", "*", "use"), "internal", "src/lexer.rs",
		   NULL);
	resolve_in(f, "rust", "src/lexer.rs", imp("serde", "Deserialize", "use"), "external", NULL,
		   NULL);
	/* a name another use of the file imported: that use's path, then the rest */
	const sp_import_row uses[] = {
		{1, "crate::lexer::Token", NULL, 0, "use"}, /* use crate::lexer::Token; */
		{2, "Token", "*", 0, "use"}, /* use Token::*; */
		{3, "std::io", NULL, 0, "use"}, /* use std::io; */
		{4, "io", "Write", 0, "use"}, /* use io::Write; */
		{5, "std::fmt", "self", 0, "use"}, /* use std::fmt::{self}; */
		{6, "fmt", "Display", 0, "use"}, /* use fmt::Display; */
	};
	resolve_rust_uses("src/lib.rs", uses, 6, 1, "internal", "src/lexer.rs");
	resolve_rust_uses("src/lib.rs", uses, 6, 3, "stdlib", NULL);
	resolve_rust_uses("src/lib.rs", uses, 6, 5, "stdlib", NULL);
}

static const char *const java_paths[] = {"src/main/java/com/acme/App.java",
					 "src/main/java/com/acme/util/Strings.java"};
static const snapshot_files java_files = {java_paths, 2, NULL, NULL};

Test(resolve, java)
{
	const snapshot_files *f = &java_files;
	resolve_in(f, "java", "src/main/java/com/acme/App.java",
		   imp("com.acme.util.Strings", NULL, "import"), "internal",
		   "src/main/java/com/acme/util/Strings.java", NULL);
	/* a nested type or a static member: the longest prefix naming a type */
	resolve_in(f, "java", "src/main/java/com/acme/App.java",
		   imp("com.acme.util.Strings.join", NULL, "import"), "internal",
		   "src/main/java/com/acme/util/Strings.java", NULL);
	resolve_in(f, "java", "src/main/java/com/acme/App.java", imp("com.acme.util", "*", "import"),
		   "internal", "src/main/java/com/acme/util", NULL);
	resolve_in(f, "java", "src/main/java/com/acme/App.java", imp("java.util.List", NULL, "import"),
		   "stdlib", NULL, NULL);
	resolve_in(f, "java", "src/main/java/com/acme/App.java",
		   imp("org.junit.jupiter.api.Test", NULL, "import"), "external", NULL, NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "package"), "org.junit");
}

static const char *const c_paths[] = {"include/proj/api.h", "src/a.c", "src/a.h", "src/sub/b.c",
				      "third/z.h"};
static const char *const c_dirs[] = {"third", NULL};
static const snapshot_files c_files = {c_paths, 5, NULL, NULL};
static const snapshot_files c_files_dirs = {c_paths, 5, NULL, c_dirs};

Test(resolve, c_includes)
{
	const snapshot_files *f = &c_files;
	resolve_in(f, "c", "src/a.c", imp("a.h", NULL, "include"), "internal", "src/a.h", NULL);
	resolve_in(f, "c", "src/sub/b.c", imp("../a.h", NULL, "include"), "internal", "src/a.h", NULL);
	/* include/ is searched by default, for "..." and <...> */
	resolve_in(f, "c", "src/a.c", imp("proj/api.h", NULL, "system"), "internal",
		   "include/proj/api.h", NULL);
	resolve_in(f, "cpp", "src/a.c", imp("proj/api.h", NULL, "include"), "internal",
		   "include/proj/api.h", NULL);
	resolve_in(f, "c", "src/a.c", imp("config.h", NULL, "include"), "unresolved", NULL, NULL);
	resolve_in(f, "c", "src/a.c", imp("stdio.h", NULL, "system"), "stdlib", NULL, NULL);
	resolve_in(f, "c", "src/a.c", imp("sys/types.h", NULL, "system"), "stdlib", NULL, NULL);
	resolve_in(f, "cpp", "src/a.c", imp("vector", NULL, "system"), "stdlib", NULL, NULL);
	resolve_in(f, "c", "src/a.c", imp("openssl/ssl.h", NULL, "system"), "external", NULL, NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "package"), "openssl");
	/* configured include dirs replace the default: include/ is not searched, the file is found
	   by the end of its path instead (below) */
	resolve_in(&c_files_dirs, "c", "src/a.c", imp("z.h", NULL, "system"), "internal", "third/z.h",
		   NULL);
	cr_assert_null(text(SP_TBL_DEPENDENCIES, 0, "reason"));
	resolve_in(&c_files_dirs, "c", "src/a.c", imp("proj/api.h", NULL, "system"), "internal",
		   "include/proj/api.h", NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "reason"), "suffix match");
}

/* Include dirs read off build files (issue 10): dup.h is in a/ and b/, only the build file says
   which; a dir with a variable or outside the repository is left out. */
static const char *const build_paths[] = {"a/dup.h",      "b/dup.h",       "lib/x/dup2.h",
					  "lib/y/dup2.h", "src/main.c",    "src/sub/dup3.h",
					  "other/dup3.h", "CMakeLists.txt"};
static const char *const build_make[] = {
	"src/Makefile", "# -Inot/this\nCFLAGS += -Wall -I../a \\\n\t-I $(srctree)/b -I/usr/include\n",
	NULL};
static const char *const build_cmake[] = {"CMakeLists.txt",
					  "project(p)\ninclude_directories(${PROJECT_SOURCE_DIR}/b)\n"
					  "TARGET_INCLUDE_DIRECTORIES(p SYSTEM PRIVATE "
					  "\"$<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/lib/y>\")\n",
					  NULL};
static const char *const build_cc[] = {
	"build/compile_commands.json",
	"[{\"directory\": \"/home/u/proj/build\", \"file\": \"/home/u/proj/src/main.c\",\n"
	"  \"arguments\": [\"cc\", \"-I../lib/x\", \"-isystem\", \"/usr/include\", \"-c\", \"x.c\"]},\n"
	" {\"directory\": \"/home/u/proj\", \"file\": \"src/main.c\",\n"
	"  \"command\": \"cc -iquote src/sub -I/home/u/proj/a -o main.o -c src/main.c\"}]",
	NULL};

Test(resolve, c_includes_from_build_files)
{
	static const char *const none[] = {NULL};
	snapshot_files f = {build_paths, 8, none, NULL};
	/* without a build file: two candidates */
	resolve_in(&f, "c", "src/main.c", imp("dup.h", NULL, "include"), "unresolved", NULL, NULL);
	f.configs = build_make;
	resolve_in(&f, "c", "src/main.c", imp("dup.h", NULL, "include"), "internal", "a/dup.h", NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "reason"), "build file include dir");
	f.configs = build_cmake;
	resolve_in(&f, "c", "src/main.c", imp("dup.h", NULL, "system"), "internal", "b/dup.h", NULL);
	resolve_in(&f, "c", "src/main.c", imp("dup2.h", NULL, "include"), "internal", "lib/y/dup2.h",
		   NULL);
	f.configs = build_cc;
	resolve_in(&f, "cpp", "src/main.c", imp("dup2.h", NULL, "include"), "internal", "lib/x/dup2.h",
		   NULL);
	resolve_in(&f, "c", "src/main.c", imp("dup3.h", NULL, "include"), "internal", "src/sub/dup3.h",
		   NULL);
	resolve_in(&f, "c", "src/main.c", imp("dup.h", NULL, "include"), "internal", "a/dup.h", NULL);
}

static void no_crash(const char *path, const char *data)
{
	sp_resolver *r;
	cr_assert_eq(sp_resolver_new(build_paths, 8, &r), 0);
	cr_assert(sp_resolver_is_config(path));
	cr_assert_eq(sp_resolver_add_config(r, path, data, strlen(data)), 0, "%s: %s", path, data);
	sp_resolver_free(r);
}

Test(resolve, build_files_malformed)
{
	const char *const bad_json[] = {"",
					"[",
					"[{",
					"[{\"directory\"",
					"[{\"arguments\": [1, \"-I",
					"[{\"directory\": \"/\", \"arguments\": [\"-I\"]}]",
					"{}",
					"[1, 2, {]"};
	for (size_t i = 0; i < sizeof bad_json / sizeof bad_json[0]; i++)
		no_crash("compile_commands.json", bad_json[i]);
	no_crash("x.mk", "-I");
	no_crash("Makefile", "-I../../../..");
	no_crash("CMakeLists.txt", "include_directories(");
	no_crash("CMakeLists.txt", "target_include_directories(t PUBLIC \"");
	no_crash("CMakeLists.txt", "xinclude_directories(a)");
}

/* Without any configuration: the one file whose path ends with the include (issue 10: a third of
   a C server's includes stayed unresolved). */
static const char *const suffix_paths[] = {"a/dup.h",
					   "b/dup.h",
					   "deps/jemalloc/include/jemalloc/internal/x.h",
					   "src/fpconv/fpconv_dtoa.h",
					   "src/server.c",
					   "src/xjemalloc/internal/y.h"};
static const snapshot_files suffix_files = {suffix_paths, 6, NULL, NULL};

Test(resolve, c_includes_by_unique_suffix)
{
	const snapshot_files *f = &suffix_files;
	resolve_in(f, "c", "src/server.c", imp("fpconv_dtoa.h", NULL, "include"), "internal",
		   "src/fpconv/fpconv_dtoa.h", NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "reason"), "suffix match");
	resolve_in(f, "c", "src/server.c", imp("jemalloc/internal/x.h", NULL, "include"), "internal",
		   "deps/jemalloc/include/jemalloc/internal/x.h", NULL);
	resolve_in(f, "c", "src/server.c", imp("jemalloc/internal/x.h", NULL, "system"), "internal",
		   "deps/jemalloc/include/jemalloc/internal/x.h", NULL);
	/* on a '/' boundary only: xjemalloc/internal/y.h does not end with jemalloc/internal/y.h */
	resolve_in(f, "c", "src/server.c", imp("jemalloc/internal/y.h", NULL, "include"), "unresolved",
		   NULL, NULL);
	/* two candidates: no guess */
	resolve_in(f, "c", "src/server.c", imp("dup.h", NULL, "include"), "unresolved", NULL, NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "reason"),
			 "several files of the repository end with it");
	/* the standard library first, whatever the repository holds */
	resolve_in(f, "c", "src/server.c", imp("stdio.h", NULL, "system"), "stdlib", NULL, NULL);
}

static const char *const ruby_paths[] = {"bin/tool.rb", "lib/acme.rb", "lib/acme/version.rb"};
static const snapshot_files ruby_files = {ruby_paths, 3, NULL, NULL};

Test(resolve, ruby)
{
	const snapshot_files *f = &ruby_files;
	resolve_in(f, "ruby", "lib/acme.rb", imp("acme/version", NULL, "require_relative"), "internal",
		   "lib/acme/version.rb", NULL);
	resolve_in(f, "ruby", "bin/tool.rb", imp("../lib/acme", NULL, "require_relative"), "internal",
		   "lib/acme.rb", NULL);
	resolve_in(f, "ruby", "bin/tool.rb", imp("acme", NULL, "require"), "internal", "lib/acme.rb",
		   NULL);
	resolve_in(f, "ruby", "bin/tool.rb", imp("json", NULL, "require"), "stdlib", NULL, NULL);
	resolve_in(f, "ruby", "bin/tool.rb", imp("rails/all", NULL, "require"), "external", NULL, NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "package"), "rails");
	resolve_in(f, "ruby", "bin/tool.rb", imp("nope", NULL, "require_relative"), "unresolved", NULL,
		   NULL);
}

/* a gem monorepo: every lib/ is on the load path, the requiring gem's own first (issue 10) */
static const char *const ruby_mono_paths[] = {
	"lib/sinatra/base.rb",
	"rack-protection/lib/rack/protection.rb",
	"sinatra-contrib/lib/sinatra/base.rb",
	"sinatra-contrib/lib/sinatra/capture.rb",
	"sinatra-contrib/spec/capture_spec.rb",
	"test/helper.rb",
	"zeta/lib/rack/protection.rb",
};
static const snapshot_files ruby_mono = {ruby_mono_paths, 7, NULL, NULL};

Test(resolve, ruby_every_lib_directory)
{
	const snapshot_files *f = &ruby_mono;
	resolve_in(f, "ruby", "test/helper.rb", imp("sinatra/capture", NULL, "require"), "internal",
		   "sinatra-contrib/lib/sinatra/capture.rb", NULL);
	/* several match: the lib/ above the requiring file first, nearest first */
	resolve_in(f, "ruby", "sinatra-contrib/spec/capture_spec.rb",
		   imp("sinatra/base", NULL, "require"), "internal",
		   "sinatra-contrib/lib/sinatra/base.rb", NULL);
	resolve_in(f, "ruby", "sinatra-contrib/lib/sinatra/capture.rb",
		   imp("sinatra/base", NULL, "require"), "internal",
		   "sinatra-contrib/lib/sinatra/base.rb", NULL);
	resolve_in(f, "ruby", "test/helper.rb", imp("sinatra/base", NULL, "require"), "internal",
		   "lib/sinatra/base.rb", NULL);
	/* then the other lib/ directories, shallowest first, then in byte order */
	resolve_in(f, "ruby", "test/helper.rb", imp("rack/protection", NULL, "require"), "internal",
		   "rack-protection/lib/rack/protection.rb", NULL);
	resolve_in(f, "ruby", "test/helper.rb", imp("json", NULL, "require"), "stdlib", NULL, NULL);
}
