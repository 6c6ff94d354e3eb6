#include "config.h"
#include "file.h"

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_reader.h"
#include "names.h"

#define CONFIG_MAX_BYTES (16u << 20)

static int
parse_user (reader_t *r, int process, isle_config_t *cfg)
{
  int user, arr, i;
  long long v;
  bool present;
  size_t k = 0;

  if (isle_cfg_get_object (r, process, "user", "process.user", false, &user) < 0)
    return -1;
  if (user < 0)
    return 0;
  if (isle_cfg_get_int (r, user, "uid", "process.user.uid", 0, UINT32_MAX - 1, &v, &present) < 0)
    return -1;
  cfg->uid = present ? (uid_t) v : 0;
  if (isle_cfg_get_int (r, user, "gid", "process.user.gid", 0, UINT32_MAX - 1, &v, &present) < 0)
    return -1;
  cfg->gid = present ? (gid_t) v : 0;
  if (isle_cfg_get_array (r, user, "additionalGids", "process.user.additionalGids", &arr) < 0)
    return -1;
  if (arr < 0)
    return 0;
  cfg->additional_gids = isle_cfg_alloc_array (r, r->doc->toks[arr].size, sizeof (gid_t), "process.user.additionalGids");
  if (cfg->additional_gids == NULL)
    return -1;
  for (i = isle_json_first (r->doc, arr); i >= 0; i = isle_json_after (r->doc, arr, i))
    {
      if (isle_json_int (r->doc, i, &v) < 0 || v < 0 || v >= UINT32_MAX)
        return isle_cfg_bad (r, "process.user.additionalGids", "must hold integer group ids");
      cfg->additional_gids[k++] = (gid_t) v;
    }
  cfg->n_additional_gids = k;
  return 0;
}

static int
parse_capabilities (reader_t *r, int process, isle_config_t *cfg)
{
  static const char *const sets[ISLE_CAP_SETS] = { "bounding", "effective", "permitted", "inheritable", "ambient" };
  int caps;

  if (isle_cfg_get_object (r, process, "capabilities", "process.capabilities", false, &caps) < 0)
    return -1;
  cfg->has_caps = caps >= 0;
  for (int s = 0; caps >= 0 && s < ISLE_CAP_SETS; s++)
    {
      char field[ISLE_FIELD_MAX];
      const char **names;
      size_t n;

      snprintf (field, sizeof (field), "process.capabilities.%s", sets[s]);
      if (isle_cfg_get_strings (r, caps, sets[s], field, &names, &n) < 0)
        return -1;
      for (size_t i = 0; i < n; i++)
        {
          int cap = isle_cap_from_name (names[i]);
          if (cap < 0)
            {
              char what[96];
              snprintf (what, sizeof (what), "unknown capability \"%.60s\"", names[i]);
              free (names);
              return isle_cfg_bad (r, field, what);
            }
          cfg->caps[s] |= UINT64_C (1) << cap;
        }
      free (names);
    }
  return 0;
}

static int
parse_rlimits (reader_t *r, int process, isle_config_t *cfg)
{
  int arr, i;
  size_t k = 0;

  if (isle_cfg_get_array (r, process, "rlimits", "process.rlimits", &arr) < 0)
    return -1;
  if (arr < 0)
    return 0;
  cfg->rlimits = isle_cfg_alloc_array (r, r->doc->toks[arr].size, sizeof (isle_rlimit_t), "process.rlimits");
  if (cfg->rlimits == NULL)
    return -1;
  for (i = isle_json_first (r->doc, arr); i >= 0; i = isle_json_after (r->doc, arr, i), k++)
    {
      char field[ISLE_FIELD_MAX], sub[ISLE_FIELD_MAX];
      const char *type = NULL;
      long long soft, hard;
      bool has_soft, has_hard;

      snprintf (field, sizeof (field), "process.rlimits[%zu]", k);
      if (!isle_json_is (r->doc, i, ISLE_JSON_OBJECT))
        return isle_cfg_bad (r, field, "must be an object");
      isle_cfg_field (sub, field, "type");
      if (isle_cfg_get_string (r, i, "type", sub, true, &type) < 0)
        return -1;
      if ((cfg->rlimits[k].resource = isle_rlimit_from_name (type)) < 0)
        return isle_cfg_bad (r, sub, "unknown rlimit");
      /* -1 is Islander's spelling of RLIM_INFINITY (PROTOCOL.md, "Bundle"): the spec's uint64 maximum has no
         exact JSON number in the control plane's JavaScript. */
      isle_cfg_field (sub, field, "soft");
      if (isle_cfg_get_int (r, i, "soft", sub, -1, LLONG_MAX, &soft, &has_soft) < 0)
        return -1;
      isle_cfg_field (sub, field, "hard");
      if (isle_cfg_get_int (r, i, "hard", sub, -1, LLONG_MAX, &hard, &has_hard) < 0)
        return -1;
      if (!has_soft || !has_hard)
        return isle_cfg_bad (r, field, "needs both soft and hard");
      cfg->rlimits[k].soft = soft < 0 ? RLIM_INFINITY : (uint64_t) soft;
      cfg->rlimits[k].hard = hard < 0 ? RLIM_INFINITY : (uint64_t) hard;
      if (cfg->rlimits[k].soft > cfg->rlimits[k].hard)
        return isle_cfg_bad (r, field, "soft must not exceed hard");
    }
  cfg->n_rlimits = k;
  return 0;
}

/* process.consoleSize {height, width}: the terminal's size before the process starts, so the first thing it
   prints already fits (a resize sent after start would race with it). */
static int
parse_console_size (reader_t *r, int process, isle_config_t *cfg)
{
  int size;
  long long height, width;
  bool has_height, has_width;

  if (isle_cfg_get_object (r, process, "consoleSize", "process.consoleSize", false, &size) < 0)
    return -1;
  if (size < 0)
    return 0;
  if (isle_cfg_get_int (r, size, "height", "process.consoleSize.height", 0, 65535, &height, &has_height) < 0
      || isle_cfg_get_int (r, size, "width", "process.consoleSize.width", 0, 65535, &width, &has_width) < 0)
    return -1;
  if (!has_height || !has_width)
    return isle_cfg_bad (r, "process.consoleSize", "needs both height and width");
  cfg->console_height = (unsigned short) height;
  cfg->console_width = (unsigned short) width;
  return 0;
}

static int
parse_process (reader_t *r, int root, isle_config_t *cfg)
{
  int process;
  long long v;
  bool present;
  size_t n;

  if (isle_cfg_get_object (r, root, "process", "process", true, &process) < 0)
    return -1;
  if (isle_cfg_get_bool (r, process, "terminal", "process.terminal", &cfg->terminal) < 0)
    return -1;
  if (parse_console_size (r, process, cfg) < 0)
    return -1;
  if (isle_cfg_get_strings (r, process, "args", "process.args", (const char ***) &cfg->args, &n) < 0)
    return -1;
  if (n == 0)
    return isle_cfg_bad (r, "process.args", "must name the command to run");
  if (isle_cfg_get_strings (r, process, "env", "process.env", (const char ***) &cfg->env, &n) < 0)
    return -1;
  if (cfg->env == NULL && (cfg->env = isle_cfg_alloc_array (r, 0, sizeof (char *), "process.env")) == NULL)
    return -1;
  cfg->cwd = "/";
  if (isle_cfg_get_string (r, process, "cwd", "process.cwd", false, &cfg->cwd) < 0)
    return -1;
  if (cfg->cwd[0] != '/')
    return isle_cfg_bad (r, "process.cwd", "must be an absolute path");
  if (parse_user (r, process, cfg) < 0 || parse_capabilities (r, process, cfg) < 0
      || parse_rlimits (r, process, cfg) < 0)
    return -1;
  if (isle_cfg_get_bool (r, process, "noNewPrivileges", "process.noNewPrivileges", &cfg->no_new_privileges) < 0)
    return -1;
  if (isle_cfg_get_int (r, process, "oomScoreAdj", "process.oomScoreAdj", -1000, 1000, &v, &present) < 0)
    return -1;
  cfg->has_oom_score_adj = present;
  cfg->oom_score_adj = (int) v;
  return 0;
}

static int
parse_root (reader_t *r, int root, const char *bundle, isle_config_t *cfg)
{
  int obj;
  const char *path = NULL;

  if (isle_cfg_get_object (r, root, "root", "root", true, &obj) < 0 || isle_cfg_get_string (r, obj, "path", "root.path", true, &path) < 0)
    return -1;
  if (isle_cfg_get_bool (r, obj, "readonly", "root.readonly", &cfg->root_readonly) < 0)
    return -1;
  if (path[0] == '/')
    cfg->root_path = strdup (path);
  else if (asprintf (&cfg->root_path, "%s/%s", bundle, path) < 0)
    cfg->root_path = NULL;
  if (cfg->root_path == NULL)
    return isle_err (r->err, "config", ENOMEM, "root.path");
  return 0;
}

static int
parse_mount (reader_t *r, int obj, const char *field, isle_mount_t *m)
{
  char sub[ISLE_FIELD_MAX];
  const char **options;
  size_t n;
  int ret;

  if (!isle_json_is (r->doc, obj, ISLE_JSON_OBJECT))
    return isle_cfg_bad (r, field, "must be an object");
  isle_cfg_field (sub, field, "destination");
  if (isle_cfg_get_string (r, obj, "destination", sub, true, &m->destination) < 0)
    return -1;
  if (m->destination[0] != '/')
    return isle_cfg_bad (r, sub, "must be an absolute path");
  isle_cfg_field (sub, field, "type");
  if (isle_cfg_get_string (r, obj, "type", sub, false, &m->type) < 0)
    return -1;
  isle_cfg_field (sub, field, "source");
  if (isle_cfg_get_string (r, obj, "source", sub, false, &m->source) < 0)
    return -1;
  isle_cfg_field (sub, field, "options");
  if (isle_cfg_get_strings (r, obj, "options", sub, &options, &n) < 0)
    return -1;
  ret = isle_mount_opts_parse (options, n, sub, &m->opts, r->err);
  free (options);
  if (ret < 0)
    return -1;
  if (m->type != NULL && strcmp (m->type, "bind") == 0)
    {
      m->opts.bind = true;
      m->opts.flags |= MS_BIND;
    }
  if (m->type == NULL && !m->opts.bind)
    return isle_cfg_bad (r, field, "needs a type (or the bind option)");
  if (m->source == NULL && m->opts.bind)
    return isle_cfg_bad (r, field, "a bind mount needs a source");
  return 0;
}

static int
parse_mounts (reader_t *r, int root, isle_config_t *cfg)
{
  int arr, i;
  size_t k = 0, index = 0;

  if (isle_cfg_get_array (r, root, "mounts", "mounts", &arr) < 0)
    return -1;
  if (arr < 0)
    return 0;
  cfg->mounts = isle_cfg_alloc_array (r, r->doc->toks[arr].size, sizeof (isle_mount_t), "mounts");
  if (cfg->mounts == NULL)
    return -1;
  for (i = isle_json_first (r->doc, arr); i >= 0; i = isle_json_after (r->doc, arr, i), index++)
    {
      char field[ISLE_FIELD_MAX];
      isle_mount_t m = { 0 };

      snprintf (field, sizeof (field), "mounts[%zu]", index);
      if (parse_mount (r, i, field, &m) < 0)
        return -1;
      if (strcmp (m.destination, "/") != 0)
        cfg->mounts[k++] = m;
      else if (cfg->root_mount != NULL)
        return isle_cfg_bad (r, field, "only one mount may have destination \"/\"");
      else if ((cfg->root_mount = malloc (sizeof (m))) == NULL)
        return isle_err (r->err, "config", errno, "%s: out of memory", field);
      else
        *cfg->root_mount = m;
    }
  cfg->n_mounts = k;
  return 0;
}

static int
parse_hostname (reader_t *r, int root, isle_config_t *cfg)
{
  if (isle_cfg_get_string (r, root, "hostname", "hostname", false, &cfg->hostname) < 0)
    return -1;
  if (cfg->hostname != NULL && strlen (cfg->hostname) > 64)
    return isle_cfg_bad (r, "hostname", "must be at most 64 bytes");
  return 0;
}

int
isle_config_parse (char *text, size_t len, const char *bundle, isle_config_t *cfg, isle_err_t *err)
{
  reader_t r = { .doc = &cfg->doc, .err = err };
  const char *version = NULL;
  int linux_obj;

  *cfg = (isle_config_t){ .text = text };
  if (isle_json_parse (&cfg->doc, text, len, "config", err) < 0)
    return isle_err_wrap (err, "config.json");
  if (!isle_json_is (&cfg->doc, 0, ISLE_JSON_OBJECT))
    return isle_cfg_bad (&r, "config.json", "must hold a JSON object");
  if (isle_cfg_get_string (&r, 0, "ociVersion", "ociVersion", true, &version) < 0)
    return -1;
  if (parse_process (&r, 0, cfg) < 0 || parse_root (&r, 0, bundle, cfg) < 0 || parse_hostname (&r, 0, cfg) < 0
      || parse_mounts (&r, 0, cfg) < 0)
    return -1;
  if (isle_cfg_get_object (&r, 0, "linux", "linux", false, &linux_obj) < 0)
    return -1;
  return isle_config_parse_linux (&r, linux_obj, cfg);
}

int
isle_config_load (const char *bundle, isle_config_t *cfg, isle_err_t *err)
{
  char path[PATH_MAX], *text;
  size_t len;

  *cfg = (isle_config_t){ 0 };
  if ((size_t) snprintf (path, sizeof (path), "%s/config.json", bundle) >= sizeof (path))
    return isle_err (err, "config", ENAMETOOLONG, "bundle path");
  if (isle_read_file (path, CONFIG_MAX_BYTES, "config", &text, &len, err) < 0)
    return -1;
  return isle_config_parse (text, len, bundle, cfg, err);
}

void
isle_config_free (isle_config_t *cfg)
{
  for (size_t i = 0; i < cfg->n_mounts; i++)
    free (cfg->mounts[i].opts.data);
  if (cfg->root_mount != NULL)
    free (cfg->root_mount->opts.data);
  free (cfg->root_mount);
  free (cfg->mounts);
  free (cfg->args);
  free (cfg->env);
  free (cfg->additional_gids);
  free (cfg->rlimits);
  free (cfg->root_path);
  free (cfg->joins);
  free (cfg->masked_paths);
  free (cfg->readonly_paths);
  free (cfg->devices);
  free (cfg->sysctl);
  free (cfg->device_rules);
  isle_json_free (&cfg->doc);
  free (cfg->text);
  *cfg = (isle_config_t){ 0 };
}
