#include "pty.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_termios;

int
isle_pty_open (isle_pty_t *pty, isle_err_t *err)
{
  int fd = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);

  pty->stdin_open = true;
  pty->master_open = true;
  pty->in_len = pty->in_off = 0;
  if (fd < 0)
    return isle_err (err, "pty", errno, "posix_openpt");
  pty->master = fd;
  if (grantpt (fd) < 0 || unlockpt (fd) < 0)
    return isle_err (err, "pty", errno, "unlock the pty");
  if (ptsname_r (fd, pty->slave_path, sizeof (pty->slave_path)) != 0)
    return isle_err (err, "pty", errno, "ptsname");
  if (fcntl (fd, F_SETFL, O_NONBLOCK) < 0)
    return isle_err (err, "pty", errno, "make the pty master non-blocking");
  return 0;
}

int
isle_pty_attach (const char *slave_path, isle_err_t *err)
{
  int fd = open (slave_path, O_RDWR | O_NOCTTY);

  if (fd < 0)
    return isle_err (err, "pty", errno, "open %s", slave_path);
  if (ioctl (fd, TIOCSCTTY, 0) < 0)
    return isle_err (err, "pty", errno, "make %s the controlling terminal", slave_path);
  for (int target = 0; target <= 2; target++)
    if (dup2 (fd, target) < 0)
      return isle_err (err, "pty", errno, "dup2 the terminal to fd %d", target);
  if (fd > 2)
    close (fd);
  return 0;
}

static void
restore_terminal (void)
{
  tcsetattr (STDIN_FILENO, TCSANOW, &saved_termios);
}

int
isle_pty_take_terminal (isle_pty_t *pty, isle_err_t *err)
{
  struct termios raw;

  if (pty->master < 0)
    return 0;
  isle_pty_resize (pty);
  if (!isatty (STDIN_FILENO))
    return 0;
  if (tcgetattr (STDIN_FILENO, &saved_termios) < 0)
    return isle_err (err, "pty", errno, "read the terminal's settings");
  raw = saved_termios;
  cfmakeraw (&raw);
  if (atexit (restore_terminal) != 0 || tcsetattr (STDIN_FILENO, TCSANOW, &raw) < 0)
    return isle_err (err, "pty", errno, "put the terminal in raw mode");
  return 0;
}

void
isle_pty_resize (const isle_pty_t *pty)
{
  struct winsize ws;

  if (pty->master < 0)
    return;
  if (ioctl (STDIN_FILENO, TIOCGWINSZ, &ws) == 0 || ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
    ioctl (pty->master, TIOCSWINSZ, &ws); /* best effort: a wrong size is cosmetic */
}

size_t
isle_pty_pollfds (const isle_pty_t *pty, struct pollfd *fds)
{
  size_t n = 0;

  if (pty->master < 0 || !pty->master_open)
    return 0;
  fds[n++] = (struct pollfd){ .fd = pty->master, .events = POLLIN | (pty->in_off < pty->in_len ? POLLOUT : 0) };
  if (pty->stdin_open && pty->in_off == pty->in_len)
    fds[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
  return n;
}

static void
write_all (int fd, const char *buf, size_t len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, buf, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return; /* our stdout is gone: keep running the container, as docker does */
      buf += n;
      len -= (size_t) n;
    }
}

/* Master -> stdout; returns false once the master reports EOF/EIO (every slave fd closed). */
static bool
copy_output (isle_pty_t *pty)
{
  char buf[16384];
  ssize_t n = read (pty->master, buf, sizeof (buf));

  if (n > 0)
    write_all (STDOUT_FILENO, buf, (size_t) n);
  return n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR));
}

void
isle_pty_relay (isle_pty_t *pty, const struct pollfd *fds, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      if (fds[i].revents == 0)
        continue;
      if (fds[i].fd == pty->master && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        pty->master_open = copy_output (pty);
      if (fds[i].fd == pty->master && (fds[i].revents & POLLOUT))
        {
          ssize_t w = write (pty->master, pty->in + pty->in_off, pty->in_len - pty->in_off);
          if (w > 0)
            pty->in_off += (size_t) w;
          else if (w < 0 && errno != EAGAIN && errno != EINTR)
            pty->in_off = pty->in_len; /* the container side is gone; drop the input */
        }
      if (fds[i].fd == STDIN_FILENO)
        {
          ssize_t r = read (STDIN_FILENO, pty->in, sizeof (pty->in));
          if (r > 0)
            pty->in_off = 0, pty->in_len = (size_t) r;
          else if (r == 0 || (errno != EAGAIN && errno != EINTR))
            pty->stdin_open = false; /* keep relaying output until the container exits */
        }
    }
}

void
isle_pty_drain (isle_pty_t *pty)
{
  struct pollfd pfd = { .fd = pty->master, .events = POLLIN };

  if (pty->master < 0 || !pty->master_open)
    return;
  /* Output the container wrote just before exiting may still be in flight inside the tty layer: read until the
     master reports that every slave is closed, bounded in case something else still holds the slave open. */
  while (poll (&pfd, 1, 200) > 0 && copy_output (pty))
    ;
}
