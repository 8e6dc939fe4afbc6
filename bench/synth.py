"""Synthetic national data for load tests: a complete plans/-like tree, FICTIONAL and never published.

    python bench/synth.py --tasks 10000 --out /tmp/synth-10k [--seed 1] [--errors 0] [--as-of 2024-06-30]

Writes provinces "Mẫu 01" … "Mẫu 63" (folders tinh-mau-01 …; the site shows them as "Tỉnh Mẫu 01"),
each with an agencies.yml (office, departments, centres, police, press, court and procuracy, district
and commune committees, units, groups with members), plans of a few dozen tasks each (sections, tasks
and sub-tasks with Vietnamese titles assembled from word lists; agency cells naming 1–4 agencies with
";", ",", "và" or "- " list lines, and group names; every time form generator/deadlines.py reads),
progress reports in every state (files <date>-<agency>.yml, dated on or before the as-of date, each
reporting agency leading or coordinating the task, directly or through a group) and the four public
registers with fictional entries and fictional sources. The same seed gives the same bytes.

`--errors K` then injects K mistakes, spread over every kind of problem the validator knows, each
placed so that no other injected mistake hides it (a plan with a broken file never has its reports
checked, a province with a broken agencies.yml has no registry, …), and writes DIR/errors.json:
a list of {"kind", "file" (relative to DIR), "line", "expect" (a substring of the message)}.
The lines come from this generator's own bookkeeping, not from the validator.

Standard library only, so that tests can import it without the generator.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

AS_OF = dt.date(2024, 6, 30)
MAX_PROVINCES = 63
TASKS_PER_PROVINCE = 160        # below 63 × this many tasks, fewer provinces are made
PLAN_SIZE = (25, 75)            # tasks (sub-tasks included) per plan
HEADER = "# Dữ liệu HƯ CẤU do bench/synth.py tạo để đo tải; không phải văn bản có thật, không bao giờ công bố."

# ---------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------

DEPARTMENTS = [
    ("so-tu-phap", "Sở Tư pháp", ["Sở TP"]),
    ("so-noi-vu", "Sở Nội vụ", []),
    ("so-tai-chinh", "Sở Tài chính", []),
    ("so-ke-hoach-va-dau-tu", "Sở Kế hoạch và Đầu tư", ["Sở KH&ĐT", "Sở KHĐT"]),
    ("so-thong-tin-va-truyen-thong", "Sở Thông tin và Truyền thông", ["Sở TT&TT", "Sở TTTT"]),
    ("so-y-te", "Sở Y tế", []),
    ("so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo", ["Sở GD&ĐT"]),
    ("so-cong-thuong", "Sở Công Thương", []),
    ("so-xay-dung", "Sở Xây dựng", []),
    ("so-giao-thong-van-tai", "Sở Giao thông vận tải", ["Sở GTVT"]),
    ("so-tai-nguyen-va-moi-truong", "Sở Tài nguyên và Môi trường", ["Sở TN&MT"]),
    ("so-nong-nghiep-va-phat-trien-nong-thon", "Sở Nông nghiệp và Phát triển nông thôn", ["Sở NN&PTNT"]),
    ("so-lao-dong-thuong-binh-va-xa-hoi", "Sở Lao động - Thương binh và Xã hội", ["Sở LĐ-TB&XH"]),
    ("so-van-hoa-the-thao-va-du-lich", "Sở Văn hóa, Thể thao và Du lịch", ["Sở VHTTDL"]),
    ("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ", ["Sở KH&CN"]),
]
OTHERS = [
    ("van-phong-ubnd-tinh", "Văn phòng UBND tỉnh", "office", ["VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"]),
    ("trung-tam-phuc-vu-hanh-chinh-cong-tinh", "Trung tâm Phục vụ hành chính công tỉnh", "centre",
     ["Trung tâm Phục vụ HCC tỉnh", "Trung tâm Hành chính công tỉnh"]),
    ("cong-an-tinh", "Công an tỉnh", "police", []),
    ("dai-phat-thanh-va-truyen-hinh-tinh", "Đài Phát thanh và Truyền hình tỉnh", "press", ["Đài PT&TH tỉnh"]),
    ("toa-an-nhan-dan-tinh", "Tòa án nhân dân tỉnh", "court_procuracy", []),
    ("vien-kiem-sat-nhan-dan-tinh", "Viện Kiểm sát nhân dân tỉnh", "court_procuracy", []),
    ("trung-tam-cong-nghe-thong-tin-va-truyen-thong", "Trung tâm Công nghệ thông tin và Truyền thông", "unit", []),
    ("ban-quan-ly-cac-khu-cong-nghiep", "Ban Quản lý các khu công nghiệp", "agency", ["BQL các KCN"]),
    ("cuc-thue-tinh", "Cục Thuế tỉnh", "agency", []),
]
SYLLABLES = ["An", "Bình", "Phú", "Tân", "Hòa", "Thạnh", "Lộc", "Vĩnh", "Long", "Mỹ", "Đông", "Tây", "Sơn",
             "Hải", "Thủy", "Lâm", "Phước", "Quang", "Kim", "Ngọc", "Thái", "Xuân", "Hưng", "Định", "Gia"]
VERBS = ["Rà soát, đánh giá", "Triển khai", "Tổ chức thực hiện", "Xây dựng", "Công bố, công khai", "Cập nhật",
         "Kiện toàn", "Tuyên truyền, phổ biến", "Kiểm tra việc thực hiện", "Số hóa", "Nâng cấp", "Đơn giản hóa",
         "Hướng dẫn", "Tập huấn về", "Báo cáo kết quả", "Chuẩn hóa", "Tích hợp, cung cấp", "Đẩy mạnh"]
OBJECTS = ["thủ tục hành chính", "quy trình nội bộ giải quyết thủ tục hành chính", "Bộ phận Một cửa các cấp",
           "dịch vụ công trực tuyến toàn trình", "hồ sơ, kết quả giải quyết thủ tục hành chính",
           "cơ sở dữ liệu chuyên ngành", "phản ánh, kiến nghị của người dân, doanh nghiệp", "chế độ báo cáo định kỳ",
           "thanh toán trực tuyến phí, lệ phí", "chữ ký số cho cán bộ, công chức", "quy định hành chính",
           "danh mục thủ tục hành chính", "Hệ thống thông tin giải quyết thủ tục hành chính",
           "việc tiếp nhận hồ sơ qua dịch vụ bưu chính công ích", "đánh giá chất lượng phục vụ người dân"]
QUALIFIERS = ["thuộc thẩm quyền giải quyết của tỉnh", "trên Cổng Dịch vụ công quốc gia", "tại Trung tâm Phục vụ hành chính công",
              "năm {y}", "lĩnh vực đất đai", "lĩnh vực tư pháp", "lĩnh vực y tế", "lĩnh vực giáo dục",
              "lĩnh vực xây dựng", "cấp huyện, cấp xã", "theo Quyết định số 766/QĐ-TTg", "giai đoạn {y}-{y2}", ""]
PRODUCTS = ["Quyết định công bố", "Báo cáo", "Kế hoạch", "Văn bản hướng dẫn", "Phần mềm", "Hội nghị tập huấn",
            "Tin, bài tuyên truyền", "Quy chế", "Cơ sở dữ liệu", "Quyết định phê duyệt", "Biên bản kiểm tra",
            "Danh mục thủ tục hành chính", "Báo cáo tổng hợp kết quả"]
SECTIONS = ["Công tác chỉ đạo, điều hành", "Kiểm soát quy định thủ tục hành chính", "Rà soát, đơn giản hóa thủ tục hành chính",
            "Công bố, công khai thủ tục hành chính", "Thực hiện cơ chế một cửa, một cửa liên thông",
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Tiếp nhận, xử lý phản ánh, kiến nghị",
            "Thông tin, tuyên truyền", "Chế độ báo cáo"]
TOPICS = [("kiem-soat-tthc", "kiểm soát thủ tục hành chính"), ("mot-cua", "thực hiện cơ chế một cửa, một cửa liên thông"),
          ("so-hoa", "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"), ("cai-cach-hanh-chinh", "cải cách hành chính"),
          ("dich-vu-cong", "cung cấp dịch vụ công trực tuyến")]
TARGETS = ["100%", "trên 99%", "tối thiểu 90%", "ít nhất 80% hồ sơ", "tối thiểu 50% đối với cấp tỉnh", "95% trở lên"]
TRIGGERS = ["Ngay sau khi Văn phòng Chính phủ ban hành Thông tư hướng dẫn", "Ngay sau khi UBND tỉnh ban hành Quy chế",
            "Sau khi Bộ Tư pháp có văn bản hướng dẫn", "Khi có yêu cầu của UBND tỉnh", "Theo quy định",
            "Theo Kế hoạch kiểm tra năm {y}", "Theo chỉ đạo của UBND tỉnh, Chủ tịch UBND tỉnh",
            "Ngày sau khi Bộ Nội vụ ban hành văn bản hướng dẫn"]
FREE_TEXT = ["Theo tình hình thực tế của tỉnh", "Tùy theo tiến độ của dự án", "Khi đủ điều kiện về kinh phí và nhân lực"]
NOTES = ["Đang tổng hợp số liệu từ các đơn vị.", "Đã ban hành văn bản triển khai.", "Chờ hướng dẫn của bộ, ngành Trung ương.",
         "Đã hoàn thành theo kế hoạch.", "Tạm dừng do điều chỉnh kế hoạch.", "Không thực hiện do đã lồng ghép vào nhiệm vụ khác."]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]


def slugify(text: str) -> str:
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# ---------------------------------------------------------------------------
# Files with line bookkeeping
# ---------------------------------------------------------------------------

@dataclass
class Rec:
    """One file being written: its lines, where things are in it, and what errors it already carries."""

    path: str                      # relative to DIR
    kind: str                      # plan | report | agencies | register
    lines: list[str] = field(default_factory=list)
    at: dict = field(default_factory=dict)      # bookkeeping: names → 1-based lines
    meta: dict = field(default_factory=dict)
    tier: str | None = None        # the error tier injected into this file (None: clean)
    raw: bytes | None = None       # bytes to write instead of lines (non-UTF-8 injection)

    def add(self, indent: int, text: str) -> int:
        self.lines.append(" " * indent + text)
        return len(self.lines)

    def kv(self, indent: int, key: str, value, quote: bool = True) -> int:
        """`key: value`; a text with a line break that starts with '- ' goes into a literal block."""
        if isinstance(value, str) and "\n" in value and value.lstrip().startswith("-"):
            line = self.add(indent, f"{key}: |-")
            for part in value.split("\n"):
                self.add(indent + 2, part)
            return line
        if isinstance(value, str) and quote:
            return self.add(indent, f"{key}: {q(value)}")
        return self.add(indent, f"{key}: {value}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# ---------------------------------------------------------------------------
# Time cells
# ---------------------------------------------------------------------------

def time_cells(rng: random.Random, y: int) -> dict:
    """One of the time forms the reader supports, as the start/due columns of a task.

    "_due" is the task's final fixed deadline (None when it has none: ongoing, recurring,
    conditional, free text); it only steers the report storylines (done on time or late).
    """
    m, d, r = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1, 4)
    a = rng.randint(1, 6)
    b = rng.randint(a + 1, 12)
    n, k = rng.randint(1, 4), rng.randint(0, 1)
    R = ROMAN[r - 1]
    end = _month_end
    forms = [
        lambda: ({"due": f"Tháng {m}/{y}"}, end(y, m)),
        lambda: ({"due": f"Tháng {m:02d}"}, end(y, m)),
        lambda: ({"due": f"Trong tháng {m}/{y}"}, end(y, m)),
        lambda: ({"due": f"Tháng 3, 6, 9, 12/{y}"}, end(y, 12)),
        lambda: ({"due": f"Tháng 6, 12/{y}"}, end(y, 12)),
        lambda: ({"due": f"Quý {R}/{y}"}, end(y, 3 * r)),
        lambda: ({"due": f"Quý {n}/{y + k}"}, end(y + k, 3 * n)),
        lambda: ({"due": f"Quý I, II/{y}"}, end(y, 6)),
        lambda: ({"due": f"Quý {R} năm {y}"}, end(y, 3 * r)),
        lambda: ({"due": f"Quý {R}"}, end(y, 3 * r)),
        lambda: ({"due": f"Năm {y}"}, end(y, 12)),
        lambda: ({"due": f"Trong năm {y}"}, end(y, 12)),
        lambda: ({"due": "6 tháng đầu năm"}, end(y, 6)),
        lambda: ({"due": f"6 tháng cuối năm {y}"}, end(y, 12)),
        lambda: ({"due": f"{d}/{m}/{y}"}, dt.date(y, m, d)),
        lambda: ({"due": f"ngày {d} tháng {m} năm {y}"}, dt.date(y, m, d)),
        lambda: ({"due": f"Trước ngày {d}/{m}/{y}"}, dt.date(y, m, d)),
        lambda: ({"due": f"Trước {d}/{m}"}, dt.date(y, m, d)),
        lambda: ({"due": f"Đến {d}/{m}/{y}"}, dt.date(y, m, d)),
        lambda: ({"due": f"Chậm nhất {d}/{m}/{y}"}, dt.date(y, m, d)),
        lambda: ({"due": f"Cuối năm {y}"}, end(y, 12)),
        lambda: ({"due": f"Từ tháng {a} đến tháng {b}/{y}"}, end(y, b)),
        lambda: ({"due": f"Kể từ ngày 01/{m:02d}/{y}"}, None),
        lambda: ({"due": "Thường xuyên"}, None),
        lambda: ({"due": f"Thường xuyên năm {y}"}, None),
        lambda: ({"due": "Hàng năm"}, None),
        lambda: ({"due": "Hằng quý"}, None),
        lambda: ({"due": "Hàng tháng"}, None),
        lambda: ({"due": "Định kỳ 6 tháng/1 lần"}, None),
        lambda: ({"due": f"Quý II/{y} và hàng năm"}, None),
        lambda: ({"due": f"Định kỳ hoặc đột xuất năm {y}"}, None),
        lambda: ({"start": "Theo định kỳ và đột xuất"}, None),
        lambda: ({"due": "Thực hiện hàng Quý, năm"}, None),
        lambda: ({"due": rng.choice(TRIGGERS).format(y=y)}, None),
        lambda: ({"due": f"- Quý IV/{y}: Kết nối với cơ sở dữ liệu về đăng ký kinh doanh;\n"
                         f"- Quý II/{y + 1}: Kết nối với cơ sở dữ liệu quốc gia về dân cư."}, end(y + 1, 6)),
        lambda: ({"start": f"- Đối với Trung tâm Phục vụ hành chính công tỉnh: từ 01/6/{y}\n"
                           f"- Đối với UBND cấp huyện: từ 01/12/{y}"}, None),
        lambda: ({"start": f"Tháng 01/{y}", "due": f"Tháng 12/{y}"}, end(y, 12)),
        lambda: ({"start": f"Quý I/{y}", "due": f"Quý \nII/{y}"}, end(y, 6)),
        lambda: ({"start": f"Tháng {a}", "due": f"Tháng {b}"}, end(y, b)),
        lambda: ({"due": f"Tháng {m} và theo thời gian thực hiện của Văn phòng Chính phủ"}, end(y, m)),
        lambda: ({"due": rng.choice(FREE_TEXT), "free_text_time": True}, None),
    ]
    cells, due = rng.choice(forms)()
    return {**cells, "_due": due}


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------

@dataclass
class Agency:
    id: str
    name: str
    kind: str
    aliases: list[str]
    members: list[str] = field(default_factory=list)


@dataclass
class Province:
    index: int
    slug: str
    name: str
    agencies: list[Agency]
    by_id: dict[str, Agency]
    plans: list[str] = field(default_factory=list)    # plan paths (relative to DIR)
    registry: str | None = None                        # None | "ok" | "broken" (error injection)


class Synth:
    def __init__(self, tasks: int, seed: int = 1, as_of: dt.date = AS_OF, provinces: int | None = None):
        self.total = tasks
        self.seed = seed
        self.as_of = as_of
        self.nprov = provinces or max(1, min(MAX_PROVINCES, -(-tasks // TASKS_PER_PROVINCE)))
        self.files: dict[str, Rec] = {}
        self.provinces: list[Province] = []
        self.task_count = 0
        self.report_count = 0

    # -- agencies ----------------------------------------------------------

    def make_agencies(self, rng: random.Random, i: int, name: str) -> list[Agency]:
        ags = [Agency(a, n, k, list(al)) for a, n, k, al in OTHERS[:1]]
        deps = rng.sample(DEPARTMENTS, rng.randint(10, len(DEPARTMENTS)))
        deps.sort(key=DEPARTMENTS.index)
        ags += [Agency(a, n, "department", list(al)) for a, n, al in deps]
        ags += [Agency(a, n, k, list(al)) for a, n, k, al in OTHERS[1:]]
        ags.append(Agency(f"bao-{slugify(name)}", f"Báo {name}", "press", []))
        places, wanted = set(), rng.randint(6, 10) + 6
        while len(places) < wanted:
            places.add(f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}")
        places = sorted(places)
        districts, communes = places[:-6], places[-6:]
        dist = []
        for n, place in enumerate(districts):
            level = "thành phố" if n == 0 else "huyện"
            dist.append(Agency(f"ubnd-{slugify(level)}-{slugify(place)}", f"UBND {level} {place}", "district_committee",
                               [f"Ủy ban nhân dân {level} {place}"]))
        comm = [Agency(f"ubnd-xa-{slugify(p)}", f"UBND xã {p}", "commune_committee", []) for p in communes]
        ags += dist + comm
        dep_ids = ["van-phong-ubnd-tinh"] + [a.id for a in ags if a.kind == "department"]
        ags += [
            Agency("so-ban-nganh", "Các Sở, ban, ngành", "group", ["Sở, ngành", "Sở, cơ quan thuộc UBND tỉnh"], dep_ids),
            Agency("ubnd-cap-huyen", "UBND huyện, thành phố", "group", ["UBND các huyện, thành phố", "UBND cấp huyện"],
                   [a.id for a in dist]),
            Agency("ubnd-cap-xa", "UBND xã, phường, thị trấn", "group", ["UBND các xã, phường, thị trấn", "UBND cấp xã"],
                   [a.id for a in comm]),
            Agency("co-quan-bao-chi", "Cơ quan thông tin báo chí", "group", ["Cơ quan thông tin, truyền thông"],
                   ["dai-phat-thanh-va-truyen-hinh-tinh", f"bao-{slugify(name)}"]),
            Agency("co-quan-lien-quan", "Các cơ quan liên quan", "group", ["Cơ quan, đơn vị có liên quan"]),
        ]
        return ags

    def write_agencies(self, p: Province) -> None:
        rec = Rec(f"{p.slug}/agencies.yml", "agencies", meta={"province": p.index})
        rec.add(0, HEADER)
        rec.at["province"] = rec.kv(0, "province", p.name)
        rec.add(0, "agencies:")
        rec.meta["agencies"] = []
        for a in p.agencies:
            info = {"id": a.id, "kind": a.kind}
            info["id_line"] = rec.add(2, f"- id: {a.id}")
            info["name_line"] = rec.kv(4, "name", a.name)
            info["kind_line"] = rec.kv(4, "kind", a.kind, quote=False)
            if a.aliases:
                info["aliases_line"] = rec.add(4, "aliases:")
                info["alias_lines"] = [rec.add(6, f"- {q(al)}") for al in a.aliases]
            if a.members:
                info["members_line"] = rec.add(4, "members:")
                info["member_lines"] = [rec.add(6, f"- {m}") for m in a.members]
            rec.meta["agencies"].append(info)
        self.files[rec.path] = rec

    # -- cells ---------------------------------------------------------------

    def pick_agencies(self, rng: random.Random, p: Province, n: int, exclude: set[str] = frozenset()) -> list[Agency]:
        pool = [a for a in p.agencies if a.id not in exclude]
        weights = [6 if a.kind in ("department", "office") else 3 if a.kind == "group" else 1 for a in pool]
        chosen: list[Agency] = []
        while len(chosen) < n and len(chosen) < len(pool):
            a = rng.choices(pool, weights)[0]
            if a not in chosen:
                chosen.append(a)
        return chosen

    @staticmethod
    def spelling(rng: random.Random, a: Agency) -> str:
        s = a.name if not a.aliases or rng.random() < 0.7 else rng.choice(a.aliases)
        if a.kind == "group" and rng.random() < 0.3 and not s.lower().startswith("các"):
            s = "các " + s
        if rng.random() < 0.05:
            s = s.replace("hóa", "hoá")       # old tone placement, matched as the same name
        return s

    def cell(self, rng: random.Random, ags: list[Agency]) -> str:
        names = [self.spelling(rng, a) for a in ags]
        if len(names) == 1:
            return names[0]
        style = rng.random()
        if style < 0.3:
            return "- " + ";\n- ".join(names) + "."
        if style < 0.55:
            return "; ".join(names)
        if style < 0.8:
            return ", ".join(names)
        return ", ".join(names[:-1]) + " và " + names[-1]

    # -- plans ---------------------------------------------------------------

    def write_plan(self, rng: random.Random, p: Province, k: int, size: int) -> None:
        y = rng.choice([2022, 2023, 2024])
        topic_slug, topic = rng.choice(TOPICS)
        slug = f"{y}-{topic_slug}-{k:02d}"
        path = f"{p.slug}/{slug}/plan.yml"
        rec = Rec(path, "plan", meta={"province": p.index, "year": y, "slug": slug, "tasks": {}, "order": []})
        signed = dt.date(y, rng.randint(1, 3), rng.randint(1, 28))
        rec.meta["date"] = signed
        rec.add(0, HEADER)
        rec.at["document"] = rec.add(0, "document:")
        rec.at["type"] = rec.kv(2, "type", "plan", quote=False)
        rec.at["title"] = rec.kv(2, "title", f"Kế hoạch {topic} năm {y} của tỉnh {p.name} (hư cấu, số {k})")
        rec.at["number"] = rec.kv(2, "number", f"{rng.randint(1, 300)}/KH-UBND")
        rec.at["issuer"] = rec.kv(2, "issuer", f"UBND tỉnh {p.name}")
        rec.at["province"] = rec.kv(2, "province", p.name)
        rec.at["place_date"] = rec.kv(2, "place_date", f"{p.name}, ngày {signed.day:02d} tháng {signed.month:02d} năm {y}")
        rec.at["date"] = rec.kv(2, "date", signed.isoformat(), quote=False)
        rec.at["year"] = rec.kv(2, "year", y, quote=False)
        rec.add(2, "signature:")
        rec.kv(4, "formula", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
        rec.kv(4, "signer", f"{rng.choice(['Nguyễn', 'Trần', 'Lê', 'Phạm'])} Văn Mẫu")
        rec.at["source"] = rec.kv(2, "source", "bench/synth.py (dữ liệu hư cấu)")
        rec.kv(0, "purposes", f"Nâng cao chất lượng {topic} trên địa bàn tỉnh {p.name} (nội dung hư cấu để đo tải).")
        rec.kv(0, "requirements", "Các cơ quan, đơn vị được giao nhiệm vụ chủ động triển khai, báo cáo đúng thời hạn.")
        rec.add(0, "task_table:")
        rec.kv(2, "kind", "appendix", quote=False)
        rec.kv(2, "label", "Phụ lục")
        rec.kv(2, "title", "DANH MỤC NHIỆM VỤ")
        rec.add(2, "columns:")
        for key, label in [("number", "TT"), ("title", "Nội dung nhiệm vụ"), ("lead", "Cơ quan chủ trì"),
                           ("coordinating", "Cơ quan phối hợp"), ("start", "Thời gian bắt đầu"),
                           ("due", "Thời gian hoàn thành"), ("products", "Sản phẩm")]:
            rec.kv(4, key, label)
        rec.add(0, "sections:")
        nsec = max(1, min(len(SECTIONS), size // 12 + rng.randint(0, 2)))
        titles = rng.sample(SECTIONS, nsec)
        per = [size // nsec + (1 if s < size % nsec else 0) for s in range(nsec)]
        for s in range(nsec):
            rec.add(2, f"- number: {q(ROMAN[s])}")
            rec.kv(4, "title", titles[s])
            rec.add(4, "tasks:")
            left, n = per[s], 0
            while left > 0:
                n += 1
                tid = f"{ROMAN[s].lower()}-{n}"
                subs = rng.randint(2, 4) if left >= 4 and rng.random() < 0.15 else 0
                subs = min(subs, left - 1)
                self.write_task(rng, p, rec, tid, str(n), 6, y, parent=subs > 0)
                left -= 1
                if subs:
                    rec.add(8, "subtasks:")
                    for j in range(1, subs + 1):
                        self.write_task(rng, p, rec, f"{tid}-{j}", f"{n}.{j}" if rng.random() < 0.7 else "-", 10, y)
                        left -= 1
        self.files[path] = rec
        p.plans.append(path)
        self.task_count += len(rec.meta["order"])
        self.write_reports(rng, p, rec)

    def write_task(self, rng, p: Province, rec: Rec, tid: str, number: str, ind: int, y: int, parent: bool = False) -> None:
        t = {"id": tid}
        t["id_line"] = rec.add(ind, f"- id: {tid}")
        t["number_line"] = rec.kv(ind + 2, "number", number)
        title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS).format(y=y, y2=y + 2)}".strip()
        t["title_line"] = rec.kv(ind + 2, "title", title)
        leads = self.pick_agencies(rng, p, rng.choices([1, 2, 3, 4], [60, 25, 10, 5])[0])
        lead = self.cell(rng, leads)
        t["lead_line"] = rec.kv(ind + 2, "lead", lead)
        t["lead_single"] = "\n" not in lead
        t["lead_cell"] = lead
        coord: list[Agency] = []
        if rng.random() < 0.7:
            coord = self.pick_agencies(rng, p, rng.choices([1, 2, 3], [60, 30, 10])[0], {a.id for a in leads})
            cell = self.cell(rng, coord)
            t["coordinating_line"] = rec.kv(ind + 2, "coordinating", cell)
            t["coordinating_single"] = "\n" not in cell
        t["assigned"] = sorted({a.id for a in leads + coord})
        t["reporters"] = sorted({m for a in leads + coord for m in ([a.id] if a.kind != "group" else a.members)})
        t["lead_reporters"] = sorted({m for a in leads for m in ([a.id] if a.kind != "group" else a.members)})
        cells = {"_due": None} if parent and rng.random() < 0.6 else time_cells(rng, y)
        if "start" in cells:
            t["start_line"] = rec.kv(ind + 2, "start", cells["start"])
        if "due" in cells:
            t["due_line"] = rec.kv(ind + 2, "due", cells["due"])
            t["due_single"] = "\n" not in cells["due"]
        if cells.get("free_text_time"):
            rec.add(ind + 2, "free_text_time: true")
        t["due"] = cells.pop("_due")
        t["cells"] = cells
        t["products_line"] = rec.kv(ind + 2, "products", rng.choice(PRODUCTS))
        if rng.random() < 0.1:
            rec.add(ind + 2, "targets:")
            rec.add(ind + 4, f"- {q(rng.choice(TARGETS))}")
            t["target"] = True
        rec.meta["tasks"][tid] = t
        rec.meta["order"].append(tid)

    # -- reports -------------------------------------------------------------

    def write_reports(self, rng: random.Random, p: Province, plan: Rec) -> None:
        signed: dt.date = plan.meta["date"]
        if signed >= self.as_of:
            return
        # Agencies report on a few common dates (quarter ends, mid-months), so files hold several entries.
        dates = sorted({_month_end(y, m) for y in range(signed.year, self.as_of.year + 1) for m in (3, 6, 9, 12)
                        if signed < _month_end(y, m) <= self.as_of}
                       | {dt.date(y, m, 15) for y in range(signed.year, self.as_of.year + 1) for m in range(1, 13)
                          if signed < dt.date(y, m, 15) <= self.as_of and rng.random() < 0.25})
        if not dates:
            return
        files: dict[tuple[dt.date, str], list[dict]] = {}
        for tid in plan.meta["order"]:
            t = plan.meta["tasks"][tid]
            if not t["reporters"] or rng.random() > 0.45:
                continue
            agency = rng.choice(t["lead_reporters"] if t["lead_reporters"] and rng.random() < 0.75 else t["reporters"])
            for when, entry in self.storyline(rng, t, signed, dates):
                files.setdefault((when, agency), []).append(entry)
        for (when, agency), entries in sorted(files.items()):
            self.write_report(rng, p, plan, when, agency, entries)

    def storyline(self, rng: random.Random, t: dict, signed: dt.date, dates: list[dt.date]):
        due: dt.date | None = t["due"]
        after = lambda d: next((x for x in dates if x >= d), None)  # noqa: E731
        outcomes = ["done_on_time", "done_late", "in_progress", "not_started", "paused", "cancelled"]
        outcome = rng.choices(outcomes, [35, 15, 25, 10, 8, 7])[0]
        events = []
        entry = lambda state, **kw: {"task": t["id"], "state": state, **kw}  # noqa: E731
        if outcome.startswith("done"):
            if due is None:
                lo, hi = signed + dt.timedelta(days=1), self.as_of
            elif outcome == "done_on_time":
                lo, hi = max(signed + dt.timedelta(days=1), due - dt.timedelta(days=90)), min(due, self.as_of)
            else:
                lo, hi = due + dt.timedelta(days=1), self.as_of
            if lo <= hi:
                completed = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
                when = after(completed)
                if when:
                    done = entry("done", completed=completed)
                    if t.get("target"):
                        done["actual"] = round(rng.uniform(80, 100), 1)
                    if rng.random() < 0.6:
                        done["evidence"] = [{"title": f"Quyết định số {rng.randint(1, 999)}/QĐ-UBND (hư cấu)",
                                             "number": f"{rng.randint(1, 999)}/QĐ-UBND", "date": completed,
                                             "url": f"https://example.org/hu-cau/{t['id']}-{completed:%Y%m%d}.pdf"}]
                    earlier = [x for x in dates if x < when]
                    if earlier and rng.random() < 0.5:
                        events.append((rng.choice(earlier), entry("in_progress", percent=rng.randrange(10, 95, 5))))
                    events.append((when, done))
                    return events
            outcome = "in_progress"
        when = rng.choice(dates)
        earlier = [x for x in dates if x < when]
        if earlier and rng.random() < 0.4:
            events.append((rng.choice(earlier), entry("not_started")))
        if outcome == "in_progress":
            events.append((when, entry("in_progress", percent=rng.randrange(5, 100, 5), note=rng.choice(NOTES[:3]))))
        elif outcome == "not_started":
            events.append((when, entry("not_started", note=rng.choice(NOTES[:3]))))
        elif outcome == "paused":
            events.append((when, entry("paused", percent=rng.randrange(5, 60, 5), note=NOTES[4])))
        else:
            events.append((when, entry("cancelled", note=NOTES[5])))
        return events

    def write_report(self, rng, p: Province, plan: Rec, when: dt.date, agency: str, entries: list[dict]) -> None:
        folder = plan.path.rsplit("/", 1)[0]
        rec = Rec(f"{folder}/progress/{when.isoformat()}-{agency}.yml", "report",
                  meta={"province": p.index, "plan": plan.path, "date": when, "agency": agency, "entries": []})
        rec.add(0, HEADER)
        rec.at["date"] = rec.kv(0, "date", when.isoformat(), quote=False)
        rec.at["agency"] = rec.kv(0, "agency", agency, quote=False)
        if rng.random() < 0.5:
            rec.kv(0, "reporter", "Văn phòng cơ quan (hư cấu)")
        rec.add(0, "entries:")
        for e in entries:
            info = {"task": e["task"], "state": e["state"]}
            info["task_line"] = rec.add(2, f"- task: {e['task']}")
            info["state_line"] = rec.kv(4, "state", e["state"], quote=False)
            if "completed" in e:
                info["completed_line"] = rec.kv(4, "completed", e["completed"].isoformat(), quote=False)
                info["completed"] = e["completed"]
            if "percent" in e:
                info["percent_line"] = rec.kv(4, "percent", e["percent"], quote=False)
            if "actual" in e:
                rec.kv(4, "actual", e["actual"], quote=False)
            if "note" in e:
                info["note_line"] = rec.kv(4, "note", e["note"])
            for ev in e.get("evidence", ()):
                rec.add(4, "evidence:")
                rec.add(6, f"- title: {q(ev['title'])}")
                rec.kv(8, "number", ev["number"])
                info["evidence_date_line"] = rec.kv(8, "date", ev["date"].isoformat(), quote=False)
                info["url_line"] = rec.kv(8, "url", ev["url"])
            rec.meta["entries"].append(info)
        self.files[rec.path] = rec
        self.report_count += 1

    # -- registers -----------------------------------------------------------

    def write_registers(self, rng: random.Random, p: Province) -> None:
        def source(rec: Rec, n: int, when: dt.date, info: dict) -> None:
            info["source_line"] = rec.add(4, "source:")
            rec.kv(6, "title", f"Thông báo số {n}/TB-VP ngày {when:%d/%m/%Y} của Văn phòng UBND tỉnh {p.name} (hư cấu)")
            rec.kv(6, "url", f"https://example.org/hu-cau/{p.slug}/thong-bao-{n}.html")
            info["source_date_line"] = rec.kv(6, "date", when.isoformat(), quote=False)

        def start(kind: str) -> Rec:
            rec = Rec(f"{p.slug}/registers/{kind}.yml", "register", meta={"province": p.index, "register": kind, "entries": []})
            rec.add(0, HEADER)
            rec.at["province"] = rec.kv(0, "province", p.name)
            rec.add(0, "entries:")
            return rec

        day = lambda: dt.date(rng.choice([2023, 2024]), rng.randint(1, 6), rng.randint(1, 28))  # noqa: E731
        rec = start("dia-chi-tiep-nhan-pakn")
        for n, (who, only_address) in enumerate([(f"Văn phòng UBND tỉnh {p.name}", False),
                                                 ("Trung tâm Phục vụ hành chính công tỉnh", True),
                                                 (f"UBND {p.agencies[-6].name.split('UBND ')[-1]}", rng.random() < 0.5)], 1):
            info = {"line": rec.add(2, f"- agency: {q(who)}")}
            info["address_line"] = rec.kv(4, "address", f"Số {rng.randint(1, 99)} đường Mẫu {n}, tỉnh {p.name} (hư cấu)")
            if not only_address:
                info["phone_line"] = rec.kv(4, "phone", f"0000 {rng.randint(100, 999)} {rng.randint(100, 999)}")
                info["email_line"] = rec.kv(4, "email", f"pakn{n}@example.org")
                rec.kv(4, "website", f"https://example.org/hu-cau/{p.slug}/pakn")
                info["hours_line"] = rec.kv(4, "hours", "Sáng 7h30 đến 11h30, chiều 13h30 đến 17h00 các ngày làm việc")
            info["only_address"] = only_address
            source(rec, rng.randint(1, 99), day(), info)
            rec.meta["entries"].append(info)
        self.files[rec.path] = rec

        rec = start("ket-qua-xu-ly-pakn")
        for n in range(1, rng.randint(2, 5)):
            received = rng.randint(10, 400)
            handled = rng.randint(0, received)
            info = {"line": rec.add(2, f"- period: {q(f'Quý {ROMAN[n - 1]}/2023')}")}
            info["received_line"] = rec.kv(4, "received", received, quote=False)
            info["handled_line"] = rec.kv(4, "handled", handled, quote=False)
            rec.kv(4, "on_time", rng.randint(0, handled), quote=False)
            source(rec, rng.randint(100, 199), dt.date(2023, 3 * n, 28), info)
            rec.meta["entries"].append(info)
        self.files[rec.path] = rec

        rec = start("danh-gia-766")
        for year in (2022, 2023):
            info = {"line": rec.add(2, f"- year: {year}")}
            rec.kv(4, "period", "Năm")
            info["agency_line"] = rec.kv(4, "agency", f"Tỉnh {p.name}")
            info["score_line"] = rec.kv(4, "score", round(rng.uniform(60, 95), 2), quote=False)
            info["rank_line"] = rec.kv(4, "rank", f"{rng.randint(1, 63)}/63")
            rec.add(4, "components:")
            for comp in ("Công khai, minh bạch", "Tiến độ giải quyết", "Dịch vụ trực tuyến"):
                rec.add(6, f"- name: {q(comp)}")
                rec.kv(8, "score", round(rng.uniform(5, 20), 1), quote=False)
            source(rec, rng.randint(200, 299), dt.date(year + 1, 2, 15), info)
            rec.meta["entries"].append(info)
        self.files[rec.path] = rec

        rec = start("xin-loi")
        for n in range(rng.randint(1, 4)):
            when = day()
            info = {"line": rec.add(2, f"- date: {when.isoformat()}")}
            info["agency_line"] = rec.kv(4, "agency", rng.choice(p.agencies[1:8]).name)
            info["procedure_line"] = rec.kv(4, "procedure", f"Cấp giấy phép mẫu số {rng.randint(1, 50)} (hư cấu)")
            rec.kv(4, "file_code", f"HS-{p.index:02d}-{rng.randint(1000, 9999)}")
            rec.kv(4, "reason", "Hồ sơ cần xác minh thêm (hư cấu).")
            rec.kv(4, "new_due", (when + dt.timedelta(days=7)).isoformat(), quote=False)
            source(rec, rng.randint(300, 399), when, info)
            rec.meta["entries"].append(info)
        self.files[rec.path] = rec

    # -- everything ------------------------------------------------------------

    def generate(self) -> None:
        base, extra = divmod(self.total, self.nprov)
        for i in range(1, self.nprov + 1):
            rng = random.Random(f"{self.seed}-{i}")
            name = f"Mẫu {i:02d}"
            ags = self.make_agencies(rng, i, name)
            p = Province(i, f"tinh-mau-{i:02d}", name, ags, {a.id: a for a in ags})
            self.provinces.append(p)
            self.write_agencies(p)
            budget = base + (1 if i <= extra else 0)
            sizes = []
            while budget > 0:
                size = rng.randint(*PLAN_SIZE)
                if budget - size < PLAN_SIZE[0] // 2:
                    size = budget
                sizes.append(size)
                budget -= size
            for k, size in enumerate(sizes, 1):
                self.write_plan(rng, p, k, size)
            self.write_registers(rng, p)

    def write(self, out: Path) -> None:
        for rec in self.files.values():
            target = out / rec.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if rec.raw is not None:
                target.write_bytes(rec.raw)
            else:
                target.write_text(rec.text(), "utf-8")


# ---------------------------------------------------------------------------
# Error injection
# ---------------------------------------------------------------------------

# Tiers: which mistakes can share a file without one hiding another. "load" stops the file at the
# first mistake; "schema" mistakes are all reported; "rules"/"resolve"/"semantic" run only when the
# schema passes (and, for a plan, resolving runs only when the rules pass).
MULTI = {"schema", "rules", "resolve", "semantic"}


@dataclass
class Kind:
    name: str
    target: str                 # plan | report | agencies | register | any | new
    tier: str
    expect: str
    apply: callable


class Injector:
    def __init__(self, s: Synth, rng: random.Random):
        self.s = s
        self.rng = rng
        self.reserved: list[int] = []     # lines a mistake relies on, that later ones must leave alone
        self.manifest: list[dict] = []
        self.plan_state: dict[str, str] = {}      # plan path → "clean" (locked) | "dirty"
        self.new_n = 0

    # -- helpers -------------------------------------------------------------

    def prov(self, rec: Rec) -> Province:
        return self.s.provinces[rec.meta["province"] - 1]

    def set_line(self, rec: Rec, line: int, text: str) -> None:
        rec.lines[line - 1] = text

    def replace_value(self, rec: Rec, line: int, value: str) -> None:
        old = rec.lines[line - 1]
        key = old.split(":", 1)[0]
        rec.lines[line - 1] = f"{key}: {value}"

    def rename_key(self, rec: Rec, line: int, new: str) -> None:
        old = rec.lines[line - 1]
        indent = len(old) - len(old.lstrip(" "))
        prefix = "- " if old.lstrip().startswith("- ") else ""
        rest = old.lstrip()[len(prefix):].split(":", 1)[1]
        rec.lines[line - 1] = " " * indent + prefix + new + ":" + rest

    def comment_out(self, rec: Rec, line: int) -> None:
        old = rec.lines[line - 1]
        indent = len(old) - len(old.lstrip(" "))
        rec.lines[line - 1] = " " * indent + "# (dòng này bị xoá để thử lỗi)"

    def tasks(self, rec: Rec) -> list[dict]:
        return [rec.meta["tasks"][t] for t in rec.meta["order"]]

    def new_path(self, stem: str) -> str:
        self.new_n += 1
        return f"{stem}{self.new_n}"

    # -- eligibility -----------------------------------------------------------

    def eligible(self, kind: Kind) -> list[Rec]:
        s = self.s
        types = ("plan", "report", "register") if kind.target == "any" else (kind.target,)
        out = []
        for rec in s.files.values():
            if rec.kind not in types or rec.raw is not None:
                continue
            if rec.tier is not None and (rec.tier != kind.tier or kind.tier not in MULTI or rec.meta.get("lock")):
                continue
            p = self.prov(rec)
            if rec.kind == "agencies":
                if p.registry == "ok":
                    continue
            elif rec.kind == "plan":
                if self.plan_state.get(rec.path) == "clean":
                    continue
                if kind.tier == "resolve" and p.registry == "broken":
                    continue
            elif rec.kind == "report":
                if kind.tier.startswith("semantic") and (p.registry == "broken" or self.plan_state.get(rec.meta["plan"]) == "dirty"
                                                or s.files[rec.meta["plan"]].tier is not None):
                    continue
            elif rec.kind == "register":
                if kind.tier == "province" and p.registry == "broken":
                    continue
            out.append(rec)
        return out

    def claim(self, rec: Rec, kind: Kind) -> None:
        p = self.prov(rec)
        rec.tier = kind.tier
        if rec.kind == "agencies":
            p.registry = "broken"
        elif rec.kind == "plan":
            self.plan_state[rec.path] = "dirty"
            if kind.tier == "resolve":
                p.registry = "ok"
        elif rec.kind == "report" and kind.tier.startswith("semantic"):
            self.plan_state[rec.meta["plan"]] = "clean"
            p.registry = "ok"
        elif rec.kind == "register" and kind.tier == "province":
            p.registry = "ok"
            rec.meta["lock"] = True

    def record(self, kind: Kind, where: Rec | str, line: int) -> None:
        # A file may be renamed by a later mistake: its final path is read at the end.
        self.manifest.append({"kind": kind.name, "file": where, "line": line, "expect": kind.expect})

    def inject(self, count: int) -> list[dict]:
        kinds = self.kinds()
        self.rng.shuffle(kinds)
        # Registry mistakes first: they need a province that no other mistake relies on yet.
        kinds.sort(key=lambda k: k.target != "agencies")
        placed, attempts = 0, 0
        while placed < count and attempts < count * 50:
            kind = kinds[attempts % len(kinds)]
            attempts += 1
            if kind.target == "new":
                line, path = kind.apply(None)
                if line:
                    self.record(kind, path, line)
                    placed += 1
                continue
            candidates = self.eligible(kind)
            if kind.target == "agencies":
                # Few broken registries: reuse a file that already carries this tier when there is one.
                same = [r for r in candidates if r.tier == kind.tier]
                candidates = same or candidates
            self.rng.shuffle(candidates)
            for rec in candidates[:40]:
                saved_lines, saved_path, saved_raw = list(rec.lines), rec.path, rec.raw
                self.reserved = []
                result = kind.apply(rec)
                touched = rec.meta.setdefault("touched", set())
                changed = {i + 1 for i, (a, b) in enumerate(zip(saved_lines, rec.lines)) if a != b}
                if rec.raw is not None and saved_raw is None and result:
                    changed.add(result)
                # Two mistakes on one line would hide one another: refuse, and undo.
                if result and not (changed & touched) and not (set(self.reserved) & touched - changed):
                    touched |= changed | {result} | set(self.reserved)
                    self.claim(rec, kind)
                    self.record(kind, rec, result)
                    placed += 1
                    break
                rec.lines, rec.raw = saved_lines, saved_raw
                if rec.path != saved_path:
                    del self.s.files[rec.path]
                    rec.path = saved_path
                    self.s.files[saved_path] = rec
        for entry in self.manifest:
            if isinstance(entry["file"], Rec):
                entry["file"] = entry["file"].path
        return self.manifest

    # -- the kinds ---------------------------------------------------------------

    def kinds(self) -> list[Kind]:
        K = Kind
        return [
            # Anything that stops a file from being read.
            K("bad_yaml", "any", "load", "(invalid YAML)", self.bad_yaml),
            K("duplicate_key", "any", "load", "(duplicate key)", self.duplicate_key),
            K("not_utf8", "any", "load", "(file is not UTF-8)", self.not_utf8),
            K("unsupported_tag", "any", "load", "(unsupported tag)", self.tag),
            K("merge_key", "any", "load", "merge keys", self.merge_key),
            K("empty_file", "report", "load", "(empty file)", self.empty),
            # Plan schema.
            K("plan_unknown_field", "plan", "schema", "(unknown field)", self.plan_unknown_field),
            K("plan_wrong_type", "plan", "schema", "(wrong type)", self.plan_wrong_type),
            K("plan_missing_required", "plan", "schema", "(missing required field)", self.plan_missing_required),
            K("plan_bad_enum", "plan", "schema", "(invalid value)", self.plan_bad_enum),
            K("plan_bad_task_id", "plan", "schema", "(invalid id)", self.plan_bad_id),
            K("plan_year_out_of_range", "plan", "schema", "(out of range)", self.plan_year),
            K("plan_empty_text", "plan", "schema", "(empty text)", self.plan_empty_title),
            # Plan rules.
            K("duplicate_task_id", "plan", "rules", "(duplicate task id)", self.duplicate_task_id),
            K("impossible_plan_date", "plan", "rules", "(impossible date)", self.impossible_plan_date),
            # Plan cells resolved against the registry and the time reader.
            K("unknown_agency_near_miss", "plan", "resolve", "(unknown agency)", self.unknown_agency_near),
            K("unknown_agency", "plan", "resolve", "(unknown agency)", self.unknown_agency),
            K("unreadable_time", "plan", "resolve", "(unreadable time)", self.unreadable_time),
            K("impossible_date_in_time", "plan", "resolve", "không có trong lịch", self.impossible_time),
            K("start_after_due", "plan", "resolve", "sau thời gian hoàn thành", self.start_after_due),
            K("plan_province_differs", "plan", "resolve", "(province differs)", self.plan_province),
            # Report schema.
            K("report_bad_state", "report", "schema", "(invalid value)", self.report_bad_state),
            K("report_percent_out_of_range", "report", "schema", "(out of range)", self.report_percent_range),
            K("report_wrong_type", "report", "schema", "(wrong type)", self.report_wrong_type),
            K("report_unknown_field", "report", "schema", "(unknown field)", self.report_unknown_field),
            K("report_missing_state", "report", "schema", "(missing required field)", self.report_missing_state),
            K("report_bad_url", "report", "schema", "(only http/https links)", self.report_bad_url),
            K("report_bad_date_format", "report", "schema", "(invalid date)", self.report_bad_date_format),
            # Report against its plan, registry and the as-of date.
            K("report_unknown_task", "report", "semantic", "(unknown task)", self.report_unknown_task),
            K("report_unassigned_agency", "report", "semantic", "(not assigned)", self.report_unassigned),
            K("report_done_without_completed", "report", "semantic", "(missing completed)", self.report_done_no_completed),
            K("report_completed_without_done", "report", "semantic", "(completed without done)", self.report_completed_not_done),
            K("report_date_after_as_of", "report", "semantic_solo", "(date after as-of)", self.report_after_as_of),
            K("report_impossible_date", "report", "semantic", "(impossible date)", self.report_impossible_date),
            K("report_completed_after_report", "report", "semantic", "(completed after report)", self.report_completed_late),
            K("report_evidence_after_report", "report", "semantic", "(evidence after report)", self.report_evidence_late),
            K("report_duplicate_entry", "report", "semantic", "(duplicate entry)", self.report_duplicate_entry),
            K("report_unknown_agency", "report", "semantic_solo", "(unknown agency)", self.report_unknown_agency),
            K("report_file_name", "report", "semantic", "(file name)", self.report_file_name),
            # Agency registry.
            K("agencies_unknown_field", "agencies", "schema", "(unknown field)", self.agencies_unknown_field),
            K("agencies_bad_kind", "agencies", "schema", "(invalid value)", self.agencies_bad_kind),
            K("agencies_members_on_non_group", "agencies", "schema", "members", self.agencies_members_non_group),
            K("agencies_duplicate_id", "agencies", "rules", "(duplicate agency id)", self.agencies_duplicate_id),
            K("agencies_name_twice", "agencies", "rules", "(name used twice)", self.agencies_name_twice),
            K("agencies_unknown_member", "agencies", "rules", "(unknown member)", self.agencies_unknown_member),
            K("agencies_nested_group", "agencies", "rules", "(nested group)", self.agencies_nested_group),
            # Registers.
            K("register_unknown_field", "register", "schema", "(unknown field)", self.register_unknown_field),
            K("register_wrong_type", "register", "schema", "(wrong type)", self.register_wrong_type),
            K("register_negative_count", "register", "schema", "(out of range)", self.register_negative),
            K("register_bad_email", "register", "schema", "(invalid e-mail)", self.register_bad_email),
            K("register_bad_link", "register", "schema", "(invalid link)", self.register_bad_link),
            K("register_missing_required", "register", "schema", "(missing required field)", self.register_missing),
            K("register_impossible_date", "register", "rules", "(impossible date)", self.register_impossible_date),
            K("register_nothing_to_publish", "register", "rules", "(nothing to publish)", self.register_nothing),
            K("register_province_differs", "register", "province", "(province differs)", self.register_province),
            # Files in the wrong place or with the wrong name.
            K("unknown_register", "new", "file", "(unknown register)", self.new_unknown_register),
            K("wrong_extension", "new", "file", "(wrong file extension)", self.new_yaml_extension),
            K("misplaced_file", "new", "file", "(unexpected data file)", self.new_misplaced),
            K("invalid_folder_name", "new", "file", "(invalid folder name)", self.new_bad_folder),
            K("reserved_folder_name", "new", "file", "(reserved folder name)", self.new_reserved_folder),
            K("report_without_plan", "new", "file", "(no plan)", self.new_orphan_report),
        ]

    # -- load tier ---------------------------------------------------------------

    def _quoted_lines(self, rec: Rec) -> list[int]:
        """Lines `key: "text"` outside block scalars, with the text free of ':' and '#'."""
        return [i + 1 for i, ln in enumerate(rec.lines)
                if re.match(r'^\s*(?:- )?[a-z_]+: "[^":#\\]+"$', ln)]

    def bad_yaml(self, rec: Rec):
        # The classic mistake: a text with ": " left unquoted.
        lines = self._quoted_lines(rec)
        if not lines:
            return None
        n = self.rng.choice(lines)
        key, value = rec.lines[n - 1].split(": ", 1)
        rec.lines[n - 1] = f"{key}: {value.strip(chr(34))}: bổ sung"
        return n

    def duplicate_key(self, rec: Rec):
        # A key written twice in one mapping: the second of two consecutive simple keys renamed to the first.
        for i in self.rng.sample(range(1, len(rec.lines)), len(rec.lines) - 1):
            a, b = rec.lines[i - 1], rec.lines[i]
            ma = re.match(r"^(\s*)(?:- )?([a-z_]+): \S", a)
            mb = re.match(r"^(\s*)([a-z_]+): \S", b)
            if ma and mb and len(ma.group(1)) + (2 if a.lstrip().startswith("- ") else 0) == len(mb.group(1)) \
                    and ma.group(2) != mb.group(2):
                rec.lines[i] = f"{mb.group(1)}{ma.group(2)}: {b.split(': ', 1)[1]}"
                return i + 1
        return None

    def not_utf8(self, rec: Rec):
        lines = [n for n in self._quoted_lines(rec) if any(ord(c) > 127 for c in rec.lines[n - 1])]
        if not lines:
            return None
        n = self.rng.choice(lines)
        line = rec.lines[n - 1]
        cut = next(i for i, c in enumerate(line) if ord(c) > 127)
        before = "\n".join(rec.lines[: n - 1] + [line[:cut]]).encode("utf-8")
        after = ("\n".join([line[cut + 1:]] + rec.lines[n:]) + "\n").encode("utf-8")
        rec.raw = before + b"\xe9" + after     # a Latin-1 "é" in place of one Vietnamese letter
        if rec.raw.count(b"\n") != len(rec.lines):
            return None
        try:
            rec.raw.decode("utf-8")
            return None
        except UnicodeDecodeError:
            return n

    def tag(self, rec: Rec):
        lines = self._quoted_lines(rec)
        if not lines:
            return None
        n = self.rng.choice(lines)
        key, value = rec.lines[n - 1].split(": ", 1)
        rec.lines[n - 1] = f"{key}: !vanban {value}"
        return n

    def merge_key(self, rec: Rec):
        lines = [n for n in self._quoted_lines(rec) if not rec.lines[n - 1].lstrip().startswith("- ")]
        if not lines:
            return None
        n = self.rng.choice(lines)
        indent = len(rec.lines[n - 1]) - len(rec.lines[n - 1].lstrip())
        rec.lines[n - 1] = " " * indent + "<<: {}"
        return n

    def empty(self, rec: Rec):
        rec.lines = [HEADER, "# (tệp này bị làm rỗng để thử lỗi)"]
        return 1

    # -- plan schema -------------------------------------------------------------

    def pick_task(self, rec: Rec, need=lambda t: True):
        tasks = [t for t in self.tasks(rec) if need(t)]
        return self.rng.choice(tasks) if tasks else None

    def plan_unknown_field(self, rec: Rec):
        t = self.pick_task(rec)
        if self.rng.random() < 0.7 and t:
            self.rename_key(rec, t["products_line"], "product")
            return t["products_line"]
        self.rename_key(rec, rec.at["issuer"], "isuer")
        return rec.at["issuer"]

    def plan_wrong_type(self, rec: Rec):
        t = self.pick_task(rec, lambda t: re.fullmatch(r"\d+(\.\d+)?", rec.lines[t["number_line"] - 1].split(": ")[1].strip('"')))
        if not t or self.rng.random() < 0.3:
            self.replace_value(rec, rec.at["year"], '"' + rec.lines[rec.at["year"] - 1].split(": ")[1] + '"')
            return rec.at["year"]
        self.replace_value(rec, t["number_line"], rec.lines[t["number_line"] - 1].split(": ")[1].strip('"'))
        return t["number_line"]

    def plan_missing_required(self, rec: Rec):
        if rec.lines[rec.at["source"] - 1].lstrip().startswith("#"):
            return None
        self.comment_out(rec, rec.at["source"])
        return rec.at["document"]

    def plan_bad_enum(self, rec: Rec):
        if "ke-hoach" in rec.lines[rec.at["type"] - 1]:
            return None
        self.replace_value(rec, rec.at["type"], "ke-hoach")
        return rec.at["type"]

    def plan_bad_id(self, rec: Rec):
        t = self.pick_task(rec)
        if not t:
            return None
        line = rec.lines[t["id_line"] - 1]
        if not re.search(r"- id: [a-z0-9-]+$", line):
            return None
        rec.lines[t["id_line"] - 1] = line.replace(f"- id: {t['id']}", f"- id: {t['id'].upper()}")
        return t["id_line"]

    def plan_year(self, rec: Rec):
        if not re.search(r"year: \d{4}$", rec.lines[rec.at["year"] - 1]):
            return None
        self.replace_value(rec, rec.at["year"], rec.lines[rec.at["year"] - 1][-2:])
        return rec.at["year"]

    def plan_empty_title(self, rec: Rec):
        t = self.pick_task(rec)
        if not t:
            return None
        self.replace_value(rec, t["title_line"], '""')
        return t["title_line"]

    # -- plan rules --------------------------------------------------------------

    def duplicate_task_id(self, rec: Rec):
        order = self.tasks(rec)
        if len(order) < 3:
            return None
        k = self.rng.randrange(1, len(order))
        first, t = order[self.rng.randrange(0, k)], order[k]
        line = rec.lines[t["id_line"] - 1]
        if not line.endswith(f"- id: {t['id']}") or first["id"] == t["id"]:
            return None
        rec.lines[t["id_line"] - 1] = line[: -len(t["id"])] + first["id"]
        self.reserved = [first["id_line"]]
        return t["id_line"]

    def impossible_plan_date(self, rec: Rec):
        line = rec.lines[rec.at["date"] - 1]
        m = re.search(r"date: (\d{4})-\d\d-\d\d$", line)
        if not m:
            return None
        year = int(m.group(1))
        bad = f"{year}-02-30" if self.rng.random() < 0.5 else f"{year}-04-31"
        self.replace_value(rec, rec.at["date"], bad)
        return rec.at["date"]

    # -- plan resolve --------------------------------------------------------------

    def _single_cell(self, rec: Rec, t: dict, field_: str) -> bool:
        return f"{field_}_line" in t and t.get(f"{field_}_single") and \
            rec.lines[t[f"{field_}_line"] - 1].lstrip().startswith(f"{field_}: \"")

    def unknown_agency_near(self, rec: Rec):
        t = self.pick_task(rec, lambda t: self._single_cell(rec, t, "lead") and "Sở Tư pháp" in t["lead_cell"]) \
            or self.pick_task(rec, lambda t: self._single_cell(rec, t, "lead") and "Sở " in t["lead_cell"])
        if not t:
            return None
        line = rec.lines[t["lead_line"] - 1]
        rec.lines[t["lead_line"] - 1] = line.replace("Sở Tư pháp", "Sở Tư phap", 1) if "Sở Tư pháp" in line \
            else re.sub(r"Sở (\w)", lambda m: "Sỏ " + m.group(1), line, count=1)
        return t["lead_line"]

    def unknown_agency(self, rec: Rec):
        t = self.pick_task(rec, lambda t: self._single_cell(rec, t, "coordinating"))
        if not t:
            return None
        line = rec.lines[t["coordinating_line"] - 1]
        value = json.loads(line.split(": ", 1)[1])
        self.replace_value(rec, t["coordinating_line"], q(value + "; Ban Quản lý dự án Sao Hỏa"))
        return t["coordinating_line"]

    def _time_task(self, rec: Rec, t: dict) -> bool:
        return t.get("due_single") and not t["cells"].get("free_text_time") and "start_line" not in t \
            and rec.lines[t["due_line"] - 1].lstrip().startswith('due: "')

    def unreadable_time(self, rec: Rec):
        t = self.pick_task(rec, lambda t: self._time_task(rec, t))
        if not t:
            return None
        y = rec.meta["year"]
        self.replace_value(rec, t["due_line"], q(self.rng.choice([f"Tháng 13/{y}", f"Quý V/{y}", f"Đầu năm {y}",
                                                                  "Trước tháng 6", "Giữa quý II", "Sớm nhất có thể"])))
        return t["due_line"]

    def impossible_time(self, rec: Rec):
        t = self.pick_task(rec, lambda t: self._time_task(rec, t))
        if not t:
            return None
        y = rec.meta["year"]
        self.replace_value(rec, t["due_line"], q(self.rng.choice([f"31/02/{y}", "30/02", f"Trước ngày 31/4/{y}"])))
        return t["due_line"]

    def start_after_due(self, rec: Rec):
        t = self.pick_task(rec, lambda t: self._time_task(rec, t))
        if not t:
            return None
        y = rec.meta["year"]
        # Insert nothing: the due line becomes a start line plus the due on the same mapping is not
        # possible without shifting lines, so the products line (always present) carries the start.
        products = rec.lines[t["products_line"] - 1]
        indent = len(products) - len(products.lstrip())
        if t["products_line"] != t["due_line"] + 1 and "free_text_time" not in rec.lines[t["due_line"]]:
            return None
        self.replace_value(rec, t["due_line"], q(f"Tháng 3/{y}"))
        rec.lines[t["products_line"] - 1] = " " * indent + f"start: {q(f'Tháng 11/{y}')}"
        return t["due_line"]

    def plan_province(self, rec: Rec):
        self.replace_value(rec, rec.at["province"], q("Mẫu 99"))
        return rec.at["province"]

    # -- report schema -----------------------------------------------------------

    def pick_entry(self, rec: Rec, need=lambda e: True):
        entries = [e for e in rec.meta["entries"] if need(e) and not e.get("touched")]
        if not entries:
            return None
        e = self.rng.choice(entries)
        e["touched"] = True
        return e

    def report_bad_state(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: not rec.lines[e["state_line"] - 1].lstrip().startswith("#"))
        if not e:
            return None
        self.replace_value(rec, e["state_line"], self.rng.choice(["xong", "finished", "dang_lam"]))
        return e["state_line"]

    def report_percent_range(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: "percent_line" in e and re.search(r"percent: \d+$", rec.lines[e["percent_line"] - 1]))
        if not e:
            return None
        self.replace_value(rec, e["percent_line"], str(self.rng.choice([150, 101, -5])))
        return e["percent_line"]

    def report_wrong_type(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: "percent_line" in e and re.search(r"percent: \d+$", rec.lines[e["percent_line"] - 1]))
        if not e:
            return None
        self.replace_value(rec, e["percent_line"], q(rec.lines[e["percent_line"] - 1].split(": ")[1] + "%"))
        return e["percent_line"]

    def report_unknown_field(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: "note_line" in e and rec.lines[e["note_line"] - 1].lstrip().startswith("note:"))
        if not e:
            return None
        self.rename_key(rec, e["note_line"], "notes")
        return e["note_line"]

    def report_missing_state(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: rec.lines[e["state_line"] - 1].lstrip().startswith("state:")
                            and rec.lines[e["task_line"] - 1].lstrip().startswith("- task:"))
        if not e:
            return None
        self.comment_out(rec, e["state_line"])
        return e["task_line"]

    def report_bad_url(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: "url_line" in e and rec.lines[e["url_line"] - 1].lstrip().startswith('url: "https'))
        if not e:
            return None
        self.replace_value(rec, e["url_line"], q("www.example.org/hu-cau/van-ban.pdf"))
        return e["url_line"]

    def report_bad_date_format(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: "completed_line" in e and re.search(r"completed: \d{4}-", rec.lines[e["completed_line"] - 1]))
        if not e:
            return None
        self.replace_value(rec, e["completed_line"], f"{e['completed']:%d/%m/%Y}")
        return e["completed_line"]

    # -- report semantics -----------------------------------------------------------

    def plan_tasks(self, rec: Rec) -> dict:
        return self.s.files[rec.meta["plan"]].meta["tasks"]

    def report_unknown_task(self, rec: Rec):
        e = self.pick_entry(rec)
        if not e:
            return None
        tasks = self.plan_tasks(rec)
        bad = e["task"] + "-9"
        if bad in tasks:
            return None
        rec.lines[e["task_line"] - 1] = rec.lines[e["task_line"] - 1].replace(f"task: {e['task']}", f"task: {bad}")
        return e["task_line"]

    def report_unassigned(self, rec: Rec):
        agency = rec.meta["agency"]
        taken = {e["task"] for e in rec.meta["entries"]}
        tasks = self.plan_tasks(rec)
        ags = self.prov(rec).by_id
        free = [tid for tid, t in tasks.items() if tid not in taken and agency not in t["reporters"]
                and agency not in t["assigned"] and not any(agency in ags[a].members for a in t["assigned"])]
        if not free:
            return None
        e = self.pick_entry(rec)
        if not e:
            return None
        rec.lines[e["task_line"] - 1] = rec.lines[e["task_line"] - 1].replace(f"task: {e['task']}", f"task: {self.rng.choice(free)}")
        return e["task_line"]

    def report_done_no_completed(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: e["state"] == "done" and "completed_line" in e)
        if not e:
            return None
        self.comment_out(rec, e["completed_line"])
        return e["state_line"]

    def report_completed_not_done(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: e["state"] != "done" and ("percent_line" in e or "note_line" in e))
        if not e:
            return None
        line = e.get("percent_line") or e["note_line"]
        indent = len(rec.lines[line - 1]) - len(rec.lines[line - 1].lstrip())
        rec.lines[line - 1] = " " * indent + f"completed: {rec.meta['date'].isoformat()}"
        return line

    def report_after_as_of(self, rec: Rec):
        folder, _ = rec.path.rsplit("/", 1)
        for day in range(1, 29):
            when = self.s.as_of + dt.timedelta(days=day)
            path = f"{folder}/{when.isoformat()}-{rec.meta['agency']}.yml"
            if path not in self.s.files:
                break
        self.replace_value(rec, rec.at["date"], when.isoformat())
        del self.s.files[rec.path]
        rec.path = path
        self.s.files[path] = rec
        return rec.at["date"]

    def report_impossible_date(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: "completed_line" in e and re.search(r"completed: \d{4}-", rec.lines[e["completed_line"] - 1]))
        if not e:
            return None
        self.replace_value(rec, e["completed_line"], f"{e['completed'].year}-02-30")
        return e["completed_line"]

    def report_completed_late(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: "completed_line" in e and re.search(r"completed: \d{4}-", rec.lines[e["completed_line"] - 1]))
        if not e:
            return None
        later = min(rec.meta["date"] + dt.timedelta(days=self.rng.randint(1, 20)), self.s.as_of)
        if later <= rec.meta["date"]:
            return None
        self.replace_value(rec, e["completed_line"], later.isoformat())
        return e["completed_line"]

    def report_evidence_late(self, rec: Rec):
        e = self.pick_entry(rec, lambda e: "evidence_date_line" in e)
        if not e or rec.meta["date"] >= self.s.as_of:
            return None
        later = min(rec.meta["date"] + dt.timedelta(days=self.rng.randint(1, 20)), self.s.as_of)
        self.replace_value(rec, e["evidence_date_line"], later.isoformat())
        return e["evidence_date_line"]

    def report_duplicate_entry(self, rec: Rec):
        free = [e for e in rec.meta["entries"] if not e.get("touched")]
        if len(free) < 2:
            return None
        a, b = sorted(self.rng.sample(free, 2), key=lambda e: e["task_line"])
        a["touched"] = b["touched"] = True
        self.reserved = [a["task_line"]]
        rec.lines[b["task_line"] - 1] = rec.lines[b["task_line"] - 1].replace(f"task: {b['task']}", f"task: {a['task']}")
        return b["task_line"]

    def report_unknown_agency(self, rec: Rec):
        agency = rec.meta["agency"] + "-x"
        folder, _ = rec.path.rsplit("/", 1)
        path = f"{folder}/{rec.meta['date'].isoformat()}-{agency}.yml"
        if path in self.s.files:
            return None
        self.replace_value(rec, rec.at["agency"], agency)
        del self.s.files[rec.path]
        rec.path = path
        self.s.files[path] = rec
        return rec.at["agency"]

    def report_file_name(self, rec: Rec):
        folder, name = rec.path.rsplit("/", 1)
        path = f"{folder}/{name[:-4]}-2.yml"
        if path in self.s.files:
            return None
        del self.s.files[rec.path]
        rec.path = path
        self.s.files[path] = rec
        return rec.at["date"]

    # -- agencies --------------------------------------------------------------

    def pick_agency(self, rec: Rec, need):
        found = [a for a in rec.meta["agencies"] if need(a) and not a.get("touched")]
        if not found:
            return None
        a = self.rng.choice(found)
        a["touched"] = True
        return a

    def agencies_unknown_field(self, rec: Rec):
        a = self.pick_agency(rec, lambda a: "aliases_line" in a)
        if not a:
            return None
        self.rename_key(rec, a["aliases_line"], "alias")
        return a["aliases_line"]

    def agencies_bad_kind(self, rec: Rec):
        a = self.pick_agency(rec, lambda a: a["kind"] == "department")
        if not a:
            return None
        self.replace_value(rec, a["kind_line"], "so")
        return a["kind_line"]

    def agencies_members_non_group(self, rec: Rec):
        a = self.pick_agency(rec, lambda a: a["kind"] != "group" and len(a.get("alias_lines", ())) == 1)
        if not a:
            return None
        self.rename_key(rec, a["aliases_line"], "members")
        indent = len(rec.lines[a["alias_lines"][0] - 1]) - len(rec.lines[a["alias_lines"][0] - 1].lstrip())
        rec.lines[a["alias_lines"][0] - 1] = " " * indent + "- so-tu-phap"
        return a["aliases_line"]

    def agencies_duplicate_id(self, rec: Rec):
        ags = rec.meta["agencies"]
        communes = [b for b in ags if b["kind"] == "commune_committee"]
        other = communes[0]     # the later of two equal ids is the one reported
        a = self.pick_agency(rec, lambda a: a in communes[1:])
        if not a:
            return None
        rec.lines[a["id_line"] - 1] = rec.lines[a["id_line"] - 1].replace(f"- id: {a['id']}", f"- id: {other['id']}")
        self.reserved = [other["id_line"]]
        return a["id_line"]

    def agencies_name_twice(self, rec: Rec):
        a = self.pick_agency(rec, lambda a: "alias_lines" in a and a["kind"] != "group")
        if not a:
            return None
        ags = rec.meta["agencies"]
        # The second of two equal spellings is the one reported: copy a name from earlier in the file.
        other = next((b for b in ags[: ags.index(a)] if b["kind"] == "department"), None)
        if other is None:
            return None
        name = rec.lines[other["name_line"] - 1].split(": ", 1)[1]
        line = a["alias_lines"][0]
        indent = len(rec.lines[line - 1]) - len(rec.lines[line - 1].lstrip())
        rec.lines[line - 1] = " " * indent + f"- {name}"
        self.reserved = [other["name_line"]]
        return line

    def agencies_unknown_member(self, rec: Rec):
        a = self.pick_agency(rec, lambda a: len(a.get("member_lines", ())) >= 2)
        if not a:
            return None
        line = a["member_lines"][-1]
        indent = len(rec.lines[line - 1]) - len(rec.lines[line - 1].lstrip())
        rec.lines[line - 1] = " " * indent + "- so-khong-co-that"
        return line

    def agencies_nested_group(self, rec: Rec):
        a = self.pick_agency(rec, lambda a: len(a.get("member_lines", ())) >= 2)
        if not a:
            return None
        line = a["member_lines"][0]
        indent = len(rec.lines[line - 1]) - len(rec.lines[line - 1].lstrip())
        rec.lines[line - 1] = " " * indent + "- co-quan-lien-quan"
        self.reserved = [next(b for b in rec.meta["agencies"] if b["id"] == "co-quan-lien-quan")["kind_line"]]
        return line

    # -- registers -------------------------------------------------------------

    def reg_entry(self, rec: Rec, kind: str | None, need=lambda e: True):
        if kind and rec.meta["register"] != kind:
            return None
        found = [e for e in rec.meta["entries"] if need(e) and not e.get("touched")]
        if not found:
            return None
        e = self.rng.choice(found)
        e["touched"] = True
        return e

    def register_unknown_field(self, rec: Rec):
        e = self.reg_entry(rec, None)
        if not e:
            return None
        self.rename_key(rec, e["source_line"], "sourse")
        return e["source_line"]

    def register_wrong_type(self, rec: Rec):
        e = self.reg_entry(rec, "ket-qua-xu-ly-pakn")
        if not e:
            return None
        self.replace_value(rec, e["received_line"], q(rec.lines[e["received_line"] - 1].split(": ")[1] + " phản ánh"))
        return e["received_line"]

    def register_negative(self, rec: Rec):
        e = self.reg_entry(rec, "ket-qua-xu-ly-pakn")
        if not e:
            return None
        self.replace_value(rec, e["handled_line"], "-" + rec.lines[e["handled_line"] - 1].split(": ")[1])
        return e["handled_line"]

    def register_bad_email(self, rec: Rec):
        e = self.reg_entry(rec, "dia-chi-tiep-nhan-pakn", lambda e: "email_line" in e)
        if not e:
            return None
        self.replace_value(rec, e["email_line"], q("pakn tại example.org"))
        return e["email_line"]

    def register_bad_link(self, rec: Rec):
        e = self.reg_entry(rec, None)
        if not e:
            return None
        line = e["source_line"] + 2     # source: / title / url
        if "url:" not in rec.lines[line - 1]:
            return None
        self.replace_value(rec, line, q("example.org/hu-cau/thong-bao.html"))
        return line

    def register_missing(self, rec: Rec):
        e = self.reg_entry(rec, "xin-loi")
        if not e:
            return None
        self.comment_out(rec, e["procedure_line"])
        return e["line"]

    def register_impossible_date(self, rec: Rec):
        e = self.reg_entry(rec, None)
        if not e:
            return None
        line = e["source_date_line"]
        year = rec.lines[line - 1].split(": ")[1][:4]
        self.replace_value(rec, line, f"{year}-02-30")
        return line

    def register_nothing(self, rec: Rec):
        e = self.reg_entry(rec, "dia-chi-tiep-nhan-pakn", lambda e: e["only_address"])
        if not e:
            return None
        self.comment_out(rec, e["address_line"])
        return e["line"]

    def register_province(self, rec: Rec):
        self.replace_value(rec, rec.at["province"], q("Mẫu 99"))
        return rec.at["province"]

    # -- new files -------------------------------------------------------------

    def some_province(self) -> Province:
        return self.rng.choice(self.s.provinces)

    def add_new(self, path: str, lines: list[str]) -> None:
        rec = Rec(path, "new", lines=lines, tier="file")
        self.s.files[path] = rec

    def _small_report(self, agency: str = "so-tu-phap") -> list[str]:
        return [HEADER, "date: 2024-01-15", f"agency: {agency}", "entries:", "  - task: i-1", "    state: in_progress"]

    def new_unknown_register(self, _):
        p = self.some_province()
        path = f"{p.slug}/registers/{self.new_path('xin-loi-nguoi-dan-')}.yml"
        self.add_new(path, [HEADER, f"province: {q(p.name)}", "entries: []"])
        return 1, path

    def new_yaml_extension(self, _):
        p = self.some_province()
        plan = self.rng.choice(p.plans).rsplit("/", 1)[0]
        path = f"{plan}/progress/2024-01-{self.new_n % 28 + 1:02d}-so-tu-phap-{self.new_path('b')}.yaml"
        self.add_new(path, self._small_report())
        return 1, path

    def new_misplaced(self, _):
        p = self.some_province()
        path = f"{p.slug}/{self.new_path('ghi-chu-')}.yml"
        self.add_new(path, [HEADER, "ghi_chu: \"tệp đặt nhầm chỗ\""])
        return 1, path

    def new_bad_folder(self, _):
        p = self.some_province()
        path = f"{p.slug}/Ke Hoach {self.new_path('')}/plan.yml"
        self.add_new(path, [HEADER, "document: {}"])
        return 1, path

    def new_reserved_folder(self, _):
        p = self.some_province()
        reserved = ["han", "co-quan", "tien-do", "cham-muon", "so-cong-khai", "lich"]
        for name in self.rng.sample(reserved, len(reserved)):
            path = f"{p.slug}/{name}/plan.yml"
            if path not in self.s.files:
                self.add_new(path, [HEADER, "document: {}"])
                return 1, path
        return None, None

    def new_orphan_report(self, _):
        p = self.some_province()
        path = f"{p.slug}/{self.new_path('2023-ke-hoach-da-xoa-')}/progress/2024-01-15-so-tu-phap.yml"
        self.add_new(path, self._small_report())
        return 1, path


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def generate(out: Path, tasks: int, seed: int = 1, errors: int = 0, as_of: dt.date = AS_OF,
             provinces: int | None = None) -> dict:
    """Write the tree into `out` (emptied first); return counts, and the manifest when errors > 0."""
    out = Path(out)
    repo_plans = (Path(__file__).resolve().parent.parent / "plans").resolve()
    resolved = out.resolve()
    if resolved == repo_plans or repo_plans in resolved.parents:
        raise SystemExit("synth.py: refusing to write into the real plans/ folder")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    s = Synth(tasks, seed, as_of, provinces)
    s.generate()
    manifest: list[dict] = []
    if errors:
        manifest = Injector(s, random.Random(f"errors-{seed}")).inject(errors)
        (out / "errors.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")
    s.write(out)
    return {"provinces": len(s.provinces), "plans": sum(len(p.plans) for p in s.provinces), "tasks": s.task_count,
            "reports": s.report_count, "files": len(s.files), "errors": manifest}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tasks", type=int, required=True, help="number of tasks (sub-tasks included)")
    ap.add_argument("--out", type=Path, required=True, help="folder to write the plans/-like tree into (emptied first)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--errors", type=int, default=0, help="inject this many mistakes and write errors.json")
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=AS_OF, help="no report is dated after this (YYYY-MM-DD)")
    ap.add_argument("--provinces", type=int, default=None, help="override the number of provinces (1–63)")
    args = ap.parse_args(argv)
    info = generate(args.out, args.tasks, args.seed, args.errors, args.as_of, args.provinces)
    kinds = sorted({e["kind"] for e in info["errors"]})
    print(f"{info['provinces']} tỉnh, {info['plans']} kế hoạch, {info['tasks']} nhiệm vụ, {info['reports']} báo cáo, "
          f"{info['files']} tệp → {args.out}" + (f"; {len(info['errors'])} lỗi ({len(kinds)} loại) → errors.json" if args.errors else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
