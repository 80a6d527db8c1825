/* page_pcn_import.c: a PCN's own imports on the web (/pcn/CODE/import):
 * its practices' populations, its staff CSV and NHS England's workforce
 * census, with the same importers and the same errors as the command line
 * (FILE:LINE: field, as page_import_for_people words them).
 *
 * Upload, then a preview of what would change: the import runs inside one
 * transaction (db_hold) that is rolled back, so the counts and warnings are
 * exactly what confirming writes and nothing is written.  The file comes
 * back with the confirm form (base64url in a hidden field) and is checked
 * again in full when confirmed; any error writes nothing.  Every import,
 * refusal and confirmation is audited.
 *
 * Who: the PCN's managers and clinical director (staff and the census hold
 * personal data: perm_read_salaries; populations: perm_write_pcn), never
 * another PCN's (404, audited); an admin may import populations.  Every
 * row must be the PCN's own (import_src.only_pcn): a staff row of another
 * PCN or another PCN's practice refuses the file. */
#include "common.h"
#include "audit.h"
#include "db.h"
#include "import.h"
#include "pages.h"
#include "page_import.h"
#include "perm.h"
#include "population.h"
#include "registry.h"
#include "staff.h"
#include "ui.h"

#include <sodium.h>
#include <time.h>

enum kind { K_POPULATIONS, K_STAFF, K_CENSUS, K_COUNT };

static const struct {
    const char *value, *label, *hint;
} kinds[K_COUNT] = {
    [K_POPULATIONS] = {"populations", "Practices' weighted and adjusted populations",
                       "A CSV file with practice_code, date, weighted_population and "
                       "adjusted_population, for this PCN's practices"},
    [K_STAFF] = {"staff", "ARRS staff",
                 "A CSV file with pcn_code, staff_id, name, role, wte, start_date, end_date, zone "
                 "and annual_cost (band, pay_point, employment and supervisor may be added): a "
                 "row of a post already in the register updates it"},
    [K_CENSUS] = {"census", "NHS England's PCN workforce census (individual level)",
                  "As NHS England publishes it: this PCN's ARRS roles are added as posts from "
                  "the census month, their pay to be entered"},
};

static int kind_parse(const char *s)
{
    for (int i = 0; i < K_COUNT; i++)
        if (s && strcmp(s, kinds[i].value) == 0)
            return i;
    return -1;
}

static bool allowed(struct ctx *c, const char *code, int kind)
{
    return kind == K_POPULATIONS ? perm_write_pcn(c, code) : perm_read_salaries(c, code);
}

/* The PCN of the route, if the user may import anything into it. */
static const char *pcn_for(struct ctx *c)
{
    const char *code = c->params[0];
    enum org_kind k;
    struct pcn_msg m = {0};
    if (!perm_write_pcn(c, code) || registry_kind(c->db, code, &k, &m) || k != ORG_PCN) {
        perm_denied(c, "pcn-import", code);
        ui_not_found(c);
        return NULL;
    }
    return code;
}

static const char *pcn_name(struct ctx *c, const char *code)
{
    struct org_info info;
    struct pcn_msg m = {0};
    return registry_org(c->db, code, c->today, c->a, &info, &m) == 0 && info.name ? info.name
                                                                                  : code;
}

static void begin(struct ctx *c, struct html *h, const char *code, const char *title, int status,
                  bool error)
{
    struct ui_crumb *crumbs = ARENA_ARRAY(c->a, struct ui_crumb, 2);
    crumbs[0] = (struct ui_crumb){"Home", "/"};
    crumbs[1] = (struct ui_crumb){pcn_name(c, code), arena_printf(c->a, "/pcn/%s", code)};
    struct ui_page p = {
        .title = title, .section = "Imports", .error = error, .crumbs = crumbs, .ncrumbs = 2};
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    ui_begin(c, h, &p);
}

static void form(struct ctx *c, const char *code, int status, const char *kind, const char *error)
{
    struct html h = {&c->r->body};
    begin(c, &h, code, "Import a file for the PCN", status, error != NULL);
    HTML_LIT(&h, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
    if (error) {
        struct ui_error e = {"file", error, NULL};
        ui_error_summary(&h, &e, 1);
    }
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, pcn_name(c, code));
    HTML_LIT(&h, "</span>Import a file for the PCN</h1><p>Upload a .csv or .csv.gz file. PCN Ops "
                 "checks the whole file and shows what would change before anything is saved; "
                 "if anything is wrong, it tells you the line and the field, and nothing is "
                 "changed.</p><form action=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/import\" method=\"post\" enctype=\"multipart/form-data\" novalidate>");
    ui_csrf(c, &h);
    HTML_LIT(&h, "<div class=\"nhsuk-form-group\"><fieldset class=\"nhsuk-fieldset\">"
                 "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">"
                 "What is in the file?</legend><div class=\"nhsuk-radios\" "
                 "data-module=\"nhsuk-radios\">");
    int chosen = kind_parse(kind);
    for (int i = 0; i < K_COUNT; i++) {
        if (!allowed(c, code, i))
            continue;
        if (chosen < 0)
            chosen = i;
        HTML_LIT(&h, "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\" "
                     "id=\"kind-");
        html_int(&h, i);
        HTML_LIT(&h, "\" name=\"kind\" type=\"radio\" value=\"");
        html_attr(&h, kinds[i].value);
        HTML_LIT(&h, "\" aria-describedby=\"kind-");
        html_int(&h, i);
        HTML_LIT(&h, "-hint\"");
        if (chosen == i)
            HTML_LIT(&h, " checked");
        HTML_LIT(&h, "><label class=\"nhsuk-label nhsuk-radios__label\" for=\"kind-");
        html_int(&h, i);
        HTML_LIT(&h, "\">");
        html_text(&h, kinds[i].label);
        HTML_LIT(&h, "</label><div class=\"nhsuk-hint nhsuk-radios__hint\" id=\"kind-");
        html_int(&h, i);
        HTML_LIT(&h, "-hint\">");
        html_text(&h, kinds[i].hint);
        HTML_LIT(&h, "</div></div>");
    }
    HTML_LIT(&h, "</div></fieldset></div><div class=\"nhsuk-form-group");
    if (error)
        HTML_LIT(&h, " nhsuk-form-group--error");
    HTML_LIT(&h, "\"><label class=\"nhsuk-label\" for=\"file\">Upload a file</label>"
                 "<div class=\"nhsuk-hint\" id=\"file-hint\">A .csv or .csv.gz file of up to "
                 "64 MB</div>");
    page_import_file_error(&h, error);
    HTML_LIT(&h, "<input class=\"nhsuk-file-upload\" id=\"file\" name=\"file\" type=\"file\" "
                 "accept=\".csv,.gz,text/csv\" aria-describedby=\"file-hint");
    if (error)
        HTML_LIT(&h, " file-error");
    HTML_LIT(&h, "\"></div><button class=\"nhsuk-button\" data-module=\"nhsuk-button\" "
                 "type=\"submit\">Check the file</button></form></div></div>");
    ui_end(c, &h);
}

void page_pcn_import(struct ctx *c)
{
    const char *code = pcn_for(c);
    if (code)
        form(c, code, 200, http_query(c->q, "kind"), NULL);
}

/* Runs the import of kind on data; with dry_run inside a transaction that
 * is rolled back.  0 with res filled, or the importer's error in m. */
static int run(struct ctx *c, const char *code, int kind, const char *name, const char *data,
               size_t len, bool dry_run, struct import_result *res, struct pcn_msg *m)
{
    struct import_src src = {
        .name = name, .mem = data, .len = len, .rules_dir = c->w->rules_dir, .only_pcn = code};
    /* The rows and their audit entry in the import's one transaction (not
     * for a dry run, which is rolled back). */
    struct audit_entry note;
    if (!dry_run) {
        audit_note_ctx(&note, c, "import", "pcn", code,
                       json_pack("{s:s,s:s}", "kind", kinds[kind].value, "file", name));
        src.audit = &note;
    }
    const struct rules *r = NULL;
    if (kind != K_POPULATIONS && !(r = web_rules(c, m)))
        return PCN_EIO;
    import_result_init(res, kind == K_POPULATIONS ? IMPORT_POPULATIONS : IMPORT_LIST_SIZES);
    int rc;
    if (dry_run && (rc = db_hold(c->db, m)))
        return rc;
    time_t now = web_now(c->w);
    switch (kind) {
    case K_POPULATIONS:
        rc = population_import(c->db, &src, res, m);
        break;
    case K_STAFF:
        rc = staff_import_csv(c->db, r, &src, now, res, m);
        break;
    default:
        rc = staff_import_workforce(c->db, r, c->w->rules_dir, code, DATE_NONE, &src, now, res, m);
        break;
    }
    if (dry_run) {
        struct pcn_msg m2 = {0};
        db_hold_end(c->db, false, &m2);
    }
    return rc;
}

static void refused(struct ctx *c, const char *code, int kind, const char *name,
                    const struct pcn_msg *m)
{
    audit_ctx(
        c, "import-refused", "pcn", code,
        json_pack("{s:s,s:s,s:s}", "kind", kinds[kind].value, "file", name, "error", m->text));
    form(c, code, 400, kinds[kind].value,
         arena_printf(c->a, "%s. Nothing was imported.", page_import_for_people(c, name, m->text)));
}

static void warnings(struct html *h, const struct import_result *res)
{
    if (!res->nwarnings)
        return;
    long kept = res->nwarnings < LIMIT_WARNINGS_KEPT ? res->nwarnings : LIMIT_WARNINGS_KEPT;
    HTML_LIT(h, "<div class=\"nhsuk-warning-callout\"><h2 class=\"nhsuk-warning-callout__label\">"
                "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>"
                "Check these warnings</span></h2><ul>");
    for (long i = 0; i < kept; i++) {
        HTML_LIT(h, "<li>");
        html_text(h, res->warnings[i]);
        HTML_LIT(h, "</li>");
    }
    if (res->nwarnings > kept) {
        HTML_LIT(h, "<li>and ");
        html_count(h, res->nwarnings - kept);
        HTML_LIT(h, " more</li>");
    }
    HTML_LIT(h, "</ul></div>");
}

/* The upload or the confirmed file: kind, name and bytes; false after
 * answering (400 with the form, or 404). */
static bool take(struct ctx *c, const char *code, bool confirm, int *kind, const char **name,
                 const char **data, size_t *len)
{
    const char *kind_s = http_form_str(c->q, "kind");
    *kind = kind_parse(kind_s);
    if (*kind < 0) {
        form(c, code, 400, NULL, "Choose what is in the file");
        return false;
    }
    if (!allowed(c, code, *kind)) {
        perm_denied(c, "pcn-import", code);
        ui_not_found(c);
        return false;
    }
    if (confirm) {
        const char *b64 = http_form_str(c->q, "data");
        const char *nm = http_form_str(c->q, "name");
        size_t blen = b64 ? strlen(b64) : 0, cap = blen / 4 * 3 + 3, got = 0;
        char *bin = arena_alloc(c->a, cap + 1);
        if (!nm || !*nm || strlen(nm) > 255 || !blen ||
            sodium_base642bin((unsigned char *)bin, cap, b64, blen, NULL, &got, NULL,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
            form(c, code, 400, kind_s, "The file could not be read back: upload it again");
            return false;
        }
        bin[got] = 0;
        *name = nm;
        *data = bin;
        *len = got;
        return true;
    }
    const struct http_kv *file = http_form(c->q, "file");
    if (!file || !file->filename || !*file->filename) {
        form(c, code, 400, kind_s, "Select a file to upload");
        return false;
    }
    const char *nm = strrchr(file->filename, '/');
    *name = nm ? nm + 1 : file->filename;
    if (file->len == 0) {
        form(c, code, 400, kind_s, arena_printf(c->a, "%s: the file is empty", *name));
        return false;
    }
    *data = file->value;
    *len = file->len;
    return true;
}

/* The file posted, checked in full (confirm false: nothing written) or
 * imported; false when a page (404, refusal, 500) has been written. */
static bool posted(struct ctx *c, bool confirm, const char **code, int *kind, const char **name,
                   const char **data, size_t *len, struct import_result *res)
{
    struct pcn_msg m = {0};
    if (!(*code = pcn_for(c)) || !take(c, *code, confirm, kind, name, data, len))
        return false;
    int rc = run(c, *code, *kind, *name, *data, *len, !confirm, res, &m);
    if (rc) {
        import_result_release(res);
        if (rc == PCN_EIO)
            ui_fail_500(c, &m);
        else
            refused(c, *code, *kind, *name, &m);
        return false;
    }
    return true;
}

void page_pcn_import_post(struct ctx *c)
{
    const char *code, *name, *data;
    int kind;
    size_t len;
    struct import_result res;
    if (!posted(c, false, &code, &kind, &name, &data, &len, &res))
        return;
    audit_ctx(c, "import-preview", "pcn", code,
              json_pack("{s:s,s:s,s:I,s:I}", "kind", kinds[kind].value, "file", name, "rows",
                        (json_int_t)res.rows, "would_write", (json_int_t)res.written));

    struct html h = {&c->r->body};
    begin(c, &h, code, "Check what would change", 200, false);
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, name);
    HTML_LIT(&h, "</span>Check what would change</h1><p>The file was checked in full and nothing "
                 "has been saved yet.</p>");
    ui_summary_begin(&h);
    ui_summary_row(&h, "What it is", kinds[kind].label);
    ui_summary_row(&h, "What importing it would do", res.summary);
    ui_summary_row_open(&h, "Rows read");
    html_count(&h, res.rows);
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Records it would add or change");
    html_count(&h, res.written);
    ui_summary_row_end(&h);
    ui_summary_end(&h);
    warnings(&h, &res);
    import_result_release(&res);

    size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *b64 = arena_alloc(c->a, cap);
    sodium_bin2base64(b64, cap, (const unsigned char *)data, len,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    HTML_LIT(&h, "<form action=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/import/confirm\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    HTML_LIT(&h, "<input type=\"hidden\" name=\"kind\" value=\"");
    html_attr(&h, kinds[kind].value);
    HTML_LIT(&h, "\"><input type=\"hidden\" name=\"name\" value=\"");
    html_attr(&h, name);
    HTML_LIT(&h, "\"><input type=\"hidden\" name=\"data\" value=\"");
    html_attr(&h, b64);
    HTML_LIT(&h, "\"><button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Import the file</button></form><p><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/import\">Cancel and choose another file</a></p>");
    ui_end(c, &h);
}

void page_pcn_import_confirm(struct ctx *c)
{
    const char *code, *name, *data;
    int kind;
    size_t len;
    struct import_result res;
    if (!posted(c, true, &code, &kind, &name, &data, &len, &res))
        return;
    struct html h = {&c->r->body};
    begin(c, &h, code, "File imported", 200, false);
    page_import_done(&h, name, res.summary);
    warnings(&h, &res);
    import_result_release(&res);
    HTML_LIT(&h, "<p><a href=\"");
    html_url2(&h, "/pcn/", code);
    if (kind == K_POPULATIONS)
        HTML_LIT(&h, "/funding\">Go to the PCN's funding</a></p>");
    else
        HTML_LIT(&h, "/arrs/staff\">Go to the staff register</a></p>");
    HTML_LIT(&h, "<p><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/import\">Import another file</a></p>");
    ui_end(c, &h);
}
