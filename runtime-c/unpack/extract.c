#include "extract.h"
#include "json_out.h"
#include "metadata.h"
#include "safe_path.h"
#include "whiteout.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Removes whatever is at parent/name so a later entry can take its place. Returns 1 if an existing directory
   was kept (keep_dir: a directory over a directory merges), 0 otherwise. */
static int
remove_existing (extractor_t *x, int parent_fd, const char *name, bool keep_dir, isle_err_t *err)
{
  struct stat st;

  if (fstatat (parent_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    {
      if (errno == ENOENT)
        return 0;
      return isle_err (err, "unpack", errno, "inspecting the existing entry");
    }
  if (S_ISDIR (st.st_mode) && keep_dir)
    return 1;
  if (unlinkat (parent_fd, name, S_ISDIR (st.st_mode) ? AT_REMOVEDIR : 0) < 0)
    return isle_err (err, "unpack", errno, "replacing the existing %s", S_ISDIR (st.st_mode) ? "directory" : "entry");
  root_invalidate (&x->root);
  return 0;
}

static int
extract_file (extractor_t *x, int parent_fd, const char *name, const entry_t *entry, isle_err_t *err)
{
  cleanup_close int fd = -1;

  for (int attempt = 0; attempt < 2; attempt++)
    {
      fd = openat (parent_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, entry->mode & 0777);
      if (fd >= 0 || errno != EEXIST || attempt == 1)
        break;
      if (remove_existing (x, parent_fd, name, false, err) < 0)
        return -1;
    }
  if (UNLIKELY (fd < 0))
    return isle_err (err, "unpack", errno, "creating the file");
  if (reader_copy_to_fd (x->in, fd, entry->size, err) < 0)
    return -1;
  x->stats.bytes += entry->size;
  return metadata_apply_fd (fd, entry, false, err);
}

static int
extract_directory (extractor_t *x, int parent_fd, const char *name, const char *path, const entry_t *entry,
                   isle_err_t *err)
{
  cleanup_close int fd = -1;

  if (mkdirat (parent_fd, name, 0700) < 0)
    {
      if (errno != EEXIST)
        return isle_err (err, "unpack", errno, "creating the directory");
      if (remove_existing (x, parent_fd, name, true, err) < 0)
        return -1;
      if (mkdirat (parent_fd, name, 0700) < 0 && errno != EEXIST)
        return isle_err (err, "unpack", errno, "creating the directory");
    }
  fd = openat (parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (UNLIKELY (fd < 0))
    return isle_err (err, "unpack", errno, "opening the new directory");
  if (metadata_apply_fd (fd, entry, true, err) < 0)
    return -1;
  return dir_times_add (&x->dir_times, path, metadata_mtime (entry), err);
}

static int
extract_symlink (extractor_t *x, int parent_fd, const char *name, const entry_t *entry, isle_err_t *err)
{
  /* The target is stored verbatim: it is only ever resolved inside the rootfs (here by RESOLVE_IN_ROOT, in
     the container by its own root), so "/etc" or "../../.." cannot reach the host. */
  if (symlinkat (entry->linkpath, parent_fd, name) < 0)
    {
      if (errno != EEXIST)
        return isle_err (err, "unpack", errno, "creating the symlink");
      if (remove_existing (x, parent_fd, name, false, err) < 0)
        return -1;
      if (symlinkat (entry->linkpath, parent_fd, name) < 0)
        return isle_err (err, "unpack", errno, "creating the symlink");
    }
  return metadata_apply_symlink (parent_fd, name, entry, err);
}

static int
extract_fifo (extractor_t *x, int parent_fd, const char *name, const entry_t *entry, isle_err_t *err)
{
  cleanup_close int fd = -1;

  if (mknodat (parent_fd, name, S_IFIFO | 0600, 0) < 0)
    {
      if (errno != EEXIST)
        return isle_err (err, "unpack", errno, "creating the fifo");
      if (remove_existing (x, parent_fd, name, false, err) < 0)
        return -1;
      if (mknodat (parent_fd, name, S_IFIFO | 0600, 0) < 0)
        return isle_err (err, "unpack", errno, "creating the fifo");
    }
  /* O_NONBLOCK: opening a fifo for reading would otherwise wait for a writer. */
  fd = openat (parent_fd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
  if (UNLIKELY (fd < 0))
    return isle_err (err, "unpack", errno, "opening the new fifo");
  return metadata_apply_fd (fd, entry, false, err);
}

/* A hard link's source is an archive path like any other: cleaned, then resolved inside the root, and linked
   without following a final symlink. It can only ever name something already inside the rootfs. */
static int
extract_hardlink (extractor_t *x, int parent_fd, const char *name, const char *path, const entry_t *entry,
                  isle_err_t *err)
{
  char *source = strdup (entry->linkpath);
  const char *source_dir, *source_base;
  cleanup_close int source_parent = -1;
  struct stat source_st, existing_st;
  int ret = -1;

  if (source == NULL)
    return isle_err (err, "unpack", ENOMEM, "link name");
  if (safe_path_clean (source, err) < 0)
    {
      isle_err_wrap (err, "hard link source");
      goto out;
    }
  if (source[0] == '\0')
    {
      isle_err (err, "archive", 0, "hard link to the rootfs itself");
      goto out;
    }
  if (strcmp (source, path) == 0)
    {
      ret = 0; /* a link to itself: nothing to do */
      goto out;
    }
  safe_path_split (source, &source_dir, &source_base);
  source_parent = root_lookup_dir (&x->root, source_dir, err);
  if (source_parent < 0)
    {
      isle_err_wrap (err, "hard link source '%s'", entry->linkpath);
      goto out;
    }
  if (fstatat (source_parent, source_base, &source_st, AT_SYMLINK_NOFOLLOW) < 0)
    {
      isle_err (err, "unpack", errno, "hard link source '%s'", entry->linkpath);
      goto out;
    }
  if (fstatat (parent_fd, name, &existing_st, AT_SYMLINK_NOFOLLOW) == 0 && existing_st.st_dev == source_st.st_dev
      && existing_st.st_ino == source_st.st_ino)
    {
      ret = 0; /* already the same file */
      goto out;
    }
  for (int attempt = 0;; attempt++)
    {
      if (linkat (source_parent, source_base, parent_fd, name, 0) == 0)
        break;
      if (errno != EEXIST || attempt == 1)
        {
          isle_err (err, "unpack", errno, "creating the hard link to '%s'", entry->linkpath);
          goto out;
        }
      if (remove_existing (x, parent_fd, name, false, err) < 0)
        goto out;
    }
  ret = 0;
out:
  free (source);
  return ret;
}

int
extract_entry (extractor_t *x, entry_t *entry, uint64_t *unread, isle_err_t *err)
{
  const char *dir, *name;
  char *path;
  int parent_fd;
  int ret;

  *unread = entry->size;
  x->stats.entries++;
  /* Old (v7) archives mark directories only by a trailing slash on a regular-file entry. */
  size_t path_len = strlen (entry->path);
  if (entry->kind == ENTRY_FILE && entry->size == 0 && path_len > 0 && entry->path[path_len - 1] == '/')
    entry->kind = ENTRY_DIRECTORY;
  if (safe_path_clean (entry->path, err) < 0)
    return -1;

  if (entry->path[0] == '\0')
    {
      /* "./" or "/": the rootfs itself takes the entry's owner, mode and times. */
      if (entry->kind != ENTRY_DIRECTORY)
        return isle_err (err, "archive", 0, "a non-directory entry names the rootfs itself");
      if (metadata_apply_fd (x->root.fd, entry, true, err) < 0)
        return -1;
      return dir_times_add (&x->dir_times, "", metadata_mtime (entry), err);
    }

  if (entry->kind == ENTRY_CHAR_DEVICE || entry->kind == ENTRY_BLOCK_DEVICE)
    {
      x->stats.skipped_devices++;
      return 0;
    }

  path = strdup (entry->path);
  if (path == NULL)
    return isle_err (err, "unpack", ENOMEM, "entry name");
  safe_path_split (entry->path, &dir, &name);
  parent_fd = root_dir_fd (&x->root, dir, err);
  if (parent_fd < 0)
    {
      free (path);
      return -1;
    }

  if (x->layer)
    whiteout_strip_overlay_xattrs (entry);
  if (x->layer && whiteout_is_marker (name))
    {
      ret = whiteout_apply (parent_fd, name, err);
      if (ret == 0 && strcmp (name, WHITEOUT_OPAQUE) == 0)
        report_opaque (STDOUT_FILENO, dir);
      root_invalidate (&x->root);
      free (path);
      return ret;
    }

  switch (entry->kind)
    {
    case ENTRY_FILE:
      ret = extract_file (x, parent_fd, name, entry, err);
      if (ret == 0)
        *unread = 0;
      break;
    case ENTRY_DIRECTORY:
      ret = extract_directory (x, parent_fd, name, path, entry, err);
      break;
    case ENTRY_SYMLINK:
      ret = extract_symlink (x, parent_fd, name, entry, err);
      break;
    case ENTRY_HARDLINK:
      ret = extract_hardlink (x, parent_fd, name, path, entry, err);
      break;
    case ENTRY_FIFO:
      ret = extract_fifo (x, parent_fd, name, entry, err);
      break;
    default:
      ret = isle_err (err, "archive", 0, "unexpected entry kind");
      break;
    }
  free (path);
  return ret;
}
