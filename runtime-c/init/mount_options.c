#include "mount_options.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

typedef struct option
{
  const char *name;
  bool clear;            /* the option clears `flag` ("rw", "suid", ...) instead of setting it */
  unsigned long flag;
} option_t;

static const option_t flag_options[] = {
  { "defaults", false, 0 },          { "ro", false, MS_RDONLY },
  { "rw", true, MS_RDONLY },         { "nosuid", false, MS_NOSUID },
  { "suid", true, MS_NOSUID },       { "nodev", false, MS_NODEV },
  { "dev", true, MS_NODEV },         { "noexec", false, MS_NOEXEC },
  { "exec", true, MS_NOEXEC },       { "sync", false, MS_SYNCHRONOUS },
  { "async", true, MS_SYNCHRONOUS }, { "dirsync", false, MS_DIRSYNC },
  { "remount", false, MS_REMOUNT },  { "mand", false, MS_MANDLOCK },
  { "nomand", true, MS_MANDLOCK },   { "atime", true, MS_NOATIME },
  { "noatime", false, MS_NOATIME },  { "diratime", true, MS_NODIRATIME },
  { "nodiratime", false, MS_NODIRATIME }, { "relatime", false, MS_RELATIME },
  { "norelatime", true, MS_RELATIME },    { "strictatime", false, MS_STRICTATIME },
  { "nostrictatime", true, MS_STRICTATIME }, { "silent", false, MS_SILENT },
  { "loud", true, MS_SILENT },
};

static const option_t propagation_options[] = {
  { "private", false, MS_PRIVATE },         { "rprivate", false, MS_PRIVATE | MS_REC },
  { "slave", false, MS_SLAVE },             { "rslave", false, MS_SLAVE | MS_REC },
  { "shared", false, MS_SHARED },           { "rshared", false, MS_SHARED | MS_REC },
  { "unbindable", false, MS_UNBINDABLE },   { "runbindable", false, MS_UNBINDABLE | MS_REC },
};

static const option_t *
lookup (const option_t *table, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp (table[i].name, name) == 0)
      return &table[i];
  return NULL;
}

int
isle_propagation_from_name (const char *name, unsigned long *out)
{
  const option_t *o = lookup (propagation_options, sizeof (propagation_options) / sizeof (option_t), name);

  if (o == NULL)
    return -1;
  *out = o->flag;
  return 0;
}

static int
append_data (isle_mount_opts_t *out, const char *opt, const char *field, isle_err_t *err)
{
  size_t old = out->data ? strlen (out->data) : 0;
  size_t add = strlen (opt);
  char *data = realloc (out->data, old + add + 2);

  if (data == NULL)
    return isle_err (err, "config", errno, "%s: allocating mount data", field);
  if (old > 0)
    data[old++] = ',';
  memcpy (data + old, opt, add + 1);
  out->data = data;
  return 0;
}

int
isle_mount_opts_parse (const char *const *options, size_t n, const char *field, isle_mount_opts_t *out,
                       isle_err_t *err)
{
  *out = (isle_mount_opts_t){ 0 };
  for (size_t i = 0; i < n; i++)
    {
      const char *opt = options[i];
      const option_t *o;

      if (strcmp (opt, "bind") == 0 || strcmp (opt, "rbind") == 0)
        {
          out->bind = true;
          out->flags |= MS_BIND | (opt[0] == 'r' ? MS_REC : 0);
        }
      else if ((o = lookup (flag_options, sizeof (flag_options) / sizeof (option_t), opt)) != NULL)
        {
          if (o->clear)
            out->flags &= ~o->flag;
          else
            out->flags |= o->flag;
        }
      else if (isle_propagation_from_name (opt, &out->propagation) == 0)
        continue;
      else if (opt[0] == '\0')
        return isle_err (err, "config", 0, "%s: empty mount option", field);
      else if (append_data (out, opt, field, err) < 0)
        return -1;
    }
  return 0;
}
