/*
 * The monitor: isle-init's first process. It clone()s the container init, speaks the sync protocol with the
 * control plane, forwards signals, relays the terminal, and reports how the container exited.
 *
 * Error policy (as in catatonit): until the container's process is exec'd, any failure kills the child and
 * ends isle-init with 125. After "started", the monitor never bails: relay failures only stop that relay.
 */
#ifndef ISLE_MONITOR_H
#define ISLE_MONITOR_H

#include <stdbool.h>
#include <sys/types.h>

#include "config.h"
#include "pty.h"
#include "report.h"

typedef enum isle_phase
{
  ISLE_WAIT_START,   /* ready sent; waiting for the control plane's start */
  ISLE_WAIT_EXEC,    /* start relayed; waiting for the report pipe (error, or EOF = exec succeeded) */
  ISLE_RUNNING,      /* started sent */
} isle_phase_t;

typedef struct isle_monitor
{
  const isle_config_t *cfg;
  int sync_fd;              /* -1: standalone */
  pid_t child;
  int start_fd, report_fd, signal_fd;
  isle_phase_t phase;
  isle_pty_t pty;
  char line[4096];          /* the control plane's start line, as it arrives */
  size_t line_len;
  char report[ISLE_REPORT_MAX];
  size_t report_len;
} isle_monitor_t;

/* Clone the container init and send "ready" (or, standalone, start it at once). On failure nothing is left
   running: the caller reports err and exits 125. */
int isle_monitor_spawn (isle_monitor_t *m, const isle_config_t *cfg, int sync_fd, isle_err_t *err);

/* Run until the container exits; returns isle-init's exit code (the container's, 128+signal, or 125). */
int isle_monitor_wait (isle_monitor_t *m);

/* Tell the control plane (or, standalone, stderr) about a failure. */
void isle_monitor_report_error (int sync_fd, const isle_err_t *err);

#endif
