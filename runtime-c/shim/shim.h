/*
 * isle-shim's state: one struct, owned by main() and handed to each stage. One run = one clone of the
 * container init; restarts make new runs in the same shim.
 *
 *   (CLI's "start") ─▶ SETUP ──ready byte──▶ WAIT_EXEC ──report EOF──▶ RUNNING ──exit──▶ BACKOFF ─┐
 *                        ▲                                                           │ DONE      │
 *                        └───────────────────────────────────────────────────────────────────────┘
 *
 * The shim reads the CLI's "start" before it touches anything named on its command line, so the CLI may spawn
 * it before the bundle, the cgroup and the container's directories exist (see PROTOCOL.md).
 *
 * Error policy (as catatonit's): until the first "started", any failure kills the child, reports `error` to the
 * CLI, removes attach.sock and shim.json, and the shim exits 125 — nothing is left. After that the shim never
 * bails: a failed restart counts as a failed run (exit code 125, 126 or 127) and the restart policy decides.
 */
#ifndef SHIM_SHIM_H
#define SHIM_SHIM_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "args.h"
#include "attach.h"
#include "clock.h"
#include "config.h"
#include "logfile.h"
#include "protocol.h"
#include "report.h"
#include "spawn.h"
#include "container_io.h"

typedef enum shim_phase
{
  SHIM_SETUP,
  SHIM_WAIT_EXEC,
  SHIM_RUNNING,
  SHIM_BACKOFF,
  SHIM_DONE,
} shim_phase_t;

typedef struct shim
{
  shim_args_t args;
  isle_config_t cfg;
  int state_fd, signal_fd, cgroup_dir_fd;
  int cgroup_join_fds[SHIM_MAX_CGROUP_JOIN]; /* v1: one per --cgroup-join, written by each run's child */
  sigset_t child_mask;
  unsigned long long start_time;  /* ours, from /proc/self/stat */

  /* the CLI's sync socket, until "started" hands it to the attach server; sync_buf holds what followed "start" */
  int sync_fd;
  unsigned char sync_buf[ISLE_MSG_MAX];
  size_t sync_len;

  shim_stdio_t io;
  shim_attach_t attach;
  shim_log_t log;

  /* the current run */
  shim_phase_t phase;
  bool first_run;
  bool aborted;                   /* shim_abort ran: exit 125, leave no files */
  bool files_final;               /* attach.sock removed, shim.json says "exited" */
  bool exit_command_due;          /* the last run ended with its starter gone: run --exit-command at our exit */
  shim_spawned_t child;
  char report[ISLE_REPORT_MAX];
  size_t report_len;
  long long oom_before;
  uint64_t run_started_ms, restart_at_ms;
  char started_at[SHIM_ISO_MAX];
} shim_t;

/* container.c: the life cycle of runs */
int shim_run_spawn (shim_t *s, isle_err_t *err);
void shim_on_ready_fd (shim_t *s);
void shim_on_report_fd (shim_t *s);
/* Blocks until the CLI's "start" line; EOF (the CLI gave up or died) is an error with errno EPIPE. */
int shim_await_start (shim_t *s, isle_err_t *err);
void shim_on_exit (shim_t *s, int status);
void shim_on_restart_due (shim_t *s);
/* Before the first start: kill the child, remove our files, tell the CLI; the caller exits 125. */
void shim_abort (shim_t *s, const isle_err_t *err);
/* The end: remove attach.sock, shim.json "exited", let clients read the last frames. */
void shim_finish (shim_t *s);

/* output.c: the container's output to the log and the clients */
void shim_output_read (shim_t *s, int stream);
void shim_output_drain (shim_t *s);

/* loop.c */
void shim_loop (shim_t *s);

#endif
