/* process.cwd (created while the rootfs is being built, entered at the end), then exec process.args with PATH
   taken from process.env. */
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stages.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* As Docker and runc do, a working directory the image lacks is created, root's and 0755, after pivot_root (the
   path resolves inside the container's root) and before a read-only rootfs is remounted. */
int
isle_cwd_create (const isle_config_t *cfg, isle_err_t *err)
{
  char path[PATH_MAX];
  size_t len = strlen (cfg->cwd);
  struct stat st;

  if (strcmp (cfg->cwd, "/") == 0 || stat (cfg->cwd, &st) == 0)
    return 0; /* there (a file in its place fails to be entered, as it should) */
  if (len >= sizeof (path))
    return isle_err (err, "cwd", ENAMETOOLONG, "creating the working directory %s", cfg->cwd);
  memcpy (path, cfg->cwd, len + 1);
  for (char *p = path + 1;; p++)
    {
      if (*p != '/' && *p != '\0')
        continue;
      char end = *p;
      *p = '\0';
      if (mkdir (path, 0755) < 0 && errno != EEXIST)
        return isle_err (err, "cwd", errno, "creating the working directory %s", path);
      *p = end;
      if (end == '\0')
        return 0;
    }
}

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
