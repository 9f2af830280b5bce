  // The page of a large graph (graph/view/templates/big.js, see graph/view/big.py):
  // graph-big.html.j2 includes it in the function that declares OVERVIEW, FACETS, UI, SITE,
  // PARTS, TOTAL and options. It opens on the overview (one node per kind and country) and
  // loads from the folder PARTS.folder what the reader picks, searches or names in the address.
  var timing = {};
  var DRAW_LIMIT = 2000;  // at most this many nodes drawn around what is picked (the most linked first)

  // Every text below comes from the data: it is set with textContent, value, new Option or
  // as a vis-network title string (shown with innerText), never as HTML.
  function clip(text, size) { return text.length <= size ? text : text.slice(0, size - 1) + "\u2026"; }
  function words(key, values) {
    return UI[key].replace(/\{(\w+)\}/g, function (_, name) { return String(values[name]); });
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function safeUrl(url) { return /^https?:\/\//i.test(url || "") ? url : null; }
  var searchStatus = document.getElementById("search-status");
  var filterStatus = document.getElementById("filter-status");

  // ------------------------------------------------------------ the parts, loaded on demand
  var INDEX = null;  // every node: ids, labels, kinds, groups, parts, x, y, degree
  var loaded = {nodes: Object.create(null), edges: Object.create(null), sources: Object.create(null)};
  var have = Object.create(null);
  var waiting = Object.create(null);
  var pending = 0;  // views being made (for tests and the curious: window.hrgraph.busy())
  var generation = 0;  // the latest view asked for: one asked for earlier and made later is not drawn
  window.hrgraphPart = function (name, key, text) {
    var ok = key === PARTS.key && typeof text === "string";
    if (ok) {
      var value = JSON.parse(text);
      if (name === "index") {
        INDEX = value;
      } else {
        value.nodes.forEach(function (n) { loaded.nodes[n[0]] = n[1]; });
        value.edges.forEach(function (e) { loaded.edges[e[0]] = {from: e[1], to: e[2], label: e[3], data: e[4]}; });
        value.sources.forEach(function (s) { loaded.sources[s[0]] = s[1]; });
      }
      have[name] = true;
    }
    settle(name, ok);
  };
  function settle(name, ok) {
    var calls = waiting[name] || [];
    delete waiting[name];
    if (!ok) { searchStatus.textContent = UI.missing_parts; }
    calls.forEach(function (call) { call(ok); });
  }
  function load(name) {  // a promise of true once the part is in, false if it cannot be
    return new Promise(function (resolve) {
      if (have[name]) { resolve(true); return; }
      if (waiting[name]) { waiting[name].push(resolve); return; }
      waiting[name] = [resolve];
      var script = document.createElement("script");
      script.src = PARTS.folder + name + ".js";
      script.onerror = function () { settle(name, false); };
      script.onload = function () { if (waiting[name]) { settle(name, false); } };
      document.head.appendChild(script);
    });
  }
  function loadNodes(list) {  // the parts holding these nodes' details and links
    var names = Object.create(null);
    list.forEach(function (i) { if (!loaded.nodes[i]) { names["c" + INDEX.parts[i]] = true; } });
    return Promise.all(Object.keys(names).map(load));
  }
  var known = null;  // short id -> node number, made when the index comes
  function loadIndex() {
    return load("index").then(function () {
      if (INDEX && !known) {
        known = Object.create(null);
        INDEX.ids.forEach(function (id, i) { known[shortId(INDEX.base + id)] = i; });
      }
      return INDEX !== null;
    });
  }
  function shortId(iri) { return iri.replace(/\/+$/, "").split("/").slice(-2).join("/"); }
  function iriOf(i) { return INDEX.base + INDEX.ids[i]; }
  function kindOf(i) { return INDEX.kindIds[INDEX.kinds[i]]; }

  // ------------------------------------------------------------ the drawing
  function overviewNode(g) {
    return {id: g.id, label: g.label, title: g.title, group: g.group, x: g.x, y: g.y, size: g.size, font: g.font};
  }
  function overviewNodes() { return OVERVIEW.nodes.map(overviewNode).concat(OVERVIEW.headers); }
  function overviewEdge(h) {
    return {id: h.id, from: h.from, to: h.to, width: h.width, arrows: {to: {enabled: false}}, title: String(h.count)};
  }
  var nodes = new vis.DataSet(overviewNodes());
  var edges = new vis.DataSet(OVERVIEW.edges.map(overviewEdge));
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  network.once("afterDrawing", function () {
    timing.firstDraw = performance.now();
    setTimeout(function () { timing.ready = performance.now(); }, 0);
  });
  var zoomHint = document.getElementById("zoom-hint");
  network.on("afterDrawing", function () {
    var readable = mode === "overview" || network.getScale() * 18 >= 7;
    if (zoomHint.hidden !== readable) { zoomHint.hidden = readable; }
  });
  var mode = "overview";  // "overview", "group" (the nodes of one overview node) or "focus"
  var drawn = [];  // the node numbers drawn, in a group or focus view
  function replace(nodeItems, edgeItems) {
    network.unselectAll();
    nodes.clear();
    edges.clear();
    nodes.add(nodeItems);
    edges.add(edgeItems);
    network.fit({animation: false});
  }
  function nodeItem(i, at) { return {id: i, label: INDEX.labels[i], group: kindOf(i), x: at[0], y: at[1]}; }
  function edgeItems(shownNodes, labelled) {  // the loaded links between drawn nodes
    var on = Object.create(null);
    shownNodes.forEach(function (i) { on[i] = true; });
    var items = [];
    var seen = Object.create(null);
    shownNodes.forEach(function (i) {
      (loaded.nodes[i] ? loaded.nodes[i].links : []).forEach(function (link) {
        var e = link[1];
        if (seen[e] || !on[link[0]]) { return; }
        seen[e] = true;
        var edge = loaded.edges[e];
        var item = {id: e, from: edge.from, to: edge.to};
        if (labelled) { item.label = edge.label; }
        items.push(item);
      });
    });
    return items;
  }
  var noteBox = document.getElementById("overview-note");
  var backButton = document.getElementById("back");
  function showNote(overview) {
    noteBox.firstChild.textContent = overview ? words("overview", {n: TOTAL}) + " " : "";
    backButton.hidden = overview;
  }

  // ------------------------------------------------------------ filters
  var kindBoxes = Array.prototype.slice.call(document.querySelectorAll("#kinds input[type=checkbox]"));
  var topicSelect = document.getElementById("topic");
  var countrySelect = document.getElementById("country");
  var yearFrom = document.getElementById("year-from");
  var yearTo = document.getElementById("year-to");
  var depthInput = document.getElementById("depth");
  FACETS.topics.forEach(function (t, i) { topicSelect.appendChild(new Option(t[1], String(i))); });
  FACETS.countries.forEach(function (c, i) { countrySelect.appendChild(new Option(c[1], String(i))); });
  function depth() {
    var value = parseInt(depthInput.value, 10);
    return isNaN(value) ? 1 : Math.max(0, Math.min(9, value));
  }
  function readFilters() {
    var kinds = {};
    var every = true;
    kindBoxes.forEach(function (b) { if (b.checked) { kinds[b.dataset.kind] = true; } else { every = false; } });
    var from = parseInt(yearFrom.value, 10);
    var to = parseInt(yearTo.value, 10);
    return {
      kinds: every ? null : kinds,
      topic: topicSelect.value === "" ? null : Number(topicSelect.value),
      country: countrySelect.value === "" ? null : Number(countrySelect.value),
      from: isNaN(from) ? null : from,
      to: isNaN(to) ? null : to
    };
  }
  function inYears(years, f) {
    var low = f.from === null ? -Infinity : f.from;
    var high = f.to === null ? Infinity : f.to;
    return years.some(function (y) { return y >= low && y <= high; });
  }
  // The rule of graph.js (and graph/view/filters.py) for one node: "yes", "no", or "unknown" /
  // "undated" when it has no topic, country or years of its own. Here, such a node is kept:
  // the page does not load the whole graph to see what it is linked to.
  function state(d, f) {
    if (f.kinds && !f.kinds[d.kind]) { return "no"; }
    var result = "yes";
    var checks = [
      [f.topic !== null, d.topics, function (v) { return v.indexOf(f.topic) !== -1; }, "unknown"],
      [f.country !== null, d.countries, function (v) { return v.indexOf(f.country) !== -1; }, "unknown"],
      [f.from !== null || f.to !== null, d.years, function (v) { return inYears(v, f); }, "undated"]
    ];
    for (var i = 0; i < checks.length; i++) {
      if (!checks[i][0]) { continue; }
      if (!checks[i][1].length) {
        result = result === "unknown" ? "unknown" : checks[i][3];
      } else if (!checks[i][2](checks[i][1])) {
        return "no";
      }
    }
    return result;
  }
  function kept(i, f) { return loaded.nodes[i] !== undefined && state(loaded.nodes[i], f) !== "no"; }
  function overviewFilters() {
    var f = readFilters();
    var changes = OVERVIEW.nodes.map(function (g) {
      var other = g.country === -2 && OVERVIEW.columns.indexOf(f.country) === -1;  // in "other countries"
      var hide = (f.kinds !== null && !f.kinds[g.kind]) || (f.country !== null && g.country !== f.country && !other);
      return {id: g.id, hidden: hide};
    });
    nodes.update(changes);
    var shownCount = OVERVIEW.nodes.reduce(function (sum, g, n) { return sum + (changes[n].hidden ? 0 : g.count); }, 0);
    filterStatus.textContent = words("showing", {shown: shownCount, total: TOTAL});
  }
  function refresh() {
    if (mode === "focus") { return showFocus(focus.nodes, focus.id, focus.name); }
    if (mode === "group") { return showGroup(group); }
    overviewFilters();
    writeAddress();
    return Promise.resolve();
  }
  kindBoxes.forEach(function (b) { b.addEventListener("change", refresh); });
  [topicSelect, countrySelect].forEach(function (s) { s.addEventListener("change", refresh); });
  [yearFrom, yearTo, depthInput].forEach(function (input) {
    input.addEventListener("change", refresh);
    input.addEventListener("keyup", function (e) { if (e.key === "Enter") { refresh(); } });
  });
  function clearFilters() {
    kindBoxes.forEach(function (b) { b.checked = true; });
    topicSelect.value = "";
    countrySelect.value = "";
    yearFrom.value = "";
    yearTo.value = "";
  }
  document.getElementById("reset").addEventListener("click", function () { clearFilters(); showOverview(); });
  backButton.addEventListener("click", showOverview);

  // ------------------------------------------------------------ the views
  var focusLabel = document.getElementById("focus-label");
  var focusRow = document.getElementById("focus-row");
  var focusName = document.getElementById("focus-name");
  var focus = null;  // {id: the short id, nodes: [node number], name}
  var group = null;  // the overview node's number, in a group view
  var expanded = [];  // node numbers whose every neighbour is shown
  function setFocus(value) {
    focus = value;
    focusLabel.hidden = focusRow.hidden = focus === null;
    focusName.textContent = focus ? focus.name : "";
  }
  function showOverview() {
    generation += 1;
    mode = "overview";
    group = null;
    expanded = [];
    drawn = [];
    setFocus(null);
    replace(overviewNodes(), OVERVIEW.edges.map(overviewEdge));
    showNote(true);
    showActions(null);
    overviewFilters();
    writeAddress();
  }
  function begin() { pending += 1; searchStatus.textContent = UI.loading; }
  function end(text) { pending -= 1; searchStatus.textContent = text || ""; }
  function stale(mine) {  // another view was asked for since: this one is dropped
    if (mine === generation) { return false; }
    pending -= 1;
    return true;
  }
  function byDegree(a, b) { return INDEX.degree[b] - INDEX.degree[a] || a - b; }
  function showGroup(g) {  // the nodes of one overview node, the most linked first, in a grid
    begin();
    var mine = ++generation;
    return loadIndex().then(function (ok) {
      if (!ok) { end(UI.missing_parts); return; }
      var members = [];
      INDEX.groups.forEach(function (h, i) { if (h === g) { members.push(i); } });
      members.sort(byDegree);
      var total = members.length;
      members = members.slice(0, DRAW_LIMIT);
      return loadNodes(members).then(function () {
        if (stale(mine)) { return; }
        var f = readFilters();
        var shownNodes = members.filter(function (i) { return loaded.nodes[i] && kept(i, f); });
        var columns = Math.max(1, Math.ceil(Math.sqrt(shownNodes.length * 2)));
        mode = "group";
        group = g;
        expanded = [];
        setFocus(null);
        drawn = shownNodes;
        replace(
          shownNodes.map(function (i, n) { return nodeItem(i, [(n % columns) * 220, Math.floor(n / columns) * 90]); }),
          edgeItems(shownNodes, shownNodes.length < 1000)
        );
        showNote(false);
        showGroupDetails(g);
        filterStatus.textContent = words("showing", {shown: shownNodes.length, total: total});
        writeAddress();
        end();
      });
    });
  }
  function showGroupDetails(g) {
    var item = OVERVIEW.nodes[g];
    box.replaceChildren();
    box.appendChild(el("h2", item.title));
    box.appendChild(el("p", UI.help, "muted"));
    showActions(null);
  }
  function around(start, f) {  // layer by layer, each layer's parts loaded before the next step
    var reached = Object.create(null);
    var layers = [start.slice()];
    var count = start.length;
    start.forEach(function (i) { reached[i] = true; });
    var total = count;
    function step(from) {
      var next = [];
      from.forEach(function (i) {
        (loaded.nodes[i] ? loaded.nodes[i].links : []).forEach(function (link) {
          var j = link[0];
          if (!reached[j]) { reached[j] = true; next.push(j); }
        });
      });
      return next;
    }
    function grow(layer, d) {
      return loadNodes(layer).then(function () {
        if (d === 0 || !layer.length || count >= DRAW_LIMIT) { return; }
        var next = step(layer);
        return loadNodes(next).then(function () {
          next = next.filter(function (j) { return kept(j, f); }).sort(byDegree);
          total += next.length;
          next = next.slice(0, Math.max(0, DRAW_LIMIT - count));
          count += next.length;
          if (next.length) { layers.push(next); }
          return grow(next, d - 1);
        });
      });
    }
    function expand() {  // an expanded node that is drawn brings its neighbours
      var open = expanded.filter(function (i) { return reached[i] && loaded.nodes[i] && !expand.done[i]; });
      if (!open.length) { return Promise.resolve(); }
      open.forEach(function (i) { expand.done[i] = true; });
      var next = step(open);
      return loadNodes(next).then(function () {
        next = next.filter(function (j) { return kept(j, f); });
        total += next.length;
        if (next.length) { layers.push(next); }
        return expand();
      });
    }
    expand.done = Object.create(null);
    return grow(start, depth()).then(expand).then(function () { return {layers: layers, total: total}; });
  }
  function radial(layers) {  // the focus in the middle, each layer on rings around it
    var at = Object.create(null);
    var radius = 0;
    layers.forEach(function (layer, d) {
      var k = 0;
      if (d === 0 && layer.length === 1) { at[layer[0]] = [0, 0]; k = 1; }
      for (var ring = 0; k < layer.length; ring++) {
        radius += 260;
        var size = Math.min(layer.length - k, Math.max(6, Math.floor((2 * Math.PI * radius) / 150)));
        for (var n = 0; n < size; n++) {
          var angle = (2 * Math.PI * (n + (ring % 2) / 2)) / size - Math.PI / 2;
          at[layer[k + n]] = [Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))];
        }
        k += size;
      }
    });
    return at;
  }
  function showFocus(start, id, name) {
    begin();
    var mine = ++generation;
    setFocus({id: id, nodes: start, name: name});
    return loadIndex().then(function (ok) {
      if (!ok) { end(UI.missing_parts); return; }
      return around(start, readFilters()).then(function (found) {
        if (stale(mine)) { return; }
        var at = radial(found.layers);
        mode = "focus";
        group = null;
        drawn = [].concat.apply([], found.layers);
        replace(drawn.map(function (i) { return nodeItem(i, at[i]); }), edgeItems(drawn, drawn.length < 1000));
        showNote(false);
        network.selectNodes(start);
        if (start.length === 1) { showNode(start[0]); }
        filterStatus.textContent = words("showing", {shown: drawn.length, total: found.total});
        writeAddress();
        end();
      });
    });
  }
  function focusOn(i) {
    depthInput.value = "1";
    expanded = [];
    return showFocus([i], shortId(iriOf(i)), INDEX.labels[i]);
  }
  function expand(i) {
    if (expanded.indexOf(i) === -1) { expanded.push(i); }
    return showFocus(focus.nodes, focus.id, focus.name);
  }

  // ------------------------------------------------------------ details ("says who?")
  var box = document.getElementById("details");
  function sourcesOf(cites) {
    return cites.map(function (c) {
      var s = loaded.sources[c[0]];
      return {id: s[0], title: s[1], publisher: s[2], date: s[3], url: s[4], quote: c[1]};
    });
  }
  function tooltip(label, summary, facts, cites) {
    var lines = [label, summary];
    facts.forEach(function (f) { lines.push(f[0] + ": " + clip(f[1], 160)); });
    var sources = sourcesOf(cites);
    if (sources.length) {
      lines.push(UI.says_who);
      sources.forEach(function (s) {
        lines.push("\u2022 " + [s.title, s.publisher, s.date].filter(Boolean).join(", "));
        if (s.quote) { lines.push("  \u201c" + clip(s.quote, 200) + "\u201d"); }
      });
    }
    return lines.filter(Boolean).join("\n");
  }
  function showDetails(title, subtitle, facts, cites) {
    box.replaceChildren();
    box.appendChild(el("h2", title));
    if (subtitle) { box.appendChild(el("p", subtitle, "muted")); }
    if (facts.length) {
      var list = el("dl", null, "facts");
      facts.forEach(function (f) { list.appendChild(el("dt", f[0])); list.appendChild(el("dd", f[1])); });
      box.appendChild(list);
    }
    var sources = sourcesOf(cites);
    box.appendChild(el("h3", sources.length ? UI.says_who : UI.no_source));
    sources.forEach(function (s) {
      var div = el("div", null, "source");
      div.appendChild(el("div", s.title));
      div.appendChild(el("div", [s.publisher, s.date].filter(Boolean).join(", "), "muted"));
      var url = safeUrl(s.url);
      if (url) {
        var a = el("a", url);
        a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
        div.appendChild(a);
      }
      if (s.quote) { div.appendChild(el("p", "\u201c" + s.quote + "\u201d", "quote")); }
      box.appendChild(div);
    });
  }
  function showNode(i) {
    var d = loaded.nodes[i];
    if (!d) { return; }
    showDetails(INDEX.labels[i], d.summary, d.facts, d.cites);
    showActions(i);
  }
  function showEdge(e) {
    var d = loaded.edges[e].data;
    showDetails(d.sentence, [UI.link, d.dates].filter(Boolean).join(" \u00b7 "), [], d.cites);
    showActions(null);
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (mode !== "overview") {
        showNode(id);
      } else if (String(id).charAt(0) === "g") {  // not a header
        showGroup(Number(String(id).slice(1)));
      }
    } else if (params.edges.length && mode !== "overview") {
      showEdge(params.edges[0]);
    }
  });
  var titled = {nodes: Object.create(null), edges: Object.create(null)};
  network.on("hoverNode", function (params) {
    var i = params.node;
    if (mode === "overview" || titled.nodes[i] || !loaded.nodes[i]) { return; }
    titled.nodes[i] = true;
    var d = loaded.nodes[i];
    nodes.update({id: i, title: tooltip(INDEX.labels[i], d.summary, d.facts, d.cites)});
  });
  network.on("hoverEdge", function (params) {
    var e = params.edge;
    if (mode === "overview" || titled.edges[e] || !loaded.edges[e]) { return; }
    titled.edges[e] = true;
    var d = loaded.edges[e].data;
    edges.update({id: e, title: tooltip(d.sentence, d.dates, [], d.cites)});
  });

  // What a node links to, by kind, before its neighbours are all shown; and its page.
  var SHORT_ID = /^[a-z][a-z0-9-]*\/[a-z0-9][a-z0-9._-]*$/;
  var actions = document.getElementById("node-actions");
  var kindWords = {};
  kindBoxes.forEach(function (b) { kindWords[b.dataset.kind] = b.parentNode.querySelector("span").textContent; });
  function button(text, id, action) {
    var b = el("button", text);
    b.type = "button";
    b.id = id;
    b.addEventListener("click", action);
    return b;
  }
  function showActions(i) {
    actions.replaceChildren();
    actions.hidden = i === null;
    if (i === null) { return; }
    var id = shortId(iriOf(i));
    var row = el("p", null, "actions");
    if (SITE.pages && SITE.kinds.indexOf(kindOf(i)) !== -1 && SHORT_ID.test(id)) {
      var a = el("a", UI.open_page);
      a.href = SITE.pages + id + ".html";
      a.id = "open-page";
      row.appendChild(a);
    }
    if (!focus || focus.nodes.length !== 1 || focus.nodes[0] !== i) {
      row.appendChild(button(UI.focus_here, "focus-here", function () { focusOn(i); }));
    }
    actions.appendChild(row);
    var on = Object.create(null);
    drawn.forEach(function (j) { on[j] = true; });
    var seen = Object.create(null);
    var counts = {};
    var hidden = 0;
    loaded.nodes[i].links.forEach(function (link) {
      var j = link[0];
      if (j === i || seen[j]) { return; }
      seen[j] = true;
      counts[kindOf(j)] = (counts[kindOf(j)] || 0) + 1;
      if (!on[j]) { hidden += 1; }
    });
    var listed = kindBoxes.map(function (b) { return b.dataset.kind; }).filter(function (k) { return counts[k]; });
    if (!listed.length) { return; }
    var text = listed.map(function (k) { return words("kind_count", {kind: kindWords[k], n: counts[k]}); });
    actions.appendChild(el("p", words("hub", {name: INDEX.labels[i], counts: text.join(", ")}), "hub"));
    if (hidden && mode === "focus") {
      actions.appendChild(button(words("show_all", {n: hidden}), "show-all", function () { expand(i); }));
    }
  }

  // ------------------------------------------------------------ search, over every name
  var search = document.getElementById("search");
  var names = document.getElementById("names");
  search.addEventListener("focus", function () { loadIndex(); });
  search.addEventListener("input", function () {  // the first names that match, as suggestions
    var q = search.value.trim().toLowerCase();
    if (!INDEX || q.length < 2) { return; }
    var seen = Object.create(null);
    var suggestions = [];
    for (var i = 0; i < INDEX.labels.length && suggestions.length < 30; i++) {
      var label = INDEX.labels[i];
      if (!seen[label] && label.toLowerCase().indexOf(q) !== -1) {
        seen[label] = true;
        var option = document.createElement("option");
        option.value = label;
        suggestions.push(option);
      }
    }
    names.replaceChildren.apply(names, suggestions);
  });
  function find() {
    var q = search.value.trim().toLowerCase();
    if (!q) { searchStatus.textContent = ""; return Promise.resolve(); }
    return loadIndex().then(function (ok) {
      if (!ok) { return; }
      var hits = [];
      INDEX.labels.forEach(function (label, i) { if (label.toLowerCase().indexOf(q) !== -1) { hits.push(i); } });
      if (!hits.length) { searchStatus.textContent = UI.no_match; return; }
      hits.sort(function (a, b) {
        var exact = (INDEX.labels[a].toLowerCase() === q ? -1 : 0) - (INDEX.labels[b].toLowerCase() === q ? -1 : 0);
        return exact || byDegree(a, b);
      });
      var message = hits.length === 1 ? UI.one_match : words("matches", {n: hits.length});
      return focusOn(hits[0]).then(function () { searchStatus.textContent = message; });
    });
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") { find(); } });

  // ------------------------------------------------------------ the view in the address
  // #focus=person/keo-remy&depth=1&expand=...&hide=Place&topic=topic/x&country=country/y&from=2020&to=2025
  // as in graph.js; values are looked up among the page's own ids and kinds, anything else ignored.
  var facetIds = {topics: Object.create(null), countries: Object.create(null)};
  FACETS.topics.forEach(function (t, i) { facetIds.topics[shortId(t[0])] = i; });
  FACETS.countries.forEach(function (c, i) { facetIds.countries[shortId(c[0])] = i; });
  function pick(table, text) { return typeof text === "string" && text in table ? table[text] : null; }
  function readAddress() {
    var values = Object.create(null);
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at < 1) { return; }
      var value;
      try { value = decodeURIComponent(pair.slice(at + 1)); } catch (e) { return; }
      var key = pair.slice(0, at);
      if (!(key in values)) { values[key] = value; }
    });
    return values;
  }
  function year(text) { return /^-?\d{1,6}$/.test(text || "") ? String(parseInt(text, 10)) : ""; }
  function applyAddress() {
    var v = readAddress();
    var hide = (v.hide || "").split(",");
    kindBoxes.forEach(function (b) { b.checked = hide.indexOf(b.dataset.kind) === -1; });
    var topic = pick(facetIds.topics, v.topic);
    var country = pick(facetIds.countries, v.country);
    topicSelect.value = topic === null ? "" : String(topic);
    countrySelect.value = country === null ? "" : String(country);
    yearFrom.value = year(v.from);
    yearTo.value = year(v.to);
    depthInput.value = /^\d$/.test(v.depth || "") ? v.depth : "1";
    if (pick(facetIds.topics, v.focus) !== null && topic === null) {
      topicSelect.value = String(facetIds.topics[v.focus]);  // a topic is not drawn: its filter is the view of it
    }
    if (!v.focus) { showOverview(); return Promise.resolve(); }
    return loadIndex().then(function (ok) {
      var node = ok ? pick(known, v.focus) : null;
      if (node === null) { showOverview(); return; }
      expanded = [];
      (v.expand || "").split(",").forEach(function (id) {
        var i = pick(known, id);
        if (i !== null && expanded.indexOf(i) === -1) { expanded.push(i); }
      });
      return showFocus([node], v.focus, INDEX.labels[node]);
    });
  }
  function encode(text) { return encodeURIComponent(text).replace(/%2F/g, "/"); }
  function address() {
    var f = readFilters();
    var parts = [];
    if (mode === "focus" && focus) {
      parts.push("focus=" + encode(focus.id), "depth=" + depth());
      if (expanded.length) {
        parts.push("expand=" + expanded.map(function (i) { return encode(shortId(iriOf(i))); }).join(","));
      }
    }
    var hidden = kindBoxes.filter(function (b) { return !b.checked; });
    if (hidden.length) { parts.push("hide=" + hidden.map(function (b) { return encode(b.dataset.kind); }).join(",")); }
    if (f.topic !== null) { parts.push("topic=" + encode(shortId(FACETS.topics[f.topic][0]))); }
    if (f.country !== null) { parts.push("country=" + encode(shortId(FACETS.countries[f.country][0]))); }
    if (f.from !== null) { parts.push("from=" + f.from); }
    if (f.to !== null) { parts.push("to=" + f.to); }
    return parts.join("&");
  }
  function writeAddress() {  // replaced, not pushed: Back leaves the page, not each change
    var wanted = address();
    if (wanted === location.hash.replace(/^#/, "")) { return; }
    var page = location.href.split("#")[0];
    history.replaceState(history.state, "", wanted ? page + "#" + wanted : page);
  }
  window.addEventListener("hashchange", applyAddress);
  overviewFilters();
  if (location.hash.length > 1) { applyAddress(); }

  // For tests and the curious: nodes are numbered as in the whole graph; iri() and id() translate.
  window.hrgraph = {
    network: network, nodes: nodes, edges: edges, timing: timing, applyFilters: refresh, find: find,
    mode: function () { return mode; },
    busy: function () { return pending > 0 || Object.keys(waiting).length > 0; },
    parts: function () { return Object.keys(have).sort(); },
    iri: function (id) { return INDEX ? iriOf(id) : null; },
    id: function (name) { return INDEX ? known[shortId(name)] : null; },
    shown: function () {
      return mode === "overview" ? [] : nodes.getIds({filter: function (n) { return !n.hidden; }}).map(iriOf);
    },
    selected: function () { return mode === "overview" ? [] : network.getSelectedNodes().map(iriOf); },
    focus: function () { return focus ? focus.id : null; },
    overview: OVERVIEW, drawLimit: DRAW_LIMIT
  };
