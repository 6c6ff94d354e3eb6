/*
 * The container's mounts, in its own mount namespace: make "/" private, mount the rootfs (Islander's "/" mount
 * extension, or a bind of root.path onto itself), then every config mount in order, each onto a destination
 * resolved inside the rootfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "resolve.h"
#include "stages.h"

/* Flags a bind mount can only get through a second, MS_REMOUNT call. */
#define BIND_REMOUNT_FLAGS                                                                                          \
  (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME)

int
isle_remount_readonly (const char *target, const char *stage, isle_err_t *err)
{
  static const struct
  {
    unsigned long st, ms;
  } keep[] = {
    { ST_NOSUID, MS_NOSUID }, { ST_NODEV, MS_NODEV },           { ST_NOEXEC, MS_NOEXEC },
    { ST_NOATIME, MS_NOATIME }, { ST_NODIRATIME, MS_NODIRATIME }, { ST_RELATIME, MS_RELATIME },
  };
  unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
  struct statvfs sv;

  if (statvfs (target, &sv) < 0)
    return isle_err (err, stage, errno, "statvfs %s", target);
  for (size_t i = 0; i < sizeof (keep) / sizeof (keep[0]); i++)
    if (sv.f_flag & keep[i].st)
      flags |= keep[i].ms;
  if (mount (NULL, target, NULL, flags, NULL) < 0)
    return isle_err (err, stage, errno, "remount %s read-only", target);
  return 0;
}

/* The cgroup v1 "cgroup" type is served by the unified hierarchy: Islander containers see cgroup2. */
static const char *
fs_type (const isle_mount_t *m)
{
  if (m->type != NULL && strcmp (m->type, "cgroup") == 0)
    return "cgroup2";
  return m->type;
}

/* The first mount(2) of an entry onto `target`. */
static int
mount_fs (const isle_mount_t *m, const char *target, const char *label, isle_err_t *err)
{
  int ret;

  if (m->opts.bind)
    ret = mount (m->source, target, NULL, MS_BIND | (m->opts.flags & MS_REC), NULL);
  else
    ret = mount (m->source ? m->source : fs_type (m), target, fs_type (m), m->opts.flags & ~MS_REC, m->opts.data);
  if (ret < 0)
    return isle_err (err, "mount", errno, "mount %s (%s) on %s", m->source ? m->source : "none",
                     m->opts.bind ? "bind" : fs_type (m), label);
  return 0;
}

static bool
needs_finish (const isle_mount_t *m)
{
  return m->opts.propagation != 0 || (m->opts.bind && (m->opts.flags & BIND_REMOUNT_FLAGS) != 0);
}

/*
 * A read-only recursive bind is read-only all the way down, as Docker (25+) makes it: the remount above only
 * reaches the top mount, so the mounts below the bind source get MOUNT_ATTR_RDONLY too. Kernels before 5.12
 * have no mount_setattr; there only the top mount is read-only, Docker's fallback as well.
 */
static int
readonly_below (const isle_mount_t *m, const char *target, const char *label, isle_err_t *err)
{
  struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };

  if (!m->opts.bind || (m->opts.flags & (MS_REC | MS_RDONLY)) != (MS_REC | MS_RDONLY))
    return 0;
  if (mount_setattr (AT_FDCWD, target, AT_RECURSIVE, &attr, sizeof (attr)) < 0 && errno != ENOSYS)
    return isle_err (err, "mount", errno, "make bind mount %s read-only recursively", label);
  return 0;
}

/* Second step on the new mount itself: a bind's ro/nosuid/... flags, then the propagation type. */
static int
mount_finish (const isle_mount_t *m, const char *target, const char *label, isle_err_t *err)
{
  unsigned long flags = m->opts.flags & BIND_REMOUNT_FLAGS;

  if (m->opts.bind && flags != 0 && mount (NULL, target, NULL, MS_BIND | MS_REMOUNT | flags, NULL) < 0)
    return isle_err (err, "mount", errno, "remount bind mount %s with its options", label);
  if (readonly_below (m, target, label, err) < 0)
    return -1;
  if (m->opts.propagation != 0 && mount (NULL, target, NULL, m->opts.propagation, NULL) < 0)
    return isle_err (err, "mount", errno, "set the propagation of %s", label);
  return 0;
}

int
isle_rootfs_prepare (const isle_config_t *cfg, int *root_fd, isle_err_t *err)
{
  unsigned long propagation = MS_REC | MS_PRIVATE;
  const isle_mount_t *root = cfg->root_mount;

  /* "shared" roots get their propagation after pivot_root: pivot_root refuses a shared parent mount. */
  if (cfg->rootfs_propagation & (MS_PRIVATE | MS_SLAVE))
    propagation = cfg->rootfs_propagation;
  if (mount (NULL, "/", NULL, propagation, NULL) < 0)
    return isle_err (err, "rootfs", errno, "make / private in the container's mount namespace");
  if (root == NULL && mount (cfg->root_path, cfg->root_path, NULL, MS_BIND | MS_REC, NULL) < 0)
    return isle_err (err, "rootfs", errno, "bind %s onto itself", cfg->root_path);
  if (root != NULL
      && (mount_fs (root, cfg->root_path, cfg->root_path, err) < 0
          || (needs_finish (root) && mount_finish (root, cfg->root_path, cfg->root_path, err) < 0)))
    {
      err->stage = "rootfs";
      return -1;
    }
  *root_fd = open (cfg->root_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (*root_fd < 0)
    return isle_err (err, "rootfs", errno, "open %s", cfg->root_path);
  return 0;
}

static int
mount_entry (const isle_mount_t *m, int root_fd, isle_err_t *err)
{
  isle_create_t create = ISLE_MKDIR;
  cleanup_close int target = -1;
  cleanup_close int mounted = -1;
  struct stat st;

  if (m->opts.bind)
    {
      if (stat (m->source, &st) < 0)
        return isle_err (err, "mount", errno, "bind source %s", m->source);
      if (!S_ISDIR (st.st_mode))
        create = ISLE_MKFILE;
    }
  target = isle_open_in_root (root_fd, m->destination, create, "mount", err);
  if (target < 0 || mount_fs (m, isle_fd_path (target).s, m->destination, err) < 0)
    return -1;
  if (!needs_finish (m))
    return 0;
  /* /proc/self/fd/N of the old fd names the directory under the new mount: re-resolve to reach the mount. */
  mounted = isle_open_in_root (root_fd, m->destination, ISLE_EXISTING, "mount", err);
  if (mounted < 0)
    return -1;
  return mount_finish (m, isle_fd_path (mounted).s, m->destination, err);
}

int
isle_mounts_apply (const isle_config_t *cfg, int root_fd, isle_err_t *err)
{
  for (size_t i = 0; i < cfg->n_mounts; i++)
    if (mount_entry (&cfg->mounts[i], root_fd, err) < 0)
      return -1;
  return 0;
}

int
isle_rootfs_readonly (const isle_config_t *cfg, isle_err_t *err)
{
  unsigned long shared = cfg->rootfs_propagation & (MS_SHARED | MS_UNBINDABLE);

  if (cfg->root_readonly && isle_remount_readonly ("/", "rootfs", err) < 0)
    return -1;
  if (shared != 0 && mount (NULL, "/", NULL, cfg->rootfs_propagation, NULL) < 0)
    return isle_err (err, "rootfs", errno, "set the rootfs propagation");
  return 0;
}
