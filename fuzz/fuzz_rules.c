/* fuzz_rules: the rules files (rules.h, deskrules.h, rulesfile.h).  The
 * first byte chooses a file of the folder (rulesfile_name: a year's
 * streams.csv ... caip_criteria.csv, sources.csv, cd_time.csv or
 * supervision.csv); the rest is that file, read in place of the bundled
 * rules/2026-27 one (or rules/sources.csv) with every other file of the
 * bundled folder, as rules_load and deskrules_load read them: parsed,
 * cross-checked (rules_check, deskrules_check) and the years filled in.
 * Then the admin's row edit: rulesfile_row and rulesfile_replace_row of
 * the line the second byte names, and the whole upload check against the
 * folder on disk (rulesfile_candidate) when the second byte is 255 (it
 * reads the whole folder: a second under ASan).  A crash,
 * sanitizer report or leak is a finding. */
#include "common.h"

#include "deskrules.h"
#include "rulesfile.h"

#define FY 2026

/* the bundled files, read once */
static struct arena keep;
static const char *file_data[RULESFILE_N];
static size_t file_len[RULESFILE_N];

static void load_bundled(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    arena_init(&keep, 0);
    for (int i = 0; i < RULESFILE_N; i++) {
        const char *path = i == RULESFILE_SOURCES
                               ? "rules/sources.csv"
                               : arena_printf(&keep, "rules/2026-27/%s", rulesfile_name(i));
        if (rulesfile_read(&keep, path, &file_data[i], &file_len[i])) {
            file_data[i] = "";
            file_len[i] = 0;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    load_bundled();
    int which = data[0] % RULESFILE_N;
    long line = 2 + data[1] % 16;
    const char *fz = (const char *)data + 2;
    size_t fzlen = size - 2;
    const char *name = rulesfile_name(which);
    const char *d[RULESFILE_N];
    size_t n[RULESFILE_N];
    for (int i = 0; i < RULESFILE_N; i++) {
        d[i] = i == which ? fz : file_data[i];
        n[i] = i == which ? fzlen : file_len[i];
    }

    struct arena a;
    arena_init(&a, 0);
    struct rules r;
    struct rules_diag diag = {0};
    rules_init(&r, &a, "rules");
    rules_parse_sources(&r, "sources.csv", d[RULESFILE_SOURCES], n[RULESFILE_SOURCES], &diag);
    struct rules_year *y = rules_add_year(&r, FY, "rules/2026-27");
    for (int f = 0; f < RF_COUNT; f++)
        rules_parse_file(&r, y, (enum rules_file)f, rules_file_name((enum rules_file)f), d[f], n[f],
                         &diag);
    rules_check(&r, &diag);
    rules_fill_gaps(&r, FY + 1);
    if (!rules_year(&r, FY + 1))
        abort(); /* the gaps are filled */

    struct deskrules dr;
    deskrules_init(&dr, "rules");
    deskrules_parse(&dr, &a, &r, FY, "cd_time", "cd_time.csv", d[RULESFILE_CD_TIME],
                    n[RULESFILE_CD_TIME]);
    deskrules_parse(&dr, &a, &r, FY, "supervision", "supervision.csv", d[RULESFILE_SUPERVISION],
                    n[RULESFILE_SUPERVISION]);
    deskrules_check(&dr, &a);

    const char **head, **row;
    size_t nf;
    struct pcn_msg m = {0};
    if (rulesfile_row(&a, name, fz, fzlen, line, &head, &row, &nf, &m) == 0) {
        const char *out;
        size_t outlen;
        (void)rulesfile_replace_row(&a, fz, fzlen, line, row, nf, &out, &outlen);
    }
    if (data[1] == 255) {
        struct rulesfile_upload up = {name, which, fz, fzlen};
        struct rules_diag cd = {0};
        rulesfile_candidate(&a, "rules", which == RULESFILE_SOURCES ? 0 : FY, &up, 1, &cd);
    }
    arena_release(&a);
    return 0;
}
