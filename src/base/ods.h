/* ods.h: Organisation Data Service (ODS) codes.  Pure code.
 *
 * PCN Ops keys every organisation on its ODS code, never on its name.  ODS
 * codes are unique across all kinds of organisation.  Formats, from the rules
 * reference §9.4 and the July 2026 registry:
 *   practice   a letter and 5 digits                  K82070
 *   PCN        U and 5 digits                         U12345
 *   ICB        Q and 2 letters or digits (QMJ), or the 5-character form of
 *              the merged ICBs of 2026 (Z9B2Z: letter, digit, letter, digit,
 *              letter)
 *   sub-ICB    3 letters or digits (93C, 16C) or the same 5-character form
 *              (X2C4Y); the reference warns against a tighter pattern
 *   region     Y and 2 digits                         Y56
 * The placeholder PCN "U" ("Unallocated") of NHS England's files is not a
 * network and is not a valid PCN code. */
#ifndef PCN_ODS_H
#define PCN_ODS_H

#include <stdbool.h>
#include <stddef.h>

enum org_kind {
    ORG_NONE = 0,
    ORG_REGION,
    ORG_ICB,
    ORG_SUB_ICB,
    ORG_PCN,
    ORG_PRACTICE,
};

bool ods_is_practice(const char *s, size_t len);
bool ods_is_pcn(const char *s, size_t len);
bool ods_is_icb(const char *s, size_t len);
bool ods_is_sub_icb(const char *s, size_t len);
bool ods_is_region(const char *s, size_t len);
bool ods_is_valid(enum org_kind kind, const char *s, size_t len);

/* Partner organisations of a neighbourhood (nbhd.h), with the formats PCN
 * Ops checks (ODS issues them; the neighbourhood page asks for them only
 * where the organisation has one):
 *   NHS trust (community, mental health): 3 characters, R or T and 2
 *              letters or digits (RYJ, RX1; T for care trusts: TAF)
 *   community pharmacy: 5 characters, F and 4 letters or digits (FA008)
 *   any other (local authority, hospice, VCSE body): the general shape of
 *              an ODS organisation code, 3 to 6 capital letters or digits;
 *              no tighter pattern is known to hold for them */
bool ods_is_org_code(const char *s, size_t len);
bool ods_is_trust(const char *s, size_t len);
bool ods_is_pharmacy(const char *s, size_t len);

/* The stored name of a kind ("practice", "pcn", "sub_icb", "icb", "region")
 * and back; org_kind_parse returns ORG_NONE for an unknown word. */
const char *org_kind_name(enum org_kind kind);
enum org_kind org_kind_parse(const char *s);
/* How a person reads it: "practice", "PCN", "sub-ICB location", "ICB". */
const char *org_kind_label(enum org_kind kind);
/* With its article: "an ICB", "a PCN", "a practice". */
const char *org_kind_a(enum org_kind kind);
/* What a valid code looks like, for error messages. */
const char *ods_format_hint(enum org_kind kind);

#endif
