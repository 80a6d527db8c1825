/* rulesfile.h: the rules folder as files: reading one, checking uploaded
 * files together with the rest of the folder as rules_load reads it, and
 * writing them so that a reader sees the old file or the new, never half of
 * one.  The pages (the admin's upload and row edit) parse the request and
 * call these; no page writes a rules file itself.
 *
 * Memory: results live in the arena passed in. */
#ifndef PCN_RULESFILE_H
#define PCN_RULESFILE_H

#include <jansson.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "csv.h"
#include "err.h"
#include "rules.h"

/* The files of the folder beside the rules files of rules.h: sources.csv,
 * and the desk's three (deskrules.h: the third, the year's deadlines, is
 * optional), checked in the same way. */
#define RULESFILE_SOURCES RF_COUNT
#define RULESFILE_CD_TIME (RF_COUNT + 1)
#define RULESFILE_SUPERVISION (RF_COUNT + 2)
#define RULESFILE_DEADLINES (RF_COUNT + 3)
#define RULESFILE_N (RF_COUNT + 4)

/* An uploaded or edited file: file is a rules file (0 .. RF_COUNT-1),
 * RULESFILE_SOURCES, RULESFILE_CD_TIME, RULESFILE_SUPERVISION or
 * RULESFILE_DEADLINES. */
struct rulesfile_upload {
    const char *name; /* "stream_rates.csv" */
    int file;
    const char *data;
    size_t len;
};

/* The file a name means (as above), or -1. */
int rulesfile_of(const char *name);
/* "cd_time.csv" ...: the name of any file of RULESFILE_N. */
const char *rulesfile_name(int file);

/* Reads a small file (at most LIMIT_RULES_FILE_BYTES) whole into the arena,
 * NUL-terminated.  0, PCN_ENOTFOUND or PCN_EIO. */
int rulesfile_read(struct arena *a, const char *path, const char **data, size_t *len);

/* Checks the uploads (of year fy; 0 when only sources.csv) together with
 * every other file of the folder dir, as rules_load would read them; every
 * problem goes in d as FILE:LINE: field.  A year the folder lacks needs
 * every file that is not optional. */
void rulesfile_candidate(struct arena *a, const char *dir, fy_t fy,
                         const struct rulesfile_upload *up, size_t nup, struct rules_diag *d);

/* The SHA-256 of the bytes, as 64 hex digits in the arena. */
const char *rulesfile_sha256(struct arena *a, const char *data, size_t len);

/* For the audit log: each upload's path in dir with its SHA-256 and size
 * before (null when new) and after, as rulesfile_write gives them. */
json_t *rulesfile_describe(struct arena *a, const char *dir, fy_t fy,
                           const struct rulesfile_upload *up, size_t nup);

/* Writes checked uploads into dir (making the year's folder), each through a
 * temporary file and a rename; *files gets, for the audit log, each path
 * with its SHA-256 and size before and after.  0 or PCN_EIO. */
int rulesfile_write(struct arena *a, const char *dir, fy_t fy, const struct rulesfile_upload *up,
                    size_t nup, json_t **files, struct pcn_msg *m);

/* The header and the row starting on `line` (2 or more) of a rules file,
 * each as n strings.  PCN_ENOTFOUND when there is no such row; the CSV
 * reader's error for a file it cannot read. */
int rulesfile_row(struct arena *a, const char *name, const char *data, size_t len, long line,
                  const char ***head, const char ***row, size_t *n, struct pcn_msg *m);

/* data with its physical line `line` replaced by the n fields written as
 * CSV.  0, PCN_ENOTFOUND (no such line) or PCN_ELIMIT (too large). */
int rulesfile_replace_row(struct arena *a, const char *data, size_t len, long line,
                          const char *const *fields, size_t n, const char **out, size_t *outlen);

#endif
