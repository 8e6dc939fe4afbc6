"""Read the Vietnamese time expressions of plan task tables into dates, flags and recurrence rules."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = ["Milestone", "Reading", "UnreadableTime", "read_time", "read_task_time"]


# ---------------------------------------------------------------------------
# Public types
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Milestone:
    """One dated item of a bulleted time cell ("- Quý IV/2019: Kết nối …")."""

    label: str
    start: date | None
    due: date | None


@dataclass(frozen=True)
class Reading:
    """What a time text states: dates, flags, recurrence and milestones; `text` is kept as written."""

    text: str
    start: date | None
    due: tuple[date, ...]
    ongoing: bool
    recurring: bool
    rrule: str | None
    conditional: bool
    milestones: tuple[Milestone, ...] = ()

    def to_json(self) -> dict:
        """Plain JSON-ready dict with ISO dates (None stays None)."""
        return {
            "text": self.text,
            "start": _iso(self.start),
            "due": [d.isoformat() for d in self.due],
            "ongoing": self.ongoing,
            "recurring": self.recurring,
            "rrule": self.rrule,
            "conditional": self.conditional,
            "milestones": [
                {"label": m.label, "start": _iso(m.start), "due": _iso(m.due)} for m in self.milestones
            ],
        }


HINT = (
    'Các dạng thời gian đọc được: "Tháng 3/2022", "Tháng 02" (năm của kế hoạch), "Tháng 3, 6, 9, 12/2022", '
    '"Quý II/2019", "Quý 3/2024", "Quý I, II/2024", "Quý III năm 2024", "Năm 2023", "Trong năm 2023", '
    '"6 tháng đầu năm", "6 tháng cuối năm 2025", "15/10/2024", "ngày 15 tháng 10 năm 2024", '
    '"Trước ngày 31/12/2018", "Trước 15/12", "Đến 30/6/2023", "Chậm nhất 30/6/2023", "Cuối năm 2024", '
    '"Từ tháng 7 đến tháng 9/2022", "Kể từ ngày 01/01/2019", "Thường xuyên", "Thường xuyên năm 2023", '
    '"Hàng năm", "Hằng quý", "Hàng tháng", "Định kỳ 6 tháng/1 lần", "Quý II/2019 và hàng năm", '
    '"Định kỳ hoặc đột xuất", "Ngay sau khi …", "Sau khi …", "Khi …", "Theo quy định", "Theo Kế hoạch …", '
    '"Theo chỉ đạo của …"; danh sách mốc, mỗi mốc một gạch đầu dòng: "- Quý IV/2019: nội dung;" '
    'hoặc "- Nội dung: từ 01/6/2022".'
)


class UnreadableTime(ValueError):
    """Raised with a Vietnamese message (str(e)) that quotes the text and what is wrong, and a `hint` attribute listing the accepted forms in Vietnamese."""

    def __init__(self, message: str, text: str = "", hint: str = HINT):
        super().__init__(message)
        self.text = text
        self.hint = hint


def read_time(text: str, year: int) -> Reading:
    """Read one time cell; months and quarters without a year take `year`. Raises UnreadableTime, never guesses."""
    try:
        if not text or not text.strip():
            raise _Invalid("ô thời gian để trống")
        bullets = _bullet_items(text)
        if bullets is not None:
            part, milestones = _read_bullets(bullets, year)
        else:
            part, milestones = _read_expr(_normalize(text), year), ()
    except _NoMatch:
        raise UnreadableTime(
            f'Không đọc được thời gian "{text}": không khớp với dạng thời gian nào đã biết.', text
        ) from None
    except _Invalid as e:
        raise UnreadableTime(f'Không đọc được thời gian "{text}": {e}.', text) from None
    return _to_reading(text, part, milestones)


def read_task_time(start: str | None, due: str | None, year: int) -> Reading | None:
    """Combine a task's start column and completion column into one reading (None when both are empty).

    The start column gives `start` (first day of its period) and the due column gives `due`; if only one column is filled, its reading is used as is.
    """
    has_start = bool(start and start.strip())
    has_due = bool(due and due.strip())
    if not has_start and not has_due:
        return None
    if not has_due:
        return read_time(start, year)
    if not has_start:
        return read_time(due, year)
    first, last = read_time(start, year), read_time(due, year)
    text = f"{start} – {due}"
    if first.start and last.due and first.start > last.due[-1]:
        # A start after every completion date means the columns were misread or swapped: say so.
        raise UnreadableTime(
            f'Không đọc được thời gian "{text}": thời gian bắt đầu ({first.start:%d/%m/%Y}) '
            f"sau thời gian hoàn thành ({last.due[-1]:%d/%m/%Y}).",
            text,
        )
    return Reading(
        text=text,
        start=first.start,
        due=last.due,
        ongoing=first.ongoing or last.ongoing,
        recurring=first.recurring or last.recurring,
        rrule=last.rrule or first.rrule,  # the completion column's rule is the one its dates anchor
        conditional=first.conditional or last.conditional,
        milestones=first.milestones + last.milestones,
    )


# ---------------------------------------------------------------------------
# Internal representation
# ---------------------------------------------------------------------------

class _NoMatch(Exception):
    """The text fits no known form (the caller may try another split)."""


class _Invalid(Exception):
    """The text fits a form but states something impossible or ambiguous; the message is Vietnamese."""


@dataclass(frozen=True)
class _Part:
    """What one clause says; clauses joined by "và"/"hoặc" are merged into one part."""

    start: date | None = None
    dues: tuple[date, ...] = ()
    ongoing: bool = False
    recurring: bool = False
    freq: tuple[str, int] | None = None  # ("YEARLY", 1), ("MONTHLY", 3), …
    conditional: bool = False


def _merge(parts: list[_Part]) -> _Part:
    """Union of what several clauses say: earliest start, all dues, any flag, the finest recurrence."""
    starts = [p.start for p in parts if p.start]
    return _Part(
        start=min(starts) if starts else None,
        dues=tuple(sorted({d for p in parts for d in p.dues})),
        ongoing=any(p.ongoing for p in parts),
        recurring=any(p.recurring for p in parts),
        freq=_finest([p.freq for p in parts if p.freq]),
        conditional=any(p.conditional for p in parts),
    )


def _to_reading(text: str, part: _Part, milestones: tuple[Milestone, ...]) -> Reading:
    return Reading(
        text=text,
        start=part.start,
        due=part.dues,
        ongoing=part.ongoing,
        recurring=part.recurring,
        rrule=_render_rrule(part.freq, part.dues) if part.freq else None,
        conditional=part.conditional,
        milestones=milestones,
    )


# ---------------------------------------------------------------------------
# Normalization
# ---------------------------------------------------------------------------

def _normalize(text: str) -> str:
    """Fold case, Unicode form, spacing and spelled-out years so the patterns below stay simple."""
    s = unicodedata.normalize("NFC", text).casefold()
    s = unicodedata.normalize("NFC", s)  # casefold can decompose a few letters
    s = re.sub(r"[\u200b\ufeff]", "", s)
    s = re.sub(r"\s+", " ", s).strip()  # newlines inside cells ("Quý \nII/2023") are line wraps
    s = re.sub(r"[\s.;,]+$", "", s)  # list punctuation at the end of a cell
    s = re.sub(r"\s*/\s*", "/", s)  # "3 / 2022"
    s = re.sub(r"(?<=\d)\s*[-–]\s*(?=\d)", "-", s)  # "01- 6/2022"
    s = re.sub(r"\s*,\s*", ", ", s)
    s = re.sub(r"\bhằng\b", "hàng", s)  # both spellings are standard
    # Spelled-out years and dates: "quý iii năm 2024" → "quý iii/2024", "ngày 15 tháng 10 năm 2024" → "ngày 15/10/2024".
    s = re.sub(r"\b([ivx]+|\d{1,2}) năm (\d{4})\b", r"\1/\2", s)
    s = re.sub(r"\bngày (\d{1,2}) tháng (\d{1,2})\b", r"ngày \1/\2", s)
    return s


# ---------------------------------------------------------------------------
# Periods: the calendar spans a clause can name ("tháng 3/2022", "quý i, ii", "15/10/2024")
# ---------------------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_Q = r"(?:[ivx]+|\d+)"  # a quarter number as written; values are checked in _quarter_number
_Span = tuple[date, date]  # first day, last day


def _date(y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise _Invalid(f"ngày {d:02d}/{m:02d}/{y} không có trong lịch") from None


def _month_span(m: int, y: int) -> _Span:
    if not 1 <= m <= 12:
        raise _Invalid(f"tháng {m} không tồn tại (tháng chỉ từ 1 đến 12)")
    return _date(y, m, 1), _date(y, m, calendar.monthrange(y, m)[1])


def _quarter_number(token: str) -> int:
    q = _ROMAN.get(token) if not token.isdigit() else int(token)
    if q is None or not 1 <= q <= 4:
        raise _Invalid(f'quý "{token.upper()}" không tồn tại (quý chỉ là I, II, III, IV hoặc 1–4)')
    return q


def _months(m: re.Match, year: int) -> list[_Span]:
    """"Tháng 3/2022", "Tháng 02", "Tháng 3, 6, 9, 12/2022": a trailing year applies to every month of the list."""
    y = int(m["y"]) if m["y"] else year
    return [_month_span(int(n), y) for n in re.findall(r"\d+", m["ms"])]


def _quarters(m: re.Match, year: int) -> list[_Span]:
    """"Quý II/2019", "Quý 3/2024", "Quý I, II/2024": roman or arabic quarter numbers."""
    y = int(m["y"]) if m["y"] else year
    spans = []
    for token in re.findall(rf"\b{_Q}\b", m["qs"]):  # \b keeps the "v" of "và" out
        q = _quarter_number(token)
        spans.append((_month_span(3 * q - 2, y)[0], _month_span(3 * q, y)[1]))
    return spans


def _half(m: re.Match, year: int) -> list[_Span]:
    """"6 tháng đầu năm" is January–June, "6 tháng cuối năm 2025" is July–December."""
    y = int(m["y"]) if m["y"] else year
    first = m["half"] == "đầu"
    return [(_date(y, 1 if first else 7, 1), _date(y, 6 if first else 12, 30 if first else 31))]


def _year(m: re.Match, year: int) -> list[_Span]:
    """"Năm 2023" is the whole year; a bare "năm" (after "trong", "cuối") is the plan's year."""
    y = int(m["y"]) if m["y"] else year
    return [(_date(y, 1, 1), _date(y, 12, 31))]


def _day(m: re.Match, year: int) -> list[_Span]:
    """"15/10/2024", "01-6/2022", "ngày 15/10": one day; without a year it is in the plan's year."""
    d = _date(int(m["y"]) if m["y"] else year, int(m["m"]), int(m["d"]))
    return [(d, d)]


_PERIODS = [
    (r"tháng (?P<ms>\d{1,2}(?:(?:, | và )(?:tháng )?\d{1,2})*)(?:/(?P<y>\d{4}))?", _months),
    (rf"quý (?P<qs>{_Q}(?:(?:, | và )(?:quý )?{_Q})*)(?:/(?P<y>\d{{4}}))?", _quarters),
    (r"0?6 tháng (?P<half>đầu|cuối) năm(?: (?P<y>\d{4}))?", _half),
    (r"năm(?: (?P<y>\d{4}))?", _year),
    (r"(?:ngày )?(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](?P<y>\d{4}))?", _day),
]


def _read_periods(s: str, year: int) -> tuple[list[_Span], bool]:
    """Spans named by `s` and whether `s` is a single day; raises _NoMatch if `s` names no period."""
    for pattern, handler in _PERIODS:
        m = re.fullmatch(pattern, s)
        if m:
            return handler(m, year), handler is _day
    raise _NoMatch(s)


# ---------------------------------------------------------------------------
# Forms: one handler per way a whole clause can be written
# ---------------------------------------------------------------------------

def _conditional(m: re.Match, year: int) -> _Part:
    """"Ngay sau khi …" (also the source's typo "Ngày sau khi …"), "Theo quy định", "đột xuất": an event, not a date.

    The text may name a document but never its date, so no date is given (any would be invented).
    """
    return _Part(conditional=True)


def _ongoing(m: re.Match, year: int) -> _Part:
    """"Thường xuyên": continuous work with no completion date."""
    return _Part(ongoing=True)


def _periodic(m: re.Match, year: int) -> _Part:
    """"Định kỳ" with no stated frequency: recurring, but no rule can be written."""
    return _Part(recurring=True)


_UNIT_FREQ = {"ngày": ("DAILY", 1), "tuần": ("WEEKLY", 1), "tháng": ("MONTHLY", 1), "quý": ("MONTHLY", 3), "năm": ("YEARLY", 1)}


def _every(m: re.Match, year: int) -> _Part:
    """"Hàng năm", "Hằng quý", "hàng Quý, năm": when several units are named the finest one is the rule."""
    units = re.findall(r"ngày|tuần|tháng|quý|năm", m["units"])
    return _Part(recurring=True, freq=_finest([_UNIT_FREQ[u] for u in units]))


def _every_n(m: re.Match, year: int) -> _Part:
    """"Định kỳ 6 tháng/1 lần": every n months (12 months is yearly) or every n years."""
    n = int(m["n"])
    if n < 1:
        raise _Invalid(f"chu kỳ {n} {m['unit']} không hợp lệ")
    if m["unit"] == "năm":
        return _Part(recurring=True, freq=("YEARLY", n))
    return _Part(recurring=True, freq=("YEARLY", 1) if n == 12 else ("MONTHLY", n))


def _ambiguous(m: re.Match, year: int) -> _Part:
    """"Đầu năm", "giữa quý" name no definite time, so they are refused rather than guessed."""
    raise _Invalid(f'"{m[0]}" không chỉ rõ thời điểm; hãy ghi tháng, quý hoặc ngày cụ thể')


def _range(m: re.Match, year: int) -> _Part:
    """"Từ tháng 7 đến tháng 9/2022": the first period takes the last one's year when it has none."""
    last, _ = _read_periods(m["b"], year)
    first, _ = _read_periods(m["a"], last[-1][1].year)
    start, due = first[0][0], last[-1][1]
    if start > due:
        raise _Invalid(f"thời điểm bắt đầu ({start:%d/%m/%Y}) sau thời điểm kết thúc ({due:%d/%m/%Y})")
    return _Part(start=start, dues=(due,))


def _since(m: re.Match, year: int) -> _Part:
    """"Kể từ ngày 01/01/2019", "từ 01/12/2022": starts then and goes on, with no completion date."""
    spans, _ = _read_periods(m["p"], year)
    return _Part(start=spans[0][0], ongoing=True)


def _before(m: re.Match, year: int) -> _Part:
    """"Trước ngày 31/12/2018", "Trước 15/12": due that day; "trước tháng 6" is refused (before it starts or ends?)."""
    spans, is_day = _read_periods(m["p"], year)
    if not is_day:
        raise _Invalid(f'"{m[0]}" không rõ là trước khi {m["p"]} bắt đầu hay kết thúc; hãy ghi ngày cụ thể')
    return _Part(dues=(spans[-1][1],))


def _by(m: re.Match, year: int) -> _Part:
    """"Đến 30/6/2023", "Chậm nhất quý III", "Cuối năm 2024": due at the end of the period, no start stated."""
    spans, _ = _read_periods(m["p"], year)
    return _Part(dues=(spans[-1][1],))


def _within(m: re.Match, year: int) -> _Part:
    """A period or list of periods, also after "Trong": starts on the first day, due on each period's last day."""
    if m[0] == "năm":  # a lone "năm" is a fragment (e.g. of "hàng Quý, năm"), not a year
        raise _NoMatch(m[0])
    spans, _ = _read_periods(m["p"], year)
    return _Part(start=spans[0][0], dues=tuple(sorted({end for _, end in spans})))


def _filler(m: re.Match, year: int) -> _Part:
    """"Thực hiện hàng Quý, năm": a leading verb adds nothing to the time."""
    return _read_expr(m["rest"], year)


# Keywords after "theo" that name an outside trigger; "theo định kỳ" is periodic, not conditional.
_TRIGGERS = r"kế hoạch|quy định|chỉ đạo|yêu cầu|hướng dẫn|thời gian|tiến độ|lộ trình|văn bản|thông báo|đề nghị|đề xuất"
_UNITS = r"ngày|tuần|tháng|quý|năm"

# Order matters: the first pattern that matches the whole clause wins.
_FORMS = [
    (rf"(?:ngay|ngày) sau khi .+|(?:sau|trước) khi .+|khi .+|đột xuất|theo (?:{_TRIGGERS})(?: .*)?", _conditional),
    (r"thường xuyên|liên tục", _ongoing),
    (r"(?:theo )?định kỳ", _periodic),
    (rf"(?:(?:theo )?định kỳ )?hàng (?P<units>(?:{_UNITS})(?:(?:, | và | hoặc )(?:hàng )?(?:{_UNITS}))*)", _every),
    # "6 tháng" alone could be a duration, so a frequency needs "định kỳ" before it or "lần" after it.
    (r"(?:theo )?định kỳ (?P<n>\d{1,2}) (?P<unit>tháng|năm)(?:(?:/| )(?:(?:1|một) )?lần)?", _every_n),
    (r"(?P<n>\d{1,2}) (?P<unit>tháng|năm)(?:/| )(?:(?:1|một) )?lần", _every_n),
    (r"(?:đầu|giữa) (?:năm|quý|tháng)\b.*", _ambiguous),
    (r"(?:kể )?từ (?P<a>.+?) đến (?P<b>.+)", _range),
    (r"(?:kể )?từ (?:ngày )?(?P<p>.+)", _since),
    (r"trước (?:ngày )?(?P<p>.+)", _before),
    (r"(?:đến|chậm nhất|muộn nhất)(?: là| trong| đến)?(?: hết)?(?: ngày)? (?P<p>.+)", _by),
    (r"cuối (?P<p>.+)", _by),
    (r"(?:trong )?(?P<p>.+)", _within),
    (r"(?:thực hiện|hoàn thành|triển khai) (?P<rest>.+)", _filler),
]

# Clause separators tried when no form matches the whole text ("Quý II/2019 và hàng năm").
_JOINS = re.compile(r" và | hoặc |, |; ")
_MAX_JOINS = 12  # a cell with more clauses than this is prose, not a time; also bounds the search
# A trailing "năm 2023" that scopes flag-only clauses ("Thường xuyên năm 2023", "Định kỳ hoặc đột xuất năm 2023").
_YEAR_SCOPE = re.compile(r"(?P<head>.+?) (?:trong )?năm (?P<y>\d{4})")


def _read_form(s: str, year: int) -> _Part:
    """Read `s` as a single clause of one of the _FORMS."""
    for pattern, handler in _FORMS:
        m = re.fullmatch(pattern, s)
        if m:
            try:
                return handler(m, year)
            except _NoMatch:
                continue  # the form's frame fits but its inner period does not; try the next form
    raise _NoMatch(s)


def _read_expr(s: str, year: int, split: bool = True) -> _Part:
    """Read a normalized text: one form, else flags scoped to a year, else clauses joined by "và"/"hoặc"/","."""
    try:
        return _read_form(s, year)
    except _NoMatch:
        pass
    m = _YEAR_SCOPE.fullmatch(s)
    if m:
        try:
            head = _read_expr(m["head"], int(m["y"]))
        except _NoMatch:
            head = None
        # Only flags can be scoped this way; "Quý II và … năm 2023" must not be re-dated.
        if head is not None and head.start is None and not head.dues:
            return _merge([head, _Part(start=_date(int(m["y"]), 1, 1))])
    if split and len(_JOINS.findall(s)) <= _MAX_JOINS:
        # The first clause is read alone, the rest recursively, so "Theo chỉ đạo của A và B" stays whole.
        for join in _JOINS.finditer(s):
            try:
                return _merge([_read_expr(s[: join.start()], year, split=False), _read_expr(s[join.end():], year)])
            except _NoMatch:
                continue
    raise _NoMatch(s)


# ---------------------------------------------------------------------------
# Bulleted milestone lists
# ---------------------------------------------------------------------------

def _bullet_items(text: str) -> list[str] | None:
    """Items of a cell written as "- a: …\\n- b: …" (None when the cell is not a bulleted list)."""
    s = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    if not re.match(r"-\s", s):
        return None
    # A bullet is a hyphen after whitespace or at the start; "01- 6/2022" is a date, not a bullet.
    return [item.strip() for item in re.split(r"(?:^|(?<=\s))-\s+", s) if item.strip()]


def _read_bullets(items: list[str], year: int) -> tuple[_Part, tuple[Milestone, ...]]:
    """Each "time: label" or "label: time" item becomes a milestone; the cell's part is their union."""
    parts, milestones = [], []
    for item in items:
        item = re.sub(r"[\s.;]+$", "", item)
        if ":" not in item:
            parts.append(_read_expr(_normalize(item), year))
            continue
        head, tail = (x.strip() for x in item.split(":", 1))
        try:
            part, label = _read_expr(_normalize(head), year), tail  # "Quý IV/2019: Kết nối …"
        except _NoMatch:
            part, label = _read_expr(_normalize(tail), year), head  # "Đối với …: từ 01/12/2022"
        parts.append(part)
        milestones.append(Milestone(label=label, start=part.start, due=max(part.dues) if part.dues else None))
    return _merge(parts), tuple(milestones)


# ---------------------------------------------------------------------------
# Recurrence rules
# ---------------------------------------------------------------------------

_FREQ_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 30, "YEARLY": 365}


def _finest(freqs: list[tuple[str, int]]) -> tuple[str, int] | None:
    """The most frequent of several recurrences ("hàng Quý, năm" → quarterly, since yearly reports fall on a quarter end)."""
    return min(freqs, key=lambda f: _FREQ_DAYS[f[0]] * f[1]) if freqs else None


def _render_rrule(freq: tuple[str, int], dues: tuple[date, ...]) -> str:
    """RRULE value; a single stated due anchors it so that it falls on that period's last day each time."""
    unit, interval = freq
    rule = f"FREQ={unit}" + (f";INTERVAL={interval}" if interval > 1 else "")
    if len(dues) != 1:
        return rule
    d = dues[0]
    month_end = d.day == calendar.monthrange(d.year, d.month)[1]
    if unit == "YEARLY":
        # Only February's last day moves between years; other month ends can be written as-is.
        day = -1 if month_end and d.month == 2 else d.day
        return f"{rule};BYMONTH={d.month};BYMONTHDAY={day}"
    if unit == "MONTHLY":
        return f"{rule};BYMONTHDAY={-1 if month_end else d.day}"
    return rule


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
