/* The "linux" section of config.json: namespaces, masked/readonly paths, devices, sysctl, rootfsPropagation. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config_reader.h"

static const struct
{
  const char *type;
  int flag;
  bool joinable;
} namespace_types[] = {
  { "mount", CLONE_NEWNS, false },  { "uts", CLONE_NEWUTS, true },     { "ipc", CLONE_NEWIPC, true },
  { "pid", CLONE_NEWPID, false },   { "network", CLONE_NEWNET, true }, { "cgroup", CLONE_NEWCGROUP, false },
};

static int
parse_namespace (reader_t *r, int obj, const char *field, isle_config_t *cfg)
{
  char sub[ISLE_FIELD_MAX], type_field[ISLE_FIELD_MAX];
  const char *type = NULL, *path = NULL;

  if (!isle_json_is (r->doc, obj, ISLE_JSON_OBJECT))
    return isle_cfg_bad (r, field, "must be an object");
  isle_cfg_field (type_field, field, "type");
  if (isle_cfg_get_string (r, obj, "type", type_field, true, &type) < 0)
    return -1;
  isle_cfg_field (sub, field, "path");
  if (isle_cfg_get_string (r, obj, "path", sub, false, &path) < 0)
    return -1;
  for (size_t i = 0; i < sizeof (namespace_types) / sizeof (namespace_types[0]); i++)
    {
      int flag = namespace_types[i].flag;

      if (strcmp (type, namespace_types[i].type) != 0)
        continue;
      if ((cfg->clone_flags & flag) || (flag == CLONE_NEWCGROUP && cfg->cgroup_ns))
        return isle_cfg_bad (r, field, "namespace listed twice");
      if (path != NULL && !namespace_types[i].joinable)
        return isle_cfg_bad (r, sub, "joining an existing namespace is supported for network, uts and ipc only");
      if (path != NULL)
        cfg->joins[cfg->n_joins++] = (isle_namespace_t){ .clone_flag = flag, .path = path };
      else if (flag == CLONE_NEWCGROUP)
        cfg->cgroup_ns = true;
      else
        cfg->clone_flags |= flag;
      return 0;
    }
  return isle_cfg_bad (r, type_field, "unsupported namespace type (use mount, uts, ipc, pid, network or cgroup)");
}

static int
parse_namespaces (reader_t *r, int linux_obj, isle_config_t *cfg)
{
  int arr, i;
  size_t k = 0;

  if (isle_cfg_get_array (r, linux_obj, "namespaces", "linux.namespaces", &arr) < 0)
    return -1;
  if (arr < 0)
    return 0;
  cfg->joins = isle_cfg_alloc_array (r, r->doc->toks[arr].size, sizeof (isle_namespace_t), "linux.namespaces");
  if (cfg->joins == NULL)
    return -1;
  for (i = isle_json_first (r->doc, arr); i >= 0; i = isle_json_after (r->doc, arr, i), k++)
    {
      char field[ISLE_FIELD_MAX];

      snprintf (field, sizeof (field), "linux.namespaces[%zu]", k);
      if (parse_namespace (r, i, field, cfg) < 0)
        return -1;
    }
  return 0;
}

static int
parse_device (reader_t *r, int obj, const char *field, isle_device_t *d)
{
  char sub[ISLE_FIELD_MAX];
  const char *type = NULL;
  long long v;
  bool present;

  if (!isle_json_is (r->doc, obj, ISLE_JSON_OBJECT))
    return isle_cfg_bad (r, field, "must be an object");
  isle_cfg_field (sub, field, "path");
  if (isle_cfg_get_string (r, obj, "path", sub, true, &d->path) < 0)
    return -1;
  if (d->path[0] != '/')
    return isle_cfg_bad (r, sub, "must be an absolute path");
  isle_cfg_field (sub, field, "type");
  if (isle_cfg_get_string (r, obj, "type", sub, true, &type) < 0)
    return -1;
  if (strcmp (type, "c") == 0 || strcmp (type, "u") == 0)
    d->type = S_IFCHR;
  else if (strcmp (type, "b") == 0)
    d->type = S_IFBLK;
  else if (strcmp (type, "p") == 0)
    d->type = S_IFIFO;
  else
    return isle_cfg_bad (r, sub, "must be \"c\", \"u\", \"b\" or \"p\"");
  isle_cfg_field (sub, field, "major");
  if (isle_cfg_get_int (r, obj, "major", sub, 0, 0xfff, &v, &present) < 0)
    return -1;
  if (!present && d->type != S_IFIFO)
    return isle_cfg_bad (r, sub, "is required for character and block devices");
  d->major = present ? (unsigned) v : 0;
  isle_cfg_field (sub, field, "minor");
  if (isle_cfg_get_int (r, obj, "minor", sub, 0, 0xfffff, &v, &present) < 0)
    return -1;
  if (!present && d->type != S_IFIFO)
    return isle_cfg_bad (r, sub, "is required for character and block devices");
  d->minor = present ? (unsigned) v : 0;
  isle_cfg_field (sub, field, "fileMode");
  if (isle_cfg_get_int (r, obj, "fileMode", sub, 0, 07777, &v, &present) < 0)
    return -1;
  d->mode = present ? (mode_t) v : 0666;
  isle_cfg_field (sub, field, "uid");
  if (isle_cfg_get_int (r, obj, "uid", sub, 0, UINT32_MAX - 1, &v, &present) < 0)
    return -1;
  d->uid = present ? (uid_t) v : 0;
  isle_cfg_field (sub, field, "gid");
  if (isle_cfg_get_int (r, obj, "gid", sub, 0, UINT32_MAX - 1, &v, &present) < 0)
    return -1;
  d->gid = present ? (gid_t) v : 0;
  return 0;
}

static int
parse_devices (reader_t *r, int linux_obj, isle_config_t *cfg)
{
  int arr, i;
  size_t k = 0;

  if (isle_cfg_get_array (r, linux_obj, "devices", "linux.devices", &arr) < 0)
    return -1;
  if (arr < 0)
    return 0;
  cfg->devices = isle_cfg_alloc_array (r, r->doc->toks[arr].size, sizeof (isle_device_t), "linux.devices");
  if (cfg->devices == NULL)
    return -1;
  for (i = isle_json_first (r->doc, arr); i >= 0; i = isle_json_after (r->doc, arr, i), k++)
    {
      char field[ISLE_FIELD_MAX];

      snprintf (field, sizeof (field), "linux.devices[%zu]", k);
      if (parse_device (r, i, field, &cfg->devices[k]) < 0)
        return -1;
    }
  cfg->n_devices = k;
  return 0;
}

static int
parse_sysctl (reader_t *r, int linux_obj, isle_config_t *cfg)
{
  int obj, k;
  size_t n = 0;

  if (isle_cfg_get_object (r, linux_obj, "sysctl", "linux.sysctl", false, &obj) < 0)
    return -1;
  if (obj < 0)
    return 0;
  cfg->sysctl = isle_cfg_alloc_array (r, r->doc->toks[obj].size, sizeof (isle_sysctl_t), "linux.sysctl");
  if (cfg->sysctl == NULL)
    return -1;
  for (k = isle_json_first (r->doc, obj); k >= 0; k = isle_json_after (r->doc, obj, k))
    {
      const char *key = isle_json_str (r->doc, k);
      char field[ISLE_FIELD_MAX];

      snprintf (field, sizeof (field), "linux.sysctl.%s", key);
      if (!isle_json_is (r->doc, k + 1, ISLE_JSON_STRING))
        return isle_cfg_bad (r, field, "must be a string");
      if (key[0] == '\0' || strstr (key, "..") != NULL || strchr (key, '/') != NULL)
        return isle_cfg_bad (r, field, "is not a sysctl name");
      cfg->sysctl[n++] = (isle_sysctl_t){ .key = key, .value = isle_json_str (r->doc, k + 1) };
    }
  cfg->n_sysctl = n;
  return 0;
}

static int
parse_propagation (reader_t *r, int linux_obj, isle_config_t *cfg)
{
  const char *name = NULL;

  if (isle_cfg_get_string (r, linux_obj, "rootfsPropagation", "linux.rootfsPropagation", false, &name) < 0)
    return -1;
  if (name != NULL && isle_propagation_from_name (name, &cfg->rootfs_propagation) < 0)
    return isle_cfg_bad (r, "linux.rootfsPropagation", "must be a propagation such as \"rprivate\" or \"rslave\"");
  return 0;
}

int
isle_config_parse_linux (reader_t *r, int linux_obj, isle_config_t *cfg)
{
  if (linux_obj < 0)
    return 0;
  if (parse_namespaces (r, linux_obj, cfg) < 0)
    return -1;
  if (isle_cfg_get_strings (r, linux_obj, "maskedPaths", "linux.maskedPaths", &cfg->masked_paths,
                            &cfg->n_masked_paths) < 0)
    return -1;
  if (isle_cfg_get_strings (r, linux_obj, "readonlyPaths", "linux.readonlyPaths", &cfg->readonly_paths,
                            &cfg->n_readonly_paths) < 0)
    return -1;
  return parse_devices (r, linux_obj, cfg) < 0 || parse_sysctl (r, linux_obj, cfg) < 0
             || parse_propagation (r, linux_obj, cfg) < 0 || isle_config_parse_resources (r, linux_obj, cfg) < 0
             ? -1
             : 0;
}
