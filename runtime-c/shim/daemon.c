#include "daemon.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int
shim_daemonize (isle_err_t *err)
{
  pid_t middle = fork ();
  int status;

  if (middle < 0)
    return isle_err (err, "clone", errno, "fork");
  if (middle > 0)
    {
      /* The first process: wait for the intermediate one (it exits at once), then leave. */
      while (waitpid (middle, &status, 0) < 0 && errno == EINTR)
        ;
      _exit (WIFEXITED (status) ? WEXITSTATUS (status) : 125);
    }
  /* The intermediate process: a new session, then a child that is not its leader (it can never acquire a
     controlling terminal by opening one), and leave. */
  if (setsid () < 0)
    _exit (125);
  switch (fork ())
    {
    case -1:
      _exit (125);
    case 0:
      return 0;
    default:
      _exit (0);
    }
}

int
shim_detach (isle_err_t *err)
{
  int null_fd;

  if (chdir ("/") < 0)
    return isle_err (err, "clone", errno, "chdir /");
  null_fd = open ("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0)
    return isle_err (err, "clone", errno, "open /dev/null");
  for (int fd = 0; fd <= 2; fd++)
    if (dup2 (null_fd, fd) < 0)
      return isle_err (err, "clone", errno, "dup2 /dev/null");
  if (null_fd > 2)
    close (null_fd);
  if (prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
    return isle_err (err, "clone", errno, "become a subreaper");
  prctl (PR_SET_NAME, "isle-shim", 0, 0, 0); /* cosmetic */
  return 0;
}
