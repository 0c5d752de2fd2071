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
#include <sys/wait.h>
#include <unistd.h>

#include "sp_extract.h"

#include "banned.h"

void sp_filelist_init(sp_filelist *l)
{
	memset(l, 0, sizeof *l);
	sp_buf_init(&l->err);
}

struct sp_catfile {
	pid_t pid;
	FILE *in, *out; /* we write object ids to in, read objects from out */
};

static void catfile_close(struct sp_catfile *c)
{
	if (!c)
		return;
	if (c->in)
		fclose(c->in);
	if (c->out)
		fclose(c->out);
	int status;
	while (c->pid > 0 && waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	free(c);
}

void sp_filelist_release(sp_filelist *l)
{
	for (size_t i = 0; i < l->files.n; i++)
		free(l->files.v[i].path);
	sp_array_release(&l->files);
	catfile_close(l->cat);
	free(l->root);
	free(l->commit);
	sp_buf_release(&l->err);
	sp_filelist_init(l);
}

/* Runs argv with stdout captured into out (stderr discarded); returns the exit status or -1. */
static int run_capture(char *const argv[], sp_buf *out)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC))
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[1], 1);
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	char chunk[65536];
	ssize_t n;
	while ((n = read(fds[0], chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		sp_buf_append(out, chunk, (size_t)n);
	}
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int sp_git_commits(const char *root, const char *range, const char *since, long last, sp_buf *out,
		   sp_buf *err)
{
	sp_buf since_arg, last_arg;
	sp_buf_init(&since_arg);
	sp_buf_init(&last_arg);
	char *argv[16];
	int n = 0;
	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = (char *)root;
	argv[n++] = "rev-list";
	argv[n++] = "--reverse";
	if (since) {
		sp_buf_printf(&since_arg, "--since=%s", since);
		argv[n++] = (char *)sp_buf_cstr(&since_arg);
	}
	if (last > 0) {
		sp_buf_printf(&last_arg, "--max-count=%ld", last);
		argv[n++] = (char *)sp_buf_cstr(&last_arg);
	}
	argv[n++] = (char *)(range ? range : "HEAD");
	argv[n++] = "--";
	argv[n] = NULL;
	int rc = run_capture(argv, out) == 0 ? 0 : SP_EUSAGE;
	if (rc)
		sp_buf_printf(err,
			      "%s: git rev-list %s failed (not a git repository, or no such commits?)",
			      root, range ? range : "HEAD");
	sp_buf_release(&since_arg);
	sp_buf_release(&last_arg);
	return rc;
}

static int push_path(sp_filelist *l, const char *p, size_t n, const char *oid)
{
	sp_file_entry e = {0};
	e.path = malloc(n + 1);
	if (!e.path)
		return SP_ENOMEM;
	memcpy(e.path, p, n);
	e.path[n] = '\0';
	if (oid)
		snprintf(e.git_blob, sizeof e.git_blob, "%s", oid);
	if (sp_array_push(&l->files, e)) {
		free(e.path);
		return SP_ENOMEM;
	}
	/* cppcheck-suppress memleak ; e.path now belongs to l->files */
	return 0;
}

static int read_head(sp_filelist *l, const char *rev)
{
	sp_buf out;
	sp_buf_init(&out);
	sp_buf spec;
	sp_buf_init(&spec);
	sp_buf_printf(&spec, "%s^{commit}", rev ? rev : "HEAD");
	char *argv[] = {"git", "-C", l->root, "rev-parse", "--verify", "-q", (char *)sp_buf_cstr(&spec),
			NULL};
	int rc = 0;
	if (run_capture(argv, &out) == 0 && out.len >= 40) {
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
	char *autocrlf[] = {"git", "-C", l->root, "config", "--get", "core.autocrlf", NULL};
	bool conv = run_capture(autocrlf, &out) == 0 && strncmp(sp_buf_cstr(&out), "false", 5);
	sp_buf_reset(&out);
	char *attrs[] = {"git", "-C", l->root, "ls-files", "-z", "--", ":(glob)**/.gitattributes", NULL};
	if (!conv && run_capture(attrs, &out) == 0 && out.len)
		conv = true;
	sp_buf_reset(&out);
	char *info[] = {"git", "-C", l->root, "rev-parse", "--git-path", "info/attributes", NULL};
	if (!conv && run_capture(info, &out) == 0 && out.len) {
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
	char *diff[] = {"git",
			"-C",
			l->root,
			"status",
			"--porcelain=v1",
			"-z",
			"--untracked-files=no",
			"--ignore-submodules",
			NULL};
	char *staged[] = {"git", "-C", l->root, "ls-files", "-z", "-s", NULL};
	char *others[] = {"git", "-C", l->root, "ls-files", "-z", "--others", "--exclude-standard",
			  NULL};
	if (run_capture(diff, &dirty) != 0 || run_capture(staged, &out) != 0) {
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
		bool clean =
			ids_exact && sp2[1] == '0' &&
			!sp_strmap_get(&modified, path, strlen(path), NULL) &&
			strncmp(rec, "120000", 6); /* a symlink's object is its target, not content */
		if ((rc = push_path(l, path, strlen(path), clean ? oid : NULL)))
			goto out;
	}
	sp_buf_reset(&out);
	if (run_capture(others, &out) != 0) {
		sp_buf_printf(&l->err, "%s: git ls-files failed", l->root);
		rc = SP_EIO;
		goto out;
	}
	for (size_t i = 0; i < out.len;) {
		size_t n = strlen(out.data + i);
		if (n && (rc = push_path(l, out.data + i, n, NULL)))
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

/* A commit's tree from the object store: regular files only, each with its object id. */
static int collect_rev(sp_filelist *l, const char *rev)
{
	int rc = read_head(l, rev);
	if (rc)
		return rc;
	sp_buf out;
	sp_buf_init(&out);
	char *ls[] = {"git", "-C", l->root, "ls-tree", "-r", "-z", "--full-tree", l->commit, NULL};
	if (run_capture(ls, &out) != 0) {
		sp_buf_printf(&l->err, "%s: git ls-tree %s failed", l->root, l->commit);
		rc = SP_EIO;
	}
	/* "<mode> blob <object>\t<path>\0" */
	for (size_t i = 0; !rc && i < out.len;) {
		char *rec = out.data + i;
		size_t n = strlen(rec);
		i += n + 1;
		char *tab = memchr(rec, '\t', n);
		if (!tab || strncmp(rec, "100", 3))
			continue; /* symlinks (120000) and submodules (160000) are not files of this tree */
		char *sp = tab;
		while (sp > rec && sp[-1] != ' ')
			sp--;
		size_t oid_len = (size_t)(tab - sp);
		if (oid_len != 40 && oid_len != 64)
			continue;
		char oid[65];
		memcpy(oid, sp, oid_len);
		oid[oid_len] = '\0';
		rc = push_path(l, tab + 1, strlen(tab + 1), oid);
	}
	sp_buf_release(&out);
	return rc;
}

/* Depth-first walk of root/rel; symlinks are not followed (a symlinked file is read later only
   if it resolves inside the root). */
static int walk_dir(sp_filelist *l, sp_buf *rel)
{
	size_t base_len = rel->len;
	sp_buf full;
	sp_buf_init(&full);
	sp_buf_printf(&full, "%s/%s", l->root, sp_buf_cstr(rel));
	DIR *d = opendir(full.err ? "" : full.data);
	sp_buf_release(&full);
	if (!d) {
		sp_buf_printf(&l->err, "%s/%s: %s", l->root, sp_buf_cstr(rel), strerror(errno));
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
						     : DT_UNKNOWN;
		}
		if (type == DT_DIR)
			rc = walk_dir(l, rel);
		else if (type == DT_REG || type == DT_LNK)
			rc = push_path(l, rel->data, rel->len, NULL);
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

int sp_filelist_collect(sp_filelist *l, const char *root, const char *rev)
{
	l->root = realpath(root, NULL);
	if (!l->root) {
		sp_buf_printf(&l->err, "%s: %s", root, strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? SP_EUSAGE : SP_EIO;
	}
	struct stat st;
	if (stat(l->root, &st) || !S_ISDIR(st.st_mode)) {
		sp_buf_printf(&l->err, "%s: not a directory", root);
		return SP_EUSAGE;
	}
	/* a work tree only when root is its top level (which holds .git, a directory or a file): a
	   subdirectory of a bigger repository is walked */
	sp_buf top;
	sp_buf_init(&top);
	char *argv[] = {"git", "-C", l->root, "rev-parse", "--show-toplevel", NULL};
	int rc;
	sp_buf dotgit;
	sp_buf_init(&dotgit);
	sp_buf_printf(&dotgit, "%s/.git", l->root);
	bool has_git = !dotgit.err && access(dotgit.data, F_OK) == 0;
	sp_buf_release(&dotgit);
	if (has_git && run_capture(argv, &top) == 0 && top.len) {
		while (top.len && top.data[top.len - 1] == '\n')
			top.data[--top.len] = '\0';
		char *real_top = realpath(top.data, NULL);
		l->is_git = real_top && !strcmp(real_top, l->root);
		free(real_top);
	}
	sp_buf_release(&top);
	if (rev && !l->is_git) {
		sp_buf_printf(&l->err, "%s: --rev needs the top level of a git repository", root);
		return SP_EUSAGE;
	}
	l->from_rev = rev != NULL;
	if (rev) {
		rc = collect_rev(l, rev);
	} else if (l->is_git) {
		rc = collect_git(l);
	} else {
		sp_buf rel;
		sp_buf_init(&rel);
		rc = walk_dir(l, &rel);
		sp_buf_release(&rel);
	}
	if (!rc && l->files.n)
		qsort(l->files.v, l->files.n, sizeof *l->files.v, cmp_path);
	return rc;
}

static int catfile_open(sp_filelist *l)
{
	int to[2], from[2];
	if (pipe2(to, O_CLOEXEC))
		return SP_EIO;
	if (pipe2(from, O_CLOEXEC)) {
		close(to[0]);
		close(to[1]);
		return SP_EIO;
	}
	struct sp_catfile *c = calloc(1, sizeof *c);
	if (!c)
		return SP_ENOMEM;
	c->pid = fork();
	if (c->pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		execlp("git", "git", "-C", l->root, "cat-file", "--batch", (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	c->in = fdopen(to[1], "w");
	c->out = fdopen(from[0], "r");
	l->cat = c;
	if (c->pid < 0 || !c->in || !c->out)
		return SP_EIO;
	return 0;
}

/* One object through the long-running `git cat-file --batch`. */
static int read_object(sp_filelist *l, const char *oid, char **data, size_t *len, sp_buf *err)
{
	if (!l->cat) {
		int rc = catfile_open(l);
		if (rc) {
			sp_buf_puts(err, "cannot start git cat-file");
			return rc;
		}
	}
	struct sp_catfile *c = l->cat;
	char header[256];
	if (fprintf(c->in, "%s\n", oid) < 0 || fflush(c->in) || !fgets(header, sizeof header, c->out)) {
		sp_buf_puts(err, "git cat-file stopped answering");
		return SP_EIO;
	}
	char type[32];
	unsigned long long size;
	if (sscanf(header, "%*40s %31s %llu", type, &size) != 2 || strcmp(type, "blob")) {
		sp_buf_printf(err, "object %s is missing from the repository", oid);
		return SP_EIO;
	}
	char *buf = malloc(size + 1);
	if (!buf)
		return SP_ENOMEM;
	if (fread(buf, 1, size, c->out) != size || fgetc(c->out) != '\n') {
		free(buf);
		sp_buf_puts(err, "short read from git cat-file");
		return SP_EIO;
	}
	buf[size] = '\0';
	*data = buf;
	*len = size;
	return 0;
}

/* A symlink is followed only when it resolves inside the root. */
static int inside_root(const sp_filelist *l, const char *full)
{
	char *real = realpath(full, NULL);
	size_t rl = strlen(l->root);
	int rc = !real                                           ? (errno == ENOENT ? SP_ENOENT : SP_EIO)
		 : strncmp(real, l->root, rl) || real[rl] != '/' ? SP_EOUTSIDE
								 : 0;
	free(real);
	return rc;
}

int sp_file_stat(const sp_filelist *l, const sp_file_entry *f, int64_t *size, int64_t *mtime_ns)
{
	sp_buf full;
	sp_buf_init(&full);
	sp_buf_printf(&full, "%s/%s", l->root, f->path);
	struct stat st;
	int rc = full.err                ? SP_ENOMEM
		 : lstat(full.data, &st) ? (errno == ENOENT ? SP_ENOENT : SP_EIO)
					 : 0;
	if (!rc && S_ISLNK(st.st_mode) && !(rc = inside_root(l, full.data)) && stat(full.data, &st))
		rc = SP_EIO;
	if (!rc && !S_ISREG(st.st_mode))
		rc = SP_EIO;
	if (!rc) {
		*size = (int64_t)st.st_size;
		*mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	}
	sp_buf_release(&full);
	return rc;
}

int sp_file_read(sp_filelist *l, const sp_file_entry *f, char **data, size_t *len, sp_buf *err)
{
	*data = NULL;
	*len = 0;
	if (l->from_rev)
		return read_object(l, f->git_blob, data, len, err);
	const char *rel = f->path;
	sp_buf full;
	sp_buf_init(&full);
	sp_buf_printf(&full, "%s/%s", l->root, rel);
	int rc = 0, fd = -1;
	if (full.err) {
		rc = SP_ENOMEM;
		goto out;
	}
	struct stat st;
	if (lstat(full.data, &st)) {
		sp_buf_puts(err, strerror(errno));
		rc = errno == ENOENT ? SP_ENOENT : SP_EIO;
		goto out;
	}
	if (S_ISLNK(st.st_mode) && (rc = inside_root(l, full.data))) {
		sp_buf_puts(err, rc == SP_EOUTSIDE ? "symlink leads outside the repository"
						   : "symlink leads nowhere");
		if (rc == SP_ENOENT)
			rc = SP_EOUTSIDE; /* a dangling link is no file of the tree either */
		goto out;
	}
	fd = open(full.data, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		sp_buf_puts(err, strerror(errno));
		rc = SP_EIO;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		sp_buf_puts(err, "not a regular file");
		rc = SP_EIO;
		goto out;
	}
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
	if (fd >= 0)
		close(fd);
	sp_buf_release(&full);
	return rc;
}
