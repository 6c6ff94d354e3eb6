#include "cp.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define USAGE                                                                                                       \
  "usage: isle-cp (--root DIR | --pid PID | --lower DIR... --upper DIR --work DIR) "                               \
  "(--stat PATH [--follow] | --archive PATH --name NAME [--contents] [--owner UID:GID] [--one-file-system] [--whiteouts] "   \
  "[--xattrs] | --extract DIR)"

static int
parse_number (const char *text, unsigned long max, unsigned long *out)
{
  char *end;
  errno = 0;
  unsigned long value = strtoul (text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value > max || text[0] == '-')
    return -1;
  *out = value;
  return 0;
}

static int
parse_owner (const char *text, cp_options_t *opts, isle_err_t *err)
{
  char buf[64];
  unsigned long uid, gid;
  char *colon;

  if (strlen (text) >= sizeof (buf))
    return isle_err (err, "args", 0, "invalid --owner '%s'", text);
  strcpy (buf, text);
  colon = strchr (buf, ':');
  if (colon == NULL)
    return isle_err (err, "args", 0, "--owner needs UID:GID, got '%s'", text);
  *colon = '\0';
  if (parse_number (buf, UINT_MAX - 1, &uid) < 0 || parse_number (colon + 1, UINT_MAX - 1, &gid) < 0)
    return isle_err (err, "args", 0, "invalid --owner '%s'", text);
  opts->has_owner = true;
  opts->uid = (uid_t) uid;
  opts->gid = (gid_t) gid;
  return 0;
}

static int
set_mode (cp_options_t *opts, cp_mode_t mode, const char *path, isle_err_t *err)
{
  if (opts->mode != CP_MODE_NONE)
    return isle_err (err, "args", 0, "only one of --stat, --archive and --extract (" USAGE ")");
  opts->mode = mode;
  opts->path = path;
  return 0;
}

static int
check (const cp_options_t *opts, isle_err_t *err)
{
  int roots = (opts->root_dir != NULL) + (opts->pid > 0) + (opts->upper != NULL);
  if (roots != 1)
    return isle_err (err, "args", 0, "exactly one root: --root, --pid or --upper (" USAGE ")");
  if (opts->upper != NULL && (opts->work == NULL || opts->n_lower == 0))
    return isle_err (err, "args", 0, "--upper needs --work and at least one --lower");
  if (opts->mode == CP_MODE_NONE)
    return isle_err (err, "args", 0, "missing --stat, --archive or --extract (" USAGE ")");
  if (opts->mode == CP_MODE_ARCHIVE && opts->name == NULL)
    return isle_err (err, "args", 0, "--archive needs --name");
  return 0;
}

int
cp_parse_args (int argc, char **argv, cp_options_t *opts, isle_err_t *err)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;
      bool takes_value = true;
      unsigned long number;

      if (strcmp (arg, "--contents") == 0)
        opts->contents = true, takes_value = false;
      else if (strcmp (arg, "--one-file-system") == 0)
        opts->one_file_system = true, takes_value = false;
      else if (strcmp (arg, "--whiteouts") == 0)
        opts->whiteouts = true, takes_value = false;
      else if (strcmp (arg, "--xattrs") == 0)
        opts->xattrs = true, takes_value = false;
      else if (strcmp (arg, "--follow") == 0)
        opts->follow = true, takes_value = false;
      else if (value == NULL)
        return isle_err (err, "args", 0, "unknown argument or missing value: '%s' (" USAGE ")", arg);
      else if (strcmp (arg, "--root") == 0)
        opts->root_dir = value;
      else if (strcmp (arg, "--pid") == 0)
        {
          if (parse_number (value, INT_MAX, &number) < 0 || number == 0)
            return isle_err (err, "args", 0, "invalid --pid '%s'", value);
          opts->pid = (pid_t) number;
        }
      else if (strcmp (arg, "--lower") == 0)
        {
          if (opts->n_lower == CP_MAX_LOWER)
            return isle_err (err, "args", 0, "more than %d --lower", CP_MAX_LOWER);
          opts->lower[opts->n_lower++] = value;
        }
      else if (strcmp (arg, "--upper") == 0)
        opts->upper = value;
      else if (strcmp (arg, "--work") == 0)
        opts->work = value;
      else if (strcmp (arg, "--stat") == 0)
        {
          if (set_mode (opts, CP_MODE_STAT, value, err) < 0)
            return -1;
        }
      else if (strcmp (arg, "--archive") == 0)
        {
          if (set_mode (opts, CP_MODE_ARCHIVE, value, err) < 0)
            return -1;
        }
      else if (strcmp (arg, "--extract") == 0)
        {
          if (set_mode (opts, CP_MODE_EXTRACT, value, err) < 0)
            return -1;
        }
      else if (strcmp (arg, "--name") == 0)
        opts->name = value;
      else if (strcmp (arg, "--owner") == 0)
        {
          if (parse_owner (value, opts, err) < 0)
            return -1;
        }
      else
        return isle_err (err, "args", 0, "unknown argument '%s' (" USAGE ")", arg);
      if (takes_value)
        i++;
    }
  return check (opts, err);
}
