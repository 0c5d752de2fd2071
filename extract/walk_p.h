/* extract/walk_p.h: what the file walk (walk.c) and the git runner (git.c) share: running git
   so that nothing configured in the repository being indexed is executed, and git's object reader. */
#ifndef SP_WALK_P_H
#define SP_WALK_P_H

#include "sp_extract.h"

/* The environment every git child gets: the caller's, plus settings that switch off each
   command a repository's own configuration could make git run (fsmonitor, hooks, the clean,
   smudge and process filters its configuration defines when with_filters, transports), no
   prompt, no pager. NULL when out of memory. Caller frees with sp_git_env_free. */
char **sp_git_env_new(const char *root, bool with_filters);
void sp_git_env_free(char **env);
/* Runs git -C root args... with env (NULL: the safe one without filters); stdout into out, stderr into err (or discarded when NULL).
   Returns git's exit status, or -1 when it could not run. */
int sp_git_run(char **env, const char *root, const char *const args[], sp_buf *out, sp_buf *err);

/* Opens raw (a listed name's bytes, relative to l->root) with flags, never anything outside the
   root: 0 with *fd set, or SP_EOUTSIDE, SP_ENOENT (vanished), SP_ENOTREG (dangling symlink),
   SP_EIO (errno tells), SP_ENOMEM; a symlink loop is SP_ENOTREG. SNAKEPIPE_NO_OPENAT2 in the environment forces the fallback. */
int sp_open_beneath(const sp_filelist *l, const char *raw, int flags, int *fd);

/* One object through a long-running `git cat-file --batch` (started on first use). */
int sp_catfile_read(sp_filelist *l, const char *oid, char **data, size_t *len, sp_buf *err);
void sp_catfile_close(struct sp_catfile *c);

#endif
