#include "pax.h"

#include <stdlib.h>
#include <string.h>

#define XATTR_PREFIX "SCHILY.xattr."

static int
parse_decimal (const char *s, size_t len, uint64_t *out)
{
  uint64_t value = 0;
  if (len == 0)
    return -1;
  for (size_t i = 0; i < len; i++)
    {
      if (s[i] < '0' || s[i] > '9' || value > (UINT64_MAX - 9) / 10)
        return -1;
      value = value * 10 + (uint64_t) (s[i] - '0');
    }
  *out = value;
  return 0;
}

int
pax_parse_time (const char *value, size_t len, int64_t *sec, long *nsec, isle_err_t *err)
{
  bool negative = len > 0 && value[0] == '-';
  const char *digits = value + negative;
  size_t digits_len = len - negative;
  const char *dot = memchr (digits, '.', digits_len);
  size_t whole_len = dot ? (size_t) (dot - digits) : digits_len;
  uint64_t whole;
  long fraction = 0;

  if (parse_decimal (digits, whole_len, &whole) < 0 || whole > INT64_MAX)
    return isle_err (err, "archive", 0, "invalid pax time '%.*s'", (int) (len > 40 ? 40 : len), value);
  if (dot)
    {
      size_t frac_len = digits_len - whole_len - 1;
      for (size_t i = 0; i < frac_len; i++)
        {
          char c = dot[1 + i];
          if (c < '0' || c > '9')
            return isle_err (err, "archive", 0, "invalid pax time fraction");
          if (i < 9)
            fraction = fraction * 10 + (c - '0');
        }
      for (size_t i = frac_len; i < 9; i++)
        fraction *= 10;
    }
  *sec = negative ? -(int64_t) whole : (int64_t) whole;
  *nsec = fraction;
  if (negative && fraction > 0)
    {
      /* -1.25 is 1.25 s before the epoch: -2 s + 0.75 s. */
      *sec -= 1;
      *nsec = 1000000000L - fraction;
    }
  return 0;
}

static int
set_string (char **slot, const char *value, size_t len, const char *key, isle_err_t *err)
{
  free (*slot);
  *slot = NULL;
  if (len == 0)
    return 0;
  if (memchr (value, '\0', len) != NULL)
    return isle_err (err, "archive", 0, "pax %s contains a NUL byte", key);
  *slot = strndup (value, len);
  if (*slot == NULL)
    return isle_err (err, "archive", ENOMEM, "pax %s", key);
  return 0;
}

static int
set_id (bool *has, int64_t *slot, const char *value, size_t len, const char *key, isle_err_t *err)
{
  uint64_t parsed;
  *has = len > 0;
  if (len == 0)
    return 0;
  if (parse_decimal (value, len, &parsed) < 0 || parsed > INT64_MAX)
    return isle_err (err, "archive", 0, "invalid pax %s", key);
  *slot = (int64_t) parsed;
  return 0;
}

static int
apply_record (pax_attrs_t *attrs, const char *key, size_t key_len, const char *value, size_t len, isle_err_t *err)
{
#define KEY_IS(k) (key_len == sizeof (k) - 1 && memcmp (key, k, key_len) == 0)
  if (KEY_IS ("path"))
    return set_string (&attrs->path, value, len, "path", err);
  if (KEY_IS ("linkpath"))
    return set_string (&attrs->linkpath, value, len, "linkpath", err);
  if (KEY_IS ("uid"))
    return set_id (&attrs->has_uid, &attrs->uid, value, len, "uid", err);
  if (KEY_IS ("gid"))
    return set_id (&attrs->has_gid, &attrs->gid, value, len, "gid", err);
  if (KEY_IS ("size"))
    {
      attrs->has_size = len > 0;
      if (len > 0 && (parse_decimal (value, len, &attrs->size) < 0 || attrs->size > INT64_MAX))
        return isle_err (err, "archive", 0, "invalid pax size");
      return 0;
    }
  if (KEY_IS ("mtime"))
    {
      attrs->has_mtime = len > 0;
      return len > 0 ? pax_parse_time (value, len, &attrs->mtime_sec, &attrs->mtime_nsec, err) : 0;
    }
#undef KEY_IS
  if (key_len > 11 && memcmp (key, "GNU.sparse.", 11) == 0)
    {
      attrs->sparse = true;
      return 0;
    }
  if (key_len > strlen (XATTR_PREFIX) && memcmp (key, XATTR_PREFIX, strlen (XATTR_PREFIX)) == 0)
    {
      char name[256];
      size_t name_len = key_len - strlen (XATTR_PREFIX);
      if (name_len >= sizeof (name) || memchr (key, '\0', key_len) != NULL)
        return isle_err (err, "archive", 0, "xattr name too long or invalid");
      memcpy (name, key + strlen (XATTR_PREFIX), name_len);
      name[name_len] = '\0';
      if (xattr_list_set (&attrs->xattrs, name, (const unsigned char *) value, len) < 0)
        return isle_err (err, "archive", ENOMEM, "pax xattr");
      return 0;
    }
  return 0; /* atime, ctime, uname, gname, comment, charset...: not needed for a rootfs */
}

int
pax_parse (const char *data, size_t len, pax_attrs_t *attrs, isle_err_t *err)
{
  size_t pos = 0;

  while (pos < len)
    {
      const char *record = data + pos;
      size_t avail = len - pos;
      const char *space = memchr (record, ' ', avail < 21 ? avail : 21);
      uint64_t record_len;

      if (space == NULL || parse_decimal (record, (size_t) (space - record), &record_len) < 0
          || record_len <= (uint64_t) (space - record) + 1 || record_len > avail || record[record_len - 1] != '\n')
        return isle_err (err, "archive", 0, "malformed pax record at offset %zu", pos);

      const char *key = space + 1;
      const char *end = record + record_len - 1; /* the '\n' */
      const char *equals = memchr (key, '=', (size_t) (end - key));
      if (equals == NULL || equals == key)
        return isle_err (err, "archive", 0, "malformed pax record at offset %zu (no key)", pos);
      if (apply_record (attrs, key, (size_t) (equals - key), equals + 1, (size_t) (end - equals - 1), err) < 0)
        return -1;
      pos += record_len;
    }
  return 0;
}

void
pax_attrs_free (pax_attrs_t *attrs)
{
  free (attrs->path);
  free (attrs->linkpath);
  xattr_list_free (&attrs->xattrs);
  memset (attrs, 0, sizeof (*attrs));
}
