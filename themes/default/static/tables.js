// Filters and sorting for the task and plan tables, added by script: without it the tables
// are plain, complete and readable. Filters act on the rows of the page shown (long lists are
// split into pages by the build); sorting uses Vietnamese collation.
(function () {
  "use strict";
  var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }
  var serial = 0;

  function filters(table) {
    var rows = [].slice.call(table.tBodies[0].rows).filter(function (r) { return r.hasAttribute("data-s"); });
    if (rows.length < 6) return;
    var n = ++serial, id = function (k) { return "loc-" + k + "-" + n; };
    var form = el("form", { "class": "filters", role: "search", "aria-label": "Lọc nhiệm vụ" });
    // Folded away on a phone, where the fields would fill the screen.
    var box = el("details");
    box.open = window.matchMedia("(min-width: 721px)").matches;
    box.appendChild(el("summary", {}, "Lọc nhiệm vụ"));
    form.appendChild(box);
    var fs = el("fieldset");
    fs.appendChild(el("legend", {}, "Lọc nhiệm vụ trong bảng này"));
    function field(key, label, input) {
      var w = el("div", { "class": "field" });
      w.appendChild(el("label", { "for": id(key) }, label));
      input.id = id(key);
      w.appendChild(input);
      fs.appendChild(w);
      return input;
    }
    // The columns a filter reads, by the header's data-col; a column's cells hold the text.
    var heads = [].slice.call(table.tHead.rows[0].cells);
    var col = function (name) { return heads.findIndex(function (h) { return h.getAttribute("data-col") === name; }); };
    var leadCol = col("lead"), planCol = col("plan"), toCol = col("to");
    var cell = function (r, i) { return i < 0 || !r.cells[i] ? "" : r.cells[i].textContent; };
    var body = field("co-quan", "Cơ quan chủ trì", el("input", { type: "search", autocomplete: "off" }));
    var plan = planCol >= 0
      ? field("ke-hoach", "Kế hoạch", el("input", { type: "search", autocomplete: "off" })) : null;
    var from = field("tu", "Thời hạn từ ngày", el("input", { type: "date" }));
    var to = field("den", "đến ngày", el("input", { type: "date" }));
    var status = field("tinh-trang", "Tình trạng", el("select"));
    [["", "Tất cả"], ["overdue", "Quá hạn"], ["past-deadline", "Đã qua thời hạn, chưa có báo cáo"], ["due-soon", "Sắp đến hạn"], ["open", "Chưa hoàn thành"], ["done", "Đã hoàn thành"]].forEach(function (o) {
      var opt = el("option", { value: o[0] }, o[1]);
      status.appendChild(opt);
    });
    var reset = el("button", { type: "reset" }, "Bỏ lọc");
    fs.appendChild(reset);
    box.appendChild(fs);
    var said = el("p", { "class": "filter-count", role: "status", "aria-live": "polite" });
    form.appendChild(said);
    var wrap = table.closest(".table-wrap") || table;
    wrap.parentNode.insertBefore(form, wrap);

    function apply() {
      var b = fold(body.value).trim(), p = plan ? fold(plan.value).trim() : "";
      var f = from.value, t = to.value, s = status.value, shown = 0;
      // A list's line carries its range in data-f and data-t; a plan's row in the <time>s of
      // its deadline.
      var range = function (r) {
        if (r.hasAttribute("data-t")) return [r.getAttribute("data-f"), r.getAttribute("data-t")];
        var times = toCol < 0 || !r.cells[toCol] ? [] : r.cells[toCol].querySelectorAll("time");
        return times.length ? [times[0].getAttribute("datetime"), times[times.length - 1].getAttribute("datetime")] : [null, null];
      };
      rows.forEach(function (r) {
        var span = range(r);
        var st = (r.getAttribute("data-s") || "").split(" ");
        var ok = (!b || fold(cell(r, leadCol)).indexOf(b) >= 0)
          && (!p || fold(cell(r, planCol)).indexOf(p) >= 0)
          && (!f || (span[1] || "") >= f)
          && (!t || ((span[0] || "9999") <= t))
          && (!s || (s === "open" ? !["done", "cancelled", "draft"].some(function (x) { return st.indexOf(x) >= 0; }) : st.indexOf(s) >= 0));
        r.hidden = !ok;
        if (ok) shown++;
      });
      // Group headings of a plan's table stay only above tasks still shown.
      [].slice.call(table.tBodies[0].rows).forEach(function (r, i, all) {
        if (!r.classList.contains("group")) return;
        var next = all.slice(i + 1).find(function (x) { return !x.classList.contains("group"); });
        r.hidden = !!next && next.hidden;
      });
      said.textContent = shown === rows.length ? "" : "Hiển thị " + shown + " trên " + rows.length + " nhiệm vụ.";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }

  function sorting(table) {
    if (table.classList.contains("plan-tasks")) return; // a plan's tasks keep the document's order
    var rows = [].slice.call(table.tBodies[0].rows);
    if (rows.length < 3) return;
    var heads = [].slice.call(table.tHead.rows[0].cells);
    table.classList.add("sortable");
    heads.forEach(function (th, col) {
      var button = el("button", { type: "button", "class": "sort" }, th.textContent);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        // A deadline sorts by the day it ends (data-t); undated ones by their text, which
        // collates after digits.
        var byEnd = th.getAttribute("data-col") === "to";
        var key = function (r) {
          var c = r.cells[col];
          if (byEnd && r.hasAttribute("data-t")) return r.getAttribute("data-t");
          if (byEnd && c.querySelector("time")) return [].slice.call(c.querySelectorAll("time")).pop().getAttribute("datetime");
          var time = c.querySelector("time");
          return time ? time.getAttribute("datetime") : c.textContent.trim();
        };
        rows.sort(function (a, b) { return (asc ? 1 : -1) * collator.compare(key(a), key(b)); });
        rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
      });
    });
  }

  [].forEach.call(document.querySelectorAll("table.tasks, table.plans"), function (t) {
    if (!t.tBodies.length || !t.tHead) return;
    filters(t);
    sorting(t);
  });
  // Tables of counts (the bodies on the progress page): sortable, no filters.
  [].forEach.call(document.querySelectorAll("table.bodies-progress"), function (t) {
    if (t.tBodies.length && t.tHead) sorting(t);
  });
})();
