/*
 * `-u name[:group]` as Docker resolves it, from the container's own /etc/passwd and /etc/group.
 *
 * This runs in the child after setns(mnt), so "/" is the container's rootfs; the files are opened with
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) all the same, so an image's symlinks can never lead outside
 * it, and they must be regular files of bounded size (a FIFO cannot block us). They are parsed with
 * fgetpwent_r/fgetgrent_r, which read a stream and never load NSS modules from the container.
 *
 *   uid:   the passwd entry's (by name), else process.user.uid
 *   gid:   the group named by groupname, else process.user.gid when given, else the passwd entry's, else 0
 *   groups: process.user.additionalGids when given, else every /etc/group entry listing the user
 *   HOME:  the passwd entry's home (or "/") unless process.env sets it
 */
#include <fcntl.h>
#include <grp.h>
#include <linux/openat2.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec.h"

#define ETC_FILE_MAX (4u << 20)
#define ENTRY_BUF 16384

static void
free_buf (char **p)
{
  free (*p);
}
#define cleanup_buf __attribute__ ((cleanup (free_buf)))

/* The container's /etc file as a stream, or *out = NULL when it does not exist. */
static int
open_etc (const char *path, FILE **out, isle_err_t *err)
{
  struct open_how how = { .flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
                          .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
  cleanup_close int root = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  struct stat st;
  int fd;

  *out = NULL;
  if (root < 0)
    return isle_err (err, "user", errno, "open the container's root");
  fd = (int) syscall (SYS_openat2, root, path, &how, sizeof (how));
  if (fd < 0 && errno == ENOENT)
    return 0;
  if (fd < 0)
    return isle_err (err, "user", errno, "open %s", path);
  if (fstat (fd, &st) < 0)
    {
      int saved = errno;
      close (fd);
      return isle_err (err, "user", saved, "stat %s", path);
    }
  if (!S_ISREG (st.st_mode) || st.st_size > ETC_FILE_MAX)
    {
      close (fd);
      return isle_err (err, "user", EINVAL, "%s must be a regular file of at most %u bytes", path, ETC_FILE_MAX);
    }
  *out = fdopen (fd, "re");
  if (*out == NULL)
    {
      int saved = errno;
      close (fd);
      return isle_err (err, "user", saved, "read %s", path);
    }
  return 0;
}

/* Finds the passwd entry by name (or by uid when name is NULL); *found tells whether there was one. */
static int
find_passwd (const char *name, uid_t uid, struct passwd *pw, char *buf, bool *found, isle_err_t *err)
{
  struct passwd *res;
  FILE *f;
  int ret;

  *found = false;
  if (open_etc ("/etc/passwd", &f, err) < 0)
    return -1;
  if (f == NULL)
    return 0;
  while ((ret = fgetpwent_r (f, pw, buf, ENTRY_BUF, &res)) == 0)
    if (name != NULL ? strcmp (pw->pw_name, name) == 0 : pw->pw_uid == uid)
      {
        *found = true;
        break;
      }
  fclose (f);
  if (ret != 0 && ret != ENOENT)
    return isle_err (err, "user", ret, "read /etc/passwd");
  return 0;
}

static int
add_gid (gid_t **gids, size_t *n, gid_t gid, isle_err_t *err)
{
  gid_t *grown;

  for (size_t i = 0; i < *n; i++)
    if ((*gids)[i] == gid)
      return 0;
  if (*n >= 65536)
    return isle_err (err, "user", E2BIG, "the user is in more than 65536 groups");
  grown = realloc (*gids, (*n + 1) * sizeof (gid_t));
  if (grown == NULL)
    return isle_err (err, "user", errno, "listing the user's groups");
  grown[(*n)++] = gid;
  *gids = grown;
  return 0;
}

/* One pass over /etc/group: the gid of `groupname` (when asked) and the groups listing `member` (when not NULL). */
static int
scan_groups (const char *groupname, gid_t *gid, bool *group_found, const char *member, isle_config_t *cfg,
             isle_err_t *err)
{
  cleanup_buf char *buf = malloc (ENTRY_BUF);
  struct group gr, *res;
  FILE *f = NULL;
  int ret = 0;

  *group_found = false;
  if (buf == NULL)
    return isle_err (err, "user", errno, "read /etc/group");
  if (open_etc ("/etc/group", &f, err) < 0)
    ret = -1;
  while (ret == 0 && f != NULL && (ret = fgetgrent_r (f, &gr, buf, ENTRY_BUF, &res)) == 0)
    {
      if (groupname != NULL && !*group_found && strcmp (gr.gr_name, groupname) == 0)
        *gid = gr.gr_gid, *group_found = true;
      for (char **m = gr.gr_mem; member != NULL && *m != NULL; m++)
        if (strcmp (*m, member) == 0 && add_gid (&cfg->additional_gids, &cfg->n_additional_gids, gr.gr_gid, err) < 0)
          {
            ret = -1;
            break;
          }
    }
  if (ret > 0 && ret != ENOENT)
    ret = isle_err (err, "user", ret, "read /etc/group");
  else if (ret > 0)
    ret = 0;
  if (f != NULL)
    fclose (f);
  return ret;
}

static int
set_home (isle_config_t *cfg, const char *home, isle_err_t *err)
{
  size_t n = 0;
  char **env;

  for (; cfg->env[n] != NULL; n++)
    if (strncmp (cfg->env[n], "HOME=", 5) == 0)
      return 0;
  env = calloc (n + 2, sizeof (char *));
  if (env == NULL || asprintf (&env[n], "HOME=%s", home) < 0)
    return isle_err (err, "user", ENOMEM, "set HOME");
  memcpy (env, cfg->env, n * sizeof (char *));
  cfg->env = env; /* the old array is the config's; this process execs or exits soon */
  return 0;
}

int
exec_user_resolve (exec_process_t *proc, isle_err_t *err)
{
  isle_config_t *cfg = &proc->cfg;
  const exec_user_request_t *req = &proc->user;
  cleanup_buf char *buf = malloc (ENTRY_BUF); /* the passwd entry's strings live here */
  struct passwd pw;
  bool found, group_found;
  gid_t named_gid = 0;

  if (buf == NULL)
    return isle_err (err, "user", errno, "read /etc/passwd");
  if (find_passwd (req->username, cfg->uid, &pw, buf, &found, err) < 0)
    return -1;
  if (req->username != NULL && !found)
    return isle_err (err, "user", 0, "unable to find user %s: no matching entries in the container's /etc/passwd",
                     req->username);
  if (found)
    cfg->uid = pw.pw_uid;
  if (!req->has_gid && req->groupname == NULL)
    cfg->gid = found ? pw.pw_gid : 0;
  if (scan_groups (req->groupname, &named_gid, &group_found, found && !req->has_additional_gids ? pw.pw_name : NULL,
                   cfg, err) < 0)
    return -1;
  if (req->groupname != NULL && !group_found)
    return isle_err (err, "user", 0, "unable to find group %s: no matching entries in the container's /etc/group",
                     req->groupname);
  if (req->groupname != NULL)
    cfg->gid = named_gid;
  return set_home (cfg, found && pw.pw_dir[0] == '/' ? pw.pw_dir : "/", err);
}
