/* The container init: the child the monitor clone()s into the new namespaces. */
#ifndef ISLE_CHILD_H
#define ISLE_CHILD_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "config.h"

typedef struct isle_child
{
  const isle_config_t *cfg;
  pid_t expected_ppid;      /* getppid() while the monitor lives: its pid, or 0 inside a new PID namespace */
  int start_fd;             /* read end: one byte when the control plane said "start"; EOF if the monitor died */
  int report_fd;            /* write end: the error report (report.h); closed by a successful execve */
  const char *pty_slave;    /* NULL without process.terminal */
  sigset_t sigmask;         /* the signal mask to restore (the monitor blocks the ones it forwards) */
  int monitor_fds[6];       /* the monitor's fds (sync, master, pipe ends, signalfd) to close; -1 = none */
  int ready_fd;             /* write end: one byte once the rootfs is built; 0 (zero-initialised) = none */
  bool tiny_init;           /* --init: stay PID 1 as a tiny init and exec process.args in a forked child */
} isle_child_t;

/* Set up the container and exec its process; on failure report to the monitor and _exit(125). */
_Noreturn void isle_child_main (const isle_child_t *child);

#endif
