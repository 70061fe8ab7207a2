/* Live reload for `python build.py serve`: added to pages by the preview server
   only, never written into the site. Listens to the server's build statuses:
   a new site version reloads the tab (keeping the scroll position), a failed
   build shows its problems over the page until the file is fixed. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource) { return; }
  var version = me.getAttribute("data-version");
  var events = me.getAttribute("data-events");
  var scrollKey = "bulletin-preview-scroll:" + location.pathname;
  var overlay = null;

  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    window.scrollTo(0, parseInt(saved, 10) || 0);
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY || 0));
    location.reload();
  }

  function text(tag, content, style) {
    var element = document.createElement(tag);
    element.textContent = content;
    if (style) { element.setAttribute("style", style); }
    return element;
  }

  function show(problems) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "bulletin-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("style", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(30,0,0,.88);color:#fff;font:16px/1.6 sans-serif;padding:2em;");
    overlay.appendChild(text("h2", "生成失败：请按提示修改，保存后页面会自动更新",
      "margin:0 0 .5em;font-size:1.4em;color:#ffd2d2;"));
    overlay.appendChild(text("p", "下面显示的是上一次成功生成的页面；共 " + problems.length + " 个错误。",
      "margin:0 0 1em;"));
    var list = document.createElement("ol");
    list.setAttribute("style", "padding-left:1.5em;");
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.className = "bulletin-error";
      item.setAttribute("style", "margin:0 0 1em;");
      var where = problem.path + (problem.line ? "，第 " + problem.line + " 行" : "");
      item.appendChild(text("div", "文件 " + where + "（" + problem.code + "）",
        "font-family:monospace;color:#ffb3b3;"));
      item.appendChild(text("div", problem.text));
      list.appendChild(item);
    });
    overlay.appendChild(list);
    var close = text("button", "暂时关闭", "font:inherit;padding:.2em 1em;");
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  function hide() {
    if (overlay && overlay.parentNode) { overlay.parentNode.removeChild(overlay); }
    overlay = null;
  }

  var source = new EventSource(events);
  source.onmessage = function (event) {
    var status = JSON.parse(event.data);
    if (!status.ok) { show(status.problems); return; }
    if (status.version !== version) { reload(); return; }
    hide();
  };
}());
