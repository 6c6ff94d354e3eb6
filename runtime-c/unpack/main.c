/*
 * isle-unpack [--layer] [--gunzip] [--hash] [--keep FILE] --dest DIR: extract the tar stream on stdin into DIR,
 * treating every entry as hostile.
 * --layer: an OCI image layer, whose whiteouts become overlayfs whiteouts (whiteout.h).
 * --gunzip, --hash, --keep: stdin may be gzip; hash the tar; keep a hashed copy of stdin as read (input.h).
 *
 *   parse_args → input_open (the byte stages of source.h) → unpack_stream (archive.c reads entries, extract.c
 *   creates them below root.c's confined root, dir_times.c fixes directory mtimes) → input_finish (digests)
 *   → one JSON line: "unpacked" on stdout, or "error" on stderr.
 *
 * See PROTOCOL.md, "isle-unpack", for the output lines and exit codes.
 */
#include "error.h"
#include "input.h"
#include "json_out.h"
#include "unpack.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define USAGE "usage: isle-unpack [--layer] [--gunzip] [--hash] [--keep FILE] --dest DIR < archive"

static int
parse_args (int argc, char **argv, const char **dest, bool *layer, input_options_t *input, isle_err_t *err)
{
  *dest = NULL;
  *layer = false;
  memset (input, 0, sizeof (*input));
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--dest") == 0 && i + 1 < argc)
        *dest = argv[++i];
      else if (strcmp (argv[i], "--keep") == 0 && i + 1 < argc)
        input->keep = argv[++i];
      else if (strcmp (argv[i], "--layer") == 0)
        *layer = true;
      else if (strcmp (argv[i], "--gunzip") == 0)
        input->gunzip = true;
      else if (strcmp (argv[i], "--hash") == 0)
        input->hash = true;
      else
        return isle_err (err, "args", 0, "unknown argument '%s' (" USAGE ")", argv[i]);
    }
  if (*dest == NULL)
    return isle_err (err, "args", 0, "missing --dest DIR (" USAGE ")");
  return 0;
}

static int
run (const char *dest, bool layer, const input_options_t *opts, unpack_stats_t *stats, unpack_digests_t *digests,
     input_t *input, char **failed_entry, isle_err_t *err)
{
  reader_t reader = { 0 };
  int ret = -1;

  if (input_open (input, STDIN_FILENO, opts, &reader, err) == 0
      && unpack_stream (&reader, dest, layer, stats, failed_entry, err) == 0)
    ret = input_finish (input, digests, err);
  reader_free (&reader);
  return ret;
}

int
main (int argc, char **argv)
{
  isle_err_t err = { 0 };
  unpack_stats_t stats = { 0 };
  unpack_digests_t digests = { 0 };
  input_options_t opts;
  input_t input;
  char *failed_entry = NULL;
  const char *dest;
  bool layer;

  if (parse_args (argc, argv, &dest, &layer, &opts, &err) < 0)
    {
      report_error (STDERR_FILENO, &err, NULL);
      return 2;
    }
  /* Modes come from the archive exactly; the umask must not trim them. */
  umask (0);
  int ret = run (dest, layer, &opts, &stats, &digests, &input, &failed_entry, &err);
  if (ret < 0)
    {
      bool hashed = input_hash_rest (&input, &digests) == 0;
      report_error_digests (STDERR_FILENO, &err, failed_entry, hashed ? &digests : NULL);
      free (failed_entry);
      input_free (&input);
      return 1;
    }
  report_summary (STDOUT_FILENO, stats.entries, stats.bytes, stats.skipped_devices, &digests);
  input_free (&input);
  return 0;
}
