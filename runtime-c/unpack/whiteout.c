#include "whiteout.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define OVERLAY_XATTR_PREFIX "trusted.overlay."

bool
whiteout_is_marker (const char *name)
{
  return strncmp (name, WHITEOUT_PREFIX, strlen (WHITEOUT_PREFIX)) == 0;
}

/* The parent directory, opened for real (an O_PATH fd cannot carry fsetxattr). "." never follows a symlink. */
static int
mark_opaque (int parent_fd, isle_err_t *err)
{
  cleanup_close int dir_fd = openat (parent_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (UNLIKELY (dir_fd < 0))
    return isle_err (err, "unpack", errno, "opening the opaque directory");
  if (UNLIKELY (fsetxattr (dir_fd, OVERLAY_XATTR_PREFIX "opaque", "y", 1, 0) < 0))
    return isle_err (err, "unpack", errno, "setting trusted.overlay.opaque");
  return 0;
}

/* Whatever an earlier entry of this layer put at `target` goes: the whiteout takes its place. */
static int
make_whiteout (int parent_fd, const char *target, isle_err_t *err)
{
  struct stat st;

  if (target[0] == '\0' || strcmp (target, ".") == 0 || strcmp (target, "..") == 0)
    return isle_err (err, "archive", 0, "a whiteout names no file");
  if (fstatat (parent_fd, target, &st, AT_SYMLINK_NOFOLLOW) == 0)
    {
      if (S_ISCHR (st.st_mode) && st.st_rdev == makedev (0, 0))
        return 0;
      /* An empty directory of this same layer gives way; a full one fails (ENOTEMPTY): real layers never hold
         both a tree and its whiteout, and a whiteout never deletes a tree. */
      if (unlinkat (parent_fd, target, S_ISDIR (st.st_mode) ? AT_REMOVEDIR : 0) < 0)
        return isle_err (err, "unpack", errno, "replacing '%s' by its whiteout", target);
    }
  else if (errno != ENOENT)
    return isle_err (err, "unpack", errno, "inspecting '%s'", target);
  if (UNLIKELY (mknodat (parent_fd, target, S_IFCHR | 0, makedev (0, 0)) < 0))
    return isle_err (err, "unpack", errno, "creating the whiteout for '%s'", target);
  return 0;
}

int
whiteout_apply (int parent_fd, const char *name, isle_err_t *err)
{
  if (strcmp (name, WHITEOUT_OPAQUE) == 0)
    return mark_opaque (parent_fd, err);
  if (strncmp (name, WHITEOUT_PREFIX WHITEOUT_PREFIX, 2 * strlen (WHITEOUT_PREFIX)) == 0)
    return 0;
  return make_whiteout (parent_fd, name + strlen (WHITEOUT_PREFIX), err);
}

void
whiteout_strip_overlay_xattrs (entry_t *entry)
{
  size_t kept = 0;

  for (size_t i = 0; i < entry->xattrs.count; i++)
    {
      xattr_t *xa = &entry->xattrs.items[i];
      if (strncmp (xa->name, OVERLAY_XATTR_PREFIX, strlen (OVERLAY_XATTR_PREFIX)) == 0)
        {
          free (xa->name);
          free (xa->value);
          continue;
        }
      entry->xattrs.items[kept++] = *xa;
    }
  entry->xattrs.count = kept;
}
