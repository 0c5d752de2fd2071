/* tests/unit/test_transform.c: facts -> rows (qualified names, kinds, attrs JSON, NLOC, metrics,
   normalised imports) and Python import resolution against a snapshot's paths. */
#include <criterion/criterion.h>
#include <string.h>

#include "sp_transform.h"

static sp_extractor *ex;
static sp_parser *parser;
static sp_transformer *tr;
static sp_facts facts;
static sp_batch batch;

static void setup(void)
{
	/* lazy: these tests parse Python only; the other languages are resolved, not parsed */
	cr_assert_eq(sp_extractor_new(&ex, SP_EXTRACTOR_LAZY), 0, "%s", sp_extractor_errmsg(ex));
	cr_assert_eq(sp_extractor_prepare(ex, sp_extractor_by_name(ex, "python")), 0);
	cr_assert_eq(sp_parser_new(ex, &parser), 0);
	cr_assert_eq(sp_transformer_new(&tr), 0);
	sp_facts_init(&facts);
	sp_batch_init(&batch);
}

static void teardown(void)
{
	sp_batch_release(&batch);
	sp_facts_release(&facts);
	sp_transformer_free(tr);
	sp_parser_free(parser);
	sp_extractor_free(ex);
}

TestSuite(rows, .init = setup, .fini = teardown);
TestSuite(resolve, .init = setup, .fini = teardown);

static sp_import_row *imports;
static size_t nimports;

static void transform(const char *src)
{
	const sp_language *py = sp_extractor_by_name(ex, "python");
	cr_assert_eq(sp_parser_run(parser, py, src, strlen(src), &facts), 0);
	sp_blob_key key = {1,   10, "00112233445566778899aabbccddeeff", "python", (int64_t)strlen(src),
			   NULL};
	cr_assert_eq(sp_transform_blob(tr, &batch, &key, py, &facts, &imports, &nimports), 0);
	cr_assert_eq(batch.err, 0);
}

/* Column index by name, so the tests do not hard-code positions. */
static size_t col(sp_table_id t, const char *name)
{
	for (size_t c = 0; c < sp_tables[t].ncols; c++)
		if (!strcmp(sp_tables[t].cols[c].name, name))
			return c;
	cr_assert_fail("no column %s", name);
	return 0;
}

static const char *text(sp_table_id t, size_t row, const char *name)
{
	const sp_value *v = &sp_batch_row(&batch, t, row)[col(t, name)];
	return v->null ? NULL : v->s;
}

static int64_t num(sp_table_id t, size_t row, const char *name)
{
	return sp_batch_row(&batch, t, row)[col(t, name)].i;
}

Test(rows, qualified_names_kinds_and_classes)
{
	transform("class Outer:\n"
		  "    class Inner:\n"
		  "        def m(self):\n"
		  "            def local():\n"
		  "                pass\n"
		  "def top():\n"
		  "    pass\n");
	cr_assert_eq(batch.rows[SP_TBL_FUNCTIONS], 3);
	cr_assert_eq(batch.rows[SP_TBL_CLASSES], 2);
	cr_assert_str_eq(text(SP_TBL_CLASSES, 1, "qualified_name"), "Outer.Inner");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 0, "qualified_name"), "Outer.Inner.m");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 0, "kind"), "method");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 0, "class_name"), "Outer.Inner");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 1, "qualified_name"), "Outer.Inner.m.local");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 1, "kind"), "function");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 2, "qualified_name"), "top");
	cr_assert_null(text(SP_TBL_FUNCTIONS, 2, "class_name"));
	cr_assert_eq(num(SP_TBL_FUNCTIONS, 2, "function_id"), 3);
	cr_assert_eq(batch.rows[SP_TBL_FUNCTION_METRICS], 3);
	cr_assert_eq(batch.rows[SP_TBL_BLOBS], 1);
	cr_assert_eq(batch.rows[SP_TBL_FILE_METRICS], 1);
	cr_assert_eq(num(SP_TBL_FILE_METRICS, 0, "function_count"), 3);
	cr_assert_eq(num(SP_TBL_FILE_METRICS, 0, "class_count"), 2);
}

Test(rows, attrs_json_and_parameters)
{
	transform("@app.route(\"/x\",\n    methods=[\"GET\"])\n"
		  "async def view(req, *args, **kw):\n"
		  "    r'''  First \"line\".\n\n    rest'''\n"
		  "    return 1\n"
		  "def nodoc(): f\"not {a} doc\"\n");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 0, "parameters"), "req, args, kw");
	cr_assert_eq(num(SP_TBL_FUNCTIONS, 0, "param_count"), 3);
	cr_assert_str_eq(
		text(SP_TBL_FUNCTIONS, 0, "attrs"),
		"{\"async\": true, \"decorators\": [\"app.route(\\\"/x\\\", methods=[\\\"GET\\\"])\"], "
		"\"docstring\": \"First \\\"line\\\".\"}");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 1, "attrs"),
			 "{\"async\": false, \"decorators\": [], \"docstring\": null}");
	cr_assert_eq(num(SP_TBL_FUNCTIONS, 0, "def_line"), 3);
	cr_assert_eq(num(SP_TBL_FUNCTIONS, 0, "start_line"), 1);
}

Test(rows, nloc_counts_code_lines_of_the_definition)
{
	transform("def f():\n"
		  "    \"\"\"Doc.\"\"\"\n"
		  "    # comment\n"
		  "\n"
		  "    x = 1\n"
		  "    return x\n");
	cr_assert_eq(num(SP_TBL_FUNCTION_METRICS, 0, "nloc"), 3);
	cr_assert_eq(num(SP_TBL_BLOBS, 0, "code_lines"), 3);
	cr_assert_eq(num(SP_TBL_BLOBS, 0, "comment_lines"), 2);
	cr_assert_eq(num(SP_TBL_BLOBS, 0, "blank_lines"), 1);
}

Test(rows, imports_are_normalised)
{
	transform("import os.path as p\nfrom ..a.b import c\nfrom . import d\n");
	cr_assert_eq(nimports, 3);
	cr_assert_str_eq(imports[0].module, "os.path");
	cr_assert_null(imports[0].name);
	cr_assert_eq(imports[0].level, 0);
	cr_assert_str_eq(imports[1].module, "a.b");
	cr_assert_str_eq(imports[1].name, "c");
	cr_assert_eq(imports[1].level, 2);
	cr_assert_str_eq(imports[2].module, "");
	cr_assert_eq(imports[2].level, 1);
	cr_assert_str_eq(text(SP_TBL_IMPORTS, 0, "alias"), "p");
	cr_assert_null(text(SP_TBL_IMPORTS, 1, "alias"));
}

/* ---- resolution ---- */

static const char *const paths[] = {
	"app/__init__.py",     "app/core.py",      "app/sub/__init__.py",
	"app/sub/leaf.py",     "scripts/run.py",   "scripts/util.py",
	"src/lib/__init__.py", "src/lib/thing.py", "top.py",
};

/* The snapshot the resolver of the next resolve_in() sees: paths, config files, include dirs. */
typedef struct snapshot_files {
	const char *const *paths;
	size_t n;
	const char *const *configs; /* path, content, path, content..., NULL */
	const char *const *include_dirs; /* NULL-terminated or NULL */
} snapshot_files;

static void resolve_in(const snapshot_files *sf, const char *lang, const char *path, sp_import_row im,
		       const char *kind, const char *target, const char *module)
{
	sp_resolver *r;
	cr_assert_eq(sp_resolver_new(sf->paths, sf->n, &r), 0);
	for (const char *const *c = sf->configs; c && *c; c += 2) {
		cr_assert(sp_resolver_is_config(c[0]));
		cr_assert_eq(sp_resolver_add_config(r, c[0], c[1], strlen(c[1])), 0);
	}
	for (const char *const *d = sf->include_dirs; d && *d; d++)
		cr_assert_eq(sp_resolver_add_include_dir(r, *d), 0);
	sp_batch_clear(&batch);
	const sp_language *l = sp_extractor_by_name(ex, lang);
	cr_assert_not_null(l);
	cr_assert_eq(sp_transform_dependencies(tr, &batch, r, l, 1, 2, path, 10, &im, 1), 0);
	cr_assert_eq(batch.rows[SP_TBL_DEPENDENCIES], 1);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "kind"), kind, "%s from %s", im.module, path);
	if (target)
		cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "target_path"), target);
	else
		cr_assert_null(text(SP_TBL_DEPENDENCIES, 0, "target_path"));
	if (module)
		cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "target_module"), module);
	sp_resolver_free(r);
}

static const snapshot_files python_files = {paths, sizeof paths / sizeof paths[0], NULL, NULL};

static void resolve_one(const char *path, sp_import_row im, const char *kind, const char *target,
			const char *module)
{
	resolve_in(&python_files, "python", path, im, kind, target, module);
}

Test(resolve, absolute_modules_and_packages)
{
	resolve_one("top.py", (sp_import_row){1, "app.core", NULL, 0, "import"}, "internal",
		    "app/core.py", "app.core");
	resolve_one("top.py", (sp_import_row){1, "app", "sub", 0, "import"}, "internal",
		    "app/sub/__init__.py", "app.sub");
	resolve_one("top.py", (sp_import_row){1, "app.core", "func", 0, "import"}, "internal",
		    "app/core.py", "app.core");
	resolve_one("top.py", (sp_import_row){1, "app.core.deep", NULL, 0, "import"}, "internal",
		    "app/core.py", NULL);
	/* a submodule the package lacks is unresolved, not the package itself */
	resolve_one("top.py", (sp_import_row){1, "app.missing", "thing", 0, "import"}, "unresolved",
		    NULL, "app.missing");
	resolve_one("top.py", (sp_import_row){1, "app.missing", NULL, 0, "import"}, "unresolved", NULL,
		    NULL);
	/* src/lib is a package whose parent src/ is not: its module name is "lib" */
	resolve_one("top.py", (sp_import_row){1, "lib.thing", NULL, 0, "import"}, "internal",
		    "src/lib/thing.py", NULL);
	/* a script's directory is its own root */
	resolve_one("scripts/run.py", (sp_import_row){1, "util", NULL, 0, "import"}, "internal",
		    "scripts/util.py", NULL);
}

Test(resolve, relative_imports)
{
	resolve_one("app/sub/leaf.py", (sp_import_row){1, "", "leaf", 1, "import"}, "internal",
		    "app/sub/leaf.py", ".leaf");
	resolve_one("app/sub/leaf.py", (sp_import_row){1, "core", "x", 2, "import"}, "internal",
		    "app/core.py", "..core");
	resolve_one("app/sub/leaf.py", (sp_import_row){1, "", "nothing", 2, "import"}, "internal",
		    "app/__init__.py", "..");
	resolve_one("app/core.py", (sp_import_row){1, "missing", NULL, 1, "import"}, "unresolved", NULL,
		    ".missing");
	resolve_one("top.py", (sp_import_row){1, "x", NULL, 3, "import"}, "unresolved", NULL, "...x");
}

Test(resolve, stdlib_and_external)
{
	resolve_one("top.py", (sp_import_row){1, "os.path", NULL, 0, "import"}, "stdlib", NULL,
		    "os.path");
	resolve_one("top.py", (sp_import_row){1, "__future__", "annotations", 0, "import"}, "stdlib",
		    NULL, NULL);
	resolve_one("top.py", (sp_import_row){1, "requests.adapters", NULL, 0, "import"}, "external",
		    NULL, NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "package"), "requests");
}

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
