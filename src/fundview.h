/* fundview.h: the JSON of PCN funding, shared by the CLI's --json and the
 * web API, so the two always agree.
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

/* [{key, text, value, unit, source, confidence}] */
json_t *fundview_trail(const struct trail *t);

/* One year of rules: {year, dir, streams[...], stream_rates[...],
 * arrs_roles[...], arrs_maxima[...], afc_pay[...], oncosts[...],
 * iif_indicators[...], iif_point_value[...], sources{TAG: address}} with
 * every row's columns in their units, plus "at": "FILE:LINE". */
json_t *fundview_rules_year(const struct rules *r, const struct rules_year *y);

#endif
