#include "tiny_init.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* PID 1's whole life: wait for a signal, forward it or reap; leave with the command's status. */
static _Noreturn void
init_loop (pid_t command, const sigset_t *all)
{
  for (;;)
    {
      siginfo_t si;
      int status;
      pid_t pid;

      if (sigwaitinfo (all, &si) < 0)
        continue; /* EINTR only */
      if (si.si_signo != SIGCHLD)
        {
          kill (command, si.si_signo); /* ESRCH: it is exiting; its SIGCHLD follows */
          continue;
        }
      while ((pid = waitpid (-1, &status, WNOHANG)) > 0)
        if (pid == command)
          _exit (WIFSIGNALED (status) ? 128 + WTERMSIG (status) : WEXITSTATUS (status));
    }
}

int
isle_tiny_init (int report_fd, isle_err_t *err)
{
  sigset_t all, previous;
  pid_t command;

  sigfillset (&all);
  if (sigprocmask (SIG_SETMASK, &all, &previous) < 0)
    return isle_err (err, "exec", errno, "--init: block signals");
  command = fork ();
  if (command < 0)
    return isle_err (err, "exec", errno, "--init: fork");
  if (command > 0)
    {
      close (report_fd);
      prctl (PR_SET_NAME, "isle:tiny-init", 0, 0, 0); /* cosmetic: shows in ps */
      init_loop (command, &all);
    }
  /* The command: its own process group, in the terminal's foreground, so ^C reaches it once, not via PID 1
     as well. Still with every signal blocked, so tcsetpgrp cannot stop us with SIGTTOU. */
  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || setpgid (0, 0) < 0)
    return isle_err (err, "exec", errno, "--init: prepare the command's process");
  if (isatty (STDIN_FILENO) && tcsetpgrp (STDIN_FILENO, getpid ()) < 0)
    return isle_err (err, "exec", errno, "--init: give the terminal to the command");
  if (sigprocmask (SIG_SETMASK, &previous, NULL) < 0)
    return isle_err (err, "exec", errno, "--init: restore the signal mask");
  return 0;
}
