/* infile.h: reads an input file, plain or gzip-compressed, in chunks.
 *
 * Compression is recognised by the gzip magic bytes, not the file name, so
 * ".csv" and ".csv.gz" (and an upload of either) are handled alike.  The
 * uncompressed size is capped at LIMIT_IMPORT_BYTES.  Errors name the file:
 * "FILE: cannot open: No such file or directory", "FILE: not a valid gzip
 * file", "FILE: larger than 512 MiB uncompressed". */
#ifndef PCN_INFILE_H
#define PCN_INFILE_H

#include <stddef.h>

#include "err.h"

/* Called with each chunk of uncompressed bytes; non-zero stops reading and
 * is returned. */
typedef int (*infile_chunk_fn)(void *ctx, const char *data, size_t n, struct pcn_msg *m);

/* Streams the file at path.  name is used in messages (NULL: path). */
int infile_stream(const char *path, const char *name, infile_chunk_fn fn, void *ctx,
                  struct pcn_msg *m);
/* Streams bytes already in memory (an upload). */
int infile_stream_mem(const char *name, const void *data, size_t len, infile_chunk_fn fn, void *ctx,
                      struct pcn_msg *m);

#endif
