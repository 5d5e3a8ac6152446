/* docket: search as you type, and filters for the events table.
 *
 * The site works without this script; it only adds to it. It reads the index the build writes
 * at data/search.json (every event, not just the rows of the page on screen), so filters and
 * sorting cover the whole tracker. Filter state lives in named query parameters
 * (?platform=facebook&origin=IR&from=2019), so a filtered view can be shared as a link.
 * No inline script and no inline style: the site's Content-Security-Policy allows neither.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var BASE = (script && script.getAttribute("data-base")) || "/";
  var FILTERS = ["platform", "origin", "target", "actor", "operation", "tactic", "kind"];
  var PARAMS = ["q"].concat(FILTERS, ["from", "to", "sort", "dir"]);
  var SORTS = ["date", "title", "platform", "origin", "figures"];
  var STEP = 100;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  var indexPromise = null;

  /* ---------- the index ---------- */

  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(BASE + "data/search.json", { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("search index: HTTP " + response.status);
          return response.json();
        })
        .then(prepare);
    }
    return indexPromise;
  }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function first(list) {
    return Array.isArray(list) ? list[0] : list;
  }

  function prepare(index) {
    var names = index.names;
    index.events.forEach(function (e, i) {
      e.i = i;
      e.p = e.p || [];
      e.o = e.o || [];
      e.g = e.g || [];
      e.tc = e.tc || [];
      var words = [e.t, e.x, e.id, names.kind[e.k]];
      if (e.a) words = words.concat(names.actor[e.a] || [e.a]);
      if (e.op) words = words.concat(names.operation[e.op] || [e.op]);
      e.p.forEach(function (p) { words.push(names.platform[p]); });
      e.o.forEach(function (c) { words.push(names.country[c]); });
      e.hay = fold(words.join(" \u0001 "));
      e.title = fold(e.t);
      e.span = span(e.d);
    });
    return index;
  }

  /* "2019" covers 2019-01-01..2019-12-31; "2019-05" covers the month. Strings compare as dates. */
  function span(date) {
    if (!date) return null;
    if (date.length === 4) return [date + "-01-01", date + "-12-31"];
    if (date.length === 7) return [date + "-01", date + "-31"];
    return [date, date];
  }

  function displayDate(iso) {
    var parts = iso.split("-");
    if (parts.length === 1) return parts[0];
    var month = MONTHS[parseInt(parts[1], 10) - 1];
    if (parts.length === 2) return month + " " + parts[0];
    return parseInt(parts[2], 10) + " " + month + " " + parts[0];
  }

  function matchesWords(e, words) {
    for (var i = 0; i < words.length; i++) {
      if (e.hay.indexOf(words[i]) < 0) return false;
    }
    return true;
  }

  function queryWords(q) {
    return fold(q).split(/\s+/).filter(Boolean);
  }

  /* ---------- links, as the build writes them ---------- */

  function eventUrl(id) { return BASE + "events/" + id + "/"; }
  function termUrl(kind, key) {
    var slug = kind === "origins" || kind === "targets" ? key.toLowerCase() : key;
    return BASE + kind + "/" + slug + "/";
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  /* ---------- search as you type (every page) ---------- */

  function setupSearch() {
    var form = document.querySelector("form.site-search");
    if (!form) return;
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector(".site-search__results");
    form.hidden = false;
    var active = -1;
    var timer = null;

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function options() { return list.querySelectorAll("[role=option]"); }

    function highlight(n) {
      var all = options();
      if (!all.length) return;
      active = (n + all.length) % all.length;
      all.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
    }

    function option(n, href, label, meta) {
      return el("li", { role: "option", id: "site-search-option-" + n, "aria-selected": "false" }, [
        el("a", { href: href, tabindex: "-1" }, [
          el("span", { "class": "site-search__label" }, [label]),
          meta ? el("span", { "class": "site-search__meta" }, [meta]) : null
        ])
      ]);
    }

    function show(index, q) {
      var words = queryWords(q);
      list.textContent = "";
      if (!words.length) return close();
      var names = index.names;
      var n = 0;
      ["actor", "operation"].forEach(function (kind) {
        Object.keys(names[kind]).forEach(function (key) {
          if (n >= 3) return;
          var hay = fold(names[kind][key].join(" "));
          if (words.every(function (w) { return hay.indexOf(w) >= 0; })) {
            list.appendChild(option(n++, termUrl(kind + "s", key), first(names[kind][key]),
              kind === "actor" ? "Actor" : "Operation"));
          }
        });
      });
      var hits = index.events.filter(function (e) { return matchesWords(e, words); });
      hits.sort(function (a, b) {
        var at = words.every(function (w) { return a.title.indexOf(w) >= 0; }) ? 0 : 1;
        var bt = words.every(function (w) { return b.title.indexOf(w) >= 0; }) ? 0 : 1;
        return at - bt || (a.d < b.d ? 1 : a.d > b.d ? -1 : 0);
      });
      hits.slice(0, 8).forEach(function (e) {
        list.appendChild(option(n++, eventUrl(e.id), e.t, displayDate(e.d) + " · " + names.kind[e.k]));
      });
      if (hits.length > 8) {
        list.appendChild(option(n++, BASE + "events/?q=" + encodeURIComponent(q),
          "All " + hits.length + " matching events", null));
      }
      if (!n) {
        list.appendChild(el("li", { "class": "site-search__empty", role: "presentation" }, ["No matches"]));
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value;
      timer = setTimeout(function () {
        loadIndex().then(function (index) { if (input.value === q) show(index, q); }, close);
      }, 60);
    });
    input.addEventListener("focus", function () { loadIndex().catch(function () {}); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].querySelector("a").href;
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
  }

  /* ---------- the events table ---------- */

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    PARAMS.forEach(function (p) { state[p] = params.get(p) || ""; });
    if (SORTS.indexOf(state.sort) < 0) state.sort = "";
    if (state.dir !== "asc" && state.dir !== "desc") state.dir = "";
    return state;
  }

  function isActive(state) {
    return PARAMS.some(function (p) { return state[p]; });
  }

  function writeState(state) {
    var params = new URLSearchParams();
    PARAMS.forEach(function (p) { if (state[p]) params.set(p, state[p]); });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function selectEvents(index, state) {
    var words = queryWords(state.q);
    var from = span(state.from);
    var to = span(state.to);
    var wanted = {
      platform: function (e, v) { return e.p.indexOf(v) >= 0; },
      origin: function (e, v) { return e.o.indexOf(v) >= 0; },
      target: function (e, v) { return e.g.indexOf(v) >= 0; },
      actor: function (e, v) { return e.a === v; },
      operation: function (e, v) { return e.op === v; },
      tactic: function (e, v) { return e.tc.indexOf(v) >= 0; },
      kind: function (e, v) { return e.k === v; }
    };
    return index.events.filter(function (e) {
      for (var i = 0; i < FILTERS.length; i++) {
        var f = FILTERS[i];
        if (state[f] && !wanted[f](e, state[f])) return false;
      }
      // A date counts only when it lies wholly inside the range: "2019" is not inside 2019-06..
      if (from && e.span[0] < from[0]) return false;
      if (to && e.span[1] > to[1]) return false;
      return matchesWords(e, words);
    });
  }

  function sortEvents(list, index, state) {
    var key = state.sort || "date";
    var dir = state.dir || (key === "date" || key === "figures" ? "desc" : "asc");
    var names = index.names;
    var value = {
      date: function (e) { return e.span[0] + e.d.length; },
      title: function (e) { return e.title; },
      platform: function (e) { return fold(e.p.map(function (p) { return names.platform[p]; }).join(", ")); },
      origin: function (e) { return fold(e.o.map(function (c) { return names.country[c]; }).join(", ")); },
      figures: function (e) { return e.n === undefined ? -1 : e.n; }
    }[key];
    var sign = dir === "asc" ? 1 : -1;
    return list.slice().sort(function (a, b) {
      var x = value(a), y = value(b);
      // Events without the value go last whichever the direction.
      var xe = x === "" || x === -1, ye = y === "" || y === -1;
      if (xe !== ye) return xe ? 1 : -1;
      if (x < y) return -sign;
      if (x > y) return sign;
      return sign * (a.i - b.i);
    });
  }

  function setupFilters() {
    var form = document.getElementById("event-filters");
    var results = document.getElementById("events-results");
    var staticList = document.getElementById("events-static");
    if (!form || !results || !staticList) return;
    form.hidden = false;
    var status = form.querySelector(".filters__status");
    var state = readState();
    var shown = STEP;
    var current = [];

    function fillOptions(index) {
      var names = index.names;
      var counts = {};
      FILTERS.forEach(function (f) { counts[f] = {}; });
      function count(f, key) { if (key) counts[f][key] = (counts[f][key] || 0) + 1; }
      index.events.forEach(function (e) {
        e.p.forEach(function (k) { count("platform", k); });
        e.o.forEach(function (k) { count("origin", k); });
        e.g.forEach(function (k) { count("target", k); });
        e.tc.forEach(function (k) { count("tactic", k); });
        count("actor", e.a);
        count("operation", e.op);
        count("kind", e.k);
      });
      var table = { platform: names.platform, origin: names.country, target: names.country,
        actor: names.actor, operation: names.operation, tactic: names.tactic, kind: names.kind };
      FILTERS.forEach(function (f) {
        var select = form.elements[f];
        var keys = Object.keys(counts[f]).sort(function (a, b) {
          return fold(first(table[f][a] || a)) < fold(first(table[f][b] || b)) ? -1 : 1;
        });
        keys.forEach(function (key) {
          var label = first(table[f][key] || key) + " (" + counts[f][key] + ")";
          select.appendChild(el("option", { value: key }, [label]));
        });
      });
    }

    function syncForm() {
      PARAMS.forEach(function (p) {
        var field = form.elements[p];
        if (!field) return;
        if (field.tagName === "SELECT" && state[p] && !field.querySelector("option[value=\"" + CSS.escape(state[p]) + "\"]")) {
          field.appendChild(el("option", { value: state[p] }, [state[p] + " (0)"]));
        }
        field.value = state[p];
      });
    }

    function header(index, key, label) {
      var sorted = (state.sort || "date") === key;
      var dir = state.dir || (key === "date" || key === "figures" ? "desc" : "asc");
      var th = el("th", {
        scope: "col",
        "class": key === "date" ? "col-date" : key === "title" ? "col-event" : key === "figures" ? "col-figures" : null,
        "aria-sort": sorted ? (dir === "asc" ? "ascending" : "descending") : null
      }, [el("button", { type: "button", "class": "sort", "data-sort": key }, [
        label, el("span", { "class": "sort__mark", "aria-hidden": "true" }, [sorted ? (dir === "asc" ? " ▲" : " ▼") : ""])
      ])]);
      return th;
    }

    function links(kind, keys, table) {
      var out = [];
      keys.forEach(function (k, i) {
        if (i) out.push(", ");
        out.push(el("a", { href: termUrl(kind, k) }, [first(table[k] || k)]));
      });
      return out;
    }

    function row(index, e) {
      var names = index.names;
      var meta = [names.kind[e.k]];
      if (e.s === "retracted") meta.push(" ", el("span", { "class": "badge badge--retracted" }, ["Retracted"]));
      if (e.s === "draft") meta.push(" ", el("span", { "class": "badge badge--draft" }, ["Draft"]));
      return el("tr", { "class": "status-" + (e.s || "published"), "data-id": e.id }, [
        el("td", { "class": "col-date" }, [el("time", { datetime: e.d }, [displayDate(e.d)])]),
        el("th", { scope: "row", "class": "col-event" }, [
          el("a", { href: eventUrl(e.id) }, [e.t]),
          el("span", { "class": "row-meta" }, meta)
        ]),
        el("td", null, e.p.length ? links("platforms", e.p, names.platform) : [el("span", { "class": "muted" }, ["—"])]),
        el("td", null, e.o.length ? links("origins", e.o, names.country) : [el("span", { "class": "muted" }, ["Unattributed"])]),
        el("td", { "class": "col-figures" }, [e.f ? e.f : el("span", { "class": "muted" }, ["Not reported"])])
      ]);
    }

    function render(index) {
      current = sortEvents(selectEvents(index, state), index, state);
      var total = index.events.length;
      status.textContent = current.length === total
        ? "Showing all " + total + " events."
        : current.length + " of " + total + " events match.";
      results.textContent = "";
      if (!current.length) {
        results.appendChild(el("p", { "class": "empty" }, ["No events match these filters."]));
      } else {
        var tbody = el("tbody", null, current.slice(0, shown).map(function (e) { return row(index, e); }));
        var table = el("table", { "class": "events-table" }, [
          el("caption", null, ["Events matching the filters"]),
          el("thead", null, [el("tr", null, [
            header(index, "date", "Date"), header(index, "title", "Event"),
            header(index, "platform", "Platform(s)"), header(index, "origin", "Origin"),
            header(index, "figures", "Main figures")
          ])]),
          tbody
        ]);
        results.appendChild(el("div", { "class": "table-scroll", role: "region", "aria-label": "Events matching the filters", tabindex: "0" }, [table]));
        if (current.length > shown) {
          results.appendChild(el("p", { "class": "more-rows" }, [
            el("button", { type: "button", "class": "button", "data-action": "more" },
              ["Show " + Math.min(STEP, current.length - shown) + " more (" + (current.length - shown) + " not shown)"])
          ]));
        }
      }
      results.hidden = false;
      staticList.hidden = true;
    }

    function update(index) {
      writeState(state);
      render(index);
    }

    loadIndex().then(function (index) {
      fillOptions(index);
      syncForm();
      if (isActive(state)) render(index);

      form.addEventListener("input", function (event) {
        var name = event.target.name;
        if (PARAMS.indexOf(name) < 0) return;
        if ((name === "from" || name === "to") && !event.target.checkValidity()) return;
        state[name] = event.target.value.trim();
        shown = STEP;
        update(index);
      });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.addEventListener("click", function (event) {
        var action = event.target.getAttribute("data-action");
        if (action === "reset") {
          PARAMS.forEach(function (p) { state[p] = ""; });
          syncForm();
          shown = STEP;
          update(index);
        } else if (action === "csv") {
          downloadSelection(current.length || isActive(state) ? current : index.events, event.target);
        }
      });
      results.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (!button) return;
        var key = button.getAttribute("data-sort");
        if (key) {
          var defaultDir = key === "date" || key === "figures" ? "desc" : "asc";
          var dir = state.dir || defaultDir;
          if ((state.sort || "date") === key) {
            dir = dir === "asc" ? "desc" : "asc";
          } else {
            dir = defaultDir;
          }
          state.sort = key === "date" && dir === "desc" ? "" : key;
          state.dir = dir === defaultDir ? "" : dir;
          update(index);
          var again = results.querySelector("button[data-sort=\"" + key + "\"]");
          if (again) again.focus();
        } else if (button.getAttribute("data-action") === "more") {
          shown += STEP;
          render(index);
        }
      });
    }, function (error) {
      status.textContent = "Filters are unavailable: the search index could not be loaded.";
      if (window.console) console.warn(error);
    });
  }

  /* ---------- download the selection ---------- */

  /* Split CSV text into records (quoted fields may hold commas, quotes and newlines). */
  function csvRecords(text) {
    var records = [];
    var start = 0, quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (c === 10 && !quoted) { records.push(text.slice(start, i + 1)); start = i + 1; }
    }
    if (start < text.length) records.push(text.slice(start));
    return records;
  }

  function firstCell(record) {
    if (record.charAt(0) !== "\"") return record.split(",")[0];
    return record.slice(1, record.indexOf("\"", 1));
  }

  function downloadSelection(events, button) {
    var ids = {};
    events.forEach(function (e) { ids[e.id] = true; });
    button.disabled = true;
    fetch(BASE + "data/events.csv", { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("events.csv: HTTP " + response.status);
        return response.text();
      })
      .then(function (text) {
        var records = csvRecords(text);
        var kept = [records[0]].concat(records.slice(1).filter(function (r) { return ids[firstCell(r)]; }));
        var blob = new Blob([kept.join("")], { type: "text/csv;charset=utf-8" });
        var url = URL.createObjectURL(blob);
        var link = el("a", { href: url, download: "events-selection.csv", hidden: "" });
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(url); link.remove(); }, 1000);
      })
      .catch(function (error) { if (window.console) console.warn(error); })
      .then(function () { button.disabled = false; });
  }

  function start() {
    setupSearch();
    setupFilters();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
