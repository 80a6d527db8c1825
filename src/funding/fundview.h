/* fundview.h: the views of PCN funding shared by the command line and the
 * web, so the two always agree: the JSON (the CLI's --json and the API) and
 * the sheets for download (the CLI's --csv and --xlsx and the pages' CSV and
 * XLSX downloads).
 *
 * Conventions (as regview.h): money is an integer in a field named for its
 * unit (annual_pence), never a JSON real; rates are millipence, populations
 * hundredths, percentages basis points; dates are ISO strings; a value not
 * known is null.  Confidence is "official", "single-source" or
 * "unconfirmed".  Each function returns a new reference (the caller
 * json_decref's it); NULL only on out-of-memory. */
#ifndef PCN_FUNDVIEW_H
#define PCN_FUNDVIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "entitle.h"
#include "rules.h"
#include "sheet.h"

/* {pcn{code,name}, year, base_date, members_date, list_size_date, rules,
 *  rounding, estimate, confidence,
 *  populations{registered_list, registered_list_estimate,
 *              adjusted_population_hundredths, adjusted_population_estimate,
 *              weighted_population_hundredths, weighted_population_estimate},
 *  streams[{id, name, kind, paid_to, annual_pence, maximum_pence,
 *           monthly_pence[12 from April], estimate, confidence, distribution,
 *           practices[{code, annual_pence}]?, trail[...]?}],
 *  not_computed[{id, name, reason}], total_pence, monthly_total_pence[12],
 *  practices[{code, name, registered_patients, adjusted_population_hundredths,
 *             weighted_population_hundredths, total_pence}]?,
 *  inputs_trail[...]?}
 * practices adds the practice lists; explain adds the trails, each step
 * {key, text, value, unit, source, confidence}. */
json_t *fundview_entitlements(const struct ent_result *r, const struct rules_year *y,
                              bool practices, bool explain);

/* Many PCNs (an ICB's or England's): {year, rules, icb (or null), pcns[each
 * as fundview_entitlements without practices or trails], payments_pence
 * (the PCNs' payments added up), up_to_pence (their maxima, the ARRS sums:
 * never added to payments), estimates (how many PCNs' results are
 * estimates)}.  list is an array of those objects and is consumed. */
json_t *fundview_many(fy_t fy, const struct rules_year *y, const char *icb, json_t *list,
                      pence_t payments, pence_t up_to, long estimates);

/* [{key, text, value, unit, source, confidence}] */
json_t *fundview_trail(const struct trail *t);

/* One year of rules: {year, dir, streams[...], stream_rates[...],
 * arrs_roles[...], arrs_maxima[...], afc_pay[...], oncosts[...],
 * iif_indicators[...], iif_point_value[...], sources{TAG: address}} with
 * every row's columns in their units, plus "at": "FILE:LINE". */
json_t *fundview_rules_year(const struct rules *r, const struct rules_year *y);

/* ---- sheets for download -------------------------------------------------
 *
 * Three sheets (sheet.h), set up empty by fundview_sheets_init and filled one
 * result at a time by fundview_sheets_add:
 *   Entitlements  one row per PCN and stream, headers in words with units:
 *                 PCN code, PCN name, Year, Stream (its name), Counted as
 *                 (Payment; Up to, a maximum to claim against; Outside the
 *                 DES), Annual amount (£), April (£) ... March (£),
 *                 Estimate (Yes or No), Confidence (official, single
 *                 source, unconfirmed, provisional).  `pcnops entitlements
 *                 --csv` writes this sheet, and so do the pages' CSV
 *                 downloads.
 *   Practices     one row per PCN, member practice and shared stream:
 *                 PCN code, Practice code, Practice name, Stream, Shared by
 *                 (in words), Practice's share a year (£).
 *   Working       the working of every figure, one row per step: PCN code,
 *                 Stream ("Populations" for the bases), Step (1, 2, ... in
 *                 each trail), Working (the sentence), Amount (£) (money
 *                 steps), Figure and Unit (other steps, in their unit for
 *                 people: "2.21800" pounds (a rate), "87.5" per cent),
 *                 Source, Confidence.
 * The JSON keeps the machine names (stream ids, methods) and integer pence.
 * Money stays integer pence in the cells; the writers format it exactly
 * (CSV) or turn it into a number only as the XLSX cell is written. */
enum { FV_STREAMS, FV_PRACTICES, FV_WORKING, FV_NSHEETS };
void fundview_sheets_init(struct sheet sheets[FV_NSHEETS], struct arena *a);
/* streams_only: the Entitlements sheet alone (for CSV, which has one). */
void fundview_sheets_add(struct sheet sheets[FV_NSHEETS], const struct ent_result *r,
                         bool streams_only);

#endif
