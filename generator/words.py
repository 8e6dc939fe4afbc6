"""Every Vietnamese word the site shows, in one place (templates read them as `w.<name>`)."""
from __future__ import annotations

SITE_NAME = "Công khai kế hoạch"
NOT_STATED = "không nêu trong kế hoạch"

DOCUMENT_TYPES = {
    "plan": "Kế hoạch",
    "decision": "Quyết định ban hành kèm theo Kế hoạch",
    "appendix": "Phụ lục kế hoạch",
}

FIELDS = {
    "number": "Số TT",
    "title": "Tên nhiệm vụ",
    "lead": "Đơn vị chủ trì",
    "coordinating": "Đơn vị phối hợp",
    "start": "Thời gian bắt đầu",
    "due": "Thời gian hoàn thành",
    "products": "Sản phẩm dự kiến",
    "targets": "Chỉ tiêu",
    "section": "Nhóm nhiệm vụ",
    "plan": "Thuộc kế hoạch",
    "parent": "Thuộc nhiệm vụ",
    "subtasks": "Các nội dung cụ thể",
    "source": "Văn bản nguồn",
    "time": "Thời gian",
}

DOC_FIELDS = {
    "type": "Loại văn bản",
    "number": "Số văn bản",
    "issuer": "Cơ quan ban hành",
    "province": "Tỉnh",
    "place_date": "Địa danh, ngày tháng",
    "year": "Năm kế hoạch",
    "signature": "Người ký",
    "source": "Tệp nguồn",
    "tasks": "Số nhiệm vụ",
    "unnumbered": "chưa ghi số (dự thảo hoặc bản chưa có số)",
    "date_unknown": "văn bản không ghi đủ ngày ký",
}

HEADINGS = {
    "document": "Thông tin văn bản",
    "decision": "Quyết định ban hành",
    "legal_bases": "Căn cứ",
    "preamble": "Mở đầu",
    "purposes_requirements": "Mục đích, yêu cầu",
    "purposes": "Mục đích",
    "requirements": "Yêu cầu",
    "content": "Nội dung kế hoạch",
    "implementation": "Tổ chức thực hiện",
    "recipients": "Nơi nhận",
    "tasks": "Bảng nhiệm vụ",
    "tasks_from_content": "Nhiệm vụ (theo phần Nội dung kế hoạch)",
    "missing_appendices": "Phụ lục không có trong văn bản nguồn",
    "plans": "Các kế hoạch",
    "details": "Chi tiết nhiệm vụ",
    "progress": "Tiến độ",
    "timeline": "Thời gian thực hiện",
    "agencies": "Cơ quan được giao nhiệm vụ",
}

TEXT = {
    "home_intro": (
        "Trang này công bố các kế hoạch của Ủy ban nhân dân các tỉnh về kiểm soát thủ tục hành chính "
        "và cơ chế một cửa, một cửa liên thông: mỗi nhiệm vụ, cơ quan chủ trì, cơ quan phối hợp, "
        "thời hạn và sản phẩm dự kiến, đúng như văn bản gốc. Mỗi nhiệm vụ có một đường dẫn cố định để chia sẻ."
    ),
    "home_how": "Chọn một kế hoạch để xem toàn văn và bảng nhiệm vụ; chọn một nhiệm vụ để xem chi tiết.",
    "missing_appendix_note": (
        "Văn bản có nhắc đến phụ lục này, nhưng phụ lục không nằm trong văn bản nguồn được công bố, "
        "nên trang này không có nội dung của nó."
    ),
    "no_progress": "Chưa có báo cáo tiến độ cho nhiệm vụ này.",
    "tasks_count": "nhiệm vụ",
    "in_province": "{title} — Tỉnh {province}",   # a long list's page for one province
    "open_task": "Xem chi tiết nhiệm vụ",
    "untitled_row": "Dòng {position} của nhiệm vụ {parent} (ô tên nhiệm vụ để trống trong bảng)",
    "untitled_task": "Nhiệm vụ {number} (ô tên nhiệm vụ để trống trong bảng)",
    "permalink": "Đường dẫn cố định của nhiệm vụ này",
    "fidelity": "Nội dung được chép đúng như văn bản gốc, kể cả lỗi chính tả; ô trống trong bảng được ghi là “không nêu trong kế hoạch”.",
    "section_untitled": "Các nhiệm vụ",
    "back_to_plan": "Về kế hoạch",
    "issued_with": "Ban hành kèm theo",
    "section_label": "Nhóm",
    "province_plans": "Các kế hoạch của tỉnh {name}",
    "breadcrumb": "Vị trí trong trang",
    "home": "Trang chủ",
}

# Deadline states: facts about the deadline as written, as of a date — never progress.
STATES = {
    "upcoming": "Sắp đến hạn",
    "past": "Đã qua hạn ghi trong kế hoạch",
    "ongoing": "Thường xuyên",
    "recurring": "Định kỳ",
    "conditional": "Khi có điều kiện",
    "free_text": "Thời gian ghi bằng lời",
    "none": "Không nêu thời gian",
}
STATE_HELP = {
    "upcoming": "còn ít nhất một hạn từ ngày tính trở đi",
    "past": "mọi hạn ghi trong kế hoạch đã qua (xem tình trạng ở phần Tiến độ)",
    "ongoing": "làm thường xuyên, không có hạn chót",
    "recurring": "lặp lại theo kỳ (hằng năm, hằng quý, 6 tháng/lần…)",
    "conditional": "làm khi có sự kiện (ngay sau khi…, theo quy định, theo chỉ đạo…)",
    "free_text": "văn bản ghi thời gian bằng lời, không đọc thành ngày",
    "none": "kế hoạch không ghi thời gian cho nhiệm vụ này",
}

AGENCY_KINDS = {
    "office": "Văn phòng",
    "department": "Sở, ngành",
    "centre": "Trung tâm",
    "police": "Công an",
    "press": "Báo chí, phát thanh, truyền hình",
    "court_procuracy": "Tòa án, Viện kiểm sát",
    "district_committee": "UBND cấp huyện",
    "commune_committee": "UBND cấp xã",
    "unit": "Đơn vị",
    "agency": "Cơ quan",
    "group": "Nhóm cơ quan",
}

ROLES = {"lead": "Chủ trì", "coordinating": "Phối hợp"}

AGENCY = {
    "index_title": "Cơ quan được giao nhiệm vụ — tỉnh {name}",
    "index_intro": "Mỗi cơ quan, đơn vị và nhóm cơ quan mà các kế hoạch của tỉnh giao nhiệm vụ, với số nhiệm vụ chủ trì, phối hợp và theo thời hạn (tính đến ngày {as_of}).",
    "lead": "Nhiệm vụ chủ trì",
    "coordinating": "Nhiệm vụ phối hợp",
    "via_group": "Nhiệm vụ giao cho nhóm có cơ quan này",
    "via_group_help": "Kế hoạch giao cho cả nhóm (ví dụ “Các Sở, ban, ngành”), trong đó có cơ quan này.",
    "none": "Không có nhiệm vụ nào.",
    "aliases": "Cách viết khác trong văn bản",
    "member_of": "Thuộc nhóm",
    "members": "Các cơ quan trong nhóm",
    "members_unknown": "Văn bản không liệt kê các cơ quan trong nhóm này.",
    "kind": "Loại",
    "count_lead": "Chủ trì",
    "count_coordinating": "Phối hợp",
    "count_group": "Qua nhóm",
    "name": "Cơ quan",
    "sorted": "Sắp xếp: hạn sắp tới trước, rồi các hạn đã qua, rồi nhiệm vụ không có hạn cố định.",
    "cell_as_written": "nguyên văn",
}

DEADLINES = {
    "hub_title": "Thời hạn các nhiệm vụ",
    "hub_intro": "Các nhiệm vụ theo năm, quý, tháng đến hạn, trên mọi kế hoạch. Một nhiệm vụ có nhiều hạn hoặc nhiều mốc được liệt kê ở từng kỳ. Tính đến ngày {as_of}.",
    "year_title": "Nhiệm vụ đến hạn năm {year}",
    "quarter_title": "Nhiệm vụ đến hạn quý {roman}/{year}",
    "month_title": "Nhiệm vụ đến hạn tháng {month}/{year}",
    "by_kind": "Nhiệm vụ không có hạn cố định",
    "by_year": "Theo năm",
    "quarters": "Các quý",
    "months": "Các tháng",
    "due_date": "Hạn (cách hiểu)",
    "as_written": "Thời gian (nguyên văn)",
    "none": "Không có nhiệm vụ nào đến hạn trong kỳ này.",
    "reading": "Cách hiểu thời gian",
    "milestone": "Mốc",
    "repeats": "Lặp lại",
    "starts": "Bắt đầu",
    "due_on": "Hạn",
    "ongoing_note": "Thực hiện thường xuyên",
    "conditional_note": "Thực hiện khi có điều kiện; không có ngày cố định",
    "free_text_note": "Thời gian ghi bằng lời; không đọc thành ngày",
    "none_note": "Kế hoạch không ghi thời gian",
    "state": "Hạn theo kế hoạch",
    "as_of": "tính đến ngày {as_of}",
}

CALENDAR = {
    "subscribe": "Lịch (iCalendar)",
    "how": "Tải tệp .ics để thêm các hạn này vào lịch của bạn, hoặc sao chép đường dẫn và chọn “Thêm lịch từ URL” (Google Calendar: Cài đặt → Thêm lịch → Từ URL; iPhone: Cài đặt → Lịch → Tài khoản → Thêm lịch đã đăng ký). Lịch tự cập nhật khi kế hoạch thay đổi.",
    "all": "Tất cả các hạn",
    "too_large": "Không có một tệp lịch chung cho cả {count} nhiệm vụ (quá lớn để ứng dụng lịch theo dõi): hãy dùng lịch của từng kế hoạch hoặc từng cơ quan, ở mục “Lịch (iCalendar)” trên trang của kế hoạch, của cơ quan.",
}

RRULE_WORDS = {"YEARLY": "hằng năm", "MONTHLY": "hằng tháng", "WEEKLY": "hằng tuần", "DAILY": "hằng ngày"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# Status as of a date (Văn phòng Chính phủ's four categories, and the cases kept apart).
STATUS = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "open_on_time": "Chưa hoàn thành (trong hạn)",
    "open_overdue": "Chưa hoàn thành, quá hạn",
    "no_report": "Chưa có báo cáo",
    "cancelled": "Không thực hiện",
    "apart": "Không có hạn cố định",
}
STATUS_ICONS = {
    "done_on_time": "✔", "done_late": "✔!", "open_on_time": "◷", "open_overdue": "⚠",
    "no_report": "○", "cancelled": "✕", "apart": "↻",
}
REPORT_STATES = {
    "not_started": "Chưa bắt đầu",
    "in_progress": "Đang thực hiện",
    "done": "Đã hoàn thành",
    "paused": "Tạm dừng",
    "cancelled": "Không thực hiện",
}
PROGRESS = {
    "status": "Tình trạng",
    "as_of": "tính đến ngày {as_of}",
    "due": "Hạn chót",
    "no_reports": "Chưa có báo cáo tiến độ cho nhiệm vụ này.",
    "reports": "Các báo cáo tiến độ",
    "report_date": "Ngày báo cáo",
    "reporter": "Cơ quan báo cáo",
    "state": "Trạng thái báo cáo",
    "completed": "Ngày hoàn thành",
    "percent": "Khối lượng",
    "actual": "Kết quả so với chỉ tiêu",
    "note": "Ghi chú",
    "evidence": "Văn bản, sản phẩm",
    "periods": "Báo cáo theo từng kỳ",
    "period_due": "Hạn của kỳ",
    "period_report": "Báo cáo trong kỳ",
    "period_missing": "chưa có báo cáo trong kỳ",
    "history": "Lịch sử cập nhật",
    "history_help": "Các lần thay đổi tệp dữ liệu của kế hoạch và các báo cáo về nhiệm vụ này, theo git.",
    "history_none": "Không có lịch sử thay đổi (dữ liệu không nằm trong kho git).",
    "summary": "Tiến độ",
    "summary_help": "Số nhiệm vụ có hạn cố định theo tình trạng, {as_of}. Nhiệm vụ thường xuyên, định kỳ hoặc khi có điều kiện được tính riêng.",
    "category": "Tình trạng",
    "count": "Số nhiệm vụ",
    "share": "Tỷ lệ",
    "by_section": "Theo nhóm nhiệm vụ",
    "by_lead": "Theo đơn vị chủ trì",
    "chart_title": "Biểu đồ số nhiệm vụ theo tình trạng",
    "ranking": "So sánh các cơ quan",
    "by_province": "So sánh các tỉnh",
    "by_province_help": "Có quá nhiều cơ quan để so sánh trên một trang: chọn một tỉnh để so sánh các cơ quan của tỉnh đó. Số liệu là mọi nhiệm vụ của các kế hoạch trong tỉnh.",
    "province": "Tỉnh",
    "province_title": "Tiến độ thực hiện — tỉnh {province}",
    "ranking_help": "Nhiệm vụ cơ quan chủ trì, có hạn cố định. Tỷ lệ đúng hạn = hoàn thành đúng hạn / số đã hoàn thành. Sắp xếp: nhiều nhiệm vụ quá hạn trước.",
    "on_time_rate": "Tỷ lệ đúng hạn",
    "overdue": "Quá hạn",
    "hub_title": "Tiến độ thực hiện các kế hoạch",
    "overdue_title": "Danh sách nhiệm vụ chậm tiến độ",
    "overdue_month_title": "Danh sách nhiệm vụ chậm tiến độ — tháng {month}/{year}",
    "overdue_help": "Nhiệm vụ mà báo cáo mới nhất cho biết chưa hoàn thành, khi đã qua hạn chót, theo đơn vị chủ trì; {as_of}.",
    "overdue_none": "Không có nhiệm vụ nào được báo cáo là chưa hoàn thành sau hạn chót.",
    "unreported_past": "Đã qua hạn chót nhưng chưa có báo cáo",
    "unreported_help": "Các nhiệm vụ này đã qua hạn chót ghi trong kế hoạch; chưa có báo cáo nên trang không biết đã hoàn thành hay chưa.",
    "snapshots": "Danh sách theo từng tháng",
    "snapshot_help": "Mỗi tháng có một trang cố định, tính đến ngày cuối tháng (tháng hiện tại: đến ngày tính).",
    "days_late": "Số ngày quá hạn",
    "feed": "Theo dõi (Atom)",
    "feed_newest": "tối đa {count} tin mới nhất; nguồn tin của từng kế hoạch, từng cơ quan có đủ mọi tin; mọi báo cáo có trong dữ liệu mở",
}
