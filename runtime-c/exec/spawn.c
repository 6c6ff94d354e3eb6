/*
 * The fork into the container. Runs after setns: the pty is opened here, inside the container's mount
 * namespace, so its slave belongs to the container's devpts and shows up as /dev/pts/N in there. The signals
 * the parent forwards are blocked before the fork (none can slip in between), and the child restores the mask.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec.h"

static const int watched_signals[] = { SIGCHLD, SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

int
exec_spawn (exec_session_t *s, exec_process_t *proc, int sync_fd, isle_err_t *err)
{
  exec_child_t child = { .proc = proc };
  int report_pipe[2];
  sigset_t set;

  *s = (exec_session_t){ .sync_fd = sync_fd, .report_fd = -1, .signal_fd = -1, .pty = { .master = -1 } };
  if (proc->cfg.terminal && isle_pty_open (&s->pty, err) < 0)
    return -1;
  if (pipe2 (report_pipe, O_CLOEXEC) < 0)
    return isle_err (err, "exec", errno, "pipe2");
  sigemptyset (&set);
  for (size_t i = 0; i < sizeof (watched_signals) / sizeof (watched_signals[0]); i++)
    sigaddset (&set, watched_signals[i]);
  if (sigprocmask (SIG_BLOCK, &set, &child.sigmask) < 0)
    return isle_err (err, "exec", errno, "block signals");
  s->signal_fd = signalfd (-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (s->signal_fd < 0)
    return isle_err (err, "exec", errno, "signalfd");

  child.report_fd = report_pipe[1];
  child.pty_slave = proc->cfg.terminal ? s->pty.slave_path : NULL;
  s->child = fork ();
  if (s->child < 0)
    return isle_err (err, "exec", errno, "fork");
  if (s->child == 0)
    {
      /* The parent's ends are CLOEXEC, but the child runs our code for a while inside the container. */
      close (report_pipe[0]);
      close (s->signal_fd);
      if (s->pty.master >= 0)
        close (s->pty.master);
      if (sync_fd >= 0)
        close (sync_fd);
      exec_child_main (&child);
    }
  close (report_pipe[1]);
  s->report_fd = report_pipe[0];
  if (signal (SIGPIPE, SIG_IGN) == SIG_ERR)
    isle_err (err, "exec", errno, "ignore SIGPIPE");
  else if (isle_pty_take_terminal (&s->pty, err) == 0)
    return 0;
  kill (s->child, SIGKILL);
  while (waitpid (s->child, NULL, 0) < 0 && errno == EINTR)
    ;
  return -1;
}
