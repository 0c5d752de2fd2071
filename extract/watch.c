/* extract/watch.c: what changed in a work tree, from inotify. Every directory is watched (new ones
   as they appear, their files counted as changed since they may predate the watch), except .git
   and the directories git ignores; symlinks are never followed. Changed paths are a set, so a
   file saved twice is one change; git-ignored files are dropped when the set is taken. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "walk_p.h"

#include "banned.h"

#define WATCH_MASK                                                                                      \
	(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF |        \
	 IN_MOVE_SELF | IN_DONT_FOLLOW | IN_ONLYDIR | IN_EXCL_UNLINK)
#define CHECK_IGNORE_CHUNK 256 /* paths per `git check-ignore` */

struct sp_watch {
	char *root;
	int fd;
	bool git;
	sp_array(char *) dirs; /* watch descriptor -> directory relative to root ("" is root) */
	size_t watched;
	sp_strmap ignored; /* "dir/" git ignores, from the start */
	sp_strmap pending; /* changed paths since the last take */
	size_t pending_n;
	bool overflow; /* the kernel dropped events: anything may have changed */
	sp_buf err;
};

const char *sp_watch_errmsg(const sp_watch *w)
{
	return w && w->err.data ? w->err.data : "";
}

static int fail(sp_watch *w, int code, const char *what)
{
	sp_buf_reset(&w->err);
	if (errno == ENOSPC) {
		long max = 0;
		FILE *f = fopen("/proc/sys/fs/inotify/max_user_watches", "r");
		if (f && fscanf(f, "%ld", &max) != 1)
			max = 0;
		if (f)
			fclose(f);
		sp_buf_printf(&w->err,
			      "%s: the inotify watch limit is reached (fs.inotify.max_user_watches = "
			      "%ld, %zu watched here): raise it with sysctl",
			      what, max, w->watched);
	} else {
		sp_buf_printf(&w->err, "%s: %s", what, strerror(errno));
	}
	return code;
}

static int note(sp_watch *w, const char *rel)
{
	if (sp_strmap_get(&w->pending, rel, strlen(rel), NULL))
		return 0;
	w->pending_n++;
	return sp_strmap_put(&w->pending, rel, strlen(rel), 1);
}

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *s = malloc(a + b + 2);
	if (s)
		snprintf(s, a + b + 2, "%s%s%s", dir, a ? "/" : "", name);
	return s;
}

/* A directory created after the start: does git ignore it? */
static bool ignored_now(sp_watch *w, const char *rel)
{
	if (!w->git)
		return false;
	const char *args[] = {"check-ignore", "-q", "--", rel, NULL};
	return sp_git_run(NULL, w->root, args, NULL, NULL) == 0;
}

/* Watches rel and every directory under it; with count, its files are changes. */
static int add_tree(sp_watch *w, const char *rel0, bool count, bool fresh)
{
	sp_array(char *) todo = {0};
	char *first = strdup(rel0);
	int rc = !first || sp_array_push(&todo, first) ? SP_ENOMEM : 0;
	if (rc)
		free(first);
	while (!rc && todo.n) {
		char *rel = todo.v[--todo.n];
		char key[PATH_MAX + 2];
		snprintf(key, sizeof key, "%s/", rel);
		bool skip = *rel && (sp_strmap_get(&w->ignored, key, strlen(key), NULL) ||
				     (fresh && ignored_now(w, rel)));
		char *path = join(w->root, rel);
		int wd = skip || !path ? -1 : inotify_add_watch(w->fd, path, WATCH_MASK);
		if (!path) {
			rc = SP_ENOMEM;
		} else if (!skip && wd < 0 && (errno == ENOSPC || errno == ENOMEM)) {
			rc = fail(w, SP_EIO, path);
		} else if (!skip && wd >= 0) { /* wd < 0 otherwise: it vanished or is no directory */
			while (!rc && w->dirs.n <= (size_t)wd)
				rc = sp_array_push(&w->dirs, NULL);
			if (!rc && !w->dirs.v[wd])
				w->watched++;
			if (!rc) {
				free(w->dirs.v[wd]);
				w->dirs.v[wd] = rel;
				rel = NULL; /* owned by dirs now */
			}
			DIR *d = rc ? NULL : opendir(path);
			for (struct dirent *e; d && !rc && (e = readdir(d));) {
				if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
				    (!*w->dirs.v[wd] && !strcmp(e->d_name, ".git")))
					continue;
				char *sub = join(w->dirs.v[wd], e->d_name);
				if (!sub)
					rc = SP_ENOMEM;
				else if (e->d_type == DT_DIR && sp_array_push(&todo, sub))
					rc = SP_ENOMEM, free(sub);
				else if (e->d_type != DT_DIR) {
					rc = count ? note(w, sub) : 0;
					free(sub);
				}
			}
			if (d)
				closedir(d);
		}
		free(path);
		free(rel);
	}
	for (size_t i = 0; i < todo.n; i++)
		free(todo.v[i]);
	sp_array_release(&todo);
	return rc;
}

/* The directories git ignores, as "dir/", from `ls-files --others --ignored --directory`. */
static int load_ignored(sp_watch *w)
{
	sp_buf out;
	sp_buf_init(&out);
	const char *args[] = {"ls-files",           "-z",          "--others", "--ignored",
			      "--exclude-standard", "--directory", NULL};
	int st = sp_git_run(NULL, w->root, args, &out, NULL);
	int rc = out.err ? SP_ENOMEM : 0;
	w->git = st == 0;
	for (size_t i = 0; !rc && w->git && i < out.len;) {
		const char *p = out.data + i;
		size_t n = strnlen(p, out.len - i);
		if (n && p[n - 1] == '/')
			rc = sp_strmap_put(&w->ignored, p, n, 1);
		i += n + 1;
	}
	sp_buf_release(&out);
	return rc;
}

int sp_watch_open(const char *root, sp_watch **out)
{
	sp_watch *w = calloc(1, sizeof *w);
	*out = w;
	if (!w)
		return SP_ENOMEM;
	sp_buf_init(&w->err);
	sp_strmap_init(&w->ignored);
	sp_strmap_init(&w->pending);
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (!(w->root = realpath(root, NULL)))
		return fail(w, SP_EIO, root);
	if (w->fd < 0)
		return fail(w, SP_EIO, "inotify");
	int rc = load_ignored(w);
	return rc ? rc : add_tree(w, "", false, false);
}

size_t sp_watch_dirs(const sp_watch *w)
{
	return w->watched;
}

size_t sp_watch_pending(const sp_watch *w)
{
	return w->pending_n + (w->overflow ? 1 : 0);
}

static int handle(sp_watch *w, const struct inotify_event *e)
{
	if (e->mask & IN_Q_OVERFLOW) {
		w->overflow = true;
		return 0;
	}
	if (e->wd < 0 || (size_t)e->wd >= w->dirs.n || !w->dirs.v[e->wd])
		return 0;
	const char *dir = w->dirs.v[e->wd];
	if (e->mask & IN_IGNORED) { /* the directory is gone: its watch too */
		free(w->dirs.v[e->wd]);
		w->dirs.v[e->wd] = NULL;
		w->watched--;
		return 0;
	}
	if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF))
		return note(w, *dir ? dir : ".");
	if (!e->len)
		return 0;
	char *rel = join(dir, e->name);
	if (!rel)
		return SP_ENOMEM;
	int rc = 0;
	if (!*dir && !strcmp(e->name, ".git"))
		rc = 0;
	else if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO)))
		rc = add_tree(w, rel, true, true);
	else
		rc = note(w, rel);
	free(rel);
	return rc;
}

int sp_watch_poll(sp_watch *w, int timeout_ms)
{
	struct pollfd p = {w->fd, POLLIN, 0};
	int n = poll(&p, 1, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : fail(w, SP_EIO, "poll");
	size_t before = sp_watch_pending(w);
	char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) { /* every event queued now: a burst is read whole before anyone decides */
		ssize_t len = read(w->fd, buf, sizeof buf);
		if (len < 0 && errno == EINTR)
			continue;
		if (len <= 0)
			break;
		for (char *q = buf; q < buf + len;) {
			const struct inotify_event *e = (const struct inotify_event *)(void *)q;
			int rc = handle(w, e);
			if (rc)
				return rc;
			q += sizeof *e + e->len;
		}
	}
	return (int)(sp_watch_pending(w) - before);
}

/* Drops the paths of list that git ignores (a chunk of arguments per `git check-ignore`). */
static int drop_ignored(sp_watch *w, sp_strmap *keep)
{
	size_t n = 0;
	const char *chunk[CHECK_IGNORE_CHUNK + 4] = {"check-ignore", "-z", "--"};
	for (size_t i = 0; i <= w->pending.cap; i++) {
		const char *k = i < w->pending.cap ? sp_strmap_slot_key(&w->pending, i) : NULL;
		if (k)
			chunk[3 + n++] = k;
		if (n && (n == CHECK_IGNORE_CHUNK || i == w->pending.cap)) {
			chunk[3 + n] = NULL;
			sp_buf out;
			sp_buf_init(&out);
			if (sp_git_run(NULL, w->root, chunk, &out, NULL) < 0 || out.err) {
				sp_buf_release(&out);
				return SP_ENOMEM;
			}
			for (size_t j = 0; j < out.len;) {
				size_t len = strnlen(out.data + j, out.len - j);
				if (sp_strmap_put(keep, out.data + j, len, 0)) { /* 0: ignored */
					sp_buf_release(&out);
					return SP_ENOMEM;
				}
				j += len + 1;
			}
			sp_buf_release(&out);
			n = 0;
		}
	}
	return 0;
}

int sp_watch_take(sp_watch *w, sp_watch_paths *out)
{
	memset(out, 0, sizeof *out);
	out->overflow = w->overflow;
	sp_strmap verdict;
	sp_strmap_init(&verdict);
	int rc = w->git ? drop_ignored(w, &verdict) : 0;
	for (size_t i = 0; !rc && i < w->pending.cap; i++) {
		const char *k = sp_strmap_slot_key(&w->pending, i);
		int64_t v = 1;
		if (!k || (sp_strmap_get(&verdict, k, strlen(k), &v) && !v))
			continue;
		char *p = strdup(k);
		if (!p || sp_array_push(&out->paths, p)) {
			free(p);
			rc = SP_ENOMEM;
		}
	}
	sp_strmap_release(&verdict);
	sp_strmap_release(&w->pending);
	sp_strmap_init(&w->pending);
	w->pending_n = 0;
	w->overflow = false;
	return rc;
}

void sp_watch_paths_release(sp_watch_paths *p)
{
	for (size_t i = 0; i < p->paths.n; i++)
		free(p->paths.v[i]);
	sp_array_release(&p->paths);
}

void sp_watch_close(sp_watch *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	for (size_t i = 0; i < w->dirs.n; i++)
		free(w->dirs.v[i]);
	sp_array_release(&w->dirs);
	sp_strmap_release(&w->ignored);
	sp_strmap_release(&w->pending);
	sp_buf_release(&w->err);
	free(w->root);
	free(w);
}
