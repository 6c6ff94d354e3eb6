/*
 * Cloning the container init. The child gets its stdio as fds 0-2 and three pipe ends, closes everything else
 * of the shim's, and runs isle-init's stages (init/child.c) up to exec:
 *
 *   shim                                    container init (clone child)
 *   clone / clone3(CLONE_INTO_CGROUP) ───▶  "0" into each v1 --cgroup-join file, then
 *                                            PDEATHSIG, setsid, mounts, pivot_root ...
 *   ready pipe ◀──────────────────────────── one byte: the rootfs is built
 *   start pipe ────────────────────────────▶ one byte ("start"), then caps, user, exec
 *   report pipe ◀─────────────────────────── "stage\nerrno\nmessage" on failure; EOF (CLOEXEC) on exec
 */
#ifndef SHIM_SPAWN_H
#define SHIM_SPAWN_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "config.h"
#include "error.h"
#include "container_io.h"

typedef struct shim_spawned
{
  pid_t pid;
  int start_fd, ready_fd, report_fd;  /* the shim's ends */
  bool in_cgroup;                     /* clone3 put it into --cgroup-dir already */
} shim_spawned_t;

typedef struct shim_spawn_opts
{
  const isle_config_t *cfg;
  const shim_stdio_t *io;
  int cgroup_dir_fd;                  /* -1: none */
  const int *cgroup_join_fds;         /* v1: the child writes itself into each (common/cgroup_join.h) */
  const char *const *cgroup_join_files;
  size_t n_cgroup_join;
  bool tiny_init;
  sigset_t child_mask;                /* the mask the container starts with */
} shim_spawn_opts_t;

/* Stage "clone". On failure nothing is left running. */
int shim_spawn (const shim_spawn_opts_t *o, shim_spawned_t *out, isle_err_t *err);

#endif
