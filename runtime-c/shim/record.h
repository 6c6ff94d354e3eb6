/*
 * The files a later CLI command reads (see PROTOCOL.md "isle-shim"):
 *
 *   exit.json  {"v":1,"exitCode":N,"oomKilled":false,"finishedAt":"ISO","restartCount":R}
 *              ("signal":S instead of exitCode for a signal death); temp + fsync + rename, then fsync the dir.
 *   shim.json  {"v":1,"shimPid":N,"shimStartTime":TICKS,"pid":P,"status":"running","startedAt":"ISO","restartCount":R}
 *              in the runtime dir; temp + rename (the runtime dir does not outlive a reboot, so no fsync).
 */
#ifndef SHIM_RECORD_H
#define SHIM_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

typedef struct shim_exit
{
  bool signaled;
  int code;                     /* exit code, or the signal number */
  bool oom_killed;
  unsigned restart_count;
} shim_exit_t;

typedef struct shim_status
{
  pid_t shim_pid;
  unsigned long long shim_start_time;
  pid_t pid;
  const char *status;           /* "running", "restarting", "exited" */
  const char *started_at;
  unsigned restart_count;
} shim_status_t;

/* The JSON texts ('\n'-terminated), for the writers and the unit tests; return the length or -1. */
int shim_exit_json (const shim_exit_t *e, const char *finished_at, char *out, size_t cap);
int shim_status_json (const shim_status_t *s, char *out, size_t cap);
/* The CONTROL exit frame's payload: {"v":1,"type":"exit","exitCode":N,"oomKilled":false} (or "signal"). */
int shim_exit_control_json (const shim_exit_t *e, char *out, size_t cap);

/* Atomic always; `durable` adds the fsyncs that make it survive a crash. */
int shim_write_exit_file (const char *path, const shim_exit_t *e, bool durable, isle_err_t *err);
int shim_write_status_file (int dir_fd, const shim_status_t *s, isle_err_t *err);

/* Field 22 of /proc/self/stat: the start time in clock ticks, so a reused pid is not mistaken for the shim. */
unsigned long long shim_proc_start_time (void);

#endif
