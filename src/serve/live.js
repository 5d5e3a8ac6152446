// docket serve: reload this page when the site is rebuilt, and show build errors over it.
// Served by `docket serve` only; never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var match = script && /[?&]g=(\d+)/.exec(script.src);
  var pageGeneration = match ? Number(match[1]) : 0;
  var seen = pageGeneration;
  var overlay = null;

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function line(parent, tag, text, css) {
    var el = document.createElement(tag);
    el.textContent = text;
    Object.assign(el.style, css || {});
    parent.appendChild(el);
    return el;
  }

  function show(status) {
    hide();
    overlay = document.createElement("div");
    overlay.setAttribute("role", "alert");
    overlay.id = "docket-errors";
    Object.assign(overlay.style, {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      background: "rgba(20, 20, 20, 0.94)", color: "#f5f5f5", padding: "2rem",
      font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"
    });
    line(overlay, "h2", "docket: the last edit did not build", { color: "#ff8a80", margin: "0 0 0.5rem" });
    line(overlay, "p", "The page below is the last good version. " + status.summary, { margin: "0 0 1rem" });
    status.errors.forEach(function (e) {
      var block = line(overlay, "div", "", { margin: "0 0 1rem" });
      var where = e.file + (e.line ? ":" + e.line + ":" + e.column : "");
      line(block, "div", where + (e.field ? "  (" + e.field + ")" : ""), { color: "#80d8ff" });
      line(block, "div", e.severity + ": " + e.message, { whiteSpace: "pre-wrap" });
      if (e.hint) {
        line(block, "div", "hint: " + e.hint, { color: "#b9f6ca", whiteSpace: "pre-wrap" });
      }
    });
    document.body.appendChild(overlay);
  }

  function handle(status) {
    seen = status.generation;
    if (!status.ok) {
      show(status);
    } else if (status.generation !== pageGeneration) {
      location.reload();
    } else {
      hide();
    }
  }

  function poll() {
    fetch("/__docket/poll?since=" + seen, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) { handle(status); poll(); })
      .catch(function () { setTimeout(poll, 1000); });
  }

  fetch("/__docket/status", { cache: "no-store" })
    .then(function (response) { return response.json(); })
    .then(function (status) {
      if (!status.ok) {
        show(status);
      }
    })
    .catch(function () {})
    .then(poll);
})();
