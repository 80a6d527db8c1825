/* The rules loader: the real rules/ directory loads cleanly, and each kind
 * of mistake in a rules file is reported with its file, line and field. */
#include "testutil.h"

#include "arena.h"
#include "rules.h"
#include "clock.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char sources[] = "tag,address,note\n"
                              "P3,https://example.org/p3,\n"
                              "L22,https://example.org/l22,\n";

#define STREAMS "stream,name,paid_to,kind,scheme,note\n"
#define RATES "stream,part,base,rate_gbp,per,valid_from,valid_to,use,confidence,sources,note\n"
#define ROLES                                                                                      \
    "role,name,band,reimbursed_pct,maximum_applies_to,cap,cap_large_pcn,large_pcn_from,"           \
    "confidence,sources,note\n"
#define MAXIMA "role,area,max_gbp,valid_from,valid_to,confidence,sources,note\n"
#define PAY "band,point,annual_gbp,valid_from,valid_to,confidence,sources,note\n"
#define ONCOSTS "item,value,unit,valid_from,valid_to,confidence,sources,note\n"
#define IIF                                                                                        \
    "code,nhs_id,kind,description,lower_pct,upper_pct,points,valid_from,valid_to,confidence,"      \
    "sources,note\n"
#define IIFV "point_value_gbp,max_points,national_gbp,valid_from,valid_to,confidence,sources,note\n"
#define SCHED "stream,arrears_months,paid_by,valid_from,valid_to,confidence,sources,note\n"
#define YEAR "2025-04-01,2026-03-31"
#define CORE_STREAM "core,Core PCN funding,pcn,payment,des,\n"

/* Starts the arena a and in it rules named "r" with the test's sources and
 * one year, 2025/26 (r/2025-26), their diagnostics in d: the year. */
static struct rules_year *year_2025(struct arena *a, struct rules *r, struct rules_diag *d)
{
    arena_init(a, 0);
    rules_init(r, a, "r");
    assert_int_equal(rules_parse_sources(r, "r/sources.csv", sources, strlen(sources), d), 0);
    return rules_add_year(r, 2025, "r/2025-26");
}

struct bad_case {
    enum rules_file file;
    const char *content;
    const char *error; /* expected in the first message */
};

static const struct bad_case bad_cases[] = {
    /* headers */
    {RF_STREAMS, "stream,name,paid_to,kind,scheme\ncore,Core,pcn,payment,des\n",
     "r/2025-26/streams.csv:1: missing column note"},
    {RF_RATES, "stream,part,base,rate,per,valid_from,valid_to,use,confidence,sources,note\n",
     "r/2025-26/stream_rates.csv:1: unknown column 'rate' (the header is stream,part,base,"
     "rate_gbp,"},
    {RF_STREAMS, "", "r/2025-26/streams.csv:1: the file is empty"},
    /* streams.csv */
    {RF_STREAMS, STREAMS "Core,Core,pcn,payment,des,\n",
     "streams.csv:2: field stream: 'Core' is not an identifier"},
    {RF_STREAMS, STREAMS "core,Core,payee,payment,des,\n",
     "streams.csv:2: field paid_to: 'payee' is not one of: pcn, practice"},
    {RF_STREAMS, STREAMS "core,Core,pcn,bonus,des,\n",
     "streams.csv:2: field kind: 'bonus' is not one of: payment, maximum, achievement"},
    {RF_STREAMS, STREAMS "core,,pcn,payment,des,\n", "streams.csv:2: field name: is empty"},
    {RF_STREAMS, STREAMS CORE_STREAM CORE_STREAM,
     "streams.csv:3: field stream: core is declared twice (first on line 2)"},
    /* stream_rates.csv */
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.2666666,year," YEAR
           ",primary,single-source,[P3],\n",
     "stream_rates.csv:2: field rate_gbp: '2.2666666' is not an amount in pounds with up to 5 "
     "decimals"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,£2.266,year," YEAR
           ",primary,single-source,[P3],\n",
     ""}, /* a pound sign is allowed: no error (checked below) */
    {RF_RATES,
     RATES "core,registered_list,patients,2.266,year," YEAR ",primary,single-source,[P3],\n",
     "stream_rates.csv:2: field base: 'patients' is not one of: registered_list, "
     "adjusted_population, weighted_population, care_home_beds, none"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,month," YEAR
           ",primary,single-source,[P3],\n",
     "field per: 'month' is not one of: year, period"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year,2025-04-01,2026-04-30,"
           "primary,single-source,[P3],\n",
     "stream_rates.csv:2: field valid_to: 2026-04-30 is outside 2025/26 (1 April to 31 March)"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year,2025-03-01,2026-03-31,"
           "primary,single-source,[P3],\n",
     "field valid_from: 2025-03-01 is outside 2025/26"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year,2025-10-01,2025-09-30,"
           "primary,single-source,[P3],\n",
     "field valid_to: 2025-09-30 is before valid_from 2025-10-01"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year,2025-04-15,2026-03-31,"
           "primary,single-source,[P3],\n",
     "field valid_from: a stream rate starts on the first day of a month"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year,2025-04-01,2026-03-30,"
           "primary,single-source,[P3],\n",
     "field valid_to: a stream rate ends on the last day of a month"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year,01/04/2025,2026-03-31,"
           "primary,single-source,[P3],\n",
     "field valid_from: '01/04/2025' is not a date (YYYY-MM-DD)"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year,,2026-03-31,"
           "primary,single-source,[P3],\n",
     "stream_rates.csv:2: field valid_from: is empty"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year," YEAR ",primary,likely,[P3],\n",
     "field confidence: 'likely' is not one of: official, single-source, unconfirmed, carried"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year," YEAR ",primary,official,[P99],\n",
     "stream_rates.csv:2: field sources: [P99] is not a tag of r/sources.csv"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year," YEAR ",primary,official,P3,\n",
     "field sources: 'P3' is not a list of source tags like [P1][L22]"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year," YEAR ",primary,official,,\n",
     "field sources: is empty: a value marked official needs its source tags"},
    {RF_RATES,
     RATES "core,registered_list,registered_list,2.266,year," YEAR ",maybe,official,[P3],\n",
     "field use: 'maybe' is not one of: primary, alternative"},
    {RF_RATES,
     RATES "care_home_premium,beds,care_home_beds,130,period," YEAR ",primary,official,[P3],\n",
     "field per: a rate per period is for a population base"},
    /* arrs_roles.csv */
    {RF_ROLES, ROLES "clinical_pharmacist,Clinical pharmacist,7-8z,100,,,,,official,[P3],\n",
     "arrs_roles.csv:2: field band: '7-8z' is not an AfC band"},
    {RF_ROLES, ROLES "clinical_pharmacist,Clinical pharmacist,7-,100,,,,,official,[P3],\n",
     "field band: '7-' is not an AfC band"},
    {RF_ROLES, ROLES "mhp,Mental health practitioner,5+,150,,,,,official,[P3],\n",
     "arrs_roles.csv:2: field reimbursed_pct: '150' is not a percentage from 0.01 to 100"},
    {RF_ROLES, ROLES "epn,Enhanced practice nurse,7,100,,1,2,,official,[P3],\n",
     "field large_pcn_from: is empty, but cap_large_pcn is given"},
    {RF_ROLES, ROLES "epn,Enhanced practice nurse,7,100,all,,,,official,[P3],\n",
     "field maximum_applies_to: 'all' is not one of: whole_cost, pcn_share"},
    /* arrs_maxima.csv */
    {RF_MAXIMA, MAXIMA "clinical_pharmacist,london,66972," YEAR ",official,[P3],\n",
     "arrs_maxima.csv:2: field area: 'london' is not one of: national, outer_london, "
     "inner_london"},
    {RF_MAXIMA, MAXIMA "clinical_pharmacist,national,66972.123," YEAR ",official,[P3],\n",
     "field max_gbp: '66972.123' is not an amount in pounds with up to 2 decimals"},
    /* afc_pay.csv */
    {RF_PAY, PAY "8e,entry,55690," YEAR ",official,[P3],\n",
     "afc_pay.csv:2: field band: '8e' is not one of: 1, 2, 3"},
    {RF_PAY, PAY "5,middle,33487," YEAR ",official,[P3],\n",
     "field point: 'middle' is not one of: single, entry, intermediate, top"},
    {RF_PAY, PAY "5,entry,," YEAR ",official,[P3],\n", "afc_pay.csv:2: field annual_gbp: is empty"},
    /* oncosts.csv */
    {RF_ONCOSTS, ONCOSTS "employer_ni_rate,13.8,gbp_per_year," YEAR ",official,[P3],\n",
     "oncosts.csv:2: field unit: employer_ni_rate is in percent"},
    {RF_ONCOSTS, ONCOSTS "employer_ni_rate,138,percent," YEAR ",official,[P3],\n",
     "field value: '138' is not a percentage from 0 to 100"},
    {RF_ONCOSTS, ONCOSTS "levy,0.5,percent," YEAR ",official,[P3],\n",
     "field item: 'levy' is not one of: employer_pension_rate"},
    /* iif_indicators.csv */
    {RF_IIF, IIF "acc08,,payment,Appointments,85,90,71," YEAR ",official,[P3],\n",
     "iif_indicators.csv:2: field code: 'acc08' is not an indicator code"},
    {RF_IIF, IIF "ACC-08,,payment,Appointments,90,85,71," YEAR ",official,[P3],\n",
     "field upper_pct: must be above lower_pct"},
    {RF_IIF, IIF "ACC-08,,payment,Appointments,85,,71," YEAR ",official,[P3],\n",
     "field upper_pct: is empty: give both thresholds or neither"},
    {RF_IIF, IIF "ACC-08,,payment,Appointments,85,90,71.5555," YEAR ",official,[P3],\n",
     "field points: '71.5555' is not a number of points (up to 3 decimals)"},
    {RF_IIF_VALUE, IIFV "198.001,58,," YEAR ",single-source,[L22],\n",
     "iif_point_value.csv:2: field point_value_gbp: '198.001' is not an amount in pounds"},
    /* payment_schedule.csv */
    {RF_SCHEDULE, SCHED "core,13,," YEAR ",official,[P3],\n",
     "payment_schedule.csv:2: field arrears_months: '13' is not a whole number of months from 0 "
     "to 12"},
    {RF_SCHEDULE, SCHED "core,1.5,," YEAR ",official,[P3],\n",
     "payment_schedule.csv:2: field arrears_months: '1.5' is not a whole number"},
    {RF_SCHEDULE, SCHED "core,1,nhse," YEAR ",official,[P3],\n",
     "payment_schedule.csv:2: field paid_by: 'nhse' is not one of: pcse, icb"},
    {RF_SCHEDULE, SCHED "core,1,," YEAR ",official,,\n",
     "payment_schedule.csv:2: field sources: is empty: a value marked official needs its source "
     "tags"},
    {RF_SCHEDULE, SCHED "core,,," YEAR ",unconfirmed,,not published\n", ""},
    /* CSV syntax */
    {RF_STREAMS, STREAMS "core,\"Core,pcn,payment,des,\n",
     "r/2025-26/streams.csv:2:6: quoted field not closed before the end of the file"},
    {RF_STREAMS, STREAMS "core,Core,pcn\n",
     "r/2025-26/streams.csv:2: 3 fields where the header has 6 (a comma in a value needs quotes)"},
    /* empty lines, CRLF and a byte order mark are fine */
    {RF_STREAMS,
     "\xef\xbb\xbfstream,name,paid_to,kind,scheme,note\r\n\r\ncore,Core,pcn,payment,des,"
     "\r\n\r\n\r\n",
     ""},
};

static void test_bad_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
        const struct bad_case *c = &bad_cases[i];
        struct arena a;
        struct rules r;
        struct rules_diag d = {0};
        struct rules_year *y = year_2025(&a, &r, &d);
        char name[64];
        snprintf(name, sizeof name, "r/2025-26/%s", rules_file_name(c->file));
        long n = rules_parse_file(&r, y, c->file, name, c->content, strlen(c->content), &d);
        if (!c->error[0]) {
            if (n != 0)
                fail_msg("case %zu: unexpected error %s", i, d.errors[0]);
        } else {
            if (n < 1)
                fail_msg("case %zu: no error, expected \"%s\"", i, c->error);
            assert_contains(d.errors[0], c->error);
            assert_true(y->nerrors >= 1);
        }
        arena_release(&a);
    }
}

/* Mistakes between rows and files, found by rules_check. */
struct cross_case {
    const char *streams, *rates, *roles, *maxima;
    const char *error;
};

static const struct cross_case cross_cases[] = {
    {STREAMS CORE_STREAM,
     RATES "core,registered_list,registered_list,2.266,year," YEAR ",primary,official,[P3],\n"
           "core,registered_list,registered_list,2.3,year,2025-10-01,2026-03-31,primary,"
           "official,[P3],\n",
     ROLES, MAXIMA,
     "r/2025-26/stream_rates.csv:3: field valid_from: core registered_list: this row "
     "(2025-10-01 to 2026-03-31) overlaps line 2 (2025-04-01 to 2026-03-31)"},
    {STREAMS CORE_STREAM,
     RATES "casp,adjusted_population,adjusted_population,3.208,year," YEAR
           ",primary,official,[P3],\n",
     ROLES, MAXIMA,
     "r/2025-26/stream_rates.csv:2: field stream: casp is not declared in r/2025-26/streams.csv"},
    {STREAMS CORE_STREAM,
     RATES "core,registered_list,registered_list,2.266,year," YEAR ",primary,official,[P3],\n"
           "core,registered_list,adjusted_population,0.733,year," YEAR ",primary,official,[P3],\n",
     ROLES, MAXIMA,
     "stream_rates.csv:3: field base: core registered_list is on registered_list on line 2"},
    {STREAMS CORE_STREAM,
     RATES "core,registered_list,registered_list,2.266,year," YEAR ",primary,official,[P3],\n",
     ROLES, MAXIMA "gp,national,105882," YEAR ",official,[P3],\n",
     "r/2025-26/arrs_maxima.csv:2: field role: gp is not in r/2025-26/arrs_roles.csv"},
    {STREAMS CORE_STREAM,
     RATES "core,registered_list,registered_list,2.266,year," YEAR ",primary,official,[P3],\n",
     ROLES "gp,GP,salaried_gp,100,,,,,official,[P3],\n",
     MAXIMA "gp,national,105882," YEAR ",official,[P3],\n"
            "gp,national,105883,2025-06-01,2025-06-30,official,[P3],\n",
     "arrs_maxima.csv:3: field valid_from: gp national: this row (2025-06-01 to 2025-06-30) "
     "overlaps line 2"},
    /* An alternative may overlap, and may have no start date. */
    {STREAMS CORE_STREAM,
     RATES "core,registered_list,registered_list,2.266,year," YEAR ",primary,official,[P3],\n"
           "core,registered_list,registered_list,2.3,year,,2026-03-31,alternative,unconfirmed,"
           "[P3],later\n",
     ROLES, MAXIMA, NULL},
};

static void test_cross_checks(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(cross_cases); i++) {
        const struct cross_case *c = &cross_cases[i];
        struct arena a;
        struct rules r;
        struct rules_diag d = {0};
        struct rules_year *y = year_2025(&a, &r, &d);
        const char *texts[] = {c->streams, c->rates, c->roles, c->maxima};
        for (int f = 0; f < 4; f++) {
            char name[64];
            snprintf(name, sizeof name, "r/2025-26/%s", rules_file_name((enum rules_file)f));
            if (rules_parse_file(&r, y, (enum rules_file)f, name, texts[f], strlen(texts[f]), &d))
                fail_msg("case %zu: %s", i, d.errors[0]);
        }
        long n = rules_check(&r, &d);
        if (!c->error) {
            if (n)
                fail_msg("case %zu: unexpected %s", i, d.errors[0]);
        } else {
            if (n < 1)
                fail_msg("case %zu: no error, expected %s", i, c->error);
            assert_contains(d.errors[0], c->error);
            assert_int_equal(y->nerrors, n);
        }
        arena_release(&a);
    }
}

/* The payment schedule against the streams: an unknown stream, and two
 * rows of one stream at once; then the real rules' schedules. */
static void test_schedule(void **state)
{
    (void)state;
    static const struct {
        const char *sched, *error;
    } cases[] = {
        {SCHED "casp,1,," YEAR ",official,[P3],\n",
         "r/2025-26/payment_schedule.csv:2: field stream: casp is not declared in "
         "r/2025-26/streams.csv"},
        {SCHED "core,1,," YEAR ",official,[P3],\ncore,2,icb,2025-10-01,2026-03-31,official,[P3],\n",
         "payment_schedule.csv:3: field valid_from: core: this row (2025-10-01 to 2026-03-31) "
         "overlaps line 2"},
        {SCHED "core,1,,2025-04-01,2025-09-30,official,[P3],\ncore,2,icb,2025-10-01,2026-03-31,"
               "official,[P3],\n",
         NULL},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct arena a;
        struct rules r;
        struct rules_diag d = {0};
        struct rules_year *y = year_2025(&a, &r, &d);
        const char *st = STREAMS CORE_STREAM;
        assert_int_equal(
            rules_parse_file(&r, y, RF_STREAMS, "r/2025-26/streams.csv", st, strlen(st), &d), 0);
        assert_int_equal(rules_parse_file(&r, y, RF_SCHEDULE, "r/2025-26/payment_schedule.csv",
                                          cases[i].sched, strlen(cases[i].sched), &d),
                         0);
        long n = rules_check(&r, &d);
        if (!cases[i].error) {
            assert_int_equal(n, 0);
            const struct rule_schedule *t = rules_schedule(y, "core", date_from_ymd(2025, 11, 1));
            assert_non_null(t);
            assert_int_equal(t->arrears, 2);
            assert_int_equal(t->payer, PAYER_ICB);
            assert_int_equal(rules_schedule(y, "core", date_from_ymd(2025, 4, 1))->arrears, 1);
            assert_null(rules_schedule(y, "casp", date_from_ymd(2025, 4, 1)));
        } else {
            assert_true(n >= 1);
            assert_contains(d.errors[0], cases[i].error);
        }
        arena_release(&a);
    }
    /* The real rules: core monthly in arrears (official); ARRS two months,
     * by the ICB, from one source; Enhanced Access not published. */
    struct arena a;
    struct rules r;
    test_rules_load(&a, &r, NULL);
    for (fy_t fy = 2023; fy <= 2026; fy++) {
        const struct rules_year *y = rules_year(&r, fy);
        const struct rule_schedule *core = rules_schedule(y, "core", fy_start(fy));
        const struct rule_schedule *arrs = rules_schedule(y, "arrs", fy_end(fy));
        const struct rule_schedule *ea = rules_schedule(y, "enhanced_access", fy_start(fy));
        assert_non_null(core);
        assert_true(core->known && core->arrears == 1 && core->m.conf == CONF_OFFICIAL);
        assert_true(arrs && arrs->known && arrs->arrears == 2 && arrs->payer == PAYER_ICB &&
                    arrs->m.conf == CONF_SINGLE_SOURCE);
        assert_true(ea && !ea->known && ea->m.conf == CONF_UNCONFIRMED);
        /* every stream of the year has its row */
        for (size_t i = 0; i < y->nstreams; i++)
            assert_non_null(rules_schedule(y, y->streams[i].id, fy_start(fy)));
    }
    arena_release(&a);
}

/* The real rules: four years, no errors, the figures as loaded. */
static void test_real_rules(void **state)
{
    (void)state;
    struct arena a;
    struct rules r;
    struct rules_diag d = {0};
    test_rules_load(&a, &r, &d);
    assert_int_equal(d.nerrors, 0);
    /* Every year from the first folder's to the year after today's is
     * there; one without a folder is missing, with nothing known. */
    assert_true(r.nyears >= 3);
    assert_int_equal(r.years[0].fy, 2023);
    assert_false(rules_year(&r, 2025)->missing);
    assert_false(rules_year(&r, 2026)->missing);
    date_t today;
    assert_int_equal(clock_today(&today), 0);
    for (fy_t fy = 2023; fy <= fy_of(today) + 1; fy++) {
        const struct rules_year *y = rules_year(&r, fy);
        assert_non_null(y);
        if (y->missing) {
            for (size_t k = 0; k < y->nrates; k++)
                assert_false(y->rates[k].known);
            for (size_t k = 0; k < y->nmaxima; k++)
                assert_false(y->maxima[k].known);
            assert_int_equal(y->npay, 0);
        }
    }
    /* The one warning: no AfC pay points in the reference for 2023/24. */
    assert_int_equal(d.nwarnings, 1);
    assert_contains(d.warnings[0], "afc_pay.csv: no Agenda for Change pay points for 2023/24");

    const struct rules_year *y = rules_year(&r, 2025);
    bool found = false;
    for (size_t i = 0; i < y->nrates; i++) {
        const struct rule_rate *t = &y->rates[i];
        if (!strcmp(t->stream, "care_home_premium")) {
            assert_int_equal(t->rate_mp, 13025300);
            assert_int_equal(t->m.conf, CONF_SINGLE_SOURCE);
            assert_string_equal(t->m.sources, "[P3][S22]");
            found = true;
        }
    }
    assert_true(found);
    /* 2026/27: CASP and CAIP are gone; the rate no year has published is
     * carried from 2025/26; the GP reimbursement scheme is outside the DES;
     * AfC pay is the 2025/26 point × 1.033 rounded to the pound. */
    y = rules_year(&r, 2026);
    assert_non_null(y);
    for (size_t i = 0; i < y->nstreams; i++) {
        assert_string_not_equal(y->streams[i].id, "casp");
        assert_string_not_equal(y->streams[i].id, "caip");
        assert_int_equal(y->streams[i].scheme,
                         strcmp(y->streams[i].id, "gp_reimbursement") ? SCHEME_DES : SCHEME_SFE);
    }
    found = false;
    for (size_t i = 0; i < y->nrates; i++) {
        const struct rule_rate *t = &y->rates[i];
        if (!strcmp(t->stream, "care_home_premium")) {
            assert_int_equal(t->rate_mp, 13025300);
            assert_int_equal(t->m.conf, CONF_CARRIED);
        } else if (!strcmp(t->stream, "gp_reimbursement")) {
            assert_int_equal(t->rate_mp, 457000);
            assert_int_equal(t->base, BASE_ADJUSTED);
            found = true;
        }
    }
    assert_true(found);
    found = false;
    for (size_t i = 0; i < y->npay; i++)
        if (!strcmp(y->pay[i].band, "5") && y->pay[i].point == POINT_ENTRY) {
            assert_int_equal(y->pay[i].annual, 3207400); /* 31,049 × 1.033 = 32,073.6 */
            assert_int_equal(y->pay[i].m.conf, CONF_CARRIED);
            found = true;
        }
    assert_true(found);
    /* Employer NI by tax year: 2025/26 changes on 6 April 2025. */
    y = rules_year(&r, 2025);
    int ni = 0;
    for (size_t i = 0; i < y->noncosts; i++) {
        const struct rule_oncost_row *o = &y->oncosts[i];
        if (o->item != ONCOST_NI_THRESHOLD)
            continue;
        ni++;
        if (o->m.from == date_from_ymd(2025, 4, 6))
            assert_int_equal(o->value, 500000); /* £5,000 from 6 April 2025 */
        else
            assert_int_equal(o->value, 910000); /* £9,100 to 5 April 2025 */
    }
    assert_int_equal(ni, 2);
    /* A mid-year uplift as two effective-dated rows. */
    y = rules_year(&r, 2024);
    int rows = 0;
    for (size_t i = 0; i < y->nmaxima; i++) {
        const struct rule_max *x = &y->maxima[i];
        if (strcmp(x->role, "clinical_pharmacist") || x->area != AREA_NATIONAL)
            continue;
        rows++;
        if (x->m.from == date_from_ymd(2024, 10, 1)) {
            assert_int_equal(x->max, 6583800);
            assert_int_equal(x->m.conf, CONF_OFFICIAL);
        } else {
            assert_int_equal(x->m.to, date_from_ymd(2024, 9, 30));
            assert_int_equal(x->m.conf, CONF_UNCONFIRMED);
        }
    }
    assert_int_equal(rows, 2);
    /* Mental health practitioners: half the cost. */
    for (size_t i = 0; i < y->nroles; i++)
        if (!strcmp(y->roles[i].id, "mental_health_practitioner"))
            assert_int_equal(y->roles[i].share_bp, 5000);
    /* Every source tag resolves to an address or a note. */
    const struct rule_source *s = rules_source(&r, "P3");
    assert_non_null(s);
    assert_contains(s->address, "pulsetoday.co.uk");
    arena_release(&a);
}

/* A broken file in a copy of rules/: rules_load reports it and marks only
 * its year. */
static void test_load_errors(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    if (!dir)
        abort();
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp -r rules/. '%s'/ && mkdir '%s/2026-28'", dir, dir);
    assert_int_equal(system(cmd), 0);
    char *p = write_file(dir, "2025-26/afc_pay.csv",
                         PAY "5,entry,31049,2025-04-01,2026-03-31,"
                             "official,[E3],\n5,top,abc,2025-04-01,"
                             "2026-03-31,official,[E3],\n");
    free(p);
    snprintf(cmd, sizeof cmd, "rm '%s/2024-25/oncosts.csv'", dir);
    assert_int_equal(system(cmd), 0);

    struct arena a;
    struct rules r;
    struct rules_diag d = {0};
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    assert_int_equal(rules_load(dir, &a, &r, &d, &m), PCN_EINVAL);
    assert_int_equal(d.nerrors, 3);
    char want[600];
    snprintf(want, sizeof want, "%s/2024-25/oncosts.csv: missing", dir);
    assert_contains(d.errors[0], want);
    snprintf(want, sizeof want,
             "%s/2025-26/afc_pay.csv:3: field annual_gbp: 'abc' is not an amount", dir);
    assert_contains(d.errors[1], want);
    snprintf(want, sizeof want, "%s/2026-28: not a financial year", dir);
    assert_contains(d.errors[2], want);
    assert_contains(m.text, "(3 problems in the rules in");
    assert_int_equal(rules_year(&r, 2023)->nerrors, 0);
    assert_int_equal(rules_year(&r, 2024)->nerrors, 1);
    assert_int_equal(rules_year(&r, 2025)->nerrors, 1);
    arena_release(&a);

    arena_init(&a, 0);
    memset(&d, 0, sizeof d);
    assert_int_equal(rules_load("/nonexistent/rules", &a, &r, &d, &m), PCN_ENOTFOUND);
    assert_contains(m.text, "rules directory /nonexistent/rules: No such file or directory");
    arena_release(&a);
    tmpdir_remove(dir);
}

static void test_dir_default(void **state)
{
    (void)state;
    unsetenv("PCNOPS_RULES");
    assert_string_equal(rules_dir_default(NULL), "rules");
    setenv("PCNOPS_RULES", "/srv/rules", 1);
    assert_string_equal(rules_dir_default(NULL), "/srv/rules");
    assert_string_equal(rules_dir_default("mine"), "mine");
    unsetenv("PCNOPS_RULES");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_files),   cmocka_unit_test(test_cross_checks),
        cmocka_unit_test(test_schedule),    cmocka_unit_test(test_real_rules),
        cmocka_unit_test(test_load_errors), cmocka_unit_test(test_dir_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
