/*
 * The three roots isle-cp works in:
 *   --root DIR   a directory on the host (the host side of a copy, a container's upper dir for commit);
 *   --pid PID    a running container: /proc/PID/root, which is its root in its own mount namespace, with its
 *                mounts (volumes) as the container sees them;
 *   --upper ...  a stopped container: its overlay, assembled with fsopen/fsconfig/fsmount as a detached mount
 *                that belongs to no namespace and disappears when isle-cp exits; nothing is mounted anywhere.
 */
#include "cp.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int
cp_open_in_root (int root_fd, const char *path, int flags, bool follow, isle_err_t *err)
{
  while (path[0] == '/')
    path++;
  struct open_how how = {
    .flags = (uint64_t) (flags | (follow ? 0 : O_NOFOLLOW) | O_CLOEXEC),
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  int fd;
  int attempts = 0;

  /* EAGAIN: a concurrent rename raced the lookup; the kernel asks us to try again. */
  do
    fd = (int) syscall (SYS_openat2, root_fd, path[0] ? path : ".", &how, sizeof (how));
  while (fd < 0 && (errno == EINTR || errno == EAGAIN) && ++attempts < 16);
  if (fd < 0)
    return isle_err (err, "path", errno, "'/%s'", path);
  return fd;
}

static int
open_dir_root (const char *dir, isle_err_t *err)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (UNLIKELY (fd < 0))
    return isle_err (err, "root", errno, "opening %s", dir);
  return fd;
}

/* The pid may have exited and been reused by a host process: a root in our own mount namespace is refused, and
   the pidfd proves the process we opened the root of was still the same one afterwards. */
static int
open_pid_root (pid_t pid, isle_err_t *err)
{
  cleanup_close int pidfd = -1;
  cleanup_close int fd = -1;
  char path[64];
  struct stat theirs, ours;

  pidfd = pidfd_open (pid, 0);
  if (UNLIKELY (pidfd < 0))
    return isle_err (err, "root", errno, "the container's process %d", pid);
  snprintf (path, sizeof (path), "/proc/%d/root", pid);
  fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (UNLIKELY (fd < 0))
    return isle_err (err, "root", errno, "opening %s", path);
  snprintf (path, sizeof (path), "/proc/%d/ns/mnt", pid);
  if (UNLIKELY (stat (path, &theirs) < 0))
    return isle_err (err, "root", errno, "%s", path);
  if (UNLIKELY (stat ("/proc/self/ns/mnt", &ours) < 0))
    return isle_err (err, "root", errno, "/proc/self/ns/mnt");
  if (theirs.st_ino == ours.st_ino && theirs.st_dev == ours.st_dev)
    return isle_err (err, "root", 0, "process %d is not in a container (it shares our mount namespace)", pid);
  if (UNLIKELY (pidfd_send_signal (pidfd, 0, NULL, 0) < 0))
    return isle_err (err, "root", errno, "the container's process %d", pid);
  int ret = fd;
  fd = -1;
  return ret;
}

/* fsconfig's own messages ("e overlayfs: ...") say why a mount failed; the first one joins the error. */
static int
fs_error (int fsfd, const char *what, isle_err_t *err)
{
  int saved = errno;
  char log[256];
  ssize_t n = read (fsfd, log, sizeof (log) - 1);
  if (n > 2)
    {
      log[n] = '\0';
      log[strcspn (log, "\n")] = '\0';
      return isle_err (err, "root", saved, "mounting the container's overlay: %s: %s", what, log + 2);
    }
  return isle_err (err, "root", saved, "mounting the container's overlay: %s", what);
}

static int
set_string (int fsfd, const char *key, const char *value, isle_err_t *err)
{
  if (UNLIKELY (fsconfig (fsfd, FSCONFIG_SET_STRING, key, value, 0) < 0))
    return fs_error (fsfd, key, err);
  return 0;
}

static int
open_overlay_root (const cp_options_t *opts, isle_err_t *err)
{
  cleanup_close int fsfd = fsopen ("overlay", FSOPEN_CLOEXEC);
  if (UNLIKELY (fsfd < 0))
    return isle_err (err, "root", errno, "fsopen overlay");
  /* lowerdir+ appends one layer at a time: no page-sized limit on the number of layers. */
  for (size_t i = 0; i < opts->n_lower; i++)
    if (set_string (fsfd, "lowerdir+", opts->lower[i], err) < 0)
      return -1;
  if (set_string (fsfd, "upperdir", opts->upper, err) < 0 || set_string (fsfd, "workdir", opts->work, err) < 0)
    return -1;
  if (UNLIKELY (fsconfig (fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0))
    return fs_error (fsfd, "create", err);
  int mfd = fsmount (fsfd, FSMOUNT_CLOEXEC, 0);
  if (UNLIKELY (mfd < 0))
    return fs_error (fsfd, "fsmount", err);
  return mfd;
}

int
cp_open_root (const cp_options_t *opts, isle_err_t *err)
{
  if (opts->root_dir)
    return open_dir_root (opts->root_dir, err);
  if (opts->pid > 0)
    return open_pid_root (opts->pid, err);
  return open_overlay_root (opts, err);
}
