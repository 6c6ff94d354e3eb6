/*
 * --init: the container's PID 1 stays a tiny init (as tini/catatonit do) and the command runs in its child.
 *
 * Called by the container init right before execve. It forks: the child returns 0 and goes on to exec
 * process.args; PID 1 never returns. PID 1 forwards every catchable signal to the child, reaps every zombie
 * (orphans of the PID namespace are re-parented to it), and when the child exits, exits with the child's code,
 * or 128 + signal when the child was killed by a signal (the shell's convention, as tini does; PID 1 cannot
 * re-raise a signal on itself, the kernel ignores signals that init has no handler for).
 */
#ifndef ISLE_TINY_INIT_H
#define ISLE_TINY_INIT_H

#include "error.h"

/* report_fd: the exec report pipe, which PID 1 closes so that only the child's execve decides "started". */
int isle_tiny_init (int report_fd, isle_err_t *err);

#endif
