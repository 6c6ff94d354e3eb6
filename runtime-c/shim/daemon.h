/*
 * Leaving the CLI: the first process double-forks and exits 0 (the CLI sees its child exit at once); the shim
 * (the grandchild) is in a session of its own, reparented to init, with / as cwd, stdio on /dev/null, and is
 * a child subreaper so that it reaps whatever the container leaves behind.
 */
#ifndef SHIM_DAEMON_H
#define SHIM_DAEMON_H

#include "error.h"

/* Returns 0 in the shim; the first process and the intermediate one never return (they _exit). */
int shim_daemonize (isle_err_t *err);

/* In the shim: setsid was done; cwd, stdio, subreaper, process name. */
int shim_detach (isle_err_t *err);

#endif
