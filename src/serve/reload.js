// Live reload for `kehoach serve`: reloads the page after a good rebuild, and shows the build
// errors in a banner while the last good site stays on screen.
(function () {
  "use strict";
  var ID = "__kehoach_loi";
  function show(text) {
    var b = document.getElementById(ID);
    if (!b) {
      b = document.createElement("div");
      b.id = ID;
      b.setAttribute("role", "alert");
      b.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:45vh;overflow:auto;" +
        "background:#8c0f16;color:#fff;padding:12px 16px;font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 -2px 8px rgba(0,0,0,.4)";
      document.body.appendChild(b);
    }
    b.textContent = "Lỗi khi tạo lại trang — đang hiển thị bản tạo thành công gần nhất. Sửa tệp rồi lưu lại:\n\n" + text;
  }
  function hide() {
    var b = document.getElementById(ID);
    if (b) b.parentNode.removeChild(b);
  }
  var es = new EventSource("/__kehoach/events");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("failed", function (e) { show(e.data); });
  es.addEventListener("ok", hide);
})();
