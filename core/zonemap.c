/* zonemap.c — per-block bounds of an integer-like column; see zonemap.h. */
#include "zonemap.h"

#include "alloc.h"

bool qy_zonemap_supported(const qy_column *c)
{
    return c->type == QY_INT64 || c->type == QY_DECIMAL || c->type == QY_DATE;
}

/* The bounds of rows [from, to): branch-free loops the compiler vectorizes
 * when the block has no null. */
static qy_zone int64_zone(const qy_column *c, int64_t from, int64_t to)
{
    qy_zone z = {INT64_MAX, INT64_MIN};
    const int64_t *v = c->v.i64;
    if (!c->valid) {
        for (int64_t i = from; i < to; i++) {
            z.min = v[i] < z.min ? v[i] : z.min;
            z.max = v[i] > z.max ? v[i] : z.max;
        }
        return z;
    }
    for (int64_t i = from; i < to; i++) {
        if (!qy_bitmap_get(c->valid, i)) continue;
        z.min = v[i] < z.min ? v[i] : z.min;
        z.max = v[i] > z.max ? v[i] : z.max;
    }
    return z;
}

static qy_zone date_zone(const qy_column *c, int64_t from, int64_t to)
{
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    const int32_t *v = c->v.date;
    bool any = false;
    for (int64_t i = from; i < to; i++) {
        if (c->valid && !qy_bitmap_get(c->valid, i)) continue;
        any = true;
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    return any ? (qy_zone){lo, hi} : (qy_zone){INT64_MAX, INT64_MIN};
}

static qy_zonemap *zonemap_build(const qy_column *c)
{
    int64_t nzones = (c->length + QY_ZONE_ROWS - 1) / QY_ZONE_ROWS;
    qy_zonemap *map = qy_malloc(sizeof *map + (size_t)nzones * sizeof map->zone[0]);
    if (!map) return NULL;
    map->nzones = nzones;
    for (int64_t b = 0; b < nzones; b++) {
        int64_t from = b * QY_ZONE_ROWS;
        int64_t to = from + QY_ZONE_ROWS < c->length ? from + QY_ZONE_ROWS : c->length;
        map->zone[b] = c->type == QY_DATE ? date_zone(c, from, to) : int64_zone(c, from, to);
    }
    return map;
}

const qy_zonemap *qy_column_zonemap(const qy_column *c)
{
    /* The map is a cache, not part of the column's value: the column itself
     * was allocated writable, so filling the cache through a const pointer
     * is sound. */
    qy_column *cache = (qy_column *)c;
    qy_zonemap *map = atomic_load_explicit(&cache->zones, memory_order_acquire);
    if (map) return map;
    qy_zonemap *built = zonemap_build(c);
    if (!built) return NULL;
    if (atomic_compare_exchange_strong_explicit(&cache->zones, &map, built, memory_order_acq_rel,
                                                memory_order_acquire))
        return built;
    qy_free(built);   /* another thread published first; map now holds its map */
    return map;
}
