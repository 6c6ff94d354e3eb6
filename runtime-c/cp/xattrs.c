#include "xattrs.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

/* xattrs worth carrying: everything but overlayfs' own bookkeeping. */
static bool
xattr_wanted (const char *name)
{
  return strncmp (name, "trusted.overlay.", 16) != 0 && strncmp (name, "user.overlay.", 13) != 0
         && strcmp (name, "security.selinux") != 0;
}

void
free_xattrs (tar_xattr_t *list, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      free (list[i].name);
      free (list[i].value);
    }
  free (list);
}

int
read_xattrs (int fd, tar_xattr_t **out, size_t *n_out, isle_err_t *err)
{
  char names[4096];
  ssize_t len = flistxattr (fd, names, sizeof (names));
  tar_xattr_t *list = NULL;
  size_t n = 0;

  *out = NULL;
  *n_out = 0;
  if (len < 0)
    return errno == ENOTSUP || errno == EOPNOTSUPP ? 0 : isle_err (err, "read", errno, "listing xattrs");
  for (char *name = names; name < names + len; name += strlen (name) + 1)
    {
      char value[4096];
      ssize_t vlen;
      if (!xattr_wanted (name) || (vlen = fgetxattr (fd, name, value, sizeof (value))) < 0)
        continue;
      tar_xattr_t *grown = realloc (list, (n + 1) * sizeof (*list));
      if (grown == NULL)
        goto nomem;
      list = grown;
      list[n].name = strdup (name);
      list[n].value = malloc ((size_t) vlen + 1);
      list[n].len = (size_t) vlen;
      n++;
      if (list[n - 1].name == NULL || list[n - 1].value == NULL)
        goto nomem;
      memcpy (list[n - 1].value, value, (size_t) vlen);
    }
  *out = list;
  *n_out = n;
  return 0;
nomem:
  free_xattrs (list, n);
  return isle_err (err, "read", ENOMEM, "xattrs");
}
