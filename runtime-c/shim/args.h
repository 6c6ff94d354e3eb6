/* isle-shim's command line (see PROTOCOL.md "isle-shim"): parsed once into a struct the other stages read. */
#ifndef SHIM_ARGS_H
#define SHIM_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "restart.h"

#define SHIM_MAX_CGROUP_JOIN 16
#define SHIM_MAX_EXIT_ARGS 16

typedef struct shim_args
{
  const char *id, *bundle, *state_dir, *log_file, *exit_file;
  int sync_fd;                  /* -1: none; the container starts at once */
  bool stdin_open;
  uint64_t log_max_size;        /* 0: never rotate */
  unsigned log_max_files;       /* files kept in all, container.log included (default 1) */
  shim_restart_t restart;
  const char *cgroup_join[SHIM_MAX_CGROUP_JOIN];
  size_t n_cgroup_join;
  const char *cgroup_dir;       /* v2: clone3(CLONE_INTO_CGROUP) */
  const char *oom_file, *oom_key;
  bool init;
  bool auto_remove;             /* run --rm: the CLI removes the container once it exited (exit.json unsynced) */
  const char *exit_command;     /* run at the last exit when the CLI that started us is gone (exit_command.h) */
  bool detached;                /* that CLI leaves after "started" (run -d): its socket may linger, it is gone */
  const char *exit_command_args[SHIM_MAX_EXIT_ARGS];
  size_t n_exit_command_args;
  bool version;
} shim_args_t;

/* Errors use stage "config" and name the option. */
int shim_args_parse (int argc, char **argv, shim_args_t *args, isle_err_t *err);

#endif
