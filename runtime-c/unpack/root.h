/*
 * The destination directory as a confined root. It is opened once; every later lookup is
 * openat2(root_fd, dir, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS), so ".." and absolute symlinks met on the
 * way stop at the rootfs, and the final component is then handled by the caller with *at() calls that never
 * follow a symlink. Missing parent directories are created (0755, root-owned), as tar does.
 *
 * The last parent directory is cached, since consecutive entries usually share it. The cache is dropped
 * after an entry replaces something (root_invalidate), because only a replacement can change where an
 * already-resolved path leads.
 */
#ifndef ISLE_UNPACK_ROOT_H
#define ISLE_UNPACK_ROOT_H

#include "error.h"

#include <stdbool.h>

typedef struct root
{
  int fd;
  char *cached_dir;
  int cached_fd;
  bool stale; /* set by root_invalidate; the cache is dropped at the next lookup */
} root_t;

int root_open (root_t *root, const char *dest, isle_err_t *err);
void root_close (root_t *root);
/* Something was replaced: forget the cached parent at the next lookup. An fd already handed out by
   root_dir_fd stays valid until then, so the current entry can keep using it. */
void root_invalidate (root_t *root);

/* A new O_PATH fd (the caller closes it) for an existing directory below the root; nothing is created. */
int root_lookup_dir (root_t *root, const char *dir, isle_err_t *err);

/* An O_PATH fd for the cleaned relative directory `dir` ("" is the root), owned by `root`: do not close it. */
int root_dir_fd (root_t *root, const char *dir, isle_err_t *err);

/* Opens `path` below the root for reading metadata-changing calls, refusing symlinks anywhere in it. */
int root_open_nofollow (root_t *root, const char *path, int flags, isle_err_t *err);

#endif
