/* The container's output: every chunk goes to the log file and, framed, to every attached client. */
#include <poll.h>

#include "shim.h"

#define DRAIN_QUIET_MS 500

void
shim_output_read (shim_t *s, int stream)
{
  unsigned char buf[16384];
  size_t room = shim_attach_room (&s->attach);
  long n;
  isle_err_t ignored;

  if (room == 0)
    return; /* a client is full: wait until it drains */
  n = shim_stdio_read (&s->io, stream, buf, room < sizeof (buf) ? room : sizeof (buf));
  if (n <= 0)
    return;
  shim_log_write (&s->log, stream, buf, (size_t) n, &ignored); /* a full disk must not stop the container */
  shim_attach_broadcast (&s->attach, stream == SHIM_STDERR ? SHIM_FRAME_STDERR : SHIM_FRAME_STDOUT, buf, (size_t) n);
}

/*
 * After the container's init exited: read its output to EOF (pty: EIO). In a PID namespace every writer is
 * dead by now; without one a background process could keep a pipe open, so give up after DRAIN_QUIET_MS
 * without data.
 */
void
shim_output_drain (shim_t *s)
{
  for (;;)
    {
      struct pollfd fds[2 + 1 + SHIM_MAX_CLIENTS];
      size_t n = 0, clients;
      int streams[2];

      for (int stream = SHIM_STDOUT; stream <= SHIM_STDERR; stream++)
        if (s->io.out[stream] >= 0)
          streams[n] = stream, fds[n++] = (struct pollfd){ .fd = s->io.out[stream], .events = POLLIN };
      if (n == 0)
        break;
      clients = shim_attach_pollfds (&s->attach, false, fds + n);
      if (poll (fds, n + clients, DRAIN_QUIET_MS) <= 0)
        break;
      shim_attach_handle (&s->attach, fds + n, clients, 0, NULL, NULL);
      for (size_t i = 0; i < n; i++)
        if (fds[i].revents)
          shim_output_read (s, streams[i]);
    }
  shim_log_flush (&s->log);
}
