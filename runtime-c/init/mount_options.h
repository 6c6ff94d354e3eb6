/*
 * The OCI mount option table: "ro", "nosuid", "rprivate", "bind", ... become mount(2) flags; anything the
 * table does not know ("mode=755", "size=65536k", "lowerdir=...") joins the comma-separated data string.
 */
#ifndef ISLE_MOUNT_OPTIONS_H
#define ISLE_MOUNT_OPTIONS_H

#include <stdbool.h>

#include "error.h"

typedef struct isle_mount_opts
{
  unsigned long flags;        /* MS_RDONLY, MS_NOSUID, ..., MS_BIND|MS_REC for binds */
  unsigned long propagation;  /* 0 or one of MS_PRIVATE/MS_SLAVE/MS_SHARED/MS_UNBINDABLE, maybe | MS_REC */
  bool bind;                  /* "bind" or "rbind" */
  char *data;                 /* NULL when there is no data; malloc'd otherwise */
} isle_mount_opts_t;

/* Translate options[0..n) (field is the config path used in error messages). Errors use stage "config". */
int isle_mount_opts_parse (const char *const *options, size_t n, const char *field, isle_mount_opts_t *out,
                           isle_err_t *err);

/* Translate a propagation word alone ("rprivate", "slave", ...); returns 0 or -1 when it is not one. */
int isle_propagation_from_name (const char *name, unsigned long *out);

#endif
