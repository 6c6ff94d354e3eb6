/* The event loop: one poll over the signalfd, the child's pipes, the output, stdin and clients. */
#include <poll.h>

#include "shim.h"
#include "signals.h"

enum
{
  MAX_POLLFDS = 7 + 1 + SHIM_MAX_CLIENTS,
};

typedef struct slots
{
  int signal, ready, report, out[2], in, clients;
} slots_t;

static int
add (struct pollfd *fds, size_t *n, int fd, short events)
{
  if (fd < 0)
    return -1;
  fds[*n] = (struct pollfd){ .fd = fd, .events = events };
  return (int) (*n)++;
}

static size_t
fill (const shim_t *s, struct pollfd *fds, slots_t *at)
{
  size_t n = 0;
  bool running = s->phase == SHIM_RUNNING;

  at->signal = add (fds, &n, s->signal_fd, POLLIN);
  at->ready = add (fds, &n, s->child.ready_fd, POLLIN);
  at->report = add (fds, &n, s->child.report_fd, POLLIN);
  /* Output is read once the process runs: before that a pty master only reports hang-ups. */
  for (int stream = SHIM_STDOUT; stream <= SHIM_STDERR; stream++)
    at->out[stream] = add (fds, &n, running && shim_attach_room (&s->attach) > 0 ? s->io.out[stream] : -1, POLLIN);
  at->in = add (fds, &n, s->io.buf_len > 0 ? s->io.in : -1, POLLOUT);
  at->clients = (int) n;
  return n + shim_attach_pollfds (&s->attach, shim_stdio_in_room (&s->io) > 0, fds + n);
}

static int
timeout_ms (const shim_t *s)
{
  uint64_t now;

  if (s->phase != SHIM_BACKOFF)
    return -1;
  now = shim_monotonic_ms ();
  return s->restart_at_ms > now ? (int) (s->restart_at_ms - now) : 0;
}

static bool
ready (const struct pollfd *fds, int at)
{
  return at >= 0 && fds[at].revents != 0;
}

void
shim_loop (shim_t *s)
{
  while (s->phase != SHIM_DONE)
    {
      struct pollfd fds[MAX_POLLFDS];
      slots_t at;
      size_t n = fill (s, fds, &at);
      int status, ret = poll (fds, n, timeout_ms (s));

      if (ret < 0)
        continue; /* EINTR; nothing else can fail with valid fds */
      if (ret == 0 && s->phase == SHIM_BACKOFF)
        {
          shim_on_restart_due (s);
          continue;
        }
      if (ready (fds, at.ready))
        shim_on_ready_fd (s);
      if (ready (fds, at.report))
        shim_on_report_fd (s);
      for (int stream = SHIM_STDOUT; stream <= SHIM_STDERR; stream++)
        if (ready (fds, at.out[stream]))
          shim_output_read (s, stream);
      if (ready (fds, at.in))
        shim_stdio_flush_in (&s->io);
      shim_attach_handle (&s->attach, fds + at.clients, n - (size_t) at.clients, shim_stdio_in_room (&s->io),
                          shim_stdio_on_frame, &s->io);
      /* Signals last: an exit is handled after this round's output was read. */
      if (ready (fds, at.signal)
          && shim_signals_handle (s->signal_fd, s->phase <= SHIM_RUNNING ? s->child.pid : 0, &status))
        shim_on_exit (s, status);
    }
}
