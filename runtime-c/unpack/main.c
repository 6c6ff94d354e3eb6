/*
 * isle-unpack [--layer] --dest DIR: extract the tar stream on stdin into DIR, treating every entry as hostile.
 * --layer: an OCI image layer, whose whiteouts become overlayfs whiteouts (whiteout.h).
 *
 *   parse_args → unpack_stream (archive.c reads entries, extract.c creates them below root.c's confined
 *   root, dir_times.c fixes directory mtimes) → one JSON line: "unpacked" on stdout, or "error" on stderr.
 *
 * See PROTOCOL.md, "isle-unpack", for the output lines and exit codes.
 */
#include "error.h"
#include "json_out.h"
#include "unpack.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define USAGE "usage: isle-unpack [--layer] --dest DIR < archive.tar"

static int
parse_args (int argc, char **argv, const char **dest, bool *layer, isle_err_t *err)
{
  *dest = NULL;
  *layer = false;
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--dest") == 0 && i + 1 < argc)
        *dest = argv[++i];
      else if (strcmp (argv[i], "--layer") == 0)
        *layer = true;
      else
        return isle_err (err, "args", 0, "unknown argument '%s' (" USAGE ")", argv[i]);
    }
  if (*dest == NULL)
    return isle_err (err, "args", 0, "missing --dest DIR (" USAGE ")");
  return 0;
}

int
main (int argc, char **argv)
{
  isle_err_t err = { 0 };
  unpack_stats_t stats = { 0 };
  char *failed_entry = NULL;
  const char *dest;
  bool layer;

  if (parse_args (argc, argv, &dest, &layer, &err) < 0)
    {
      report_error (STDERR_FILENO, &err, NULL);
      return 2;
    }
  /* Modes come from the archive exactly; the umask must not trim them. */
  umask (0);
  if (unpack_stream (STDIN_FILENO, dest, layer, &stats, &failed_entry, &err) < 0)
    {
      report_error (STDERR_FILENO, &err, failed_entry);
      free (failed_entry);
      return 1;
    }
  report_summary (STDOUT_FILENO, stats.entries, stats.bytes, stats.skipped_devices);
  return 0;
}
