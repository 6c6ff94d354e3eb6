#include "attach.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "clock.h"

/* CONTROL frames are small; this much room is kept back for them so that they always fit. */
#define CONTROL_RESERVE 512

static int
socket_address (int dir_fd, struct sockaddr_un *addr)
{
  *addr = (struct sockaddr_un){ .sun_family = AF_UNIX };
  return snprintf (addr->sun_path, sizeof (addr->sun_path), "/proc/self/fd/%d/attach.sock", dir_fd);
}

int
shim_attach_listen (shim_attach_t *a, int dir_fd, isle_err_t *err)
{
  struct sockaddr_un addr;

  for (size_t i = 0; i < SHIM_MAX_CLIENTS; i++)
    a->clients[i].fd = -1;
  a->dir_fd = dir_fd;
  socket_address (dir_fd, &addr);
  if (unlinkat (dir_fd, "attach.sock", 0) < 0 && errno != ENOENT)
    return isle_err (err, "attach", errno, "remove a stale attach.sock");
  a->listen_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (a->listen_fd < 0)
    return isle_err (err, "attach", errno, "socket");
  if (bind (a->listen_fd, (struct sockaddr *) &addr, sizeof (addr)) < 0)
    return isle_err (err, "attach", errno, "bind attach.sock");
  if (listen (a->listen_fd, SHIM_MAX_CLIENTS) < 0)
    return isle_err (err, "attach", errno, "listen on attach.sock");
  return 0;
}

void
shim_attach_unlisten (shim_attach_t *a)
{
  if (a->listen_fd < 0)
    return;
  unlinkat (a->dir_fd, "attach.sock", 0); /* ENOENT: someone removed the directory already */
  close (a->listen_fd);
  a->listen_fd = -1;
}

static void
drop (shim_client_t *c)
{
  close (c->fd);
  c->fd = -1;
}

static shim_client_t *
free_slot (shim_attach_t *a)
{
  for (size_t i = 0; i < SHIM_MAX_CLIENTS; i++)
    if (a->clients[i].fd < 0)
      return &a->clients[i];
  return NULL;
}

static void feed (shim_client_t *c, const unsigned char *buf, size_t len, shim_frame_handler_t h, void *ctx);

void
shim_attach_add (shim_attach_t *a, int fd, bool starter, const unsigned char *pending, size_t len,
                 shim_frame_handler_t h, void *ctx)
{
  shim_client_t *c = free_slot (a);

  if (c == NULL || fcntl (fd, F_SETFL, O_NONBLOCK) < 0)
    {
      close (fd); /* full: SHIM_MAX_CLIENTS are attached */
      return;
    }
  c->fd = fd;
  c->starter = starter;
  c->out_len = 0;
  c->decoder = (shim_frame_decoder_t){ 0 };
  feed (c, pending, len, h, ctx);
}

void
shim_attach_accept (shim_attach_t *a)
{
  int fd = accept4 (a->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

  if (fd >= 0)
    shim_attach_add (a, fd, false, NULL, 0, NULL, NULL);
}

bool
shim_attach_starter_connected (const shim_attach_t *a)
{
  for (size_t i = 0; i < SHIM_MAX_CLIENTS; i++)
    if (a->clients[i].fd >= 0 && a->clients[i].starter)
      {
        struct pollfd p = { .fd = a->clients[i].fd, .events = POLLRDHUP };

        return poll (&p, 1, 0) == 0 || !(p.revents & (POLLRDHUP | POLLHUP | POLLERR));
      }
  return false;
}

size_t
shim_attach_room (const shim_attach_t *a)
{
  size_t room = SHIM_CLIENT_OUT;

  for (size_t i = 0; i < SHIM_MAX_CLIENTS; i++)
    if (a->clients[i].fd >= 0 && SHIM_CLIENT_OUT - a->clients[i].out_len < room)
      room = SHIM_CLIENT_OUT - a->clients[i].out_len;
  return room > CONTROL_RESERVE + SHIM_FRAME_HEADER ? room - CONTROL_RESERVE - SHIM_FRAME_HEADER : 0;
}

static void
flush (shim_client_t *c)
{
  ssize_t n = write (c->fd, c->out, c->out_len);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (n <= 0)
    {
      drop (c); /* EPIPE, ECONNRESET: the client went away */
      return;
    }
  memmove (c->out, c->out + n, c->out_len - (size_t) n);
  c->out_len -= (size_t) n;
}

void
shim_attach_broadcast (shim_attach_t *a, int kind, const void *payload, size_t len)
{
  for (size_t i = 0; i < SHIM_MAX_CLIENTS; i++)
    {
      shim_client_t *c = &a->clients[i];

      if (c->fd < 0)
        continue;
      if (SHIM_CLIENT_OUT - c->out_len < SHIM_FRAME_HEADER + len)
        {
          drop (c); /* cannot happen for callers that respect shim_attach_room; never corrupt a stream */
          continue;
        }
      shim_frame_header (kind, (uint32_t) len, c->out + c->out_len);
      memcpy (c->out + c->out_len + SHIM_FRAME_HEADER, payload, len);
      c->out_len += SHIM_FRAME_HEADER + len;
      flush (c); /* most of the time the socket takes it at once */
    }
}

size_t
shim_attach_pollfds (const shim_attach_t *a, bool may_read, struct pollfd *fds)
{
  size_t n = 0;

  if (a->listen_fd >= 0)
    fds[n++] = (struct pollfd){ .fd = a->listen_fd, .events = POLLIN };
  for (size_t i = 0; i < SHIM_MAX_CLIENTS; i++)
    if (a->clients[i].fd >= 0)
      fds[n++] = (struct pollfd){ .fd = a->clients[i].fd,
                                  .events = (short) ((may_read ? POLLIN : 0) | (a->clients[i].out_len ? POLLOUT : 0)) };
  return n;
}

static void
feed (shim_client_t *c, const unsigned char *buf, size_t len, shim_frame_handler_t h, void *ctx)
{
  while (len > 0 && c->fd >= 0)
    {
      shim_frame_event_t ev;
      isle_err_t err;
      long used = shim_frame_decode (&c->decoder, buf, len, &ev, &err);

      if (used < 0)
        {
          drop (c); /* a client that breaks the framing is dropped; the container is not affected */
          return;
        }
      if (ev.kind != 0 && h != NULL)
        h (ctx, &ev);
      buf += used;
      len -= (size_t) used;
    }
}

static shim_client_t *
client_of (shim_attach_t *a, int fd)
{
  for (size_t i = 0; i < SHIM_MAX_CLIENTS; i++)
    if (a->clients[i].fd == fd)
      return &a->clients[i];
  return NULL;
}

void
shim_attach_handle (shim_attach_t *a, const struct pollfd *fds, size_t n, size_t read_max, shim_frame_handler_t h,
                    void *ctx)
{
  for (size_t i = 0; i < n; i++)
    {
      shim_client_t *c;
      unsigned char buf[16384];

      if (fds[i].revents == 0)
        continue;
      if (fds[i].fd == a->listen_fd)
        {
          shim_attach_accept (a);
          continue;
        }
      c = client_of (a, fds[i].fd);
      if (c != NULL && (fds[i].revents & POLLOUT))
        flush (c);
      if (c != NULL && c->fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        {
          ssize_t r = read (c->fd, buf, read_max < sizeof (buf) ? read_max : sizeof (buf));

          if (r > 0)
            feed (c, buf, (size_t) r, h, ctx);
          else if (r == 0 || (errno != EAGAIN && errno != EINTR))
            drop (c);
        }
    }
}

/*
 * The shim's last word: flush every client's pending output (the exit frame is in it), then close our side for
 * writing and read (and discard) until the client closes. Closing outright would make a client's next write —
 * stdin typed or piped as the container exited — fail with EPIPE, and a client like Node then tears the
 * connection down before it has read the output and the exit frame waiting in its receive buffer.
 */
void
shim_attach_drain (shim_attach_t *a, int timeout_ms)
{
  uint64_t deadline = shim_monotonic_ms () + (uint64_t) timeout_ms;
  bool shut[SHIM_MAX_CLIENTS] = { false };
  char discard[4096];

  for (;;)
    {
      struct pollfd fds[SHIM_MAX_CLIENTS];
      size_t n = 0;
      uint64_t now = shim_monotonic_ms ();

      for (size_t i = 0; i < SHIM_MAX_CLIENTS; i++)
        {
          shim_client_t *c = &a->clients[i];

          if (c->fd < 0)
            continue;
          if (c->out_len == 0 && !shut[i])
            {
              shutdown (c->fd, SHUT_WR);
              shut[i] = true;
            }
          fds[n++] = (struct pollfd){ .fd = c->fd, .events = c->out_len > 0 ? POLLOUT : POLLIN };
        }
      if (n == 0 || now >= deadline || poll (fds, n, (int) (deadline - now)) <= 0)
        break;
      for (size_t i = 0; i < n; i++)
        {
          shim_client_t *c = client_of (a, fds[i].fd);

          if (c == NULL || fds[i].revents == 0)
            continue;
          if (fds[i].events == POLLOUT)
            flush (c);
          else if (read (c->fd, discard, sizeof (discard)) <= 0 && errno != EAGAIN && errno != EINTR)
            drop (c);
        }
    }
  for (size_t i = 0; i < SHIM_MAX_CLIENTS; i++)
    if (a->clients[i].fd >= 0)
      drop (&a->clients[i]);
}
