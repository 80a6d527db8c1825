/* page_home.c: the home page that runs the week (home.h), one for each
 * role, its JSON (/api/v1/home), and the search of the registry
 * (/search?q=, the header's search box).
 *
 *   clinical director, PCN manager   their PCN's "needs doing", each item
 *                                    a link to where it is done
 *   ICB user                         its PCNs at a glance
 *   admin                            imports, accounts and rules needing
 *                                    attention, then the ICBs
 *   practice                         its practice and its PCN
 *
 * Every user sees only their own organisation's: the gathering is for
 * c->user->org. */
#include "common.h"
#include "auth.h"
#include "home.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"
#include "ui.h"

static void link(struct html *h, const char *href, const char *text)
{
    HTML_LIT(h, "<a href=\"");
    html_url(h, href);
    HTML_LIT(h, "\">");
    html_text(h, text);
    HTML_LIT(h, "</a>");
}

static void org_link(struct html *h, const char *prefix, const char *code, const char *text)
{
    HTML_LIT(h, "<a href=\"");
    html_url2(h, prefix, code);
    HTML_LIT(h, "\">");
    html_text(h, text);
    HTML_LIT(h, "</a>");
}

/* ---- a PCN's week -------------------------------------------------------- */

static const char *const nothing[HS_COUNT] = {
    [HS_CLAIMS] = "No claims are waiting to be submitted or paid.",
    [HS_MONEY] = "Nothing is due this month.",
    [HS_REQUESTS] = "No request is waiting for a decision.",
    [HS_FOLLOWUPS] = "No follow-up is due or overdue.",
    [HS_ACTIONS] = "No action of the network's board or neighbourhood team is due.",
    [HS_SUPERVISION] = "No supervision is overdue.",
    [HS_NOT_KNOWN] = ("No figure this PCN's funding and claims use is missing from the rules "
                      "(some may be provisional: the funding page says which)."),
    [HS_DEADLINES] = "The rules hold no declarations or deadlines for this year.",
};

static void pcn_section(struct ctx *c, struct html *h, const struct home_pcn *p,
                        enum home_section s)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        n += p->items[i].section == s;
    if (!n) {
        HTML_LIT(h, "<h2 id=\"");
        html_attr(h, home_section_id(s));
        HTML_LIT(h, "\">");
        html_text(h, home_section_title(s));
        HTML_LIT(h, "</h2><p>");
        html_text(h, nothing[s]);
        HTML_LIT(h, "</p>");
        return;
    }
    /* the table's caption is the section's heading */
    HTML_LIT(h, "<div class=\"pcn-caption-heading\" id=\"");
    html_attr(h, home_section_id(s));
    HTML_LIT(h, "\">");
    bool money = s == HS_MONEY || s == HS_CLAIMS;
    bool dates = s != HS_MONEY && s != HS_NOT_KNOWN;
    const char *spec = money                        ? "What,>Amount,Status,Where"
                       : dates && s == HS_DEADLINES ? "What,By,Status,Where,Source"
                       : dates                      ? "What,Due,Status,Where"
                                                    : "What,Status,Where";
    ui_table_begin(h, home_section_title(s), spec);
    for (size_t i = 0; i < p->n; i++) {
        const struct home_item *x = &p->items[i];
        if (x->section != s)
            continue;
        ui_tr(h);
        ui_td(h, x->text);
        if (money) {
            ui_td_open(h, true);
            if (x->amount >= 0)
                html_money(h, x->amount);
            else
                ui_none(h, s == HS_CLAIMS ? "Draft the claims to work it out" : "Not known");
            ui_td_close(h);
        } else if (dates) {
            ui_td_open(h, false);
            if (x->due != DATE_NONE)
                html_date(h, x->due);
            else
                ui_none(h, "No date");
            ui_td_close(h);
        }
        ui_td_open(h, false);
        ui_tag(h, x->state);
        ui_td_close(h);
        ui_td_open(h, false);
        if (x->href)
            link(h, x->href, x->action ? x->action : "Go to it");
        else
            ui_none(h, "Outside PCN Ops");
        ui_td_close(h);
        if (s == HS_DEADLINES) {
            ui_td_open(h, false);
            if (x->confidence)
                ui_tag(h, strcmp(x->confidence, "single-source") == 0 ? "Single source"
                          : strcmp(x->confidence, "official") == 0    ? "Official"
                                                                      : "Unconfirmed");
            if (x->tags && *x->tags) {
                HTML_LIT(h, " <a href=\"/help#sources\">");
                html_text(h, x->tags);
                HTML_LIT(h, "</a>");
            }
            ui_td_close(h);
        }
    }
    ui_table_end(h);
    HTML_LIT(h, "</div>");
    (void)c;
}

static void pcn_home(struct ctx *c, struct html *h)
{
    struct pcn_msg m = {0}, rm = {0};
    struct home_pcn p;
    const char *problem = NULL;
    const struct rules *r = web_rules(c, &rm);
    const struct deskrules *dr = r ? web_deskrules(c, &problem, &rm) : NULL;
    if (home_pcn(c->db, r, dr, c->user->org, c->today, c->a, &p, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    struct ui_page pg = {.title = "What needs doing", .section = p.name, .active_nav = "/"};
    ui_begin(c, h, &pg);
    HTML_LIT(h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(h, p.name);
    HTML_LIT(h, " (");
    html_text(h, p.pcn);
    HTML_LIT(h, ")</span>What needs doing</h1>");
    size_t total = 0;
    for (int s = 0; s < HS_COUNT; s++)
        if (s != HS_MONEY && s != HS_DEADLINES)
            total += p.count[s];
    HTML_LIT(h, "<p class=\"nhsuk-body-l\">On ");
    html_date(h, c->today);
    HTML_LIT(h, ": ");
    if (total) {
        struct buf *b = h->b;
        buf_add_count(b, (int64_t)total, "thing needs", "things need");
        HTML_LIT(h, " doing.");
    } else {
        HTML_LIT(h, "nothing is waiting on you.");
    }
    HTML_LIT(h, "</p>");
    if (p.problem) {
        HTML_LIT(h,
                 "<div class=\"nhsuk-warning-callout\"><h3 class=\"nhsuk-warning-callout__label\">"
                 "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>"
                 "Some figures are missing</span></h3><p>");
        html_text(h, p.problem);
        HTML_LIT(h, "</p></div>");
    }
    /* the sections with something to do first, in a contents list */
    HTML_LIT(h, "<nav class=\"nhsuk-contents-list\" role=\"navigation\" aria-label=\"Sections\">"
                "<h2 class=\"nhsuk-u-visually-hidden\">Sections</h2>"
                "<ol class=\"nhsuk-contents-list__list\">");
    for (int s = 0; s < HS_COUNT; s++) {
        HTML_LIT(h,
                 "<li class=\"nhsuk-contents-list__item\"><a class=\"nhsuk-contents-list__link\" "
                 "href=\"#");
        html_attr(h, home_section_id((enum home_section)s));
        HTML_LIT(h, "\">");
        html_text(h, home_section_title((enum home_section)s));
        if (s != HS_MONEY && p.count[s]) {
            HTML_LIT(h, " (");
            html_count(h, (int64_t)p.count[s]);
            HTML_LIT(h, ")");
        }
        HTML_LIT(h, "</a></li>");
    }
    HTML_LIT(h, "</ol></nav>");
    for (int s = 0; s < HS_COUNT; s++)
        pcn_section(c, h, &p, (enum home_section)s);
    HTML_LIT(h, "<p>Deadlines come from the NHS rules files, each with its sources; see ");
    link(h, "/help", "the confidence marks and source tags");
    HTML_LIT(h, ".</p>");
    ui_end(c, h);
}

/* ---- an ICB's PCNs ------------------------------------------------------- */

/* The ICB's PCNs counted: claims to submit, awaiting payment, at risk,
 * maxima not known. */
static void at_a_glance(struct ctx *c, struct html *h, const struct home_icb *p)
{
    const char *mon = arena_printf(c->a, "%s %d", date_month_name(p->last_month), p->last_year);
    HTML_LIT(h, "<ul class=\"nhsuk-list nhsuk-list--bullet\"><li>");
    buf_add_count(h->b, p->to_submit, "PCN has", "PCNs have");
    HTML_LIT(h, " claims for ");
    html_text(h, mon);
    HTML_LIT(h, " not yet submitted</li><li>");
    buf_add_count(h->b, p->awaiting, "PCN has", "PCNs have");
    HTML_LIT(h, " claims submitted or approved and not yet paid, ");
    html_money(h, p->awaiting_pence);
    HTML_LIT(h, " in all</li><li>");
    buf_add_count(h->b, p->at_risk, "PCN is", "PCNs are");
    HTML_LIT(h, " at risk of underspending the ARRS</li><li>");
    buf_add_count(h->b, p->with_not_known, "PCN has", "PCNs have");
    HTML_LIT(h, " staff in a role whose maximum the rules do not know</li></ul>");
    if (p->streams_not_known) {
        HTML_LIT(h, "<p>");
        buf_add_count(h->b, p->streams_not_known, "rate", "rates");
        HTML_LIT(h, " of this year's national rules are not known. ");
        HTML_LIT(h, "<a href=\"");
        html_url2(h, "/icb/", p->icb);
        HTML_LIT(h, "/rules\">Enter the ICB's local variation</a> where one applies.</p>");
    }
}

/* A PCN's row in the ICB's table. */
static void pcn_row(struct html *h, const struct home_icb_row *x)
{
    ui_tr(h);
    ui_td_open(h, false);
    org_link(h, "/pcn/", x->pcn, x->name ? x->name : x->pcn);
    HTML_LIT(h, " (");
    html_text(h, x->pcn);
    HTML_LIT(h, ")");
    ui_td_close(h);
    ui_td_count(h, x->posts);
    ui_td_open(h, true);
    if (x->to_submit) {
        /* the claims themselves hold pay: the ICB sees the position */
        HTML_LIT(h, "<a href=\"");
        html_url2(h, "/pcn/", x->pcn);
        HTML_LIT(h, "/arrs\">");
        html_count(h, x->to_submit);
        HTML_LIT(h, "<span class=\"nhsuk-u-visually-hidden\"> for ");
        html_text(h, x->pcn);
        HTML_LIT(h, "</span></a>");
    } else {
        html_count(h, 0);
    }
    ui_td_close(h);
    ui_td_open(h, true);
    html_money(h, x->awaiting_pence);
    ui_td_close(h);
    ui_td_open(h, true);
    html_money(h, x->claimed);
    ui_td_close(h);
    ui_td_count(h, x->unclaimed_months);
    ui_td_open(h, false);
    ui_tag(h, x->risk ? "At risk" : "On track");
    ui_td_close(h);
    ui_td_open(h, false);
    if (x->not_known) {
        HTML_LIT(h, "<a href=\"");
        html_url2(h, "/pcn/", x->pcn);
        HTML_LIT(h, "/rules\">");
        buf_add_count(h->b, x->not_known, "role", "roles");
        HTML_LIT(h, "<span class=\"nhsuk-u-visually-hidden\"> of ");
        html_text(h, x->pcn);
        HTML_LIT(h, "</span></a>");
    } else {
        ui_none(h, "None");
    }
    ui_td_close(h);
}

static void icb_home(struct ctx *c, struct html *h)
{
    struct pcn_msg m = {0}, rm = {0};
    struct home_icb p;
    const struct rules *r = web_rules(c, &rm);
    if (home_icb(c->db, r, c->user->org, c->today, c->a, &p, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    struct ui_page pg = {.title = "Your PCNs at a glance", .section = p.name, .active_nav = "/"};
    ui_begin(c, h, &pg);
    HTML_LIT(h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(h, p.name);
    HTML_LIT(h, " (");
    html_text(h, p.icb);
    HTML_LIT(h, ")</span>Your PCNs at a glance</h1>");
    at_a_glance(c, h, &p);
    HTML_LIT(h, "<p>Underspend risk: the PCN has months of this financial year with an ARRS post "
                "in post and no claim submitted for it, or no ARRS post at all. Money not claimed "
                "for the year is lost.</p>");
    ui_table_begin(h, "PCNs of this ICB",
                   "PCN,>Posts,>Claims not submitted,>Awaiting payment,>Claimed this year,"
                   ">Months not claimed,Underspend risk,Maxima not known");
    for (size_t i = 0; i < p.n; i++)
        pcn_row(h, &p.rows[i]);
    if (!p.n) {
        ui_tr(h);
        ui_td_open(h, false);
        ui_none(h, "No PCNs");
        ui_td_close(h);
        for (int k = 0; k < 7; k++)
            ui_td(h, "");
    }
    ui_table_end(h);
    HTML_LIT(h, "<p><a href=\"");
    html_url2(h, "/icb/", p.icb);
    HTML_LIT(h, "/funding\">Funding of these PCNs</a> &middot; <a href=\"");
    html_url2(h, "/icb/", p.icb);
    HTML_LIT(h, "\">The ICB's registry</a></p>");
    ui_end(c, h);
}

/* ---- admin --------------------------------------------------------------- */

/* When the registry and the list sizes were last imported. */
static void imports_section(struct html *h, const struct home_admin *p)
{
    HTML_LIT(h, "<h2 id=\"imports\">Imports</h2>");
    ui_summary_begin(h);
    ui_summary_row_open(h, "Registry (practices and PCNs)");
    if (p->registry != DATE_NONE)
        html_date(h, p->registry);
    else
        ui_none(h, "None loaded");
    HTML_LIT(h, " ");
    ui_tag(h, p->registry_old ? "Needs attention" : "Up to date");
    ui_summary_row_end(h);
    ui_summary_row_open(h, "List sizes");
    if (p->list_sizes != DATE_NONE)
        html_date(h, p->list_sizes);
    else
        ui_none(h, "None loaded");
    HTML_LIT(h, " ");
    ui_tag(h, p->list_sizes_old ? "Needs attention" : "Up to date");
    ui_summary_row_end(h);
    ui_summary_end(h);
    if (p->registry_old || p->list_sizes_old)
        HTML_LIT(h, "<p>NHS England publishes both every month: a month newer than the one "
                    "before last is likely out.</p>");
    HTML_LIT(h, "<p><a href=\"/import\">Import NHS files</a></p>");
}

/* The accounts: disabled, never signed in, reset links open. */
static void accounts_section(struct ctx *c, struct html *h, const struct home_admin *p)
{
    HTML_LIT(h,
             "<h2 id=\"accounts\">Accounts</h2><ul class=\"nhsuk-list nhsuk-list--bullet\"><li>");
    buf_add_count(h->b, p->users, "account", "accounts");
    HTML_LIT(h, ", ");
    html_count(h, p->disabled);
    HTML_LIT(h, " disabled</li><li>");
    buf_add_count(h->b, p->never_signed_in, "account has", "accounts have");
    HTML_LIT(h, " never signed in</li><li>");
    buf_add_count(h->b, p->resets_open, "password reset link is", "password reset links are");
    HTML_LIT(h, " unused and still valid</li></ul>");
    if (p->nnever) {
        ui_table_begin(h, "Accounts that have never signed in", "Account");
        for (size_t i = 0; i < p->nnever; i++) {
            ui_tr(h);
            ui_td_open(h, false);
            link(h, arena_printf(c->a, "/admin/users/%lld", (long long)p->never_ids[i]),
                 p->never[i]);
            ui_td_close(h);
        }
        ui_table_end(h);
    }
    HTML_LIT(h, "<p><a href=\"/admin/users\">Manage accounts</a></p>");
}

/* The rules: whether they can be read, and this year's and next year's. */
static void rules_section(struct ctx *c, struct html *h, const struct home_admin *p)
{
    HTML_LIT(h, "<h2 id=\"rules\">Rules</h2>");
    char fy[8], fy2[8];
    fy_format(fy_of(c->today), fy);
    fy_format(fy_of(c->today) + 1, fy2);
    HTML_LIT(h, "<ul class=\"nhsuk-list nhsuk-list--bullet\">");
    if (p->rules_problem) {
        HTML_LIT(h, "<li>The rules cannot be read: ");
        html_text(h, p->rules_problem);
        HTML_LIT(h, "</li>");
    }
    if (p->desk_rules_problem) {
        HTML_LIT(h, "<li>The desk's rules have a problem: ");
        html_text(h, p->desk_rules_problem);
        HTML_LIT(h, "</li>");
    }
    if (!p->rules_problem) {
        if (p->year_missing) {
            HTML_LIT(h, "<li>The rules have no folder for ");
            html_text(h, fy);
            HTML_LIT(h, ": every figure of the year is not known</li>");
        } else {
            HTML_LIT(h, "<li>");
            html_text(h, fy);
            HTML_LIT(h, ": ");
            buf_add_count(h->b, p->carried, "figure is", "figures are");
            HTML_LIT(h, " carried from an earlier year (provisional), ");
            buf_add_count(h->b, p->not_known, "figure is", "figures are");
            HTML_LIT(h, " not known</li>");
        }
        if (p->next_year_missing) {
            HTML_LIT(h, "<li>There is no folder for ");
            html_text(h, fy2);
            HTML_LIT(h, " yet</li>");
        }
    }
    HTML_LIT(h, "</ul><p><a href=\"/admin/rules\">Correct or add rules</a></p>");
}

static void admin_home(struct ctx *c, struct html *h)
{
    struct pcn_msg m = {0}, rm = {0};
    struct home_admin p;
    const char *dproblem = NULL;
    const struct rules *r = web_rules(c, &rm);
    if (r)
        web_deskrules(c, &dproblem, &rm);
    if (home_admin(c->db, r, r ? NULL : rm.text, dproblem, c->today, c->q->now, c->a, &p, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    struct icb_row *rows;
    size_t n;
    if (registry_list_icbs(c->db, c->today, c->a, &rows, &n, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    struct ui_page pg = {.title = "Administration", .active_nav = "/"};
    ui_begin(c, h, &pg);
    HTML_LIT(h, "<h1>Administration</h1><p>You are an administrator: you can see every ICB, PCN "
                "and practice, import NHS files, manage accounts and correct the rules.</p>");

    imports_section(h, &p);

    accounts_section(c, h, &p);

    rules_section(c, h, &p);

    HTML_LIT(h, "<h2>Registry</h2>");
    if (n == 0) {
        HTML_LIT(h, "<p>The registry is empty. <a href=\"/import\">Import the NHS registry "
                    "files</a> to start.</p>");
    } else {
        ui_table_begin(h, "Integrated care boards (ICBs)", "ICB,Name,>PCNs,>Registered patients");
        for (size_t i = 0; i < n; i++) {
            ui_tr(h);
            ui_td_open(h, false);
            org_link(h, "/icb/", rows[i].code, rows[i].code);
            ui_td_close(h);
            ui_td(h, rows[i].name);
            ui_td_count(h, rows[i].pcn_count);
            ui_td_count(h, rows[i].registered_patients);
        }
        ui_table_end(h);
    }
    ui_end(c, h);
}

/* ---- a practice ---------------------------------------------------------- */

static void practice_home(struct ctx *c, struct html *h)
{
    struct pcn_msg m = {0};
    struct org_info info;
    const struct user *u = c->user;
    struct ui_page pg = {.title = "Your organisations", .active_nav = "/"};
    ui_begin(c, h, &pg);
    HTML_LIT(h, "<h1>Your organisations</h1><ul class=\"nhsuk-list\"><li>");
    int rc = registry_org(c->db, u->org, c->today, c->a, &info, &m);
    org_link(h, "/practice/", u->org, rc == 0 && info.name ? info.name : u->org);
    HTML_LIT(h, " (");
    html_text(h, u->org);
    HTML_LIT(h, ")</li>");
    const char *pcn = perm_practice_pcn(c, u->org);
    if (pcn && registry_org(c->db, pcn, c->today, c->a, &info, &m) == 0) {
        HTML_LIT(h, "<li>Your PCN: ");
        org_link(h, "/pcn/", pcn, info.name);
        HTML_LIT(h, "</li>");
    }
    HTML_LIT(h, "</ul>");
    ui_end(c, h);
}

void page_home(struct ctx *c)
{
    struct html h = {&c->r->body};
    switch (c->user->role) {
    case ROLE_ADMIN:
        admin_home(c, &h);
        return;
    case ROLE_ICB:
        icb_home(c, &h);
        return;
    case ROLE_PCN_MANAGER:
    case ROLE_CLINICAL_DIRECTOR:
        pcn_home(c, &h);
        return;
    case ROLE_PRACTICE:
    case ROLE_NONE:
        break;
    }
    practice_home(c, &h);
}

/* GET /api/v1/home: the same for the API, as JSON. */
void api_home(struct ctx *c)
{
    struct pcn_msg m = {0}, rm = {0};
    const struct rules *r = web_rules(c, &rm);
    json_t *j = NULL;
    int rc = 0;
    switch (c->user->role) {
    case ROLE_ADMIN: {
        struct home_admin p;
        const char *dproblem = NULL;
        if (r)
            web_deskrules(c, &dproblem, &rm);
        if (!(rc = home_admin(c->db, r, r ? NULL : rm.text, dproblem, c->today, c->q->now, c->a, &p,
                              &m)))
            j = home_admin_json(&p);
        break;
    }
    case ROLE_ICB: {
        struct home_icb p;
        if (!(rc = home_icb(c->db, r, c->user->org, c->today, c->a, &p, &m)))
            j = home_icb_json(&p);
        break;
    }
    case ROLE_PCN_MANAGER:
    case ROLE_CLINICAL_DIRECTOR: {
        struct home_pcn p;
        const char *problem = NULL;
        const struct deskrules *dr = r ? web_deskrules(c, &problem, &rm) : NULL;
        if (!(rc = home_pcn(c->db, r, dr, c->user->org, c->today, c->a, &p, &m)))
            j = home_pcn_json(&p);
        break;
    }
    case ROLE_PRACTICE:
    case ROLE_NONE:
        j = json_pack("{s:s,s:s?,s:s?}", "role", role_name(c->user->role), "practice", c->user->org,
                      "pcn", perm_practice_pcn(c, c->user->org));
        break;
    }
    if (rc) {
        fprintf(stderr, "pcnops: home: %s\n", m.text);
        api_error(c, 500, "the home page's figures could not be gathered");
        return;
    }
    api_json(c, 200, j);
}
