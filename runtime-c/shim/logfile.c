#include "logfile.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"

/* Length of the valid UTF-8 character at s (1..4; at most len bytes), or 0 when it is not valid UTF-8 there. */
static size_t
utf8_char (const unsigned char *s, size_t len)
{
  size_t n;
  unsigned cp;

  if (s[0] < 0x80)
    return 1;
  if (s[0] >= 0xC2 && s[0] <= 0xDF)
    n = 2, cp = s[0] & 0x1Fu;
  else if (s[0] >= 0xE0 && s[0] <= 0xEF)
    n = 3, cp = s[0] & 0x0Fu;
  else if (s[0] >= 0xF0 && s[0] <= 0xF4)
    n = 4, cp = s[0] & 0x07u;
  else
    return 0;
  if (n > len)
    return 0;
  for (size_t i = 1; i < n; i++)
    {
      if ((s[i] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i] & 0x3Fu);
    }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

size_t
shim_log_encode (int stream, const unsigned char *data, size_t len, const char *iso_time, char *out)
{
  static const char hex[] = "0123456789abcdef";
  size_t w = 0, i = 0;

  memcpy (out, "{\"log\":\"", 8);
  w = 8;
  while (i < len)
    {
      unsigned char c = data[i];
      size_t seq;
      const char *named = c != 0 && c < 0x20 ? strchr ("\bb\ff\nn\rr\tt", c) : NULL;

      if (c == '"' || c == '\\')
        out[w++] = '\\', out[w++] = (char) c, i++;
      else if (named != NULL)
        out[w++] = '\\', out[w++] = named[1], i++;
      else if (c < 0x20)
        {
          memcpy (out + w, "\\u00", 4);
          out[w + 4] = hex[c >> 4];
          out[w + 5] = hex[c & 15];
          w += 6, i++;
        }
      else if ((seq = utf8_char (data + i, len - i)) == 0)
        memcpy (out + w, "\xEF\xBF\xBD", 3), w += 3, i++; /* U+FFFD */
      else
        memcpy (out + w, data + i, seq), w += seq, i += seq;
    }
  w += (size_t) sprintf (out + w, "\",\"stream\":\"%s\",\"time\":\"%s\"}\n", stream == SHIM_STDERR ? "stderr" : "stdout",
                         iso_time);
  return w;
}

int
shim_log_rotated_name (const char *path, unsigned n, char *out, size_t cap)
{
  int len = n == 0 ? snprintf (out, cap, "%s", path) : snprintf (out, cap, "%s.%u", path, n);

  return len < 0 || (size_t) len >= cap ? -1 : 0;
}

size_t
shim_log_cut (const unsigned char *data, size_t len)
{
  /* Look back at most 3 bytes for the lead byte of a character that does not fit. */
  for (size_t back = 1; back <= 3 && back <= len; back++)
    {
      unsigned char c = data[len - back];
      size_t need;

      if ((c & 0xC0) == 0x80)
        continue;
      need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      return need > back ? len - back : len;
    }
  return len;
}

static int
open_file (shim_log_t *log, int extra_flags, isle_err_t *err)
{
  struct stat st;

  log->fd = open (log->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | extra_flags, 0640);
  if (log->fd < 0)
    return isle_err (err, "log", errno, "open %s", log->path);
  if (fstat (log->fd, &st) < 0)
    return isle_err (err, "log", errno, "stat %s", log->path);
  log->size = (uint64_t) st.st_size;
  return 0;
}

int
shim_log_open (shim_log_t *log, const char *path, uint64_t max_size, unsigned max_files, isle_err_t *err)
{
  log->path = path;
  log->max_size = max_size;
  log->max_files = max_files ? max_files : 1;
  log->partial[0].len = log->partial[1].len = 0;
  return open_file (log, 0, err);
}

static int
rotate (shim_log_t *log, isle_err_t *err)
{
  char from[PATH_MAX], to[PATH_MAX];

  close (log->fd);
  log->fd = -1;
  if (log->max_files <= 1)
    return open_file (log, O_TRUNC, err);
  for (unsigned n = log->max_files - 1; n >= 1; n--)
    {
      if (shim_log_rotated_name (log->path, n - 1, from, sizeof (from)) < 0
          || shim_log_rotated_name (log->path, n, to, sizeof (to)) < 0)
        return isle_err (err, "log", ENAMETOOLONG, "rotate %s", log->path);
      if (rename (from, to) < 0 && errno != ENOENT)
        return isle_err (err, "log", errno, "rename %s to %s", from, to);
    }
  return open_file (log, O_TRUNC, err);
}

static int
write_line (shim_log_t *log, int stream, const unsigned char *data, size_t len, isle_err_t *err)
{
  static char line[SHIM_LOG_ENCODED_MAX];
  char now[SHIM_ISO_MAX];
  size_t n;
  ssize_t w;

  shim_iso_now (now);
  n = shim_log_encode (stream, data, len, now, line);
  if (log->max_size > 0 && log->size > 0 && log->size + n > log->max_size && rotate (log, err) < 0)
    return -1;
  if (log->fd < 0)
    return isle_err (err, "log", EBADF, "%s is not open", log->path);
  w = write (log->fd, line, n);
  if (w < 0)
    return isle_err (err, "log", errno, "write %s", log->path);
  log->size += (uint64_t) w;
  return 0;
}

int
shim_log_write (shim_log_t *log, int stream, const unsigned char *data, size_t len, isle_err_t *err)
{
  typeof (log->partial[0]) *p = &log->partial[stream];
  int ret = 0;

  while (len > 0)
    {
      const unsigned char *nl = memchr (data, '\n', len);
      size_t chunk = nl ? (size_t) (nl - data) + 1 : len;

      if (chunk > sizeof (p->buf) - p->len)
        chunk = sizeof (p->buf) - p->len;
      memcpy (p->buf + p->len, data, chunk);
      p->len += chunk;
      data += chunk;
      len -= chunk;
      if (p->buf[p->len - 1] == '\n')
        {
          ret |= write_line (log, stream, p->buf, p->len, err);
          p->len = 0;
        }
      else if (p->len == sizeof (p->buf))
        {
          size_t cut = shim_log_cut (p->buf, p->len);
          ret |= write_line (log, stream, p->buf, cut, err);
          memmove (p->buf, p->buf + cut, p->len - cut);
          p->len -= cut;
        }
    }
  return ret;
}

void
shim_log_flush (shim_log_t *log)
{
  isle_err_t ignored;

  for (int s = SHIM_STDOUT; s <= SHIM_STDERR; s++)
    if (log->partial[s].len > 0)
      {
        write_line (log, s, log->partial[s].buf, log->partial[s].len, &ignored);
        log->partial[s].len = 0;
      }
}
