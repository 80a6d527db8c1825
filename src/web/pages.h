/* pages.h: the request handlers the router calls (one page_*.c or api_*.c
 * per group).  Each handler gets a context whose user, CSRF check and
 * organisation scope for admin-only routes have been handled by the router,
 * and writes c->r.  Handlers check organisation scope themselves (perm.h)
 * for routes that take a code. */
#ifndef PCN_PAGES_H
#define PCN_PAGES_H

#include <jansson.h>

#include "web.h"

/* page_common.c: what the handlers share.
 * page_org_allowed: the organisation of the route (c->params[0]) when ok
 * (the caller's perm.h check); otherwise the refusal audited as `denied`
 * (perm_denied), "Page not found", and NULL. */
const char *page_org_allowed(struct ctx *c, bool ok, const char *denied);
/* The rules of the request (web_rules), or the failure page and NULL. */
struct rules;
const struct rules *page_rules_or_500(struct ctx *c);
/* The organisation's name on today's date, or its code when it has none. */
const char *page_org_name(struct ctx *c, const char *code);
/* A store call's answer: false for rc 0; "Page not found" for
 * PCN_ENOTFOUND, the failure page (m to the log) otherwise, and true. */
bool page_failed(struct ctx *c, int rc, const struct pcn_msg *m);
/* The one 404: "Page not found" (ui_not_found), or for the API (c->api)
 * its JSON error. */
void page_not_found(struct ctx *c);
/* The start of the notice that the rules have no year for today, so the
 * page shows `shown`: "...so this shows 2025/26"; the caller ends the
 * sentence (and says how a year is added) and closes the </p></div>. */
struct html;
void page_fallback_begin(struct ctx *c, struct html *h, fy_t shown);
/* A download named `name`: the n sheets as one XLSX workbook, or the first
 * as CSV, with its Content-Disposition.  Non-zero (m says why) with nothing
 * sent when it cannot be made; the caller answers with its failure page. */
struct sheet;
int page_send_sheets(struct ctx *c, const struct sheet *sh, size_t n, bool xlsx, const char *name,
                     struct pcn_msg *m);

/* page_auth.c */
void page_sign_in(struct ctx *c);
void page_sign_in_post(struct ctx *c);
void page_sign_out_post(struct ctx *c);

/* page_home.c: the home page of each role (home.h), its JSON, search */
void page_home(struct ctx *c);
void api_home(struct ctx *c);
void page_search(struct ctx *c);

/* page_registry.c */
void page_icb(struct ctx *c);
void page_pcn(struct ctx *c);
void page_practice(struct ctx *c);

/* page_import.c */
void page_import(struct ctx *c);
void page_import_post(struct ctx *c);
/* An importer's "NAME:LINE: field F: ..." as "NAME, line LINE, field F: ..." (in c->a). */
const char *page_import_for_people(struct ctx *c, const char *name, const char *text);
/* page_pcn_import.c: a PCN's own populations, staff CSV and workforce census */
void page_pcn_import(struct ctx *c);
void page_pcn_import_post(struct ctx *c);
void page_pcn_import_confirm(struct ctx *c);

/* page_admin.c */
void page_users(struct ctx *c);
void page_users_post(struct ctx *c);
void page_audit(struct ctx *c);
void page_tokens_post(struct ctx *c);

/* page_account.c: an account (admins), one's own, and reset links */
void page_user(struct ctx *c);
void page_user_post(struct ctx *c);
void page_account(struct ctx *c);
void page_account_post(struct ctx *c);
void page_reset(struct ctx *c);
void page_reset_post(struct ctx *c);

/* page_arrs*.c (page_arrs.h): the year's position and the planner
 * (page_arrs.c), the staff register (_staff), the month's claim (_claims) */
void page_arrs(struct ctx *c);
void page_arrs_staff(struct ctx *c);
void page_arrs_staff_one(struct ctx *c);
void page_arrs_staff_new(struct ctx *c);
void page_arrs_staff_post(struct ctx *c);
void page_arrs_terms_post(struct ctx *c);
void page_arrs_end_post(struct ctx *c);
void page_arrs_claims(struct ctx *c);
void page_arrs_draft_post(struct ctx *c);
void page_arrs_status_post(struct ctx *c);
void page_arrs_claims_csv(struct ctx *c);
void page_arrs_claims_xlsx(struct ctx *c);
void page_arrs_plan(struct ctx *c);
void page_arrs_plan_post(struct ctx *c);

/* page_cashflow.c: when the money arrives and the cash gap (cashview.h),
 * its downloads, the what-if, the PCN's own ARRS lag, and its API. */
void page_cashflow(struct ctx *c);
void page_cashflow_whatif_post(struct ctx *c);
void page_cashflow_lag_post(struct ctx *c);
void page_cashflow_csv(struct ctx *c);
void page_cashflow_xlsx(struct ctx *c);
void api_cashflow(struct ctx *c);

/* page_funding*.c (page_funding.h): a PCN's funding and downloads
 * (page_funding.c), its practices' shares (_practices), its inputs
 * (_inputs), the ICB overview (_icb); the rules upload (admin) */
void page_funding(struct ctx *c);
void page_funding_practices(struct ctx *c);
void page_funding_csv(struct ctx *c);
void page_funding_xlsx(struct ctx *c);
void page_funding_inputs(struct ctx *c);
/* page_rules.c: the PCN's own figures and the ICB's local variation */
void page_pcn_rules(struct ctx *c);
void page_pcn_rules_post(struct ctx *c);
void page_pcn_rules_end(struct ctx *c);
void page_pcn_rules_remove(struct ctx *c);
void page_icb_rules(struct ctx *c);
void page_icb_rules_post(struct ctx *c);
void page_icb_rules_end(struct ctx *c);
void page_icb_rules_remove(struct ctx *c);
void page_funding_populations_post(struct ctx *c);
void page_funding_beds_post(struct ctx *c);
void page_funding_caip_post(struct ctx *c);
void page_funding_distribution_post(struct ctx *c);
void page_icb_funding(struct ctx *c);
/* page_funding_paid.c: what NHS England paid, on the funding page (a
 * section after the streams; a whole page for a year the rules do not
 * hold, false when there are no payments either), and its API. */
struct html;
struct ent_result;
void page_funding_paid(struct ctx *c, struct html *h, const char *code, fy_t fy,
                       const struct ent_result *res);
bool page_funding_paid_alone(struct ctx *c, const char *code, fy_t fy);
void api_pcn_payments(struct ctx *c);
void page_icb_funding_csv(struct ctx *c);
void page_icb_funding_xlsx(struct ctx *c);
void page_rules(struct ctx *c);
void page_rules_post(struct ctx *c);
void page_rules_edit(struct ctx *c);
void page_rules_edit_post(struct ctx *c);
void page_rules_file(struct ctx *c);
void page_rules_sources(struct ctx *c);

/* page_iif.c, and page_caip.c for the CAIP tracker (page_iif.h) */
void page_iif(struct ctx *c);
void page_iif_enter(struct ctx *c);
void page_iif_enter_post(struct ctx *c);
void page_caip(struct ctx *c);
void page_caip_post(struct ctx *c);
/* page_desk*.c: the clinical director's desk (deskweb.h); the calendar
 * import in page_desk_import.c */
void page_desk(struct ctx *c);
void page_desk_time(struct ctx *c);
void page_desk_time_post(struct ctx *c);
void page_desk_time_delete(struct ctx *c);
void page_desk_funded(struct ctx *c);
void page_desk_funded_post(struct ctx *c);
void page_desk_import(struct ctx *c);
void page_desk_import_post(struct ctx *c);
void page_desk_import_confirm(struct ctx *c);
void page_desk_requests(struct ctx *c);
void page_desk_requests_post(struct ctx *c);
void page_desk_request(struct ctx *c);
void page_desk_request_post(struct ctx *c);
void page_desk_report(struct ctx *c);
void page_desk_report_csv(struct ctx *c);
void page_desk_report_xlsx(struct ctx *c);
void page_desk_delegation(struct ctx *c);
void page_desk_delegation_post(struct ctx *c);
void page_desk_people(struct ctx *c);
void page_desk_people_post(struct ctx *c);
void page_desk_engagement_post(struct ctx *c);
void page_desk_followup_done(struct ctx *c);
void page_desk_brief(struct ctx *c);
void page_desk_brief_xlsx(struct ctx *c);
void page_desk_supervision(struct ctx *c);
void page_desk_supervision_post(struct ctx *c);

/* page_network.c: the network's decisions (network.h) */
void page_network(struct ctx *c);
void page_network_post(struct ctx *c);
/* page_network_decision.c: one decision, its vote and its closing */
void page_network_decision(struct ctx *c);
void page_network_vote(struct ctx *c);
void page_network_close(struct ctx *c);
void api_network(struct ctx *c);
void api_network_decision(struct ctx *c);
void api_network_vote(struct ctx *c);

/* page_nbhd.c: the neighbourhood team (nbhd.h) */
void page_nbhd(struct ctx *c);
void page_nbhd_post(struct ctx *c);
void api_nbhd(struct ctx *c);

/* page_info.c */
void page_accessibility(struct ctx *c);
void page_about(struct ctx *c);
void page_help(struct ctx *c); /* page_help.c */
void page_healthz(struct ctx *c);

/* api_registry.c: the JSON API, the same JSON as the CLI's --json */
void api_me(struct ctx *c);
void api_icbs(struct ctx *c);
void api_icb(struct ctx *c);
void api_pcns(struct ctx *c);
void api_pcn(struct ctx *c);
void api_pcn_history(struct ctx *c);
void api_practice(struct ctx *c);

/* api_arrs.c */
void api_arrs_forecast(struct ctx *c);
void api_arrs_staff(struct ctx *c);
void api_arrs_claims(struct ctx *c);

/* api_funding.c */
void api_pcn_entitlements(struct ctx *c);
void api_icb_entitlements(struct ctx *c);

/* api_iif.c */
void api_iif(struct ctx *c);
void api_caip(struct ctx *c);
/* api_desk.c */
void api_desk(struct ctx *c);
void api_desk_time(struct ctx *c);
void api_desk_time_post(struct ctx *c);
void api_desk_funded(struct ctx *c);
void api_desk_requests(struct ctx *c);
void api_desk_report(struct ctx *c);
void api_desk_delegation(struct ctx *c);
void api_desk_stakeholders(struct ctx *c);
void api_desk_brief(struct ctx *c);
void api_desk_supervision(struct ctx *c);

/* page_epcn.c: sections of other pages (membership dates from ODS, CQC
 * ratings as context) and the practice a request names */
struct html;
struct pcn_detail;
void page_epcn_practice(struct ctx *c, struct html *h, const char *code);
void page_epcn_pcn(struct ctx *c, struct html *h, const char *code, const struct pcn_detail *d);
void page_epcn_request_practice(struct ctx *c, struct html *h, const char *pcn,
                                const char *organisation, const char *what);

/* Shared by the API handlers: writes JSON (consumed) with a status. */
void api_json(struct ctx *c, int status, json_t *j);
/* {"error": {"status": 404, "message": "..."}} */
void api_error(struct ctx *c, int status, const char *message);
/* The rules of the request, or a 500 "the rules cannot be read" and NULL. */
const struct rules *api_rules(struct ctx *c);

#endif
