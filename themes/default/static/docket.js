/* docket: search as you type, and filters for the events table.
 *
 * The site works without this script; it only adds to it. It reads the index the build writes
 * at data/search.json (every event, not just the rows of the page on screen), so filters and
 * sorting cover the whole tracker. Filter state lives in named query parameters
 * (?platform=facebook&origin=IR&from=2019), so a filtered view can be shared as a link.
 * No inline script and no inline style: the site's Content-Security-Policy allows neither.
 *
 * It re-implements none of the build's rules. The filters are the form's fields (the build
 * makes the form) and the index says which entry field each one matches; links come from the
 * index's `urls`; dates as shown from each entry's `dd`; the results table is made of the
 * page's own table header and the rows the build rendered (data/rows.json), so a theme that
 * overrides the row template is followed here too.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  /* The search index, as the page names it; everything else is linked from the index. */
  var INDEX = script && script.getAttribute("data-index");
  /* The query parameters of the filter form: its fields, then the sort. Set from the form. */
  var PARAMS = [];
  var SORTS = ["date", "title", "platform", "origin", "figures"];
  var STEP = 100;

  var indexPromise = null;
  var rowsPromise = null;

  /* ---------- the index ---------- */

  function loadIndex() {
    if (!indexPromise) {
      indexPromise = (INDEX ? fetch(INDEX, { credentials: "same-origin" }) : Promise.reject(new Error("no search index named")))
        .then(function (response) {
          if (!response.ok) throw new Error("search index: HTTP " + response.status);
          return response.json();
        })
        .then(prepare);
    }
    return indexPromise;
  }

  /* The rows of the events table by event id, as the build rendered them. */
  function loadRows(index) {
    if (!rowsPromise) {
      rowsPromise = fetch(index.urls.rows, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("table rows: HTTP " + response.status);
          return response.json();
        })
        .then(function (file) { return file.rows; });
    }
    return rowsPromise;
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

  function eventUrl(index, id) { return index.urls.event.replace("{id}", id); }

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
            list.appendChild(option(n++, index.urls[kind][key], first(names[kind][key]),
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
        list.appendChild(option(n++, eventUrl(index, e.id), e.t, e.dd + " · " + names.kind[e.k]));
      });
      if (hits.length > 8) {
        list.appendChild(option(n++, index.urls.events + "?q=" + encodeURIComponent(q),
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

  /* The keys an entry has for a filter: a list, one key, or none. */
  function values(e, filter) {
    var v = e[filter.field];
    if (Array.isArray(v)) return v;
    return v ? [v] : [];
  }

  function selectEvents(index, state) {
    var words = queryWords(state.q);
    var from = span(state.from);
    var to = span(state.to);
    return index.events.filter(function (e) {
      for (var i = 0; i < index.filters.length; i++) {
        var f = index.filters[i];
        if (state[f.name] && values(e, f).indexOf(state[f.name]) < 0) return false;
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
    PARAMS = Array.prototype.map.call(form.elements, function (field) { return field.name; })
      .filter(Boolean).concat(["sort", "dir"]);
    var status = form.querySelector(".filters__status");
    var state = readState();
    var shown = STEP;
    var current = [];

    function fillOptions(index) {
      var names = index.names;
      index.filters.forEach(function (filter) {
        var select = form.elements[filter.name];
        if (!select) return;
        var counts = {};
        index.events.forEach(function (e) {
          values(e, filter).forEach(function (key) { counts[key] = (counts[key] || 0) + 1; });
        });
        var table = names[filter.names] || {};
        var keys = Object.keys(counts).sort(function (a, b) {
          return fold(first(table[a] || a)) < fold(first(table[b] || b)) ? -1 : 1;
        });
        keys.forEach(function (key) {
          var label = first(table[key] || key) + " (" + counts[key] + ")";
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

    /* The results table's header: the page's own table header (the build's), each column
     * that can be sorted by made a button. */
    var staticHead = staticList.querySelector("thead tr");

    function header() {
      var tr = el("tr", null, []);
      if (!staticHead) return tr;
      Array.prototype.forEach.call(staticHead.children, function (cell) {
        var th = cell.cloneNode(true);
        var key = th.getAttribute("data-sort");
        if (key) {
          var sorted = (state.sort || "date") === key;
          var dir = state.dir || (key === "date" || key === "figures" ? "desc" : "asc");
          if (sorted) th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
          var label = th.textContent;
          th.textContent = "";
          th.appendChild(el("button", { type: "button", "class": "sort", "data-sort": key }, [
            label, el("span", { "class": "sort__mark", "aria-hidden": "true" }, [sorted ? (dir === "asc" ? " ▲" : " ▼") : ""])
          ]));
        }
        tr.appendChild(th);
      });
      return tr;
    }

    function render(index) {
      current = sortEvents(selectEvents(index, state), index, state);
      var total = index.events.length;
      status.textContent = current.length === total
        ? "Showing all " + total + " events."
        : current.length + " of " + total + " events match.";
      var drawn = current;
      return loadRows(index).then(function (rows) {
        // A later change drew its own results meanwhile.
        if (drawn !== current) return;
        results.textContent = "";
        if (!current.length) {
          results.appendChild(el("p", { "class": "empty" }, ["No events match these filters."]));
        } else {
          var tbody = el("tbody", null, []);
          // The build's rows, escaped as the pages have them.
          tbody.insertAdjacentHTML("beforeend", current.slice(0, shown).map(function (e) {
            return rows[e.id] || "";
          }).join(""));
          var table = el("table", { "class": "events-table" }, [
            el("caption", null, ["Events matching the filters"]),
            el("thead", null, [header()]),
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
      }, function (error) {
        status.textContent = "The matching events could not be shown: the table rows could not be loaded.";
        if (window.console) console.warn(error);
      });
    }

    function update(index) {
      writeState(state);
      return render(index);
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
          downloadSelection(index, current.length || isActive(state) ? current : index.events, event.target);
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
          update(index).then(function () {
            var again = results.querySelector("button[data-sort=\"" + key + "\"]");
            if (again) again.focus();
          });
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

  function downloadSelection(index, events, button) {
    var ids = {};
    events.forEach(function (e) { ids[e.id] = true; });
    button.disabled = true;
    fetch(index.urls.csv, { credentials: "same-origin" })
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
