  // The page of a large graph (graph/view/templates/big.js, see graph/view/big.py):
  // graph-big.html.j2 includes it in the function that declares OVERVIEW, FACETS, UI, SITE,
  // PARTS, TOTAL and options. It opens on the overview (one node per kind and country) and
  // loads from the folder PARTS.folder what the reader picks, searches or names in the address.
  // graph-common.js (window.hrgraphView) comes before it, with what it shares with graph.js.
  var V = window.hrgraphView;
  V.linkSiteHome(SITE);
  var timing = {};
  var DRAW_LIMIT = 2000;  // at most this many nodes drawn around what is picked (the most linked first)

  function words(key, values) { return V.words(UI, key, values); }
  var el = V.el;
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
    var ok = typeof key === "string" && key === PARTS.keys[name] && typeof text === "string";
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
  var shortId = V.shortId;
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
  var drawing = V.drawing(overviewNodes(), OVERVIEW.edges.map(overviewEdge), options, timing);
  var nodes = drawing.nodes;
  var edges = drawing.edges;
  var network = drawing.network;
  V.hintZoom(network, function () { return mode === "overview"; });
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
  var controls = V.controls();
  var kindBoxes = controls.kindBoxes;
  var depthInput = controls.depth;
  V.fillFacets(controls, FACETS);
  function depth() { return V.depth(controls); }
  function readFilters() { return V.readFilters(controls); }
  // The rule of graph.js (and graph/view/filters.py) for one node, V.state: a node that is
  // "unknown" or "undated" (no topic, country or years of its own) is kept here: the page does
  // not load the whole graph to see what it is linked to.
  function kept(i, f) { return loaded.nodes[i] !== undefined && V.state(loaded.nodes[i], f) !== "no"; }
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
  V.onChange(controls, refresh);
  document.getElementById("reset").addEventListener("click", function () { V.clearFilters(controls); showOverview(); });
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
    V.showName(focusName, UI, focus ? focus.name : "");
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
  function showFocus(start, id, name) {
    begin();
    var mine = ++generation;
    setFocus({id: id, nodes: start, name: name});
    return loadIndex().then(function (ok) {
      if (!ok) { end(UI.missing_parts); return; }
      return around(start, readFilters()).then(function (found) {
        if (stale(mine)) { return; }
        var at = V.rings(found.layers, 150, 260);
        mode = "focus";
        group = null;
        drawn = [].concat.apply([], found.layers);
        replace(drawn.map(function (i) { return nodeItem(i, at[i]); }), edgeItems(drawn, drawn.length < 1000));
        showNote(false);
        network.selectNodes(start);
        if (start.length === 1) {
          showNode(start[0]);
          V.showName(focusName, UI, name, (loaded.nodes[start[0]] || {}).fallback);
        }
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
  function sourcesOf(cites) { return V.sourcesOf(cites, loaded.sources); }
  function tooltip(label, summary, facts, cites) { return V.tooltip(UI, label, summary, facts, sourcesOf(cites)); }
  function showDetails(title, subtitle, facts, cites, fallback) { V.showDetails(box, UI, title, subtitle, facts, sourcesOf(cites), fallback); }
  function showNode(i) {
    var d = loaded.nodes[i];
    if (!d) { return; }
    showDetails(INDEX.labels[i], d.summary, d.facts, d.cites, d.fallback);
    showActions(i);
  }
  function showEdge(e) {
    var d = loaded.edges[e].data;
    showDetails(d.sentence, V.edgeSubtitle(UI, d.dates), [], d.cites);
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
  var actions = document.getElementById("node-actions");
  var button = V.button;
  function showActions(i) {
    actions.replaceChildren();
    actions.hidden = i === null;
    if (i === null) { return; }
    var id = shortId(iriOf(i));
    var row = el("p", null, "actions");
    var link = V.pageLink(SITE, UI, kindOf(i), id);
    if (link) { row.appendChild(link); }
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
    var hubLine = V.hub(UI, kindBoxes, counts, INDEX.labels[i]);
    if (!hubLine) { return; }
    actions.appendChild(hubLine);
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
  // as in graph.js (graph-common.js reads and writes it); values are looked up among the page's
  // own ids and kinds, anything else ignored.
  var facetIds = V.facetIds(FACETS);
  var pick = V.pick;
  var missing = "";  // what the address named that the graph lacks, said until the address changes
  function applyAddress() {
    var v = V.readAddress();
    if (searchStatus.textContent === missing) { searchStatus.textContent = missing = ""; }
    var topic = V.setFilters(controls, v, facetIds);
    if (pick(facetIds.topics, v.focus) !== null && topic === null) {
      controls.topic.value = String(facetIds.topics[v.focus]);  // a topic is not drawn: its filter is the view of it
    }
    if (!v.focus) { showOverview(); return Promise.resolve(); }
    return loadIndex().then(function (ok) {
      var node = ok ? pick(known, v.focus) : null;
      if (node === null) {
        showOverview();
        if (ok && pick(facetIds.topics, v.focus) === null) { searchStatus.textContent = missing = v.focus + " " + UI.not_in_graph; }
        return;
      }
      expanded = [];
      (v.expand || "").split(",").forEach(function (id) {
        var i = pick(known, id);
        if (i !== null && expanded.indexOf(i) === -1) { expanded.push(i); }
      });
      return showFocus([node], v.focus, INDEX.labels[node]);
    });
  }
  function address() {
    var f = readFilters();
    var parts = [];
    if (mode === "focus" && focus) {
      parts.push("focus=" + V.encode(focus.id), "depth=" + depth());
      if (expanded.length) {
        parts.push("expand=" + expanded.map(function (i) { return V.encode(shortId(iriOf(i))); }).join(","));
      }
    }
    return parts.concat(V.filterAddress(controls, f, FACETS)).join("&");
  }
  function writeAddress() { V.writeAddress(address()); }
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
