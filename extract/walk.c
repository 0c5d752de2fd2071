/* extract/walk.c: which files make up a repository. In a git work tree, git decides (tracked plus
   untracked-but-not-ignored files); elsewhere a directory walk that never leaves the tree. */
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

void sp_filelist_release(sp_filelist *l)
{
	for (size_t i = 0; i < l->paths.n; i++)
		free(l->paths.v[i]);
	sp_array_release(&l->paths);
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

static int push_path(sp_filelist *l, const char *p, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		return SP_ENOMEM;
	memcpy(s, p, n);
	s[n] = '\0';
	if (sp_array_push(&l->paths, s)) {
		free(s);
		return SP_ENOMEM;
	}
	return 0;
}

static int collect_git(sp_filelist *l)
{
	sp_buf out;
	sp_buf_init(&out);
	int rc = 0;
	char *ls[] = {"git", "-C", l->root, "ls-files", "-z", "--cached", "--others",
	              "--exclude-standard", "--deduplicate", NULL};
	if (run_capture(ls, &out) != 0) {
		sp_buf_printf(&l->err, "%s: git ls-files failed", l->root);
		rc = SP_EIO;
		goto out;
	}
	for (size_t i = 0; i < out.len;) {
		size_t n = strlen(out.data + i);
		if (n && (rc = push_path(l, out.data + i, n)))
			goto out;
		i += n + 1;
	}
	sp_buf_reset(&out);
	char *head[] = {"git", "-C", l->root, "rev-parse", "--verify", "-q", "HEAD", NULL};
	if (run_capture(head, &out) == 0 && out.len >= 40) {
		l->commit = malloc(41);
		if (!l->commit) {
			rc = SP_ENOMEM;
			goto out;
		}
		memcpy(l->commit, out.data, 40);
		l->commit[40] = '\0';
	}
out:
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
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG
			     : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
		}
		if (type == DT_DIR)
			rc = walk_dir(l, rel);
		else if (type == DT_REG || type == DT_LNK)
			rc = push_path(l, rel->data, rel->len);
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
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sp_filelist_collect(sp_filelist *l, const char *root)
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
	/* a work tree only when root is its top level: a subdirectory of a bigger repo is walked */
	sp_buf top;
	sp_buf_init(&top);
	char *argv[] = {"git", "-C", l->root, "rev-parse", "--show-toplevel", NULL};
	int rc;
	if (run_capture(argv, &top) == 0 && top.len) {
		while (top.len && top.data[top.len - 1] == '\n')
			top.data[--top.len] = '\0';
		char *real_top = realpath(top.data, NULL);
		l->is_git = real_top && !strcmp(real_top, l->root);
		free(real_top);
	}
	sp_buf_release(&top);
	if (l->is_git) {
		rc = collect_git(l);
	} else {
		sp_buf rel;
		sp_buf_init(&rel);
		rc = walk_dir(l, &rel);
		sp_buf_release(&rel);
	}
	if (!rc)
		qsort(l->paths.v, l->paths.n, sizeof *l->paths.v, cmp_path);
	return rc;
}

int sp_file_read(const sp_filelist *l, const char *rel, char **data, size_t *len, sp_buf *err)
{
	*data = NULL;
	*len = 0;
	sp_buf full;
	sp_buf_init(&full);
	sp_buf_printf(&full, "%s/%s", l->root, rel);
	int rc = 0, fd = -1;
	char *real = NULL;
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
	if (S_ISLNK(st.st_mode)) {
		real = realpath(full.data, NULL);
		size_t rl = strlen(l->root);
		if (!real || strncmp(real, l->root, rl) || real[rl] != '/') {
			sp_buf_puts(err, "symlink leads outside the repository");
			rc = SP_EOUTSIDE;
			goto out;
		}
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
	free(real);
	sp_buf_release(&full);
	return rc;
}
