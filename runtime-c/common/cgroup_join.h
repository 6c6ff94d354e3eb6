/*
 * Joining a cgroup from inside: the joining process writes "0" (itself) into a cgroup file it was given open.
 *
 * Which file matters. On cgroup v1 Islander passes each controller's `tasks` file: a write there moves only the
 * calling thread, which for our single-threaded C processes is the whole process, and the kernel (since 6.0,
 * "cgroup: Optimize single thread migration") then skips the global threadgroup rwsem. Taking that rwsem for
 * writing waits for an RCU grace period, 10-15 ms on this host, which is what a pid written into
 * `cgroup.procs` costs. On cgroup v2, `tasks` does not exist and `cgroup.threads` refuses a move across
 * domains, so `cgroup.procs` is the file (and the shim avoids the write altogether with CLONE_INTO_CGROUP).
 */
#ifndef ISLE_CGROUP_JOIN_H
#define ISLE_CGROUP_JOIN_H

#include "error.h"

/* Opens `file` for joining (O_WRONLY, O_CLOEXEC). Stage "cgroup". Returns the fd or -1. */
int isle_cgroup_join_open (const char *file, isle_err_t *err);

/* Moves the calling (single-threaded) process into the group of the open file `fd`; `file` names it in errors. */
int isle_cgroup_join_self (int fd, const char *file, isle_err_t *err);

#endif
