#include "container_io.h"

#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "logfile.h"

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

int
shim_stdio_init (shim_stdio_t *io, const isle_config_t *cfg, bool stdin_open, isle_err_t *err)
{
  *io = (shim_stdio_t){ .terminal = cfg->terminal, .stdin_open = stdin_open, .pty = { .master = -1 },
                        .out = { -1, -1 }, .in = -1, .child = { -1, -1, -1 } };
  if (!cfg->terminal)
    return 0;
  if (isle_pty_open (&io->pty, err) < 0)
    return -1;
  /* The size the client's terminal had at start (process.consoleSize); later changes arrive as RESIZE frames. */
  if (cfg->console_height > 0 && cfg->console_width > 0
      && ioctl (io->pty.master, TIOCSWINSZ, &(struct winsize){ .ws_row = cfg->console_height, .ws_col = cfg->console_width }) < 0)
    return isle_err (err, "pty", errno, "set the terminal size");
  return 0;
}

static int
pipe_pair (int *parent_end, int *child_end, bool parent_reads, isle_err_t *err)
{
  int fds[2];

  if (pipe2 (fds, O_CLOEXEC) < 0)
    return isle_err (err, "clone", errno, "pipe2");
  *parent_end = parent_reads ? fds[0] : fds[1];
  *child_end = parent_reads ? fds[1] : fds[0];
  if (fcntl (*parent_end, F_SETFL, O_NONBLOCK) < 0)
    return isle_err (err, "clone", errno, "make a stdio pipe non-blocking");
  return 0;
}

int
shim_stdio_prepare (shim_stdio_t *io, isle_err_t *err)
{
  io->buf_len = 0;
  io->close_in_pending = false;
  if (io->terminal)
    {
      io->out[SHIM_STDOUT] = io->pty.master;
      io->in = io->stdin_open ? io->pty.master : -1;
      return 0;
    }
  if (pipe_pair (&io->out[SHIM_STDOUT], &io->child[1], true, err) < 0
      || pipe_pair (&io->out[SHIM_STDERR], &io->child[2], true, err) < 0)
    return -1;
  if (io->stdin_open)
    return pipe_pair (&io->in, &io->child[0], false, err);
  io->child[0] = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (io->child[0] < 0)
    return isle_err (err, "clone", errno, "open /dev/null");
  return 0;
}

void
shim_stdio_parent_close (shim_stdio_t *io)
{
  for (int i = 0; i < 3; i++)
    close_fd (&io->child[i]);
}

int
shim_stdio_child_setup (const shim_stdio_t *io, isle_err_t *err)
{
  for (int target = 0; target < 3; target++)
    if (io->child[target] >= 0 && dup2 (io->child[target], target) < 0) /* dup2 clears CLOEXEC on the copy */
      return isle_err (err, "clone", errno, "dup2 stdio fd %d", target);
  return 0;
}

long
shim_stdio_read (shim_stdio_t *io, int stream, unsigned char *buf, size_t cap)
{
  ssize_t n = read (io->out[stream], buf, cap);

  if (n > 0)
    return n;
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return -1;
  /* EOF, or EIO from a pty master once every slave fd is closed */
  if (io->out[stream] != io->pty.master)
    close (io->out[stream]);
  io->out[stream] = -1;
  return 0;
}

static void
close_in (shim_stdio_t *io)
{
  if (io->in < 0)
    return;
  if (io->terminal)
    {
      /* A terminal has no half-close: the line discipline's end-of-file character does what ^D does. */
      struct termios t;
      unsigned char eof = tcgetattr (io->pty.master, &t) == 0 ? t.c_cc[VEOF] : 4;
      ssize_t ignored = write (io->pty.master, &eof, 1);
      (void) ignored;
      io->in = -1;
      return;
    }
  close_fd (&io->in);
}

void
shim_stdio_flush_in (shim_stdio_t *io)
{
  ssize_t n;

  if (io->in < 0 || io->buf_len == 0)
    return;
  n = write (io->in, io->buf, io->buf_len);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (n < 0)
    {
      io->buf_len = 0; /* EPIPE: the container closed its stdin; drop what is left */
      if (!io->terminal)
        close_fd (&io->in);
      return;
    }
  memmove (io->buf, io->buf + n, io->buf_len - (size_t) n);
  io->buf_len -= (size_t) n;
  if (io->buf_len == 0 && io->close_in_pending)
    close_in (io);
}

size_t
shim_stdio_in_room (const shim_stdio_t *io)
{
  return io->in < 0 ? sizeof (io->buf) : sizeof (io->buf) - io->buf_len;
}

void
shim_stdio_on_frame (void *ctx, const shim_frame_event_t *ev)
{
  shim_stdio_t *io = ctx;

  switch (ev->kind)
    {
    case SHIM_FRAME_STDIN:
      if (io->in < 0 || io->close_in_pending)
        return; /* no stdin (no --stdin, or closed): dropped, as docker does */
      if (ev->len > sizeof (io->buf) - io->buf_len)
        return; /* cannot happen: clients are read at most shim_stdio_in_room bytes at a time */
      memcpy (io->buf + io->buf_len, ev->data, ev->len);
      io->buf_len += ev->len;
      shim_stdio_flush_in (io);
      break;
    case SHIM_FRAME_RESIZE:
      if (io->pty.master >= 0)
        ioctl (io->pty.master, TIOCSWINSZ, &(struct winsize){ .ws_row = ev->rows, .ws_col = ev->cols });
      break;
    case SHIM_FRAME_CLOSE_STDIN:
      io->close_in_pending = true;
      if (io->buf_len == 0)
        close_in (io);
      break;
    }
}

void
shim_stdio_end_run (shim_stdio_t *io)
{
  shim_stdio_parent_close (io);
  if (!io->terminal)
    {
      close_fd (&io->out[SHIM_STDOUT]);
      close_fd (&io->out[SHIM_STDERR]);
      close_fd (&io->in);
    }
  io->out[SHIM_STDOUT] = io->out[SHIM_STDERR] = -1;
  io->in = -1;
}
