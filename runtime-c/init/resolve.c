#include "resolve.h"

#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

isle_fd_path_t
isle_fd_path (int fd)
{
  isle_fd_path_t p;

  snprintf (p.s, sizeof (p.s), "/proc/self/fd/%d", fd);
  return p;
}

static int
open_scoped (int root_fd, const char *path)
{
  struct open_how how = {
    .flags = O_PATH | O_CLOEXEC,
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };

  return (int) syscall (SYS_openat2, root_fd, path, &how, sizeof (how));
}

/* Create the missing components of path one by one; each prefix is re-resolved inside the root. */
static int
create_path (int root_fd, const char *path, isle_create_t create, const char *stage, isle_err_t *err)
{
  char prefix[PATH_MAX];
  size_t len = strlen (path), i = 0;
  int parent = root_fd;

  if (len >= sizeof (prefix))
    return isle_err (err, stage, ENAMETOOLONG, "%s", path);
  memcpy (prefix, path, len + 1);
  while (i < len)
    {
      size_t start, end;
      int fd, ret;
      char saved;

      while (i < len && prefix[i] == '/')
        i++;
      start = i;
      while (i < len && prefix[i] != '/')
        i++;
      end = i;
      if (end == start)
        break;
      saved = prefix[end];
      prefix[end] = '\0';
      fd = open_scoped (root_fd, prefix);
      if (fd < 0 && errno == ENOENT)
        {
          const char *name = prefix + start;
          bool last = end == len || strspn (prefix + end + 1, "/") == len - end - 1;

          if (strcmp (name, "..") == 0 || strcmp (name, ".") == 0)
            errno = EINVAL, ret = -1;
          else if (last && create == ISLE_MKFILE)
            ret = mknodat (parent, name, S_IFREG | 0644, 0);
          else
            ret = mkdirat (parent, name, 0755);
          if (ret < 0 && errno != EEXIST)
            {
              int saved_errno = errno;
              if (parent != root_fd)
                close (parent);
              return isle_err (err, stage, saved_errno, "create %s in the rootfs", prefix);
            }
          fd = open_scoped (root_fd, prefix);
        }
      if (fd < 0)
        {
          int saved_errno = errno;
          if (parent != root_fd)
            close (parent);
          return isle_err (err, stage, saved_errno, "resolve %s in the rootfs", prefix);
        }
      if (parent != root_fd)
        close (parent);
      parent = fd;
      prefix[end] = saved;
    }
  if (parent == root_fd)
    return isle_err (err, stage, EINVAL, "%s resolves to the rootfs itself", path);
  return parent;
}

int
isle_open_in_root (int root_fd, const char *path, isle_create_t create, const char *stage, isle_err_t *err)
{
  int fd = open_scoped (root_fd, path);

  if (fd >= 0)
    return fd;
  if (errno != ENOENT || create == ISLE_EXISTING)
    return isle_err (err, stage, errno, "resolve %s in the rootfs", path);
  return create_path (root_fd, path, create, stage, err);
}
