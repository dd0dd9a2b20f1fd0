"""The scoring engine on hand-made answer sets whose figures are worked out in the comments."""

from __future__ import annotations

from typing import Any

import pytest
from sample_answers import best_answers

from zi_desktop.lke.advice import gap, improvements
from zi_desktop.lke.scoring import IMPOSSIBLE_ABOVE, Condition, plausibility_rules_problems, score

Answers = dict[int, Any]

# sub-area node ids of the 2026 catalog (PortalRB ids)
MP_I_REFORM, PW_III, PW_III_A, PW_III_B, PP_I_REFORM = 36, 54, 55, 56, 58


def best(catalog: Any) -> Answers:
    """Every question at its best answer; counts chosen so that every percentage is 100 %."""
    a: Answers = {}
    for s in catalog.soal.values():
        if s.kind == "choice":
            a[s.soal_id] = max(s.options, key=lambda o: o.multiplier).key
        elif s.kind == "survey":
            a[s.soal_id] = 4.0
    a.update({88: 5, 89: 5, 90: 5, 91: 5, 102: 7, 103: 0, 104: 0, 105: 5, 106: 5, 110: 5, 111: 2, 112: 5})
    a.update({113: 1, 114: 2, 115: 3, 116: 6, 117: 4, 118: 0, 119: 1, 120: 5, 122: 5, 123: 5})
    return a


# -- one answer, one item -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("soal_id", "answer", "value"),
    [
        (1, "Ya", 1.0),
        (1, "Tidak", 0.0),
        (2, "A", 1.0),
        (2, "B", 0.5),
        (2, "C", 0.0),
        (6, "A", 1.0),
        (6, "B", 0.67),
        (6, "C", 0.33),
        (6, "D", 0.0),
        (14, "A", 1.0),
        (14, "B", 0.75),
        (14, "C", 0.5),
        (14, "D", 0.25),
        (14, "E", 0.0),
        (125, 3.6, 0.9),
        (125, 0.0, 0.0),
        (127, 4.0, 1.0),
    ],
)
def test_answer_values(catalog: Any, soal_id: int, answer: Any, value: float) -> None:
    assert score(catalog, {soal_id: answer}).values[soal_id] == value


def test_abcd_is_0_67_not_two_thirds(catalog: Any) -> None:
    # MP iii (node 6, weight 1): only soal 6 answered, B -> 0.67 x 1
    r = score(catalog, {6: "B"})
    assert r.nodes[6].score == pytest.approx(0.67, abs=1e-12)
    assert r.nodes[6].score != pytest.approx(2 / 3, abs=1e-4)
    assert score(catalog, {6: "C"}).nodes[6].score == pytest.approx(0.33, abs=1e-12)


def test_counts_and_surveys_are_not_items_of_an_average(catalog: Any) -> None:
    r = score(catalog, {88: 4, 89: 3})
    assert 88 not in r.values and 89 not in r.values
    assert r.nodes[MP_I_REFORM].items == 2  # the two percentages, not the four counts


def test_unanswered_is_left_out_and_floor_counts_it_as_zero(catalog: Any) -> None:
    # MP ii (node 5, weight 1): soal 3 Ya (1), 4 B (0.5), 5 blank
    r = score(catalog, {3: "Ya", 4: "B"})
    n = r.nodes[5]
    assert n.score == pytest.approx(0.75)  # (1 + 0.5) / 2 x 1
    assert n.score_floor == pytest.approx(0.5)  # (1 + 0.5 + 0) / 3 x 1
    assert (n.answered, n.items, n.complete) == (2, 3, False)
    assert r.nodes[4].score == 0.0 and r.nodes[4].answered == 0


def test_official_and_floor_totals(catalog: Any) -> None:
    a = best(catalog)
    del a[1]  # MP i (weight 0.5): only soal 2 left, A -> official 0.5, floor 0.25
    r = score(catalog, a)
    assert r.total == pytest.approx(100.0)
    assert r.total_floor == pytest.approx(99.75)
    assert r.pengungkit_floor == pytest.approx(59.75)
    full = score(catalog, best(catalog))
    assert full.total == full.total_floor == 100.0


# -- computed percentages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cid", "inputs", "value"),
    [
        ("PRA1A", {88: 4, 89: 3}, 0.75),
        ("PRA1A", {88: 4, 89: 4}, 1.0),
        ("PRA1A", {88: 0, 89: 0}, 1.0),  # 0 of 0 counts as 1
        ("PRA1A", {88: 7, 89: 0}, 0.0),
        ("PRA1A", {88: 4}, None),  # numerator missing
        ("PRA1B", {90: 3, 91: 1}, 1 / 3),
        ("PRD1A", {105: 8, 106: 6}, 0.75),
        ("PRE2A", {110: 10, 112: 9}, None),  # s111 blank: unfilled, as the sheet's K171
        ("PRE2A", {110: 10, 111: 0, 112: 9}, 0.9),  # s111 takes no part in the value
        ("PRE2A", {110: 10, 111: 7, 112: 9}, 0.9),
        ("PRE3A", {113: 2, 114: 3, 115: 5, 116: 6}, 0.6),
        ("PRE3A", {113: 2, 114: 3, 116: 5}, None),  # one part of the denominator missing
        ("PRE3A", {113: 0, 114: 0, 115: 0, 116: 0}, 1.0),
        ("PRE3B", {117: 1, 118: 1, 119: 2, 120: 1}, 0.25),
        ("PRF1B", {122: 8, 123: 2}, 0.25),
        ("PRC3A", {102: 10, 103: 4, 104: 0}, 0.6),  # (10 - 4) / 10
        ("PRC3A", {102: 10, 103: 0, 104: 0}, 1.0),
        ("PRC3A", {102: 0, 103: 0, 104: 0}, 1.0),  # no cases before, none now
        ("PRC3A", {102: 0, 103: 3, 104: 3}, 0.0),  # rose from none: no decrease
        ("PRC3A", {102: 4, 103: 9, 104: 2}, 0.0),  # rose: capped at 0
        ("PRC3A", {102: 4, 103: 4, 104: 1}, 0.0),
        ("PRC3A", {102: 10, 103: 4}, None),  # s104 blank: unfilled, as the sheet's K154
        ("PRC3A", {102: 4, 104: 0}, None),
        # a numerator above its denominator scores 100 %, as the sheet's IF(x>1,1,x)
        ("PRA1A", {88: 10, 89: 12}, 1.0),
        ("PRA1B", {90: 3, 91: 5}, 1.0),
        ("PRE3A", {113: 1, 114: 1, 115: 1, 116: 4}, 1.0),
    ],
)
def test_computed_percentages(catalog: Any, cid: str, inputs: Answers, value: float | None) -> None:
    c = score(catalog, inputs).computed[cid]
    assert c.issue is None
    if value is None:
        assert c.value is None
    else:
        assert c.value == pytest.approx(value, abs=1e-12)
        assert 0.0 <= c.value <= 1.0


@pytest.mark.parametrize(
    ("cid", "inputs", "names", "words"),
    [
        ("PRA1B", {90: 10, 91: 12}, ("91", "90"), "terintegrasi"),
        ("PRD1A", {105: 4, 106: 5}, ("106", "105"), "sasaran"),
        ("PRE2A", {110: 4, 111: 0, 112: 5}, ("112", "110"), "pengaduan"),
        ("PRE3A", {113: 1, 114: 1, 115: 1, 116: 4}, ("116", "113 + 114 + 115"), "LHKPN"),
        ("PRE3B", {117: 1, 118: 1, 119: 1, 120: 4}, ("120", "117 + 118 + 119"), "non-LHKPN"),
        ("PRF1B", {122: 2, 123: 3}, ("123", "122"), "dipermudah"),
    ],
)
def test_an_impossible_numerator_scores_full_marks_with_an_advisory(
    catalog: Any, cid: str, inputs: Answers, names: tuple[str, str], words: str
) -> None:
    r = score(catalog, inputs)
    assert r.computed[cid].value == 1.0  # capped, as the sheet
    assert r.issues == ()  # never an input error
    (adv,) = r.advisories
    assert adv.ref == cid and adv.soal_ids[0] == int(names[0])
    assert f"soal {names[0]}" in adv.message and names[1] in adv.message and words in adv.message
    assert r.computed[cid].advisory == adv.message
    assert r.to_json(catalog)["advisories"][0]["pesan"] == adv.message


def test_more_changes_than_agents_is_plausible_and_says_nothing(catalog: Any) -> None:
    r = score(catalog, {88: 10, 89: 12})
    assert r.computed["PRA1A"].value == 1.0
    assert r.issues == () and r.advisories == ()


def test_every_advisory_rule_names_a_ratio_of_the_catalog(catalog: Any) -> None:
    assert plausibility_rules_problems(catalog) == []
    assert set(IMPOSSIBLE_ABOVE) == {"PRA1B", "PRD1A", "PRE2A", "PRE3A", "PRE3B", "PRF1B"}


@pytest.mark.parametrize(
    ("cid", "inputs", "names"),
    [
        ("PRA1A", {88: 0, 89: 1}, ("89", "88")),  # above a zero denominator
        ("PRE3A", {113: 0, 114: 0, 115: 0, 116: 2}, ("116", "113 + 114 + 115")),
    ],
)
def test_a_numerator_above_a_zero_denominator_is_an_input_issue(
    catalog: Any, cid: str, inputs: Answers, names: tuple[str, str]
) -> None:
    r = score(catalog, inputs)
    assert r.computed[cid].value is None  # not scored
    (issue,) = r.issues
    assert issue.ref == cid
    assert issue.soal_ids[0] == int(names[0])
    assert f"soal {names[0]}" in issue.message and names[1] in issue.message
    assert "penyebut 0" in issue.message


def test_a_missing_percentage_is_left_out_of_its_sub_area(catalog: Any) -> None:
    # MP i Reform (weight 2): PRA1A 3/4, PRA1B missing -> 0.75 x 2; floor 0.75 / 2 x 2
    r = score(catalog, {88: 4, 89: 3, 90: 3})
    assert r.nodes[MP_I_REFORM].score == pytest.approx(1.5)
    assert r.nodes[MP_I_REFORM].score_floor == pytest.approx(0.75)


def test_percentage_averaged_with_its_choice_question(catalog: Any) -> None:
    # PP i Reform (weight 2.5): s121 B (0.67) and PRF1B 1 of 2 (0.5) -> (0.67 + 0.5) / 2 x 2.5
    r = score(catalog, {121: "B", 122: 2, 123: 1})
    assert r.nodes[PP_I_REFORM].score == pytest.approx(1.4625, abs=1e-12)


def test_lhkpn_and_non_lhkpn_add_up_to_their_parent(catalog: Any) -> None:
    a = {113: 2, 114: 3, 115: 5, 116: 6, 117: 0, 118: 0, 119: 0, 120: 0}
    r = score(catalog, a)
    assert r.nodes[PW_III_A].score == pytest.approx(0.6)  # 6 / 10 x 1
    assert r.nodes[PW_III_B].score == pytest.approx(1.0)  # 0 of 0 x 1
    assert r.nodes[PW_III].score == pytest.approx(1.6)
    assert r.nodes[PW_III].weight == 2
    assert r.areas[5].reform == pytest.approx(1.6)


# -- totals and predicates ----------------------------------------------------------------------


def test_all_best_is_exactly_100_and_wbbm(catalog: Any) -> None:
    r = score(catalog, best(catalog))
    assert r.total == 100.0 and r.total_floor == 100.0
    assert (r.pengungkit, r.pemenuhan, r.reform, r.hasil) == (60.0, 30.0, 30.0, 40.0)
    assert (r.ipak, r.capaian_kinerja, r.ipkp) == (17.5, 5.0, 17.5)
    assert {no: a.score for no, a in r.areas.items()} == {1: 8, 2: 7, 3: 10, 4: 10, 5: 15, 6: 10}
    assert r.predicate == "WBBM"
    assert r.shortfalls() == []
    assert r.completeness.answered == r.completeness.questions == len(catalog.soal)


def test_nothing_answered(catalog: Any) -> None:
    r = score(catalog, {})
    assert r.total == r.total_floor == 0.0
    assert r.predicate is None
    assert r.completeness.answered == 0 and r.completeness.unanswered == len(catalog.soal)


def edge_75(catalog: Any) -> Answers:
    """Total exactly 75.00 with every other WBK condition met, bersih at exactly 18.25.

    Pemenuhan all best (30). Reform 11: MP 2 (percentages 100 %, s92 E, s93 D); TL 1.75 (s94 D,
    s95 B + s96 C -> 0.25, s97-99 B -> 1.5); SDM 1.5 (s100/s101 C, decrease 4 -> 1 = 0.75 x 2);
    AK 1.5 (PRD1A 0 of 5, s107 A, s108 D); PW 3 (s109 E, PRE2A 100 %, LHKPN 0 of 6 and 0 of 5);
    PP 1.25 (s121 A with PRF1B 0 of 5 -> 0.5 x 2.5, s124 D). Pengungkit 41. Hasil: IPAK 3.60 ->
    15.75, capaian C -> 2.50, IPKP 3.60 -> 15.75: 34. Areas: 75, 75, 65, 65, 70, 62.5 %.
    """
    a = best(catalog)
    a.update({92: "E", 93: "D", 94: "D", 95: "B", 96: "C", 97: "B", 98: "B", 99: "B", 100: "C", 101: "C"})
    a.update({102: 4, 103: 1, 106: 0, 107: "A", 108: "D", 109: "E", 116: 0, 120: 0, 121: "A", 123: 0})
    a.update({124: "D", 125: 3.6, 126: "C", 127: 3.6})
    return a


def test_total_exactly_75_is_wbk(catalog: Any) -> None:
    r = score(catalog, edge_75(catalog))
    assert r.pengungkit == pytest.approx(41.0)
    assert r.bersih_akuntabel == pytest.approx(18.25)
    assert r.total == pytest.approx(75.0, abs=1e-9)
    assert [round(100 * a.fraction, 6) for _, a in sorted(r.areas.items())] == [75, 75, 65, 65, 70, 62.5]
    assert r.shortfalls("WBK") == []
    assert r.predicate == "WBK"


def test_total_just_below_75_is_not_wbk(catalog: Any) -> None:
    a = edge_75(catalog)
    a[127] = 3.59  # IPKP 15.70625 (still >= 14): total 74.95625
    r = score(catalog, a)
    assert r.total == pytest.approx(74.95625)
    assert [c.kondisi for c in r.shortfalls("WBK")] == ["total"]
    assert r.shortfalls("WBK")[0].kekurangan == pytest.approx(0.04375)
    assert r.predicate is None


@pytest.mark.parametrize(
    ("change", "failing"),
    [
        ({125: 3.59, 127: 3.61}, {"ipak", "bersih_akuntabel"}),  # IPAK 15.70625 < 15.75
        ({126: "D", 127: 4.0}, {"capaian_kinerja", "bersih_akuntabel"}),  # capaian 1.25 < 2.5
        ({127: 3.19, 125: 4.0, 126: "B"}, {"ipkp"}),  # IPKP 13.95625 < 14, total 76.2
    ],
)
def test_hasil_conditions_at_their_edges(catalog: Any, change: Answers, failing: set[str]) -> None:
    a = edge_75(catalog)
    a.update(change)
    r = score(catalog, a)
    assert {c.kondisi for c in r.shortfalls("WBK")} == failing
    assert r.predicate is None


def test_ipkp_exactly_3_20_meets_wbk(catalog: Any) -> None:
    a = best(catalog)
    a.update({125: 3.6, 126: "C", 127: 3.2})  # 15.75 + 2.5 + 14.0 = 32.25; total 92.25
    r = score(catalog, a)
    assert r.ipkp == pytest.approx(14.0) and r.bersih_akuntabel == pytest.approx(18.25)
    assert r.predicate == "WBK"
    assert {c.kondisi for c in r.shortfalls("WBBM")} == {"capaian_kinerja", "bersih_akuntabel", "ipkp"}


def test_area_at_exactly_60_percent_meets_wbk_59_8_does_not(catalog: Any) -> None:
    # Area 4 (weight 10): Pemenuhan 5 + Reform 1 (PRD1A 1 of 2 x 2, s107/s108 D) = 6 = 60 %
    a = best(catalog)
    a.update({105: 2, 106: 1, 107: "D", 108: "D"})
    r = score(catalog, a)
    assert 100 * r.areas[4].fraction == pytest.approx(60.0)
    assert r.predicate == "WBK"
    assert [c.kondisi for c in r.shortfalls("WBBM")] == ["area_4"]
    a.update({105: 100, 106: 49})  # 0.49 x 2 = 0.98: 59.8 %
    r = score(catalog, a)
    assert 100 * r.areas[4].fraction == pytest.approx(59.8)
    assert r.predicate is None
    (short,) = r.shortfalls("WBK")
    assert short.kondisi == "area_4" and short.satuan == "persen"
    assert short.poin_kurang == pytest.approx(0.02)


def test_area_at_60_percent_built_from_0_67_and_0_33(catalog: Any) -> None:
    # Area 3 (weight 10) at exactly 6.00 through sums of 0.67 / 0.33 (found with the exact reference)
    a = best(catalog)
    a.update({23: "D", 25: "Tidak", 28: "Tidak", 30: "D", 31: "B", 32: "C", 34: "D", 36: "D", 38: "D", 101: "C"})
    r = score(catalog, a)
    assert r.areas[3].score == pytest.approx(6.0, abs=1e-9)
    assert r.predicate == "WBK"


def test_float_noise_does_not_flip_an_exact_edge() -> None:
    # 0.1 + 0.2 style noise: a figure a hair below its threshold by rounding alone is met
    noisy = 0.67 + 0.33 + 0.67 + 0.33 + 73.0  # 74.99999999999999 or 75.0, never "below 75" in law
    assert Condition("WBK", "total", "", noisy, 75.0, "poin", 0.0).met
    assert Condition("WBK", "area_1", "", 100 * (4.8 / 8), 60.0, "persen", 0.0).met
    assert not Condition("WBK", "total", "", 74.99, 75.0, "poin", 0.01).met
    assert not Condition("WBK", "total", "", 74.9999, 75.0, "poin", 0.0001).met


def test_shortfalls_when_nothing_is_answered(catalog: Any) -> None:
    r = score(catalog, {})
    wbk = {c.kondisi: c for c in r.shortfalls("WBK")}
    assert set(wbk) == {
        "total",
        "pengungkit",
        *(f"area_{i}" for i in range(1, 7)),
        "bersih_akuntabel",
        "ipak",
        "capaian_kinerja",
        "ipkp",
    }
    assert wbk["total"].kekurangan == 75.0 and wbk["pengungkit"].kekurangan == 40.0
    assert wbk["area_5"].syarat == 60.0 and wbk["area_5"].poin_kurang == pytest.approx(9.0)  # 60 % of 15
    assert wbk["ipkp"].syarat == 14.0
    assert len(r.shortfalls()) == 2 * len(wbk)
    assert {c.predikat for c in r.shortfalls("WBBM")} == {"WBBM"}


def test_completeness_counts(catalog: Any) -> None:
    r = score(catalog, {1: "Ya", 2: "A", 88: 3, 125: 3.0, 126: "A"})
    c = r.completeness
    assert (c.answered, c.questions) == (5, len(catalog.soal))
    assert c.by_area[1] == (3, 12 + 4 + 2)  # MP: 12 Pemenuhan + 4 counts + s92, s93
    assert c.hasil == (2, 3)
    j = c.to_json()
    assert j["answered"] == 5 and j["unanswered"] == len(catalog.soal) - 5


# -- advice -------------------------------------------------------------------------------------


def middling(catalog: Any) -> Answers:
    a: Answers = {}
    for s in catalog.soal.values():
        if s.kind == "choice":
            opts = sorted(s.options, key=lambda o: o.multiplier)
            a[s.soal_id] = opts[len(opts) // 2 - (s.soal_id % 2)].key
    a.update({125: 3.7, 126: "B", 127: 3.5, 88: 4, 89: 2, 90: 2, 91: 1, 105: 4, 106: 3})
    return a


def test_improvements_raise_the_score_and_close_the_gap_in_rank_order(catalog: Any) -> None:
    a = middling(catalog)
    base = score(catalog, a)
    plan = improvements(catalog, a, target="WBK", limit=6)
    assert [u.rank for u in plan] == list(range(1, len(plan) + 1)) and len(plan) == 6
    cur = dict(a)
    prev_total, prev_gap = base.total, gap(base, "WBK")
    for u in plan:
        assert catalog.soal[u.soal_id].kind != "survey"  # surveys are measured, never suggested
        cur[u.soal_id] = u.ke
        r = score(catalog, cur)
        assert r.total == pytest.approx(u.total_after)
        assert r.total > prev_total - 1e-9
        assert gap(r, "WBK") <= prev_gap + 1e-9
        assert u.gap_closed == pytest.approx(prev_gap - gap(r, "WBK"))
        assert u.gap_closed > 0 or r.total > prev_total
        prev_total, prev_gap = r.total, gap(r, "WBK")
    # the first suggestion closes at least as much of the gap as any single best-option upgrade
    base_gap = gap(base, "WBK")
    first = plan[0].gap_closed
    for s in catalog.soal.values():
        if s.kind == "choice":
            trial = {**a, s.soal_id: max(s.options, key=lambda o: o.multiplier).key}
            assert base_gap - gap(score(catalog, trial), "WBK") <= first + 1e-9
    assert prev_gap < base_gap


def test_no_improvements_when_all_best(catalog: Any) -> None:
    assert improvements(catalog, best(catalog), target="WBBM") == []


# -- the figures the tree and the question page show (one home, asked by ui/) -------------------


def test_computed_inputs_include_the_recorded_counts_in_catalog_order(catalog: Any) -> None:
    assert catalog.computed_inputs(catalog.computed_by_id("PRC3A")) == [102, 103, 104]  # 104 recorded only
    assert catalog.computed_inputs(catalog.computed_by_id("PRE2A")) == [110, 111, 112]
    assert catalog.computed_inputs(catalog.computed_by_id("PRA1B")) == [90, 91]


def test_item_shares_split_the_sub_area_weight_over_its_items(catalog: Any) -> None:
    from zi_desktop.lke.scoring import computed_share, soal_share

    r = score(catalog, {1: "Ya", 88: 4, 89: 3})
    ns = r.nodes[catalog.soal[1].node_id]
    one = soal_share(catalog, r, 1)
    assert one.weight == pytest.approx(ns.weight / ns.items) and one.points == pytest.approx(one.weight)
    unanswered = soal_share(catalog, r, 2)
    assert unanswered.points is None and unanswered.weight == pytest.approx(
        r.nodes[catalog.soal[2].node_id].weight / r.nodes[catalog.soal[2].node_id].items
    )
    ipak = catalog.roles["ipak"]
    assert soal_share(catalog, r, ipak).weight == catalog.soal[ipak].weight  # hasil: its own weight
    assert soal_share(catalog, r, 88).weight is None  # a count scores through its percentage
    pra = computed_share(catalog, r, "PRA1A")
    node = r.nodes[catalog.computed_by_id("PRA1A").node_id]
    assert pra.weight == pytest.approx(node.weight / node.items)
    assert pra.points == pytest.approx(r.computed["PRA1A"].value * pra.weight)
    assert computed_share(catalog, r, "PRA1B").points is None  # its counts are not filled in
    # once every item is answered, the shares of a sub-area add up to its score
    full = score(catalog, best_answers(catalog, "C"))
    for sub in catalog.nodes.values():
        if sub.children or sub.part is None:
            continue
        got = sum(soal_share(catalog, full, s).points or 0.0 for s in sub.soal)
        got += sum(computed_share(catalog, full, c.id).points or 0.0 for c in catalog.computed_of(sub.node_id))
        assert got == pytest.approx(full.nodes[sub.node_id].score), sub.name


def test_score_reviewed_puts_the_tpi_answers_in_place_where_it_answered(catalog: Any) -> None:
    from zi_desktop.lke.scoring import score_reviewed

    unit = {1: "Ya", 2: "A", 5: "A"}
    tpi = {1: "Tidak", 2: None, 7: "A"}
    assert score_reviewed(catalog, unit, tpi).total == pytest.approx(
        score(catalog, {1: "Tidak", 2: "A", 5: "A", 7: "A"}).total
    )
    assert score_reviewed(catalog, unit, {}).total == score(catalog, unit).total


def test_tpi_differs_only_where_the_tpi_answered_otherwise() -> None:
    from zi_desktop.lke.scoring import tpi_differs

    assert tpi_differs("A", "B") and tpi_differs(None, "A")
    assert not tpi_differs("A", "A") and not tpi_differs("A", None) and not tpi_differs(None, None)


def test_input_error_ids_are_the_inputs_of_a_contradictory_percentage(catalog: Any) -> None:
    from zi_desktop.lke.scoring import input_error_ids

    c = catalog.computed_by_id("PRA1A")  # a numerator above a denominator of 0
    bad = score(catalog, {c.num[0]: 9, c.den[0]: 0})
    assert input_error_ids(catalog, score(catalog, {c.num[0]: 9, c.den[0]: 3})) == set()  # 100 %, as the sheet
    assert input_error_ids(catalog, bad) == set(c.requires)
    assert input_error_ids(catalog, score(catalog, {c.num[0]: 3, c.den[0]: 9})) == set()


# -- rescore: one changed answer, the same result as a full score (issue 15) ---------------------


def _changes(catalog: Any, rng: Any, answers: dict[int, Any]) -> list[tuple[int, Any]]:
    """Single changes of every kind: a new answer, another option, a cleared one, a count that
    moves a percentage (or makes it contradictory), a survey score, an id outside the catalog."""
    out: list[tuple[int, Any]] = []
    for s in rng.sample(list(catalog.soal.values()), 25):
        if s.kind == "choice":
            value: Any = rng.choice([*(o.key for o in s.options), None, "bukan-pilihan"])
        elif s.kind == "survey":
            value = rng.choice([None, 0.0, 3.6, round(rng.uniform(0, 4), 2)])
        else:
            value = rng.choice([None, 0, 1, rng.randint(0, 40)])
        out.append((s.soal_id, value))
    out.append((999_999, "Ya"))
    return out


def test_rescore_equals_a_full_score_field_by_field(catalog: Any) -> None:
    import random

    from zi_desktop.lke.scoring import rescore

    rng = random.Random(2026)
    for _ in range(30):
        answers: dict[int, Any] = {}
        for s in catalog.soal.values():
            if rng.random() < rng.random():
                continue
            if s.kind == "choice":
                answers[s.soal_id] = rng.choice([*(o.key for o in s.options), "bukan-pilihan"])
            elif s.kind == "survey":
                answers[s.soal_id] = round(rng.uniform(0, 4), 2)
            else:
                answers[s.soal_id] = rng.randint(0, 30)
        before = score(catalog, answers)
        for sid, value in _changes(catalog, rng, answers):
            after = dict(answers)
            after[sid] = value
            full = score(catalog, after)
            fast = rescore(catalog, before, after, sid, answers.get(sid))
            assert fast == full, sid
            assert repr(fast) == repr(full), sid  # the same order in every mapping too
