/* limits.h: every hard limit of PCN Ops, in one place.
 *
 * An input that passes one of these is refused with PCN_ELIMIT and a message
 * naming the limit; the web layer maps that to 413 (bodies) or 400 (fields). */
#ifndef PCN_LIMITS_H
#define PCN_LIMITS_H

/* CSV reader (csv.h) */
#define LIMIT_CSV_FIELD_BYTES 4096 /* one field, after unquoting        */
#define LIMIT_CSV_COLUMNS 64       /* fields in one record              */
#define LIMIT_CSV_ROWS 5000000     /* records in one file               */
/* NHS Payments to General Practice (nhspay.h): 75 columns in 2022/23 */
#define LIMIT_NHSPAY_COLUMNS 128 /* fields in one record of that file */

/* Files read by importers (infile.h): the uncompressed size */
#define LIMIT_IMPORT_BYTES (512L * 1024 * 1024)

/* Text buffers (buf.h): default ceiling when a caller has no better one */
#define LIMIT_BUF_DEFAULT (64L * 1024 * 1024)

/* HTTP (http.h, server.c) */
#define LIMIT_BODY_BYTES (64L * 1024 * 1024) /* uploads: an NHS file, gzipped or not */
#define LIMIT_FORM_BODY_BYTES (64L * 1024)   /* bodies that are not uploads     */
#define LIMIT_URL_CANON                                                                            \
    1024                               /* paths redirected to their canonical
                                                        address (router.c); longer: 404 */
#define LIMIT_HEADER_BYTES (16 * 1024) /* request line and headers: 431   */
#define LIMIT_CONN_MEMORY                                                                          \
    (64 * 1024) /* libmicrohttpd's pool per connection:
                                                        headers past it get its own 431  */
#define LIMIT_BODIES_BYTES                                                                         \
    (256L * 1024 * 1024) /* bodies held at once, all
                                                        connections: 503 past it         */
#define LIMIT_RESPONSE_BYTES (32L * 1024 * 1024)
#define LIMIT_REQUEST_SECONDS 30 /* idle connection timeout         */
#define LIMIT_HEADER_SECONDS                                                                       \
    15 /* request line and headers, from the
                                                        connection or the last answer     */
#define LIMIT_HEADER_SECONDS_BUSY                                                                  \
    3                                   /* the same, over half the connections
                                                        taken                             */
#define LIMIT_BODY_GRACE_SECONDS 10     /* then a body must keep up with:  */
#define LIMIT_BODY_MIN_RATE (16 * 1024) /* bytes a second, on average      */
#define LIMIT_CONNECTIONS 1000          /* in all                          */
#define LIMIT_CONNECTIONS_PER_ADDRESS                                                              \
    64 /* from one address (not the
                                                        trusted proxy)                   */

/* The store (db.h): PostgreSQL's statement timeout, and how many times a
 * statement outside a transaction is tried again after a serialization
 * failure or a lost connection (db_pg.c) */
#define LIMIT_DB_STATEMENT_MS 60000
#define LIMIT_DB_RETRIES 3
#define LIMIT_DB_CONNECT_SECONDS "10" /* libpq's connect_timeout, unless the URL gives one */

/* Error and warning messages */
#define LIMIT_MSG_BYTES 1024
#define LIMIT_WARNINGS_KEPT 50 /* further warnings are only counted */

/* Rules files (rules.h): one file's size, and messages kept per run */
#define LIMIT_RULES_FILE_BYTES (4L * 1024 * 1024)
#define LIMIT_RULES_ERRORS_KEPT 200

/* Calendar files (ics.h): the file, one unfolded line, events, nesting */
#define LIMIT_ICS_BYTES (4L * 1024 * 1024)
#define LIMIT_ICS_LINE_BYTES (16 * 1024)
#define LIMIT_ICS_EVENTS 10000
#define LIMIT_ICS_DEPTH 8
#define LIMIT_ICS_RRULES 8       /* RRULE lines in one event */
#define LIMIT_ICS_STEPS 1000000L /* recurrence iterator steps, one file */

/* Forms (form.h): the ranges of what is typed on the pages; each message
 * says its range */
#define LIMIT_FORM_BEDS_MAX 10000              /* care home beds of a PCN      */
#define LIMIT_FORM_ANNUAL_COST_MAX 100000000LL /* pence: £1,000,000 a post a year */
#define LIMIT_FORM_AMOUNT_MAX                                                                      \
    100000000000LL                        /* pence: £1,000,000,000, any other
                                                       amount (a funding figure)    */
#define LIMIT_FORM_POPULATION_MAX 1000000 /* a practice's population      */
#define LIMIT_FORM_PATIENTS_MAX 10000000  /* patients in a figure (IIF)   */
#define LIMIT_FORM_WTE_MIN_E4                                                                      \
    100                             /* a post's WTE from 0.01 (to 1.0,
                                                       WTE_WHOLE), ten-thousandths */
#define LIMIT_FORM_PRIORITY_MAX 10  /* a planned post's priority, from 1 */
#define LIMIT_FORM_GAP_DAYS_MAX 366 /* days between supervision sessions */
#define LIMIT_FORM_TEXT_BYTES 2000  /* a free-text field            */
#define LIMIT_FORM_NAME_BYTES 200   /* a name typed on a form       */
#define LIMIT_FORM_FIRST_YEAR 2019  /* dates from 1 July 2019 (the  */
#define LIMIT_FORM_FIRST_MONTH 7    /*  PCN DES and ARRS began) ... */
#define LIMIT_FORM_YEARS_AHEAD 1    /* ... to a year after today    */

/* Names and codes stored in the registry */
#define LIMIT_NAME_BYTES 200
#define LIMIT_CODE_BYTES 12

#endif
