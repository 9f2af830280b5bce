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
  // Printed, the drawing has the page's size (graph.css): fit it there; back on screen, the
  // reader's zoom and position come back (as last drawn on screen: vis-network rescales the
  // view when the canvas changes size, before the media change is heard).
  var printing = window.matchMedia("print");
  var onScreen = null;
  network.on("afterDrawing", function () {
    if (!printing.matches) { onScreen = {position: network.getViewPosition(), scale: network.getScale()}; }
  });
  printing.addEventListener("change", function () {
    var back = onScreen;
    if (printing.matches) {
      network.redraw();
      network.fit({animation: false});
      landmarkSizes();
    } else if (back) {
      requestAnimationFrame(function () {  // once vis-network has its screen size again
        network.moveTo({position: back.position, scale: back.scale, animation: false});
        landmarkSizes();
      });
    }
  });

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
    showActions(index[id]);
  }
  function showEdge(id) {
    var d = DATA.edges[edgeIndex[id]];
    showDetails(d.sentence, [UI.link, d.dates].filter(Boolean).join(" \u00b7 "), [], d.cites);
    showActions(null);
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
  var keptByFilters = NODES.map(function () { return true; });
  // The focus (`hrgraph viz --focus`, in the page): what is at most `depth` links away from the
  // focus nodes among what the filters keep, and every neighbour of an expanded node.
  var focus = null;  // {id: the short id asked for, nodes: [node index]}
  var expanded = [];  // node indices
  var depthInput = document.getElementById("depth");
  function depth() {
    var value = parseInt(depthInput.value, 10);
    return isNaN(value) ? 1 : Math.max(0, Math.min(9, value));
  }
  function around(kept) {
    var reached = NODES.map(function () { return false; });
    var layer = focus.nodes.slice();
    layer.forEach(function (i) { reached[i] = true; });
    function step(from) {
      var next = [];
      from.forEach(function (i) {
        links[i].forEach(function (link) {
          var j = link[0];
          if (kept[j] && !reached[j]) { reached[j] = true; next.push(j); }
        });
      });
      return next;
    }
    for (var d = depth(); d > 0 && layer.length; d--) { layer = step(layer); }
    // An expanded node that is shown brings its neighbours, which may be expanded in turn.
    var done = {};
    for (var grew = true; grew;) {
      grew = false;
      expanded.forEach(function (i) {
        if (reached[i] && !done[i]) { done[i] = true; grew = true; step([i]); }
      });
    }
    return reached;
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
    keptByFilters = states.map(function (s, i) { return s === "yes" || follows(i, states, f); });
    var reached = focus ? around(keptByFilters) : keptByFilters;
    var shown = 0;
    var nodeChanges = [];
    NODES.forEach(function (n, i) {
      var keep = reached[i];
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
    if (actionsFor !== null) { showActions(hiddenNodes[actionsFor] ? null : actionsFor); }
    writeAddress();
  }
  kindBoxes.forEach(function (b) { b.addEventListener("change", applyFilters); });
  [topicSelect, countrySelect].forEach(function (s) { s.addEventListener("change", applyFilters); });
  [yearFrom, yearTo, depthInput].forEach(function (input) {
    input.addEventListener("change", applyFilters);
    input.addEventListener("keyup", function (e) { if (e.key === "Enter") { applyFilters(); } });
  });
  document.getElementById("reset").addEventListener("click", function () {
    setFocus(null);
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

  // ------------------------------------------------------------ focus, expanding, the site
  var focusLabel = document.getElementById("focus-label");
  var focusRow = document.getElementById("focus-row");
  var focusName = document.getElementById("focus-name");
  function setFocus(id, nodes, name) {  // id: a short id; nodes: the node indices it stands for
    focus = id === null ? null : {id: id, nodes: nodes};
    expanded = [];
    focusLabel.hidden = focusRow.hidden = focus === null;
    focusName.textContent = focus ? name : "";
  }
  function selectFocus() {
    var shownFocus = focus.nodes.filter(function (i) { return !hiddenNodes[i]; });
    network.selectNodes(shownFocus.map(function (i) { return NODES[i].id; }));
    if (shownFocus.length === 1) { showNode(NODES[shownFocus[0]].id); }
  }
  function focusOn(i) {
    setFocus(shortId(DATA.iris[i]), [i], NODES[i].label);
    depthInput.value = "1";
    applyFilters();
    selectFocus();
  }
  function expand(i) {
    if (focus && expanded.indexOf(i) === -1) { expanded.push(i); }
    applyFilters();
    network.selectNodes([NODES[i].id]);
    showNode(NODES[i].id);
  }

  // What a node links to, by kind, before its neighbours are all shown; and its page.
  var SHORT_ID = /^[a-z][a-z0-9-]*\/[a-z0-9][a-z0-9._-]*$/;
  function shortId(iri) { return iri.replace(/\/+$/, "").split("/").slice(-2).join("/"); }
  var actions = document.getElementById("node-actions");
  var actionsFor = null;
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
    actionsFor = i;
    actions.replaceChildren();
    actions.hidden = i === null;
    if (i === null) { return; }
    var id = shortId(DATA.iris[i]);
    var row = el("p", null, "actions");
    if (SITE.pages && SITE.kinds.indexOf(NODES[i].group) !== -1 && SHORT_ID.test(id)) {
      var a = el("a", UI.open_page);
      a.href = SITE.pages + id + ".html";
      a.id = "open-page";
      row.appendChild(a);
    }
    if (!focus || focus.nodes.length !== 1 || focus.nodes[0] !== i) {
      row.appendChild(button(UI.focus_here, "focus-here", function () { focusOn(i); }));
    }
    actions.appendChild(row);
    var seen = {};
    var counts = {};
    var hidden = 0;
    links[i].forEach(function (link) {
      var j = link[0];
      if (j === i || seen[j] || !keptByFilters[j]) { return; }
      seen[j] = true;
      counts[NODES[j].group] = (counts[NODES[j].group] || 0) + 1;
      if (hiddenNodes[j]) { hidden += 1; }
    });
    var listed = kindBoxes.map(function (b) { return b.dataset.kind; }).filter(function (k) { return counts[k]; });
    if (!listed.length) { return; }
    var text = listed.map(function (k) { return words("kind_count", {kind: kindWords[k], n: counts[k]}); });
    actions.appendChild(el("p", words("hub", {name: NODES[i].label, counts: text.join(", ")}), "hub"));
    if (hidden) { actions.appendChild(button(words("show_all", {n: hidden}), "show-all", function () { expand(i); })); }
  }
  // ------------------------------------------------------------ the view in the address
  // #focus=person/keo-remy&depth=1&expand=...&hide=Place&topic=topic/x&country=country/y&from=2020&to=2025
  // Values are looked up among the page's own ids and kinds; anything else is ignored.
  var known = null;
  function ids() {  // short id -> what it names in the page; made when first needed
    if (known) { return known; }
    known = {nodes: Object.create(null), topics: Object.create(null), countries: Object.create(null), sources: Object.create(null)};
    DATA.iris.forEach(function (iri, i) { known.nodes[shortId(iri)] = i; });
    DATA.topics.forEach(function (t, i) { known.topics[shortId(t[0])] = i; });
    DATA.countries.forEach(function (c, i) { known.countries[shortId(c[0])] = i; });
    DATA.sources.forEach(function (s, i) {
      var id = shortId(s[0]);
      (known.sources[id] = known.sources[id] || []).push(i);
    });
    return known;
  }
  function pick(names, text) { return typeof text === "string" && text in names ? names[text] : null; }
  function citing(rows) {  // the nodes that cite one of these sources, or whose links do
    var found = NODES.map(function () { return false; });
    function cites(list) { return list.some(function (c) { return rows.indexOf(c[0]) !== -1; }); }
    DATA.nodes.forEach(function (d, i) { if (cites(d.cites)) { found[i] = true; } });
    DATA.edges.forEach(function (d, i) {
      if (cites(d.cites)) { found[index[EDGES[i].from]] = true; found[index[EDGES[i].to]] = true; }
    });
    return found.map(function (yes, i) { return yes ? i : -1; }).filter(function (i) { return i >= 0; });
  }
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
    var names = ids();
    var hide = (v.hide || "").split(",");
    kindBoxes.forEach(function (b) { b.checked = hide.indexOf(b.dataset.kind) === -1; });
    var topic = pick(names.topics, v.topic);
    var country = pick(names.countries, v.country);
    topicSelect.value = topic === null ? "" : String(topic);
    countrySelect.value = country === null ? "" : String(country);
    yearFrom.value = year(v.from);
    yearTo.value = year(v.to);
    setFocus(null);
    depthInput.value = /^\d$/.test(v.depth || "") ? v.depth : "1";
    var node = pick(names.nodes, v.focus);
    var sources = pick(names.sources, v.focus);
    var cited = sources === null ? [] : citing(sources);
    if (node !== null) {
      setFocus(v.focus, [node], NODES[node].label);
    } else if (cited.length) {
      setFocus(v.focus, cited, DATA.sources[sources[0]][1] || v.focus);
    } else if (pick(names.topics, v.focus) !== null && topic === null) {
      topicSelect.value = String(names.topics[v.focus]);  // a topic is not drawn: its filter is the view of it
    }
    if (focus) {
      (v.expand || "").split(",").forEach(function (id) {
        var i = pick(names.nodes, id);
        if (i !== null && expanded.indexOf(i) === -1) { expanded.push(i); }
      });
    }
    applyFilters();
    if (focus) { selectFocus(); }
  }
  function encode(text) { return encodeURIComponent(text).replace(/%2F/g, "/"); }
  function address() {
    var f = readFilters();
    var parts = [];
    if (focus) {
      parts.push("focus=" + encode(focus.id), "depth=" + depth());
      if (expanded.length) {
        parts.push("expand=" + expanded.map(function (i) { return encode(shortId(DATA.iris[i])); }).join(","));
      }
    }
    var hidden = kindBoxes.filter(function (b) { return !b.checked; });
    if (hidden.length) { parts.push("hide=" + hidden.map(function (b) { return encode(b.dataset.kind); }).join(",")); }
    if (f.topic !== null) { parts.push("topic=" + encode(shortId(DATA.topics[f.topic][0]))); }
    if (f.country !== null) { parts.push("country=" + encode(shortId(DATA.countries[f.country][0]))); }
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
  if (location.hash.length > 1) { applyAddress(); }

  // For tests and the curious: nodes are numbered in the page; iri() and id() translate.
  function iri(id) { return DATA.iris[index[id]]; }
  window.hrgraph = {
    network: network, nodes: nodes, edges: edges, data: DATA, timing: timing, applyFilters: applyFilters,
    iri: iri,
    id: function (name) { return NODES[DATA.iris.indexOf(name)].id; },
    shown: function () { return NODES.filter(function (n, i) { return !hiddenNodes[i]; }).map(function (n) { return iri(n.id); }); },
    selected: function () { return network.getSelectedNodes().map(iri); },
    focus: function () { return focus ? focus.id : null; }
  };
