// links: unpack/pax.c unpack/entry.c unpack/safe_path.c unpack/json_out.c
/* Pax records, path cleaning and the JSON escaping of raw entry names. */
#include "json_out.h"
#include "pax.h"
#include "safe_path.h"

#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int
parse (const char *data, size_t len, pax_attrs_t *attrs)
{
  isle_err_t err;
  memset (attrs, 0, sizeof (*attrs));
  return pax_parse (data, len, attrs, &err);
}

static void
test_records (void)
{
  pax_attrs_t a;
  const char good[] = "30 mtime=1700000000.123456789\n"
                      "20 path=a/long/name\n"
                      "12 uid=1000\n"
                      "13 size=4096\n"
                      "41 SCHILY.xattr.security.capability=\x01\x00\x00\x02\n";
  CHECK (parse (good, sizeof (good) - 1, &a) == 0);
  CHECK (a.path && strcmp (a.path, "a/long/name") == 0);
  CHECK (a.has_uid && a.uid == 1000 && !a.has_gid);
  CHECK (a.has_size && a.size == 4096);
  CHECK (a.has_mtime && a.mtime_sec == 1700000000 && a.mtime_nsec == 123456789);
  CHECK (a.xattrs.count == 1 && strcmp (a.xattrs.items[0].name, "security.capability") == 0);
  CHECK (a.xattrs.count == 1 && a.xattrs.items[0].value_len == 4 && a.xattrs.items[0].value[1] == 0);
  pax_attrs_free (&a);

  /* Length that runs past the data, missing newline, no '=', a non-digit length. */
  CHECK (parse ("99 path=x\n", 10, &a) < 0);
  pax_attrs_free (&a);
  CHECK (parse ("10 path=xy", 10, &a) < 0);
  pax_attrs_free (&a);
  CHECK (parse ("9 pathxy\n", 9, &a) < 0);
  pax_attrs_free (&a);
  CHECK (parse ("x9 path=\n", 9, &a) < 0);
  pax_attrs_free (&a);
  CHECK (parse ("0 \n", 3, &a) < 0);
  pax_attrs_free (&a);
  /* A NUL inside a path is refused; sparse keys are flagged. */
  CHECK (parse ("11 path=a\0b\n", 12, &a) < 0);
  pax_attrs_free (&a);
  CHECK (parse ("22 GNU.sparse.major=1\n", 22, &a) == 0 && a.sparse);
  pax_attrs_free (&a);
}

static void
test_time (void)
{
  int64_t sec;
  long nsec;
  isle_err_t err;
  CHECK (pax_parse_time ("-1.25", 5, &sec, &nsec, &err) == 0 && sec == -2 && nsec == 750000000);
  CHECK (pax_parse_time ("42", 2, &sec, &nsec, &err) == 0 && sec == 42 && nsec == 0);
  CHECK (pax_parse_time ("1.5x", 4, &sec, &nsec, &err) < 0);
}

static const char *
clean (const char *in, char *buf)
{
  isle_err_t err;
  strcpy (buf, in);
  return safe_path_clean (buf, &err) == 0 ? buf : NULL;
}

static void
test_paths (void)
{
  char buf[256];
  CHECK (strcmp (clean ("/etc/passwd", buf), "etc/passwd") == 0);
  CHECK (strcmp (clean ("./usr//bin/./sh", buf), "usr/bin/sh") == 0);
  CHECK (strcmp (clean ("./", buf), "") == 0);
  CHECK (strcmp (clean ("dir/", buf), "dir") == 0);
  CHECK (clean ("../etc/shadow", buf) == NULL);
  CHECK (clean ("a/../../b", buf) == NULL);
  CHECK (clean ("a/..", buf) == NULL);
  CHECK (strcmp (clean ("a/..b/...", buf), "a/..b/...") == 0);
}

static void
test_json_escape (void)
{
  json_buf_t buf = { 0 };
  const unsigned char name[] = { 'a', '"', '\\', '\n', 0xff, 0xc3, 0xa9, 0xe2, 0x82 };
  json_string (&buf, name, sizeof (name));
  json_raw (&buf, "");
  CHECK (buf.len == strlen ("\"a\\\"\\\\\\u000a\\\\xff\xc3\xa9\\\\xe2\\\\x82\""));
  CHECK (memcmp (buf.data, "\"a\\\"\\\\\\u000a\\\\xff\xc3\xa9\\\\xe2\\\\x82\"", buf.len) == 0);
  json_free (&buf);
}

int
main (void)
{
  test_records ();
  test_time ();
  test_paths ();
  test_json_escape ();
  return check_done ("unpack_pax_test");
}
