/* bench/genledger.c — writes a SYNTHETIC investment ledger for `make bench`:
 * the columns of data/projects.csv plus `funds` (decimal(2), the project's
 * funds in place, 亿元). Every row is invented; none describes a real project.
 * Deterministic (xorshift64* with a fixed seed, integers only), so every run
 * and machine writes the same bytes.
 *
 * Shape, loosely that of the real ledger: signed 2021-01-01 … 2023-12-31;
 * amounts log-uniform from 0.01 to 2621.43 (about 13% below 0.05); funds
 * only for investors from outside Gansu with amount ≥ 0.05, never above the
 * amount (else null); names from a few thousand patterns, investors from
 * ROWS/20 invented firms.
 * Usage: genledger ROWS OUT.csv [unique]
 * With "unique", the shape of a real ledger's text: every row has its own
 * project code (`id`, a string such as QY2023-0000042) and its own name (the
 * pattern plus its serial number), and a fifth of the investors are branch
 * offices written "示例德川12有限公司,庆阳分公司" — quoted, a comma inside. The
 * other columns are drawn exactly as without it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 20230720u;

static uint64_t next(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717u;
}

/* Uniform in 0..n-1 (n small: the modulo bias is far below what matters). */
static uint32_t below(uint32_t n) { return (uint32_t)((next() >> 33) % n); }

/* An index into weights[0..n-1], chosen in proportion to the weights. */
static int weighted(const int *weights, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++) total += weights[i];
    int r = (int)below((uint32_t)total);
    for (int i = 0; i < n; i++) {
        if (r < weights[i]) return i;
        r -= weights[i];
    }
    return n - 1;
}

static const char *const counties[] = {"西峰区", "庆城县", "环县", "华池县",
                                       "合水县", "正宁县", "宁县", "镇原县"};
static const int county_weights[] = {22, 14, 13, 8, 9, 10, 12, 12};

static const char *const industries[] = {"数字经济", "新能源", "煤电", "装备制造", "食用菌",
                                         "肉鸡全产业链", "生物医药", "石油化工", "文化旅游", "现代农业"};
static const int industry_weights[] = {10, 16, 6, 12, 8, 7, 6, 9, 11, 15};
/* Three kinds of project per industry, for the names. */
static const char *const projects[][3] = {
    {"数据中心", "算力枢纽", "云计算"},     {"光伏发电", "风电场", "储能电站"},
    {"调峰煤电", "煤电一体化", "热电联产"}, {"储能设备制造", "光伏组件制造", "装备产业园"},
    {"食用菌基地", "菌棒加工", "食用菌产业园"}, {"肉鸡养殖", "肉鸡屠宰加工", "饲料加工"},
    {"中药材加工", "生物制药", "医疗器械"}, {"油气开发", "炼化", "化工新材料"},
    {"文旅综合体", "景区提升", "民宿集群"}, {"设施农业", "苹果基地", "粮食加工"},
};
static const char *const brands[] = {"德川", "汇景", "盛通", "信宇", "华润", "长庆", "陇东", "岐黄",
                                     "周祖", "董志", "子午", "马莲", "东方", "恒信", "中瑞", "泰和"};

/* Home provinces (甘肃 = local) and their regions as data/README.md defines them. */
static const char *const provinces[] = {"甘肃", "北京", "天津", "河北", "上海", "江苏", "浙江",
                                        "安徽", "广东", "四川", "重庆", "山东", "河南", "福建",
                                        "陕西", "宁夏"};
static const int province_weights[] = {30, 6, 5, 3, 5, 6, 6, 2, 6, 4, 3, 6, 5, 4, 5, 3};
static const char *const regions[] = {"其他", "京津冀", "京津冀", "京津冀", "长三角", "长三角",
                                      "长三角", "长三角", "珠三角", "成渝", "成渝", "其他",
                                      "其他", "其他", "其他", "其他"};

static const char *const events[] = {"第二十九届兰洽会", "津企庆阳行", "食用菌企业庆阳行"};
static const char *const statuses[] = {"已签约", "已开工", "在建", "已投产"};
static const int status_weights[] = {10, 15, 35, 40};

enum { FIRST_DAY = 18628 };  /* 2021-01-01 as days since 1970-01-01 */
enum { SPAN_DAYS = 1095 };   /* through 2023-12-31 */

/* "YYYY-MM-DD" of a day count since 1970-01-01 (the civil-from-days method). */
static void format_day(long days, char *out)
{
    long z = days + 719468;
    long era = z / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    sprintf(out, "%04ld-%02ld-%02ld", y, m, d);
}

static int year_of(long days)
{
    char s[16];
    format_day(days, s);
    return atoi(s);
}

/* Cents, log-uniform-ish: a power of two picks the band, then uniform in it. */
static int64_t amount_cents(void)
{
    int band = (int)below(18);
    int64_t lo = (int64_t)1 << band;
    return lo + (int64_t)below((uint32_t)lo);
}

int main(int argc, char **argv)
{
    int unique = argc == 4 && strcmp(argv[3], "unique") == 0;
    if (argc != 3 && !unique) {
        fprintf(stderr, "usage: genledger ROWS OUT.csv [unique]\n");
        return 2;
    }
    long long rows = atoll(argv[1]);
    FILE *out = fopen(argv[2], "wb");
    if (rows < 1 || !out) {
        fprintf(stderr, "genledger: cannot write %lld rows to %s\n", rows, argv[2]);
        return 1;
    }
    static char buf[1 << 20];
    setvbuf(out, buf, _IOFBF, sizeof buf);
    uint32_t firms = rows / 20 > 10 ? (uint32_t)(rows / 20) : 10;
    fputs("id,name,county,industry,investor,province,region,event,sign_date,amount,"
          "kind,status,start_date,digital,funds\n", out);
    for (long long id = 1; id <= rows; id++) {
        int county = weighted(county_weights, 8);
        int industry = weighted(industry_weights, 10);
        int province = below(100) < 3 ? -1 : weighted(province_weights, 16);
        long sign = FIRST_DAY + (long)below(SPAN_DAYS);
        int status = weighted(status_weights, 4);
        long start = status == 0 ? -1 : sign + (long)below(181);
        int64_t amount = amount_cents();
        int has_funds = province > 0 && amount >= 5 && below(10) < 8;
        int64_t funds = has_funds ? 1 + (int64_t)below((uint32_t)amount) : -1;
        int event = year_of(sign) == 2023 && below(100) < 2 ? (int)below(3) : -1;
        int digital = industry == 0 || (industry == 3 && below(10) == 0);
        uint32_t firm = 1 + below(firms);
        char sign_s[16], start_s[16] = "", funds_s[32] = "";
        format_day(sign, sign_s);
        if (start >= 0) format_day(start, start_s);
        if (funds >= 0) sprintf(funds_s, "%" PRId64 ".%02d", funds / 100, (int)(funds % 100));
        /* the kind before the brand: the order the plain ledger has always drawn them */
        const char *kind = projects[industry][below(3)];
        const char *brand = brands[below(16)];
        char id_s[32], name_s[160], investor_s[96];
        if (unique) {
            sprintf(id_s, "QY%d-%07lld", year_of(sign), id);
            sprintf(name_s, "%s%s%s%lld号项目", brand, counties[county], kind, id);
            if (firm % 5 == 0)
                sprintf(investor_s, "\"示例%s%u有限公司,庆阳分公司\"", brands[firm % 16], firm);
            else
                sprintf(investor_s, "示例%s%u有限公司", brands[firm % 16], firm);
        } else {
            sprintf(id_s, "%lld", id);
            sprintf(name_s, "%s%s%s项目", brand, counties[county], kind);
            sprintf(investor_s, "示例%s%u有限公司", brands[firm % 16], firm);
        }
        fprintf(out, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%" PRId64 ".%02d,%s,%s,%s,%s,%s\n",
                id_s, name_s, counties[county], industries[industry], investor_s,
                province < 0 ? "" : provinces[province], regions[province < 0 ? 0 : province],
                event < 0 ? "" : events[event], sign_s, amount / 100, (int)(amount % 100),
                start >= 0 && year_of(start) < 2023 ? "续建" : "新建", statuses[status],
                start_s, digital ? "true" : "false", funds_s);
    }
    if (fclose(out) != 0) {
        perror(argv[2]);
        return 1;
    }
    return 0;
}
