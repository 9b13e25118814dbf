// reportpack watch: live reload. Added to pages by the watch server only,
// never to a build. It follows the server's event stream: "reload" names
// the build being served (the page reloads when it differs from its own),
// "failed" carries a failed build's diagnostics, drawn over the page.
// Every string from the server goes in as text (textContent), never HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : "";
  var overlay = null;

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function el(tag, text, css) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (css) e.style.cssText = css;
    return e;
  }

  function show(diags) {
    hide();
    overlay = el("div", "",
      "position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;" +
      "background:#fff5f5;color:#1a1a1a;border-bottom:4px solid #b00020;padding:1em 1.5em;" +
      "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 4px 16px rgba(0,0,0,.3)");
    overlay.id = "reportpack-build-errors";
    overlay.setAttribute("role", "alert");
    var close = el("button", "Hide", "float:right;font:inherit;cursor:pointer");
    close.type = "button";
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    overlay.appendChild(el("strong", "The build failed. This page shows the last good build.",
      "display:block;color:#b00020;font-size:1.1em;margin-bottom:.5em"));
    var list = el("ul", "", "margin:0;padding-left:1.2em");
    (diags || []).forEach(function (d) {
      var item = el("li", "", "margin:.3em 0");
      item.appendChild(el("span", d.place || d.file || "", "font-weight:bold"));
      var text = ": " + d.severity + ": " + (d.value ? JSON.stringify(d.value) + ": " : "") + d.message;
      item.appendChild(document.createTextNode(text));
      if (d.hint) item.appendChild(el("div", "Hint: " + d.hint, "color:#555"));
      list.appendChild(item);
    });
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }

  if (!window.EventSource) return;
  var events = new EventSource("/_reportpack/events");
  events.addEventListener("reload", function (e) {
    var state = JSON.parse(e.data);
    if (state.build !== build) {
      location.reload();
    } else {
      hide();
    }
  });
  events.addEventListener("failed", function (e) {
    show(JSON.parse(e.data).diagnostics);
  });
  // On a dropped connection EventSource reconnects by itself, and the
  // server then sends the current state: nothing to do here.
})();
