/*
 * process.terminal: the monitor owns the pty master and relays between its own stdin/stdout and the master;
 * the container init makes the slave its controlling terminal and its fds 0-2.
 */
#ifndef ISLE_PTY_H
#define ISLE_PTY_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define ISLE_PTY_POLLFDS 2

typedef struct isle_pty
{
  int master;               /* -1 when there is no terminal */
  char slave_path[64];
  bool stdin_open;
  bool master_open;         /* false once every slave fd is closed (read gives EIO) */
  char in[4096];            /* stdin bytes not yet written to the master */
  size_t in_len, in_off;
} isle_pty_t;

/* Monitor: open a pty pair (stage "pty"). A pty with master -1 is inert in every function below. */
int isle_pty_open (isle_pty_t *pty, isle_err_t *err);

/* Container init (after setsid): make the slave the controlling terminal and fds 0, 1, 2. */
int isle_pty_attach (const char *slave_path, isle_err_t *err);

/* Monitor: raw mode on stdin when it is a terminal; restored at exit(). Copies the window size too. */
int isle_pty_take_terminal (isle_pty_t *pty, isle_err_t *err);

/* Copy our terminal's window size to the pty (start and SIGWINCH). */
void isle_pty_resize (const isle_pty_t *pty);

/* Fill up to ISLE_PTY_POLLFDS entries; returns how many. Then isle_pty_relay with the same entries. */
size_t isle_pty_pollfds (const isle_pty_t *pty, struct pollfd *fds);
void isle_pty_relay (isle_pty_t *pty, const struct pollfd *fds, size_t n);

/* After the container exited: copy whatever output is still buffered in the master. */
void isle_pty_drain (isle_pty_t *pty);

#endif
