#include "dir_times.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
dir_times_add (dir_times_t *times, const char *path, struct timespec mtime, isle_err_t *err)
{
  if (times->count == times->cap)
    {
      size_t cap = times->cap ? times->cap * 2 : 256;
      dir_time_t *grown = realloc (times->items, cap * sizeof (dir_time_t));
      if (grown == NULL)
        return isle_err (err, "unpack", ENOMEM, "recording directory times");
      times->items = grown;
      times->cap = cap;
    }
  char *copy = strdup (path);
  if (copy == NULL)
    return isle_err (err, "unpack", ENOMEM, "recording directory times");
  times->items[times->count++] = (dir_time_t){ .path = copy, .mtime = mtime };
  return 0;
}

int
dir_times_apply (dir_times_t *times, root_t *root, isle_err_t *err)
{
  /* In archive order, so the last entry for a directory wins. Setting a directory's times does not touch its
     parent's mtime, so the order between directories does not matter. */
  for (size_t i = 0; i < times->count; i++)
    {
      struct timespec ts[2] = { times->items[i].mtime, times->items[i].mtime };
      cleanup_close int fd = -1;

      if (times->items[i].path[0] == '\0')
        {
          if (futimens (root->fd, ts) < 0)
            return isle_err (err, "unpack", errno, "setting the times of the rootfs");
          continue;
        }
      fd = root_open_nofollow (root, times->items[i].path, O_RDONLY | O_DIRECTORY, err);
      if (fd < 0)
        {
          if (err->errno_value == ELOOP || err->errno_value == ENOENT || err->errno_value == ENOTDIR)
            continue; /* replaced by a later entry */
          return -1;
        }
      if (futimens (fd, ts) < 0)
        return isle_err (err, "unpack", errno, "setting the times of '%s'", times->items[i].path);
    }
  return 0;
}

void
dir_times_free (dir_times_t *times)
{
  for (size_t i = 0; i < times->count; i++)
    free (times->items[i].path);
  free (times->items);
  memset (times, 0, sizeof (*times));
}
