/*
 * Placing the container in its cgroups, and its OOM count.
 *
 * v1 (--cgroup-join FILE...): the shim opens each controller's `tasks` file and the child writes itself into
 * them before anything else (common/cgroup_join.h). v2 (--cgroup-dir DIR): clone3(CLONE_INTO_CGROUP) puts the
 * child there atomically; kernels without it get a write of DIR/cgroup.procs instead.
 */
#ifndef SHIM_CGROUP_H
#define SHIM_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* O_PATH|O_DIRECTORY fd of a v2 cgroup directory, for clone3 (stage "cgroup"). */
int shim_cgroup_open_dir (const char *dir, isle_err_t *err);

/* Join a v2 cgroup by writing DIR/cgroup.procs (the fallback of clone3). */
int shim_cgroup_join_dir (int dir_fd, pid_t pid, isle_err_t *err);

/* The value of "KEY N" in FILE (v1 memory.oom_control, v2 memory.events), or -1 when unreadable/absent. */
long long shim_oom_count (const char *file, const char *key);

#endif
