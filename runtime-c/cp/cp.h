/*
 * isle-cp: Islander's way into a container's filesystem for `cp`, `export` and `commit`. Every path is resolved
 * inside a root fd with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) and final components are never followed,
 * so a container's symlinks (`/escape -> /`, `..` chains) cannot lead a copy to the host's files.
 *
 *   main: parse_args → cp_open_root (a host directory, a running container's /proc/PID/root, or a stopped
 *   container's overlay mounted detached with fsmount) → one mode: stat, archive (tar to stdout) or extract
 *   (tar from stdin, through isle-unpack's extractor) → one JSON line on stderr.
 *
 * See PROTOCOL.md, "isle-cp".
 */
#ifndef ISLE_CP_CP_H
#define ISLE_CP_CP_H

#include "error.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define CP_MAX_LOWER 128

typedef enum cp_mode
{
  CP_MODE_NONE,
  CP_MODE_STAT,
  CP_MODE_ARCHIVE,
  CP_MODE_EXTRACT,
} cp_mode_t;

typedef struct cp_options
{
  /* The root: exactly one of root_dir, pid, or upper (+ work + lowers). */
  const char *root_dir;
  pid_t pid;
  const char *lower[CP_MAX_LOWER]; /* top first, as overlayfs' lowerdir */
  size_t n_lower;
  const char *upper;
  const char *work;

  cp_mode_t mode;
  const char *path; /* inside the root */
  const char *name; /* archive: the name PATH gets in the tar */
  bool contents;    /* archive: PATH's children only, named NAME/child (or child when NAME is "") */
  bool has_owner;   /* archive: every entry gets owner uid:gid */
  uid_t uid;
  gid_t gid;
  bool one_file_system; /* archive: mount points are written empty (export of a running container) */
  bool whiteouts;       /* archive: overlay whiteouts and opaque dirs become OCI .wh. entries (commit) */
  bool xattrs;          /* archive: xattrs as pax SCHILY.xattr records (trusted.overlay.* never) */
  bool follow;          /* stat: follow a final symlink (inside the root) */
} cp_options_t;

int cp_parse_args (int argc, char **argv, cp_options_t *opts, isle_err_t *err);

/* A directory fd for the root (O_RDONLY | O_DIRECTORY, or fsmount's mount fd); the caller closes it. */
int cp_open_root (const cp_options_t *opts, isle_err_t *err);

/* Opens PATH below root_fd; its final component is followed (inside the root) only with `follow`. */
int cp_open_in_root (int root_fd, const char *path, int flags, bool follow, isle_err_t *err);

typedef struct cp_archive_stats
{
  uint64_t entries;
  uint64_t bytes;
} cp_archive_stats_t;

/* Writes PATH (see cp_options_t) as a tar stream to out_fd. */
int cp_archive (int root_fd, const cp_options_t *opts, int out_fd, cp_archive_stats_t *stats, isle_err_t *err);

/* Prints the stat line of PATH on fd (a final symlink is followed inside the root with `follow`). */
int cp_stat (int root_fd, const char *path, bool follow, int fd, isle_err_t *err);

#endif
