/* The list of MPs (mps.h): the bundled file in full, finding and searching,
 * and every kind of mistake in a file with its FILE:LINE: column text. */
#include "testutil.h"

#include "arena.h"
#include "mps.h"

#define HDR                                                                                        \
    "pcon_name,pcon_code,full_title,display_as,party_text,member_email,lad_names,"                 \
    "la_names,region_name,country_name\n"

static void test_bundled(void **state)
{
    (void)state;
    struct arena a;
    struct mp_list l;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    const char *path = mps_path(&a, "rules");
    assert_string_equal(path, "data/parliament/mp-lookup-2026-06.csv");
    assert_string_equal(mps_path(&a, "/srv/pcnops/rules"),
                        "/srv/pcnops/data/parliament/mp-lookup-2026-06.csv");
    if (mps_load(path, &a, &l, &m))
        fail_msg("%s", m.text);
    assert_int_equal(l.n, 650);
    size_t england = 0;
    for (size_t i = 0; i < l.n; i++)
        england += strcmp(l.v[i].country, "England") == 0;
    assert_int_equal(england, 543);
    /* in constituency order */
    assert_string_equal(l.v[0].pcon_name, "Aberafan Maesteg");
    const struct mp *mp = mps_find(&l, "E14001063");
    assert_non_null(mp);
    assert_string_equal(mp->pcon_name, "Aldershot");
    assert_string_equal(mp->full_title, "Alex Baker MP");
    assert_string_equal(mp->name, "Alex Baker");
    assert_string_equal(mp->party, "Labour");
    assert_string_equal(mp->email, "alex.baker.mp@parliament.uk");
    assert_string_equal(mp->local_authorities, "Hart / Rushmoor");
    assert_string_equal(mp->counties, "Hampshire");
    assert_null(mps_find(&l, "E14999999"));
    /* "No email found" is not an email */
    size_t no_email = 0;
    for (size_t i = 0; i < l.n; i++)
        no_email += !*l.v[i].email;
    assert_int_equal(no_email, 4);
    assert_null(mps_find(&l, NULL));
    static const struct {
        const char *q;
        size_t n;
    } searches[] = {
        {"aldershot", 1},
        {"RUSHMOOR", 1},
        {"hampshire baker", 1},
        {"baker aldershot", 1},
        {"baker leeds", 0},
        {"", 0},
        {"  ", 0},
        {"Speaker", 1},
        {"zzzz", 0},
    };
    for (size_t k = 0; k < sizeof searches / sizeof *searches; k++) {
        size_t n = 0;
        for (size_t i = 0; i < l.n; i++)
            n += mps_match(&l.v[i], searches[k].q);
        if (n != searches[k].n)
            fail_msg("'%s': %zu matches, expected %zu", searches[k].q, n, searches[k].n);
    }
    arena_release(&a);
}

static const struct test_refusal bad[] = {
    {"", PCN_EINVAL, "mps.csv: no constituencies"},
    {HDR, PCN_EINVAL, "mps.csv: no constituencies"},
    {"pcon_name,pcon_code\nA,E14000001\n", PCN_EINVAL, "mps.csv:1: missing column full_title"},
    {HDR "Aldershot,E1400106,A MP,A,Labour,a@b,X,Y,South East,England\n", PCN_EINVAL,
     "mps.csv:2: pcon_code: not a constituency code like E14001063"},
    {HDR "Aldershot,E14001063,A MP,A,Labour,a@b,X,Y,South East,England\n"
         "Other,E14001063,B MP,B,Labour,b@b,X,Y,South East,England\n",
     PCN_EINVAL, "mps.csv:3: pcon_code: the constituency appears twice"},
    {HDR ",E14001063,A MP,A,Labour,a@b,X,Y,South East,England\n", PCN_EINVAL,
     "mps.csv:2: pcon_name: empty"},
    {HDR "Aldershot,E14001063,A MP,,Labour,a@b,X,Y,South East,England\n", PCN_EINVAL,
     "mps.csv:2: display_as: empty"},
};

static void test_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct arena a;
        struct mp_list l;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        int rc = mps_parse("mps.csv", bad[i].text, strlen(bad[i].text), &a, &l, &m);
        test_refused_as(&bad[i], i, rc, m.text);
        assert_int_equal(l.n, 0);
        arena_release(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundled),
        cmocka_unit_test(test_bad),
    };
    return cmocka_run_group_tests_name("mps", tests, NULL, NULL);
}
