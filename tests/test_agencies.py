"""The agency registries (plans/<tỉnh>/agencies.yml) and the resolver of agency cells."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.agencies import (
    Agency,
    Registry,
    Resolution,
    Unresolved,
    match_key,
    registry_from_data,
    resolve_cell,
)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "generator" / "schemas" / "agencies.schema.json"
REGISTRY_FILES = sorted((ROOT / "plans").glob("*/agencies.yml"))
PLAN_FILES = sorted((ROOT / "plans").glob("*/*/plan.yml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schemas/agencies.schema.json"


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _registry(province_dir: str) -> Registry:
    return registry_from_data(_load(ROOT / "plans" / province_dir / "agencies.yml"))


def _cells(plan: dict):
    """(task id, column, cell text) of every lead and coordinating cell, subtasks included."""

    def walk(tasks):
        for task in tasks:
            for column in ("lead", "coordinating"):
                if task.get(column):
                    yield task["id"], column, task[column]
            yield from walk(task.get("subtasks") or [])

    for section in plan.get("sections") or []:
        yield from walk(section.get("tasks") or [])


# --------------------------------------------------------------------------- the real data


def test_there_are_registries_and_plans():
    assert {p.parent.name for p in REGISTRY_FILES} == {"bac-ninh", "bac-giang", "vinh-phuc"}
    assert len(PLAN_FILES) == 5


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", REGISTRY_FILES, ids=lambda p: p.parent.name)
def test_registry_file_is_valid_against_schema(path):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_load(path))]
    assert errors == []
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


@pytest.mark.parametrize("path", REGISTRY_FILES, ids=lambda p: p.parent.name)
def test_registry_file_builds_and_has_no_redundant_spelling(path):
    registry = registry_from_data(_load(path))
    for agency in registry.agencies.values():
        keys = [match_key(s) for s in agency.spellings]
        assert len(keys) == len(set(keys)), f"{agency.id}: an alias matches like another spelling"


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_every_agency_cell_of_every_plan_resolves(path):
    plan = _load(path)
    registry = _registry(path.parent.parent.name)
    assert plan["document"]["province"] == registry.province
    problems = []
    for task_id, column, text in _cells(plan):
        resolution = resolve_cell(text, registry)
        if resolution.unresolved or not resolution.agency_ids:
            problems.append((task_id, column, text, resolution.unresolved))
    assert problems == []


@pytest.mark.parametrize("path", REGISTRY_FILES, ids=lambda p: p.parent.name)
def test_departments_and_office_are_members_of_so_ban_nganh(path):
    registry = registry_from_data(_load(path))
    group = registry.agencies["so-ban-nganh"]
    assert group.kind == "group"
    expected = {a.id for a in registry.agencies.values() if a.kind in ("department", "office")}
    assert set(group.members) == expected
    assert "so-ban-nganh" in registry.groups_of("so-thong-tin-va-truyen-thong")


def test_real_readings():
    bac_ninh, bac_giang, vinh_phuc = _registry("bac-ninh"), _registry("bac-giang"), _registry("vinh-phuc")

    def ids(text, registry):
        resolution = resolve_cell(text, registry)
        assert resolution.unresolved == ()
        return resolution.agency_ids

    # A generic group named as written, not "cơ quan, đơn vị có liên quan".
    assert ids("Cơ quan rà soát", bac_giang) == ("co-quan-ra-soat",)
    assert ids("Các cơ quan, đơn vị được kiểm tra.", vinh_phuc) == ("co-quan-don-vi-duoc-kiem-tra",)
    # "Sở, ban, ngành thuộc UBND tỉnh và các cơ quan, đơn vị có TTHC …" is two entries.
    assert ids(
        "Sở, ban, ngành thuộc UBND tỉnh và các cơ quan, đơn vị có TTHC tiếp nhận và giải quyết tại Trung tâm HCC tỉnh",
        bac_ninh,
    ) == ("so-ban-nganh", "co-quan-don-vi-co-tthc-tai-trung-tam-hcc-tinh")
    # Old and new names of the provincial centre; the typo of the 2022 appendix.
    for text in ("Trung tâm HCC tỉnh", "Trung tâm HCC công tỉnh", "Trung tâm Phục vụ Hành chính công tỉnh"):
        assert ids(text, bac_ninh) == ("trung-tam-hanh-chinh-cong-tinh",)
    assert ids("Trung tâm Hành chính công tỉnh", bac_giang) == ("trung-tam-phuc-vu-hanh-chinh-cong-tinh",)
    # "UBND cấp huyện, cấp xã": the second "UBND" left out.
    assert ids("Văn phòng UBND tỉnh, UBND cấp huyện, cấp xã", vinh_phuc) == (
        "van-phong-ubnd-tinh",
        "ubnd-cap-huyen",
        "ubnd-cap-xa",
    )
    # The relevant departments are not all departments.
    assert ids("Sở, ngành liên quan, UBND cấp huyện", vinh_phuc) == ("so-nganh-lien-quan", "ubnd-cap-huyen")
    assert ids("Các sở, ban, ngành", vinh_phuc) == ("so-ban-nganh",)
    # Post-2025 names in the Bắc Ninh 2025 plan's text.
    assert ids(
        "Báo và Phát thanh, Truyền hình Bắc Ninh; các cơ quan thông tin, truyền thông", bac_ninh
    ) == ("bao-va-phat-thanh-truyen-hinh-bac-ninh", "co-quan-bao-chi")
    assert ids("Văn phòng UBND tỉnh (Trung tâm Phục vụ Hành chính công tỉnh)", bac_ninh) == (
        "van-phong-ubnd-tinh",
        "trung-tam-hanh-chinh-cong-tinh",
    )
    assert bac_giang.groups_of("bao-bac-giang") == ("co-quan-bao-chi",)


# --------------------------------------------------------------------------- the resolver

SMALL = {
    "province": "Bắc Giang",
    "agencies": [
        {"id": "van-phong-ubnd-tinh", "name": "Văn phòng UBND tỉnh", "kind": "office",
         "aliases": ["VP UBND tỉnh"]},
        {"id": "so-thong-tin-va-truyen-thong", "name": "Sở Thông tin và Truyền thông", "kind": "department",
         "aliases": ["Sở TT&TT"]},
        {"id": "so-thong-tin", "name": "Sở Thông tin", "kind": "department"},
        {"id": "truyen-thong", "name": "Truyền thông", "kind": "unit"},
        {"id": "so-noi-vu", "name": "Sở Nội vụ", "kind": "department"},
        {"id": "bao-va-phat-thanh-truyen-hinh", "name": "Báo và Phát thanh, Truyền hình Bắc Ninh", "kind": "press"},
        {"id": "so-van-hoa", "name": "Sở Văn hoá, Thể thao và Du lịch", "kind": "department"},
        {"id": "so-ban-nganh", "name": "Các Sở, ban, ngành", "kind": "group",
         "members": ["van-phong-ubnd-tinh", "so-thong-tin-va-truyen-thong", "so-noi-vu"]},
        {"id": "so-nganh", "name": "Sở, ngành", "kind": "group", "members": ["so-noi-vu"]},
        {"id": "ubnd-cap-huyen", "name": "UBND huyện, thành phố", "kind": "group",
         "aliases": ["UBND huyện, thành phố (TP)", "UBND cấp huyện"]},
        {"id": "ubnd-cap-xa", "name": "UBND cấp xã", "kind": "group", "aliases": ["UBND các xã, phường, thị trấn", "UBND xã, phường, thị trấn"]},
        {"id": "lien-quan", "name": "Cơ quan, đơn vị có liên quan", "kind": "group"},
    ],
}


@pytest.fixture(scope="module")
def small() -> Registry:
    return registry_from_data(SMALL)


def test_registry_from_data(small):
    assert small.province == "Bắc Giang"
    assert list(small.agencies)[:2] == ["van-phong-ubnd-tinh", "so-thong-tin-va-truyen-thong"]
    office = small.agencies["van-phong-ubnd-tinh"]
    assert office == Agency("van-phong-ubnd-tinh", "Văn phòng UBND tỉnh", "office", ("VP UBND tỉnh",), ())
    assert small.agencies["so-ban-nganh"].members == (
        "van-phong-ubnd-tinh",
        "so-thong-tin-va-truyen-thong",
        "so-noi-vu",
    )


def test_longest_match(small):
    assert resolve_cell("Sở Thông tin và Truyền thông", small) == Resolution(("so-thong-tin-va-truyen-thong",), ())
    # The shorter names still work on their own.
    assert resolve_cell("Sở Thông tin; Truyền thông", small).agency_ids == ("so-thong-tin", "truyen-thong")
    assert resolve_cell("Sở Thông tin và Truyền thông và Sở Nội vụ", small).agency_ids == (
        "so-thong-tin-va-truyen-thong",
        "so-noi-vu",
    )


def test_names_containing_commas_and_va(small):
    resolution = resolve_cell("Các sở, ban, ngành, UBND huyện, thành phố (TP)", small)
    assert resolution == Resolution(("so-ban-nganh", "ubnd-cap-huyen"), ())
    resolution = resolve_cell("Báo và Phát thanh, Truyền hình Bắc Ninh, Sở Văn hoá, Thể thao và Du lịch", small)
    assert resolution == Resolution(("bao-va-phat-thanh-truyen-hinh", "so-van-hoa"), ())
    # "Sở, ngành" is a name of its own; "Sở, ban, ngành" is the longer one.
    assert resolve_cell("Sở, ngành; Sở, ban, ngành", small).agency_ids == ("so-nganh", "so-ban-nganh")
    # A comma left out inside a name.
    assert resolve_cell("UBND xã, phường thị trấn", small).agency_ids == ("ubnd-cap-xa",)
    # "các" inside a name is part of it; before a name it is a connector.
    assert resolve_cell("UBND các xã, phường, thị trấn và các cơ quan, đơn vị có liên quan", small) == Resolution(
        ("ubnd-cap-xa", "lien-quan"), ()
    )


def test_list_markers_newlines_and_separators(small):
    text = "- Văn phòng UBND tỉnh;\n- Sở, ban, ngành;\n- UBND huyện, thành phố;\n- UBND xã, phường, thị trấn."
    assert resolve_cell(text, small) == Resolution(
        ("van-phong-ubnd-tinh", "so-ban-nganh", "ubnd-cap-huyen", "ubnd-cap-xa"), ()
    )
    assert resolve_cell("Văn phòng UBND tỉnh;", small) == Resolution(("van-phong-ubnd-tinh",), ())
    assert resolve_cell("", small) == Resolution((), ())
    assert resolve_cell(" ; - \n", small) == Resolution((), ())


def test_nfd_input(small):
    text = unicodedata.normalize("NFD", "Sở Thông tin và Truyền thông; Văn phòng UBND tỉnh")
    assert text != unicodedata.normalize("NFC", text)
    assert resolve_cell(text, small).agency_ids == ("so-thong-tin-va-truyen-thong", "van-phong-ubnd-tinh")
    # And an NFD registry reads NFC cells.
    data = {"province": "X", "agencies": [{"id": "so-noi-vu", "name": unicodedata.normalize("NFD", "Sở Nội vụ"), "kind": "department"}]}
    assert resolve_cell("Sở Nội vụ", registry_from_data(data)).agency_ids == ("so-noi-vu",)


def test_spacing_and_case(small):
    assert resolve_cell("  sở   THÔNG tin\tvà  truyền\u00a0thông ", small).agency_ids == ("so-thong-tin-va-truyen-thong",)
    assert resolve_cell("Sở TT & TT", small).agency_ids == ("so-thong-tin-va-truyen-thong",)
    assert resolve_cell("vp ubnd TỈNH,sở nội vụ", small).agency_ids == ("van-phong-ubnd-tinh", "so-noi-vu")


def test_tone_mark_placement(small):
    # "hoá" (old placement) and "hóa" (new) are the same word.
    assert resolve_cell("Sở Văn hóa, Thể thao và Du lịch", small).agency_ids == ("so-van-hoa",)
    assert match_key("Ủy ban") == match_key("Uỷ ban") == match_key("UỶ BAN")


def test_match_key():
    assert match_key("Sở Thông tin và Truyền thông") == match_key("  sở thông  tin và TRUYỀN thông ")
    assert match_key(unicodedata.normalize("NFD", "Trung tâm Hành chính công")) == match_key("trung tâm hành chính công")
    assert match_key("Các Sở, ban, ngành") == match_key("sở ban ngành")
    assert match_key("Sở Nội vụ") != match_key("Sở Tư pháp")
    assert match_key("Thường") != match_key("Thưởng")


def test_duplicates_are_dropped_and_order_kept(small):
    resolution = resolve_cell("Sở Nội vụ; Văn phòng UBND tỉnh; sở nội vụ; VP UBND tỉnh", small)
    assert resolution.agency_ids == ("so-noi-vu", "van-phong-ubnd-tinh")


def test_unresolved_fragment_and_suggestion(small):
    # With the short names "Sở Thông tin" and "Truyền thông" registered, only the typo is left over.
    resolution = resolve_cell("Văn phòng UBND tỉnh; Sở Thông tin và Truyen thông", small)
    assert resolution.agency_ids == ("van-phong-ubnd-tinh", "so-thong-tin")
    assert resolution.unresolved == (Unresolved("Truyen thông", "Truyền thông"),)
    # Without them (a real registry), the whole name is left over, with the right suggestion.
    resolution = resolve_cell("Văn phòng UBND tỉnh; Sở Thông tin và Truyen thông", _registry("bac-giang"))
    assert resolution.agency_ids == ("van-phong-ubnd-tinh",)
    assert resolution.unresolved == (Unresolved("Sở Thông tin và Truyen thông", "Sở Thông tin và Truyền thông"),)
    typo = resolve_cell("Sở Nội vũ", small)
    assert typo.agency_ids == ()
    assert typo.unresolved == (Unresolved("Sở Nội vũ", "Sở Nội vụ"),)
    # Left-over words after a name; connectors are not part of a fragment.
    resolution = resolve_cell("UBND cấp huyện và Ban Quản lý dự án và các", small)
    assert resolution.agency_ids == ("ubnd-cap-huyen",)
    assert [u.fragment for u in resolution.unresolved] == ["Ban Quản lý dự án"]
    # Nothing close: no suggestion.
    assert resolve_cell("Hợp tác xã", small).unresolved == (Unresolved("Hợp tác xã", None),)
    # The fragment is the text as written (NFC), up to the next punctuation.
    resolution = resolve_cell("Cơ quan rà soát, Sở Nội vụ", small)
    assert resolution.agency_ids == ("so-noi-vu",)
    assert [u.fragment for u in resolution.unresolved] == ["Cơ quan rà soát"]


def test_group_members_and_groups_of(small):
    assert small.agencies["so-ban-nganh"].members == (
        "van-phong-ubnd-tinh",
        "so-thong-tin-va-truyen-thong",
        "so-noi-vu",
    )
    assert small.groups_of("so-noi-vu") == ("so-ban-nganh", "so-nganh")
    assert small.groups_of("van-phong-ubnd-tinh") == ("so-ban-nganh",)
    assert small.groups_of("truyen-thong") == ()
    assert small.groups_of("so-ban-nganh") == ()
    assert small.groups_of("no-such-agency") == ()


@pytest.mark.parametrize(
    "agencies, message",
    [
        ([{"id": "a", "name": "Sở A", "kind": "department"}, {"id": "a", "name": "Sở B", "kind": "department"}],
         "duplicate"),
        ([{"id": "a", "name": "Sở A", "kind": "department"},
          {"id": "b", "name": "Sở B", "kind": "department", "aliases": ["sở  a"]}], "also a name"),
        ([{"id": "g", "name": "Nhóm", "kind": "group", "members": ["x"]}], "not in the registry"),
        ([{"id": "g", "name": "Nhóm", "kind": "group"},
          {"id": "h", "name": "Nhóm khác", "kind": "group", "members": ["g"]}], "itself a group"),
        ([{"id": "a", "name": "Sở A", "kind": "department"},
          {"id": "b", "name": "Sở B", "kind": "department", "members": ["a"]}], "only a group"),
        ([{"id": "a", "name": "Sở A", "kind": "ministry"}], "unknown kind"),
        ([{"id": "a", "name": "; -", "kind": "department"}], "no words"),
    ],
)
def test_registry_refuses_inconsistent_data(agencies, message):
    with pytest.raises(ValueError, match=message):
        registry_from_data({"province": "X", "agencies": agencies})


def test_schema_refuses_bad_entries():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    good = {"province": "X", "agencies": [{"id": "a", "name": "Sở A", "kind": "department"}]}
    assert list(validator.iter_errors(good)) == []
    bad = [
        {"province": "X", "agencies": [{"id": "A b", "name": "Sở A", "kind": "department"}]},
        {"province": "X", "agencies": [{"id": "a", "name": "Sở A", "kind": "ministry"}]},
        {"province": "X", "agencies": [{"id": "a", "name": "Sở A", "kind": "department", "note": "x"}]},
        {"province": "X", "agencies": [{"id": "a", "name": "Sở A\nB", "kind": "department"}]},
        {"province": "X", "agencies": [], "extra": 1},
    ]
    for data in bad:
        assert list(validator.iter_errors(data)), data
