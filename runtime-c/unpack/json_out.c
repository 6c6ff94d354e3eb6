#include "json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
append (json_buf_t *buf, const char *text, size_t len)
{
  if (buf->failed)
    return;
  if (buf->len + len + 2 > buf->cap)
    {
      size_t cap = (buf->cap ? buf->cap : 256);
      while (cap < buf->len + len + 2)
        cap *= 2;
      char *grown = realloc (buf->data, cap);
      if (grown == NULL)
        {
          buf->failed = 1;
          return;
        }
      buf->data = grown;
      buf->cap = cap;
    }
  memcpy (buf->data + buf->len, text, len);
  buf->len += len;
}

void
json_raw (json_buf_t *buf, const char *text)
{
  append (buf, text, strlen (text));
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if the bytes there are not one. Rejects overlong
   forms, surrogates and code points above U+10FFFF. */
static size_t
utf8_sequence (const unsigned char *s, size_t avail)
{
  unsigned char c = s[0];
  size_t len;
  uint32_t cp;

  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf)
    len = 2, cp = c & 0x1f;
  else if (c >= 0xe0 && c <= 0xef)
    len = 3, cp = c & 0x0f;
  else if (c >= 0xf0 && c <= 0xf4)
    len = 4, cp = c & 0x07;
  else
    return 0;
  if (len > avail)
    return 0;
  for (size_t i = 1; i < len; i++)
    {
      if ((s[i] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i] & 0x3f);
    }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return len;
}

void
json_string (json_buf_t *buf, const unsigned char *bytes, size_t len)
{
  char escape[8];

  append (buf, "\"", 1);
  for (size_t i = 0; i < len;)
    {
      unsigned char c = bytes[i];
      size_t seq = utf8_sequence (bytes + i, len - i);

      if (seq == 0)
        {
          snprintf (escape, sizeof (escape), "\\\\x%02x", c);
          append (buf, escape, 5);
          i++;
        }
      else if (c == '"' || c == '\\')
        {
          escape[0] = '\\';
          escape[1] = (char) c;
          append (buf, escape, 2);
          i++;
        }
      else if (c < 0x20 || c == 0x7f)
        {
          snprintf (escape, sizeof (escape), "\\u%04x", c);
          append (buf, escape, 6);
          i++;
        }
      else
        {
          append (buf, (const char *) bytes + i, seq);
          i += seq;
        }
    }
  append (buf, "\"", 1);
}

void
json_uint (json_buf_t *buf, uint64_t value)
{
  char text[24];
  snprintf (text, sizeof (text), "%llu", (unsigned long long) value);
  json_raw (buf, text);
}

void
json_int (json_buf_t *buf, int64_t value)
{
  char text[24];
  snprintf (text, sizeof (text), "%lld", (long long) value);
  json_raw (buf, text);
}

void
json_free (json_buf_t *buf)
{
  free (buf->data);
  buf->data = NULL;
  buf->len = buf->cap = 0;
}

int
json_emit (json_buf_t *buf, int fd)
{
  size_t done = 0;

  append (buf, "\n", 1);
  if (buf->failed)
    return -1;
  while (done < buf->len)
    {
      ssize_t put = write (fd, buf->data + done, buf->len - done);
      if (put < 0 && errno == EINTR)
        continue;
      if (put < 0)
        return -1;
      done += (size_t) put;
    }
  return 0;
}

/* ,"tarSha256":...,"inputSha256":...,"inputBytes":N for the digests that were computed. */
static void
add_digests (json_buf_t *buf, const unpack_digests_t *digests)
{
  if (digests != NULL && digests->tar_sha256 != NULL)
    {
      json_raw (buf, ",\"tarSha256\":");
      json_string (buf, (const unsigned char *) digests->tar_sha256, strlen (digests->tar_sha256));
    }
  if (digests != NULL && digests->input_sha256 != NULL)
    {
      json_raw (buf, ",\"inputSha256\":");
      json_string (buf, (const unsigned char *) digests->input_sha256, strlen (digests->input_sha256));
      json_raw (buf, ",\"inputBytes\":");
      json_uint (buf, digests->input_bytes);
    }
}

void
report_error_digests (int fd, const isle_err_t *err, const char *entry, const unpack_digests_t *digests)
{
  json_buf_t buf = { 0 };
  const char *stage = err->stage ? err->stage : "unpack";

  json_raw (&buf, "{\"v\":1,\"type\":\"error\",\"stage\":");
  json_string (&buf, (const unsigned char *) stage, strlen (stage));
  json_raw (&buf, ",\"errno\":");
  json_int (&buf, err->errno_value);
  json_raw (&buf, ",\"message\":");
  json_string (&buf, (const unsigned char *) err->message, strlen (err->message));
  if (entry != NULL)
    {
      json_raw (&buf, ",\"entry\":");
      json_string (&buf, (const unsigned char *) entry, strlen (entry));
    }
  add_digests (&buf, digests);
  json_raw (&buf, "}");
  json_emit (&buf, fd);
  json_free (&buf);
}

void
report_error (int fd, const isle_err_t *err, const char *entry)
{
  report_error_digests (fd, err, entry, NULL);
}

void
report_summary (int fd, uint64_t entries, uint64_t bytes, uint64_t skipped_devices, const unpack_digests_t *digests)
{
  json_buf_t buf = { 0 };

  json_raw (&buf, "{\"v\":1,\"type\":\"unpacked\",\"entries\":");
  json_uint (&buf, entries);
  json_raw (&buf, ",\"bytes\":");
  json_uint (&buf, bytes);
  json_raw (&buf, ",\"skippedDevices\":");
  json_uint (&buf, skipped_devices);
  add_digests (&buf, digests);
  json_raw (&buf, "}");
  json_emit (&buf, fd);
  json_free (&buf);
}

void
report_opaque (int fd, const char *dir)
{
  json_buf_t buf = { 0 };

  json_raw (&buf, "{\"v\":1,\"type\":\"opaque\",\"path\":");
  json_string (&buf, (const unsigned char *) dir, strlen (dir));
  json_raw (&buf, "}");
  json_emit (&buf, fd);
  json_free (&buf);
}
