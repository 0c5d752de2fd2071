/* tests/unit/test_walk.c: extract/walk.c and open.c: which files a tree holds (a directory walk, a
   git work tree) and how they are opened: never outside the root, names kept as bytes, no FIFO read. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sp_extract.h"

/* ---- file walk ---- */

static char tmpdir[64];

static void put(const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

static const sp_file_entry *entry(const sp_filelist *l, const char *rel)
{
	for (size_t i = 0; i < l->files.n; i++)
		if (!strcmp(l->files.v[i].path, rel))
			return &l->files.v[i];
	return NULL;
}

static bool listed(const sp_filelist *l, const char *rel)
{
	return entry(l, rel) != NULL;
}

Test(walk, directory_walk_skips_git_and_never_leaves_root)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/sp-walk-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
	char path[512];
	snprintf(path, sizeof path, "%s/.git", tmpdir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/sub", tmpdir);
	mkdir(path, 0700);
	put(".git/config", "x");
	put("a.py", "x = 1\n");
	put("sub/b.py", "y = 2\n");
	snprintf(path, sizeof path, "%s/out.py", tmpdir);
	cr_assert_eq(symlink("/etc/hostname", path), 0);
	snprintf(path, sizeof path, "%s/in.py", tmpdir);
	cr_assert_eq(symlink("a.py", path), 0);
	snprintf(path, sizeof path, "%s/loop", tmpdir);
	cr_assert_eq(symlink(".", path), 0); /* a directory symlink is not followed */

	sp_filelist l;
	sp_filelist_init(&l);
	cr_assert_eq(sp_filelist_collect(&l, tmpdir, NULL), 0, "%s", sp_buf_cstr(&l.err));
	cr_assert_not(l.is_git);
	cr_assert(listed(&l, "a.py") && listed(&l, "sub/b.py"));
	cr_assert_not(listed(&l, ".git/config"));
	for (size_t i = 0; i < l.files.n; i++)
		cr_assert_null(strstr(l.files.v[i].path, "loop/"), "followed a directory symlink: %s",
			       l.files.v[i].path);

	char *data;
	size_t len;
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_file_read(&l, entry(&l, "in.py"), &data, &len, &err), 0);
	cr_assert_eq(len, 6);
	free(data);
	cr_assert_eq(sp_file_read(&l, entry(&l, "out.py"), &data, &len, &err), SP_EOUTSIDE);
	cr_assert_null(data);
	sp_file_entry gone = {.path = "gone.py"};
	cr_assert_eq(sp_file_read(&l, &gone, &data, &len, &err), SP_ENOENT);
	sp_buf_release(&err);
	sp_filelist_release(&l);

	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	cr_assert_eq(system(cmd), 0);
}

Test(walk, git_work_tree_respects_gitignore_and_records_head)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/sp-git-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
	put(".gitignore", "ignored.py\n");
	put("kept.py", "x = 1\n");
	put("ignored.py", "y = 2\n");
	put("untracked.py", "z = 3\n");
	char cmd[600];
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && git init -q && git add .gitignore kept.py && "
		 "git -c user.name=t -c user.email=t@t commit -qm init",
		 tmpdir);
	cr_assert_eq(system(cmd), 0);
	sp_filelist l;
	sp_filelist_init(&l);
	cr_assert_eq(sp_filelist_collect(&l, tmpdir, NULL), 0, "%s", sp_buf_cstr(&l.err));
	cr_assert(l.is_git);
	cr_assert_not_null(l.commit);
	cr_assert_eq(strlen(l.commit), 40);
	cr_assert(listed(&l, "kept.py") && listed(&l, "untracked.py"));
	cr_assert_not(listed(&l, "ignored.py"));
	cr_assert_eq(strlen(entry(&l, "kept.py")->git_blob), 40,
		     "a clean tracked file carries its object id");
	cr_assert_str_eq(entry(&l, "untracked.py")->git_blob, "");
	sp_filelist_release(&l);

	/* a local modification: git no longer vouches for the content */
	put("kept.py", "x = 2\n");
	sp_filelist_init(&l);
	cr_assert_eq(sp_filelist_collect(&l, tmpdir, NULL), 0);
	cr_assert_str_eq(entry(&l, "kept.py")->git_blob, "");
	sp_filelist_release(&l);

	/* a revision is read from the object store, not the work tree */
	sp_filelist_init(&l);
	cr_assert_eq(sp_filelist_collect(&l, tmpdir, "HEAD"), 0, "%s", sp_buf_cstr(&l.err));
	cr_assert(l.from_rev);
	cr_assert_not(listed(&l, "untracked.py"));
	char *data;
	size_t len;
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_file_read(&l, entry(&l, "kept.py"), &data, &len, &err), 0, "%s",
		     sp_buf_cstr(&err));
	cr_assert_eq(len, 6);
	cr_assert(!memcmp(data, "x = 1\n", 6), "committed content, not the modified work tree");
	free(data);
	sp_buf_release(&err);
	sp_filelist_release(&l);
	sp_filelist_init(&l);
	cr_assert_eq(sp_filelist_collect(&l, tmpdir, "no-such-rev"), SP_EUSAGE);
	sp_filelist_release(&l);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	cr_assert_eq(system(cmd), 0);
}

/* ---- hostile names and trees ---- */

static void rm_rf(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

Test(walk, names_that_are_not_utf8_are_stored_escaped_and_opened_by_their_bytes)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/sp-names-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
	put("caf\xe9.py", "e = 1\n");
	put("caf\xe8.py", "e = 22\n");
	put("back\\slash.py", "b = 3\n");
	sp_filelist l;
	sp_filelist_init(&l);
	cr_assert_eq(sp_filelist_collect(&l, tmpdir, NULL), 0, "%s", sp_buf_cstr(&l.err));
	const sp_file_entry *e9 = entry(&l, "caf\\xe9.py"), *e8 = entry(&l, "caf\\xe8.py");
	const sp_file_entry *bs = entry(&l, "back\\\\slash.py");
	cr_assert(e9 && e8 && bs, "stored names: escaped, distinct");
	cr_assert_str_eq(sp_file_raw(e9), "caf\xe9.py");
	char *data;
	size_t len;
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_file_read(&l, e8, &data, &len, &err), 0, "%s", sp_buf_cstr(&err));
	cr_assert_eq(len, 7);
	free(data);
	cr_assert_eq(sp_file_read(&l, bs, &data, &len, &err), 0, "%s", sp_buf_cstr(&err));
	free(data);
	sp_buf_release(&err);
	sp_filelist_release(&l);
	rm_rf(tmpdir);
}

Test(walk, a_directory_swapped_for_a_symlink_to_elsewhere_is_never_read)
{
	char outside[64];
	snprintf(outside, sizeof outside, "/tmp/sp-out-XXXXXX");
	cr_assert_not_null(mkdtemp(outside));
	char path[512];
	snprintf(path, sizeof path, "%s/x.py", outside);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("secret = 1\n", f);
	fclose(f);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/sp-swap-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
	put("a.py", "a = 1\n");
	snprintf(path, sizeof path, "%s/sub", tmpdir);
	cr_assert_eq(symlink(outside, path), 0);
	sp_filelist l;
	sp_filelist_init(&l);
	cr_assert_eq(sp_filelist_collect(&l, tmpdir, NULL), 0, "%s", sp_buf_cstr(&l.err));
	cr_assert_eq(entry(&l, "sub")->type, SP_ENTRY_SYMLINK);
	cr_assert_not(listed(&l, "sub/x.py"));
	/* as git would list it: a tracked file below the swapped directory */
	sp_file_entry tracked = {.path = "sub/x.py", .type = SP_ENTRY_FILE};
	char *data;
	size_t len;
	int64_t size, mtime;
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_file_read(&l, &tracked, &data, &len, &err), SP_EOUTSIDE);
	cr_assert_null(data);
	cr_assert_eq(sp_file_stat(&l, &tracked, &size, &mtime), SP_EOUTSIDE);
	cr_assert_eq(sp_file_head(&l, &tracked, path, sizeof path), 0);
	sp_buf_release(&err);
	sp_filelist_release(&l);
	rm_rf(tmpdir);
	rm_rf(outside);
}

Test(walk, a_fifo_is_listed_as_no_file_and_never_blocks_a_read, .timeout = 20)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/sp-fifo-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
	char path[512];
	snprintf(path, sizeof path, "%s/pipe.py", tmpdir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	sp_filelist l;
	sp_filelist_init(&l);
	cr_assert_eq(sp_filelist_collect(&l, tmpdir, NULL), 0, "%s", sp_buf_cstr(&l.err));
	cr_assert_eq(entry(&l, "pipe.py")->type, SP_ENTRY_OTHER);
	/* listed as a file (a tracked file replaced by a FIFO): opened without blocking, not read */
	sp_file_entry as_file = {.path = "pipe.py", .type = SP_ENTRY_FILE};
	char *data;
	size_t len;
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_file_read(&l, &as_file, &data, &len, &err), SP_ENOTREG);
	cr_assert_eq(sp_file_head(&l, &as_file, path, sizeof path), 0);
	sp_buf_release(&err);
	sp_filelist_release(&l);
	rm_rf(tmpdir);
}
