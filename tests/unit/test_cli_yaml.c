/* tests/unit/test_cli_yaml.c: the YAML files the command line reads (cli/manifest.c,
   cli/config.c): the scan manifest's keys, errors and limits, and the repository's
   .snakepipe.yaml, its keys, errors, a symlink not followed and what wins over it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_p.h"
#include "config_p.h"
#include "manifest_p.h"

/* ---- the scan manifest ---- */

static char manifest_path[64];

static int load(const char *text, sp_manifest **m, sp_buf *err)
{
	snprintf(manifest_path, sizeof manifest_path, "/tmp/sp-test-manifest-XXXXXX");
	int fd = mkstemp(manifest_path);
	cr_assert_geq(fd, 0);
	size_t n = strlen(text);
	cr_assert_eq(write(fd, text, n), (ssize_t)n);
	close(fd);
	sp_buf_init(err);
	int rc = sp_manifest_load(manifest_path, m, err);
	unlink(manifest_path);
	return rc;
}

Test(manifest, every_key_is_read)
{
	sp_manifest *m = NULL;
	sp_buf err;
	int rc = load("defaults:\n  database: x.db\n  batch_size: 7\n  retries: 2\n  jobs: 3\n"
		      "repositories:\n  - path: /a\n    rev: HEAD\n    include: [\"src/*\", \"lib/*\"]\n"
		      "    exclude: [\"src/gen/*\"]\n    languages: [python, go]\n"
		      "    include_dirs: [include]\n  - path: /b\n",
		      &m, &err);
	cr_assert_eq(rc, 0, "%s", sp_buf_cstr(&err));
	cr_assert_str_eq(m->defaults->database, "x.db");
	cr_assert_eq(*m->defaults->batch_size, 7);
	cr_assert_eq(*m->defaults->retries, 2);
	cr_assert_eq(*m->defaults->jobs, 3);
	cr_assert_eq(m->repositories_count, 2);
	const sp_manifest_repo *a = &m->repositories[0], *b = &m->repositories[1];
	cr_assert_str_eq(a->path, "/a");
	cr_assert_str_eq(a->rev, "HEAD");
	cr_assert_eq(a->include_count, 2);
	cr_assert_str_eq(a->include[1], "lib/*");
	cr_assert_eq(a->exclude_count, 1);
	cr_assert_str_eq(a->exclude[0], "src/gen/*");
	cr_assert_eq(a->languages_count, 2);
	cr_assert_str_eq(a->languages[1], "go");
	cr_assert_eq(a->include_dirs_count, 1);
	cr_assert_str_eq(a->include_dirs[0], "include");
	cr_assert_str_eq(b->path, "/b");
	cr_assert_null(b->rev);
	cr_assert_eq(b->include_count, 0);
	sp_manifest_free(m);
	sp_buf_release(&err);
}

Test(manifest, errors_name_the_key_and_line)
{
	static const struct {
		const char *text, *want1, *want2;
	} bad[] = {
		{"repositories:\n  - path: /x\n    exlude: ['*']\n", "exlude", "line 3"},
		{"defaults:\n  jobs: 65\nrepositories:\n  - path: /x\n",
		 "defaults.jobs: 65 is out of range", "on line 2"},
		{"defaults:\n  retries: 101\nrepositories:\n  - path: /x\n", "defaults.retries",
		 "0 to 100"},
		{"repositories:\n  - path: /x\n    languages: [cobol]\n", "no language 'cobol'", "/x"},
		{"# only a comment\n", "empty", "repositories"},
		{"repositories: [\n", "line", ""},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sp_manifest *m = (sp_manifest *)1;
		sp_buf err;
		cr_assert_eq(load(bad[i].text, &m, &err), SP_EUSAGE, "case %zu", i);
		cr_assert_null(m, "case %zu", i);
		const char *e = sp_buf_cstr(&err);
		cr_assert(strstr(e, bad[i].want1) && strstr(e, bad[i].want2), "case %zu: %s", i, e);
		sp_buf_release(&err);
	}
}

Test(manifest, size_and_alias_expansion_are_limited)
{
	/* a billion-laughs manifest: each level references the one before ten times */
	sp_buf t;
	sp_buf_init(&t);
	sp_buf_puts(&t, "x0: &a0 [\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]\n");
	for (int i = 1; i < 9; i++) {
		sp_buf_printf(&t, "x%d: &a%d [", i, i);
		for (int k = 0; k < 10; k++)
			sp_buf_printf(&t, "%s*a%d", k ? ", " : "", i - 1);
		sp_buf_puts(&t, "]\n");
	}
	sp_buf_puts(&t, "repositories:\n  - path: /x\n");
	sp_manifest *m = NULL;
	sp_buf err;
	cr_assert_eq(load(sp_buf_cstr(&t), &m, &err), SP_EUSAGE);
	cr_assert(strstr(sp_buf_cstr(&err), "expand to more than 64 MiB"), "%s", sp_buf_cstr(&err));
	sp_buf_release(&err);
	sp_buf_reset(&t);
	sp_buf_puts(&t, "repositories:\n  - path: /x\n");
	while (t.len <= SP_MANIFEST_MAX_BYTES)
		sp_buf_puts(&t,
			    "# a long comment line to go over the manifest size limit ...........\n");
	cr_assert_eq(load(sp_buf_cstr(&t), &m, &err), SP_EUSAGE);
	cr_assert(strstr(sp_buf_cstr(&err), "a manifest may hold at most"), "%s", sp_buf_cstr(&err));
	sp_buf_release(&err);
	sp_buf_release(&t);
}

/* ---- the repository config, .snakepipe.yaml ---- */

static char config_dir[64];

/* Writes text as <a new directory>/.snakepipe.yaml and loads it through sp_config_load. */
static int load_config(const char *text, sp_config **c, sp_buf *err)
{
	snprintf(config_dir, sizeof config_dir, "/tmp/sp-test-config-XXXXXX");
	cr_assert_not_null(mkdtemp(config_dir));
	char path[96];
	snprintf(path, sizeof path, "%s/.snakepipe.yaml", config_dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	sp_buf_init(err);
	int rc = sp_config_load(config_dir, c, err);
	unlink(path);
	rmdir(config_dir);
	return rc;
}

Test(config, every_key_is_read)
{
	sp_config *c = NULL;
	sp_buf err;
	int rc = load_config(
		"name: example/x\ninclude: [\"src/*\"]\nexclude: [\"src/gen/*\", \"*.pb.c\"]\n"
		"languages: [c, cpp]\nlanguage_map:\n  \"*.h\": cpp\n  Rakefile: ruby\n"
		"include_dirs: [include]\ndefault_branch: trunk\n"
		"check:\n  base: origin/trunk\n  fail_on: [\"cyclomatic > 15\"]\n",
		&c, &err);
	cr_assert_eq(rc, 0, "%s", sp_buf_cstr(&err));
	cr_assert_not_null(c->path);
	cr_assert_str_eq(c->name, "example/x");
	cr_assert_eq(c->include_count, 1);
	cr_assert_str_eq(c->include[0], "src/*");
	cr_assert_eq(c->exclude_count, 2);
	cr_assert_str_eq(c->exclude[1], "*.pb.c");
	cr_assert_eq(c->languages_count, 2);
	cr_assert_eq(c->language_map_count, 2);
	cr_assert_str_eq(c->language_map[0].glob, "*.h");
	cr_assert_str_eq(c->language_map[0].language, "cpp");
	cr_assert_str_eq(c->language_map[1].glob, "Rakefile");
	cr_assert_eq(c->include_dirs_count, 1);
	cr_assert_str_eq(c->default_branch, "trunk");
	cr_assert_str_eq(c->check_base, "origin/trunk");
	cr_assert_eq(c->fail_on_count, 1);
	cr_assert_str_eq(c->fail_on[0], "cyclomatic > 15");
	sp_config_free(c);
	sp_buf_release(&err);
}

Test(config, no_file_and_an_empty_file_are_an_empty_config)
{
	sp_config *c = NULL;
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_config_load("/nonexistent-sp-repo", &c, &err), 0, "%s", sp_buf_cstr(&err));
	cr_assert_null(c->path);
	cr_assert_eq(c->include_count + c->language_map_count + c->fail_on_count, 0);
	sp_config_free(c);
	cr_assert_eq(load_config("", &c, &err), 0, "%s", sp_buf_cstr(&err));
	cr_assert_not_null(c->path);
	cr_assert_null(c->default_branch);
	sp_config_free(c);
	cr_assert_eq(load_config("# comments only\n", &c, &err), 0, "%s", sp_buf_cstr(&err));
	sp_config_free(c);
	sp_config_free(NULL);
	sp_buf_release(&err);
}

Test(config, errors_name_the_key_and_line)
{
	static const struct {
		const char *text, *want1, *want2;
	} bad[] = {
		{"name: x\nexlude: ['*']\n", "exlude", "line 2"},
		{"check:\n  base: main\n  fail: [x]\n", "fail", "line 3"},
		{"name: x\n\nexclude: '*.c'\n", "field 'exclude'", "line: 3"},
		{"include_dirs:\n  a: b\n", "field 'include_dirs'", "line: 2"},
		{"languages: [python, cobol]\n", "languages: no language 'cobol'", "line 1"},
		{"name: x\nlanguage_map:\n  \"*.h\": cpp\n  \"*.inc\": fortran\n",
		 "language_map: no language 'fortran'", "line 4"},
		{"language_map: [\"*.h\"]\n", "language_map: wants a mapping", "line 1"},
		{"language_map:\n  \"*.h\": [cpp]\n", "language_map", "line 2"},
		{"name: [\n", "line", ".snakepipe.yaml"},
		/* fnmatch backtracks on each '*': a repository cannot hand it a glob of many */
		{"name: x\nexclude: [\"*a*a*a*a*a*a*a*a*a\"]\n", "exclude: a glob may be", "line 2"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sp_config *c = (sp_config *)1;
		sp_buf err;
		cr_assert_eq(load_config(bad[i].text, &c, &err), SP_EUSAGE, "case %zu", i);
		cr_assert_null(c, "case %zu", i);
		const char *e = sp_buf_cstr(&err);
		cr_assert(strstr(e, bad[i].want1) && strstr(e, bad[i].want2), "case %zu: %s", i, e);
		sp_buf_release(&err);
	}
}

Test(config, a_symlinked_file_is_not_followed)
{
	char dir[] = "/tmp/sp-test-link-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/.snakepipe.yaml", dir);
	cr_assert_eq(symlink("/etc/passwd", path), 0);
	sp_config *c = (sp_config *)1;
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_config_load(dir, &c, &err), SP_EUSAGE);
	cr_assert_null(c);
	cr_assert(strstr(sp_buf_cstr(&err), "a symlink, not followed"), "%s", sp_buf_cstr(&err));
	unlink(path);
	rmdir(dir);
	sp_buf_release(&err);
}

Test(config, flags_and_manifest_keys_win_over_the_file)
{
	char dir[] = "/tmp/sp-test-merge-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/.snakepipe.yaml", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("exclude: [\"gen/*\"]\ninclude: [\"src/*\"]\ndefault_branch: trunk\n"
	      "language_map:\n  \"*.h\": cpp\n",
	      f);
	fclose(f);
	static const char *const flag_include[] = {"lib/*"};
	sp_options o = {.repo = dir, .include = flag_include, .include_count = 1};
	sp_options m;
	sp_config *c = NULL;
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_config_merge(&o, &c, &m, &err), 0, "%s", sp_buf_cstr(&err));
	cr_assert_eq(m.include_count, 1);
	cr_assert_str_eq(m.include[0], "lib/*", "the flag wins");
	cr_assert_eq(m.exclude_count, 1);
	cr_assert_str_eq(m.exclude[0], "gen/*", "the file fills what no flag gives");
	cr_assert_str_eq(m.default_branch, "trunk");
	cr_assert_eq(m.language_map_count, 1);
	sp_config_free(c);
	/* the manifest's pointer: another file, relative to the repository, and it must exist */
	o.config = "none.yaml";
	cr_assert_eq(sp_config_merge(&o, &c, &m, &err), SP_EUSAGE);
	cr_assert(strstr(sp_buf_cstr(&err), "none.yaml: cannot read"), "%s", sp_buf_cstr(&err));
	cr_assert_null(c);
	sp_config_free(c);
	unlink(path);
	rmdir(dir);
	sp_buf_release(&err);
}
