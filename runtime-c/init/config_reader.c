#include "config_reader.h"

#include <stdio.h>
#include <stdlib.h>

int
isle_cfg_bad (reader_t *r, const char *field, const char *what)
{
  return isle_err (r->err, "config", 0, "%s: %s", field, what);
}

void *
isle_cfg_alloc_array (reader_t *r, size_t n, size_t size, const char *field)
{
  void *p = calloc (n + 1, size); /* +1: room for a NULL terminator, and never calloc(0) */

  if (p == NULL)
    isle_err (r->err, "config", errno, "%s: out of memory", field);
  return p;
}

int
isle_cfg_get_string (reader_t *r, int obj, const char *key, const char *field, bool required, const char **out)
{
  int v = isle_json_get (r->doc, obj, key);

  if (v < 0)
    return required ? isle_cfg_bad (r, field, "is required") : 0;
  if (!isle_json_is (r->doc, v, ISLE_JSON_STRING))
    return isle_cfg_bad (r, field, "must be a string");
  *out = isle_json_str (r->doc, v);
  return 0;
}

int
isle_cfg_get_bool (reader_t *r, int obj, const char *key, const char *field, bool *out)
{
  int v = isle_json_get (r->doc, obj, key);

  if (v < 0)
    return 0;
  if (!isle_json_is (r->doc, v, ISLE_JSON_BOOL))
    return isle_cfg_bad (r, field, "must be true or false");
  *out = r->doc->buf[r->doc->toks[v].start] == 't';
  return 0;
}

/* An integer in [min, max]; *present tells whether the key was there. */
int
isle_cfg_get_int (reader_t *r, int obj, const char *key, const char *field, long long min, long long max, long long *out,
         bool *present)
{
  int v = isle_json_get (r->doc, obj, key);

  *present = v >= 0;
  if (v < 0)
    return 0;
  if (isle_json_int (r->doc, v, out) < 0 || *out < min || *out > max)
    {
      char what[96];
      snprintf (what, sizeof (what), "must be an integer from %lld to %lld", min, max);
      return isle_cfg_bad (r, field, what);
    }
  return 0;
}

int
isle_cfg_get_object (reader_t *r, int obj, const char *key, const char *field, bool required, int *out)
{
  int v = isle_json_get (r->doc, obj, key);

  *out = -1;
  if (v < 0)
    return required ? isle_cfg_bad (r, field, "is required") : 0;
  if (!isle_json_is (r->doc, v, ISLE_JSON_OBJECT))
    return isle_cfg_bad (r, field, "must be an object");
  *out = v;
  return 0;
}

int
isle_cfg_get_array (reader_t *r, int obj, const char *key, const char *field, int *out)
{
  int v = isle_json_get (r->doc, obj, key);

  *out = -1;
  if (v < 0)
    return 0;
  if (!isle_json_is (r->doc, v, ISLE_JSON_ARRAY))
    return isle_cfg_bad (r, field, "must be an array");
  *out = v;
  return 0;
}

/* An optional array of strings, returned NULL-terminated. */
int
isle_cfg_get_strings (reader_t *r, int obj, const char *key, const char *field, const char ***out, size_t *n)
{
  int arr, i;
  size_t k = 0;

  *out = NULL;
  *n = 0;
  if (isle_cfg_get_array (r, obj, key, field, &arr) < 0)
    return -1;
  if (arr < 0)
    return 0;
  *out = isle_cfg_alloc_array (r, r->doc->toks[arr].size, sizeof (char *), field);
  if (*out == NULL)
    return -1;
  for (i = isle_json_first (r->doc, arr); i >= 0; i = isle_json_after (r->doc, arr, i))
    {
      if (!isle_json_is (r->doc, i, ISLE_JSON_STRING))
        {
          char f[ISLE_FIELD_MAX];
          snprintf (f, sizeof (f), "%s[%zu]", field, k);
          return isle_cfg_bad (r, f, "must be a string");
        }
      (*out)[k++] = isle_json_str (r->doc, i);
    }
  *n = k;
  return 0;
}

const char *
isle_cfg_field (char out[ISLE_FIELD_MAX], const char *parent, const char *key)
{
  snprintf (out, ISLE_FIELD_MAX, "%s.%s", parent, key);
  return out;
}
