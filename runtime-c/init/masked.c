/*
 * linux.maskedPaths and linux.readonlyPaths, applied inside the rootfs before pivot_root. Paths the image does
 * not have are skipped, as the runtime-spec asks.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resolve.h"
#include "stages.h"

/* An fd for path, or -1 with *missing set when the rootfs has no such path (not an error). */
static int
open_optional (int root_fd, const char *path, bool *missing, isle_err_t *err)
{
  int fd = isle_open_in_root (root_fd, path, ISLE_EXISTING, "masked_paths", err);

  *missing = fd < 0 && (err->errno_value == ENOENT || err->errno_value == ENOTDIR);
  return fd;
}

/* Directories get an empty read-only tmpfs; anything else gets /dev/null bound over it. */
static int
mask (int root_fd, int devnull_fd, const char *path, isle_err_t *err)
{
  bool missing;
  cleanup_close int fd = open_optional (root_fd, path, &missing, err);
  struct stat st;
  int ret;

  if (fd < 0)
    return missing ? 0 : -1;
  if (fstat (fd, &st) < 0)
    return isle_err (err, "masked_paths", errno, "stat %s", path);
  if (S_ISDIR (st.st_mode))
    ret = mount ("tmpfs", isle_fd_path (fd).s, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0");
  else
    ret = mount (isle_fd_path (devnull_fd).s, isle_fd_path (fd).s, NULL, MS_BIND, NULL);
  if (ret < 0)
    return isle_err (err, "masked_paths", errno, "mask %s", path);
  return 0;
}

static int
make_readonly (int root_fd, const char *path, isle_err_t *err)
{
  bool missing;
  cleanup_close int fd = open_optional (root_fd, path, &missing, err);
  cleanup_close int mounted = -1;

  if (fd < 0)
    return missing ? 0 : -1;
  if (mount (isle_fd_path (fd).s, isle_fd_path (fd).s, NULL, MS_BIND | MS_REC, NULL) < 0)
    return isle_err (err, "masked_paths", errno, "bind %s onto itself", path);
  mounted = isle_open_in_root (root_fd, path, ISLE_EXISTING, "masked_paths", err);
  if (mounted < 0)
    return -1;
  if (isle_remount_readonly (isle_fd_path (mounted).s, "masked_paths", err) < 0)
    return isle_err_wrap (err, "readonly path %s", path);
  return 0;
}

int
isle_masked_paths_apply (const isle_config_t *cfg, int root_fd, isle_err_t *err)
{
  cleanup_close int devnull = -1;

  for (size_t i = 0; i < cfg->n_readonly_paths; i++)
    if (make_readonly (root_fd, cfg->readonly_paths[i], err) < 0)
      return -1;
  if (cfg->n_masked_paths == 0)
    return 0;
  devnull = open ("/dev/null", O_PATH | O_CLOEXEC);
  if (devnull < 0)
    return isle_err (err, "masked_paths", errno, "open the host's /dev/null");
  for (size_t i = 0; i < cfg->n_masked_paths; i++)
    if (mask (root_fd, devnull, cfg->masked_paths[i], err) < 0)
      return -1;
  return 0;
}
