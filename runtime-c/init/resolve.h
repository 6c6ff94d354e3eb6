/*
 * Resolving container paths inside an untrusted rootfs.
 *
 * An image may contain symlinks such as /proc -> / or /mnt/x -> /etc. openat2(RESOLVE_IN_ROOT) resolves every
 * component (symlinks included) as if root_fd were "/", so nothing resolves outside the rootfs, and
 * RESOLVE_NO_MAGICLINKS refuses /proc/self/fd-style jumps. Missing components can be created on the way.
 */
#ifndef ISLE_RESOLVE_H
#define ISLE_RESOLVE_H

#include "error.h"

typedef enum isle_create
{
  ISLE_EXISTING,   /* the path must exist */
  ISLE_MKDIR,      /* create missing directories, including the last component */
  ISLE_MKFILE,     /* create missing parent directories and an empty file as the last component */
} isle_create_t;

/* An O_PATH fd for `path` inside root_fd, or -1 with err (errno ENOENT when missing and not created). */
int isle_open_in_root (int root_fd, const char *path, isle_create_t create, const char *stage, isle_err_t *err);

/* "/proc/self/fd/N": how mount(2) is pointed at an fd. */
typedef struct isle_fd_path
{
  char s[32];
} isle_fd_path_t;

isle_fd_path_t isle_fd_path (int fd);

#endif
