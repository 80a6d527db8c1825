/* epcn.h: membership history from ODS, the only publication with the
 * real start and end dates of a practice's membership of a PCN.
 *
 * `pcnops import epcn FILE` reads the ODS ePCN report as published:
 *   the workbook (.xlsx), both sheets: 'PCNDetails' (each PCN: code, name,
 *       sub-ICB location, open and close dates, address) and 'PCN Core
 *       Partner Details' (each practice-to-PCN relationship: practice code
 *       and name, PCN code and name, both sub-ICB locations, start and end
 *       dates); header cells hold line breaks ("Practice to PCN\n
 *       Relationship\nStart Date"), matched whatever the spacing;
 *   ODS's CSV export of either report: 'epcncorepartnerdetails' (11
 *       columns) or 'epcn' (12 columns), with the header row (columns found
 *       by name) or without it (the columns in the workbook's order; told
 *       apart by the first cell: a practice code, or a PCN code).
 * Dates are YYYYMMDD; an end date may equal its start (ODS records a
 * relationship begun and ended the same day) but not come before it.  ODS
 * dates are taken as inclusive: a relationship holds from its start date
 * to its end date, both days included (so a practice that moves on 1 July
 * shows in both PCNs that day, as ODS writes it).
 *
 * Refused whole, nothing written, the error naming the file and the sheet
 * and cell (workbook) or the line (CSV) and the field: a malformed code, an
 * empty name, a date not YYYYMMDD or impossible, an end before its start,
 * the same relationship (practice, PCN, start) or PCN twice, a missing
 * sheet or column, and every limit of xlsx.h.
 *
 * The file is a full report: importing it makes the store's ODS
 * relationships (or PCNs) those of the file: new ones added, changed ones
 * updated, those no longer in it removed, all in one transaction with its
 * audit entry; importing it again changes nothing.
 *
 * Monthly publications (regmap.h) only show which PCN a practice was in on
 * each extract date, so the registry's membership dates are the dates of
 * the publications loaded: guesses.  epcn_history puts both side by side
 * for a practice or a PCN and marks each publication date on which the
 * monthly file and ODS disagree (a practice the monthly file shows in a PCN
 * and ODS in another or none, or the other way round; for a PCN, every
 * practice either shows in it); ODS is the one trusted.  A publication
 * later than the ODS file's latest date is not compared (the report does
 * not know what happened after it). */
#ifndef PCN_EPCN_H
#define PCN_EPCN_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "date.h"
#include "import.h"
#include "ods.h"
#include "xlsx.h"

#define EPCN_SHEET_PCNS "PCNDetails"
#define EPCN_SHEET_PARTNERS "PCN Core Partner Details"

/* One practice-to-PCN relationship as ODS publishes it. */
struct epcn_rel {
    const char *practice, *practice_name, *practice_sub_icb;
    const char *pcn, *pcn_name, *pcn_sub_icb;
    date_t start, end; /* end DATE_NONE: open */
    long row;          /* the sheet row or CSV line it came from */
};

struct epcn_pcn {
    const char *code, *name, *sub_icb, *postcode;
    date_t open, close; /* close DATE_NONE: open */
    long row;
};

/* A whole report as parsed: either part may be empty (a CSV holds one). */
struct epcn_report {
    struct epcn_rel *rels;
    size_t nrels;
    struct epcn_pcn *pcns;
    size_t npcns;
    bool has_rels, has_pcns; /* which reports the file held */
    date_t latest;           /* the latest date in the file */
};

/* Parses a workbook or CSV in memory (name for messages; lim NULL for
 * xlsx_default_limits).  Strings live in a. */
int epcn_parse(const char *name, const void *mem, size_t len, const struct xlsx_limits *lim,
               struct arena *a, struct epcn_report *out, struct pcn_msg *m);

/* The importer (import.h). */
int epcn_import(struct db *db, const struct import_src *src, struct import_result *res,
                struct pcn_msg *m);

/* ---- the history ---------------------------------------------------------- */

/* A relationship read back from the store. */
struct epcn_stored {
    const char *practice, *practice_name, *pcn, *pcn_name;
    date_t start, end;
    const char *source;
};

/* A publication date on which the monthly file and ODS disagree about a
 * practice: the monthly file's PCN (NULL: none) and ODS's on that date
 * (NULL: none; the first when ODS shows two that day). */
struct epcn_disagree {
    const char *practice;
    date_t date;
    const char *monthly_pcn;
    const char *ods_pcn;
};

struct epcn_history {
    bool loaded;              /* any ODS relationships in the store */
    date_t ods_latest;        /* the latest date of the ODS report   */
    struct epcn_stored *rels; /* the practice's or PCN's, by start   */
    size_t nrels;
    struct epcn_disagree *dis; /* by practice, then date              */
    size_t ndis;
    long compared; /* publication dates compared          */
};

/* Is an ODS report loaded?  (false on a store error too) */
bool epcn_loaded(struct db *db);

/* kind ORG_PRACTICE or ORG_PCN. */
int epcn_history(struct db *db, enum org_kind kind, const char *code, struct arena *a,
                 struct epcn_history *out, struct pcn_msg *m);

/* Pure: the disagreements of one practice, given its monthly periods
 * (hist.h style: [from, to) with the PCN, to DATE_NONE open), the
 * publication dates loaded and its ODS relationships. */
struct epcn_month {
    date_t from, to;
    const char *pcn;
};
size_t epcn_compare(const char *practice, const struct epcn_month *months, size_t nmonths,
                    const date_t *pubs, size_t npubs, const struct epcn_stored *rels, size_t nrels,
                    date_t ods_latest, struct arena *a, struct epcn_disagree **out, long *compared);

/* The history as JSON (the CLI's --json): relationships, disagreements
 * with "trusted": "ODS", and the count of dates compared. */
#include <jansson.h>
json_t *epcn_history_json(const char *code, const struct epcn_history *h);
#endif
