// Search for the static site, with no server: the build writes an inverted index of folded
// words split in 256 files (du-lieu/tim-kiem/tu-NNN.json, by the first two letters of each
// word) and the items in chunks (muc-N.json); a query fetches only the files of its words and
// of the results it shows. Words are folded as the build folds them (src/export/search/):
// no diacritics, "đ" = "d", so "so tai chinh" finds "Sở Tài chính" and "hoà" finds "hòa".
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var root = form.getAttribute("data-root");
  var dir = form.getAttribute("data-index");
  var SHARDS = 256, CHUNK = 64, PAGE = 20;
  var KIND = { p: "Kế hoạch", t: "Nhiệm vụ", b: "Cơ quan", d: "Văn bản", r: "Báo cáo" };
  var cache = {};
  var DIGIT = {};
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (ch, i) { DIGIT[ch.charCodeAt(0)] = i; });

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function words(s) { return fold(s).split(/[^a-z0-9]+/).filter(Boolean); }
  function shard(key) {
    var c0 = key.charCodeAt(0) || 0, c1 = key.length > 1 ? key.charCodeAt(1) : 0;
    return (c0 * 31 + c1) % SHARDS;
  }
  function get(file) {
    if (!cache[file]) {
      cache[file] = fetch(dir + file).then(function (r) {
        if (!r.ok) throw new Error(file);
        return r.json();
      });
    }
    return cache[file];
  }
  // A chunk's rows as [kind, URL, label, title]. A task's row leaves out what its plan's row
  // says (src/export/search/mod.rs, Row): ["t", anchor, number, title], after its plan's row or
  // a task of the same plan, or with the plan's URL and label added when it comes first.
  function expand(rows) {
    var plan = ["", ""];
    return rows.map(function (r) {
      if (r[0] === "p") plan = [r[1], r[2]];
      if (r[0] !== "t") return r;
      if (r.length > 4) plan = [r[4], r[5]];
      return ["t", plan[0] + "#nv-" + r[1], "Nhiệm vụ " + r[2] + " — " + plan[1], r[3]];
    });
  }
  function pad(n) { return ("00" + n).slice(-3); }
  function shardOf(key) { return get("tu-" + pad(shard(key)) + ".json"); }

  // Items for a key: the word itself, or for the last word typed, every word it begins.
  // A posting is item id × 8 + kind rank × 2 + 1 when the word is in the label or title;
  // the result maps id → (rank × 2 + that bit) | 8 (found).
  function postings(key, prefix) {
    return shardOf(key).then(function (map) {
      var out = {};
      Object.keys(map).forEach(function (w) {
        if (w === key || (prefix && w.lastIndexOf(key, 0) === 0)) {
          // The list is a string (src/export/search/postings.rs): each posting's
          // difference from the last in 5-bit groups, most significant first, one character
          // each, worth 32 more when another group follows.
          var s = map[w], x = 0, v = 0;
          for (var i = 0; i < s.length; i++) {
            var c = DIGIT[s.charCodeAt(i)];
            v = v * 32 + (c & 31);
            if (c < 32) {
              x += v;
              v = 0;
              var id = Math.floor(x / 8);
              out[id] = (out[id] || 0) | (x % 8) | 8;
            }
          }
        }
      });
      return out;
    });
  }

  // What is typed, as <mark>ed text: each word whose folded form begins with a query word.
  function marked(el, text, qw) {
    text.split(/(\s+)/).forEach(function (part) {
      var f = fold(part).replace(/[^a-z0-9]/g, "");
      var hit = f && qw.some(function (w) { return f.lastIndexOf(w, 0) === 0; });
      if (hit) {
        var m = document.createElement("mark");
        m.textContent = part;
        el.appendChild(m);
      } else {
        el.appendChild(document.createTextNode(part));
      }
    });
  }

  var shown = [], results = [], qwords = [];
  function show(from) {
    var slice = results.slice(from, from + PAGE);
    var chunks = {};
    slice.forEach(function (id) { chunks[Math.floor(id / CHUNK)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) {
      return get("muc-" + c + ".json").then(function (rows) { return [c, expand(rows)]; });
    })).then(function (loaded) {
      var rows = {};
      loaded.forEach(function (x) { rows[x[0]] = x[1]; });
      slice.forEach(function (id) {
        var it = rows[Math.floor(id / CHUNK)][id % CHUNK];
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = root + it[1];
        // "Nhiệm vụ 12 — …" and "Kế hoạch số …" say what they are already.
        if (it[2].lastIndexOf(KIND[it[0]], 0) !== 0) a.appendChild(document.createTextNode(KIND[it[0]] + ": "));
        marked(a, it[2], qwords);
        li.appendChild(a);
        if (it[3]) {
          var p = document.createElement("div");
          marked(p, it[3], qwords);
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      shown = from + slice.length;
      more.hidden = shown >= results.length;
    });
  }

  function run(q) {
    list.textContent = "";
    more.hidden = true;
    qwords = words(q);
    if (!qwords.length) { status.textContent = ""; return; }
    status.textContent = "Đang tìm…";
    var folded = fold(q).replace(/[^a-z0-9]/g, "");
    var asked = qwords.map(function (w, i) { return postings(w, i === qwords.length - 1); });
    // Each two query words that follow each other, looked up as a pair of the titles.
    var pairs = qwords.slice(1).map(function (w, i) { return postings("~" + qwords[i] + "_" + w, i === qwords.length - 2); });
    asked.push(postings("#" + folded, false), postings("=" + qwords.join("_"), false));
    Promise.all(asked.concat(pairs)).then(function (lists) {
      var pairHits = lists.splice(qwords.length + 2);
      var named = lists.pop(), numbered = lists.pop();
      // Order: the document whose number was typed, the body or document whose whole name
      // was typed, items whose title holds the words as typed (the phrase), then those with
      // more of the words side by side, items with every word in their label or title, the
      // rest; then plans, documents, bodies, tasks; then site order.
      var score = {};
      Object.keys(lists[0]).forEach(function (id) {
        var all = true, strong = true;
        for (var i = 0; i < lists.length && all; i++) {
          var f = lists[i][id];
          if (!f) all = false; else if (!(f & 1)) strong = false;
        }
        if (!all) return;
        var side = pairHits.filter(function (l) { return l[id]; }).length;
        var kind = (lists[0][id] >> 1) & 3;
        if (side && side === pairHits.length) score[id] = 200 + kind;
        else score[id] = (strong ? 300 : 400) - 10 * Math.min(side, 9) + kind;
      });
      Object.keys(named).forEach(function (id) { score[id] = 100 + ((named[id] >> 1) & 3); });
      Object.keys(numbered).forEach(function (id) { score[id] = (numbered[id] >> 1) & 3; });
      results = Object.keys(score).map(Number).sort(function (a, b) { return score[a] - score[b] || a - b; });
      return show(0).then(function () {
        status.textContent = results.length ? "Tìm thấy " + results.length + " kết quả." : "Không tìm thấy kết quả nào.";
      });
    }).catch(function (e) {
      status.textContent = "Không tải được chỉ mục tìm kiếm.";
      if (window.console) console.error(e);
    });
  }

  more.addEventListener("click", function () { show(shown); });
  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  if (q) run(q);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
})();
