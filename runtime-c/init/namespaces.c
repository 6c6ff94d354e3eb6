/* Per-namespace setup: joining namespaces by path, the hostname, loopback, sysctls and the cgroup namespace. */
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "stages.h"

int
isle_namespaces_join (const isle_config_t *cfg, isle_err_t *err)
{
  for (size_t i = 0; i < cfg->n_joins; i++)
    {
      cleanup_close int fd = open (cfg->joins[i].path, O_RDONLY | O_CLOEXEC);

      if (fd < 0)
        return isle_err (err, "clone", errno, "open namespace %s", cfg->joins[i].path);
      if (setns (fd, cfg->joins[i].clone_flag) < 0)
        return isle_err (err, "clone", errno, "join namespace %s", cfg->joins[i].path);
    }
  return 0;
}

int
isle_hostname_set (const isle_config_t *cfg, isle_err_t *err)
{
  if (cfg->hostname == NULL)
    return 0;
  if (sethostname (cfg->hostname, strlen (cfg->hostname)) < 0)
    return isle_err (err, "hostname", errno, "sethostname \"%s\"", cfg->hostname);
  return 0;
}

/* A new network namespace has only `lo`, and it is down. */
int
isle_loopback_up (const isle_config_t *cfg, isle_err_t *err)
{
  cleanup_close int sock = -1;
  struct ifreq ifr = { .ifr_name = "lo" };

  if (!(cfg->clone_flags & CLONE_NEWNET))
    return 0;
  sock = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0)
    return isle_err (err, "network", errno, "socket");
  if (ioctl (sock, SIOCGIFFLAGS, &ifr) < 0)
    return isle_err (err, "network", errno, "read the flags of lo");
  ifr.ifr_flags |= IFF_UP;
  if (ioctl (sock, SIOCSIFFLAGS, &ifr) < 0)
    return isle_err (err, "network", errno, "bring lo up");
  return 0;
}

/*
 * Namespaced sysctls resolve against the writer's namespaces, so writing through /proc/sys before pivot_root
 * reaches the container's network/IPC/UTS namespaces, before readonlyPaths makes /proc/sys read-only.
 */
int
isle_sysctl_apply (const isle_config_t *cfg, isle_err_t *err)
{
  for (size_t i = 0; i < cfg->n_sysctl; i++)
    {
      char path[PATH_MAX];
      cleanup_close int fd = -1;
      size_t len = strlen (cfg->sysctl[i].value);

      if ((size_t) snprintf (path, sizeof (path), "/proc/sys/%s", cfg->sysctl[i].key) >= sizeof (path))
        return isle_err (err, "sysctl", ENAMETOOLONG, "sysctl %s", cfg->sysctl[i].key);
      for (char *p = path + strlen ("/proc/sys/"); *p != '\0'; p++)
        if (*p == '.')
          *p = '/';
      fd = open (path, O_WRONLY | O_CLOEXEC);
      if (fd < 0)
        return isle_err (err, "sysctl", errno, "open %s", path);
      if (write (fd, cfg->sysctl[i].value, len) != (ssize_t) len)
        return isle_err (err, "sysctl", errno, "write %s = %s", cfg->sysctl[i].key, cfg->sysctl[i].value);
    }
  return 0;
}

/* After start: the control plane has placed us in our cgroups, so the namespace is rooted there. */
int
isle_cgroupns_unshare (const isle_config_t *cfg, isle_err_t *err)
{
  if (cfg->cgroup_ns && unshare (CLONE_NEWCGROUP) < 0)
    return isle_err (err, "cgroupns", errno, "unshare the cgroup namespace");
  return 0;
}
