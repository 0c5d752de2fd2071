/* extract/walk.c: which files make up a repository and how to read them: git's listing of a work
   tree or of a commit (read through `git cat-file --batch`), or a directory walk that never leaves the tree. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "walk_p.h"

#include "banned.h"

void sp_filelist_init(sp_filelist *l)
{
	memset(l, 0, sizeof *l);
	l->root_fd = -1;
	sp_buf_init(&l->err);
	sp_buf_init(&l->warning);
}

void sp_filelist_release(sp_filelist *l)
{
	for (size_t i = 0; i < l->files.n; i++) {
		free(l->files.v[i].path);
		free(l->files.v[i].raw);
	}
	sp_array_release(&l->files);
	sp_catfile_close(l->cat);
	if (l->root_fd >= 0)
		close(l->root_fd);
	sp_git_env_free(l->git_env);
	free(l->root);
	free(l->commit);
	sp_buf_release(&l->err);
	sp_buf_release(&l->warning);
	sp_filelist_init(l);
}

/* git in l's repository, with l's safe environment. */
static int git(sp_filelist *l, const char *const args[], sp_buf *out)
{
	return sp_git_run(l->git_env, l->root, args, out, NULL);
}

/* An entry for the name's bytes p[0..n): stored escaped, opened by its bytes. */
static int push_path(sp_filelist *l, const char *p, size_t n, const char *oid, sp_entry_type type)
{
	sp_file_entry e = {0};
	e.type = (unsigned char)type;
	if (sp_path_needs_escape(p, n)) {
		sp_buf esc;
		sp_buf_init(&esc);
		sp_path_escape(&esc, p, n);
		e.path = esc.err ? NULL : strndup(esc.data, esc.len);
		sp_buf_release(&esc);
		e.raw = strndup(p, n);
	} else {
		e.path = strndup(p, n);
	}
	if (!e.path || (sp_path_needs_escape(p, n) && !e.raw)) {
		free(e.path);
		free(e.raw);
		return SP_ENOMEM;
	}
	if (oid)
		snprintf(e.git_blob, sizeof e.git_blob, "%s", oid);
	if (sp_array_push(&l->files, e)) {
		free(e.path);
		free(e.raw);
		return SP_ENOMEM;
	}
	/* cppcheck-suppress memleak ; e.path and e.raw now belong to l->files */
	return 0;
}

static int read_head(sp_filelist *l, const char *rev)
{
	sp_buf out;
	sp_buf_init(&out);
	sp_buf spec;
	sp_buf_init(&spec);
	sp_buf_printf(&spec, "%s^{commit}", rev ? rev : "HEAD");
	const char *args[] = {"rev-parse", "--verify", "-q", sp_buf_cstr(&spec), NULL};
	int rc = 0;
	if (git(l, args, &out) == 0 && out.len >= 40) {
		/* 40 hex digits (SHA-1) or 64 (SHA-256 repositories) */
		size_t n = strspn(out.data, "0123456789abcdef");
		l->commit = malloc(n + 1);
		if (!l->commit)
			rc = SP_ENOMEM;
		else {
			memcpy(l->commit, out.data, n);
			l->commit[n] = '\0';
		}
	} else if (rev) {
		sp_buf_printf(&l->err, "%s: no commit '%s' in this repository", l->root, rev);
		rc = SP_EUSAGE;
	}
	sp_buf_release(&out);
	sp_buf_release(&spec);
	return rc;
}

/* Whether checkout may change bytes: core.autocrlf set, or attributes anywhere (a .gitattributes
   in the index or in the work tree's top, or $GIT_DIR/info/attributes). */
static bool converts(sp_filelist *l)
{
	sp_buf out;
	sp_buf_init(&out);
	const char *autocrlf[] = {"config", "--get", "core.autocrlf", NULL};
	bool conv = git(l, autocrlf, &out) == 0 && strncmp(sp_buf_cstr(&out), "false", 5);
	sp_buf_reset(&out);
	const char *attrs[] = {"ls-files", "-z", "--", ":(glob)**/.gitattributes", NULL};
	if (!conv && git(l, attrs, &out) == 0 && out.len)
		conv = true;
	sp_buf_reset(&out);
	const char *info[] = {"rev-parse", "--git-path", "info/attributes", NULL};
	if (!conv && git(l, info, &out) == 0 && out.len) {
		while (out.len && out.data[out.len - 1] == '\n')
			out.data[--out.len] = '\0';
		sp_buf path;
		sp_buf_init(&path);
		sp_buf_printf(&path, "%s%s%s", out.data[0] == '/' ? "" : l->root,
			      out.data[0] == '/' ? "" : "/", out.data);
		struct stat st;
		conv = !path.err && stat(path.data, &st) == 0 && st.st_size > 0;
		sp_buf_release(&path);
	}
	sp_buf_reset(&out);
	sp_buf_printf(&out, "%s/.gitattributes", l->root);
	conv = conv || (!out.err && access(out.data, F_OK) == 0);
	sp_buf_release(&out);
	return conv;
}

/* Work tree: every path git would consider, with the object id of tracked files that have no
   local modification (their content is exactly that object). */
static int collect_git(sp_filelist *l)
{
	sp_buf out, dirty;
	sp_buf_init(&out);
	sp_buf_init(&dirty);
	sp_strmap modified;
	sp_strmap_init(&modified);
	int rc = 0;
	/* status, unlike diff-files, looks at the content of files whose stat data changed (after a
	   fresh clone or a touch), so only real modifications lose their object id */
	const char *diff[] = {
		"status", "--porcelain=v1", "-z", "--untracked-files=no", "--ignore-submodules", NULL};
	const char *staged[] = {"ls-files", "-z", "-s", NULL};
	const char *others[] = {"ls-files", "-z", "--others", "--exclude-standard", NULL};
	if (git(l, diff, &dirty) != 0 || git(l, staged, &out) != 0) {
		sp_buf_printf(&l->err, "%s: git ls-files failed", l->root);
		rc = SP_EIO;
		goto out;
	}
	/* "XY path\0", plus "orig\0" after a rename or copy; Y is the work tree's state */
	for (size_t i = 0; i < dirty.len;) {
		const char *rec = dirty.data + i;
		size_t n = strlen(rec);
		i += n + 1;
		if (n < 4)
			continue;
		if (rec[1] != ' ' && (rc = sp_strmap_put(&modified, rec + 3, n - 3, 1)))
			goto out;
		if ((rec[0] == 'R' || rec[0] == 'C') && i < dirty.len)
			i += strlen(dirty.data + i) + 1;
	}
	/* An object id is the content as git stores it; checkout may convert it (core.autocrlf,
	   eol/text attributes, filters such as LFS). Only where nothing can convert do ids tell the
	   bytes on disk; otherwise size and mtime decide. */
	bool ids_exact = !converts(l);
	/* "<mode> <object> <stage>\t<path>\0"; a conflicted path has several stages: keep one, no id */
	const char *prev = NULL;
	for (size_t i = 0; i < out.len;) {
		char *rec = out.data + i;
		size_t n = strlen(rec);
		i += n + 1;
		char *tab = memchr(rec, '\t', n);
		char *sp1 = memchr(rec, ' ', n);
		char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(rec + n - sp1 - 1)) : NULL;
		size_t oid_len = sp2 ? (size_t)(sp2 - sp1 - 1) : 0;
		if (!tab || !sp2 || sp2 > tab || (oid_len != 40 && oid_len != 64))
			continue;
		const char *path = tab + 1;
		bool gitlink = !strncmp(rec, "160000", 6);
		if (gitlink || (prev && !strcmp(prev, path)))
			continue;
		prev = path;
		char oid[65];
		memcpy(oid, sp1 + 1, oid_len);
		oid[oid_len] = '\0';
		bool link = !strncmp(rec, "120000", 6); /* its object is its target, not content */
		bool clean = ids_exact && sp2[1] == '0' &&
			     !sp_strmap_get(&modified, path, strlen(path), NULL) && !link;
		if ((rc = push_path(l, path, strlen(path), clean ? oid : NULL,
				    link ? SP_ENTRY_SYMLINK : SP_ENTRY_FILE)))
			goto out;
	}
	sp_buf_reset(&out);
	if (git(l, others, &out) != 0) {
		sp_buf_printf(&l->err, "%s: git ls-files failed", l->root);
		rc = SP_EIO;
		goto out;
	}
	/* untracked: git lists regular files and symlinks alike; a symlink is checked (and named
	   when it leads out) whatever its name, as in a plain directory */
	for (size_t i = 0; i < out.len;) {
		size_t n = strlen(out.data + i);
		struct stat st;
		bool link = n && !fstatat(l->root_fd, out.data + i, &st, AT_SYMLINK_NOFOLLOW) &&
			    S_ISLNK(st.st_mode);
		if (n &&
		    (rc = push_path(l, out.data + i, n, NULL, link ? SP_ENTRY_SYMLINK : SP_ENTRY_FILE)))
			goto out;
		i += n + 1;
	}
	rc = read_head(l, NULL);
out:
	sp_strmap_release(&modified);
	sp_buf_release(&dirty);
	sp_buf_release(&out);
	return rc;
}

/* A commit's tree from the object store: files with their object id, and symlinks (never read:
   what a symlink of a commit points to is no content of it). */
static int collect_rev(sp_filelist *l, const char *rev)
{
	int rc = read_head(l, rev);
	if (rc)
		return rc;
	sp_buf out;
	sp_buf_init(&out);
	const char *ls[] = {"ls-tree", "-r", "-z", "--full-tree", l->commit, NULL};
	if (git(l, ls, &out) != 0) {
		sp_buf_printf(&l->err, "%s: git ls-tree %s failed", l->root, l->commit);
		rc = SP_EIO;
	}
	/* "<mode> blob <object>\t<path>\0" */
	for (size_t i = 0; !rc && i < out.len;) {
		char *rec = out.data + i;
		size_t n = strlen(rec);
		i += n + 1;
		char *tab = memchr(rec, '\t', n);
		bool link = !strncmp(rec, "120000", 6);
		if (!tab || (strncmp(rec, "100", 3) && !link))
			continue; /* submodules (160000) are not files of this tree */
		char *sp = tab;
		while (sp > rec && sp[-1] != ' ')
			sp--;
		size_t oid_len = (size_t)(tab - sp);
		if (oid_len != 40 && oid_len != 64)
			continue;
		char oid[65];
		memcpy(oid, sp, oid_len);
		oid[oid_len] = '\0';
		rc = push_path(l, tab + 1, strlen(tab + 1), link ? NULL : oid,
			       link ? SP_ENTRY_SYMLINK : SP_ENTRY_FILE);
	}
	sp_buf_release(&out);
	return rc;
}

/* Depth-first walk of the directory dfd (owned: closed here), whose path below root is rel (raw
   bytes). Directories are entered by fd without following a symlink, so the walk cannot leave the
   tree even when a directory is swapped for a symlink meanwhile. */
static int walk_dir(sp_filelist *l, int dfd, sp_buf *rel)
{
	size_t base_len = rel->len;
	DIR *d = fdopendir(dfd);
	if (!d) {
		sp_buf_printf(&l->err, "%s/%s: %s", l->root, sp_buf_cstr(rel), strerror(errno));
		close(dfd);
		return SP_EIO;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		if (!strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, ".git"))
			continue;
		rel->len = base_len;
		if (base_len)
			sp_buf_putc(rel, '/');
		sp_buf_puts(rel, name);
		if (rel->err) {
			rc = SP_ENOMEM;
			break;
		}
		unsigned char type = e->d_type;
		if (type == DT_UNKNOWN) {
			struct stat st;
			if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW))
				continue;
			type = S_ISDIR(st.st_mode)   ? DT_DIR
			       : S_ISREG(st.st_mode) ? DT_REG
			       : S_ISLNK(st.st_mode) ? DT_LNK
						     : DT_FIFO;
		}
		if (type == DT_DIR) {
			int sub =
				openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0 && (errno == ENOENT || errno == ELOOP || errno == ENOTDIR))
				continue; /* vanished or swapped for a symlink since readdir */
			rc = sub < 0 ? (sp_buf_printf(&l->err, "%s/%s: %s", l->root, rel->data,
						      strerror(errno)),
					SP_EIO)
				     : walk_dir(l, sub, rel);
		} else {
			rc = push_path(l, rel->data, rel->len, NULL,
				       type == DT_REG   ? SP_ENTRY_FILE
				       : type == DT_LNK ? SP_ENTRY_SYMLINK
							: SP_ENTRY_OTHER);
		}
		if (rc)
			break;
	}
	closedir(d);
	rel->len = base_len;
	if (rel->data)
		rel->data[base_len] = '\0';
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const sp_file_entry *)a)->path, ((const sp_file_entry *)b)->path);
}

/* Whether root is the top level of a git work tree git agrees to work in. A repository git
   refuses as unsafe (owned by another user) is noted in l->warning. */
static bool git_top(sp_filelist *l)
{
	sp_buf dotgit;
	sp_buf_init(&dotgit);
	sp_buf_printf(&dotgit, "%s/.git", l->root);
	bool has_git = !dotgit.err && access(dotgit.data, F_OK) == 0;
	sp_buf_release(&dotgit);
	if (!has_git)
		return false;
	/* a work tree only when root is its top level (which holds .git, a directory or a file): a
	   subdirectory of a bigger repository is walked */
	sp_buf top, err;
	sp_buf_init(&top);
	sp_buf_init(&err);
	const char *args[] = {"rev-parse", "--show-toplevel", NULL};
	bool is_top = false;
	if (sp_git_run(NULL, l->root, args, &top, &err) == 0 && top.len) {
		while (top.len && top.data[top.len - 1] == '\n')
			top.data[--top.len] = '\0';
		char *real_top = realpath(top.data, NULL);
		is_top = real_top && !strcmp(real_top, l->root);
		free(real_top);
	} else if (strstr(sp_buf_cstr(&err), "dubious ownership")) {
		sp_buf_printf(&l->warning,
			      "%s: git refuses this repository as unsafe (owned by another user), so "
			      "it was indexed as a plain directory: without .gitignore and without "
			      "its commit. If you trust it: git config --global --add "
			      "safe.directory %s",
			      l->root, l->root);
	}
	sp_buf_release(&top);
	sp_buf_release(&err);
	return is_top;
}

int sp_filelist_collect(sp_filelist *l, const char *root, const char *rev)
{
	l->root = realpath(root, NULL);
	if (!l->root) {
		sp_buf_printf(&l->err, "%s: %s", root, strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? SP_EUSAGE : SP_EIO;
	}
	l->root_fd = open(l->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (l->root_fd < 0) {
		sp_buf_printf(&l->err, "%s: %s", root,
			      errno == ENOTDIR ? "not a directory" : strerror(errno));
		return errno == ENOTDIR ? SP_EUSAGE : SP_EIO;
	}
	l->is_git = git_top(l);
	if (rev && !l->is_git && l->warning.len) {
		sp_buf_printf(&l->err,
			      "%s: --rev needs git, which refuses this repository as unsafe (owned by "
			      "another user); if you trust it: git config --global --add "
			      "safe.directory %s",
			      root, l->root);
		return SP_EUSAGE;
	}
	if (rev && !l->is_git) {
		sp_buf_printf(&l->err, "%s: --rev needs the top level of a git repository", root);
		return SP_EUSAGE;
	}
	if (l->is_git && !(l->git_env = sp_git_env_new(l->root, true)))
		return SP_ENOMEM;
	l->from_rev = rev != NULL;
	int rc;
	if (rev) {
		rc = collect_rev(l, rev);
	} else if (l->is_git) {
		rc = collect_git(l);
	} else {
		sp_buf rel;
		sp_buf_init(&rel);
		int dfd = fcntl(l->root_fd, F_DUPFD_CLOEXEC, 0);
		rc = dfd < 0 ? SP_EIO : walk_dir(l, dfd, &rel);
		sp_buf_release(&rel);
	}
	if (!rc && l->files.n)
		qsort(l->files.v, l->files.n, sizeof *l->files.v, cmp_path);
	return rc;
}

static const char *read_error(int rc, const sp_file_entry *f)
{
	switch (rc) {
	case SP_EOUTSIDE: return "leads outside the repository (through a symlink)";
	case SP_ENOTREG:
		return f->type == SP_ENTRY_SYMLINK
			       ? "not a regular file (or a symlink that leads nowhere)"
			       : "not a regular file";
	case SP_ENOENT: return "vanished";
	default: return sp_strerror(rc);
	}
}

/* A directory where a file was listed (a symlink to one) is an error of that file; a FIFO,
   socket or device is no file to read at all. */
static int not_regular(const struct stat *st)
{
	return S_ISDIR(st->st_mode) ? SP_EIO : SP_ENOTREG;
}

/* Opens f for reading: beneath root, without blocking on a FIFO, a regular file only; err (may be
   NULL) gets the cause. */
static int open_regular(const sp_filelist *l, const sp_file_entry *f, int *fd, struct stat *st,
			sp_buf *err)
{
	if (f->type == SP_ENTRY_OTHER) {
		if (err)
			sp_buf_puts(err, "not a regular file");
		return SP_ENOTREG;
	}
	int rc = sp_open_beneath(l, sp_file_raw(f), O_RDONLY | O_NONBLOCK | O_NOCTTY, fd);
	if (rc == SP_EIO && err)
		sp_buf_puts(err, strerror(errno));
	if (!rc && fstat(*fd, st)) {
		rc = SP_EIO;
		if (err)
			sp_buf_puts(err, strerror(errno));
	}
	if (!rc && !S_ISREG(st->st_mode)) {
		rc = not_regular(st);
		if (err && rc == SP_EIO)
			sp_buf_puts(err, "is a directory, not a file");
	}
	if (rc && err && !err->len)
		sp_buf_puts(err, read_error(rc, f));
	if (rc && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	return rc;
}

int sp_file_stat(const sp_filelist *l, const sp_file_entry *f, int64_t *size, int64_t *mtime_ns)
{
	if (f->type == SP_ENTRY_OTHER)
		return SP_ENOTREG;
	int fd = -1;
	int rc = sp_open_beneath(l, sp_file_raw(f), O_PATH, &fd);
	struct stat st;
	if (!rc && fstat(fd, &st))
		rc = SP_EIO;
	if (!rc && !S_ISREG(st.st_mode))
		rc = not_regular(&st);
	if (!rc) {
		*size = (int64_t)st.st_size;
		*mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

size_t sp_file_head(sp_filelist *l, const sp_file_entry *f, char *buf, size_t cap)
{
	if (l->from_rev) {
		char *data = NULL;
		size_t len = 0, n = 0;
		sp_buf err;
		sp_buf_init(&err);
		if (f->type == SP_ENTRY_FILE && f->git_blob[0] &&
		    !sp_file_read(l, f, &data, &len, &err)) {
			n = len < cap ? len : cap;
			memcpy(buf, data, n);
		}
		free(data);
		sp_buf_release(&err);
		return n;
	}
	int fd = -1;
	struct stat st;
	if (open_regular(l, f, &fd, &st, NULL))
		return 0;
	ssize_t n;
	while ((n = read(fd, buf, cap)) < 0 && errno == EINTR)
		;
	close(fd);
	return n > 0 ? (size_t)n : 0;
}

int sp_file_read(sp_filelist *l, const sp_file_entry *f, char **data, size_t *len, sp_buf *err)
{
	*data = NULL;
	*len = 0;
	if (l->from_rev) {
		if (f->type != SP_ENTRY_FILE || !f->git_blob[0]) {
			sp_buf_puts(err, "a symlink of the commit: not followed");
			return SP_ENOTREG;
		}
		return sp_catfile_read(l, f->git_blob, data, len, err);
	}
	int fd = -1;
	struct stat st;
	int rc = open_regular(l, f, &fd, &st, err);
	if (rc)
		return rc;
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = malloc(cap);
	if (!buf) {
		rc = SP_ENOMEM;
		goto out;
	}
	for (;;) {
		if (n + 1 >= cap) { /* the file grew while we read it */
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				rc = SP_ENOMEM;
				goto out;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			sp_buf_puts(err, strerror(errno));
			free(buf);
			rc = SP_EIO;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
out:
	close(fd);
	return rc;
}
