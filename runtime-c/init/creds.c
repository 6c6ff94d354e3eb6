/*
 * The process's privileges, set after "start": rlimits and oomScoreAdj, the capability bounding set, the user
 * and groups, then the remaining capability sets and no_new_privs. Capabilities go through prctl and the capset
 * syscall directly (no libcap).
 */
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "names.h"
#include "stages.h"

int
isle_oom_score_adj_set (const isle_config_t *cfg, isle_err_t *err)
{
  char value[16];
  cleanup_close int fd = -1;
  int len;

  if (!cfg->has_oom_score_adj)
    return 0;
  len = snprintf (value, sizeof (value), "%d", cfg->oom_score_adj);
  fd = open ("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return isle_err (err, "rlimits", errno, "open /proc/self/oom_score_adj");
  if (write (fd, value, (size_t) len) != len)
    return isle_err (err, "rlimits", errno, "set oomScoreAdj to %s", value);
  return 0;
}

int
isle_rlimits_apply (const isle_config_t *cfg, isle_err_t *err)
{
  for (size_t i = 0; i < cfg->n_rlimits; i++)
    {
      struct rlimit limit = { .rlim_cur = cfg->rlimits[i].soft, .rlim_max = cfg->rlimits[i].hard };

      if (setrlimit (cfg->rlimits[i].resource, &limit) < 0)
        return isle_err (err, "rlimits", errno, "setrlimit %s", isle_rlimit_name (cfg->rlimits[i].resource));
    }
  return 0;
}

/* Drop what is not in the bounding set while we still hold CAP_SETPCAP; keep caps across the uid change. */
int
isle_caps_bound (const isle_config_t *cfg, isle_err_t *err)
{
  if (!cfg->has_caps)
    return 0;
  for (int cap = 0; cap < 64; cap++)
    {
      int present = prctl (PR_CAPBSET_READ, cap, 0, 0, 0);

      if (present < 0)
        break; /* past the kernel's last capability */
      if (present && !(cfg->caps[ISLE_CAP_BOUNDING] & (UINT64_C (1) << cap))
          && prctl (PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
        return isle_err (err, "capabilities", errno, "drop capability %d from the bounding set", cap);
    }
  if (cfg->uid != 0 && prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return isle_err (err, "capabilities", errno, "PR_SET_KEEPCAPS");
  return 0;
}

int
isle_user_switch (const isle_config_t *cfg, isle_err_t *err)
{
  if (setgroups (cfg->n_additional_gids, cfg->additional_gids) < 0)
    return isle_err (err, "user", errno, "setgroups");
  if (setresgid (cfg->gid, cfg->gid, cfg->gid) < 0)
    return isle_err (err, "user", errno, "setgid %u", (unsigned) cfg->gid);
  if (setresuid (cfg->uid, cfg->uid, cfg->uid) < 0)
    return isle_err (err, "user", errno, "setuid %u", (unsigned) cfg->uid);
  return 0;
}

static int
capset_sets (const isle_config_t *cfg, isle_err_t *err)
{
  struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  struct __user_cap_data_struct data[2];

  for (int i = 0; i < 2; i++)
    data[i] = (struct __user_cap_data_struct){
      .effective = (uint32_t) (cfg->caps[ISLE_CAP_EFFECTIVE] >> (32 * i)),
      .permitted = (uint32_t) (cfg->caps[ISLE_CAP_PERMITTED] >> (32 * i)),
      .inheritable = (uint32_t) (cfg->caps[ISLE_CAP_INHERITABLE] >> (32 * i)),
    };
  if (syscall (SYS_capset, &header, data) < 0)
    return isle_err (err, "capabilities", errno, "capset");
  return 0;
}

int
isle_caps_apply (const isle_config_t *cfg, isle_err_t *err)
{
  if (cfg->has_caps)
    {
      if (capset_sets (cfg, err) < 0)
        return -1;
      if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
        return isle_err (err, "capabilities", errno, "clear the ambient set");
      for (int cap = 0; cap < 64; cap++)
        if ((cfg->caps[ISLE_CAP_AMBIENT] & (UINT64_C (1) << cap))
            && prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
          return isle_err (err, "capabilities", errno, "raise ambient capability %d", cap);
      if (cfg->uid != 0 && prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
        return isle_err (err, "capabilities", errno, "PR_SET_KEEPCAPS");
    }
  if (cfg->no_new_privileges && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return isle_err (err, "capabilities", errno, "set no_new_privs");
  return 0;
}
