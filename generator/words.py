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
