#include "args.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#define USAGE                                                                                                       \
  "usage: isle-shim --id ID --bundle DIR --state-dir DIR --log-file FILE --exit-file FILE [--sync-fd N] [--stdin]" \
  " [--log-max-size BYTES] [--log-max-files N] [--restart POLICY] [--cgroup-join FILE]... [--cgroup-dir DIR]"   \
  " [--oom-file FILE --oom-key KEY] [--init] [--auto-remove] [--exit-command PATH [--exit-command-arg ARG]...]" \
  " [--detached] | --version"

static int
parse_number (const char *option, const char *text, uint64_t min, uint64_t max, uint64_t *out, isle_err_t *err)
{
  char *end;
  unsigned long long n;

  errno = 0;
  n = strtoull (text, &end, 10);
  if (*text < '0' || *text > '9' || *end != '\0' || errno != 0 || n < min || n > max)
    return isle_err (err, "config", 0, "%s %s: expected a number from %llu to %llu", option, text,
                     (unsigned long long) min, (unsigned long long) max);
  *out = n;
  return 0;
}

/* Options that take a value: each stores it and returns 0, or fails with a message naming the option. */
static int
take_value (shim_args_t *a, const char *option, const char *value, isle_err_t *err)
{
  uint64_t n;

  if (strcmp (option, "--id") == 0)
    a->id = value;
  else if (strcmp (option, "--bundle") == 0)
    a->bundle = value;
  else if (strcmp (option, "--state-dir") == 0)
    a->state_dir = value;
  else if (strcmp (option, "--log-file") == 0)
    a->log_file = value;
  else if (strcmp (option, "--exit-file") == 0)
    a->exit_file = value;
  else if (strcmp (option, "--cgroup-dir") == 0)
    a->cgroup_dir = value;
  else if (strcmp (option, "--oom-file") == 0)
    a->oom_file = value;
  else if (strcmp (option, "--oom-key") == 0)
    a->oom_key = value;
  else if (strcmp (option, "--exit-command") == 0)
    a->exit_command = value;
  else if (strcmp (option, "--exit-command-arg") == 0)
    {
      if (a->n_exit_command_args == SHIM_MAX_EXIT_ARGS)
        return isle_err (err, "config", 0, "--exit-command-arg: at most %d arguments", SHIM_MAX_EXIT_ARGS);
      a->exit_command_args[a->n_exit_command_args++] = value;
    }
  else if (strcmp (option, "--restart") == 0)
    return shim_restart_parse (value, &a->restart, err);
  else if (strcmp (option, "--cgroup-join") == 0)
    {
      if (a->n_cgroup_join == SHIM_MAX_CGROUP_JOIN)
        return isle_err (err, "config", 0, "--cgroup-join: at most %d files", SHIM_MAX_CGROUP_JOIN);
      a->cgroup_join[a->n_cgroup_join++] = value;
    }
  else if (strcmp (option, "--sync-fd") == 0)
    {
      if (parse_number (option, value, 3, 1 << 20, &n, err) < 0)
        return -1;
      if (fcntl ((int) n, F_GETFD) < 0)
        return isle_err (err, "config", errno, "--sync-fd %s is not an open descriptor", value);
      a->sync_fd = (int) n;
    }
  else if (strcmp (option, "--log-max-size") == 0)
    return parse_number (option, value, 1, UINT64_MAX >> 1, &a->log_max_size, err);
  else if (strcmp (option, "--log-max-files") == 0)
    {
      if (parse_number (option, value, 1, 1000, &n, err) < 0)
        return -1;
      a->log_max_files = (unsigned) n;
    }
  else
    return isle_err (err, "config", 0, "unknown option %s; " USAGE, option);
  return 0;
}

static int
check_required (const shim_args_t *a, isle_err_t *err)
{
  const struct
  {
    const char *name, *value;
  } required[] = { { "--id", a->id },             { "--bundle", a->bundle },       { "--state-dir", a->state_dir },
                   { "--log-file", a->log_file }, { "--exit-file", a->exit_file } };

  for (size_t i = 0; i < sizeof (required) / sizeof (required[0]); i++)
    if (required[i].value == NULL || *required[i].value == '\0')
      return isle_err (err, "config", 0, "missing %s; " USAGE, required[i].name);
  if ((a->oom_file == NULL) != (a->oom_key == NULL))
    return isle_err (err, "config", 0, "--oom-file and --oom-key go together");
  if (a->n_exit_command_args > 0 && a->exit_command == NULL)
    return isle_err (err, "config", 0, "--exit-command-arg needs --exit-command");
  if (a->exit_command != NULL && a->exit_command[0] != '/')
    return isle_err (err, "config", 0, "--exit-command %s: an absolute path", a->exit_command);
  if (a->cgroup_dir != NULL && a->n_cgroup_join > 0)
    return isle_err (err, "config", 0, "--cgroup-dir (v2) and --cgroup-join (v1) exclude each other");
  return 0;
}

int
shim_args_parse (int argc, char **argv, shim_args_t *a, isle_err_t *err)
{
  *a = (shim_args_t){ .sync_fd = -1, .log_max_files = 1 };
  shim_restart_parse ("no", &a->restart, err);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--version") == 0)
        a->version = true;
      else if (strcmp (argv[i], "--stdin") == 0)
        a->stdin_open = true;
      else if (strcmp (argv[i], "--init") == 0)
        a->init = true;
      else if (strcmp (argv[i], "--auto-remove") == 0)
        a->auto_remove = true;
      else if (strcmp (argv[i], "--detached") == 0)
        a->detached = true;
      else if (strncmp (argv[i], "--", 2) != 0)
        return isle_err (err, "config", 0, "unexpected argument %s; " USAGE, argv[i]);
      else if (i + 1 >= argc)
        return isle_err (err, "config", 0, "%s needs a value; " USAGE, argv[i]);
      else if (take_value (a, argv[i], argv[i + 1], err) < 0)
        return -1;
      else
        i++;
    }
  return a->version ? 0 : check_required (a, err);
}
