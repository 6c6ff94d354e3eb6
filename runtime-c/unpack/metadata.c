#include "metadata.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

struct timespec
metadata_mtime (const entry_t *entry)
{
  return (struct timespec){ .tv_sec = (time_t) entry->mtime_sec, .tv_nsec = entry->mtime_nsec };
}

/* A filesystem that cannot hold an xattr (ENOTSUP) is not the archive's fault; neither are user.* xattrs on
   symlinks, which Linux forbids (EPERM). Both are dropped, as GNU tar does with a warning. */
static bool
xattr_error_ignorable (int errno_value, const char *name, bool on_symlink)
{
  if (errno_value == ENOTSUP || errno_value == EOPNOTSUPP)
    return true;
  return on_symlink && errno_value == EPERM && strncmp (name, "user.", 5) == 0;
}

int
metadata_apply_fd (int fd, const entry_t *entry, bool skip_times, isle_err_t *err)
{
  if (UNLIKELY (fchown (fd, (uid_t) entry->uid, (gid_t) entry->gid) < 0))
    return isle_err (err, "unpack", errno, "chown to %lld:%lld", (long long) entry->uid, (long long) entry->gid);
  for (size_t i = 0; i < entry->xattrs.count; i++)
    {
      const xattr_t *xa = &entry->xattrs.items[i];
      if (fsetxattr (fd, xa->name, xa->value, xa->value_len, 0) < 0 && !xattr_error_ignorable (errno, xa->name, false))
        return isle_err (err, "unpack", errno, "setting xattr %s", xa->name);
    }
  if (UNLIKELY (fchmod (fd, (mode_t) entry->mode) < 0))
    return isle_err (err, "unpack", errno, "chmod %04o", entry->mode);
  if (!skip_times)
    {
      struct timespec ts[2] = { metadata_mtime (entry), metadata_mtime (entry) };
      if (UNLIKELY (futimens (fd, ts) < 0))
        return isle_err (err, "unpack", errno, "setting times");
    }
  return 0;
}

int
metadata_apply_symlink (int parent_fd, const char *name, const entry_t *entry, isle_err_t *err)
{
  struct timespec ts[2] = { metadata_mtime (entry), metadata_mtime (entry) };

  if (UNLIKELY (fchownat (parent_fd, name, (uid_t) entry->uid, (gid_t) entry->gid, AT_SYMLINK_NOFOLLOW) < 0))
    return isle_err (err, "unpack", errno, "lchown to %lld:%lld", (long long) entry->uid, (long long) entry->gid);
  if (entry->xattrs.count > 0)
    {
      /* There is no lsetxattrat(); the parent fd's /proc link names the directory, and lsetxattr does not
         follow the final component. */
      char proc_path[64 + 256];
      if (snprintf (proc_path, sizeof (proc_path), "/proc/self/fd/%d/%s", parent_fd, name) >= (int) sizeof (proc_path))
        return isle_err (err, "unpack", ENAMETOOLONG, "symlink name");
      for (size_t i = 0; i < entry->xattrs.count; i++)
        {
          const xattr_t *xa = &entry->xattrs.items[i];
          if (lsetxattr (proc_path, xa->name, xa->value, xa->value_len, 0) < 0
              && !xattr_error_ignorable (errno, xa->name, true))
            return isle_err (err, "unpack", errno, "setting xattr %s on a symlink", xa->name);
        }
    }
  if (UNLIKELY (utimensat (parent_fd, name, ts, AT_SYMLINK_NOFOLLOW) < 0))
    return isle_err (err, "unpack", errno, "setting symlink times");
  return 0;
}
