/*
 * The shim's signals, through a signalfd: SIGCHLD reaps (the shim is a subreaper, so it reaps whatever it
 * adopts as well), SIGTERM/SIGINT/SIGHUP/SIGQUIT/SIGUSR1/SIGUSR2 go to the container's init. SIGPIPE is
 * ignored: a client that goes away shows as EPIPE.
 */
#ifndef SHIM_SIGNALS_H
#define SHIM_SIGNALS_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

/* Block the handled signals and open the signalfd; *previous gets the mask to give the container. */
int shim_signals_open (sigset_t *previous, isle_err_t *err);

/* Read every pending signal: forward to `container` (when > 0), reap all children. Returns true when
   `container` was reaped, with its wait status in *status. */
bool shim_signals_handle (int signal_fd, pid_t container, int *status);

#endif
