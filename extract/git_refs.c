/* extract/git_refs.c: what git says about history, beside the files of one commit: the ref a
   snapshot belongs to, the default branch, the repository's name from its remote, renames
   between two commits. Every git call goes through sp_git_run (extract/git.c), which runs nothing
   the repository configures. */
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

/* ---- refs: which line of history a snapshot belongs to ---- */

/* One line of `git args...` output without its newline (caller frees), NULL when git fails or
   prints nothing. */
static char *git_line(const char *root, const char *const args[])
{
	sp_buf out;
	sp_buf_init(&out);
	char *line = NULL;
	if (sp_git_run(NULL, root, args, &out, NULL) == 0 && out.len && !out.err) {
		const char *s = sp_buf_cstr(&out);
		size_t n = strcspn(s, "\n");
		line = n ? strndup(s, n) : NULL;
	}
	sp_buf_release(&out);
	return line;
}

/* refs/heads/X and refs/tags/X -> X; refs/remotes/R/X -> X (origin/main is main); anything else
   (a commit id, HEAD when detached) -> NULL. Frees full. */
static char *short_ref(char *full)
{
	static const char *const prefixes[] = {"refs/heads/", "refs/tags/", "refs/remotes/"};
	char *ref = NULL;
	for (size_t i = 0; full && !ref && i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(full, prefixes[i], n))
			continue;
		const char *name = full + n;
		if (i == 2 && strchr(name, '/')) /* past the remote's name */
			name = strchr(name, '/') + 1;
		ref = *name ? strdup(name) : NULL;
	}
	free(full);
	return ref;
}

char *sp_git_ref_of(const char *root, const char *rev)
{
	if (!rev) {
		const char *const args[] = {"symbolic-ref", "-q", "HEAD", NULL};
		return short_ref(git_line(root, args));
	}
	if (rev[0] == '-')
		return NULL;
	const char *const args[] = {"rev-parse", "--symbolic-full-name", rev, NULL};
	return short_ref(git_line(root, args));
}

char *sp_git_default_branch(const char *root)
{
	const char *const origin[] = {"symbolic-ref", "-q", "refs/remotes/origin/HEAD", NULL};
	char *name = short_ref(git_line(root, origin));
	static const char *const usual[] = {"refs/heads/main", "refs/heads/master"};
	for (size_t i = 0; !name && i < sizeof usual / sizeof usual[0]; i++) {
		const char *const args[] = {"rev-parse", "-q", "--verify", "--symbolic-full-name",
					    usual[i],    NULL};
		name = short_ref(git_line(root, args));
	}
	return name;
}

/* The commit rev (NULL: HEAD) is in the history of branch `name` (its local branch, else
   origin's). */
static bool on_branch(const char *root, const char *rev, const char *name)
{
	static const char *const forms[] = {"refs/heads/%s", "refs/remotes/origin/%s"};
	bool in = false;
	for (size_t i = 0; !in && i < sizeof forms / sizeof forms[0]; i++) {
		sp_buf tip;
		sp_buf_init(&tip);
		sp_buf_printf(&tip, forms[i], name);
		const char *const args[] = {"merge-base", "--is-ancestor", rev ? rev : "HEAD",
					    sp_buf_cstr(&tip), NULL};
		in = !tip.err && sp_git_run(NULL, root, args, NULL, NULL) == 0;
		sp_buf_release(&tip);
	}
	return in;
}

int sp_git_ref_info(const char *root, bool is_git, const char *rev, const char *explicit_ref,
		    const char *configured_default, sp_git_ref *out)
{
	memset(out, 0, sizeof *out);
	if (explicit_ref && !(out->ref = strdup(explicit_ref)))
		return SP_ENOMEM;
	if (is_git && !explicit_ref)
		out->ref = sp_git_ref_of(root, rev);
	if (configured_default && !(out->default_branch = strdup(configured_default)))
		return SP_ENOMEM;
	if (is_git && !configured_default)
		out->default_branch = sp_git_default_branch(root);
	/* no default branch known (a plain directory, or git without origin/HEAD, main or master):
	   every snapshot is on the one line there is, as before snapshots had refs */
	out->default_known = out->default_branch != NULL;
	/* a commit id (or a detached HEAD) in the default branch's history is of that branch: only a
	   commit it does not contain (a pull request's head) is detached */
	if (is_git && !explicit_ref && !out->ref && out->default_known && !(rev && rev[0] == '-') &&
	    on_branch(root, rev, out->default_branch) && !(out->ref = strdup(out->default_branch)))
		return SP_ENOMEM;
	out->on_default = !out->default_known || (out->ref && !strcmp(out->ref, out->default_branch));
	return 0;
}

void sp_git_ref_release(sp_git_ref *r)
{
	free(r->ref);
	free(r->default_branch);
	memset(r, 0, sizeof *r);
}

/* ---- the repository's name: its remote origin, spelled one way ---- */

/* Appends s[0..n) lowercased (a host name's case carries no meaning). */
static void put_lower(sp_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sp_buf_putc(b, s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i]);
}

char *sp_git_url_name(const char *url)
{
	size_t n = strlen(url);
	while (n && (url[n - 1] == '/' || url[n - 1] == '\n' || url[n - 1] == ' '))
		n--;
	if (n > 4 && !strncmp(url + n - 4, ".git", 4))
		n -= 4;
	while (n && url[n - 1] == '/')
		n--;
	const char *end = url + n, *host = url, *path;
	const char *scheme = strstr(url, "://");
	if (scheme && scheme < end) {
		host = scheme + 3; /* scheme://[user[:password]@]host[:port]/path */
		path = memchr(host, '/', (size_t)(end - host));
		path = path ? path : end;
		const char *at = NULL;
		for (const char *p = host; p < path; p++)
			at = *p == '@' ? p : at; /* credentials never reach the name */
		host = at ? at + 1 : host;
	} else {
		/* scp-like [user@]host:path (a colon before any slash); anything else is a local path */
		const char *colon = memchr(url, ':', n), *slash = memchr(url, '/', n);
		if (!colon || (slash && slash < colon))
			return n ? strndup(url, n) : NULL;
		const char *at = memchr(url, '@', (size_t)(colon - url));
		host = at ? at + 1 : url;
		path = colon + 1;
	}
	const char *port = memchr(host, ':', (size_t)(path - host));
	const char *host_end = port && port < path ? port : path;
	while (path < end && *path == '/')
		path++;
	sp_buf b;
	sp_buf_init(&b);
	put_lower(&b, host, (size_t)(host_end - host));
	if (path < end) /* file:///srv/x keeps its leading slash: /srv/x */
		sp_buf_putc(&b, '/');
	sp_buf_append(&b, path, (size_t)(end - path));
	char *name = !b.err && b.len ? strdup(sp_buf_cstr(&b)) : NULL;
	sp_buf_release(&b);
	return name;
}

char *sp_git_remote_name(const char *root)
{
	const char *const args[] = {"config", "--get", "remote.origin.url", NULL};
	char *url = git_line(root, args);
	char *name = url ? sp_git_url_name(url) : NULL;
	free(url);
	return name;
}

/* ---- what a change did to files: the CI gate follows renames ---- */

int sp_git_renames(const char *root, const char *base, const char *head, sp_buf *out, sp_buf *err)
{
	const char *args[11] = {
		"diff",       "--name-status",    "-z", "--find-renames", "--no-ext-diff",
		"--no-color", "--end-of-options", base};
	int n = 8;
	if (head) /* else the work tree, compared with base */
		args[n++] = head;
	args[n++] = "--";
	args[n] = NULL;
	sp_buf raw;
	sp_buf_init(&raw);
	int rc = sp_git_run(NULL, root, args, &raw, NULL) == 0 && !raw.err ? 0 : SP_EUSAGE;
	if (rc)
		sp_buf_printf(err, "%s: git diff %s %s failed (unknown revision?)", root, base,
			      head ? head : "(work tree)");
	/* records: status NUL path NUL, or R<score> NUL old NUL new NUL for a rename */
	for (size_t at = 0; !rc && at < raw.len;) {
		const char *status = raw.data + at;
		at += strlen(status) + 1;
		int paths = *status == 'R' || *status == 'C' ? 2 : 1;
		const char *from = at < raw.len ? raw.data + at : NULL;
		for (int i = 0; i < paths && at < raw.len; i++)
			at += strlen(raw.data + at) + 1;
		if (*status == 'R' && from && at <= raw.len) {
			sp_buf_append(out, from, strlen(from) + 1);
			const char *to = from + strlen(from) + 1;
			sp_buf_append(out, to, strlen(to) + 1);
		}
	}
	sp_buf_release(&raw);
	return rc ? rc : out->err;
}

char *sp_git_commit_of(const char *root, const char *rev)
{
	sp_buf spec;
	sp_buf_init(&spec);
	sp_buf_printf(&spec, "%s^{commit}", rev);
	const char *const args[] = {"rev-parse",        "--verify",         "--quiet",
				    "--end-of-options", sp_buf_cstr(&spec), NULL};
	char *id = spec.err ? NULL : git_line(root, args);
	sp_buf_release(&spec);
	return id;
}
