/* limits.h: every hard limit of PCN Ops, in one place.
 *
 * An input that passes one of these is refused with PCN_ELIMIT and a message
 * naming the limit; the web layer maps that to 413 (bodies) or 400 (fields). */
#ifndef PCN_LIMITS_H
#define PCN_LIMITS_H

/* CSV reader (csv.h) */
#define LIMIT_CSV_FIELD_BYTES   4096      /* one field, after unquoting        */
#define LIMIT_CSV_COLUMNS       64        /* fields in one record              */
#define LIMIT_CSV_ROWS          5000000   /* records in one file               */

/* Files read by importers (infile.h): the uncompressed size */
#define LIMIT_IMPORT_BYTES      (512L * 1024 * 1024)

/* Text buffers (buf.h): default ceiling when a caller has no better one */
#define LIMIT_BUF_DEFAULT       (64L * 1024 * 1024)

/* Error and warning messages */
#define LIMIT_MSG_BYTES         1024
#define LIMIT_WARNINGS_KEPT     50        /* further warnings are only counted */

/* Names and codes stored in the registry */
#define LIMIT_NAME_BYTES        200
#define LIMIT_CODE_BYTES        12

#endif
