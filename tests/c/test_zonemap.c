/* test_zonemap.c — per-block bounds: values and nulls across blocks, dates,
 * the cache on the column, the CSV reader's warm map, allocation failure. */
#include <string.h>

#include "alloc.h"
#include "check.h"
#include "csv_read.h"
#include "fixtures.h"
#include "zonemap.h"

/* Three zones: the first holds -7..4088 with a null, the second only nulls,
 * the third (short) 5 and 9. */
static qy_column *three_zones(qy_type type)
{
    int64_t n = 2 * QY_ZONE_ROWS + 2;
    qy_column *c = NULL;
    if (qy_column_new(type, 2, NULL, n, &c, NULL) != QY_OK) abort();
    for (int64_t i = 0; i < n; i++) {
        int64_t v = i < QY_ZONE_ROWS ? i - 7 : i == n - 2 ? 9 : 5;
        if (type == QY_DATE) c->v.date[i] = (int32_t)v;
        else c->v.i64[i] = v;
        if ((i >= QY_ZONE_ROWS && i < 2 * QY_ZONE_ROWS) || i == 3)
            qy_column_set_null(c, i, NULL);
    }
    return c;
}

static void bounds_per_zone(void)
{
    static const qy_type types[] = {QY_INT64, QY_DECIMAL, QY_DATE};
    for (int k = 0; k < 3; k++) {
        qy_column *c = three_zones(types[k]);
        CHECK(qy_zonemap_supported(c));
        const qy_zonemap *z = qy_column_zonemap(c);
        CHECK_INT(z->nzones, 3);
        CHECK_INT(z->zone[0].min, -7);
        CHECK_INT(z->zone[0].max, QY_ZONE_ROWS - 8);
        CHECK(z->zone[1].min > z->zone[1].max);
        CHECK_INT(z->zone[2].min, 5);
        CHECK_INT(z->zone[2].max, 9);
        CHECK(qy_column_zonemap(c) == z);   /* cached */
        qy_column_release(c);
    }
}

static void no_nulls_empty_and_unsupported(void)
{
    qy_column *c = column_of(QY_INT64, 0, 3, (const char *[]){"4", "-2", "8"});
    const qy_zonemap *z = qy_column_zonemap(c);
    CHECK_INT(z->nzones, 1);
    CHECK_INT(z->zone[0].min, -2);
    CHECK_INT(z->zone[0].max, 8);
    qy_column_release(c);
    qy_column *empty = column_of(QY_DATE, 0, 0, NULL);
    CHECK_INT(qy_column_zonemap(empty)->nzones, 0);
    qy_column_release(empty);
    qy_column *f = column_of(QY_FLOAT64, 0, 1, (const char *[]){"1.5"});
    CHECK(!qy_zonemap_supported(f));
    qy_column_release(f);
}

/* The reader leaves the maps to the first query that wants one (most
 * columns are never asked), which builds and keeps it. */
static void maps_are_built_when_first_asked(void)
{
    const char *text = "n,amount,name\n1,2.50,甲\n,-1.25,乙\n";
    qy_table *t = NULL;
    CHECK_INT(qy_csv_read_buffer("x.csv", text, strlen(text), NULL, &t, NULL, NULL), QY_OK);
    CHECK(atomic_load(&t->cols[1]->zones) == NULL);
    const qy_zonemap *z = qy_column_zonemap(t->cols[1]);
    CHECK(z != NULL && atomic_load(&t->cols[1]->zones) == z);
    if (z) CHECK_INT(z->zone[0].min, -125);
    CHECK(qy_column_zonemap(t->cols[1]) == z);
    qy_table_release(t);
}

static void allocation_failure_gives_null(void)
{
    qy_column *c = three_zones(QY_INT64);
    qy_alloc_fail_after(0);
    CHECK(qy_column_zonemap(c) == NULL);
    qy_alloc_fail_after(-1);
    CHECK(qy_column_zonemap(c) != NULL);
    qy_column_release(c);
}

int main(void)
{
    RUN(bounds_per_zone);
    RUN(no_nulls_empty_and_unsupported);
    RUN(maps_are_built_when_first_asked);
    RUN(allocation_failure_gives_null);
    return check_summary("test_zonemap");
}
