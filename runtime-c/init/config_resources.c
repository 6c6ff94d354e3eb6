/*
 * linux.resources of config.json. The control plane writes the cgroup limits itself (src/cgroups/); the runtime
 * reads only the device rules, which on cgroup v2 the shim enforces with a BPF program (shim/device_filter.h).
 */
#include <stdio.h>
#include <string.h>

#include "config_reader.h"

/* "rwm" in any order, each letter at most once; empty or unknown letters are refused, not ignored. */
static int
parse_access (reader_t *r, const char *field, const char *text, unsigned *out)
{
  *out = 0;
  if (text[0] == '\0')
    return isle_cfg_bad (r, field, "must not be empty (use letters from \"rwm\")");
  for (const char *c = text; *c != '\0'; c++)
    {
      unsigned bit = *c == 'r' ? ISLE_DEV_READ : *c == 'w' ? ISLE_DEV_WRITE : *c == 'm' ? ISLE_DEV_MKNOD : 0;

      if (bit == 0)
        return isle_cfg_bad (r, field, "must hold only the letters r, w and m");
      if (*out & bit)
        return isle_cfg_bad (r, field, "lists a letter twice");
      *out |= bit;
    }
  return 0;
}

static int
parse_rule (reader_t *r, int obj, const char *field, isle_device_rule_t *rule)
{
  char sub[ISLE_FIELD_MAX];
  const char *type = "a", *access = "rwm";
  long long v;
  bool present;

  if (!isle_json_is (r->doc, obj, ISLE_JSON_OBJECT))
    return isle_cfg_bad (r, field, "must be an object");
  isle_cfg_field (sub, field, "allow");
  if (isle_json_get (r->doc, obj, "allow") < 0)
    return isle_cfg_bad (r, sub, "is required");
  if (isle_cfg_get_bool (r, obj, "allow", sub, &rule->allow) < 0)
    return -1;
  isle_cfg_field (sub, field, "type");
  if (isle_cfg_get_string (r, obj, "type", sub, false, &type) < 0)
    return -1;
  if (strcmp (type, "a") != 0 && strcmp (type, "c") != 0 && strcmp (type, "b") != 0)
    return isle_cfg_bad (r, sub, "must be \"a\", \"c\" or \"b\"");
  rule->type = type[0];
  /* The kernel's device numbers are 12 and 20 bits wide; -1 (or no key) is the OCI wildcard. */
  isle_cfg_field (sub, field, "major");
  if (isle_cfg_get_int (r, obj, "major", sub, -1, 0xfff, &v, &present) < 0)
    return -1;
  rule->major = present ? (int) v : -1;
  isle_cfg_field (sub, field, "minor");
  if (isle_cfg_get_int (r, obj, "minor", sub, -1, 0xfffff, &v, &present) < 0)
    return -1;
  rule->minor = present ? (int) v : -1;
  isle_cfg_field (sub, field, "access");
  if (isle_cfg_get_string (r, obj, "access", sub, false, &access) < 0)
    return -1;
  return parse_access (r, sub, access, &rule->access);
}

int
isle_config_parse_resources (reader_t *r, int linux_obj, isle_config_t *cfg)
{
  int resources, arr, i;
  size_t k = 0;

  if (isle_cfg_get_object (r, linux_obj, "resources", "linux.resources", false, &resources) < 0)
    return -1;
  if (resources < 0)
    return 0;
  if (isle_cfg_get_array (r, resources, "devices", "linux.resources.devices", &arr) < 0)
    return -1;
  if (arr < 0)
    return 0;
  cfg->device_rules = isle_cfg_alloc_array (r, r->doc->toks[arr].size, sizeof (isle_device_rule_t),
                                            "linux.resources.devices");
  if (cfg->device_rules == NULL)
    return -1;
  for (i = isle_json_first (r->doc, arr); i >= 0; i = isle_json_after (r->doc, arr, i), k++)
    {
      char field[ISLE_FIELD_MAX];

      snprintf (field, sizeof (field), "linux.resources.devices[%zu]", k);
      if (parse_rule (r, i, field, &cfg->device_rules[k]) < 0)
        return -1;
    }
  cfg->n_device_rules = k;
  cfg->has_device_rules = true;
  return 0;
}
