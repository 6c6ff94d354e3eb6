#include "unpack.h"
#include "archive.h"

#include <stdlib.h>
#include <string.h>

int
unpack_stream (reader_t *in, const char *dest, bool layer, unpack_stats_t *stats, char **failed_entry,
               isle_err_t *err)
{
  archive_t archive;
  extractor_t x = { .in = in, .layer = layer };
  int ret = -1;

  *failed_entry = NULL;
  archive_init (&archive, in);
  if (root_open (&x.root, dest, err) < 0)
    goto out;

  for (;;)
    {
      entry_t entry;
      uint64_t unread;
      uint64_t size;
      int got = archive_next (&archive, &entry, err);

      if (got < 0)
        goto out;
      if (got == 0)
        break;
      size = entry.size;
      /* Keep the name as written: extract_entry cleans entry.path in place. */
      char *name = strdup (entry.path);
      if (name == NULL)
        {
          entry_free (&entry);
          isle_err (err, "unpack", ENOMEM, "entry name");
          goto out;
        }
      int extracted = extract_entry (&x, &entry, &unread, err);
      entry_free (&entry);
      if (extracted < 0 || archive_end_entry (&archive, size, unread, err) < 0)
        {
          *failed_entry = name;
          goto out;
        }
      free (name);
    }

  if (dir_times_apply (&x.dir_times, &x.root, err) < 0 || reader_drain (in, err) < 0)
    goto out;
  *stats = x.stats;
  ret = 0;

out:
  dir_times_free (&x.dir_times);
  root_close (&x.root);
  archive_free (&archive);
  return ret;
}
