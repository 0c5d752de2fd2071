/* extract/open.c: opening a listed path so that nothing outside the repository's real top
   directory is ever opened, whatever symlinks sit on the way (the walk's only way to a file). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#endif

#include "walk_p.h"

#include "banned.h"

/* The path's real location as a path below root (into rel), or SP_EOUTSIDE / SP_ENOENT. */
static int resolve_inside(const sp_filelist *l, const char *raw, sp_buf *rel)
{
	sp_buf full;
	sp_buf_init(&full);
	sp_buf_printf(&full, "%s/%s", l->root, raw);
	char *real = full.err ? NULL : realpath(full.data, NULL);
	int err = errno;
	sp_buf_release(&full);
	size_t rl = strlen(l->root);
	int rc = !real ? (err == ENOENT || err == ENOTDIR ? SP_ENOENT
			  : err == ENOMEM                 ? SP_ENOMEM
							  : SP_EIO)
		 : strncmp(real, l->root, rl) || real[rl] != '/' ? SP_EOUTSIDE
								 : 0;
	if (!rc)
		sp_buf_puts(rel, real + rl + 1);
	free(real);
	return rc ? rc : rel->err;
}

#ifndef RESOLVE_BENEATH /* <linux/openat2.h> */
struct open_how {
	uint64_t flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#endif

static int openat2_beneath(int dirfd, const char *path, int flags, uint64_t resolve)
{
#ifdef SYS_openat2
	struct open_how how = {(uint64_t)(unsigned)flags, 0, resolve};
	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
#else
	(void)dirfd, (void)path, (void)flags, (void)resolve;
	errno = ENOSYS;
	return -1;
#endif
}

/* Whether fd's file lies below root, by the kernel's name for it (the fallback's final check). */
static int fd_inside(const sp_filelist *l, int fd)
{
	char link[64], real[PATH_MAX];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, real, sizeof real - 1);
	if (n < 0)
		return errno == ENOENT ? 0 : SP_EIO; /* no /proc: the realpath check stands alone */
	real[n] = '\0';
	size_t rl = strlen(l->root);
	return strncmp(real, l->root, rl) || real[rl] != '/' ? SP_EOUTSIDE : 0;
}

/* openat2(RESOLVE_BENEATH) where the kernel has it (symlinks inside the tree still work; one
   that leaves the tree by an absolute name is followed only to its real path inside root), else
   realpath, an open of that real path and a check of what was opened. */
int sp_open_beneath(const sp_filelist *l, const char *raw, int flags, int *out)
{
	static _Atomic int no_openat2 = -1; /* every thread computes the same */
	if (no_openat2 < 0)
		no_openat2 = getenv("SNAKEPIPE_NO_OPENAT2") != NULL; /* tests cover the fallback */
	flags |= O_CLOEXEC;
	sp_buf rel;
	sp_buf_init(&rel);
	int fd = -1, rc = 0;
	if (!no_openat2) {
		fd = openat2_beneath(l->root_fd, raw, flags, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);
		if (fd < 0 && errno == EXDEV) {
			if (!(rc = resolve_inside(l, raw, &rel))) {
				fd = openat2_beneath(l->root_fd, rel.data, flags,
						     RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
				if (fd < 0 && (errno == ELOOP || errno == EXDEV))
					rc = SP_EOUTSIDE; /* changed under us */
			}
			goto out;
		}
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM && errno != E2BIG))
			goto out;
		no_openat2 = 1;
	}
	if ((rc = resolve_inside(l, raw, &rel)))
		goto out;
	fd = openat(l->root_fd, rel.data, flags | O_NOFOLLOW);
	if (fd >= 0 && (rc = fd_inside(l, fd))) {
		close(fd);
		fd = -1;
	}
out:;
	int err = errno;
	sp_buf_release(&rel);
	if (!rc && fd >= 0) {
		*out = fd;
		return 0;
	}
	if (rc == SP_ENOENT || (!rc && (err == ENOENT || err == ENOTDIR))) {
		struct stat st; /* a symlink whose target is missing is no vanished file */
		return fstatat(l->root_fd, raw, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)
			       ? SP_ENOTREG
			       : SP_ENOENT;
	}
	if (rc)
		return rc;
	errno = err;
	return err == ELOOP ? SP_ENOTREG : err == ENOMEM ? SP_ENOMEM : SP_EIO; /* a symlink loop */
}
