/* cqc.h: the Care Quality Commission's latest ratings of GP practices, as
 * context for a clinical director who supports member practices and does
 * not performance-manage them.  Nothing here ranks practices: lists come in
 * the order asked for (by practice code), never by rating.
 *
 * `pcnops import cqc FILE` reads:
 *   CQC's "Latest ratings" workbook as published, an OpenDocument
 *       spreadsheet (.ods), sheet 'Locations': the header row is the first
 *       (of the first 20) holding 'Location ODS Code'; columns by name:
 *       'Location ODS Code', 'Location Name', 'Service / Population Group',
 *       'Domain', 'Latest Rating', 'Publication Date', and 'Inherited
 *       Rating (Y/N)' when there.  Only the location's own ratings are kept
 *       (population group 'Overall'), and only locations whose ODS code is
 *       a GP practice code; the others are counted in the summary;
 *   the derived CSV of April 2024 (cqc-ratings-gp-2024-04.csv: 'Practice.Code',
 *       'Year', 'location_name', 'service_population_group', 'domain',
 *       'latest_rating', 'inherited_rating_y_n'): the year of the rating,
 *       no date.
 * Ratings are kept as CQC writes them, one of: Outstanding, Good, Requires
 * improvement, Inadequate, Not Rated (CQC's words since September 2026 for
 * a location with several services), Insufficient evidence to rate; any
 * other is refused.  A publication date is YYYY-MM-DD (a date cell), or
 * DD/MM/YYYY as text.
 *
 * Strict as every importer: anything wrong is refused whole with the file,
 * sheet and cell (or line) and field, nothing written.  A location and
 * domain twice keeps the later rating (by date, else year) with a warning;
 * twice at the same date or year is an error.  The file is the whole list: importing it
 * replaces the ratings held, in one transaction with its audit entry;
 * importing it again changes nothing. */
#ifndef PCN_CQC_H
#define PCN_CQC_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "date.h"
#include "import.h"
#include "xlsx.h"

struct cqc_rating {
    const char *code;   /* the location's ODS code (the practice) */
    const char *name;   /* the location's name, or NULL           */
    const char *domain; /* "Overall", "Safe", ...                 */
    const char *rating; /* as CQC writes it                       */
    date_t date;        /* DATE_NONE when only the year is known  */
    int year;
    const char *inherited; /* "Y", "N" or NULL                       */
    long row;
};

struct cqc_file {
    struct cqc_rating *v;
    size_t n;
    long skipped;              /* rows not kept: another population group
                                    or a location that is not a practice  */
    bool ods;                  /* CQC's workbook, not the derived CSV    */
    long nsuperseded;          /* a location and domain rated twice: the
                                    later kept (C84005 and M84032 in April 2024) */
    const char *superseded[8]; /* the first few, for warnings */
};
#define CQC_SUPERSEDED_KEPT 8

int cqc_parse(const char *name, const void *mem, size_t len, const struct xlsx_limits *lim,
              struct arena *a, struct cqc_file *out, struct pcn_msg *m);

int cqc_import(struct db *db, const struct import_src *src, struct import_result *res,
               struct pcn_msg *m);

/* The ratings of one practice: the overall one first, then the domains in
 * CQC's order (Safe, Effective, Caring, Responsive, Well-led). */
int cqc_practice(struct db *db, const char *code, struct arena *a, struct cqc_rating **out,
                 size_t *n, struct pcn_msg *m);

/* The overall rating of each of the practices given, in the same order;
 * out[i].rating NULL where there is none.  No sorting, ever. */
int cqc_overall_of(struct db *db, const char *const *codes, size_t ncodes, struct arena *a,
                   struct cqc_rating **out, struct pcn_msg *m);

/* Is there any rating in the store? */
int cqc_loaded(struct db *db, bool *out, struct pcn_msg *m);

#endif
