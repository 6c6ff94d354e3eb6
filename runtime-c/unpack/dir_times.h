/*
 * Directory mtimes are set after the last entry: creating anything inside a directory would bump it again.
 * Paths are looked up afresh at the end, refusing symlinks, so a directory replaced by a later entry is
 * simply skipped.
 */
#ifndef ISLE_UNPACK_DIR_TIMES_H
#define ISLE_UNPACK_DIR_TIMES_H

#include "error.h"
#include "root.h"

#include <stddef.h>
#include <time.h>

typedef struct dir_time
{
  char *path;
  struct timespec mtime;
} dir_time_t;

typedef struct dir_times
{
  dir_time_t *items;
  size_t count, cap;
} dir_times_t;

int dir_times_add (dir_times_t *times, const char *path, struct timespec mtime, isle_err_t *err);
int dir_times_apply (dir_times_t *times, root_t *root, isle_err_t *err);
void dir_times_free (dir_times_t *times);

#endif
