/* Reading a small file whole (config.json, a process spec), with one error convention. */
#ifndef ISLE_FILE_H
#define ISLE_FILE_H

#include <stddef.h>

#include "error.h"

/* Reads the regular file at `path` (at most `max_bytes`) into a malloc'd, NUL-terminated buffer the caller frees.
   Errors carry `stage`. Returns 0 or -1. */
int isle_read_file (const char *path, size_t max_bytes, const char *stage, char **out, size_t *len, isle_err_t *err);

/* Writes all n bytes to fd, retrying short writes and EINTR. Errors carry `stage` and say "writing <what>". */
int isle_write_all (int fd, const void *data, size_t n, const char *stage, const char *what, isle_err_t *err);

#endif
