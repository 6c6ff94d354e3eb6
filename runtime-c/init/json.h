/*
 * A small, allocation-light JSON tokenizer in the style of jsmn.
 *
 * The document is parsed in place: string values are unescaped inside the caller's buffer and NUL-terminated,
 * so every string token can be used directly as a C string for as long as the buffer lives. The only
 * allocation is the token array (grown by doubling).
 *
 * Tokens are stored in document order. A container's children follow it; `next` is the index just past its
 * whole subtree, so skipping a value is O(1). Object members are a STRING key token followed by its value.
 */
#ifndef ISLE_JSON_H
#define ISLE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef enum isle_json_type
{
  ISLE_JSON_OBJECT = 1,
  ISLE_JSON_ARRAY,
  ISLE_JSON_STRING,
  ISLE_JSON_NUMBER,
  ISLE_JSON_BOOL,
  ISLE_JSON_NULL,
} isle_json_type_t;

typedef struct isle_json_tok
{
  isle_json_type_t type;
  uint32_t start;   /* byte offset of the value (for strings: the unescaped, NUL-terminated text) */
  uint32_t len;     /* length in bytes (strings: unescaped length) */
  uint32_t size;    /* objects: number of members; arrays: number of elements */
  uint32_t next;    /* index of the first token after this value's subtree */
} isle_json_tok_t;

typedef struct isle_json
{
  char *buf;
  isle_json_tok_t *toks;
  size_t ntoks;
  size_t cap;
} isle_json_t;

/* Parse buf[0..len) in place (buf must have room for len + 1 bytes). Errors carry `stage`. */
int isle_json_parse (isle_json_t *doc, char *buf, size_t len, const char *stage, isle_err_t *err);
void isle_json_free (isle_json_t *doc);

/* Index of the value of `key` in the object at `obj`, or -1 when absent (or `obj` is not an object). */
int isle_json_get (const isle_json_t *doc, int obj, const char *key);

/* The string at `idx` (NULL when the token is not a string). */
const char *isle_json_str (const isle_json_t *doc, int idx);

/* Integer value at idx: returns 0, or -1 when the token is not an integer number within range. */
int isle_json_int (const isle_json_t *doc, int idx, long long *out);

static inline bool
isle_json_is (const isle_json_t *doc, int idx, isle_json_type_t type)
{
  return idx >= 0 && doc->toks[idx].type == type;
}

/* Iterate the elements of an array (or the keys of an object): `for (i = first(a); i >= 0; i = after(a, i))`. */
int isle_json_first (const isle_json_t *doc, int container);
int isle_json_after (const isle_json_t *doc, int container, int child);

#endif
