#include "root.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int
openat2_retry (int dirfd, const char *path, uint64_t flags, uint64_t resolve)
{
  struct open_how how = { .flags = flags, .resolve = resolve };
  int fd;
  int attempts = 0;

  /* EAGAIN: a concurrent rename raced the lookup; the kernel asks us to try again. */
  do
    fd = (int) syscall (SYS_openat2, dirfd, path, &how, sizeof (how));
  while (fd < 0 && (errno == EINTR || errno == EAGAIN) && ++attempts < 16);
  return fd;
}

static int
open_in_root (int root_fd, const char *dir)
{
  return openat2_retry (root_fd, dir[0] ? dir : ".", O_PATH | O_DIRECTORY | O_CLOEXEC,
                        RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
}

int
root_open (root_t *root, const char *dest, isle_err_t *err)
{
  root->cached_dir = NULL;
  root->cached_fd = -1;
  root->stale = false;
  root->fd = open (dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (UNLIKELY (root->fd < 0))
    return isle_err (err, "unpack", errno, "opening the destination %s", dest);
  return 0;
}

void
root_invalidate (root_t *root)
{
  root->stale = true;
}

static void
drop_cache (root_t *root)
{
  root->stale = false;
  if (root->cached_fd >= 0)
    close (root->cached_fd);
  free (root->cached_dir);
  root->cached_dir = NULL;
  root->cached_fd = -1;
}

void
root_close (root_t *root)
{
  drop_cache (root);
  if (root->fd >= 0)
    close (root->fd);
  root->fd = -1;
}

/* Opens `dir`, creating it and any missing ancestors. Returns a new fd the caller closes. */
static int
open_or_create (int root_fd, char *dir, isle_err_t *err)
{
  int fd = open_in_root (root_fd, dir);
  if (fd >= 0 || errno != ENOENT || dir[0] == '\0')
    {
      if (UNLIKELY (fd < 0))
        return isle_err (err, "unpack", errno, "opening directory '%s'", dir);
      return fd;
    }

  char *slash = strrchr (dir, '/');
  const char *base = slash ? slash + 1 : dir;
  cleanup_close int parent_fd = -1;
  if (slash)
    *slash = '\0';
  parent_fd = open_or_create (root_fd, slash ? dir : (char[]){ '\0' }, err);
  if (slash)
    *slash = '/';
  if (parent_fd < 0)
    return -1;
  if (mkdirat (parent_fd, base, 0755) < 0 && errno != EEXIST)
    return isle_err (err, "unpack", errno, "creating directory '%s'", dir);

  fd = open_in_root (root_fd, dir);
  if (UNLIKELY (fd < 0))
    return isle_err (err, "unpack", errno, "opening directory '%s'", dir);
  return fd;
}

int
root_dir_fd (root_t *root, const char *dir, isle_err_t *err)
{
  if (dir[0] == '\0')
    return root->fd;
  if (root->stale)
    drop_cache (root);
  if (root->cached_dir && strcmp (root->cached_dir, dir) == 0)
    return root->cached_fd;

  drop_cache (root);
  char *copy = strdup (dir);
  if (copy == NULL)
    return isle_err (err, "unpack", ENOMEM, "directory name");
  int fd = open_or_create (root->fd, copy, err);
  if (fd < 0)
    {
      free (copy);
      return -1;
    }
  root->cached_dir = copy;
  root->cached_fd = fd;
  return fd;
}

int
root_open_nofollow (root_t *root, const char *path, int flags, isle_err_t *err)
{
  int fd = openat2_retry (root->fd, path[0] ? path : ".", (uint64_t) (flags | O_NOFOLLOW | O_CLOEXEC),
                          RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  if (fd < 0)
    return isle_err (err, "unpack", errno, "opening '%s'", path);
  return fd;
}

int
root_lookup_dir (root_t *root, const char *dir, isle_err_t *err)
{
  int fd = open_in_root (root->fd, dir);
  if (fd < 0)
    return isle_err (err, "unpack", errno, "opening directory '%s'", dir);
  return fd;
}
