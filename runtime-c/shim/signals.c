#include "signals.h"

#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

int
shim_signals_open (sigset_t *previous, isle_err_t *err)
{
  sigset_t set;
  int fd;

  sigemptyset (&set);
  sigaddset (&set, SIGCHLD);
  for (size_t i = 0; i < sizeof (forwarded) / sizeof (forwarded[0]); i++)
    sigaddset (&set, forwarded[i]);
  if (signal (SIGPIPE, SIG_IGN) == SIG_ERR)
    return isle_err (err, "clone", errno, "ignore SIGPIPE");
  if (sigprocmask (SIG_BLOCK, &set, previous) < 0)
    return isle_err (err, "clone", errno, "block signals");
  fd = signalfd (-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd < 0)
    return isle_err (err, "clone", errno, "signalfd");
  return fd;
}

bool
shim_signals_handle (int signal_fd, pid_t container, int *status)
{
  struct signalfd_siginfo si;
  bool reaped = false;

  while (read (signal_fd, &si, sizeof (si)) == sizeof (si))
    if (si.ssi_signo != SIGCHLD && container > 0)
      kill (container, (int) si.ssi_signo); /* ESRCH: it is exiting; SIGCHLD follows */
  /* SIGCHLD coalesces: reap until nothing is left, whatever the signals said. */
  for (;;)
    {
      int st;
      pid_t pid = waitpid (-1, &st, WNOHANG);
      if (pid <= 0)
        break;
      if (pid == container)
        reaped = true, *status = st;
    }
  return reaped;
}
