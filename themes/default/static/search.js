// Search for the static site: loads du-lieu/tim-kiem.json once and matches what the citizen
// typed, folded like the index (no diacritics, "đ" = "d"), so "so tai chinh" finds "Sở Tài chính".
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var root = form.getAttribute("data-root");
  var index = null;
  var KIND = { p: "Kế hoạch", t: "Nhiệm vụ", b: "Cơ quan", d: "Văn bản" };

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function number(s) { return s.normalize("NFC").toLowerCase().replace(/\s+/g, ""); }

  function run(q) {
    var words = fold(q).split(/[^a-z0-9\/-]+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var num = number(q), hits = [];
    for (var i = 0; i < index.length; i++) {
      var it = index[i], f = it.f, ok = true;
      for (var w = 0; w < words.length && ok; w++) ok = f.indexOf(words[w]) >= 0;
      var exact = it.n && it.n === num;
      if (ok || exact) hits.push({ it: it, score: (exact ? 0 : 10) + (it.k === "p" ? 0 : it.k === "d" ? 1 : it.k === "b" ? 2 : 3) });
    }
    hits.sort(function (a, b) { return a.score - b.score; });
    status.textContent = hits.length ? "Tìm thấy " + hits.length + " kết quả." : "Không tìm thấy kết quả nào.";
    hits.slice(0, 200).forEach(function (h) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = root + h.it.u;
      a.textContent = KIND[h.it.k] + ": " + h.it.l;
      li.appendChild(a);
      if (h.it.t) { var p = document.createElement("div"); p.textContent = h.it.t; li.appendChild(p); }
      list.appendChild(li);
    });
  }

  function go(q) {
    if (index) return run(q);
    status.textContent = "Đang tải chỉ mục tìm kiếm…";
    fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (data) {
      index = data; run(q);
    }).catch(function () { status.textContent = "Không tải được chỉ mục tìm kiếm."; });
  }

  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  if (q) go(q);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    go(input.value);
  });
})();
