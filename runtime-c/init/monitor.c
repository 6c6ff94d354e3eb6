#include "monitor.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "protocol.h"

#define EXIT_ENGINE 125

static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

void
isle_monitor_report_error (int sync_fd, const isle_err_t *err)
{
  isle_msg_t msg = { .type = ISLE_MSG_ERROR, .stage = err->stage, .errno_value = err->errno_value,
                     .message = err->message };
  isle_err_t ignored;

  if (sync_fd < 0)
    fprintf (stderr, "isle-init: %s: %s\n", err->stage, err->message);
  else
    isle_msg_send (sync_fd, &msg, &ignored); /* the control plane may be gone; nothing more to do then */
}

static void
send_msg (isle_monitor_t *m, isle_msg_t msg)
{
  isle_err_t ignored;

  if (m->sync_fd >= 0)
    isle_msg_send (m->sync_fd, &msg, &ignored);
}

static void
kill_child (isle_monitor_t *m)
{
  kill (m->child, SIGKILL);
  while (waitpid (m->child, NULL, 0) < 0 && errno == EINTR)
    ;
}

/* Before exec: kill the container init, reap it, report, and give the engine-error exit code. */
static int
abort_start (isle_monitor_t *m, const isle_err_t *err)
{
  kill_child (m);
  isle_monitor_report_error (m->sync_fd, err);
  return EXIT_ENGINE;
}

static int
relay_start (isle_monitor_t *m, isle_err_t *err)
{
  char byte = 's';

  if (write (m->start_fd, &byte, 1) != 1)
    return isle_err (err, "sync", errno, "relay start to the container init");
  close (m->start_fd);
  m->start_fd = -1;
  m->phase = ISLE_WAIT_EXEC;
  return 0;
}

static void
block_signals (sigset_t *set)
{
  sigemptyset (set);
  sigaddset (set, SIGCHLD);
  sigaddset (set, SIGWINCH);
  for (size_t i = 0; i < sizeof (forwarded_signals) / sizeof (forwarded_signals[0]); i++)
    sigaddset (set, forwarded_signals[i]);
}

int
isle_monitor_spawn (isle_monitor_t *m, const isle_config_t *cfg, int sync_fd, isle_err_t *err)
{
  int start_pipe[2], report_pipe[2];
  isle_child_t child = { .cfg = cfg };
  sigset_t set;

  *m = (isle_monitor_t){ .cfg = cfg, .sync_fd = sync_fd, .pty = { .master = -1 } };
  if (cfg->terminal && isle_pty_open (&m->pty, err) < 0)
    return -1;
  if (pipe2 (start_pipe, O_CLOEXEC) < 0 || pipe2 (report_pipe, O_CLOEXEC) < 0)
    return isle_err (err, "clone", errno, "pipe2");
  block_signals (&set);
  if (sigprocmask (SIG_BLOCK, &set, &child.sigmask) < 0)
    return isle_err (err, "clone", errno, "block signals");
  m->signal_fd = signalfd (-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (m->signal_fd < 0)
    return isle_err (err, "clone", errno, "signalfd");

  child.expected_ppid = (cfg->clone_flags & CLONE_NEWPID) ? 0 : getpid ();
  child.start_fd = start_pipe[0];
  child.report_fd = report_pipe[1];
  child.pty_slave = cfg->terminal ? m->pty.slave_path : NULL;
  memcpy (child.monitor_fds, (int[]){ sync_fd, m->pty.master, start_pipe[1], report_pipe[0], m->signal_fd, -1 },
          sizeof (child.monitor_fds));
  /* fork-like clone: the child continues here on its copy of the stack, in its new namespaces. */
  m->child = (pid_t) syscall (SYS_clone, SIGCHLD | cfg->clone_flags, NULL, NULL, NULL, NULL);
  if (m->child < 0)
    return isle_err (err, "clone", errno, "clone the container init");
  if (m->child == 0)
    isle_child_main (&child);

  close (start_pipe[0]);
  close (report_pipe[1]);
  m->start_fd = start_pipe[1];
  m->report_fd = report_pipe[0];
  m->phase = ISLE_WAIT_START;
  if (signal (SIGPIPE, SIG_IGN) == SIG_ERR)
    isle_err (err, "clone", errno, "ignore SIGPIPE");
  else if (isle_pty_take_terminal (&m->pty, err) == 0
           && (sync_fd < 0 ? relay_start (m, err)
                           : isle_msg_send (sync_fd, &(isle_msg_t){ .type = ISLE_MSG_READY, .pid = m->child }, err))
                  == 0)
    return 0;
  kill_child (m);
  return -1;
}

/* Bytes from the control plane before start: they must form exactly one start line. */
static int
on_sync (isle_monitor_t *m, isle_err_t *err)
{
  ssize_t n = read (m->sync_fd, m->line + m->line_len, sizeof (m->line) - 1 - m->line_len);
  int taken;

  if (n < 0 && errno == EINTR)
    return 0;
  if (n < 0)
    return isle_err (err, "sync", errno, "read from the control plane");
  if (n == 0)
    return isle_err (err, "sync", EPIPE, "the control plane closed the sync socket before start");
  m->line_len += (size_t) n;
  taken = isle_msg_take_start (m->line, sizeof (m->line), &m->line_len, err);
  return taken <= 0 ? taken : relay_start (m, err);
}

/* The report pipe: an error report, or EOF with nothing read when the exec succeeded. */
static void
on_report (isle_monitor_t *m)
{
  ssize_t n = read (m->report_fd, m->report + m->report_len, sizeof (m->report) - m->report_len);

  if (n < 0 && errno == EINTR)
    return;
  if (n > 0)
    {
      m->report_len += (size_t) n;
      if (m->report_len < sizeof (m->report))
        return;
    }
  close (m->report_fd);
  m->report_fd = -1;
  if (m->report_len == 0 && m->phase == ISLE_WAIT_EXEC)
    {
      m->phase = ISLE_RUNNING;
      send_msg (m, (isle_msg_t){ .type = ISLE_MSG_STARTED });
    }
}

/* Returns true once the container init has been reaped (status in *status). */
static bool
on_signals (isle_monitor_t *m, int *status)
{
  struct signalfd_siginfo si;
  bool exited = false;

  while (read (m->signal_fd, &si, sizeof (si)) == sizeof (si))
    {
      if (si.ssi_signo == SIGCHLD)
        exited = exited || waitpid (m->child, status, WNOHANG) == m->child;
      else if (si.ssi_signo == SIGWINCH)
        isle_pty_resize (&m->pty);
      else
        kill (m->child, (int) si.ssi_signo); /* ESRCH: it is exiting anyway */
    }
  return exited;
}

static int
finish (isle_monitor_t *m, int status)
{
  isle_err_t err;

  while (m->report_fd >= 0)
    on_report (m);
  if (m->report_len > 0)
    {
      isle_report_parse (m->report, m->report_len, &err);
      isle_monitor_report_error (m->sync_fd, &err);
      return EXIT_ENGINE;
    }
  if (m->phase != ISLE_RUNNING)
    {
      isle_err (&err, "sync", 0, "the container init exited before start (status %#x)", (unsigned) status);
      isle_monitor_report_error (m->sync_fd, &err);
      return EXIT_ENGINE;
    }
  isle_pty_drain (&m->pty);
  if (WIFSIGNALED (status))
    {
      send_msg (m, (isle_msg_t){ .type = ISLE_MSG_EXIT, .signaled = true, .signal = WTERMSIG (status) });
      return 128 + WTERMSIG (status);
    }
  send_msg (m, (isle_msg_t){ .type = ISLE_MSG_EXIT, .exit_code = WEXITSTATUS (status) });
  return WEXITSTATUS (status);
}

int
isle_monitor_wait (isle_monitor_t *m)
{
  for (;;)
    {
      struct pollfd fds[3 + ISLE_PTY_POLLFDS];
      size_t n = 0, pty_first;
      int status, i_sync = -1, i_report = -1;
      isle_err_t err;

      fds[n++] = (struct pollfd){ .fd = m->signal_fd, .events = POLLIN };
      if (m->phase == ISLE_WAIT_START && m->sync_fd >= 0)
        i_sync = (int) n, fds[n++] = (struct pollfd){ .fd = m->sync_fd, .events = POLLIN };
      if (m->report_fd >= 0)
        i_report = (int) n, fds[n++] = (struct pollfd){ .fd = m->report_fd, .events = POLLIN };
      pty_first = n;
      /* The terminal is relayed once the process runs: before that nobody holds the slave, and the master
         would only report hang-ups. */
      if (m->phase == ISLE_RUNNING)
        n += isle_pty_pollfds (&m->pty, fds + n);

      if (poll (fds, n, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          isle_err (&err, "sync", errno, "poll");
          if (m->phase != ISLE_RUNNING)
            return abort_start (m, &err);
          continue;
        }
      if (fds[0].revents && on_signals (m, &status))
        return finish (m, status);
      if (i_report >= 0 && fds[i_report].revents)
        on_report (m);
      if (i_sync >= 0 && fds[i_sync].revents && on_sync (m, &err) < 0)
        return abort_start (m, &err);
      isle_pty_relay (&m->pty, fds + pty_first, n - pty_first);
    }
}
