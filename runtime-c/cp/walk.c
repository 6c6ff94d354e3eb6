/*
 * The tar creator. Each node is opened with O_PATH | O_NOFOLLOW below its parent's fd (the first one with
 * RESOLVE_IN_ROOT below the root), and examined through that fd: a symlink is written as a symlink and never
 * followed, a device node or fifo is written as a header and never opened, and only a regular file is re-opened
 * for reading — through /proc/self/fd, which names exactly the inode already examined, so a container that swaps
 * a file for a device node between our stat and our open gains nothing.
 */
#include "cp.h"
#include "tar_writer.h"
#include "xattrs.h"
#include "dir_list.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define OPAQUE_XATTR "trusted.overlay.opaque"
#define WHITEOUT_PREFIX ".wh."
#define OPAQUE_MARKER ".wh..wh..opq"

typedef struct hard_link
{
  dev_t dev;
  ino_t ino;
  char *name;
} hard_link_t;

typedef struct walker
{
  tar_writer_t out;
  const cp_options_t *opts;
  uint64_t root_mnt_id;
  hard_link_t *links;
  size_t n_links, cap_links;
  cp_archive_stats_t stats;
} walker_t;

static int walk_node (walker_t *w, int fd, const char *name, const char *base, isle_err_t *err);

static int
reopen (int opath_fd, int flags, isle_err_t *err)
{
  char path[64];
  snprintf (path, sizeof (path), "/proc/self/fd/%d", opath_fd);
  int fd = open (path, flags | O_CLOEXEC | O_NOCTTY);
  if (UNLIKELY (fd < 0))
    return isle_err (err, "read", errno, "opening");
  return fd;
}

static int
mount_id (int fd, uint64_t *id, isle_err_t *err)
{
  struct statx stx;
  if (UNLIKELY (statx (fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) < 0))
    return isle_err (err, "read", errno, "statx");
  *id = stx.stx_mnt_id;
  return 0;
}

static char *
join_name (const char *dir, const char *base)
{
  char *name;
  if (dir[0] == '\0')
    return strdup (base);
  if (asprintf (&name, "%s/%s", dir, base) < 0)
    return NULL;
  return name;
}

static void
member_from_stat (tar_member_t *m, const struct stat *st, const cp_options_t *opts)
{
  m->mode = st->st_mode & 07777;
  m->uid = opts->has_owner ? opts->uid : st->st_uid;
  m->gid = opts->has_owner ? opts->gid : st->st_gid;
  m->mtime = st->st_mtim.tv_sec;
}

/* The name an earlier member with the same inode was written under, for a hard link; records this one if new. */
static int
hard_link_source (walker_t *w, const struct stat *st, const char *name, const char **source, isle_err_t *err)
{
  *source = NULL;
  if (st->st_nlink < 2)
    return 0;
  for (size_t i = 0; i < w->n_links; i++)
    if (w->links[i].dev == st->st_dev && w->links[i].ino == st->st_ino)
      {
        *source = w->links[i].name;
        return 0;
      }
  if (w->n_links == w->cap_links)
    {
      size_t cap = w->cap_links ? w->cap_links * 2 : 64;
      hard_link_t *grown = realloc (w->links, cap * sizeof (*grown));
      if (grown == NULL)
        return isle_err (err, "read", ENOMEM, "hard links");
      w->links = grown;
      w->cap_links = cap;
    }
  char *copy = strdup (name);
  if (copy == NULL)
    return isle_err (err, "read", ENOMEM, "hard links");
  w->links[w->n_links++] = (hard_link_t){ .dev = st->st_dev, .ino = st->st_ino, .name = copy };
  return 0;
}

static int
emit (walker_t *w, tar_member_t *m, isle_err_t *err)
{
  w->stats.entries++;
  return tar_write_header (&w->out, m, err);
}

static int
walk_file (walker_t *w, int fd, const struct stat *st, const char *name, bool mount_point, isle_err_t *err)
{
  tar_member_t m = { .type = '0', .name = name, .size = (uint64_t) st->st_size };
  const char *source;
  cleanup_close int data_fd = -1;
  tar_xattr_t *xattrs = NULL;
  size_t n_xattrs = 0;
  int ret;

  member_from_stat (&m, st, w->opts);
  if (mount_point)
    {
      /* A file bind-mounted into a running container (/etc/hosts) is the host's, not the container's. */
      m.size = 0;
      return emit (w, &m, err);
    }
  if (hard_link_source (w, st, name, &source, err) < 0)
    return -1;
  if (source)
    {
      m.type = '1';
      m.linkname = source;
      m.size = 0;
      return emit (w, &m, err);
    }
  data_fd = reopen (fd, O_RDONLY | O_NONBLOCK, err);
  if (data_fd < 0)
    return isle_err_wrap (err, "'%s'", name);
  if (w->opts->xattrs && read_xattrs (data_fd, &xattrs, &n_xattrs, err) < 0)
    return isle_err_wrap (err, "'%s'", name);
  m.xattrs = xattrs;
  m.n_xattrs = n_xattrs;
  ret = emit (w, &m, err);
  free_xattrs (xattrs, n_xattrs);
  if (ret < 0 || tar_write_data (&w->out, data_fd, m.size, err) < 0)
    return ret < 0 ? -1 : isle_err_wrap (err, "'%s'", name);
  w->stats.bytes += m.size;
  return 0;
}

static bool
is_opaque (int dir_fd)
{
  char value[4];
  ssize_t n = fgetxattr (dir_fd, OPAQUE_XATTR, value, sizeof (value));
  return n == 1 && value[0] == 'y';
}

static int
emit_marker (walker_t *w, const char *dir, const char *marker, const struct stat *st, isle_err_t *err)
{
  char *name = join_name (dir, marker);
  if (name == NULL)
    return isle_err (err, "read", ENOMEM, "names");
  tar_member_t m = { .type = '0', .name = name, .mode = 0644, .uid = 0, .gid = 0, .mtime = st->st_mtim.tv_sec };
  int ret = emit (w, &m, err);
  free (name);
  return ret;
}

/* Children of dir_fd, named prefix/child (child alone when prefix is ""). */
static int
walk_children (walker_t *w, int dir_fd, const char *prefix, isle_err_t *err)
{
  char **names = NULL;
  size_t n = 0;
  int ret = 0;

  if (list_dir (dir_fd, &names, &n, err) < 0)
    return isle_err_wrap (err, "'%s'", prefix[0] ? prefix : "/");
  for (size_t i = 0; i < n; i++)
    {
      if (ret == 0)
        {
          char *child_name = join_name (prefix, names[i]);
          /* A name from readdir has no '/', so O_NOFOLLOW is all the final-component rule needs. */
          cleanup_close int child = openat (dir_fd, names[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);
          if (child_name == NULL)
            ret = isle_err (err, "read", ENOMEM, "names");
          else if (child < 0 && errno == ENOENT)
            ret = 0; /* removed while we walked */
          else if (UNLIKELY (child < 0))
            ret = isle_err (err, "read", errno, "opening '%s'", child_name);
          else
            ret = walk_node (w, child, child_name, names[i], err);
          free (child_name);
        }
      free (names[i]);
    }
  free (names);
  return ret;
}

static int
walk_dir (walker_t *w, int fd, const struct stat *st, const char *name, bool mount_point, bool top_contents,
          isle_err_t *err)
{
  cleanup_close int dir_fd = -1;
  tar_xattr_t *xattrs = NULL;
  size_t n_xattrs = 0;
  char *dir_name = NULL;
  int ret = 0;

  dir_fd = reopen (fd, O_RDONLY | O_DIRECTORY, err);
  if (dir_fd < 0)
    return isle_err_wrap (err, "'%s'", name);
  if (!top_contents)
    {
      tar_member_t m = { .type = '5' };
      if (asprintf (&dir_name, "%s/", name) < 0)
        return isle_err (err, "read", ENOMEM, "names");
      m.name = dir_name;
      member_from_stat (&m, st, w->opts);
      if (w->opts->xattrs && !mount_point)
        ret = read_xattrs (dir_fd, &xattrs, &n_xattrs, err);
      m.xattrs = xattrs;
      m.n_xattrs = n_xattrs;
      if (ret == 0)
        ret = emit (w, &m, err);
      free_xattrs (xattrs, n_xattrs);
      free (dir_name);
      if (ret < 0)
        return -1;
      if (mount_point)
        return 0; /* /proc, /sys, /dev and volumes of a running container: the mount point only */
      if (w->opts->whiteouts && is_opaque (dir_fd) && emit_marker (w, name, OPAQUE_MARKER, st, err) < 0)
        return -1;
    }
  return walk_children (w, dir_fd, name, err);
}

static int
walk_node (walker_t *w, int fd, const char *name, const char *base, isle_err_t *err)
{
  struct stat st;
  bool mount_point = false;
  tar_member_t m = { .name = name };
  char target[PATH_MAX + 1];
  ssize_t len;

  if (UNLIKELY (fstat (fd, &st) < 0))
    return isle_err (err, "read", errno, "'%s'", name);
  if (w->opts->one_file_system)
    {
      uint64_t id;
      if (mount_id (fd, &id, err) < 0)
        return isle_err_wrap (err, "'%s'", name);
      mount_point = id != w->root_mnt_id;
    }
  member_from_stat (&m, &st, w->opts);
  switch (st.st_mode & S_IFMT)
    {
    case S_IFREG:
      return walk_file (w, fd, &st, name, mount_point, err);
    case S_IFDIR:
      return walk_dir (w, fd, &st, name, mount_point, false, err);
    case S_IFLNK:
      len = readlinkat (fd, "", target, sizeof (target) - 1);
      if (UNLIKELY (len < 0))
        return isle_err (err, "read", errno, "reading the symlink '%s'", name);
      target[len] = '\0';
      m.type = '2';
      m.linkname = target;
      return emit (w, &m, err);
    case S_IFCHR:
    case S_IFBLK:
      if (w->opts->whiteouts && S_ISCHR (st.st_mode) && st.st_rdev == makedev (0, 0))
        {
          /* An overlay whiteout: the file was deleted in the container. */
          size_t dir_len = (size_t) (strlen (name) - strlen (base));
          char *dir = strndup (name, dir_len > 0 ? dir_len - 1 : 0);
          if (dir == NULL)
            return isle_err (err, "read", ENOMEM, "names");
          char *marker = NULL;
          int ret = asprintf (&marker, WHITEOUT_PREFIX "%s", base) < 0
                        ? isle_err (err, "read", ENOMEM, "names")
                        : emit_marker (w, dir, marker, &st, err);
          free (marker);
          free (dir);
          return ret;
        }
      m.type = S_ISCHR (st.st_mode) ? '3' : '4';
      m.devmajor = major (st.st_rdev);
      m.devminor = minor (st.st_rdev);
      return emit (w, &m, err);
    case S_IFIFO:
      m.type = '6';
      return emit (w, &m, err);
    default:
      return 0; /* sockets are not archived, as tar does */
    }
}

int
cp_archive (int root_fd, const cp_options_t *opts, int out_fd, cp_archive_stats_t *stats, isle_err_t *err)
{
  walker_t w = { .out = { .fd = out_fd }, .opts = opts };
  cleanup_close int fd = -1;
  const char *path = opts->path;
  int ret = -1;

  if (opts->one_file_system && mount_id (root_fd, &w.root_mnt_id, err) < 0)
    return -1;
  fd = cp_open_in_root (root_fd, path, O_PATH, false, err);
  if (fd < 0)
    return -1;
  if (opts->contents)
    {
      struct stat st;
      if (UNLIKELY (fstat (fd, &st) < 0))
        {
          isle_err (err, "read", errno, "'%s'", path);
          goto out;
        }
      if (!S_ISDIR (st.st_mode))
        {
          isle_err (err, "path", ENOTDIR, "'%s'", path);
          goto out;
        }
      if (walk_dir (&w, fd, &st, opts->name, false, true, err) < 0)
        goto out;
    }
  else
    {
      const char *base = strrchr (opts->name, '/');
      if (walk_node (&w, fd, opts->name, base ? base + 1 : opts->name, err) < 0)
        goto out;
    }
  if (tar_write_end (&w.out, err) < 0)
    goto out;
  *stats = w.stats;
  ret = 0;
out:
  for (size_t i = 0; i < w.n_links; i++)
    free (w.links[i].name);
  free (w.links);
  return ret;
}
