/*
 * Entering the container: every namespace file is opened first (after setns(mnt) the host's /proc is out of
 * reach), then joined in a fixed order with the mount namespace last, as runc's and crun's exec do: until then
 * the paths we were given still name host files. Namespaces we already share are skipped (setns into one's own
 * namespace is pointless, and the time and user namespaces are never entered).
 *
 * The pid is pinned with a pidfd: if the container's process exits while we open its namespace files, its pid
 * may be reused, so we check that the pidfd's process is still alive after opening them all.
 *
 * setns(mnt) puts us at the root of the mount namespace's tree, which is the container's root only when the
 * engine itself runs at the root of its own (a host that chroots, like the qemu lane's guest, keeps a different
 * mount there). So we also take the container process's own root (/proc/PID/root) first and chroot into it.
 */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec.h"

static const struct
{
  const char *name;
  int flag;
} namespace_order[EXEC_NAMESPACES] = {
  { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS },       { "net", CLONE_NEWNET },
  { "pid", CLONE_NEWPID }, { "cgroup", CLONE_NEWCGROUP }, { "mnt", CLONE_NEWNS },
};

static void
close_all (exec_namespaces_t *ns)
{
  for (int i = 0; i < EXEC_NAMESPACES; i++)
    if (ns->fds[i] >= 0)
      close (ns->fds[i]), ns->fds[i] = -1;
  if (ns->pidfd >= 0)
    close (ns->pidfd), ns->pidfd = -1;
  if (ns->root_fd >= 0)
    close (ns->root_fd), ns->root_fd = -1;
}

/* Opens /proc/PID/ns/NAME into *out, or leaves -1 when we are already in that namespace. */
static int
open_one (pid_t pid, const char *name, int *out, isle_err_t *err)
{
  char path[64], own[64];
  struct stat theirs, ours;
  int fd;

  snprintf (path, sizeof (path), "/proc/%d/ns/%s", (int) pid, name);
  snprintf (own, sizeof (own), "/proc/self/ns/%s", name);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && stat (own, &ours) < 0)
    return 0; /* this kernel has no such namespace type */
  if (fd < 0)
    return isle_err (err, "setns", errno, "open %s", path);
  if (fstat (fd, &theirs) < 0 || stat (own, &ours) < 0)
    {
      int saved = errno;
      close (fd);
      return isle_err (err, "setns", saved, "stat the %s namespace", name);
    }
  if (theirs.st_dev == ours.st_dev && theirs.st_ino == ours.st_ino)
    close (fd);
  else
    *out = fd;
  return 0;
}

int
exec_namespaces_open (pid_t pid, exec_namespaces_t *ns, isle_err_t *err)
{
  char root[64];

  *ns = (exec_namespaces_t){ .pid = pid, .pidfd = -1, .root_fd = -1 };
  for (int i = 0; i < EXEC_NAMESPACES; i++)
    ns->fds[i] = -1;
  ns->pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
  if (ns->pidfd < 0)
    return isle_err (err, "setns", errno, "the container's process %d", (int) pid);
  for (int i = 0; i < EXEC_NAMESPACES; i++)
    if (open_one (pid, namespace_order[i].name, &ns->fds[i], err) < 0)
      {
        close_all (ns);
        return -1;
      }
  snprintf (root, sizeof (root), "/proc/%d/root", (int) pid);
  ns->root_fd = open (root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (ns->root_fd < 0)
    {
      int saved = errno;
      close_all (ns);
      return isle_err (err, "setns", saved, "open %s", root);
    }
  if (syscall (SYS_pidfd_send_signal, ns->pidfd, 0, NULL, 0) < 0)
    {
      int saved = errno;
      close_all (ns);
      return isle_err (err, "setns", saved, "the container's process %d exited", (int) pid);
    }
  return 0;
}

int
exec_namespaces_enter (exec_namespaces_t *ns, isle_err_t *err)
{
  for (int i = 0; i < EXEC_NAMESPACES; i++)
    if (ns->fds[i] >= 0 && setns (ns->fds[i], namespace_order[i].flag) < 0)
      {
        int saved = errno;
        close_all (ns);
        return isle_err (err, "setns", saved, "join the %s namespace of process %d", namespace_order[i].name,
                         (int) ns->pid);
      }
  if (fchdir (ns->root_fd) < 0 || chroot (".") < 0 || chdir ("/") < 0)
    {
      int saved = errno;
      close_all (ns);
      return isle_err (err, "setns", saved, "enter the root directory of process %d", (int) ns->pid);
    }
  close_all (ns); /* nothing of the host may stay open once we are inside */
  return 0;
}
