/* distinct.c — distinct rows through the numbering of groups; see distinct.h. */
#include "distinct.h"

#include "alloc.h"
#include "groupby.h"

int qy_table_distinct(const qy_table *t, const int *keys, int nkeys, bool keep_all,
                      qy_table **out, qy_error *err)
{
    int *every = NULL;
    if (nkeys == 0) {
        every = qy_malloc((size_t)(t->ncols ? t->ncols : 1) * sizeof *every);
        if (!every) return qy_error_set(err, QY_ENOMEM, "not enough memory for distinct rows");
        for (int j = 0; j < t->ncols; j++) every[j] = j;
        keys = every;
        nkeys = t->ncols;
    }
    qy_groups g;
    int rc = qy_groups_build(t, keys, nkeys, &g, err);
    if (rc == QY_OK) {
        rc = keep_all ? qy_table_take(t, g.first_row, g.ngroups, out, err)
                      : qy_groups_keys(t, keys, nkeys, &g, out, err);
        qy_groups_free(&g);
    }
    qy_free(every);
    return rc;
}
