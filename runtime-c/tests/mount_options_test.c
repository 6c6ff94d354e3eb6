// links: init/mount_options.c
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "check.h"
#include "mount_options.h"

static isle_mount_opts_t
parse (const char *const *options, size_t n)
{
  isle_mount_opts_t out;
  isle_err_t err;

  CHECK (isle_mount_opts_parse (options, n, "mounts[0].options", &out, &err) == 0);
  return out;
}

int
main (void)
{
  const char *const tmpfs[] = { "nosuid", "strictatime", "mode=755", "size=65536k" };
  const char *const bind[] = { "rbind", "ro", "nodev", "rprivate" };
  const char *const toggles[] = { "ro", "rw", "noexec", "exec", "nosuid", "relatime", "slave" };
  const char *const empty[] = { "" };
  isle_mount_opts_t o;
  isle_err_t err;
  unsigned long prop;

  o = parse (tmpfs, 4);
  CHECK (o.flags == (MS_NOSUID | MS_STRICTATIME));
  CHECK (!o.bind && o.propagation == 0);
  CHECK (o.data != NULL && strcmp (o.data, "mode=755,size=65536k") == 0);
  free (o.data);

  o = parse (bind, 4);
  CHECK (o.bind);
  CHECK (o.flags == (MS_BIND | MS_REC | MS_RDONLY | MS_NODEV));
  CHECK (o.propagation == (MS_PRIVATE | MS_REC));
  CHECK (o.data == NULL);

  o = parse (toggles, 7);
  CHECK (o.flags == (MS_NOSUID | MS_RELATIME));
  CHECK (o.propagation == MS_SLAVE);

  o = parse (NULL, 0);
  CHECK (o.flags == 0 && o.data == NULL);

  CHECK (isle_mount_opts_parse (empty, 1, "mounts[3].options", &o, &err) < 0);
  CHECK (strcmp (err.stage, "config") == 0 && strstr (err.message, "mounts[3].options") != NULL);

  CHECK (isle_propagation_from_name ("rshared", &prop) == 0 && prop == (MS_SHARED | MS_REC));
  CHECK (isle_propagation_from_name ("ro", &prop) < 0);
  return check_done ("mount_options");
}
