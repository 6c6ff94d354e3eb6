/* The last two stages: enter process.cwd, then exec process.args with PATH taken from process.env. */
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "stages.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

int
isle_cwd_enter (const isle_config_t *cfg, isle_err_t *err)
{
  if (chdir (cfg->cwd) < 0)
    return isle_err (err, "cwd", errno, "chdir to %s", cfg->cwd);
  return 0;
}

static const char *
env_path (char *const *env)
{
  for (; *env != NULL; env++)
    if (strncmp (*env, "PATH=", 5) == 0)
      return *env + 5;
  return DEFAULT_PATH;
}

/* execvpe's search, but over the container's PATH rather than ours. */
int
isle_exec (const isle_config_t *cfg, isle_err_t *err)
{
  const char *file = cfg->args[0];
  const char *dir = env_path (cfg->env);
  bool denied = false;

  if (*file == '\0')
    return isle_err (err, "exec", ENOENT, "exec \"\"");
  if (strchr (file, '/') != NULL)
    {
      execve (file, cfg->args, cfg->env);
      return isle_err (err, "exec", errno, "exec \"%s\"", file);
    }
  for (;;)
    {
      const char *end = strchrnul (dir, ':');
      size_t dir_len = (size_t) (end - dir);
      char path[PATH_MAX];

      if (dir_len + 1 + strlen (file) < sizeof (path))
        {
          memcpy (path, dir_len ? dir : ".", dir_len ? dir_len : 1);
          path[dir_len ? dir_len : 1] = '/';
          strcpy (path + (dir_len ? dir_len : 1) + 1, file);
          execve (path, cfg->args, cfg->env);
          if (errno == EACCES)
            denied = true;
          else if (errno != ENOENT && errno != ENOTDIR && errno != ELOOP && errno != ENAMETOOLONG)
            return isle_err (err, "exec", errno, "exec \"%s\"", path);
        }
      if (*end == '\0')
        break;
      dir = end + 1;
    }
  if (denied)
    return isle_err (err, "exec", EACCES, "exec \"%s\"", file);
  return isle_err (err, "exec", ENOENT, "exec \"%s\" (searched $PATH)", file);
}
