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

/*
 * A dangling symlink in the way (an image's /proc -> /etc when /etc is missing): rewrite the path as its target
 * (absolute targets are taken inside the root, relative ones from the link's directory) followed by the rest.
 */
static int
follow_dangling (int parent, const char *prefix, size_t start, size_t end, const char *path, char *out)
{
  char target[PATH_MAX];
  ssize_t n = readlinkat (parent, prefix + start, target, sizeof (target) - 1);
  int len;

  if (n < 0)
    return -1;
  target[n] = '\0';
  if (target[0] == '/')
    len = snprintf (out, PATH_MAX, "%s%s", target, path + end);
  else
    len = snprintf (out, PATH_MAX, "%.*s%s%s", (int) start, prefix, target, path + end);
  if (len < 0 || len >= PATH_MAX)
    return errno = ENAMETOOLONG, -1;
  return 0;
}

/*
 * Create the missing components of path one by one; each prefix is re-resolved inside the root. Returns the fd,
 * -1 on error, or -2 after rewriting `path` in place to go through a dangling symlink's target.
 */
static int
create_components (int root_fd, char *path, isle_create_t create, const char *stage, isle_err_t *err)
{
  char prefix[PATH_MAX], rewritten[PATH_MAX];
  size_t len = strlen (path), i = 0;
  int parent = root_fd, result = -1;

  memcpy (prefix, path, len + 1);
  while (i < len)
    {
      size_t start, end;
      int fd, ret;

      while (i < len && prefix[i] == '/')
        i++;
      start = i;
      while (i < len && prefix[i] != '/')
        i++;
      end = i;
      if (end == start)
        break;
      prefix[end] = '\0';
      fd = open_scoped (root_fd, prefix);
      if (fd < 0 && errno == ENOENT)
        {
          const char *name = prefix + start;
          bool last = strspn (path + end, "/") == len - end;

          if (strcmp (name, "..") == 0 || strcmp (name, ".") == 0)
            errno = EINVAL, ret = -1;
          else if (last && create == ISLE_MKFILE)
            ret = mknodat (parent, name, S_IFREG | 0644, 0);
          else
            ret = mkdirat (parent, name, 0755);
          if (ret < 0 && errno == EEXIST && follow_dangling (parent, prefix, start, end, path, rewritten) == 0)
            {
              memcpy (path, rewritten, strlen (rewritten) + 1);
              result = -2;
              break;
            }
          if (ret < 0 && errno != EEXIST)
            {
              isle_err (err, stage, errno, "create %s in the rootfs", prefix);
              break;
            }
          fd = open_scoped (root_fd, prefix);
        }
      if (fd < 0)
        {
          isle_err (err, stage, errno, "resolve %s in the rootfs", prefix);
          break;
        }
      if (parent != root_fd)
        close (parent);
      parent = fd;
      prefix[end] = path[end];
    }
  if (result == -1 && parent != root_fd && i >= len)
    return parent;
  if (parent != root_fd)
    close (parent);
  return result;
}

static int
create_path (int root_fd, const char *path, isle_create_t create, const char *stage, isle_err_t *err)
{
  char current[PATH_MAX];

  if (strlen (path) >= sizeof (current))
    return isle_err (err, stage, ENAMETOOLONG, "%s", path);
  strcpy (current, path);
  for (int links = 0; links < 40; links++)
    {
      int fd = create_components (root_fd, current, create, stage, err);
      if (fd != -2)
        return fd;
    }
  return isle_err (err, stage, ELOOP, "resolve %s in the rootfs", path);
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
