/*
 * The attach server: attach.sock plus the sync socket once "started" was sent. At most SHIM_MAX_CLIENTS
 * clients; each has a fixed output buffer. Output is broadcast to every client; when a client's buffer cannot
 * take another chunk, the shim stops reading the container's output until it drains (back-pressure, nothing
 * is lost; a client that disconnects is dropped and stops holding anyone back).
 */
#ifndef SHIM_ATTACH_H
#define SHIM_ATTACH_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "frame.h"

#define SHIM_MAX_CLIENTS 16
#define SHIM_CLIENT_OUT (64 * 1024)

typedef struct shim_client
{
  int fd;                       /* -1: free slot */
  bool starter;                 /* the CLI that started the container (its sync socket) */
  shim_frame_decoder_t decoder;
  size_t out_len;
  unsigned char out[SHIM_CLIENT_OUT];
} shim_client_t;

/* What the shim does with a client's frames (stdio.c implements it). */
typedef void (*shim_frame_handler_t) (void *ctx, const shim_frame_event_t *ev);

typedef struct shim_attach
{
  int listen_fd;
  int dir_fd;                   /* the runtime dir: the socket is addressed as /proc/self/fd/<dir_fd>/attach.sock */
  shim_client_t clients[SHIM_MAX_CLIENTS];
} shim_attach_t;

/* Bind and listen on <dir>/attach.sock (a stale socket is replaced). */
int shim_attach_listen (shim_attach_t *a, int dir_fd, isle_err_t *err);
/* Remove attach.sock and stop listening. */
void shim_attach_unlisten (shim_attach_t *a);

/* Take a connected socket as a client (the sync socket after "started", the starter); pending: bytes it sent. */
void shim_attach_add (shim_attach_t *a, int fd, bool starter, const unsigned char *pending, size_t len,
                      shim_frame_handler_t h, void *ctx);
/* Whether the starter is still attached: asked of the socket itself, as its hang-up may not be polled yet. */
bool shim_attach_starter_connected (const shim_attach_t *a);
void shim_attach_accept (shim_attach_t *a);

/* The largest payload every client can take right now (0: wait for a client to drain). */
size_t shim_attach_room (const shim_attach_t *a);
/* Queue a frame for every client (payload <= shim_attach_room for output; CONTROL frames always fit). */
void shim_attach_broadcast (shim_attach_t *a, int kind, const void *payload, size_t len);

/* Poll set: the listener plus each client (POLLIN if may_read, POLLOUT while output is queued). Returns the
   number of entries used (at most 1 + SHIM_MAX_CLIENTS). */
size_t shim_attach_pollfds (const shim_attach_t *a, bool may_read, struct pollfd *fds);
void shim_attach_handle (shim_attach_t *a, const struct pollfd *fds, size_t n, size_t read_max,
                         shim_frame_handler_t h, void *ctx);

/* Before the shim exits: give queued output up to timeout_ms to reach the clients, then close them. */
void shim_attach_drain (shim_attach_t *a, int timeout_ms);

#endif
