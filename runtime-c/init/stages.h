/*
 * The container init's setup stages, in the order child.c runs them. Each returns 0, or -1 with `err` naming
 * its stage (the stage names are part of the protocol; see PROTOCOL.md "Stages").
 *
 * Before pivot_root every container path is resolved inside the rootfs with openat2(RESOLVE_IN_ROOT), and the
 * kernel objects are reached through /proc/self/fd/N of the host's /proc (still visible until pivot_root).
 */
#ifndef ISLE_STAGES_H
#define ISLE_STAGES_H

#include "config.h"
#include "error.h"

/* namespaces.c */
int isle_namespaces_join (const isle_config_t *cfg, isle_err_t *err);      /* "clone": setns by path */
int isle_hostname_set (const isle_config_t *cfg, isle_err_t *err);         /* "hostname" */
int isle_loopback_up (const isle_config_t *cfg, isle_err_t *err);          /* "network" */
int isle_sysctl_apply (const isle_config_t *cfg, isle_err_t *err);         /* "sysctl" */
int isle_cgroupns_unshare (const isle_config_t *cfg, isle_err_t *err);     /* "cgroupns" */

/* mounts.c */
int isle_rootfs_prepare (const isle_config_t *cfg, int *root_fd, isle_err_t *err);  /* "rootfs" */
int isle_mounts_apply (const isle_config_t *cfg, int root_fd, isle_err_t *err);     /* "mount" */
int isle_rootfs_readonly (const isle_config_t *cfg, isle_err_t *err);               /* "rootfs" */
/* Remount the mount at `target` read-only, keeping its nosuid/nodev/noexec/atime flags. */
int isle_remount_readonly (const char *target, const char *stage, isle_err_t *err);

/* devices.c: default devices and linux.devices when /dev is a tmpfs; /dev/console for a terminal. */
int isle_devices_create (const isle_config_t *cfg, int root_fd, int console_fd, isle_err_t *err); /* "devices" */

/* masked.c */
int isle_masked_paths_apply (const isle_config_t *cfg, int root_fd, isle_err_t *err);  /* "masked_paths" */

/* pivot.c */
int isle_pivot_root (int root_fd, isle_err_t *err);                        /* "pivot_root" */

/* creds.c */
int isle_oom_score_adj_set (const isle_config_t *cfg, isle_err_t *err);    /* "rlimits" */
int isle_rlimits_apply (const isle_config_t *cfg, isle_err_t *err);        /* "rlimits" */
int isle_caps_bound (const isle_config_t *cfg, isle_err_t *err);           /* "capabilities" */
int isle_user_switch (const isle_config_t *cfg, isle_err_t *err);          /* "user" */
int isle_caps_apply (const isle_config_t *cfg, isle_err_t *err);           /* "capabilities" */

/* exec.c */
int isle_cwd_create (const isle_config_t *cfg, isle_err_t *err);           /* "cwd" */
int isle_cwd_enter (const isle_config_t *cfg, isle_err_t *err);            /* "cwd" */
int isle_exec (const isle_config_t *cfg, isle_err_t *err);                 /* "exec"; returns only on failure */

#endif
