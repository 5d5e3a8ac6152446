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
 *
 * One rule for records that are not counted (retracted, and drafts in a preview; their entry
 * has a status `s`): search marks them, and the table, its sorting, the filters' counts and
 * the totals leave them out unless the reader ticks "Include retracted records". The totals
 * box follows the filters by adding up each event's part of the totals (`m`), which the build
 * summed by the qualifier rule; merging parts is the same rule again (sum, weakest qualifier).
 *
 * Its words are the site's, in the page's language: the index carries the catalogue messages
 * it says (`strings`); counts pick their plural form with the browser's Intl.PluralRules and
 * are written with Intl.NumberFormat, in the page's language (CLDR's rules, as the build's).
 * Search folds the letter variants of Arabic script (ي/ی, ك/ک, hamza forms, harakat, tatweel,
 * zero-width joiners) and the digits of Arabic and Persian, so a word typed either way matches.
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
  /* The page's language, and the index's words in it (filled when the index loads). */
  var LANG = document.documentElement.lang || "en";
  var STRINGS = {};
  var NUMBERS = safely(function () { return new Intl.NumberFormat(LANG); });
  var PLURALS = safely(function () { return new Intl.PluralRules(LANG); });

  function safely(make) {
    try { return make(); } catch (error) { return null; }
  }

  function number(n) {
    return NUMBERS ? NUMBERS.format(n) : String(n);
  }

  /* A catalogue message: its plural form for `n` (when it has forms), with {n} and every
   * {name} of `values` filled in. */
  function say(key, n, values) {
    var message = STRINGS[key];
    if (message === undefined || message === null) return key;
    if (typeof message === "object") {
      var category = PLURALS && typeof n === "number" ? PLURALS.select(n) : "other";
      message = message[category] || message.other || "";
    }
    return message.replace(/\{([a-z_]+)\}/g, function (all, name) {
      if (name === "n" && typeof n === "number") return number(n);
      return values && values[name] !== undefined ? values[name] : all;
    });
  }

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
        .then(function (index) {
          STRINGS = index.strings || {};
          return prepare(index);
        });
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

  /* Text as search compares it: without accents and harakat, Arabic-script letter variants
   * made one (ي ى ئ → ی, ك → ک, أ إ آ ٱ → ا, ؤ → و, ة ە ۀ → ه), Arabic and Persian digits as
   * 0–9, joiners and direction marks dropped, lower case. NFKD first turns presentation forms
   * into letters and splits a hamza from the letter it sits on. */
  var ARABIC_FOLDS = { "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0671": "\u0627",
    "\u0629": "\u0647", "\u06d5": "\u0647", "\u06c1": "\u0647" };

  function fold(text) {
    return String(text || "").normalize("NFKD")
      .replace(/[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u2066-\u2069]/g, "")
      .replace(/[\u064a\u0649\u0643\u0671\u0629\u06d5\u06c1]/g, function (c) { return ARABIC_FOLDS[c]; })
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x660); })
      .replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x6f0); })
      .toLowerCase();
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
    reveal(form);
    var input = form.querySelector(".site-search__input");
    var list = form.querySelector(".site-search__results");
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

    function option(n, href, label, meta, status) {
      return el("li", { role: "option", id: "site-search-option-" + n, "aria-selected": "false",
        "class": status ? "site-search__uncounted" : null }, [
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
              say(kind === "actor" ? "search.actor" : "search.operation")));
          }
        });
      });
      var hits = index.events.filter(function (e) { return matchesWords(e, words); });
      hits.sort(function (a, b) {
        var at = words.every(function (w) { return a.title.indexOf(w) >= 0; }) ? 0 : 1;
        var bt = words.every(function (w) { return b.title.indexOf(w) >= 0; }) ? 0 : 1;
        return at - bt || (a.s ? 1 : 0) - (b.s ? 1 : 0) || (a.d < b.d ? 1 : a.d > b.d ? -1 : 0);
      });
      hits.slice(0, 8).forEach(function (e) {
        var status = e.s ? say("status." + e.s) : "";
        list.appendChild(option(n++, eventUrl(index, e.id), e.t,
          (status ? status + " · " : "") + e.dd + " · " + names.kind[e.k], status));
      });
      if (hits.length > 8) {
        list.appendChild(option(n++, index.urls.events + "?q=" + encodeURIComponent(q),
          say("search.all_matching", hits.length), null));
      }
      if (!n) {
        list.appendChild(el("li", { "class": "site-search__empty", role: "presentation" }, [say("search.no_matches")]));
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
    if (state.retracted && state.retracted !== "1") state.retracted = "";
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

  /* Whether an entry counts: published. The one rule for the table, sorting, counts and totals. */
  function counts(e) { return !e.s; }

  /* The events the filters choose from: those that count, or all with "include retracted". */
  function pool(index, state) {
    return state.retracted ? index.events : index.events.filter(counts);
  }

  function selectEvents(index, state) {
    var words = queryWords(state.q);
    var from = span(state.from);
    var to = span(state.to);
    return pool(index, state).filter(function (e) {
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
      // Records that are not counted come after those that are, whatever the order.
      if (counts(a) !== counts(b)) return counts(a) ? -1 : 1;
      if (xe !== ye) return xe ? 1 : -1;
      if (x < y) return -sign;
      if (x > y) return sign;
      return sign * (a.i - b.i);
    });
  }

  /* ---------- the totals box, following the filters ---------- */

  /* The parts of the totals of `list` (entries), merged by the qualifier rule. */
  function sumTotals(list) {
    var sums = {};
    var events = 0;
    list.forEach(function (e) {
      if (!counts(e)) return;
      events += 1;
      Object.keys(e.m || {}).forEach(function (key) {
        var part = e.m[key];
        var t = sums[key] || (sums[key] = [0, -1, 0, 0]);
        t[0] += part[0];
        // 3 (only upper bounds) adds no qualifier; otherwise the weakest wins.
        if (part[1] !== 3) t[1] = Math.max(t[1], part[1]);
        t[2] += part[2];
        t[3] += part[3];
      });
    });
    return { events: events, sums: sums };
  }

  function setupTotals(band) {
    if (!band) return null;
    var original = band.querySelector(".stats").innerHTML;
    var originalExtra = band.querySelector(".stats-extra");
    originalExtra = originalExtra ? originalExtra.innerHTML : null;
    var scope = band.querySelector("[data-totals-scope]");
    var originalScope = scope ? scope.textContent : "";

    /* A count said again for `n`: its catalogue key is the node's `data-count`. */
    function sayCount(node, n) {
      var counted = node.querySelector("[data-count]");
      if (counted) counted.textContent = say(counted.getAttribute("data-count"), n);
    }

    /* A total as the build shows it: the number with its qualifier's form. */
    function shown(t, signs) {
      if (t[1] < 0) return say("quantity.not_reported");
      var qualifier = signs[t[1]][0];
      if (qualifier === "approx") return say("quantity.approx", null, { value: number(t[0]) });
      if (qualifier === "at-least") return say("quantity.gte", null, { value: number(t[0]) });
      return number(t[0]);
    }

    function fill(index, list, state) {
      var total = sumTotals(list);
      var signs = index.qualifiers;
      band.querySelectorAll("[data-total]").forEach(function (node) {
        var key = node.getAttribute("data-total");
        var value = node.querySelector("[data-value]");
        if (key === "events") {
          value.textContent = number(total.events);
          return;
        }
        var t = total.sums[key];
        node.hidden = !t || (t[2] === 0 && t[3] === 0);
        if (node.hidden) return;
        value.textContent = shown(t, signs);
        var note = node.querySelector("[data-note]");
        if (note) {
          note.hidden = t[2] === 0;
          sayCount(note, t[2]);
          note.querySelectorAll("[data-qualifier]").forEach(function (q) {
            q.hidden = t[1] < 0 || signs[t[1]][0] !== q.getAttribute("data-qualifier");
          });
        }
        var bounds = node.querySelector("[data-bounds]");
        if (bounds) {
          bounds.hidden = t[3] === 0;
          sayCount(bounds, t[3]);
        }
      });
      var extra = band.querySelector(".stats-extra");
      if (extra) extra.hidden = !extra.querySelector("[data-total]:not([hidden])");
      if (scope) {
        var apart = list.length - total.events;
        scope.textContent = say("events.scope_filtered", total.events) +
          (apart ? say("events.apart", apart) : say("list.end"));
      }
    }

    function reset() {
      band.querySelector(".stats").innerHTML = original;
      var extra = band.querySelector(".stats-extra");
      if (extra && originalExtra !== null) {
        extra.innerHTML = originalExtra;
        extra.hidden = false;
      }
      if (scope) scope.textContent = originalScope;
    }

    return { fill: fill, reset: reset };
  }

  function setupFilters() {
    var box = document.getElementById("event-filters-box");
    var form = document.getElementById("event-filters");
    var results = document.getElementById("events-results");
    var staticList = document.getElementById("events-static");
    if (!form || !results || !staticList) return;
    reveal(box);
    PARAMS = Array.prototype.map.call(form.elements, function (field) { return field.name; })
      .filter(Boolean).concat(["sort", "dir"]);
    var status = document.querySelector("[data-totals-scope]");
    var activeNote = box.querySelector("[data-filters-active]");
    var totals = setupTotals(document.querySelector(".band"));
    var state = readState();
    var shown = STEP;
    var current = [];

    function showActive() {
      var n = PARAMS.filter(function (p) { return p !== "sort" && p !== "dir" && state[p]; }).length;
      activeNote.textContent = n ? say("filters.active", n) : "";
      if (n) box.open = true;
    }

    function fillOptions(index) {
      var names = index.names;
      index.filters.forEach(function (filter) {
        var select = form.elements[filter.name];
        if (!select) return;
        while (select.options.length > 1) select.remove(1);
        var counted = {};
        pool(index, state).forEach(function (e) {
          values(e, filter).forEach(function (key) { counted[key] = (counted[key] || 0) + 1; });
        });
        var table = names[filter.names] || {};
        var keys = Object.keys(counted).sort(function (a, b) {
          return fold(first(table[a] || a)) < fold(first(table[b] || b)) ? -1 : 1;
        });
        keys.forEach(function (key) {
          var label = first(table[key] || key) + " (" + number(counted[key]) + ")";
          select.appendChild(el("option", { value: key }, [label]));
        });
      });
    }

    function syncForm() {
      PARAMS.forEach(function (p) {
        var field = form.elements[p];
        if (!field) return;
        if (field.type === "checkbox") {
          field.checked = !!state[p];
          return;
        }
        if (field.tagName === "SELECT" && state[p] && !field.querySelector("option[value=\"" + CSS.escape(state[p]) + "\"]")) {
          field.appendChild(el("option", { value: state[p] }, [state[p] + " (" + number(0) + ")"]));
        }
        field.value = state[p];
      });
      showActive();
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
      if (!isActive(state)) {
        // Back to the page as built: its table, totals and wording.
        if (totals) totals.reset();
        results.hidden = true;
        results.textContent = "";
        staticList.hidden = false;
        return Promise.resolve();
      }
      if (totals) totals.fill(index, current, state);
      else if (status) status.textContent = say("events.matching", current.length);
      var drawn = current;
      return loadRows(index).then(function (rows) {
        // A later change drew its own results meanwhile.
        if (drawn !== current) return;
        results.textContent = "";
        if (!current.length) {
          results.appendChild(el("p", { "class": "empty" }, [say("events.none_match")]));
        } else {
          var tbody = el("tbody", null, []);
          // The build's rows, escaped as the pages have them.
          tbody.insertAdjacentHTML("beforeend", current.slice(0, shown).map(function (e) {
            return rows[e.id] || "";
          }).join(""));
          var table = el("table", { "class": "events-table" }, [
            el("caption", null, [say("events.caption_matching", current.length)]),
            el("thead", null, [header()]),
            tbody
          ]);
          results.appendChild(el("div", { "class": "table-scroll table-scroll--cards" }, [table]));
          if (current.length > shown) {
            results.appendChild(el("p", { "class": "more-rows" }, [
              el("button", { type: "button", "class": "button", "data-action": "more" },
                [say("events.more", current.length - shown, { more: number(Math.min(STEP, current.length - shown)) })])
            ]));
          }
        }
        results.hidden = false;
        staticList.hidden = true;
      }, function (error) {
        if (status) status.textContent = say("events.rows_failed");
        if (window.console) console.warn(error);
      });
    }

    function update(index) {
      writeState(state);
      showActive();
      return render(index);
    }

    // The index is fetched once the page is shown, or at once when the address has filters.
    var wanted = isActive(state);
    if (wanted) box.open = true;
    var ready = null;
    function withIndex() {
      if (!ready) {
        ready = loadIndex().then(function (index) {
          fillOptions(index);
          syncForm();
          if (isActive(state)) render(index);
          return index;
        }, function (error) {
          if (status) status.textContent = STRINGS["events.index_failed"] ? say("events.index_failed") : status.getAttribute("data-index-failed");
          if (window.console) console.warn(error);
          throw error;
        });
      }
      return ready;
    }
    if (wanted) withIndex();
    else box.addEventListener("toggle", function () { if (box.open) withIndex(); });
    syncForm();

    form.addEventListener("input", function (event) {
      var name = event.target.name;
      if (PARAMS.indexOf(name) < 0) return;
      if ((name === "from" || name === "to") && !event.target.checkValidity()) return;
      state[name] = event.target.type === "checkbox" ? (event.target.checked ? "1" : "") : event.target.value.trim();
      shown = STEP;
      withIndex().then(function (index) {
        if (name === "retracted") fillOptions(index), syncForm();
        update(index);
      });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-action");
      if (action === "reset") {
        PARAMS.forEach(function (p) { state[p] = ""; });
        shown = STEP;
        withIndex().then(function (index) { fillOptions(index); syncForm(); update(index); });
      } else if (action === "csv") {
        var button = event.target;
        withIndex().then(function (index) {
          downloadSelection(index, isActive(state) ? current : pool(index, state), button);
        });
      }
    });
    results.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      var key = button.getAttribute("data-sort");
      withIndex().then(function (index) {
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
    });
  }

  /* ---------- what needs the script: shown once it runs ---------- */

  function reveal(node) {
    if (node) node.removeAttribute("data-needs-script");
  }

  /* The menu button of narrow screens: a link to the menu without the script, a toggle with it. */
  function setupMenu() {
    var button = document.querySelector("[data-menu-button]");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) return;
    button.setAttribute("role", "button");
    button.setAttribute("aria-expanded", "false");
    function set(open) {
      menu.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      set(!menu.classList.contains("is-open"));
    });
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); set(!menu.classList.contains("is-open")); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("is-open")) { set(false); button.focus(); }
    });
  }

  /* Copy a citation, with the reader's today as the day it was accessed. */
  function setupCopy() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source || !navigator.clipboard) return;
      reveal(button);
      var status = button.parentNode.querySelector(".cite__status");
      button.addEventListener("click", function () {
        var template = source.getAttribute("data-cite-accessed");
        // Today in the page's language (British English for English, as the build writes).
        var today = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" }).format(new Date());
        var local = safely(function () {
          return new Intl.DateTimeFormat(LANG === "en" ? "en-GB" : LANG + "-u-ca-gregory",
            { day: "numeric", month: "long", year: "numeric" }).format(new Date());
        }) || today;
        var text = template ? template.replace("{accessed}", local) : source.textContent;
        navigator.clipboard.writeText(text).then(function () {
          if (status) status.textContent = (button.getAttribute("data-copied") || "{date}").replace("{date}", local);
        }, function () {
          if (status) status.textContent = button.getAttribute("data-failed") || "";
        });
      });
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
    setupMenu();
    setupSearch();
    setupFilters();
    setupCopy();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
