/* tests/unit/test_watch.c: extract/watch.c on a real directory: changes as a set, new directories
   watched with the files they already hold, .git never watched, a symlinked directory not
   followed, the pending set emptied by a take. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sp_extract.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	FILE *f = fopen(p, "w");
	cr_assert_not_null(f, "%s", p);
	fputs(text, f);
	fclose(f);
}

static void dir(const char *rel)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	cr_assert_eq(mkdir(p, 0755), 0, "%s", p);
}

static void setup(void)
{
	snprintf(root, sizeof root, "/tmp/sp-watch-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	dir(".git");
	dir("src");
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
}

static bool has(const sp_watch_paths *p, const char *path)
{
	for (size_t i = 0; i < p->paths.n; i++)
		if (!strcmp(p->paths.v[i], path))
			return true;
	return false;
}

Test(watch, changes_are_a_set_and_new_directories_are_watched, .init = setup, .fini = teardown)
{
	sp_watch *w = NULL;
	cr_assert_eq(sp_watch_open(root, &w), 0, "%s", sp_watch_errmsg(w));
	cr_assert_eq(sp_watch_dirs(w), 2, "root and src/, not .git");
	put("src/a.py", "x = 1\n");
	put("src/a.py", "x = 2\n");
	put(".git/index", "not watched\n");
	cr_assert_eq(sp_watch_poll(w, 1000), 1);
	cr_assert_eq(sp_watch_poll(w, 50), 0, "saved twice: one change");
	/* a directory tree created at once: its files count, its directories are watched */
	char cmd[256];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s/new/deep' && echo y > '%s/new/deep/b.py'", root, root);
	cr_assert_eq(system(cmd), 0);
	while (sp_watch_poll(w, 200) > 0)
		;
	put("new/deep/c.py", "z = 3\n");
	while (sp_watch_poll(w, 200) > 0)
		;
	cr_assert_eq(sp_watch_dirs(w), 4);
	sp_watch_paths p;
	cr_assert_eq(sp_watch_take(w, &p), 0);
	cr_assert(has(&p, "src/a.py") && has(&p, "new/deep/b.py") && has(&p, "new/deep/c.py"));
	cr_assert(!has(&p, ".git/index"));
	cr_assert_eq(sp_watch_pending(w), 0, "a take empties the set");
	sp_watch_paths_release(&p);
	sp_watch_close(w);
}

Test(watch, symlinked_directories_are_not_followed, .init = setup, .fini = teardown)
{
	char target[128], link[128];
	snprintf(target, sizeof target, "%s/src", root);
	snprintf(link, sizeof link, "%s/link", root);
	cr_assert_eq(symlink(target, link), 0);
	sp_watch *w = NULL;
	cr_assert_eq(sp_watch_open(root, &w), 0, "%s", sp_watch_errmsg(w));
	cr_assert_eq(sp_watch_dirs(w), 2, "the link is not a second src/");
	sp_watch_close(w);
}

Test(watch, a_missing_root_is_an_error)
{
	sp_watch *w = NULL;
	cr_assert_eq(sp_watch_open("/nonexistent/sp-watch", &w), SP_EIO);
	cr_assert(strstr(sp_watch_errmsg(w), "/nonexistent/sp-watch"));
	sp_watch_close(w);
}
