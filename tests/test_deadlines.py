"""Tests for generator.deadlines: every time text found in the seed plans, the variants, and the refusals."""

from __future__ import annotations

import calendar
import dataclasses
import json
import unicodedata
from datetime import date

import pytest

from generator.deadlines import Milestone, Reading, UnreadableTime, read_task_time, read_time

D = date


def expect(start=None, due=(), ongoing=False, recurring=False, rrule=None, conditional=False, milestones=()):
    """Expected Reading fields other than `text`."""
    return dict(
        start=start,
        due=tuple(due),
        ongoing=ongoing,
        recurring=recurring,
        rrule=rrule,
        conditional=conditional,
        milestones=tuple(milestones),
    )


def fields(r: Reading) -> dict:
    out = dataclasses.asdict(r)
    out.pop("text")
    out["due"] = tuple(out["due"])
    out["milestones"] = tuple(Milestone(**m) for m in out["milestones"])
    return out


MILESTONES_QUARTERS = (
    "- Quý IV/2019: Kết nối với CSDL về đăng ký kinh doanh;\n"
    "- Quý III/2020: Kết nối với CSDL về dân cư;\n"
    "- Quý IV/2020: Kết nối với Công thanh toán tập trung."
)
MILESTONES_CENTRES = "- Đối với Trung tâm HCC tỉnh: từ 01- 6/2022 - Đối với Trung tâm HCC cấp huyện: từ 01/12/2022"

# The expressions the brief lists (all from the seed plans), each with its exact reading.
REQUIRED = [
    ("Tháng 02", 2022, expect(D(2022, 2, 1), [D(2022, 2, 28)])),
    ("Tháng 01/2022", 2022, expect(D(2022, 1, 1), [D(2022, 1, 31)])),
    ("Tháng 12/2022", 2022, expect(D(2022, 12, 1), [D(2022, 12, 31)])),
    ("Tháng 3/2022", 2022, expect(D(2022, 3, 1), [D(2022, 3, 31)])),
    ("Trong tháng 9/2018", 2018, expect(D(2018, 9, 1), [D(2018, 9, 30)])),
    ("Quý II", 2022, expect(D(2022, 4, 1), [D(2022, 6, 30)])),
    ("Quý I/2019", 2018, expect(D(2019, 1, 1), [D(2019, 3, 31)])),
    ("Quý \nII/2023", 2023, expect(D(2023, 4, 1), [D(2023, 6, 30)])),
    ("Quý IV/2018", 2018, expect(D(2018, 10, 1), [D(2018, 12, 31)])),
    ("Quý II/2019", 2018, expect(D(2019, 4, 1), [D(2019, 6, 30)])),
    ("Trong năm 2023", 2023, expect(D(2023, 1, 1), [D(2023, 12, 31)])),
    ("Năm 2022", 2022, expect(D(2022, 1, 1), [D(2022, 12, 31)])),
    ("Trước ngày 31/12/2018", 2018, expect(None, [D(2018, 12, 31)])),
    ("Kể từ ngày 01/01/2019", 2018, expect(D(2019, 1, 1), ongoing=True)),
    ("Từ tháng 7 đến tháng 9/2022", 2022, expect(D(2022, 7, 1), [D(2022, 9, 30)])),
    (
        "Tháng 3, 6, 9, 12/2022",
        2022,
        expect(D(2022, 3, 1), [D(2022, 3, 31), D(2022, 6, 30), D(2022, 9, 30), D(2022, 12, 31)]),
    ),
    (
        "Quý II/2019 và hàng năm",
        2018,
        expect(D(2019, 4, 1), [D(2019, 6, 30)], recurring=True, rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30"),
    ),
    (
        "Quý II/2019 và hàng năm.",
        2018,
        expect(D(2019, 4, 1), [D(2019, 6, 30)], recurring=True, rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30"),
    ),
    ("Hàng năm", 2018, expect(recurring=True, rrule="FREQ=YEARLY")),
    ("Định kỳ 6 tháng/1 lần", 2018, expect(recurring=True, rrule="FREQ=MONTHLY;INTERVAL=6")),
    # Quarterly and yearly: the quarterly rule is the finer one (yearly reports fall on a quarter end).
    ("Thực hiện hàng Quý, năm", 2022, expect(recurring=True, rrule="FREQ=MONTHLY;INTERVAL=3")),
    ("Thường xuyên", 2022, expect(ongoing=True)),
    ("Thường xuyên năm 2023", 2023, expect(D(2023, 1, 1), ongoing=True)),
    ("Định kỳ hoặc đột xuất năm 2023", 2023, expect(D(2023, 1, 1), recurring=True, conditional=True)),
    ("Theo định kỳ và đột xuất", 2022, expect(recurring=True, conditional=True)),
    (
        MILESTONES_QUARTERS,
        2018,
        expect(
            D(2019, 10, 1),
            [D(2019, 12, 31), D(2020, 9, 30), D(2020, 12, 31)],
            milestones=[
                Milestone("Kết nối với CSDL về đăng ký kinh doanh", D(2019, 10, 1), D(2019, 12, 31)),
                Milestone("Kết nối với CSDL về dân cư", D(2020, 7, 1), D(2020, 9, 30)),
                Milestone("Kết nối với Công thanh toán tập trung", D(2020, 10, 1), D(2020, 12, 31)),
            ],
        ),
    ),
    (
        MILESTONES_CENTRES,
        2022,
        expect(
            D(2022, 6, 1),
            ongoing=True,  # "từ <ngày>" is read like "Kể từ ngày": it starts then and goes on
            milestones=[
                Milestone("Đối với Trung tâm HCC tỉnh", D(2022, 6, 1), None),
                Milestone("Đối với Trung tâm HCC cấp huyện", D(2022, 12, 1), None),
            ],
        ),
    ),
    ("Ngay sau khi Văn phòng Chính phủ ban hành Thông tư hướng dẫn", 2018, expect(conditional=True)),
    ("Ngay sau khi UBND tỉnh ban hành Quy chế", 2018, expect(conditional=True)),
    ("Ngay sau khi có văn bản hướng dẫn của Bộ Tài chính", 2018, expect(conditional=True)),
    ("Ngày sau khi Bộ Nội vụ ban hành văn bản hướng dẫn", 2018, expect(conditional=True)),  # sic, typo for "Ngay"
    ("Theo Kế hoạch kiểm tra", 2022, expect(conditional=True)),
    ("Theo quy định", 2022, expect(conditional=True)),
    ("Theo chỉ đạo của UBND tỉnh", 2022, expect(conditional=True)),
]

# Spellings the brief asks for besides the seed texts.
VARIANTS = [
    ("Quý III năm 2024", 2022, expect(D(2024, 7, 1), [D(2024, 9, 30)])),
    ("tháng 6 năm 2023", 2022, expect(D(2023, 6, 1), [D(2023, 6, 30)])),
    ("ngày 15 tháng 10 năm 2024", 2022, expect(D(2024, 10, 15), [D(2024, 10, 15)])),
    ("Hằng năm", 2022, expect(recurring=True, rrule="FREQ=YEARLY")),
    ("Hằng quý", 2022, expect(recurring=True, rrule="FREQ=MONTHLY;INTERVAL=3")),
    ("Hàng tháng", 2022, expect(recurring=True, rrule="FREQ=MONTHLY")),
    ("Hàng quý", 2022, expect(recurring=True, rrule="FREQ=MONTHLY;INTERVAL=3")),
    ("6 tháng đầu năm", 2024, expect(D(2024, 1, 1), [D(2024, 6, 30)])),
    ("06 tháng đầu năm 2025", 2022, expect(D(2025, 1, 1), [D(2025, 6, 30)])),
    ("6 tháng cuối năm 2025", 2022, expect(D(2025, 7, 1), [D(2025, 12, 31)])),
    ("06 tháng cuối năm", 2025, expect(D(2025, 7, 1), [D(2025, 12, 31)])),
    ("Quý 3/2024", 2022, expect(D(2024, 7, 1), [D(2024, 9, 30)])),
    ("Quý I, II/2024", 2022, expect(D(2024, 1, 1), [D(2024, 3, 31), D(2024, 6, 30)])),
    ("Quý I và Quý II/2024", 2022, expect(D(2024, 1, 1), [D(2024, 3, 31), D(2024, 6, 30)])),
    ("15/10/2024", 2022, expect(D(2024, 10, 15), [D(2024, 10, 15)])),
    ("Đến 30/6/2023", 2022, expect(None, [D(2023, 6, 30)])),
    ("Đến hết tháng 6/2023", 2022, expect(None, [D(2023, 6, 30)])),
    ("Chậm nhất ngày 30/6/2023", 2022, expect(None, [D(2023, 6, 30)])),
    ("Chậm nhất trong quý III", 2024, expect(None, [D(2024, 9, 30)])),
    ("Trước 30/6/2023", 2022, expect(None, [D(2023, 6, 30)])),
    ("Cuối năm 2024", 2022, expect(None, [D(2024, 12, 31)])),
    ("Cuối năm", 2024, expect(None, [D(2024, 12, 31)])),
    ("Cuối quý II/2024", 2022, expect(None, [D(2024, 6, 30)])),
    ("Trong năm", 2024, expect(D(2024, 1, 1), [D(2024, 12, 31)])),
    ("Trong quý I", 2024, expect(D(2024, 1, 1), [D(2024, 3, 31)])),
    ("Từ ngày 01/3 đến ngày 30/6/2023", 2022, expect(D(2023, 3, 1), [D(2023, 6, 30)])),
    ("Kể từ tháng 7/2022", 2022, expect(D(2022, 7, 1), ongoing=True)),
    ("Định kỳ", 2022, expect(recurring=True)),
    ("Định kỳ hàng quý", 2022, expect(recurring=True, rrule="FREQ=MONTHLY;INTERVAL=3")),
    ("6 tháng/lần", 2022, expect(recurring=True, rrule="FREQ=MONTHLY;INTERVAL=6")),
    ("Định kỳ 12 tháng/1 lần", 2022, expect(recurring=True, rrule="FREQ=YEARLY")),
    ("Định kỳ 2 năm/1 lần", 2022, expect(recurring=True, rrule="FREQ=YEARLY;INTERVAL=2")),
    ("Hàng tuần", 2022, expect(recurring=True, rrule="FREQ=WEEKLY")),
    ("Hàng quý năm 2024", 2022, expect(D(2024, 1, 1), recurring=True, rrule="FREQ=MONTHLY;INTERVAL=3")),
    ("Đột xuất", 2022, expect(conditional=True)),
    ("Khi có yêu cầu", 2022, expect(conditional=True)),
    ("Sau khi Đề án được phê duyệt", 2022, expect(conditional=True)),
    ("Trước khi UBND tỉnh ban hành Quy chế", 2022, expect(conditional=True)),
    ("Thường xuyên và đột xuất", 2022, expect(ongoing=True, conditional=True)),
    # A first period followed by a recurrence anchors the rule on that period's last day.
    (
        "Quý I/2023 và hàng quý",
        2023,
        expect(D(2023, 1, 1), [D(2023, 3, 31)], recurring=True, rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"),
    ),
    (
        "Tháng 12/2022 và hằng năm",
        2022,
        expect(D(2022, 12, 1), [D(2022, 12, 31)], recurring=True, rrule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"),
    ),
    # February's last day moves between years, so it is written as "last day of the month".
    (
        "Tháng 2/2024 và hàng năm",
        2024,
        expect(D(2024, 2, 1), [D(2024, 2, 29)], recurring=True, rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"),
    ),
    ("Tháng 02/2024", 2022, expect(D(2024, 2, 1), [D(2024, 2, 29)])),
    # Extra spaces, spaces around "/" and "-", trailing ";".
    ("  Tháng   3 / 2022 ;", 2022, expect(D(2022, 3, 1), [D(2022, 3, 31)])),
    ("Quý  II / 2019   và   hàng   năm", 2018, expect(D(2019, 4, 1), [D(2019, 6, 30)], recurring=True, rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30")),
    ("Từ 01 - 6/2022", 2022, expect(D(2022, 6, 1), ongoing=True)),
    ("THƯỜNG XUYÊN", 2022, expect(ongoing=True)),
    ("Quý\u00a0II/2023", 2022, expect(D(2023, 4, 1), [D(2023, 6, 30)])),  # no-break space
]

# Every other time cell found in the seed appendix tables (/work/shared/seeds/*.txt), as written there.
SEED_OTHERS = [
    ("Tháng 2", 2022, expect(D(2022, 2, 1), [D(2022, 2, 28)])),
    ("Tháng 1", 2022, expect(D(2022, 1, 1), [D(2022, 1, 31)])),
    ("Tháng 01", 2022, expect(D(2022, 1, 1), [D(2022, 1, 31)])),
    ("Tháng 3", 2022, expect(D(2022, 3, 1), [D(2022, 3, 31)])),
    ("Tháng 4", 2022, expect(D(2022, 4, 1), [D(2022, 4, 30)])),
    ("Tháng 6", 2022, expect(D(2022, 6, 1), [D(2022, 6, 30)])),
    ("Tháng 12", 2022, expect(D(2022, 12, 1), [D(2022, 12, 31)])),
    ("Quý I", 2022, expect(D(2022, 1, 1), [D(2022, 3, 31)])),
    ("Quý III", 2022, expect(D(2022, 7, 1), [D(2022, 9, 30)])),
    ("Quý IV", 2022, expect(D(2022, 10, 1), [D(2022, 12, 31)])),
    ("Quý I/2023", 2023, expect(D(2023, 1, 1), [D(2023, 3, 31)])),
    ("Quý II/2023", 2023, expect(D(2023, 4, 1), [D(2023, 6, 30)])),
    ("Quý III/2022", 2022, expect(D(2022, 7, 1), [D(2022, 9, 30)])),
    ("Quý III/2022 ", 2022, expect(D(2022, 7, 1), [D(2022, 9, 30)])),
    ("Quý IV/2019", 2018, expect(D(2019, 10, 1), [D(2019, 12, 31)])),
    ("Tháng 01/2023", 2023, expect(D(2023, 1, 1), [D(2023, 1, 31)])),
    ("Tháng\n04/2023", 2023, expect(D(2023, 4, 1), [D(2023, 4, 30)])),
    ("Tháng 03/2023", 2023, expect(D(2023, 3, 1), [D(2023, 3, 31)])),
    ("Tháng 05/2023", 2023, expect(D(2023, 5, 1), [D(2023, 5, 31)])),
    ("Tháng 11/2023", 2023, expect(D(2023, 11, 1), [D(2023, 11, 30)])),
    ("Tháng 12/2023", 2023, expect(D(2023, 12, 1), [D(2023, 12, 31)])),
    ("Tháng 2/2022", 2022, expect(D(2022, 2, 1), [D(2022, 2, 28)])),
    ("Tháng 4/2022", 2022, expect(D(2022, 4, 1), [D(2022, 4, 30)])),
    ("Tháng 5/2022", 2022, expect(D(2022, 5, 1), [D(2022, 5, 31)])),
    ("Tháng 7/2022", 2022, expect(D(2022, 7, 1), [D(2022, 7, 31)])),
    ("Tháng 8/2022", 2022, expect(D(2022, 8, 1), [D(2022, 8, 31)])),
    ("Tháng 9/2022", 2022, expect(D(2022, 9, 1), [D(2022, 9, 30)])),
    ("Tháng 10/2022", 2022, expect(D(2022, 10, 1), [D(2022, 10, 31)])),
    ("Tháng 11/2022", 2022, expect(D(2022, 11, 1), [D(2022, 11, 30)])),
    ("Trước ngày \n30/01/2022", 2022, expect(None, [D(2022, 1, 30)])),
    ("Từ tháng 7 đến \ntháng 9/2022", 2022, expect(D(2022, 7, 1), [D(2022, 9, 30)])),
    (
        "Tháng 3, 6, 9, \n12/2022",
        2022,
        expect(D(2022, 3, 1), [D(2022, 3, 31), D(2022, 6, 30), D(2022, 9, 30), D(2022, 12, 31)]),
    ),
    ("Thực hiện hàng\nQuý, năm", 2022, expect(recurring=True, rrule="FREQ=MONTHLY;INTERVAL=3")),
    ("Theo Kế hoạch", 2022, expect(conditional=True)),
    (
        "Theo chỉ đạo của Thủ tướng Chính phủ và tình hình thực tế tại địa phương",
        2022,
        expect(conditional=True),
    ),
    # A cell split by a page break in the source, joined again: a fixed month plus an outside schedule.
    (
        "Tháng 12 và theo thời gian thực hiện của Văn phòng Chính phủ",
        2022,
        expect(D(2022, 12, 1), [D(2022, 12, 31)], conditional=True),
    ),
    ("Hàng năm", 2018, expect(recurring=True, rrule="FREQ=YEARLY")),
    # Forms the brief names as examples of what the seeds may hold.
    ("Tháng 6, 12/2022", 2022, expect(D(2022, 6, 1), [D(2022, 6, 30), D(2022, 12, 31)])),
    ("Trước 15/12", 2022, expect(None, [D(2022, 12, 15)])),
]


def _id(case):
    return repr(case[0])[:60]


@pytest.mark.parametrize("text,year,expected", REQUIRED, ids=[_id(c) for c in REQUIRED])
def test_required_expressions(text, year, expected):
    r = read_time(text, year)
    assert r.text == text
    assert fields(r) == expected


@pytest.mark.parametrize("text,year,expected", VARIANTS, ids=[_id(c) for c in VARIANTS])
def test_variants(text, year, expected):
    r = read_time(text, year)
    assert r.text == text
    assert fields(r) == expected


@pytest.mark.parametrize("text,year,expected", SEED_OTHERS, ids=[_id(c) for c in SEED_OTHERS])
def test_other_seed_forms(text, year, expected):
    r = read_time(text, year)
    assert r.text == text
    assert fields(r) == expected


ALL = REQUIRED + VARIANTS + SEED_OTHERS


@pytest.mark.parametrize("text,year,expected", ALL, ids=[_id(c) for c in ALL])
def test_nfd_input_reads_like_nfc(text, year, expected):
    nfd = unicodedata.normalize("NFD", text)
    r = read_time(nfd, year)
    assert r.text == nfd  # the text is kept exactly as given
    assert fields(r) == expected


@pytest.mark.parametrize("text,year,expected", ALL, ids=[_id(c) for c in ALL])
def test_reading_invariants(text, year, expected):
    r = read_time(text, year)
    assert list(r.due) == sorted(set(r.due))  # ascending, no duplicates
    assert r.rrule is None or r.recurring
    if r.conditional and not (r.due or r.start):
        assert r.milestones == ()
    if r.start and r.due:
        assert r.start <= r.due[0]
    json.dumps(r.to_json(), ensure_ascii=False)  # serializable


# ---------------------------------------------------------------------------
# Conditional texts never get a date
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "Ngay sau khi Văn phòng Chính phủ ban hành Thông tư hướng dẫn năm 2019",
        "Theo Kế hoạch kiểm tra năm 2023",
        "Theo quy định tại Nghị định số 61/2018/NĐ-CP ngày 23/4/2018",
        "Theo chỉ đạo của UBND tỉnh, Chủ tịch UBND tỉnh",
    ],
)
def test_conditional_never_gets_a_date_even_if_it_names_one(text):
    r = read_time(text, 2022)
    assert r.conditional
    assert r.start is None and r.due == () and r.rrule is None


# ---------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------

ERRORS = [
    ("Tháng 13/2023", "tháng 13"),
    ("Quý V", "quý"),
    ("Quý 0", "quý"),
    ("Quý 5/2024", "quý"),
    ("31/02/2024", "31/02/2024"),
    ("30/02", "30/02"),
    ("Tháng 0", "tháng 0"),
    ("abc xyz", "không khớp"),
    ("Đầu năm", "không chỉ rõ"),
    ("Đầu năm 2024", "không chỉ rõ"),
    ("Giữa quý II", "không chỉ rõ"),
    ("Trước tháng 6", "không rõ"),
    ("Năm", "không khớp"),
    ("Tháng", "không khớp"),
    ("Quý", "không khớp"),
    ("6 tháng", "không khớp"),
    ("Từ tháng 10 đến tháng 3/2023", "bắt đầu"),
    ("Định kỳ 0 tháng/1 lần", "chu kỳ"),
    ("Quý V/2019 và hàng năm", "quý"),
    ("- Quý V/2019: Kết nối", "quý"),
    ("- Kết nối với CSDL: chưa xác định", "không khớp"),
    ("Công thanh toán tập trung. Quý IV/2020", "không khớp"),  # a cell fragment from a page break
    ("Thời gian hoàn thành", "không khớp"),  # a table header, not a time
    ("", "trống"),
    ("   \n ", "trống"),
]


@pytest.mark.parametrize("text,reason", ERRORS, ids=[repr(t) for t, _ in ERRORS])
def test_unreadable_texts_are_refused_in_vietnamese(text, reason):
    with pytest.raises(UnreadableTime) as info:
        read_time(text, 2023)
    message = str(info.value)
    assert message.startswith("Không đọc được thời gian")
    assert f'"{text}"' in message  # quotes the text as given
    assert reason in message
    assert isinstance(info.value, ValueError)
    assert "Các dạng thời gian đọc được" in info.value.hint
    assert "Quý II/2019 và hàng năm" in info.value.hint


def test_error_quotes_nfd_text_as_given():
    text = unicodedata.normalize("NFD", "Tháng 13/2023")
    with pytest.raises(UnreadableTime) as info:
        read_time(text, 2023)
    assert text in str(info.value)


def test_long_prose_is_refused_quickly():
    text = ", ".join(["Thường xuyên"] * 40 + ["không rõ"])
    with pytest.raises(UnreadableTime):
        read_time(text, 2023)


# ---------------------------------------------------------------------------
# Calendar arithmetic
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("y", [2023, 2024, 2100])
@pytest.mark.parametrize("m", range(1, 13))
def test_every_month_ends_on_its_last_day(y, m):
    r = read_time(f"Tháng {m}/{y}", 2000)
    assert r.start == D(y, m, 1)
    assert r.due == (D(y, m, calendar.monthrange(y, m)[1]),)
    assert read_time(f"Tháng {m:02d}", y) == dataclasses.replace(r, text=f"Tháng {m:02d}")


@pytest.mark.parametrize(
    "roman,arabic,first,last",
    [("I", 1, (1, 1), (3, 31)), ("II", 2, (4, 1), (6, 30)), ("III", 3, (7, 1), (9, 30)), ("IV", 4, (10, 1), (12, 31))],
)
def test_roman_and_arabic_quarters_agree(roman, arabic, first, last):
    a, b = read_time(f"Quý {roman}/2024", 2000), read_time(f"Quý {arabic}/2024", 2000)
    assert a.start == b.start == D(2024, *first)
    assert a.due == b.due == (D(2024, *last),)
    assert read_time(f"quý {roman.lower()} năm 2024", 2000).due == a.due


def test_month_or_quarter_without_year_takes_the_plan_year():
    assert read_time("Quý II", 2030).due == (D(2030, 6, 30),)
    assert read_time("Tháng 02", 2028).due == (D(2028, 2, 29),)
    assert read_time("Tháng 3, 6", 2031).due == (D(2031, 3, 31), D(2031, 6, 30))


def test_a_list_or_range_year_applies_to_every_item():
    # The plan year differs from the stated year: the stated year wins for all items.
    assert read_time("Tháng 3, 6, 9, 12/2022", 2030).due[0] == D(2022, 3, 31)
    assert read_time("Quý I, II/2024", 2030).start == D(2024, 1, 1)
    assert read_time("Từ tháng 7 đến tháng 9/2022", 2030).start == D(2022, 7, 1)


def test_dates_accept_dash_and_dot_separators():
    assert read_time("01-6/2022", 2000).start == D(2022, 6, 1)
    assert read_time("15.10.2024", 2000).due == (D(2024, 10, 15),)


# ---------------------------------------------------------------------------
# Recurrence rules
# ---------------------------------------------------------------------------

def _occurrences(rrule: str, first: date, count: int) -> list[date]:
    """Tiny expander for the rule shapes this module writes (FREQ YEARLY/MONTHLY with BYMONTH/BYMONTHDAY)."""
    parts = dict(p.split("=") for p in rrule.split(";"))
    step = {"YEARLY": 12, "MONTHLY": 1}[parts["FREQ"]] * int(parts.get("INTERVAL", 1))
    out, y, m = [], first.year, first.month
    while len(out) < count:
        if "BYMONTH" in parts:
            m = int(parts["BYMONTH"])
        last = calendar.monthrange(y, m)[1]
        day = int(parts.get("BYMONTHDAY", first.day))
        day = last if day == -1 else day
        if day <= last:
            out.append(D(y, m, day))
        y, m = y + (m - 1 + step) // 12, (m - 1 + step) % 12 + 1
    return out


@pytest.mark.parametrize(
    "text,year,expected",
    [
        ("Quý II/2019 và hàng năm", 2018, [D(2019, 6, 30), D(2020, 6, 30), D(2021, 6, 30)]),
        ("Tháng 2/2024 và hàng năm", 2024, [D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28)]),
        ("Quý I/2023 và hàng quý", 2023, [D(2023, 3, 31), D(2023, 6, 30), D(2023, 9, 30), D(2023, 12, 31)]),
    ],
)
def test_anchored_rule_falls_on_the_period_end(text, year, expected):
    r = read_time(text, year)
    assert _occurrences(r.rrule, r.due[0], len(expected)) == expected


def test_rrules_are_valid_rfc5545_when_icalendar_is_available():
    vrecur = pytest.importorskip("icalendar.prop").vRecur
    for text, year, _ in ALL:
        r = read_time(text, year)
        if r.rrule:
            assert not r.rrule.startswith("RRULE:")
            vrecur.from_ical(r.rrule)


# ---------------------------------------------------------------------------
# Types and JSON
# ---------------------------------------------------------------------------

def test_to_json_shape():
    r = read_time(MILESTONES_CENTRES, 2022)
    assert r.to_json() == {
        "text": MILESTONES_CENTRES,
        "start": "2022-06-01",
        "due": [],
        "ongoing": True,
        "recurring": False,
        "rrule": None,
        "conditional": False,
        "milestones": [
            {"label": "Đối với Trung tâm HCC tỉnh", "start": "2022-06-01", "due": None},
            {"label": "Đối với Trung tâm HCC cấp huyện", "start": "2022-12-01", "due": None},
        ],
    }
    assert read_time("Quý II/2019 và hàng năm", 2018).to_json() == {
        "text": "Quý II/2019 và hàng năm",
        "start": "2019-04-01",
        "due": ["2019-06-30"],
        "ongoing": False,
        "recurring": True,
        "rrule": "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30",
        "conditional": False,
        "milestones": [],
    }


def test_readings_are_frozen_and_hashable():
    r = read_time(MILESTONES_QUARTERS, 2018)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.start = None  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.milestones[0].label = "x"  # type: ignore[misc]
    assert hash(r) == hash(read_time(MILESTONES_QUARTERS, 2018))


def test_milestone_list_with_bullets_on_one_line():
    text = "- Quý IV/2019: Kết nối với CSDL về đăng ký kinh doanh; - Quý III/2020: Kết nối với CSDL về dân cư"
    r = read_time(text, 2018)
    assert [m.label for m in r.milestones] == ["Kết nối với CSDL về đăng ký kinh doanh", "Kết nối với CSDL về dân cư"]
    assert r.due == (D(2019, 12, 31), D(2020, 9, 30))


def test_milestone_labels_keep_their_case_and_come_out_nfc():
    # Labels are compared and displayed elsewhere, so they are given in NFC whatever form the input used.
    r = read_time(unicodedata.normalize("NFD", MILESTONES_QUARTERS), 2018)
    assert r.milestones[1].label == "Kết nối với CSDL về dân cư"
    assert unicodedata.is_normalized("NFC", r.milestones[1].label)


# ---------------------------------------------------------------------------
# read_task_time
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("start,due", [(None, None), ("", ""), ("  ", None), (None, "\n")])
def test_task_time_none_when_both_columns_empty(start, due):
    assert read_task_time(start, due, 2022) is None


def test_task_time_both_columns():
    r = read_task_time("Tháng 01/2022", "Tháng 12/2022", 2022)
    assert r.text == "Tháng 01/2022 – Tháng 12/2022"
    assert fields(r) == expect(D(2022, 1, 1), [D(2022, 12, 31)])


def test_task_time_same_month_both_columns():
    r = read_task_time("Tháng 02", "Tháng 02", 2022)
    assert fields(r) == expect(D(2022, 2, 1), [D(2022, 2, 28)])


def test_task_time_quarters_with_wrapped_due():
    r = read_task_time("Quý I/2023", "Quý \nII/2023", 2023)
    assert r.text == "Quý I/2023 – Quý \nII/2023"
    assert fields(r) == expect(D(2023, 1, 1), [D(2023, 6, 30)])


def test_task_time_only_start_column_ongoing():
    r = read_task_time("Thường xuyên", "", 2022)
    assert r.text == "Thường xuyên"
    assert fields(r) == expect(ongoing=True)


def test_task_time_only_start_column_periodic_and_unscheduled():
    r = read_task_time("Theo định kỳ và đột xuất", None, 2022)
    assert r.text == "Theo định kỳ và đột xuất"
    assert fields(r) == expect(recurring=True, conditional=True)


def test_task_time_only_due_column():
    r = read_task_time(None, "Quý II/2019 và hàng năm.", 2018)
    assert fields(r) == expect(
        D(2019, 4, 1), [D(2019, 6, 30)], recurring=True, rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30"
    )


def test_task_time_flags_from_both_columns():
    r = read_task_time("Tháng 2", "Tháng 12 và theo thời gian thực hiện của Văn phòng Chính phủ", 2022)
    assert fields(r) == expect(D(2022, 2, 1), [D(2022, 12, 31)], conditional=True)
    r = read_task_time("Thường xuyên năm 2023", "Thường xuyên năm 2023", 2023)
    assert fields(r) == expect(D(2023, 1, 1), ongoing=True)
    r = read_task_time("Định kỳ hoặc đột xuất năm 2023", "Định kỳ hoặc đột xuất năm 2023", 2023)
    assert fields(r) == expect(D(2023, 1, 1), recurring=True, conditional=True)


def test_task_time_start_column_without_date_gives_no_start():
    # The start column states no date, so none is taken from the completion column.
    r = read_task_time("Theo Kế hoạch kiểm tra", "Tháng 6", 2022)
    assert fields(r) == expect(None, [D(2022, 6, 30)], conditional=True)


def test_task_time_milestones_come_through():
    r = read_task_time(MILESTONES_CENTRES, None, 2022)
    assert [m.label for m in r.milestones] == ["Đối với Trung tâm HCC tỉnh", "Đối với Trung tâm HCC cấp huyện"]
    assert r.start == D(2022, 6, 1)


def test_task_time_start_after_due_is_refused():
    with pytest.raises(UnreadableTime) as info:
        read_task_time("Tháng 6", "Tháng 3", 2022)
    assert "Tháng 6 – Tháng 3" in str(info.value)
    assert "sau thời gian hoàn thành" in str(info.value)


def test_task_time_error_names_the_bad_column():
    with pytest.raises(UnreadableTime) as info:
        read_task_time("Tháng 01/2023", "Tháng 13/2023", 2023)
    assert '"Tháng 13/2023"' in str(info.value)
