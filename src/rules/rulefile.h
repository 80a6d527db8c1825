/* rulefile.h: one rules CSV file read into the rules (rules.h): the header
 * mapped to the file's columns, then each row checked field by field
 * (words, amounts, dates, confidence, sources) and added to its year, or
 * for sources.csv to the sources.  Every problem goes to the diagnostics as
 * FILE:LINE: field COL: words (rulecsv.h), and the reading goes on to the
 * next row, so that one pass reports them all.  Pure: bytes in, rows out.
 * rules_parse_file and rules_parse_sources (rules.h) are the way in; the
 * checks of rows against each other come after, in rulecheck.h.  A private
 * part of the rules module (src/include-order): only rules.c calls it. */
#ifndef PCN_RULEFILE_H
#define PCN_RULEFILE_H

#include <stddef.h>

#include "rules.h"

/* The most columns a rules file has. */
enum { RULEFILE_MAX_COLS = 16 };

/* Parses one file: kind an enum rules_file with y its year, or -1 for
 * sources.csv (y NULL); cols the file's columns, NULL-terminated; name for
 * the messages.  Returns the number of errors found (0 when clean). */
long rulefile_parse(struct rules *r, struct rules_year *y, int kind, const char *const *cols,
                    const char *name, const char *data, size_t len, struct rules_diag *d);

#endif
