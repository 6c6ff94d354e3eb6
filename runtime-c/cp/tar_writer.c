#include "tar_writer.h"

#include "file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <unistd.h>

#define BLOCK 512
#define USTAR_NAME 100
#define USTAR_ID_MAX 07777777ULL
#define USTAR_SIZE_MAX 077777777777ULL

static int
write_all (tar_writer_t *w, const void *data, size_t len, isle_err_t *err)
{
  if (isle_write_all (w->fd, data, len, "write", "the tar stream", err) < 0)
    return -1;
  w->written += (uint64_t) len;
  return 0;
}

static int
write_zeros (tar_writer_t *w, size_t len, isle_err_t *err)
{
  static const char zeros[BLOCK * 2];
  while (len > 0)
    {
      size_t chunk = len < sizeof (zeros) ? len : sizeof (zeros);
      if (write_all (w, zeros, chunk, err) < 0)
        return -1;
      len -= chunk;
    }
  return 0;
}

static size_t
padding (uint64_t size)
{
  return (size_t) ((BLOCK - size % BLOCK) % BLOCK);
}

/* width - 1 octal digits, zero-padded, then NUL; callers keep values within the field. */
static void
octal (char *field, size_t width, uint64_t value)
{
  field[width - 1] = '\0';
  for (size_t i = width - 1; i > 0; i--)
    {
      field[i - 1] = (char) ('0' + (value & 7));
      value >>= 3;
    }
}

/* A pax record is "LEN key=value\n" where LEN counts its own digits too. */
static int
pax_add (char **buf, size_t *len, const char *key, const char *value, size_t value_len)
{
  size_t body = 1 + strlen (key) + 1 + value_len + 1; /* " key=value\n" */
  size_t total = body + 1;
  while (total != body + (size_t) snprintf (NULL, 0, "%zu", total))
    total = body + (size_t) snprintf (NULL, 0, "%zu", total);
  char *grown = realloc (*buf, *len + total + 1);
  if (grown == NULL)
    return -1;
  *buf = grown;
  int head = snprintf (grown + *len, total + 1, "%zu %s=", total, key);
  memcpy (grown + *len + head, value, value_len);
  grown[*len + total - 1] = '\n';
  *len += total;
  return 0;
}

static int
pax_number (char **buf, size_t *len, const char *key, uint64_t value)
{
  char text[32];
  int n = snprintf (text, sizeof (text), "%llu", (unsigned long long) value);
  return pax_add (buf, len, key, text, (size_t) n);
}

/* Builds the pax records this member needs; *len is 0 when ustar alone can describe it. */
static int
pax_records (const tar_member_t *m, char **buf, size_t *len)
{
  int ret = 0;
  *buf = NULL;
  *len = 0;
  if (strlen (m->name) > USTAR_NAME)
    ret |= pax_add (buf, len, "path", m->name, strlen (m->name));
  if (m->linkname && strlen (m->linkname) > USTAR_NAME)
    ret |= pax_add (buf, len, "linkpath", m->linkname, strlen (m->linkname));
  if (m->uid > USTAR_ID_MAX)
    ret |= pax_number (buf, len, "uid", m->uid);
  if (m->gid > USTAR_ID_MAX)
    ret |= pax_number (buf, len, "gid", m->gid);
  if (m->size > USTAR_SIZE_MAX)
    ret |= pax_number (buf, len, "size", m->size);
  for (size_t i = 0; i < m->n_xattrs; i++)
    {
      char key[300];
      if (snprintf (key, sizeof (key), "SCHILY.xattr.%s", m->xattrs[i].name) >= (int) sizeof (key))
        continue;
      ret |= pax_add (buf, len, key, m->xattrs[i].value, m->xattrs[i].len);
    }
  return ret;
}

static void
fill_header (unsigned char block[BLOCK], const tar_member_t *m, char type, const char *name, uint64_t size)
{
  char *h = (char *) block;
  unsigned sum = 0;

  memset (block, 0, BLOCK);
  strncpy (h, name, USTAR_NAME); /* a longer name is in the pax header; this is a truncated hint */
  octal (h + 100, 8, m->mode & 07777);
  octal (h + 108, 8, m->uid > USTAR_ID_MAX ? 0 : m->uid);
  octal (h + 116, 8, m->gid > USTAR_ID_MAX ? 0 : m->gid);
  octal (h + 124, 12, size > USTAR_SIZE_MAX ? 0 : size);
  octal (h + 136, 12, m->mtime < 0 ? 0 : (uint64_t) m->mtime);
  h[156] = type;
  if (m->linkname && type != 'x')
    strncpy (h + 157, m->linkname, USTAR_NAME);
  memcpy (h + 257, "ustar", 6);
  memcpy (h + 263, "00", 2);
  if (type == '3' || type == '4')
    {
      octal (h + 329, 8, m->devmajor);
      octal (h + 337, 8, m->devminor);
    }
  memset (h + 148, ' ', 8);
  for (int i = 0; i < BLOCK; i++)
    sum += block[i];
  octal (h + 148, 7, sum); /* six digits, NUL, and the space already there */
}

int
tar_write_header (tar_writer_t *w, const tar_member_t *m, isle_err_t *err)
{
  unsigned char block[BLOCK];
  char *pax;
  size_t pax_len;

  if (pax_records (m, &pax, &pax_len) != 0)
    {
      free (pax);
      return isle_err (err, "write", ENOMEM, "pax header for '%s'", m->name);
    }
  if (pax_len > 0)
    {
      tar_member_t pax_member = { .mode = 0644, .mtime = m->mtime };
      fill_header (block, &pax_member, 'x', "PaxHeaders/entry", pax_len);
      int ret = write_all (w, block, BLOCK, err);
      if (ret == 0)
        ret = write_all (w, pax, pax_len, err);
      if (ret == 0)
        ret = write_zeros (w, padding (pax_len), err);
      free (pax);
      if (ret < 0)
        return -1;
    }
  fill_header (block, m, m->type, m->name, m->type == '0' ? m->size : 0);
  return write_all (w, block, BLOCK, err);
}

static int
copy_read_write (tar_writer_t *w, int in_fd, uint64_t *left, isle_err_t *err)
{
  static char buf[128 * 1024];
  while (*left > 0)
    {
      ssize_t n = read (in_fd, buf, *left < sizeof (buf) ? (size_t) *left : sizeof (buf));
      if (n < 0 && errno == EINTR)
        continue;
      if (UNLIKELY (n < 0))
        return isle_err (err, "read", errno, "reading a file");
      if (n == 0)
        break;
      if (write_all (w, buf, (size_t) n, err) < 0)
        return -1;
      *left -= (uint64_t) n;
    }
  return 0;
}

int
tar_write_data (tar_writer_t *w, int in_fd, uint64_t size, isle_err_t *err)
{
  uint64_t left = size;

  /* sendfile moves the data in the kernel; files it cannot handle (some /proc files) take the slow path. */
  while (left > 0)
    {
      ssize_t n = sendfile (w->fd, in_fd, NULL, left < (1u << 30) ? (size_t) left : (1u << 30));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EINVAL || errno == ENOSYS))
        {
          if (copy_read_write (w, in_fd, &left, err) < 0)
            return -1;
          break;
        }
      if (UNLIKELY (n < 0))
        return isle_err (err, errno == EPIPE ? "write" : "read", errno, "copying a file");
      if (n == 0)
        break;
      left -= (uint64_t) n;
      w->written += (uint64_t) n;
    }
  if (write_zeros (w, (size_t) left, err) < 0)
    return -1;
  return write_zeros (w, padding (size), err);
}

int
tar_write_end (tar_writer_t *w, isle_err_t *err)
{
  return write_zeros (w, BLOCK * 2, err);
}
