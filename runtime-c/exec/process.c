/*
 * The process file: an OCI `process` object (config.json's field names). It is validated by init/'s config
 * parser, wrapped as the only interesting member of a minimal config, so exec and run accept exactly the same
 * fields with the same messages ("process.user.uid: must be an integer ..."). The file is first parsed on its
 * own, so only a single JSON object can be wrapped (nothing can smuggle extra top-level members in).
 *
 * Islander's extensions, read here: process.user.username and process.user.groupname (names to resolve inside
 * the container, see user.c).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec.h"
#include "file.h"
#include "json.h"

#define PROCESS_MAX_BYTES (4u << 20)
#define WRAP_HEAD "{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"/\"},\"process\":"
#define WRAP_TAIL "}"

/* The file must hold exactly one JSON object (the parser refuses trailing data). */
static int
check_single_object (const char *text, size_t len, isle_err_t *err)
{
  char *copy = malloc (len + 1);
  isle_json_t doc;
  int ret;

  if (copy == NULL)
    return isle_err (err, "config", errno, "process file");
  memcpy (copy, text, len);
  if (isle_json_parse (&doc, copy, len, "config", err) < 0)
    ret = isle_err_wrap (err, "process file");
  else if (!isle_json_is (&doc, 0, ISLE_JSON_OBJECT))
    ret = isle_err (err, "config", 0, "process file: must hold a JSON object");
  else
    ret = 0;
  isle_json_free (&doc); /* isle_json_parse initialises doc even when it fails */
  free (copy);
  return ret;
}

static int
read_user_extension (exec_process_t *proc, isle_err_t *err)
{
  const isle_json_t *doc = &proc->cfg.doc;
  int user = isle_json_get (doc, isle_json_get (doc, 0, "process"), "user");
  int name = isle_json_get (doc, user, "username"), group = isle_json_get (doc, user, "groupname");

  proc->user = (exec_user_request_t){
    .has_gid = isle_json_get (doc, user, "gid") >= 0,
    .has_additional_gids = isle_json_get (doc, user, "additionalGids") >= 0,
  };
  if (name >= 0 && (proc->user.username = isle_json_str (doc, name)) == NULL)
    return isle_err (err, "config", 0, "process.user.username: must be a string");
  if (group >= 0 && (proc->user.groupname = isle_json_str (doc, group)) == NULL)
    return isle_err (err, "config", 0, "process.user.groupname: must be a string");
  if ((proc->user.username != NULL && proc->user.username[0] == '\0')
      || (proc->user.groupname != NULL && proc->user.groupname[0] == '\0'))
    return isle_err (err, "config", 0, "process.user: a user or group name must not be empty");
  return 0;
}

int
exec_process_load (const char *path, exec_process_t *proc, isle_err_t *err)
{
  char *text = NULL, *wrapped;
  size_t len = 0, wrapped_len;

  if (isle_read_file (path, PROCESS_MAX_BYTES, "config", &text, &len, err) < 0)
    return -1;
  if (check_single_object (text, len, err) < 0)
    {
      free (text);
      return -1;
    }
  wrapped_len = strlen (WRAP_HEAD) + len + strlen (WRAP_TAIL);
  wrapped = malloc (wrapped_len + 1);
  if (wrapped == NULL)
    {
      free (text);
      return isle_err (err, "config", errno, "process file");
    }
  memcpy (wrapped, WRAP_HEAD, strlen (WRAP_HEAD));
  memcpy (wrapped + strlen (WRAP_HEAD), text, len);
  memcpy (wrapped + strlen (WRAP_HEAD) + len, WRAP_TAIL, strlen (WRAP_TAIL) + 1);
  free (text);
  /* On success the config owns `wrapped` (its strings point into it). */
  if (isle_config_parse (wrapped, wrapped_len, "/", &proc->cfg, err) < 0)
    return -1;
  return read_user_extension (proc, err);
}
