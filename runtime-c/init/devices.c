/*
 * /dev for the container. When the config mounts a tmpfs on /dev, it starts empty: create the OCI default
 * devices, the standard symlinks and linux.devices. With a terminal, the pty slave is bound onto /dev/console.
 * (The child runs with umask 0, so modes are exactly as written.)
 */
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "resolve.h"
#include "stages.h"

static const isle_device_t default_devices[] = {
  { "/dev/null", S_IFCHR, 1, 3, 0666, 0, 0 },    { "/dev/zero", S_IFCHR, 1, 5, 0666, 0, 0 },
  { "/dev/full", S_IFCHR, 1, 7, 0666, 0, 0 },    { "/dev/random", S_IFCHR, 1, 8, 0666, 0, 0 },
  { "/dev/urandom", S_IFCHR, 1, 9, 0666, 0, 0 }, { "/dev/tty", S_IFCHR, 5, 0, 0666, 0, 0 },
};

static const struct
{
  const char *name, *target;
} default_links[] = {
  { "fd", "/proc/self/fd" },         { "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
  { "stderr", "/proc/self/fd/2" },   { "ptmx", "pts/ptmx" },         { "core", "/proc/kcore" },
};

static bool
dev_is_tmpfs (const isle_config_t *cfg)
{
  for (size_t i = 0; i < cfg->n_mounts; i++)
    {
      const isle_mount_t *m = &cfg->mounts[i];
      if (m->type != NULL && strcmp (m->type, "tmpfs") == 0
          && (strcmp (m->destination, "/dev") == 0 || strcmp (m->destination, "/dev/") == 0))
        return true;
    }
  return false;
}

/* mknod dev->path inside the rootfs (replacing whatever is there), then set its owner. */
static int
make_device (int root_fd, const isle_device_t *dev, isle_err_t *err)
{
  char parent_path[PATH_MAX];
  const char *slash = strrchr (dev->path, '/');
  const char *name = slash + 1;
  cleanup_close int parent = -1;
  size_t parent_len = (size_t) (slash - dev->path);
  dev_t rdev = makedev (dev->major, dev->minor);

  if (parent_len >= sizeof (parent_path) || *name == '\0')
    return isle_err (err, "devices", EINVAL, "device path %s", dev->path);
  memcpy (parent_path, dev->path, parent_len);
  parent_path[parent_len] = '\0';
  parent = isle_open_in_root (root_fd, parent_len ? parent_path : "/", ISLE_MKDIR, "devices", err);
  if (parent < 0)
    return -1;
  if (mknodat (parent, name, dev->type | dev->mode, rdev) < 0)
    {
      if (errno != EEXIST || unlinkat (parent, name, 0) < 0 || mknodat (parent, name, dev->type | dev->mode, rdev) < 0)
        return isle_err (err, "devices", errno, "mknod %s", dev->path);
    }
  if ((dev->uid != 0 || dev->gid != 0) && fchownat (parent, name, dev->uid, dev->gid, AT_SYMLINK_NOFOLLOW) < 0)
    return isle_err (err, "devices", errno, "chown %s", dev->path);
  return 0;
}

static int
make_default_dev (const isle_config_t *cfg, int root_fd, isle_err_t *err)
{
  cleanup_close int dev = -1;

  for (size_t i = 0; i < sizeof (default_devices) / sizeof (default_devices[0]); i++)
    if (make_device (root_fd, &default_devices[i], err) < 0)
      return -1;
  dev = isle_open_in_root (root_fd, "/dev", ISLE_EXISTING, "devices", err);
  if (dev < 0)
    return -1;
  for (size_t i = 0; i < sizeof (default_links) / sizeof (default_links[0]); i++)
    if (symlinkat (default_links[i].target, dev, default_links[i].name) < 0 && errno != EEXIST)
      return isle_err (err, "devices", errno, "symlink /dev/%s", default_links[i].name);
  for (size_t i = 0; i < cfg->n_devices; i++)
    if (make_device (root_fd, &cfg->devices[i], err) < 0)
      return -1;
  return 0;
}

static int
bind_console (int root_fd, int console_fd, isle_err_t *err)
{
  cleanup_close int target = isle_open_in_root (root_fd, "/dev/console", ISLE_MKFILE, "devices", err);

  if (target < 0)
    return -1;
  if (mount (isle_fd_path (console_fd).s, isle_fd_path (target).s, NULL, MS_BIND, NULL) < 0)
    return isle_err (err, "devices", errno, "bind the terminal onto /dev/console");
  return 0;
}

int
isle_devices_create (const isle_config_t *cfg, int root_fd, int console_fd, isle_err_t *err)
{
  if (dev_is_tmpfs (cfg) && make_default_dev (cfg, root_fd, err) < 0)
    return -1;
  if (console_fd >= 0 && bind_console (root_fd, console_fd, err) < 0)
    return -1;
  return 0;
}
