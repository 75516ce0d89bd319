/* The embedded default model: the Luohu 2018-style index of the project's
 * default-model specification (4 indicators, 31 items, 5 vetoes, 4 tiers),
 * built through the public builder so that it passes the same validation
 * as any model a district writes. */
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "model_default.h"

#define P(points) ((int64_t)(points) * 100)         /* points -> centipoints */
#define V(num, den) ((int64_t)(num) * PMINDEX_VALUE_SCALE / (den)) /* exact here */

static const struct {
    const char *id, *zh, *en;
    int64_t points;
} indicators[] = {
    {"A", "党建引领", "Party-building leadership", P(15)},
    {"B", "治安管理", "Public security and safety", P(30)},
    {"C", "公共服务", "Property and public services", P(35)},
    {"D", "融合共治", "Co-governance", P(20)},
};

enum { G = PMINDEX_ITEM_GRADED, PF = PMINDEX_ITEM_PASSFAIL, DE = PMINDEX_ITEM_DEDUCT, RA = PMINDEX_ITEM_RATE };

static const struct {
    const char *id, *zh, *en, *indicator;
    int64_t max;
    int32_t type;
    int64_t penalty, zero, full;
} items[] = {
    {"A1", "小区党组织覆盖", "Party cell covers the compound", "A", P(3), PF, 0, 0, 0},
    {"A2", "物业企业党建融合", "Party-building inside the property company", "A", P(3), G, 0, 0, 0},
    {"A3", "双向进入、交叉任职", "Cross-appointment between Party cell, owners' committee and property office", "A", P(2), G, 0, 0, 0},
    {"A4", "党员与员工志愿服务", "Party-member and staff volunteering", "A", P(2), G, 0, 0, 0},
    {"A5", "联席议事", "Joint meetings of Party cell, residents' committee, owners' committee and property office", "A", P(3), G, 0, 0, 0},
    {"A6", "接受监管、落实部署", "Accepts supervision and completes assigned tasks", "A", P(2), DE, P(1), 0, 0},
    {"B1", "出入口管控与访客登记", "Gate control and visitor registration", "B", P(4), G, 0, 0, 0},
    {"B2", "视频监控与门禁联网", "CCTV and access control working and linked", "B", P(4), RA, 0, V(80, 100), V(1, 1)},
    {"B3", "巡逻巡更", "Patrols with electronic patrol records", "B", P(3), G, 0, 0, 0},
    {"B4", "出租屋与流动人口信息报送", "Rental-unit and floating-population reports to the police station", "B", P(4), RA, 0, V(60, 100), V(1, 1)},
    {"B5", "矛盾纠纷排查化解", "Dispute screening and mediation", "B", P(3), G, 0, 0, 0},
    {"B6", "消防安全", "Fire safety", "B", P(4), DE, P(1), 0, 0},
    {"B7", "电动车停放充电", "E-bike parking and charging", "B", P(2), DE, P(1), 0, 0},
    {"B8", "重大隐患排查报告", "Major-hazard detection and reporting", "B", P(3), DE, P(1), 0, 0},
    {"B9", "应急预案与演练", "Emergency plans and drills", "B", P(3), PF, 0, 0, 0},
    {"C1", "保洁与垃圾分类", "Cleaning and waste sorting", "C", P(5), DE, P(1), 0, 0},
    {"C2", "绿化养护", "Greenery upkeep", "C", P(3), DE, P(1), 0, 0},
    {"C3", "共用部位维修", "Repair of common parts", "C", P(4), G, 0, 0, 0},
    {"C4", "共用设施设备运行", "Lift, water and fire equipment faults per 10 lifts a month", "C", P(5), RA, 0, V(4, 1), V(0, 1)},
    {"C5", "报修及时率", "Repairs done on time", "C", P(4), RA, 0, V(70, 100), V(1, 1)},
    {"C6", "投诉与12345处置", "Complaints and hotline cases closed", "C", P(4), RA, 0, V(70, 100), V(1, 1)},
    {"C7", "服务与收费公示", "Service standards and fees displayed", "C", P(3), PF, 0, 0, 0},
    {"C8", "公共收益与维修资金", "Common revenue and maintenance fund handled properly", "C", P(3), G, 0, 0, 0},
    {"C9", "人员配置与负责人在岗", "Staffing; on-site manager present", "C", P(2), G, 0, 0, 0},
    {"C10", "档案与工作台账", "Files and ledgers kept", "C", P(2), G, 0, 0, 0},
    {"D1", "居民满意度", "Resident satisfaction (third-party survey)", "D", P(6), RA, 0, V(60, 100), V(95, 100)},
    {"D2", "业主组织与合同履约", "Owners' bodies and service contract in order", "D", P(3), G, 0, 0, 0},
    {"D3", "街道社区派出所协同", "Requests of street, community and police station answered", "D", P(3), RA, 0, V(60, 100), V(1, 1)},
    {"D4", "文明创建与社区活动", "Civility campaigns and community activities", "D", P(2), G, 0, 0, 0},
    {"D5", "舆情与通报曝光", "Media exposure and official negative notices", "D", P(3), DE, P(1), 0, 0},
    {"D6", "创新与社会责任", "Innovation and social responsibility", "D", P(3), G, 0, 0, 0},
};

static const struct {
    const char *id, *zh, *en, *item;
    int32_t legal;
} vetoes[] = {
    {"V1", "物业企业原因造成重大治安、消防或安全责任事故",
     "Serious security, fire or safety accident caused by the property company", "B6", 1},
    {"V2", "媒体曝光且物业企业有明显过错", "Media exposure with clear fault of the property company", "D5", 0},
    {"V3", "拒不接受监管或经督促仍不整改", "Refusing supervision, or not rectifying after being urged", "A6", 0},
    {"V4", "擅自利用共用部位从事经营活动", "Unauthorised commercial use of common parts", "C8", 1},
    {"V5", "未报告或未整改重大安全隐患", "Failing to report or rectify a major hazard", "B8", 1},
};

static const struct {
    const char *key, *zh, *en;
    int64_t threshold;
} tiers[] = {
    {"excellent", "优秀", "Excellent", P(90)},
    {"good", "良好", "Good", P(80)},
    {"pass", "合格", "Pass", P(70)},
    {"fail", "不合格", "Fail", 0},
};

/* The laws and regulations behind each item and veto (the legal basis a
 * rectification notice cites): their names only, no article numbers. */
#define PMR_ZH "《物业管理条例》"
#define PMR_EN "Property Management Regulations"
#define SZPMR_ZH "《深圳经济特区物业管理条例》"
#define SZPMR_EN "Shenzhen Special Economic Zone Property Management Regulations"
#define FIRE_ZH "《中华人民共和国消防法》"
#define FIRE_EN "Fire Protection Law of the People's Republic of China"
#define SAFETY_ZH "《中华人民共和国安全生产法》"
#define SAFETY_EN "Work Safety Law of the People's Republic of China"
#define EQUIPMENT_ZH "《中华人民共和国特种设备安全法》"
#define EQUIPMENT_EN "Special Equipment Safety Law of the People's Republic of China"
#define CIVIL_ZH "《中华人民共和国民法典》"
#define CIVIL_EN "Civil Code of the People's Republic of China"
#define EMERGENCY_ZH "《中华人民共和国突发事件应对法》"
#define EMERGENCY_EN "Emergency Response Law of the People's Republic of China"
#define MEDIATION_ZH "《中华人民共和国人民调解法》"
#define MEDIATION_EN "People's Mediation Law of the People's Republic of China"
#define SECURITY_ZH "《企业事业单位内部治安保卫条例》"
#define SECURITY_EN "Regulations on the Internal Security of Enterprises and Public Institutions"
#define RENTAL_ZH "《租赁房屋治安管理规定》"
#define RENTAL_EN "Provisions on the Public Security Administration of Rental Housing"
#define FLOATING_ZH "《广东省流动人口服务管理条例》"
#define FLOATING_EN "Guangdong Regulations on the Service and Management of the Floating Population"
#define FEES_ZH "《物业服务收费管理办法》"
#define FEES_EN "Measures for the Administration of Property Service Fees"
#define PRICE_ZH "《中华人民共和国价格法》"
#define PRICE_EN "Price Law of the People's Republic of China"
#define FUND_ZH "《住宅专项维修资金管理办法》"
#define FUND_EN "Measures for the Administration of Special Maintenance Funds for Residential Buildings"
#define GREENING_ZH "《城市绿化条例》"
#define GREENING_EN "Regulations on Urban Greening"
#define SANITATION_ZH "《城市市容和环境卫生管理条例》"
#define SANITATION_EN "Regulations on the Administration of City Appearance and Environmental Sanitation"
#define VOLUNTEER_ZH "《志愿服务条例》"
#define VOLUNTEER_EN "Regulations on Volunteer Service"
#define PARTY_ZH "《中国共产党章程》"
#define PARTY_EN "Constitution of the Communist Party of China"
#define BRANCH_ZH "《中国共产党支部工作条例（试行）》"
#define BRANCH_EN "Regulations on the Work of Branches of the Communist Party of China (Trial)"

/* One law, or two or three joined as their language lists them. */
#define LAW(x) {x##_ZH, x##_EN}
#define LAWS2(x, y) {x##_ZH "、" y##_ZH, x##_EN "; " y##_EN}
#define LAWS3(x, y, z) {x##_ZH "、" y##_ZH "、" z##_ZH, x##_EN "; " y##_EN "; " z##_EN}

static const struct {
    const char *id;
    const char *text[2];
} bases[] = {
    {"A1", LAWS2(PARTY, BRANCH)},        {"A2", LAWS2(BRANCH, SZPMR)},
    {"A3", LAWS2(BRANCH, PMR)},          {"A4", LAW(VOLUNTEER)},
    {"A5", LAWS2(PMR, SZPMR)},           {"A6", LAWS2(PMR, SZPMR)},
    {"B1", LAWS2(SECURITY, PMR)},        {"B2", LAW(SECURITY)},
    {"B3", LAW(SECURITY)},               {"B4", LAWS2(RENTAL, FLOATING)},
    {"B5", LAW(MEDIATION)},              {"B6", LAW(FIRE)},
    {"B7", LAW(FIRE)},                   {"B8", LAWS2(SAFETY, FIRE)},
    {"B9", LAWS2(EMERGENCY, SAFETY)},    {"C1", LAWS2(PMR, SANITATION)},
    {"C2", LAWS2(GREENING, PMR)},        {"C3", LAWS2(PMR, CIVIL)},
    {"C4", LAWS2(EQUIPMENT, FIRE)},      {"C5", LAW(PMR)},
    {"C6", LAW(PMR)},                    {"C7", LAWS2(FEES, PRICE)},
    {"C8", LAWS3(CIVIL, FUND, PMR)},     {"C9", LAW(PMR)},
    {"C10", LAW(PMR)},                   {"D1", LAW(PMR)},
    {"D2", LAWS2(PMR, CIVIL)},           {"D3", LAW(PMR)},
    {"D4", LAW(PMR)},                    {"D5", LAW(PMR)},
    {"D6", LAW(PMR)},                    {"V1", LAWS2(SAFETY, FIRE)},
    {"V2", LAW(PMR)},                    {"V3", LAWS2(PMR, SZPMR)},
    {"V4", LAWS2(CIVIL, PMR)},           {"V5", LAW(SAFETY)},
};

/* The legal basis of an item or veto of the tables above. */
static const char *const *basis_of(const char *id)
{
    for (size_t i = 0; i < PM_ARRAY_SIZE(bases); i++)
        if (strcmp(bases[i].id, id) == 0)
            return bases[i].text;
    return NULL;
}

#define INSPECT_CLEAN_ZH "区级每年检查一次，街道每半年检查一次"
#define INSPECT_CLEAN_EN "district yearly, street half-yearly"
#define INSPECT_SANCTION_ZH "派出所每两周检查一次，街道每月检查一次，区级每季度检查一次"
#define INSPECT_SANCTION_EN "police station every 2 weeks, street monthly, district quarterly"

const struct pm_default_level pm_default_levels[PM_DEFAULT_MAX_LEVEL + 1] = {
    {"praise", "表扬激励：列入光荣榜，给予激励资金，减少检查频次",
     "praise and incentives: honour list, incentive funds, fewer inspections",
     INSPECT_CLEAN_ZH, INSPECT_CLEAN_EN},
    {"black_card", "挂黑牌，限期30日整改并复查", "black card, 30-day rectification and re-inspection",
     INSPECT_SANCTION_ZH, INSPECT_SANCTION_EN},
    {"interview", "重点训诫约谈法定代表人和项目负责人",
     "admonishment interview with the legal representative and the project manager",
     INSPECT_SANCTION_ZH, INSPECT_SANCTION_EN},
    {"replace_manager", "撤换物业服务处负责人，记信用扣分",
     "replace the on-site manager; credit demerit", INSPECT_SANCTION_ZH, INSPECT_SANCTION_EN},
    {"legal_penalty", "依法处罚：移送查处，列入信用黑名单，限制参与招投标",
     "legal penalty: referral, credit blacklist, tender restrictions", INSPECT_SANCTION_ZH,
     INSPECT_SANCTION_EN},
};

const struct pm_default_grade pm_default_grades[3] = {
    {V(1, 1), "符合", "meets"},
    {V(1, 2), "基本符合", "partly meets"},
    {0, "不符合", "does not meet"},
};

static int fill(pmindex_builder *b)
{
    int rc = pmindex_builder_set_name(b, "罗湖区物业小区管理水平指数（2018）",
                                      "Luohu property management index (2018)");
    for (size_t i = 0; rc == 0 && i < PM_ARRAY_SIZE(indicators); i++)
        rc = pmindex_builder_add_indicator(b, indicators[i].id, indicators[i].zh, indicators[i].en,
                                           indicators[i].points);
    for (size_t i = 0; rc == 0 && i < PM_ARRAY_SIZE(items); i++) {
        rc = pmindex_builder_add_item(b, items[i].id, items[i].zh, items[i].en, items[i].indicator,
                                      items[i].max, items[i].type);
        if (rc == 0 && items[i].type == DE)
            rc = pmindex_builder_set_penalty(b, items[i].penalty);
        if (rc == 0 && items[i].type == RA)
            rc = pmindex_builder_set_goalposts(b, items[i].zero, items[i].full);
        const char *const *basis = basis_of(items[i].id);
        if (rc == 0 && basis)
            rc = pmindex_builder_set_item_basis(b, basis[0], basis[1]);
    }
    for (size_t i = 0; rc == 0 && i < PM_ARRAY_SIZE(vetoes); i++) {
        rc = pmindex_builder_add_veto(b, vetoes[i].id, vetoes[i].zh, vetoes[i].en, vetoes[i].item,
                                      vetoes[i].legal);
        const char *const *basis = basis_of(vetoes[i].id);
        if (rc == 0 && basis)
            rc = pmindex_builder_set_veto_basis(b, basis[0], basis[1]);
    }
    for (size_t i = 0; rc == 0 && i < PM_ARRAY_SIZE(tiers); i++)
        rc = pmindex_builder_add_tier(b, tiers[i].key, tiers[i].zh, tiers[i].en, tiers[i].threshold);
    if (rc == 0)
        rc = pmindex_builder_add_black_share(b, "B", 50, 100);
    /* Rules, cards and ladder: the builder's defaults are the default model's. */
    return rc;
}

PMINDEX_API int pmindex_model_default(pmindex_model **model_out)
{
    if (!model_out)
        return PMINDEX_E_INVALID;
    *model_out = NULL;
    pmindex_builder *b;
    int rc = pmindex_builder_new(&b);
    if (rc != 0)
        return rc;
    rc = fill(b);
    if (rc == 0)
        rc = pmindex_builder_build(b, model_out);
    pmindex_builder_free(b);
    return rc;
}
