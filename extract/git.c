/* extract/git.c: every git process snakepipe starts. The repository being indexed is untrusted:
   its configuration must not make git run anything (fsmonitor hooks, filters, hooks, transports). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "walk_p.h"

#include "banned.h"

extern char **environ;

/* Config keys git reads from GIT_CONFIG_KEY_n/VALUE_n (command-line scope: beats the repository's
   own configuration). core.fsmonitor runs a hook on status and ls-files; hooksPath=/dev/null
   silences post-index-change and every other hook; protocol.allow=never keeps a partial clone's
   lazy fetch from starting a transport (core.sshCommand of the repository). */
static const char *const safe_config[][2] = {
	{"core.fsmonitor", "false"},
	{"core.hooksPath", "/dev/null"},
	{"protocol.allow", "never"},
};
static const char *const safe_env[] = {
	"GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "PAGER=cat",    "GIT_OPTIONAL_LOCKS=0",
	"GIT_NO_LAZY_FETCH=1",   "GIT_ASKPASS=",  "SSH_ASKPASS=",
};

typedef sp_array(char *) env_list;

static int env_add(env_list *env, const char *s, size_t n)
{
	char *copy = strndup(s, n);
	if (!copy || sp_array_push(env, copy)) {
		free(copy);
		return SP_ENOMEM;
	}
	return 0;
}

static int env_printf(env_list *env, sp_buf *tmp, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int env_printf(env_list *env, sp_buf *tmp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sp_buf_reset(tmp);
	sp_buf_vprintf(tmp, fmt, ap);
	va_end(ap);
	return tmp->err ? SP_ENOMEM : env_add(env, tmp->data, tmp->len);
}

/* Names of the filters a repository's configuration defines: `git config --get-regexp`
   reads configuration and runs nothing. Appends "name\0" per filter key to names. */
static void list_filters(char **env, const char *root, sp_buf *names)
{
	const char *args[] = {"config", "-z", "--get-regexp", "^filter\\.", NULL};
	sp_buf out;
	sp_buf_init(&out);
	if (sp_git_run(env, root, args, &out, NULL) == 0) {
		/* "filter.<name>.<key>\n<value>\0" */
		for (size_t i = 0; i < out.len;) {
			const char *rec = out.data + i;
			size_t n = strlen(rec);
			i += n + 1;
			const char *nl = memchr(rec, '\n', n);
			size_t klen = nl ? (size_t)(nl - rec) : n;
			const char *dot = klen > 7 ? memrchr(rec, '.', klen) : NULL;
			if (dot && dot > rec + 7) {
				sp_buf_append(names, rec + 7, (size_t)(dot - rec - 7));
				sp_buf_putc(names, '\0');
			}
		}
	}
	sp_buf_release(&out);
}

static bool is_git_config_var(const char *e)
{
	return !strncmp(e, "GIT_CONFIG_COUNT=", 17) || !strncmp(e, "GIT_CONFIG_KEY_", 15) ||
	       !strncmp(e, "GIT_CONFIG_VALUE_", 17);
}

/* The caller's environment minus its GIT_CONFIG_* pairs, plus ours; filters: "name\0" list. */
static char **env_build(const sp_buf *filters)
{
	env_list env = {0};
	sp_buf tmp;
	sp_buf_init(&tmp);
	int rc = 0;
	size_t nsafe = sizeof safe_env / sizeof *safe_env;
	for (char **e = environ; e && *e && !rc; e++) {
		bool ours = is_git_config_var(*e);
		for (size_t k = 0; k < nsafe && !ours; k++) {
			size_t klen = (size_t)(strchr(safe_env[k], '=') - safe_env[k]) + 1;
			ours = !strncmp(*e, safe_env[k], klen);
		}
		if (!ours)
			rc = env_add(&env, *e, strlen(*e));
	}
	for (size_t k = 0; k < nsafe && !rc; k++)
		rc = env_add(&env, safe_env[k], strlen(safe_env[k]));
	size_t n = 0;
	for (size_t k = 0; k < sizeof safe_config / sizeof *safe_config && !rc; k++, n++)
		if (!(rc = env_printf(&env, &tmp, "GIT_CONFIG_KEY_%zu=%s", n, safe_config[k][0])))
			rc = env_printf(&env, &tmp, "GIT_CONFIG_VALUE_%zu=%s", n, safe_config[k][1]);
	/* an empty command is no filter, and a required filter that does not run is an error */
	static const char *const keys[][2] = {
		{"clean", ""}, {"smudge", ""}, {"process", ""}, {"required", "false"}};
	for (size_t i = 0; filters && !rc && i < filters->len; i += strlen(filters->data + i) + 1)
		for (size_t k = 0; k < 4 && !rc; k++, n++)
			if (!(rc = env_printf(&env, &tmp, "GIT_CONFIG_KEY_%zu=filter.%s.%s", n,
					      filters->data + i, keys[k][0])))
				rc = env_printf(&env, &tmp, "GIT_CONFIG_VALUE_%zu=%s", n, keys[k][1]);
	if (!rc)
		rc = env_printf(&env, &tmp, "GIT_CONFIG_COUNT=%zu", n);
	if (!rc)
		rc = sp_array_push(&env, NULL);
	sp_buf_release(&tmp);
	if (rc) {
		for (size_t i = 0; i < env.n; i++)
			free(env.v[i]);
		sp_array_release(&env);
		return NULL;
	}
	return env.v;
}

char **sp_git_env_new(const char *root, bool with_filters)
{
	char **env = env_build(NULL);
	if (!env || !with_filters)
		return env;
	/* the safe settings already apply to this call, which only reads configuration */
	sp_buf names;
	sp_buf_init(&names);
	list_filters(env, root, &names);
	sp_git_env_free(env);
	env = names.err ? NULL : env_build(&names);
	sp_buf_release(&names);
	return env;
}

void sp_git_env_free(char **env)
{
	for (size_t i = 0; env && env[i]; i++)
		free(env[i]);
	free(env);
}

/* argv for `git -C root args...` (the strings are borrowed). */
static const char **git_argv(const char *root, const char *const args[])
{
	size_t n = 0;
	while (args[n])
		n++;
	const char **argv = malloc((n + 4) * sizeof *argv);
	if (!argv)
		return NULL;
	argv[0] = "git";
	argv[1] = "-C";
	argv[2] = root;
	memcpy(argv + 3, args, (n + 1) * sizeof *argv);
	return argv;
}

/* Reads out and (when errfd >= 0) err until both end, whichever git fills first: a repository
   that makes git print many warnings cannot stall it on a full stderr pipe. */
static void drain(int outfd, sp_buf *out, int errfd, sp_buf *err)
{
	struct pollfd p[2] = {{outfd, POLLIN, 0}, {errfd, POLLIN, 0}};
	sp_buf *into[2] = {out, err};
	int live = errfd >= 0 ? 2 : 1;
	char chunk[65536];
	while (live) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			ssize_t n = read(p[i].fd, chunk, sizeof chunk);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				p[i].fd = -1; /* poll ignores it from now on */
				live--;
			} else if (into[i]) {
				sp_buf_append(into[i], chunk, (size_t)n);
			}
		}
	}
}

int sp_git_run(char **env, const char *root, const char *const args[], sp_buf *out, sp_buf *err)
{
	char **own = env ? NULL : sp_git_env_new(root, false);
	const char **argv = git_argv(root, args);
	int fds[2] = {-1, -1}, efds[2] = {-1, -1}, status = -1;
	if (!argv || !(env || own) || pipe2(fds, O_CLOEXEC) || (err && pipe2(efds, O_CLOEXEC)))
		goto out;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		int e = err ? efds[1] : open("/dev/null", O_WRONLY);
		if (e >= 0)
			dup2(e, 2);
		execvpe("git", (char *const *)argv, env ? env : own);
		_exit(127);
	}
	close(fds[1]);
	fds[1] = -1;
	if (err) {
		close(efds[1]);
		efds[1] = -1;
	}
	if (pid < 0)
		goto out;
	drain(fds[0], out, err ? efds[0] : -1, err);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			goto out;
	status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
out:
	for (int i = 0; i < 2; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		if (efds[i] >= 0)
			close(efds[i]);
	}
	free(argv);
	sp_git_env_free(own);
	return status;
}

/* `git cat-file --batch`, long-running. git can die under us (killed, out of memory, a broken
   object store): writing to it must then not kill snakepipe with SIGPIPE, and what git said on
   stderr names the cause. A dead cat-file fails the file being read and is started again for the
   next one; after SP_CATFILE_RESTARTS deaths in a row without an object read in between, every
   later read fails at once with the last cause. */
#define SP_CATFILE_RESTARTS 3
#define SP_CATFILE_ERR_TAIL 1024

struct sp_catfile {
	pid_t pid;
	int in; /* we write object ids here */
	FILE *out; /* and read objects from here */
	int errfd; /* git's stderr, non-blocking; its tail is kept in err */
	sp_buf err;
	unsigned deaths; /* in a row, without an object read since */
	char *gave_up; /* why reads fail at once, after too many deaths */
};

/* Reads what git wrote to stderr so far (it never blocks git: the pipe is emptied on every
   request), keeping the last SP_CATFILE_ERR_TAIL bytes. */
static void catfile_drain_err(struct sp_catfile *c)
{
	char chunk[4096];
	ssize_t n;
	while (c->errfd >= 0 &&
	       ((n = read(c->errfd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))) {
		if (n <= 0)
			continue;
		sp_buf_append(&c->err, chunk, (size_t)n);
		if (c->err.len > SP_CATFILE_ERR_TAIL && !c->err.err) {
			size_t cut = c->err.len - SP_CATFILE_ERR_TAIL;
			memmove(c->err.data, c->err.data + cut, SP_CATFILE_ERR_TAIL);
			c->err.len = SP_CATFILE_ERR_TAIL;
			c->err.data[c->err.len] = '\0';
		}
	}
}

/* Stops the child (closing its stdin ends a live cat-file) and reaps it; its wait status, or -1. */
static int catfile_stop(struct sp_catfile *c)
{
	if (c->in >= 0)
		close(c->in);
	if (c->out)
		fclose(c->out);
	c->in = -1;
	c->out = NULL;
	int status = -1;
	while (c->pid > 0 && waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	c->pid = -1;
	catfile_drain_err(c);
	if (c->errfd >= 0)
		close(c->errfd);
	c->errfd = -1;
	return status;
}

void sp_catfile_close(struct sp_catfile *c)
{
	if (!c)
		return;
	catfile_stop(c);
	sp_buf_release(&c->err);
	free(c->gave_up);
	free(c);
}

/* Writes all of buf to fd. A reader that died gives EPIPE, not a SIGPIPE that would kill the
   process: SIGPIPE is blocked in this thread for the write and the one it raised is consumed
   (pipes have no MSG_NOSIGNAL). Returns 0 or an errno. */
static int write_nosigpipe(int fd, const char *buf, size_t n)
{
	sigset_t pipe_set, old, pending;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigemptyset(&pending);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	bool was_pending = sigismember(&pending, SIGPIPE);
	int err = 0;
	while (n) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			err = errno;
			break;
		}
		buf += w, n -= (size_t)w;
	}
	if (err == EPIPE && !was_pending) {
		struct timespec zero = {0, 0};
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err;
}

static int catfile_start(struct sp_catfile *c, const char *root, char **env)
{
	static const char *const args[] = {"cat-file", "--batch", NULL};
	const char **argv = git_argv(root, args);
	int to[2] = {-1, -1}, from[2] = {-1, -1}, errp[2] = {-1, -1}, rc = SP_EIO;
	if (!argv) {
		rc = SP_ENOMEM;
		goto out;
	}
	if (pipe2(to, O_CLOEXEC) || pipe2(from, O_CLOEXEC) || pipe2(errp, O_CLOEXEC | O_NONBLOCK))
		goto out;
	sp_buf_reset(&c->err);
	c->pid = fork();
	if (c->pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		dup2(errp[1], 2);
		execvpe("git", (char *const *)argv, env);
		_exit(127);
	}
	if (c->pid < 0)
		goto out;
	c->in = to[1], to[1] = -1;
	c->errfd = errp[0], errp[0] = -1;
	c->out = fdopen(from[0], "r");
	if (c->out)
		from[0] = -1, rc = 0;
out:
	for (int i = 0; i < 2; i++) {
		if (to[i] >= 0)
			close(to[i]);
		if (from[i] >= 0)
			close(from[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	free(argv);
	return rc;
}

static int catfile_open(sp_filelist *l)
{
	struct sp_catfile *c = l->cat;
	if (!c) {
		if (!(c = calloc(1, sizeof *c)))
			return SP_ENOMEM;
		c->in = c->errfd = -1;
		sp_buf_init(&c->err);
		l->cat = c;
	}
	char **own = l->git_env ? NULL : sp_git_env_new(l->root, false);
	char **env = l->git_env ? l->git_env : own;
	int rc = env ? catfile_start(c, l->root, env) : SP_ENOMEM;
	sp_git_env_free(own);
	if (rc)
		catfile_stop(c);
	return rc;
}

/* git stopped answering while oid was asked for: says how it ended and what it said last, and
   stops it so that the next read starts another one (or, after too many deaths, none). */
static int catfile_died(struct sp_catfile *c, const char *oid, sp_buf *err)
{
	int st = catfile_stop(c);
	size_t start = err->len;
	sp_buf_puts(err, "git cat-file died while reading object ");
	sp_buf_puts(err, oid);
	if (st >= 0 && WIFSIGNALED(st))
		sp_buf_printf(err, " (killed by signal %d)", WTERMSIG(st));
	else if (st >= 0 && WIFEXITED(st))
		sp_buf_printf(err, " (exit status %d)", WEXITSTATUS(st));
	/* its last line on stderr, usually "fatal: ..." */
	const char *e = c->err.data ? c->err.data : "";
	size_t n = c->err.len;
	while (n && (e[n - 1] == '\n' || e[n - 1] == '\r'))
		n--;
	size_t b = n;
	while (b && e[b - 1] != '\n')
		b--;
	if (n > b)
		sp_buf_printf(err, ": %.*s", (int)(n - b), e + b);
	if (++c->deaths >= SP_CATFILE_RESTARTS && !c->gave_up)
		c->gave_up = strndup(err->data + start, err->len - start);
	return SP_EIO;
}

int sp_catfile_read(sp_filelist *l, const char *oid, char **data, size_t *len, sp_buf *err)
{
	struct sp_catfile *c = l->cat;
	if (c && c->gave_up) {
		sp_buf_printf(err, "git cat-file died %u times in a row; the last time: %s", c->deaths,
			      c->gave_up);
		return SP_EIO;
	}
	if (!c || c->pid <= 0) {
		int rc = catfile_open(l);
		if (rc) {
			sp_buf_puts(err, "cannot start git cat-file");
			return rc;
		}
		c = l->cat;
	}
	catfile_drain_err(c);
	char header[256];
	size_t ol = strlen(oid);
	char line[80];
	if (ol >= sizeof line) {
		sp_buf_printf(err, "object id %s is too long", oid);
		return SP_EIO;
	}
	memcpy(line, oid, ol);
	line[ol] = '\n';
	if (write_nosigpipe(c->in, line, ol + 1) || !fgets(header, sizeof header, c->out))
		return catfile_died(c, oid, err);
	char type[32];
	unsigned long long size;
	if (sscanf(header, "%*64s %31s %llu", type, &size) != 2 || strcmp(type, "blob")) {
		sp_buf_printf(err, "object %s is missing from the repository", oid);
		return SP_EIO;
	}
	char *buf = malloc(size + 1);
	if (!buf)
		return SP_ENOMEM;
	if (fread(buf, 1, size, c->out) != size || fgetc(c->out) != '\n') {
		free(buf);
		return catfile_died(c, oid, err);
	}
	c->deaths = 0;
	buf[size] = '\0';
	*data = buf;
	*len = size;
	return 0;
}

int sp_git_commits(const char *root, const char *range, const char *since, long last, bool all_parents,
		   sp_buf *out, sp_buf *err)
{
	sp_buf since_arg, last_arg;
	sp_buf_init(&since_arg);
	sp_buf_init(&last_arg);
	const char *args[9];
	int n = 0;
	args[n++] = "rev-list";
	args[n++] = "--reverse";
	if (!all_parents)
		args[n++] = "--first-parent";
	if (since) {
		sp_buf_printf(&since_arg, "--since=%s", since);
		args[n++] = sp_buf_cstr(&since_arg);
	}
	if (last > 0) {
		sp_buf_printf(&last_arg, "--max-count=%ld", last);
		args[n++] = sp_buf_cstr(&last_arg);
	}
	args[n++] = range ? range : "HEAD";
	args[n++] = "--";
	args[n] = NULL;
	sp_buf why;
	sp_buf_init(&why);
	int rc = sp_git_run(NULL, root, args, out, &why) == 0 ? 0 : SP_EUSAGE;
	if (rc && strstr(sp_buf_cstr(&why), "dubious ownership"))
		sp_buf_printf(err,
			      "%s: git refuses this repository as unsafe (owned by another user); if "
			      "you trust it: git config --global --add safe.directory %s",
			      root, root);
	else if (rc)
		sp_buf_printf(err,
			      "%s: git rev-list %s failed (not a git repository, or no such commits?)",
			      root, range ? range : "HEAD");
	sp_buf_release(&why);
	sp_buf_release(&since_arg);
	sp_buf_release(&last_arg);
	return rc;
}
