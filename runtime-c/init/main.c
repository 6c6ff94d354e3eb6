/*
 * isle-init: Islander's container runtime.
 *
 *   isle-init --bundle DIR [--sync-fd N]     run the container described by DIR/config.json
 *   isle-init --version
 *
 * With --sync-fd the two-phase start protocol of PROTOCOL.md runs over fd N; without it the container starts
 * at once (for debugging and benchmarks). Exit code: the container's, 128+signal, or 125 for an engine error.
 */
#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "config.h"
#include "monitor.h"
#include "protocol.h"

#define ISLE_INIT_VERSION "0.1.0"
#define EXIT_ENGINE 125

typedef struct args
{
  const char *bundle;
  int sync_fd;
  bool version;
} args_t;

static int
parse_args (int argc, char **argv, args_t *args, isle_err_t *err)
{
  *args = (args_t){ .sync_fd = -1 };
  for (int i = 1; i < argc; i++)
    {
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;
      char *end;

      if (strcmp (argv[i], "--version") == 0)
        args->version = true;
      else if (strcmp (argv[i], "--bundle") == 0 && value != NULL)
        args->bundle = argv[++i];
      else if (strcmp (argv[i], "--sync-fd") == 0 && value != NULL)
        {
          long fd = strtol (value, &end, 10);
          if (*value == '\0' || *end != '\0' || fd < 3 || fd > 1 << 20 || fcntl ((int) fd, F_GETFD) < 0)
            return isle_err (err, "config", EBADF, "--sync-fd %s is not an open descriptor above 2", value);
          args->sync_fd = (int) fd;
          i++;
        }
      else
        return isle_err (err, "config", 0, "usage: isle-init --bundle DIR [--sync-fd N] | --version");
    }
  if (args->bundle == NULL && !args->version)
    return isle_err (err, "config", 0, "usage: isle-init --bundle DIR [--sync-fd N] | --version");
  return 0;
}

/* No descriptor of the host may reach the container: everything above stdio becomes close-on-exec at once. */
static int
seal_inherited_fds (isle_err_t *err)
{
  if (close_range (3, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
    return 0;
  if (errno != ENOSYS && errno != EINVAL)
    return isle_err (err, "config", errno, "close_range");
  for (int fd = 3, max = (int) sysconf (_SC_OPEN_MAX); fd < max; fd++)
    fcntl (fd, F_SETFD, FD_CLOEXEC); /* EBADF for the holes is expected */
  return 0;
}

/* If the control plane dies before a shim takes over, take the container down with it. */
static int
follow_parent (isle_err_t *err)
{
  pid_t parent = getppid ();

  if (prctl (PR_SET_NAME, "isle:monitor", 0, 0, 0) < 0 || prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    return isle_err (err, "clone", errno, "prctl");
  if (getppid () != parent)
    return isle_err (err, "clone", ESRCH, "the control plane exited");
  return 0;
}

int
main (int argc, char **argv)
{
  isle_err_t err = { 0 };
  isle_config_t cfg;
  isle_monitor_t monitor;
  args_t args;

  if (parse_args (argc, argv, &args, &err) < 0)
    {
      isle_monitor_report_error (-1, &err);
      return EXIT_ENGINE;
    }
  if (args.version)
    {
      printf ("isle-init %s (protocol %d)\n", ISLE_INIT_VERSION, ISLE_PROTOCOL_VERSION);
      return 0;
    }
  if (seal_inherited_fds (&err) < 0 || follow_parent (&err) < 0 || isle_config_load (args.bundle, &cfg, &err) < 0
      || isle_monitor_spawn (&monitor, &cfg, args.sync_fd, &err) < 0)
    {
      isle_monitor_report_error (args.sync_fd, &err);
      return EXIT_ENGINE;
    }
  return isle_monitor_wait (&monitor);
}
