#include "dir_list.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The entries of a directory, sorted so that the same tree always gives the same tar (and layer digest). */
int
list_dir (int dir_fd, char ***names_out, size_t *n_out, isle_err_t *err)
{
  int dup_fd = fcntl (dir_fd, F_DUPFD_CLOEXEC, 0);
  DIR *dir;
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;

  if (UNLIKELY (dup_fd < 0))
    return isle_err (err, "read", errno, "dup");
  dir = fdopendir (dup_fd);
  if (UNLIKELY (dir == NULL))
    {
      close (dup_fd);
      return isle_err (err, "read", errno, "reading a directory");
    }
  errno = 0;
  while ((de = readdir (dir)) != NULL)
    {
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      if (n == cap)
        {
          cap = cap ? cap * 2 : 32;
          char **grown = realloc (names, cap * sizeof (*names));
          if (grown == NULL)
            goto nomem;
          names = grown;
        }
      if ((names[n] = strdup (de->d_name)) == NULL)
        goto nomem;
      n++;
      errno = 0;
    }
  if (UNLIKELY (errno != 0))
    {
      int saved = errno;
      closedir (dir);
      for (size_t i = 0; i < n; i++)
        free (names[i]);
      free (names);
      return isle_err (err, "read", saved, "reading a directory");
    }
  closedir (dir);
  qsort (names, n, sizeof (*names), compare_names);
  *names_out = names;
  *n_out = n;
  return 0;
nomem:
  closedir (dir);
  for (size_t i = 0; i < n; i++)
    free (names[i]);
  free (names);
  return isle_err (err, "read", ENOMEM, "directory entries");
}
