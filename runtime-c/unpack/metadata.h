/* Ownership, mode, xattrs and times of a created entry, by fd or (for symlinks) by parent fd + name. */
#ifndef ISLE_UNPACK_METADATA_H
#define ISLE_UNPACK_METADATA_H

#include "entry.h"
#include "error.h"

#include <stdbool.h>
#include <time.h>

/* Owner, xattrs, then mode (chmod after chown, which clears setuid/setgid); times too unless skip_times. */
int metadata_apply_fd (int fd, const entry_t *entry, bool skip_times, isle_err_t *err);

/* For a symlink: lchown, lsetxattr through /proc/self/fd/<parent>/<name>, utimensat without following. */
int metadata_apply_symlink (int parent_fd, const char *name, const entry_t *entry, isle_err_t *err);

struct timespec metadata_mtime (const entry_t *entry);

#endif
