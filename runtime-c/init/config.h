/*
 * The bundle's config.json (OCI runtime-spec field names), validated once into plain C values.
 *
 * Every string points into the parsed document's buffer; arrays are NULL-terminated where the stages hand
 * them to the kernel (args, env). The config lives until exec or exit and is never freed in isle-init;
 * tests call isle_config_free.
 */
#ifndef ISLE_CONFIG_H
#define ISLE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "json.h"
#include "mount_options.h"

enum isle_cap_set
{
  ISLE_CAP_BOUNDING,
  ISLE_CAP_EFFECTIVE,
  ISLE_CAP_PERMITTED,
  ISLE_CAP_INHERITABLE,
  ISLE_CAP_AMBIENT,
  ISLE_CAP_SETS,
};

typedef struct isle_mount
{
  const char *destination;
  const char *type;    /* NULL for binds */
  const char *source;
  isle_mount_opts_t opts;
} isle_mount_t;

typedef struct isle_rlimit
{
  int resource;
  uint64_t soft, hard;
} isle_rlimit_t;

typedef struct isle_device
{
  const char *path;
  mode_t type;         /* S_IFCHR, S_IFBLK or S_IFIFO */
  unsigned major, minor;
  mode_t mode;         /* permission bits; 0666 when fileMode is absent */
  uid_t uid;
  gid_t gid;
} isle_device_t;

/* linux.resources.devices: one cgroup device rule (OCI; cgroup v1's devices.allow/deny line). */
enum isle_device_access
{
  ISLE_DEV_MKNOD = 1 << 0,
  ISLE_DEV_READ = 1 << 1,
  ISLE_DEV_WRITE = 1 << 2,
  ISLE_DEV_ALL = ISLE_DEV_MKNOD | ISLE_DEV_READ | ISLE_DEV_WRITE,
};

typedef struct isle_device_rule
{
  bool allow;
  char type;           /* 'a' (any), 'c' or 'b' */
  int major, minor;    /* -1: any */
  unsigned access;     /* enum isle_device_access bits */
} isle_device_rule_t;

typedef struct isle_namespace
{
  int clone_flag;      /* CLONE_NEWNS, ... (CLONE_NEWCGROUP is unshared after start) */
  const char *path;    /* join this namespace instead of creating one (network, uts, ipc only) */
} isle_namespace_t;

typedef struct isle_sysctl
{
  const char *key, *value;
} isle_sysctl_t;

typedef struct isle_config
{
  isle_json_t doc;
  char *text;

  /* process */
  bool terminal;
  unsigned short console_height; /* process.consoleSize; 0 when absent */
  unsigned short console_width;
  char **args;                 /* NULL-terminated, at least one */
  char **env;                  /* NULL-terminated */
  const char *cwd;
  uid_t uid;
  gid_t gid;
  gid_t *additional_gids;
  size_t n_additional_gids;
  bool has_caps;               /* false: process.capabilities absent, keep what we have */
  uint64_t caps[ISLE_CAP_SETS];
  isle_rlimit_t *rlimits;
  size_t n_rlimits;
  bool no_new_privileges;
  bool has_oom_score_adj;
  int oom_score_adj;

  /* root, hostname, mounts */
  char *root_path;             /* absolute */
  bool root_readonly;
  const char *hostname;
  isle_mount_t *root_mount;    /* Islander extension: the mount whose destination is "/" (or NULL) */
  isle_mount_t *mounts;        /* every other mount, in order */
  size_t n_mounts;

  /* linux */
  int clone_flags;             /* namespaces created by clone() */
  bool cgroup_ns;
  isle_namespace_t *joins;     /* namespaces joined by path */
  size_t n_joins;
  const char **masked_paths;
  size_t n_masked_paths;
  const char **readonly_paths;
  size_t n_readonly_paths;
  isle_device_t *devices;
  size_t n_devices;
  isle_sysctl_t *sysctl;
  size_t n_sysctl;
  bool has_device_rules;       /* false: linux.resources.devices absent, no device filter at all */
  isle_device_rule_t *device_rules; /* in the spec's order: a later matching rule overrides an earlier one */
  size_t n_device_rules;
  unsigned long rootfs_propagation; /* 0 when absent */
} isle_config_t;

/* Read and validate BUNDLE/config.json. Errors use stage "config" and name the offending field. */
int isle_config_load (const char *bundle, isle_config_t *cfg, isle_err_t *err);

/* Validate an in-memory document (text is modified in place; it must have room for len + 1 bytes). */
int isle_config_parse (char *text, size_t len, const char *bundle, isle_config_t *cfg, isle_err_t *err);

void isle_config_free (isle_config_t *cfg);

#endif
