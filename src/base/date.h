/* date.h: calendar dates and NHS financial years.  Pure code, no clock.
 *
 * A date_t is the number of days since 1 January 1970 in the proleptic
 * Gregorian calendar, so dates compare and subtract as integers.  Supported
 * range: years 1800 to 2999 (DATE_MIN to DATE_MAX); parsers refuse others.
 *
 * A financial year (fy_t) is named by the calendar year it starts in:
 * 2025 is "2025/26", 1 April 2025 to 31 March 2026. */
#ifndef PCN_DATE_H
#define PCN_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

typedef int32_t date_t;
typedef int fy_t;

#define DATE_NONE INT32_MIN /* "no date": an open end, a missing value */
#define DATE_ISO_LEN 10     /* "YYYY-MM-DD" without the NUL */
#define DATE_MIN (-62091)   /* 1 January 1800   */
#define DATE_MAX 376199     /* 31 December 2999 */

bool date_valid_ymd(int y, int m, int d);
/* y, m, d must be valid (BUG otherwise). */
date_t date_from_ymd(int y, int m, int d);
void date_to_ymd(date_t t, int *y, int *m, int *d);
int date_days_in_month(int y, int m);
/* 0 = Monday ... 6 = Sunday */
int date_weekday(date_t t);

/* Strict ISO 8601 calendar date, exactly "YYYY-MM-DD".  0 or PCN_EINVAL. */
int date_parse_iso(const char *s, size_t len, date_t *out);

/* Every date format met in NHS England's publications (MANIFEST.md):
 *   2026-07-01   01Jul2026   01JUL2026   01-Apr-26   31/03/2024   20260701
 * Month names are English, any case.  A two-digit year is 2000 + yy when
 * yy < 70 and 1900 + yy otherwise.  Anything else, or an impossible date
 * such as 31/02/2024, is PCN_EINVAL. */
int date_parse_nhs(const char *s, size_t len, date_t *out);

/* Writes "YYYY-MM-DD" and a NUL into out (at least 11 bytes). */
void date_format_iso(date_t t, char out[static 11]);
/* Appends "1 April 2025" (NHS content style). */
int date_add_uk(struct buf *b, date_t t);
/* Appends "Tuesday 1 April 2025". */
int date_add_uk_weekday(struct buf *b, date_t t);
/* The English month name, 1 = "January". */
const char *date_month_name(int m);

/* First day of the month containing t, and the same day n months later
 * (clamped to the month's end: 31 January + 1 month = 28 or 29 February). */
date_t date_month_start(date_t t);
date_t date_add_months(date_t t, int n);

/* Financial years */
fy_t fy_of(date_t t);
date_t fy_start(fy_t fy); /* 1 April fy     */
date_t fy_end(fy_t fy);   /* 31 March fy+1  */
/* "2025/26" (also accepted: "2025-26", the form used in directory names).
 * The second part must be the next year.  0 or PCN_EINVAL. */
int fy_parse(const char *s, fy_t *out);
/* Writes "2025/26" and a NUL into out (at least 8 bytes). */
void fy_format(fy_t fy, char out[static 8]);
/* Writes "2025-26", the form of the rules' folder names and of ?year=. */
void fy_format_dir(fy_t fy, char out[static 8]);
/* 1 January before the year starts: the population base date. */
date_t fy_base_date(fy_t fy);
/* Whether d is a base date (1 January): the only date NHS England
 * publishes practice populations for, so the only one they may be entered
 * for. */
bool fy_is_base_date(date_t d);

#endif
