#include "archive.h"
#include "tar_header.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Extension data is held in memory; real archives need a few KiB, so anything bigger is hostile. */
#define MAX_LONG_NAME PATH_MAX
#define MAX_PAX_DATA (1024 * 1024)

void
archive_init (archive_t *archive, reader_t *in)
{
  memset (archive, 0, sizeof (*archive));
  archive->in = in;
}

void
archive_free (archive_t *archive)
{
  pax_attrs_free (&archive->global);
}

/* Reads an extension header's data (plus padding) into a fresh NUL-terminated buffer. */
static int
read_extension (archive_t *archive, const tar_header_t *header, size_t limit, char **out, isle_err_t *err)
{
  uint64_t size = (uint64_t) header->size;
  char *data;
  int ret;

  if (size > limit)
    return isle_err (err, "archive", 0, "'%c' extension header of %llu bytes is larger than %zu", header->typeflag,
                     (unsigned long long) size, limit);
  data = malloc ((size_t) size + 1);
  if (data == NULL)
    return isle_err (err, "unpack", ENOMEM, "reading an extension header");
  ret = size > 0 ? reader_read (archive->in, data, (size_t) size, err) : 0;
  if (ret == 1)
    ret = isle_err (err, "archive", 0, "truncated archive: the stream ends inside an extension header");
  if (ret == 0)
    ret = reader_skip (archive->in, tar_padding (size), err);
  if (ret < 0)
    {
      free (data);
      return -1;
    }
  data[size] = '\0';
  *out = data;
  return 0;
}

/* GNU long names are NUL-terminated inside their data; a name that ends early is cut at the first NUL. */
static int
read_long_name (archive_t *archive, const tar_header_t *header, char **slot, isle_err_t *err)
{
  char *data;
  if (read_extension (archive, header, MAX_LONG_NAME, &data, err) < 0)
    return -1;
  free (*slot);
  *slot = data;
  return 0;
}

static int
read_pax (archive_t *archive, const tar_header_t *header, pax_attrs_t *attrs, isle_err_t *err)
{
  char *data;
  int ret;
  if (read_extension (archive, header, MAX_PAX_DATA, &data, err) < 0)
    return -1;
  ret = pax_parse (data, (size_t) header->size, attrs, err);
  free (data);
  return ret;
}

static int
kind_of (char typeflag, entry_kind_t *kind, isle_err_t *err)
{
  switch (typeflag)
    {
    case '0': case '\0': case '7': *kind = ENTRY_FILE; return 0; /* '7' is "contiguous", a plain file */
    case '1': *kind = ENTRY_HARDLINK; return 0;
    case '2': *kind = ENTRY_SYMLINK; return 0;
    case '3': *kind = ENTRY_CHAR_DEVICE; return 0;
    case '4': *kind = ENTRY_BLOCK_DEVICE; return 0;
    case '5': case 'D': *kind = ENTRY_DIRECTORY; return 0; /* 'D': GNU dumpdir, a directory plus a listing */
    case '6': *kind = ENTRY_FIFO; return 0;
    case 'S': return isle_err (err, "archive", 0, "GNU sparse files are not supported; re-create the archive without --sparse");
    case 'M': return isle_err (err, "archive", 0, "multi-volume archives are not supported");
    default:
      return isle_err (err, "archive", 0, "unsupported entry type '%c' (0x%02x)",
                       typeflag >= 0x20 && typeflag < 0x7f ? typeflag : '?', (unsigned char) typeflag);
    }
}

static int
take_string (char **dst, char **preferred, char **fallback, const char *header_value)
{
  if (*preferred)
    {
      *dst = *preferred;
      *preferred = NULL;
    }
  else if (*fallback)
    {
      *dst = *fallback;
      *fallback = NULL;
    }
  else
    *dst = strdup (header_value);
  return *dst == NULL ? -1 : 0;
}

static int
build_entry (archive_t *archive, const tar_header_t *header, pax_attrs_t *pax, char **long_name, char **long_link,
             entry_t *entry, isle_err_t *err)
{
  const pax_attrs_t *global = &archive->global;

  memset (entry, 0, sizeof (*entry));
  if (pax->sparse)
    return isle_err (err, "archive", 0, "GNU sparse files are not supported; re-create the archive without --sparse");
  if (kind_of (header->typeflag, &entry->kind, err) < 0)
    return -1;
  if (take_string (&entry->path, &pax->path, long_name, header->name) < 0)
    return isle_err (err, "unpack", ENOMEM, "entry name");
  if ((entry->kind == ENTRY_SYMLINK || entry->kind == ENTRY_HARDLINK)
      && take_string (&entry->linkpath, &pax->linkpath, long_link, header->linkname) < 0)
    return isle_err (err, "unpack", ENOMEM, "link name");

  entry->mode = (uint32_t) (header->mode & 07777);
  entry->uid = pax->has_uid ? pax->uid : global->has_uid ? global->uid : header->uid;
  entry->gid = pax->has_gid ? pax->gid : global->has_gid ? global->gid : header->gid;
  entry->size = pax->has_size ? pax->size : (uint64_t) header->size;
  if (pax->has_mtime)
    {
      entry->mtime_sec = pax->mtime_sec;
      entry->mtime_nsec = pax->mtime_nsec;
    }
  else if (global->has_mtime)
    {
      entry->mtime_sec = global->mtime_sec;
      entry->mtime_nsec = global->mtime_nsec;
    }
  else
    entry->mtime_sec = header->mtime;
  if (entry->uid < 0 || entry->uid >= UINT32_MAX || entry->gid < 0 || entry->gid >= UINT32_MAX)
    return isle_err (err, "archive", 0, "owner %lld:%lld is out of range", (long long) entry->uid,
                     (long long) entry->gid);
  if (xattr_list_copy (&entry->xattrs, &global->xattrs) < 0 || xattr_list_copy (&entry->xattrs, &pax->xattrs) < 0)
    return isle_err (err, "unpack", ENOMEM, "xattrs");
  return 0;
}

int
archive_next (archive_t *archive, entry_t *entry, isle_err_t *err)
{
  unsigned char block[TAR_BLOCK];
  tar_header_t header;
  pax_attrs_t pax = { 0 };
  char *long_name = NULL, *long_link = NULL;
  int ret = -1;

  for (;;)
    {
      int got = reader_read (archive->in, block, TAR_BLOCK, err);
      if (got < 0)
        goto out;
      if (got == 1)
        {
          ret = isle_err (err, "archive", 0, archive->headers == 0 ? "empty input: not a tar archive"
                                                                     : "truncated archive: no end-of-archive marker");
          goto out;
        }
      /* GNU tar stops at the first zero block too (a lone one only earns a warning). */
      if (tar_block_is_zero (block))
        {
          bool pending = long_name || long_link || pax.path || pax.linkpath;
          ret = pending ? isle_err (err, "archive", 0, "extension header without an entry") : 0;
          goto out;
        }
      archive->headers++;
      if (tar_header_decode (block, &header, err) < 0)
        goto out;

      switch (header.typeflag)
        {
        case 'L':
          if (read_long_name (archive, &header, &long_name, err) < 0)
            goto out;
          continue;
        case 'K':
          if (read_long_name (archive, &header, &long_link, err) < 0)
            goto out;
          continue;
        case 'x':
          if (read_pax (archive, &header, &pax, err) < 0)
            goto out;
          continue;
        case 'g':
          if (read_pax (archive, &header, &archive->global, err) < 0)
            goto out;
          continue;
        case 'V': /* volume label: nothing to extract */
          if (reader_skip (archive->in, (uint64_t) header.size + tar_padding ((uint64_t) header.size), err) < 0)
            goto out;
          continue;
        default:
          break;
        }
      ret = build_entry (archive, &header, &pax, &long_name, &long_link, entry, err) < 0 ? -1 : 1;
      if (ret < 0)
        entry_free (entry);
      goto out;
    }

out:
  free (long_name);
  free (long_link);
  pax_attrs_free (&pax);
  return ret;
}

int
archive_end_entry (archive_t *archive, uint64_t size, uint64_t unread, isle_err_t *err)
{
  return reader_skip (archive->in, unread + tar_padding (size), err);
}
