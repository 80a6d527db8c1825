/* rulecheck.h: the checks of a year's rules rows against each other, once
 * every file is parsed (rulefile.h): rates, maxima, pay points, on-costs,
 * IIF rows and adjustments whose dates overlap another row of the same
 * thing; rates and schedules of streams the year does not have; maxima of
 * unknown roles; IIF rows of unknown indicators; source tags sources.csv
 * does not list.  Each problem goes to the diagnostics as FILE:LINE: field
 * COL: words, with the line of the row it clashes with.  Pure.
 * rules_check (rules.h) runs it for every year.  A private part of the
 * rules module (src/include-order): only rules.c calls it. */
#ifndef PCN_RULECHECK_H
#define PCN_RULECHECK_H

#include "rules.h"

/* Checks one year; returns the number of errors found (0 when clean) and
 * counts them in y->nerrors. */
long rulecheck_year(struct rules *r, struct rules_year *y, struct rules_diag *d);

#endif
