/*
 * The container's stdio. process.terminal: one pty, opened once and kept across restarts (the container init
 * opens the slave by path). Otherwise fresh pipes per run: stdout, stderr, and stdin with --stdin (without it
 * the container's stdin is /dev/null). Clients' STDIN frames go through a fixed buffer; while it is full the
 * shim stops reading clients.
 */
#ifndef SHIM_CONTAINER_IO_H
#define SHIM_CONTAINER_IO_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "error.h"
#include "frame.h"
#include "pty.h"

#define SHIM_STDIN_BUF (16 * 1024)

typedef struct shim_stdio
{
  bool terminal, stdin_open;
  isle_pty_t pty;               /* master -1 without a terminal */
  int out[2];                   /* read ends for SHIM_STDOUT / SHIM_STDERR (pty: the master and -1); -1 at EOF */
  int in;                       /* where client stdin goes: the pipe's write end or the master; -1 when closed */
  int child[3];                 /* the container's fds 0-2 (pipes); -1 with a pty, whose slave the child opens */
  bool close_in_pending;        /* CLOSE_STDIN arrived while input was still buffered */
  unsigned char buf[SHIM_STDIN_BUF];
  size_t buf_len;
} shim_stdio_t;

/* Once per shim: the pty (stage "pty"). */
int shim_stdio_init (shim_stdio_t *io, const isle_config_t *cfg, bool stdin_open, isle_err_t *err);
/* Before every clone: fresh pipes (stage "clone"). */
int shim_stdio_prepare (shim_stdio_t *io, isle_err_t *err);
/* After clone, in the shim: close the container's ends. */
void shim_stdio_parent_close (shim_stdio_t *io);
/* In the clone child: make io->child[] fds 0-2. */
int shim_stdio_child_setup (const shim_stdio_t *io, isle_err_t *err);

/* Read container output of one stream into buf: > 0 bytes, 0 at EOF (pty: EIO), -1 when nothing is there now. */
long shim_stdio_read (shim_stdio_t *io, int stream, unsigned char *buf, size_t cap);
/* Write buffered stdin (call on POLLOUT of io->in). */
void shim_stdio_flush_in (shim_stdio_t *io);
/* Room for client stdin right now. */
size_t shim_stdio_in_room (const shim_stdio_t *io);
/* A client frame: STDIN, RESIZE, CLOSE_STDIN (a shim_frame_handler_t; ctx is the shim_stdio_t). */
void shim_stdio_on_frame (void *ctx, const shim_frame_event_t *ev);
/* Close everything that belongs to one run (pipes); the pty stays. */
void shim_stdio_end_run (shim_stdio_t *io);

#endif
