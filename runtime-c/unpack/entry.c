#include "entry.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void
xattr_list_free (xattr_list_t *list)
{
  for (size_t i = 0; i < list->count; i++)
    {
      free (list->items[i].name);
      free (list->items[i].value);
    }
  free (list->items);
  list->items = NULL;
  list->count = 0;
}

int
xattr_list_set (xattr_list_t *list, const char *name, const unsigned char *value, size_t value_len)
{
  unsigned char *copy = malloc (value_len > 0 ? value_len : 1);
  if (copy == NULL)
    return -1;
  if (value_len > 0)
    memcpy (copy, value, value_len);

  for (size_t i = 0; i < list->count; i++)
    if (strcmp (list->items[i].name, name) == 0)
      {
        free (list->items[i].value);
        list->items[i].value = copy;
        list->items[i].value_len = value_len;
        return 0;
      }

  char *name_copy = strdup (name);
  xattr_t *grown = name_copy ? realloc (list->items, (list->count + 1) * sizeof (xattr_t)) : NULL;
  if (grown == NULL)
    {
      free (name_copy);
      free (copy);
      errno = ENOMEM;
      return -1;
    }
  list->items = grown;
  list->items[list->count++] = (xattr_t){ .name = name_copy, .value = copy, .value_len = value_len };
  return 0;
}

int
xattr_list_copy (xattr_list_t *dst, const xattr_list_t *src)
{
  for (size_t i = 0; i < src->count; i++)
    if (xattr_list_set (dst, src->items[i].name, src->items[i].value, src->items[i].value_len) < 0)
      return -1;
  return 0;
}

void
entry_free (entry_t *entry)
{
  free (entry->path);
  free (entry->linkpath);
  xattr_list_free (&entry->xattrs);
  memset (entry, 0, sizeof (*entry));
}
