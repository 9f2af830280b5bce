  // The page's behaviour (graph/view/templates/graph.js): graph.html.j2 includes it in the
  // function that declares the page's data, NODES, EDGES, DATA, UI and options.
  var timing = {};

  // Every text below comes from the data: it is set with textContent, value, new Option or
  // as a vis-network title string (shown with innerText), never as HTML.
  function clip(text, size) { return text.length <= size ? text : text.slice(0, size - 1) + "\u2026"; }
  function words(key, values) {
    return UI[key].replace(/\{(\w+)\}/g, function (_, name) { return String(values[name]); });
  }
  function sourcesOf(cites) {
    return cites.map(function (c) {
      var s = DATA.sources[c[0]];
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
  var index = {};
  NODES.forEach(function (n, i) { index[n.id] = i; });
  var edgeIndex = {};
  EDGES.forEach(function (e, i) { edgeIndex[e.id] = i; });

  var nodes = new vis.DataSet(NODES);
  var edges = new vis.DataSet(EDGES);
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  network.once("afterDrawing", function () {
    timing.firstDraw = performance.now();
    setTimeout(function () { timing.ready = performance.now(); }, 0);
  });
  // When the whole graph is too small to show names, say how to read them.
  var zoomHint = document.getElementById("zoom-hint");
  function hint() {
    var readable = network.getScale() * 18 >= 7;
    if (zoomHint.hidden !== readable) { zoomHint.hidden = readable; }
  }
  network.on("afterDrawing", hint);
  // Landmarks (the most linked nodes, named large enough to read in the whole graph) go back
  // to their usual size as one zooms in.
  var landmarks = NODES.filter(function (n) { return n.font; }).map(function (n) {
    var group = options.groups[n.group];
    return {id: n.id, large: n.font.size, base: group && group.font ? group.font.size : 18, size: n.font.size};
  });
  function landmarkSizes() {
    var scale = network.getScale();
    var changes = [];
    landmarks.forEach(function (l) {
      var size = Math.max(l.base, Math.min(l.large, Math.round(11 / scale)));
      if (size !== l.size) { l.size = size; changes.push({id: l.id, font: {size: size}}); }
    });
    if (changes.length) { nodes.update(changes); }
  }
  network.on("zoom", landmarkSizes);

  // Tooltips are written when first needed (on hover, before vis-network shows them): a
  // large graph loads faster.
  var titled = {nodes: {}, edges: {}};
  network.on("hoverNode", function (params) {
    if (titled.nodes[params.node]) { return; }
    titled.nodes[params.node] = true;
    var i = index[params.node];
    var d = DATA.nodes[i];
    nodes.update({id: params.node, title: tooltip(NODES[i].label, d.summary, d.facts, d.cites)});
  });
  network.on("hoverEdge", function (params) {
    if (titled.edges[params.edge]) { return; }
    titled.edges[params.edge] = true;
    var d = DATA.edges[edgeIndex[params.edge]];
    edges.update({id: params.edge, title: tooltip(d.sentence, d.dates, [], d.cites)});
  });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : null;
  }

  // ------------------------------------------------------------ details ("says who?")
  var box = document.getElementById("details");
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
  function showNode(id) {
    var d = DATA.nodes[index[id]];
    showDetails(NODES[index[id]].label, d.summary, d.facts, d.cites);
  }
  function showEdge(id) {
    var d = DATA.edges[edgeIndex[id]];
    showDetails(d.sentence, [UI.link, d.dates].filter(Boolean).join(" \u00b7 "), [], d.cites);
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      showNode(params.nodes[0]);
    } else if (params.edges.length) {
      showEdge(params.edges[0]);
    }
  });

  // ------------------------------------------------------------ filters
  var links = NODES.map(function () { return []; });  // per node: [other node, edge]
  EDGES.forEach(function (e, i) {
    links[index[e.from]].push([index[e.to], i]);
    links[index[e.to]].push([index[e.from], i]);
  });
  var kindBoxes = Array.prototype.slice.call(document.querySelectorAll("#kinds input[type=checkbox]"));
  var topicSelect = document.getElementById("topic");
  var countrySelect = document.getElementById("country");
  var yearFrom = document.getElementById("year-from");
  var yearTo = document.getElementById("year-to");
  var filterStatus = document.getElementById("filter-status");
  DATA.topics.forEach(function (t, i) { topicSelect.appendChild(new Option(t[1], String(i))); });
  DATA.countries.forEach(function (c, i) { countrySelect.appendChild(new Option(c[1], String(i))); });
  var hiddenNodes = NODES.map(function () { return false; });
  var hiddenEdges = EDGES.map(function () { return false; });

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
  // The same rule as graph/view/filters.py (Filters.state and select).
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
  function follows(i, states, f) {
    var s = states[i];
    if (s !== "unknown" && s !== "undated") { return false; }
    return links[i].some(function (link) {
      var other = states[link[0]];
      var years = DATA.edges[link[1]].years;
      var dated = s === "undated" && years.length > 0 && inYears(years, f);
      return other === "yes" || (dated && other !== "no");
    });
  }
  function applyFilters() {
    var f = readFilters();
    var states = DATA.nodes.map(function (d) { return state(d, f); });
    var shown = 0;
    var nodeChanges = [];
    NODES.forEach(function (n, i) {
      var s = states[i];
      var keep = s === "yes" || follows(i, states, f);
      if (keep) { shown += 1; }
      if (keep === hiddenNodes[i]) {
        hiddenNodes[i] = !keep;
        nodeChanges.push({id: n.id, hidden: !keep});
      }
    });
    var byYears = f.from !== null || f.to !== null;
    var edgeChanges = [];
    EDGES.forEach(function (e, i) {
      var years = DATA.edges[i].years;
      var hide = byYears && years.length > 0 && !inYears(years, f);
      if (hide !== hiddenEdges[i]) {
        hiddenEdges[i] = hide;
        edgeChanges.push({id: e.id, hidden: hide});
      }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    if (network.getSelectedNodes().some(function (id) { return hiddenNodes[index[id]]; })) { network.unselectAll(); }
    filterStatus.textContent = words("showing", {shown: shown, total: NODES.length});
    if (shown) { network.fit({animation: false}); landmarkSizes(); }
  }
  kindBoxes.forEach(function (b) { b.addEventListener("change", applyFilters); });
  [topicSelect, countrySelect].forEach(function (s) { s.addEventListener("change", applyFilters); });
  [yearFrom, yearTo].forEach(function (input) {
    input.addEventListener("change", applyFilters);
    input.addEventListener("keyup", function (e) { if (e.key === "Enter") { applyFilters(); } });
  });
  document.getElementById("reset").addEventListener("click", function () {
    kindBoxes.forEach(function (b) { b.checked = true; });
    topicSelect.value = "";
    countrySelect.value = "";
    yearFrom.value = "";
    yearTo.value = "";
    applyFilters();
  });
  filterStatus.textContent = words("showing", {shown: NODES.length, total: NODES.length});

  // ------------------------------------------------------------ search
  var search = document.getElementById("search");
  var status = document.getElementById("search-status");
  var names = document.getElementById("names");
  var listed = false;
  function listNames() {  // filled when first needed: a large graph loads faster
    if (listed) { return; }
    listed = true;
    var seen = {};
    NODES.map(function (n) { return n.label; }).sort().forEach(function (label) {
      if (seen[label]) { return; }
      seen[label] = true;
      var option = document.createElement("option");
      option.value = label;
      names.appendChild(option);
    });
  }
  search.addEventListener("focus", listNames);
  function find() {
    var q = search.value.trim().toLowerCase();
    if (!q) { status.textContent = ""; return; }
    var hits = NODES.filter(function (n) { return n.label.toLowerCase().indexOf(q) !== -1; });
    var visible = hits.filter(function (n) { return !hiddenNodes[index[n.id]]; });
    if (!hits.length) { status.textContent = UI.no_match; return; }
    if (!visible.length) { status.textContent = words("hidden_matches", {n: hits.length}); return; }
    visible.sort(function (a, b) {
      return (a.label.toLowerCase() === q ? -1 : 0) - (b.label.toLowerCase() === q ? -1 : 0);
    });
    var hit = visible[0];
    network.selectNodes([hit.id]);
    network.focus(hit.id, {scale: 1.2, animation: false});
    landmarkSizes();
    showNode(hit.id);
    status.textContent = visible.length === 1 ? UI.one_match : words("matches", {n: visible.length});
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") { find(); } });

  // For tests and the curious: nodes are numbered in the page; iri() and id() translate.
  function iri(id) { return DATA.iris[index[id]]; }
  window.hrgraph = {
    network: network, nodes: nodes, edges: edges, data: DATA, timing: timing, applyFilters: applyFilters,
    iri: iri,
    id: function (name) { return NODES[DATA.iris.indexOf(name)].id; },
    shown: function () { return NODES.filter(function (n, i) { return !hiddenNodes[i]; }).map(function (n) { return iri(n.id); }); },
    selected: function () { return network.getSelectedNodes().map(iri); }
  };
