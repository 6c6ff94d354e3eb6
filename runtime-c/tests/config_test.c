// links: init/json.c init/config.c init/config_reader.c init/config_linux.c init/config_resources.c init/names.c init/mount_options.c
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "check.h"
#include "config.h"

static int
parse (const char *text, isle_config_t *cfg, isle_err_t *err)
{
  size_t len = strlen (text);
  char *buf = malloc (len + 1); /* isle_config_t owns it */

  memcpy (buf, text, len);
  return isle_config_parse (buf, len, "/bundle", cfg, err);
}

static const char full[] =
  "{\"ociVersion\":\"1.0.2\",\"hostname\":\"islet\","
  "\"process\":{\"terminal\":true,\"consoleSize\":{\"height\":33,\"width\":101},\"args\":[\"sh\",\"-c\",\"echo hi\"],\"env\":[\"PATH=/bin\",\"A=b\"],\"cwd\":\"/w\","
  "\"user\":{\"uid\":1000,\"gid\":100,\"additionalGids\":[5,6]},"
  "\"capabilities\":{\"bounding\":[\"CAP_CHOWN\",\"CAP_KILL\"],\"effective\":[\"CAP_KILL\"],\"ambient\":[]},"
  "\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":2048,\"soft\":1024},{\"type\":\"RLIMIT_MEMLOCK\",\"hard\":-1,\"soft\":-1}],\"noNewPrivileges\":true,\"oomScoreAdj\":-500},"
  "\"root\":{\"path\":\"rootfs\",\"readonly\":true},"
  "\"mounts\":[{\"destination\":\"/\",\"type\":\"overlay\",\"source\":\"overlay\",\"options\":[\"lowerdir=/l,upperdir=/u,workdir=/w\"]},"
  "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
  "{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/srv\",\"options\":[\"rbind\",\"ro\"]}],"
  "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\",\"path\":\"/run/netns/x\"},{\"type\":\"mount\"},"
  "{\"type\":\"cgroup\"}],\"maskedPaths\":[\"/proc/kcore\"],\"readonlyPaths\":[\"/proc/sys\"],"
  "\"devices\":[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229,\"fileMode\":438,\"uid\":0,\"gid\":0}],"
  "\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"},\"rootfsPropagation\":\"rslave\","
  "\"resources\":{\"memory\":{\"limit\":1},\"devices\":[{\"allow\":false,\"access\":\"rwm\"},"
  "{\"allow\":true,\"type\":\"c\",\"major\":136,\"access\":\"rw\"},{\"allow\":true,\"type\":\"b\",\"major\":8,\"minor\":-1,\"access\":\"m\"}]}}}";

static void
test_full (void)
{
  isle_config_t cfg;
  isle_err_t err = { 0 };

  CHECK (parse (full, &cfg, &err) == 0);
  if (err.message[0])
    fprintf (stderr, "%s\n", err.message);
  CHECK (cfg.terminal);
  CHECK (cfg.console_height == 33 && cfg.console_width == 101);
  CHECK (strcmp (cfg.args[2], "echo hi") == 0 && cfg.args[3] == NULL);
  CHECK (strcmp (cfg.env[1], "A=b") == 0 && cfg.env[2] == NULL);
  CHECK (strcmp (cfg.cwd, "/w") == 0);
  CHECK (cfg.uid == 1000 && cfg.gid == 100 && cfg.n_additional_gids == 2 && cfg.additional_gids[1] == 6);
  CHECK (cfg.has_caps && cfg.caps[ISLE_CAP_BOUNDING] == ((1u << 0) | (1u << 5)));
  CHECK (cfg.caps[ISLE_CAP_EFFECTIVE] == (1u << 5) && cfg.caps[ISLE_CAP_PERMITTED] == 0);
  CHECK (cfg.n_rlimits == 2 && cfg.rlimits[0].resource == RLIMIT_NOFILE && cfg.rlimits[0].soft == 1024);
  CHECK (cfg.rlimits[1].resource == RLIMIT_MEMLOCK && cfg.rlimits[1].soft == RLIM_INFINITY && cfg.rlimits[1].hard == RLIM_INFINITY);
  CHECK (cfg.no_new_privileges && cfg.has_oom_score_adj && cfg.oom_score_adj == -500);
  CHECK (strcmp (cfg.root_path, "/bundle/rootfs") == 0 && cfg.root_readonly);
  CHECK (strcmp (cfg.hostname, "islet") == 0);
  CHECK (cfg.root_mount != NULL && strcmp (cfg.root_mount->type, "overlay") == 0);
  CHECK (strcmp (cfg.root_mount->opts.data, "lowerdir=/l,upperdir=/u,workdir=/w") == 0);
  CHECK (cfg.n_mounts == 2 && strcmp (cfg.mounts[0].destination, "/proc") == 0);
  CHECK (cfg.mounts[1].opts.bind && (cfg.mounts[1].opts.flags & MS_RDONLY));
  CHECK (cfg.clone_flags == (CLONE_NEWPID | CLONE_NEWNS) && cfg.cgroup_ns);
  CHECK (cfg.n_joins == 1 && cfg.joins[0].clone_flag == CLONE_NEWNET);
  CHECK (cfg.n_masked_paths == 1 && cfg.n_readonly_paths == 1);
  CHECK (cfg.n_devices == 1 && cfg.devices[0].type == S_IFCHR && cfg.devices[0].minor == 229);
  CHECK (cfg.devices[0].mode == 0666);
  CHECK (cfg.n_sysctl == 1 && strcmp (cfg.sysctl[0].value, "1") == 0);
  CHECK (cfg.rootfs_propagation == (MS_SLAVE | MS_REC));
  CHECK (cfg.has_device_rules && cfg.n_device_rules == 3);
  CHECK (!cfg.device_rules[0].allow && cfg.device_rules[0].type == 'a' && cfg.device_rules[0].major == -1);
  CHECK (cfg.device_rules[0].access == ISLE_DEV_ALL);
  CHECK (cfg.device_rules[1].allow && cfg.device_rules[1].type == 'c' && cfg.device_rules[1].major == 136);
  CHECK (cfg.device_rules[1].minor == -1 && cfg.device_rules[1].access == (ISLE_DEV_READ | ISLE_DEV_WRITE));
  CHECK (cfg.device_rules[2].type == 'b' && cfg.device_rules[2].minor == -1 && cfg.device_rules[2].access == ISLE_DEV_MKNOD);
  isle_config_free (&cfg);
}

/* No linux.resources.devices: no rules and no filter; an empty list is a filter that denies everything. */
static void
test_device_rules_absent (void)
{
  isle_config_t cfg;
  isle_err_t err = { 0 };

  CHECK (parse ("{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},"
                "\"linux\":{\"resources\":{}}}", &cfg, &err) == 0);
  CHECK (!cfg.has_device_rules && cfg.n_device_rules == 0);
  isle_config_free (&cfg);
  CHECK (parse ("{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},"
                "\"linux\":{\"resources\":{\"devices\":[]}}}", &cfg, &err) == 0);
  CHECK (cfg.has_device_rules && cfg.n_device_rules == 0);
  isle_config_free (&cfg);
}

/* Each invalid document must fail at stage "config" with a message that names the field. */
static void
test_errors (void)
{
  static const struct
  {
    const char *json, *expect;
  } cases[] = {
    { "[]", "config.json: must hold a JSON object" },
    { "{\"ociVersion\":\"1\",", "malformed JSON" },
    { "{\"process\":{}}", "ociVersion: is required" },
    { "{\"ociVersion\":\"1\"}", "process: is required" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[]}}", "process.args: must name the command to run" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\",2]}}", "process.args[1]: must be a string" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"],\"terminal\":1}}", "process.terminal: must be true or false" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"],\"cwd\":\"rel\"}}", "process.cwd: must be an absolute path" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"],\"user\":{\"uid\":-1}}}", "process.user.uid: must be an integer" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"],\"capabilities\":{\"bounding\":[\"CAP_FLY\"]}}}",
      "process.capabilities.bounding: unknown capability \"CAP_FLY\"" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"],\"rlimits\":[{\"type\":\"RLIMIT_X\",\"hard\":1,\"soft\":1}]}}",
      "process.rlimits[0].type: unknown rlimit" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"],\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1,\"soft\":2}]}}",
      "process.rlimits[0]: soft must not exceed hard" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"],\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":5,\"soft\":-1}]}}",
      "process.rlimits[0]: soft must not exceed hard" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"],\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":-2,\"soft\":1}]}}",
      "process.rlimits[0].hard: must be an integer" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"],\"oomScoreAdj\":1001}}", "process.oomScoreAdj: must be an integer" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"],\"consoleSize\":{\"height\":3}}}",
      "process.consoleSize: needs both height and width" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"],\"consoleSize\":{\"height\":3,\"width\":70000}}}",
      "process.consoleSize.width: must be an integer" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]}}", "root: is required" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":3}}", "root.path: must be a string" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},\"mounts\":[{\"destination\":\"x\",\"type\":\"proc\"}]}",
      "mounts[0].destination: must be an absolute path" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},\"mounts\":[{\"destination\":\"/x\"}]}",
      "mounts[0]: needs a type (or the bind option)" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},\"mounts\":[{\"destination\":\"/x\",\"type\":\"bind\"}]}",
      "mounts[0]: a bind mount needs a source" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},\"linux\":{\"namespaces\":[{\"type\":\"user\"}]}}",
      "linux.namespaces[0].type: unsupported namespace type" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"pid\"}]}}",
      "linux.namespaces[1]: namespace listed twice" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},\"linux\":{\"namespaces\":[{\"type\":\"pid\",\"path\":\"/p\"}]}}",
      "linux.namespaces[0].path: joining an existing namespace is supported for network, uts and ipc only" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\"}]}}",
      "linux.devices[0].major: is required" },
#define RES(DEVICES)                                                                                               \
  "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},\"linux\":{\"resources\":" DEVICES "}}"
    { RES ("[]"), "linux.resources: must be an object" },
    { RES ("{\"devices\":{}}"), "linux.resources.devices: must be an array" },
    { RES ("{\"devices\":[1]}"), "linux.resources.devices[0]: must be an object" },
    { RES ("{\"devices\":[{\"access\":\"r\"}]}"), "linux.resources.devices[0].allow: is required" },
    { RES ("{\"devices\":[{\"allow\":1}]}"), "linux.resources.devices[0].allow: must be true or false" },
    { RES ("{\"devices\":[{\"allow\":true},{\"allow\":true,\"type\":\"p\"}]}"),
      "linux.resources.devices[1].type: must be \"a\", \"c\" or \"b\"" },
    { RES ("{\"devices\":[{\"allow\":true,\"major\":-2}]}"),
      "linux.resources.devices[0].major: must be an integer from -1 to 4095" },
    { RES ("{\"devices\":[{\"allow\":true,\"minor\":\"3\"}]}"), "linux.resources.devices[0].minor: must be an integer" },
    { RES ("{\"devices\":[{\"allow\":true,\"access\":\"rx\"}]}"),
      "linux.resources.devices[0].access: must hold only the letters r, w and m" },
    { RES ("{\"devices\":[{\"allow\":true,\"access\":\"\"}]}"), "linux.resources.devices[0].access: must not be empty" },
    { RES ("{\"devices\":[{\"allow\":true,\"access\":\"rr\"}]}"), "linux.resources.devices[0].access: lists a letter twice" },
#undef RES
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},\"linux\":{\"sysctl\":{\"a.b\":1}}}",
      "linux.sysctl.a.b: must be a string" },
    { "{\"ociVersion\":\"1\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"r\"},\"linux\":{\"rootfsPropagation\":\"sideways\"}}",
      "linux.rootfsPropagation: must be a propagation" },
  };

  for (size_t i = 0; i < sizeof (cases) / sizeof (cases[0]); i++)
    {
      isle_config_t cfg;
      isle_err_t err = { 0 };
      int ret = parse (cases[i].json, &cfg, &err);

      CHECK (ret < 0);
      CHECK (err.stage != NULL && strcmp (err.stage, "config") == 0);
      if (strstr (err.message, cases[i].expect) == NULL)
        {
          fprintf (stderr, "case %zu: got \"%s\", want \"%s\"\n", i, err.message, cases[i].expect);
          check_failures++;
        }
      isle_config_free (&cfg);
    }
}

int
main (void)
{
  test_full ();
  test_device_rules_absent ();
  test_errors ();
  return check_done ("config");
}
