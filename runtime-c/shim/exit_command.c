#include "exit_command.h"

#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>

void
shim_exit_command_run (const shim_args_t *a)
{
  const char *argv[SHIM_MAX_EXIT_ARGS + 2];
  sigset_t none;
  size_t n = 0;

  if (a->exit_command == NULL)
    return;
  argv[n++] = a->exit_command;
  for (size_t i = 0; i < a->n_exit_command_args; i++)
    argv[n++] = a->exit_command_args[i];
  argv[n] = NULL;

  if (fork () != 0)
    return; /* the shim exits next: the command is adopted by the nearest subreaper, as the container was */
  /* The shim's stdio is /dev/null already (daemon.c), and its cwd is /. */
  sigemptyset (&none);
  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP)
      signal (sig, SIG_DFL);
  sigprocmask (SIG_SETMASK, &none, NULL);
  setsid ();
  syscall (SYS_close_range, 3U, ~0U, 0U);
  execv (a->exit_command, (char *const *) argv);
  _exit (127);
}
