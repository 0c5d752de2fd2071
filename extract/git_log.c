/* extract/git_log.c: what git says about one commit beside its files: its metadata (parents,
   author, committer, dates, subject) and the lines each file gained and lost against its first
   parent. Both read git's object store only (no checkout), through sp_git_run (extract/git.c),
   which runs nothing the repository configures. */
#include <stdlib.h>
#include <string.h>

#include "walk_p.h"

#include "banned.h"

enum { F_SHA, F_PARENTS, F_AN, F_AE, F_AT, F_CN, F_CE, F_CT, F_SUBJECT, F_COUNT };

void sp_git_commit_release(sp_git_commit *c)
{
	free(c->first_parent);
	sp_buf_release(&c->raw);
	memset(c, 0, sizeof *c);
}

int sp_git_commit_read(const char *root, const char *sha, sp_git_commit *out, sp_buf *err)
{
	memset(out, 0, sizeof *out);
	sp_buf_init(&out->raw);
	if (!sha || sha[0] == '-')
		return SP_EUSAGE;
	/* %x00 between fields: names and subjects hold anything but NUL; dates as seconds, UTC */
	const char *const args[] = {
		"log",
		"-1",
		"--no-show-signature",
		"--format=%H%x00%P%x00%an%x00%ae%x00%at%x00%cn%x00%ce%x00%ct%x00%s%x00",
		sha,
		"--",
		NULL};
	if (sp_git_run(NULL, root, args, &out->raw, err) != 0 || out->raw.err)
		return out->raw.err ? SP_ENOMEM : SP_EIO;
	char *field[F_COUNT];
	char *p = out->raw.data, *end = out->raw.data + out->raw.len;
	for (int i = 0; i < F_COUNT; i++) {
		char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
		if (!nul)
			return SP_EIO;
		field[i] = p;
		p = nul + 1;
	}
	out->sha = field[F_SHA];
	out->parents = field[F_PARENTS];
	out->author_name = field[F_AN];
	out->author_email = field[F_AE];
	out->committer_name = field[F_CN];
	out->committer_email = field[F_CE];
	out->subject = field[F_SUBJECT];
	out->authored_at = strtoll(field[F_AT], NULL, 10);
	out->committed_at = strtoll(field[F_CT], NULL, 10);
	size_t n = strcspn(out->parents, " ");
	if (n && !(out->first_parent = strndup(out->parents, n)))
		return SP_ENOMEM;
	return 0;
}

/* "-" (a binary file) is -1 */
static int64_t count_of(const char *s)
{
	return s[0] == '-' ? -1 : strtoll(s, NULL, 10);
}

int sp_git_numstat(const char *root, const sp_git_commit *c, sp_numstat_cb cb, void *ctx, sp_buf *err)
{
	sp_buf out;
	sp_buf_init(&out);
	/* plumbing: no external diff, no textconv; renames not followed, so a move is its lines
	   removed from one path and added to another */
	const char *const with_parent[] = {
		"diff-tree", "-r",           "--numstat",
		"-z",        "--no-renames", c->first_parent ? c->first_parent : "",
		c->sha,      "--",           NULL};
	const char *const root_commit[] = {"diff-tree",    "-r",   "--root", "--numstat", "-z",
					   "--no-renames", c->sha, "--",     NULL};
	int rc = 0;
	if (sp_git_run(NULL, root, c->first_parent ? with_parent : root_commit, &out, err) != 0) {
		rc = SP_EIO;
		goto out;
	}
	if (out.err) {
		rc = SP_ENOMEM;
		goto out;
	}
	/* each record: "added\tremoved\tpath\0" */
	for (char *p = out.data, *end = out.data + out.len; p && p < end;) {
		char *nul = memchr(p, '\0', (size_t)(end - p));
		if (!nul)
			break;
		char *t1 = strchr(p, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (t1 && t2 && (rc = cb(ctx, t2 + 1, count_of(p), count_of(t1 + 1))))
			goto out;
		p = nul + 1;
	}
out:
	sp_buf_release(&out);
	return rc;
}
