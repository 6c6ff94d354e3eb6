/*
 * One archive member after all of its extension headers (GNU 'L'/'K', pax 'x'/'g') have been applied. Names
 * are raw bytes from the archive, never decoded: a path is NUL-terminated only because a tar name cannot
 * contain NUL (pax values that do are refused).
 */
#ifndef ISLE_UNPACK_ENTRY_H
#define ISLE_UNPACK_ENTRY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef enum entry_kind
{
  ENTRY_FILE,
  ENTRY_HARDLINK,
  ENTRY_SYMLINK,
  ENTRY_CHAR_DEVICE,
  ENTRY_BLOCK_DEVICE,
  ENTRY_DIRECTORY,
  ENTRY_FIFO,
} entry_kind_t;

typedef struct xattr
{
  char *name;
  unsigned char *value; /* binary, value_len bytes */
  size_t value_len;
} xattr_t;

typedef struct xattr_list
{
  xattr_t *items;
  size_t count;
} xattr_list_t;

typedef struct entry
{
  entry_kind_t kind;
  char *path;     /* as written in the archive; safe_path.c turns it into a relative path */
  char *linkpath; /* symlink target or hard-link source; NULL otherwise */
  uint32_t mode;  /* permission bits incl. setuid/setgid/sticky */
  int64_t uid;
  int64_t gid;
  uint64_t size; /* bytes of data following the header */
  int64_t mtime_sec;
  long mtime_nsec;
  xattr_list_t xattrs;
} entry_t;

void xattr_list_free (xattr_list_t *list);
/* Adds or replaces `name`; takes a copy of both. Returns -1 with errno ENOMEM on failure. */
int xattr_list_set (xattr_list_t *list, const char *name, const unsigned char *value, size_t value_len);
int xattr_list_copy (xattr_list_t *dst, const xattr_list_t *src);
void entry_free (entry_t *entry);

#endif
