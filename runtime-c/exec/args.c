/* The command line: isle-exec --pid PID --process FILE [--sync-fd N] [--cgroup-join FILE]... | --version */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"

#define USAGE "usage: isle-exec --pid PID --process FILE [--sync-fd N] [--cgroup-join FILE]... | --version"

static int
parse_int (const char *value, long min, long max, long *out)
{
  char *end;
  long v;

  errno = 0;
  v = strtol (value, &end, 10);
  if (*value == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
    return -1;
  *out = v;
  return 0;
}

int
exec_parse_args (int argc, char **argv, exec_args_t *args, isle_err_t *err)
{
  long v;

  *args = (exec_args_t){ .sync_fd = -1 };
  /* At most one cgroup file per remaining argument: the array never needs to grow. */
  args->cgroup_join = calloc ((size_t) argc, sizeof (char *));
  if (args->cgroup_join == NULL)
    return isle_err (err, "config", errno, "parsing the command line");
  for (int i = 1; i < argc; i++)
    {
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;

      if (strcmp (argv[i], "--version") == 0)
        {
          args->version = true;
          continue;
        }
      if (value == NULL)
        return isle_err (err, "config", 0, USAGE);
      if (strcmp (argv[i], "--pid") == 0)
        {
          if (parse_int (value, 1, INT_MAX, &v) < 0)
            return isle_err (err, "config", 0, "--pid %s is not a process id", value);
          args->pid = (pid_t) v;
        }
      else if (strcmp (argv[i], "--process") == 0)
        args->process_file = value;
      else if (strcmp (argv[i], "--sync-fd") == 0)
        {
          if (parse_int (value, 3, 1 << 20, &v) < 0 || fcntl ((int) v, F_GETFD) < 0)
            return isle_err (err, "config", EBADF, "--sync-fd %s is not an open descriptor above 2", value);
          args->sync_fd = (int) v;
        }
      else if (strcmp (argv[i], "--cgroup-join") == 0)
        args->cgroup_join[args->n_cgroup_join++] = value;
      else
        return isle_err (err, "config", 0, USAGE);
      i++;
    }
  if (!args->version && (args->pid == 0 || args->process_file == NULL))
    return isle_err (err, "config", 0, USAGE);
  return 0;
}
