/*
 * Lexical clean-up of archive paths before anything touches the filesystem.
 *
 * Policy (the same as GNU tar for "/", Docker and containerd for ".."):
 *   - leading "/" are stripped, so "/etc/passwd" means "<rootfs>/etc/passwd";
 *   - "." components and repeated "/" are dropped;
 *   - any ".." component makes the whole archive invalid: the import fails with an error naming the entry.
 *     Refusing (rather than skipping) keeps a hostile or broken image out of the store entirely, and a real
 *     `docker export` never contains "..".
 * The kernel then enforces the rest: every lookup goes through openat2(RESOLVE_IN_ROOT), so symlinks met on
 * the way resolve inside the rootfs whatever they point to.
 */
#ifndef ISLE_UNPACK_SAFE_PATH_H
#define ISLE_UNPACK_SAFE_PATH_H

#include "error.h"

/* Cleans `path` in place. An empty result means the rootfs itself (an entry named "./" or "/"). */
int safe_path_clean (char *path, isle_err_t *err);

/* Splits a cleaned, non-empty path at its last "/": *dir is "" for a top-level name. Modifies path. */
void safe_path_split (char *path, const char **dir, const char **base);

#endif
