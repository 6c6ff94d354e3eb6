/*
 * The parent after the fork: waits for the exec (report pipe EOF), then relays the terminal and forwards
 * signals until the process exits, and repeats its status. Error policy, as isle-init's monitor: before the
 * exec a failure is an engine error (125); after it, relay failures only stop that relay.
 */
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec.h"

/* An error report, or EOF with nothing read once the exec succeeded. */
static void
on_report (exec_session_t *s)
{
  ssize_t n = read (s->report_fd, s->report + s->report_len, sizeof (s->report) - s->report_len);

  if (n < 0 && errno == EINTR)
    return;
  if (n > 0)
    {
      s->report_len += (size_t) n;
      if (s->report_len < sizeof (s->report))
        return;
    }
  close (s->report_fd);
  s->report_fd = -1;
  /* A read error on a pipe (EIO, never seen in practice) counts as EOF, as in isle-init's monitor. */
  if (s->report_len == 0)
    {
      s->started = true;
      exec_send_started (s->sync_fd, s->child);
    }
}

/* Returns true once the child has been reaped (status in *status). */
static bool
on_signals (exec_session_t *s, int *status)
{
  struct signalfd_siginfo si;
  bool exited = false;

  while (read (s->signal_fd, &si, sizeof (si)) == sizeof (si))
    {
      if (si.ssi_signo == SIGCHLD)
        exited = exited || waitpid (s->child, status, WNOHANG) == s->child;
      else if (si.ssi_signo == SIGWINCH)
        isle_pty_resize (&s->pty);
      else
        kill (s->child, (int) si.ssi_signo); /* ESRCH: it is exiting anyway */
    }
  return exited;
}

static int
finish (exec_session_t *s, int status)
{
  isle_err_t err;

  while (s->report_fd >= 0)
    on_report (s);
  if (s->report_len > 0)
    {
      isle_report_parse (s->report, s->report_len, &err);
      exec_send_error (s->sync_fd, &err);
      return EXEC_EXIT_ENGINE;
    }
  isle_pty_drain (&s->pty);
  exec_send_exit (s->sync_fd, status);
  return WIFSIGNALED (status) ? 128 + WTERMSIG (status) : WEXITSTATUS (status);
}

static int
abort_before_exec (exec_session_t *s, int errno_value)
{
  isle_err_t err;

  kill (s->child, SIGKILL);
  while (waitpid (s->child, NULL, 0) < 0 && errno == EINTR)
    ;
  isle_err (&err, "exec", errno_value, "poll");
  exec_send_error (s->sync_fd, &err);
  return EXEC_EXIT_ENGINE;
}

int
exec_wait (exec_session_t *s)
{
  for (;;)
    {
      struct pollfd fds[2 + ISLE_PTY_POLLFDS];
      size_t n = 0, pty_first;
      int status, i_report = -1;

      fds[n++] = (struct pollfd){ .fd = s->signal_fd, .events = POLLIN };
      if (s->report_fd >= 0)
        i_report = (int) n, fds[n++] = (struct pollfd){ .fd = s->report_fd, .events = POLLIN };
      pty_first = n;
      if (s->started)
        n += isle_pty_pollfds (&s->pty, fds + n);
      if (poll (fds, n, -1) < 0)
        {
          if (errno == EINTR || s->started)
            continue;
          return abort_before_exec (s, errno);
        }
      if (fds[0].revents && on_signals (s, &status))
        return finish (s, status);
      if (i_report >= 0 && fds[i_report].revents)
        on_report (s);
      isle_pty_relay (&s->pty, fds + pty_first, n - pty_first);
    }
}
