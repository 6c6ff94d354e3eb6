/*
 * Typed readers for config.json validation: each reads one key of an object, checks its JSON type and range,
 * and fails with a "config" stage error naming the field ("process.user.uid: must be an integer ...").
 * Absent optional keys leave the output untouched.
 */
#ifndef ISLE_CONFIG_READER_H
#define ISLE_CONFIG_READER_H

#include <stdbool.h>

#include "config.h"

#define ISLE_FIELD_MAX 160

typedef struct isle_cfg_reader
{
  isle_json_t *doc;
  isle_err_t *err;
} reader_t;

/* "mounts[2]" + "destination" -> "mounts[2].destination" (truncated to fit). */
const char *isle_cfg_field (char out[ISLE_FIELD_MAX], const char *parent, const char *key);

int isle_cfg_bad (reader_t *r, const char *field, const char *what);
void *isle_cfg_alloc_array (reader_t *r, size_t n, size_t size, const char *field);
int isle_cfg_get_string (reader_t *r, int obj, const char *key, const char *field, bool required, const char **out);
int isle_cfg_get_bool (reader_t *r, int obj, const char *key, const char *field, bool *out);
int isle_cfg_get_int (reader_t *r, int obj, const char *key, const char *field, long long min, long long max,
                      long long *out, bool *present);
int isle_cfg_get_object (reader_t *r, int obj, const char *key, const char *field, bool required, int *out);
int isle_cfg_get_array (reader_t *r, int obj, const char *key, const char *field, int *out);
/* An optional array of strings, returned NULL-terminated (malloc'd; NULL when absent). */
int isle_cfg_get_strings (reader_t *r, int obj, const char *key, const char *field, const char ***out, size_t *n);

/* The "linux" section (config_linux.c); linux_obj may be -1. */
int isle_config_parse_linux (reader_t *r, int linux_obj, isle_config_t *cfg);

/* linux.resources (config_resources.c): the device rules; the control plane applies the other limits itself. */
int isle_config_parse_resources (reader_t *r, int linux_obj, isle_config_t *cfg);

#endif
