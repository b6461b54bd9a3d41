#!/usr/bin/env python3
"""Writes the demo site of examples/demo/: INVENTED reports (content/bao-cao/) on invented
plans, to show the progress dashboards, pictures, overdue / due-soon marks and the periods a
body has not reported on. Nothing here is real data; the site title says so. The body registry and the directives are copies of the
shipped content/, so names resolve as on the real site.

Deterministic: the same script writes the same files. Run from anywhere:
    python3 examples/demo/make_demo.py
"""
import datetime as dt
import pathlib
import shutil

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
AS_OF = dt.date(2026, 11, 20)

LEADS = ["Sở Tài chính", "Sở Nội vụ", "Sở Xây dựng", "Sở Y tế", "Sở Giáo dục và Đào tạo",
         "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ"]
STATUSES = ["done", "in-progress", "not-started", None, "cancelled"]


class Lcg:
    """A tiny fixed generator, so the demo does not change between Python versions."""

    def __init__(self, seed):
        self.x = seed

    def next(self, n):
        self.x = (self.x * 1103515245 + 12345) % (1 << 31)
        return self.x % n


def vn(d):
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def task_yaml(t):
    out = [f"  - id: {q(t['id'])}"]
    if t.get("group"):
        out.append(f"    group: {q(t['group'])}")
    out.append(f"    title: {q(t['title'])}")
    out.append(f"    lead: {q(t['lead'])}")
    if t.get("support"):
        out.append("    support: [" + ", ".join(q(s) for s in t["support"]) + "]")
    if t.get("outputs"):
        out.append("    outputs: [" + ", ".join(q(s) for s in t["outputs"]) + "]")
    out.append(f"    deadline: {q(t['deadline'])}")
    if t.get("implements"):
        out.append(f"    implements: {q(t['implements'])}")
    return "\n".join(out)


# What the lead bodies report, by (body, report date): the task references and what is said.
REPORTS = {}

ROMAN = ["I", "II", "III", "IV"]


def report_on(number, t):
    """Puts what is (invented to be) known of task `t` of plan `number` in the reports of its
    lead: one entry per progress note, dated as the note, or one report of 5 October on the
    third quarter when it has a status and no note."""
    if not t.get("status"):
        return
    notes = t.get("progress") or [(dt.date(2026, 10, 5), "")]
    for d, note in notes:
        REPORTS.setdefault((t["lead"], d), []).append((f"{number}#{t['id']}", t["status"], note))


def period_of(d):
    """The period a report of date d covers: the month for the monthly reports of the 28th,
    else the quarter that ended last (30 June covers the second quarter, 5 October and 15
    August the third and the second)."""
    if d.day == 28:
        return f"Tháng {d.month}/{d.year}"
    start = dt.date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    next_start = dt.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    end = d if d == next_start - dt.timedelta(days=1) else start - dt.timedelta(days=1)
    return f"Quý {ROMAN[(end.month - 1) // 3]}/{end.year}"


def write_reports():
    bodies = {}
    for (lead, d), entries in sorted(REPORTS.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        n = bodies.setdefault(lead, len(bodies) + 1)
        period = period_of(d)
        text = "---\n"
        text += f"title: {q('Báo cáo minh họa kết quả thực hiện nhiệm vụ ' + period[0].lower() + period[1:] + ' (dữ liệu bịa ra)')}\n"
        text += f"issuer: {q(lead)}\ndate: {d.isoformat()}\nperiod: {q(period)}\n"
        text += "reports_on: [" + ", ".join(q(x) for x in sorted({e[0].split('#')[0] for e in entries})) + "]\n"
        text += "tasks:\n"
        for task, status, note in entries:
            text += f"  - task: {q(task)}\n    status: {status}\n"
            if note:
                text += f"    note: {q(note)}\n"
        text += "---\n**Dữ liệu minh họa.** Báo cáo này không có thật.\n"
        p = HERE / "content" / "bao-cao" / str(d.year) / f"bc-{n:02d}-{d.isoformat()}.md"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def plan(path, number, title, issuer, date, implements, tasks, body, reporting=None):
    text = "---\n"
    text += f"number: {q(number)}\ntitle: {q(title)}\ntype: \"Kế hoạch\"\nissuer: {issuer}\n"
    text += f"date: {date.isoformat()}\nimplements: [" + ", ".join(q(i) for i in implements) + "]\n"
    if reporting:
        text += "reporting: [" + ", ".join(q(r) for r in reporting) + "]\n"
    text += "tasks:\n" + "\n".join(task_yaml(t) for t in tasks) + "\n---\n" + body
    p = HERE / "content" / "plans" / path
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    for t in tasks:
        report_on(number, t)


def edges():
    """Tasks at the edges of each deadline form, around AS_OF (20/11/2026)."""
    yesterday = AS_OF - dt.timedelta(days=1)
    in30 = AS_OF + dt.timedelta(days=30)
    in31 = AS_OF + dt.timedelta(days=31)
    cases = [
        ("Hết hạn hôm qua, đang thực hiện: quá hạn", f"Trước {vn(yesterday)}", "in-progress"),
        ("Hết hạn hôm nay: sắp đến hạn", f"Trước {vn(AS_OF)}", "in-progress"),
        ("Hết hạn sau 30 ngày: sắp đến hạn", f"Trước {vn(in30)}", "not-started"),
        ("Hết hạn sau 31 ngày: chưa sắp đến hạn", f"Trước {vn(in31)}", None),
        ("Quý III/2026 đã hết, chưa có báo cáo: quá hạn", "Quý III/2026", None),
        ("Quý IV/2026, kết thúc 31/12/2026: chưa sắp đến hạn", "Quý IV/2026", "in-progress"),
        ("Tháng 10-11/2026, kết thúc 30/11/2026: sắp đến hạn", "Tháng 10-11/2026", "in-progress"),
        ("Tháng 4-5/2026 đã hết nhưng hoàn thành: không quá hạn", "Tháng 4-5/2026", "done"),
        ("Quý II/2026 đã hết nhưng đã hủy: không quá hạn", "Quý II/2026", "cancelled"),
        ("Giai đoạn 2021 - 2025 đã hết, chưa bắt đầu: quá hạn", "Giai đoạn 2021 - 2025", "not-started"),
        ("Giai đoạn 2026 - 2030: đang thực hiện", "Giai đoạn 2026 - 2030", "in-progress"),
        ("Thường xuyên: không bao giờ quá hạn", "Thường xuyên", "in-progress"),
        ("Hằng năm", "Hằng năm", "done"),
        ("Thời hạn chưa xác định", "Theo tiến độ thực hiện", None),
    ]
    tasks = []
    for i, (title, deadline, status) in enumerate(cases, 1):
        t = {"id": f"I.{i}", "group": "I. Các trường hợp thời hạn (minh họa)",
             "title": title, "lead": LEADS[i % len(LEADS)], "deadline": deadline,
             "status": status, "outputs": ["Báo cáo kết quả"]}
        if status:
            t["progress"] = [(dt.date(2026, 6, 30), "Báo cáo minh họa giữa năm.")]
        tasks.append(t)
    # A long log.
    log = [(dt.date(2025, m, 28), f"Báo cáo minh họa tháng {m}/2025: đã hoàn thành bước {m}.")
           for m in range(1, 13)]
    log += [(dt.date(2026, m, 28), f"Báo cáo minh họa tháng {m}/2026.") for m in range(1, 11)]
    tasks.append({"id": "II.1", "group": "II. Nhiệm vụ có nhiều báo cáo (minh họa)",
                  "title": "Xây dựng nền tảng dữ liệu dùng chung, báo cáo hằng tháng",
                  "lead": "Sở Khoa học và Công nghệ", "support": ["Sở Tài chính", "Sở Nội vụ"],
                  "deadline": "Quý IV/2026", "status": "in-progress", "progress": log,
                  "outputs": ["Nền tảng dữ liệu", "Báo cáo tháng"]})
    return tasks


def many(rng, count):
    """Hundreds of tasks led by one body, spread over statuses and deadlines."""
    forms = ["Quý I/{y}", "Quý II/{y}", "Quý III/{y}", "Quý IV/{y}", "Tháng {m}/{y}",
             "Năm {y}", "Thường xuyên", "Hằng năm"]
    tasks = []
    for i in range(1, count + 1):
        y = 2025 + rng.next(4)
        form = forms[rng.next(len(forms))].format(y=y, m=1 + rng.next(12))
        status = STATUSES[rng.next(len(STATUSES))]
        t = {"id": str(i), "group": f"Nhóm {1 + (i - 1) // 40} (minh họa)",
             "title": f"Nhiệm vụ minh họa số {i}: triển khai hạng mục {1 + rng.next(9)} của đề án",
             "lead": "Sở Khoa học và Công nghệ",
             "support": [LEADS[rng.next(len(LEADS) - 1)]],
             "deadline": form, "status": status, "implements": "901/KH-UBND#I.11"}
        if status and rng.next(3) == 0:
            t["progress"] = [(dt.date(2026, 1 + rng.next(10), 15), f"Báo cáo minh họa cho nhiệm vụ {i}.")]
        tasks.append(t)
    return tasks


def main():
    content = HERE / "content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir()
    for f in ["departments.yaml", "directives.yaml"]:
        shutil.copy(REPO / "content" / f, content / f)
    (HERE / "site.yaml").write_text(
        "# DỮ LIỆU MINH HỌA: tình trạng và báo cáo tiến độ trong trang này là bịa ra để thử giao diện.\n"
        "# Tạo lại bằng: python3 examples/demo/make_demo.py\n"
        "title: \"[DỮ LIỆU MINH HỌA] Theo dõi tiến độ kế hoạch — không phải số liệu thật\"\n"
        "description: \"Trang minh họa: kế hoạch, tình trạng và báo cáo tiến độ đều là dữ liệu bịa ra để thử các bảng và hình vẽ theo dõi tiến độ.\"\n"
        "base_url: \"https://kehoach.example/minh-hoa/\"\n"
        "language: vi\n"
        "organization: \"Dữ liệu minh họa\"\n"
        f"as_of: {AS_OF.isoformat()}\n",
        encoding="utf-8")
    rng = Lcg(2026)
    plan("2026/901-kh-ubnd.md", "901/KH-UBND",
         "Kế hoạch minh họa thực hiện Nghị quyết số 79-NQ/TW (dữ liệu bịa ra)", "ubnd-tp",
         dt.date(2026, 3, 1), ["79-NQ/TW"], edges(),
         "**Dữ liệu minh họa.** Kế hoạch này không có thật; tình trạng và báo cáo được bịa ra để "
         "thử các trường hợp quá hạn, sắp đến hạn và nhật ký dài.\n\n<!-- nhiem-vu -->\n",
         reporting=["quý"])
    plan("2026/902-kh-skhcn.md", "902/KH-SKHCN",
         "Kế hoạch minh họa của Sở Khoa học và Công nghệ thực hiện Kế hoạch số 901/KH-UBND (dữ liệu bịa ra)",
         "so-khcn", dt.date(2026, 4, 1), ["901/KH-UBND"], many(rng, 320),
         "**Dữ liệu minh họa.** Một cơ quan chủ trì hàng trăm nhiệm vụ.\n", reporting=["quý"])
    plan("2026/903-kh-skhcn.md", "903/KH-SKHCN",
         "Kế hoạch minh họa của Trung tâm thực hiện Kế hoạch số 902/KH-SKHCN (dữ liệu bịa ra)",
         "so-khcn", dt.date(2026, 5, 1), ["902/KH-SKHCN"], many(rng, 12),
         "**Dữ liệu minh họa.**\n")
    write_reports()


if __name__ == "__main__":
    main()
