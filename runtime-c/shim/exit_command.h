/* The exit command (conmon's --exit-command): what the CLI would have done at the container's end, run by the
   shim when that CLI is no longer there to do it — `run -d --rm` removes its container at once, as Docker's does. */
#ifndef SHIM_EXIT_COMMAND_H
#define SHIM_EXIT_COMMAND_H

#include "args.h"

/* Starts args->exit_command with its --exit-command-arg list in a new session, stdio on /dev/null, signals at
   their defaults, and does not wait for it. Best effort: a failure leaves the work to the next command that
   reads the container's state (the CLI's reconcile). */
void shim_exit_command_run (const shim_args_t *args);

#endif
