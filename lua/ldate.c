/* ldate.c — dates and periods: calendar parts, period labels (coded and
 * Chinese), shifting by days or months, days between, formatting, and
 * qy.date for the date strings scripts compute bounds with. */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "date_column.h"
#include "lqy.h"
#include "period.h"

/* Pushes the column a kernel made with rc, or raises its error against
 * argument arg. [-0, +1, v] */
static int push_result(lua_State *L, int rc, qy_column **out, const qy_error *err, int arg)
{
    if (rc != QY_OK) return lqy_argfail(L, arg, rc, err);
    lqy_pushcolumn(L, *out);
    return 1;
}

/* ---- parts and periods --------------------------------------------------- */

static int part(lua_State *L, qy_date_part which)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    qy_error err = {0};
    return push_result(L, qy_date_part_of(c, which, &out, &err), &out, &err, 1);
}

static int l_year(lua_State *L) { return part(L, QY_PART_YEAR); }
static int l_half(lua_State *L) { return part(L, QY_PART_HALF); }
static int l_quarter(lua_State *L) { return part(L, QY_PART_QUARTER); }
static int l_month(lua_State *L) { return part(L, QY_PART_MONTH); }
static int l_day(lua_State *L) { return part(L, QY_PART_DAY); }
static int l_weekday(lua_State *L) { return part(L, QY_PART_WEEKDAY); }

/* c:period("Q" [, { zh = true }]) — labels "2023Q2" (or "2023年二季度"); also "Y", "H", "M". */
static int l_period(lua_State *L)
{
    static const char *const known[] = {"zh", NULL};
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    size_t len;
    const char *unit = luaL_checklstring(L, 2, &len);
    if (len != 1 || !strchr("YHQM", unit[0]))
        return luaL_argerror(L, 2, lua_pushfstring(L, "unknown period '%s' (expected Y, H, Q or M)",
                                                   unit));
    int zh = lqy_checkoptions(L, 3, known) && lqy_optboolean(L, 3, "zh", 0);
    qy_error err = {0};
    int rc = qy_period_of(c, unit[0], zh ? QY_PERIOD_ZH : QY_PERIOD_CODED, &out, &err);
    return push_result(L, rc, &out, &err, 1);
}

/* c:period_label() — the Chinese labels of a column of coded ones. */
static int l_column_period_label(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    qy_error err = {0};
    return push_result(L, qy_period_labels_zh(c, &out, &err), &out, &err, 1);
}

/* qy.period_label("2023Q2") -> "2023年二季度". */
static int l_period_label(lua_State *L)
{
    size_t len, zh_len;
    const char *label = luaL_checklstring(L, 1, &len);
    char zh[32];
    if (qy_period_label_zh(label, len, zh, &zh_len) != QY_OK)
        return luaL_argerror(L, 1, lua_pushfstring(L, "'%s' is not a period label (2023, 2023H1, "
                                                      "2023Q2, 2023-05)", label));
    lua_pushlstring(L, zh, zh_len);
    return 1;
}

/* ---- calendar arithmetic ------------------------------------------------- */

typedef int (*shift_verb)(const qy_column *c, const qy_operand *n, qy_column **out, qy_error *err);

/* c:add_days(n), c:add_months(n): n an integer or an int64 column. A date
 * pushed out of range blames n. */
static int shift(lua_State *L, shift_verb verb)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    qy_operand n = {.col = lqy_testcolumn(L, 2)};
    if (!n.col) n.scalar = qy_scalar_int64(luaL_checkinteger(L, 2));
    qy_error err = {0};
    int rc = verb(c, &n, &out, &err);
    return push_result(L, rc, &out, &err, c->type == QY_DATE ? 2 : 1);
}

static int l_add_days(lua_State *L) { return shift(L, qy_add_days); }
static int l_add_months(lua_State *L) { return shift(L, qy_add_months); }

/* The date at arg as an operand: a date column, or a date string. [-0, +0, v] */
static qy_operand checkdate(lua_State *L, int arg)
{
    static const char expected[] = "a date column or date string expected, got %s%s";
    qy_column *c = lqy_testcolumn(L, arg);
    if (c && c->type == QY_DATE) return (qy_operand){.col = c};
    char name[16];
    if (c) luaL_argerror(L, arg, lua_pushfstring(L, expected, qy_type_name(c->type, c->scale, name),
                                                 " column"));
    if (lua_type(L, arg) != LUA_TSTRING)
        luaL_argerror(L, arg, lua_pushfstring(L, expected, luaL_typename(L, arg), ""));
    size_t len;
    const char *text = lua_tolstring(L, arg, &len);
    int32_t days;
    if (qy_date_parse(text, len, &days) != QY_OK)
        luaL_argerror(L, arg, lua_pushfstring(L, "'%s' is not a date", text));
    return (qy_operand){.scalar = qy_scalar_date(days)};
}

/* qy.days_between(a, b) — b - a in days: an int64 column, or a Lua integer
 * when both are strings. */
static int l_days_between(lua_State *L)
{
    qy_operand a = checkdate(L, 1), b = checkdate(L, 2);
    if (!a.col && !b.col) {
        lua_pushinteger(L, (lua_Integer)b.scalar.v.date - a.scalar.v.date);
        return 1;
    }
    qy_column *out = NULL;
    qy_error err = {0};
    int64_t length = a.col ? a.col->length : b.col->length;
    return push_result(L, qy_days_between(&a, &b, length, &out, &err), &out, &err, 2);
}

/* c:format("%Y年%-m月%-d日") */
static int l_format(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    size_t len;
    const char *fmt = luaL_checklstring(L, 2, &len);
    qy_error err = {0};
    int rc = qy_format_dates(c, fmt, len, &out, &err);
    return push_result(L, rc, &out, &err, c->type == QY_DATE ? 2 : 1);
}

/* ---- qy.date ------------------------------------------------------------- */

/* An int argument in lo..hi, else "what n is not lo..hi". [-0, +0, v] */
static int checkpart(lua_State *L, int arg, const char *what, int lo, int hi)
{
    lua_Integer n = luaL_checkinteger(L, arg);
    if (n < lo || n > hi)
        luaL_argerror(L, arg, lua_pushfstring(L, "%s %I is not %d..%d", what, n, lo, hi));
    return (int)n;
}

/* qy.date("2023年7月20日") or qy.date(2023, 7, 20) -> "2023-07-20". */
static int l_date(lua_State *L)
{
    int32_t days;
    if (lua_type(L, 1) == LUA_TNUMBER) {
        int year = checkpart(L, 1, "year", 1, 9999), month = checkpart(L, 2, "month", 1, 12);
        int day = checkpart(L, 3, "day", 1, 31);
        if (qy_date_from_civil(year, month, day, &days) != QY_OK) {
            char text[32];
            snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
            return luaL_argerror(L, 3, lua_pushfstring(L, "'%s' is not a date", text));
        }
    } else {
        size_t len;
        const char *text = luaL_checklstring(L, 1, &len);
        if (qy_date_parse(text, len, &days) != QY_OK)
            return luaL_argerror(L, 1, lua_pushfstring(L, "'%s' is not a date", text));
    }
    char buf[16];
    lua_pushlstring(L, buf, qy_date_format(days, buf));
    return 1;
}

const luaL_Reg lqy_date_methods[] = {
    {"year", l_year}, {"half", l_half}, {"quarter", l_quarter}, {"month", l_month},
    {"day", l_day}, {"weekday", l_weekday}, {"period", l_period},
    {"period_label", l_column_period_label}, {"add_days", l_add_days},
    {"add_months", l_add_months}, {"format", l_format},
    {NULL, NULL}
};

const luaL_Reg lqy_date_functions[] = {
    {"date", l_date}, {"days_between", l_days_between}, {"period_label", l_period_label},
    {NULL, NULL}
};
