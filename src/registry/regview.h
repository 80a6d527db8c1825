/* regview.h: the JSON of the registry, shared by the CLI's --json and the
 * web API (/api/v1/), so the two always agree.
 *
 * Conventions: dates are ISO strings ("2026-07-01"); counts are integers;
 * an unknown count or a missing organisation is null.  Each function returns
 * a new reference (the caller json_decref's it); NULL only on out-of-memory
 * (Jansson's own). */
#ifndef PCN_REGVIEW_H
#define PCN_REGVIEW_H

#include <jansson.h>

#include "registry.h"

/* [{code, name, registered_patients, pcn_count}] */
json_t *regview_icbs(const struct icb_row *rows, size_t n);
/* [{code, name, registered_patients, practice_count, icb_code}] */
json_t *regview_pcns(const struct pcn_row *rows, size_t n);
/* {code, name, icb{code,name}, sub_icb{code,name}, registered_patients,
 *  list_size_date, practices[{code, name, registered_patients}],
 *  list_size_trend[{date, total}]} */
json_t *regview_pcn(const struct pcn_detail *d);
/* {code, name, ons_code, region{code,name}, registered_patients,
 *  list_size_date, pcns[...as regview_pcns]} */
json_t *regview_icb(const struct icb_detail *d);
/* {code, name, postcode, supplier, pcn{code,name}|null, sub_icb, icb,
 *  registered_patients, list_size_date, list_size{total, male, female,
 *  bands[{band, male, female}]}|null, list_size_trend[{date, total}],
 *  ods{status, open_date, close_date}|null} */
json_t *regview_practice(const struct practice_detail *d);
/* [{date, kind, practice, practice_name, other_pcn} | {date, kind:
 *  "renamed", from, to}] */
json_t *regview_history(const struct reg_event *ev, size_t n);

/* Helpers for other views */
json_t *jv_str(const char *s);           /* null for NULL */
json_t *jv_date(date_t t);               /* null for DATE_NONE */
json_t *jv_count(int64_t v);             /* null for v < 0 */
json_t *jv_ref(const struct org_ref *r); /* {code, name} or null */
/* The 5-year band label: 0 -> "0_4", 19 -> "95+". */
const char *regview_band_label(int band);

#endif
