/* page_import.c: upload an NHS file through the browser.  The same
 * importers as the command line; on any error the NHS error summary shows
 * the file, line and field, and nothing is written. */
#include "common.h"
#include "audit.h"
#include "auth.h"
#include "import.h"
#include "importer.h"
#include "pages.h"
#include "page_import.h"
#include "ui.h"

static const struct {
    const char *value, *label, *hint;
} kinds[] = {
    {"auto", "Work it out from the file", "PCN Ops reads the first line of the file"},
    {"registry", "Practice to PCN map", "gp-reg-pat-prac-map.csv"},
    {"list-sizes", "Registered patients by age",
     "gp-reg-pat-prac-quin-age.csv or gp-reg-pat-prac-all.csv"},
    {"epraccur", "ODS practice file", "epraccur.csv"},
    {"iif", "Investment and Impact Fund (IIF) annual publication",
     "iif-indicators-annual-2023-24.csv: figures are rolled up to PCNs through the registry"},
    {"qof", "Quality and Outcomes Framework (QOF) disease registers",
     "qof-prevalence-2024-25.csv, for the IIF prevalence adjustment: the year is read from the "
     "name"},
    {"nhs-payments", "NHS Payments to General Practice (what NHS England paid)",
     "nhs-payments-gp-practice-2022-23.csv or the PCN-level file: the year is read from the name"},
    {"epcn", "ODS ePCN report (membership start and end dates)",
     "The Excel workbook, or its core partner details or PCN details as CSV, with or without "
     "the header row"},
    {"cqc", "Care Quality Commission latest ratings",
     "CQC's OpenDocument spreadsheet (its Locations sheet), or the derived CSV of ratings"},
};

static void import_form(struct ctx *c, int status, const char *kind, const char *error)
{
    struct html h = {&c->r->body};
    struct ui_page p = {.title = "Import an NHS file",
                        .section = "Registry",
                        .error = error != NULL,
                        .active_nav = "/import"};
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    ui_begin(c, &h, &p);
    HTML_LIT(&h, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
    if (error) {
        struct ui_error e = {"file", error, NULL};
        ui_error_summary(&h, &e, 1);
    }
    HTML_LIT(
        &h, "<h1>Import an NHS file</h1>"
            "<p>Upload a file as NHS England publishes it, as .csv or .csv.gz. PCN Ops "
            "checks the whole file first: if anything is wrong, it tells you the line and "
            "the field, and nothing is changed.</p>"
            "<form action=\"/import\" method=\"post\" enctype=\"multipart/form-data\" novalidate>");
    ui_csrf(c, &h);
    HTML_LIT(&h, "<div class=\"nhsuk-form-group\"><fieldset class=\"nhsuk-fieldset\">"
                 "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">"
                 "What kind of file is it?</legend><div class=\"nhsuk-radios\" "
                 "data-module=\"nhsuk-radios\">");
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
        bool checked = kind ? strcmp(kind, kinds[i].value) == 0 : i == 0;
        HTML_LIT(&h, "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\" "
                     "id=\"kind-");
        html_int(&h, (int64_t)i);
        HTML_LIT(&h, "\" name=\"kind\" type=\"radio\" value=\"");
        html_attr(&h, kinds[i].value);
        HTML_LIT(&h, "\" aria-describedby=\"kind-");
        html_int(&h, (int64_t)i);
        HTML_LIT(&h, "-hint\"");
        if (checked)
            HTML_LIT(&h, " checked");
        HTML_LIT(&h, "><label class=\"nhsuk-label nhsuk-radios__label\" for=\"kind-");
        html_int(&h, (int64_t)i);
        HTML_LIT(&h, "\">");
        html_text(&h, kinds[i].label);
        HTML_LIT(&h, "</label><div class=\"nhsuk-hint nhsuk-radios__hint\" id=\"kind-");
        html_int(&h, (int64_t)i);
        HTML_LIT(&h, "-hint\">");
        html_text(&h, kinds[i].hint);
        HTML_LIT(&h, "</div></div>");
    }
    HTML_LIT(&h, "</div></fieldset></div>");

    HTML_LIT(&h, "<div class=\"nhsuk-form-group nhsuk-file-upload");
    if (error)
        HTML_LIT(&h, " nhsuk-form-group--error");
    HTML_LIT(
        &h,
        "\" data-module=\"nhsuk-file-upload\"><label class=\"nhsuk-label\" "
        "for=\"file\">Upload a file</label>"
        "<div class=\"nhsuk-hint\" id=\"file-hint\">A .csv or .csv.gz file of up to 64 MB</div>");
    page_import_file_error(&h, error);
    HTML_LIT(&h, "<input class=\"nhsuk-file-upload__input");
    HTML_LIT(&h, "\" id=\"file\" name=\"file\" type=\"file\" accept=\".csv,.gz,text/csv\" "
                 "aria-describedby=\"file-hint");
    if (error)
        HTML_LIT(&h, " file-error");
    HTML_LIT(&h, "\"></div>"
                 "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Import the file</button></form></div></div>");
    ui_end(c, &h);
}

void page_import(struct ctx *c)
{
    import_form(c, 200, NULL, NULL);
}

static size_t digits(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return n;
}

void page_import_file_error(struct html *h, const char *error)
{
    if (!error)
        return;
    HTML_LIT(h, "<span class=\"nhsuk-error-message\" id=\"file-error\">"
                "<span class=\"nhsuk-u-visually-hidden\">Error:</span> ");
    html_text(h, error);
    HTML_LIT(h, "</span>");
}

void page_import_done(struct html *h, const char *name, const char *summary)
{
    HTML_LIT(h, "<div class=\"nhsuk-panel\"><h1 class=\"nhsuk-panel__title\">File imported</h1>"
                "<div class=\"nhsuk-panel__body\">");
    html_text(h, name);
    HTML_LIT(h, "</div></div><p>");
    html_text(h, summary);
    HTML_LIT(h, "</p>");
}

/* An importer's message starts "NAME:LINE: " or "NAME:LINE:COLUMN: " (err.h).
 * On a page that reads better as "NAME, line LINE, column COLUMN: ", and
 * "NAME, line LINE, field F: " when the rest names the field. */
const char *page_import_for_people(struct ctx *c, const char *name, const char *text)
{
    size_t n = strlen(name), nline, ncol = 0;
    const char *line, *col = "", *rest;
    if (strncmp(text, name, n) != 0 || text[n] != ':' || !(nline = digits(text + n + 1)))
        return text;
    line = text + n + 1;
    rest = line + nline;
    if (*rest++ != ':')
        return text;
    if ((ncol = digits(rest))) {
        col = rest;
        rest += ncol;
        if (*rest++ != ':')
            return text;
    }
    if (*rest == ' ')
        rest++;
    return arena_printf(c->a, "%s, line %.*s%s%.*s%s%s", name, (int)nline, line,
                        ncol ? ", column " : "", (int)ncol, col,
                        strncmp(rest, "field ", 6) == 0 ? ", " : ": ", rest);
}

void page_import_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    const struct http_kv *file = http_form(c->q, "file");
    const char *kind_s = http_form_str(c->q, "kind");
    int kind;

    if (!file || !file->filename || !*file->filename) {
        import_form(c, 400, kind_s, "Select a file to upload");
        return;
    }
    if (file->len == 0) {
        import_form(c, 400, kind_s, arena_printf(c->a, "%s: the file is empty", file->filename));
        return;
    }
    /* Only the base name of the upload is shown or stored. */
    const char *name = strrchr(file->filename, '/');
    name = name ? name + 1 : file->filename;
    if (!kind_s || strcmp(kind_s, "auto") == 0) {
        kind = import_detect(file->value, file->len);
        if (kind < 0 && file->len > 2 && (unsigned char)file->value[0] == 0x1f &&
            (unsigned char)file->value[1] == 0x8b) {
            import_form(
                c, 400, kind_s,
                arena_printf(c->a, "%s is compressed: choose what kind of file it is", name));
            return;
        }
        if (kind < 0) {
            import_form(c, 400, kind_s,
                        arena_printf(c->a,
                                     "%s is not a file PCN Ops can read: upload a practice "
                                     "to PCN map, a registered patients file, the ODS "
                                     "practice file, an IIF publication, a QOF "
                                     "registers file, NHS Payments to General "
                                     "Practice, ODS's ePCN report or CQC's ratings",
                                     name));
            return;
        }
    } else if ((kind = import_kind_parse(kind_s)) < 0) {
        import_form(c, 400, NULL, "Choose what kind of file it is");
        return;
    }

    struct import_result res;
    struct audit_entry note;
    audit_note_ctx(&note, c, "import", "file", name,
                   json_pack("{s:s}", "kind", import_kind_name((enum import_kind)kind)));
    struct import_src src = {.name = name,
                             .mem = file->value,
                             .len = file->len,
                             .rules_dir = c->w->rules_dir,
                             .audit = &note};
    import_result_init(&res, (enum import_kind)kind);
    int rc = importer_run(c->db, (enum import_kind)kind, &src, &res, &m);
    if (rc) {
        audit_ctx(c, "import-refused", "file", name,
                  json_pack("{s:s,s:s}", "kind", import_kind_name((enum import_kind)kind), "error",
                            m.text));
        import_result_release(&res);
        import_form(c, 400, kind_s,
                    arena_printf(c->a, "%s. Nothing was imported.",
                                 page_import_for_people(c, name, m.text)));
        return;
    }
    long kept = res.nwarnings < LIMIT_WARNINGS_KEPT ? res.nwarnings : LIMIT_WARNINGS_KEPT;

    struct html h = {&c->r->body};
    struct ui_page p = {.title = "File imported", .section = "Registry", .active_nav = "/import"};
    ui_begin(c, &h, &p);
    page_import_done(&h, name, res.summary);
    if (res.nwarnings) {
        HTML_LIT(&h,
                 "<div class=\"nhsuk-warning-callout\"><h2 class=\"nhsuk-warning-callout__label\">"
                 "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>"
                 "Check these warnings</span></h2><ul>");
        for (long i = 0; i < kept; i++) {
            HTML_LIT(&h, "<li>");
            html_text(&h, res.warnings[i]);
            HTML_LIT(&h, "</li>");
        }
        if (res.nwarnings > kept) {
            HTML_LIT(&h, "<li>and ");
            html_count(&h, res.nwarnings - kept);
            HTML_LIT(&h, " more</li>");
        }
        HTML_LIT(&h, "</ul></div>");
    }
    HTML_LIT(&h, "<p><a href=\"/import\">Import another file</a></p><p><a href=\"/\">Go to your "
                 "organisations</a></p>");
    ui_end(c, &h);
    import_result_release(&res);
}
