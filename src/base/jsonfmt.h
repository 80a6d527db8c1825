/* jsonfmt.h: how every JSON document PCN Ops writes is printed, so that the
 * CLI's --json, the API and the exports agree byte for byte.
 *
 * Keys keep the order the view built them in, and a real number prints
 * with 12 significant digits: enough for every decimal the views make
 * (hours, percentages, WTE) to print as written (87.01, not
 * 87.010000000000005), and far below where a double loses them.  Money is
 * never a real: it is integer pence. */
#ifndef PCN_JSONFMT_H
#define PCN_JSONFMT_H

#include <jansson.h>

#define PCN_JSON_DUMP (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

#endif
