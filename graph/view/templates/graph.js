  // The page's behaviour (graph/view/templates/graph.js): graph.html.j2 includes it in the
  // function that declares the page's data, NODES, EDGES, DATA, UI and options, after
  // graph-common.js (window.hrgraphView, what it shares with big.js).
  var V = window.hrgraphView;
  V.linkSiteHome(SITE);
  var timing = {};

  function words(key, values) { return V.words(UI, key, values); }
  function sourcesOf(cites) { return V.sourcesOf(cites, DATA.sources); }
  function tooltip(label, summary, facts, cites) { return V.tooltip(UI, label, summary, facts, sourcesOf(cites)); }
  var index = {};
  NODES.forEach(function (n, i) { index[n.id] = i; });
  var edgeIndex = {};
  EDGES.forEach(function (e, i) { edgeIndex[e.id] = i; });

  var drawn = V.drawing(NODES, EDGES, options, timing);
  var graphBox = document.getElementById("graph");  // the drawing's box on the page
  var nodes = drawn.nodes;
  var edges = drawn.edges;
  var network = drawn.network;
  // Landmarks (the most linked nodes, named large enough to read in the whole graph) go back
  // to their usual size as one zooms in. When the filters or a focus leave few nodes, spread
  // over the whole graph's layout, every one is named as a landmark is: there is nothing to
  // zoom into, and the reader could read none of the others. A shape that holds its label
  // (a post's ellipse, an organisation's box) grows with it: it keeps its size, except when a
  // focus draws the few nodes in rings (below), where each has room.
  var FEW = 40;
  var moved = [];  // the nodes drawn in rings, away from their place in the whole layout
  var INSIDE_WRAP = 0.65;  // a name inside a shape, enlarged on a ring, wraps at this share of its usual width
  var INSIDE_READABLE = 9;  // and is written this large on screen (px): a shape grows with its name
  var RING_WRAP = 12;  // a name beside a node on a ring wraps at this width, in em of its size
  var shownNodes = NODES.length;
  V.hintZoom(network, function () { return shownNodes <= FEW; });
  var labels = NODES.map(function (n) {
    var group = options.groups[n.group];
    var base = group && group.font ? group.font.size : 18;
    var inside = Boolean(group) && LABEL_INSIDE.indexOf(group.shape) >= 0;
    var wrap = group && group.widthConstraint ? group.widthConstraint.maximum : 0;
    return {id: n.id, large: n.font ? n.font.size : 0, base: base, size: n.font ? n.font.size : base, inside: inside, wrap: wrap, ringed: false};
  });
  function landmarkSizes() {
    var scale = network.getScale();
    var few = shownNodes <= FEW;
    var changes = [];
    labels.forEach(function (l, i) {
      var named = few && !hiddenNodes[i];
      var large = named && (!l.inside || moved.length) ? Infinity : l.large;
      var readable = l.inside ? INSIDE_READABLE : READABLE;
      var size = Math.max(l.base, Math.min(large, Math.round(readable / scale)));
      var ringed = !l.inside && moved.indexOf(i) >= 0;  // a name beside a node on a ring
      if (size === l.size && ringed === l.ringed) { return; }
      l.size = size;
      l.ringed = ringed;
      var change = {id: l.id, font: {size: size}};
      // a shape that holds its name grows with it: it wraps narrower, to stay clear of its
      // neighbours on a ring (about 11 characters a line on screen, where 17 fit otherwise)
      if (l.inside && l.wrap) { change.widthConstraint = {maximum: Math.round(l.wrap * (size === l.base ? 1 : INSIDE_WRAP) * size / l.base)}; }
      // and a name beside a node on a ring is written on lines of at most RING_WRAP em
      if (!l.inside) { change.widthConstraint = ringed ? {maximum: Math.round(RING_WRAP * size)} : false; }
      changes.push(change);
    });
    if (changes.length) { nodes.update(changes); }
  }
  network.on("zoom", landmarkSizes);
  network.once("afterDrawing", landmarkSizes);  // the first fit: a small graph drawn wide is named too
  // Printed, the drawing has the page's size (graph.css): fit it there; back on screen, the
  // reader's zoom and position come back. The screen's view is kept at the first sign of
  // print: the media change, or vis-network's "resize" if it sees the printed size first (it
  // looks every second; the event comes before it rescales the view to the new size).
  var printing = window.matchMedia("print");
  var onScreen = null;
  function keepScreenView(width, height) {
    if (onScreen) { return; }
    onScreen = {position: network.DOMtoCanvas({x: width / 2, y: height / 2}), scale: network.getScale()};
  }
  network.on("resize", function (size) {
    if (printing.matches) { keepScreenView(size.oldWidth, size.oldHeight); }
  });
  printing.addEventListener("change", function () {
    if (printing.matches) {
      network.redraw();  // takes the printed size now ("resize" keeps the view if it changed)
      keepScreenView(graphBox.clientWidth, graphBox.clientHeight);
      network.fit({animation: false});
      landmarkSizes();
      return;
    }
    requestAnimationFrame(function () {  // once the page has its screen layout again
      network.redraw();  // takes the screen size now, not at vis-network's next look
      var back = onScreen;
      onScreen = null;
      if (back) { network.moveTo({position: back.position, scale: back.scale, animation: false}); }
      landmarkSizes();
    });
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

  // ------------------------------------------------------------ details ("says who?")
  var box = document.getElementById("details");
  function showDetails(title, subtitle, facts, cites, fallback) { V.showDetails(box, UI, title, subtitle, facts, sourcesOf(cites), fallback); }
  function showNode(id) {
    var d = DATA.nodes[index[id]];
    showDetails(NODES[index[id]].label, d.summary, d.facts, d.cites, d.fallback);
    showActions(index[id]);
  }
  function showEdge(id) {
    var d = DATA.edges[edgeIndex[id]];
    showDetails(d.sentence, V.edgeSubtitle(UI, d.dates), [], d.cites);
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
  var controls = V.controls();
  var kindBoxes = controls.kindBoxes;
  var depthInput = controls.depth;
  var filterStatus = document.getElementById("filter-status");
  V.fillFacets(controls, DATA);
  var hiddenNodes = NODES.map(function () { return false; });
  var hiddenEdges = EDGES.map(function () { return false; });
  var keptByFilters = NODES.map(function () { return true; });
  // The focus (`hrgraph viz --focus`, in the page): what is at most `depth` links away from the
  // focus nodes among what the filters keep, and every neighbour of an expanded node.
  var focus = null;  // {id: the short id asked for, nodes: [node index]}
  var expanded = [];  // node indices
  function depth() { return V.depth(controls); }
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

  // A focus that leaves few nodes draws them in rings around it (V.rings), one for each link
  // away, each layer in the directions the whole graph's layout gives its nodes: spread over the
  // whole layout, a few nodes are drawn too small to be named, and a post's ellipse holds its
  // name inside.
  var RING_GAP = 400;  // canvas units at least between two nodes of a ring, and between rings
  var RING_MARGIN = 0.92;  // the rings' drawing is fitted, then zoomed out by this
  // A ring holds its names where its length on screen is what they need (spaceByNames). A
  // phone's screen fits the rings at about a third of that scale, and their names pile up:
  // there the view is zoomed in on the focus up to that scale, as far as the rings then
  // reach the screen's longer side; the reader moves around them to read the others. A
  // desktop's screen fits them at 0.73-0.84 of it (the names hold, or nearly): kept whole.
  var RING_CRAMPED = 0.6;  // rings fitted at less than this share of that scale are drawn closer
  var ringView = null;  // {scale: the least at which every ring holds its names, radius: the
  // outer ring's, in canvas units, x, y: the focus}
  function rings(reached) {
    var centre = focus.nodes.filter(function (i) { return reached[i]; });
    if (!centre.length) { return {}; }
    var cx = 0, cy = 0;
    centre.forEach(function (i) { cx += NODES[i].x / centre.length; cy += NODES[i].y / centre.length; });
    ringView = {scale: 0, radius: 0, x: cx, y: cy};
    function clockwise(i) {  // from the top, as V.rings places them
      var a = Math.atan2(NODES[i].y - cy, NODES[i].x - cx) + Math.PI / 2;
      return a < 0 ? a + 2 * Math.PI : a;
    }
    var placed = NODES.map(function () { return false; });
    var layers = [];
    for (var layer = centre; layer.length;) {
      layer.forEach(function (i) { placed[i] = true; });
      layers.push(layer.sort(function (a, b) { return clockwise(a) - clockwise(b) || a - b; }));
      var next = [];
      layer.forEach(function (i) {
        links[i].forEach(function (link) {
          var j = link[0];
          if (reached[j] && !placed[j]) { placed[j] = true; next.push(j); }
        });
      });
      layer = next;
    }
    var at = V.rings(layers, RING_GAP, RING_GAP, true);
    layers.forEach(function (layer) {
      if (layer.length > 2) { ringView.scale = Math.max(ringView.scale, spaceByNames(layer, at)); }
      if (layer.length) { ringView.radius = Math.max(ringView.radius, Math.hypot(at[layer[0]][0], at[layer[0]][1])); }
    });
    var places = {};
    Object.keys(at).forEach(function (i) { places[i] = {x: cx + at[i][0], y: cy + at[i][1]}; });
    return places;
  }
  // A ring's nodes spaced by their names, not evenly: a name is written under its node (or
  // inside its shape) and is wide, so two nodes near the top or the bottom of a ring need as
  // much room between them as their names are wide, two at its sides only their lines'
  // height (and a name under a node reaches towards the next one down). Each gap is the share
  // of the ring the two on either side of it need where they stand (found again a few times,
  // as they move); the ring is then turned back to where its nodes were on the whole (the
  // directions of the whole layout).
  var NAME_GAP = 8;  // room between two names on screen, px
  var SHAPE = 9;  // a node's shape above its name, px on screen (about)
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = "100px arial";  // vis-network's face: a name's width in em is its width here / 100
  function nameBox(i) {  // [left, top, right, bottom] of a node and its name drawn among few
    var l = labels[i];   // (a ring, or the filters' few), on screen (px), from the node's centre
    var width = measure.measureText(String(NODES[i].label || "")).width / 100;  // in em
    if (!l.inside) {  // lines (as landmarkSizes wraps them) under the node's shape
      var lines = Math.max(1, Math.ceil((1.15 * width) / RING_WRAP));
      var half = (READABLE * Math.min(width, RING_WRAP)) / 2;
      return [-half, -SHAPE, half, SHAPE + READABLE * 1.25 * lines];
    }
    var wrap = l.wrap ? (l.wrap * INSIDE_WRAP) / l.base : width;  // as landmarkSizes wraps it
    var rows = Math.max(1, Math.ceil((1.15 * width) / Math.max(wrap, 1)));  // words wrap short of it
    var w = INSIDE_READABLE * (1.45 * Math.min(width, wrap) + 1) / 2;  // the ellipse around the lines
    var h = INSIDE_READABLE * (1.9 * rows + 1) / 2;
    return [-w, -h, w, h];
  }
  function reach(box, tx, ty) {  // how far a box reaches in the direction (tx, ty)
    return Math.max(box[0] * tx, box[2] * tx) + Math.max(box[1] * ty, box[3] * ty);
  }
  function spaceByNames(layer, at) {  // the least scale at which the ring holds its names
    var radius = Math.hypot(at[layer[0]][0], at[layer[0]][1]);
    var length = 0;  // of the ring on screen, px, that its names need
    var boxes = layer.map(nameBox);
    var before = layer.map(function (i) { return Math.atan2(at[i][1], at[i][0]); });
    var angles = before.slice();
    var n = layer.length;
    for (var round = 0; round < 5; round++) {
      var needs = angles.map(function (a, k) {  // from node k to the next, clockwise
        var b = angles[(k + 1) % n];
        var m = a + Math.atan2(Math.sin(b - a), Math.cos(b - a)) / 2;  // the way between them
        var tx = -Math.sin(m), ty = Math.cos(m);
        return reach(boxes[k], tx, ty) + reach(boxes[(k + 1) % n], -tx, -ty) + NAME_GAP;
      });
      var total = needs.reduce(function (x, y) { return x + y; }, 0);
      length = total;
      var next = [0];
      for (var k = 1; k < n; k++) { next.push(next[k - 1] + (2 * Math.PI * needs[k - 1]) / total); }
      var turn = 0;  // the mean turn that brings the nodes back to their directions
      next.forEach(function (a, k) { turn += Math.atan2(Math.sin(before[k] - a), Math.cos(before[k] - a)); });
      turn /= n;
      angles = next.map(function (a) { return a + turn; });
    }
    layer.forEach(function (i, k) {
      at[i] = [Math.round(radius * Math.cos(angles[k])), Math.round(radius * Math.sin(angles[k]))];
    });
    return radius > 0 ? length / (2 * Math.PI * radius) : 0;
  }
  // Few nodes left by the filters (no focus) keep their places in the whole layout, pushed apart
  // where two names would overlap: a name keeps its size on screen whatever the zoom, so only
  // where the nodes stand against each other on the fitted screen counts. Each round fits the
  // places to the screen, then moves each overlapping pair apart the shorter way.
  var SPREAD_ROUNDS = 80;
  var SPREAD_ROOM = 0.3;  // the share of the screen the names may cover for them to be pushed apart
  function spread(reached) {
    var shown = [];
    reached.forEach(function (keep, i) { if (keep) { shown.push(i); } });
    if (shown.length < 2) { return {}; }
    var width = Math.max(graphBox.clientWidth, 200) * RING_MARGIN;
    var height = Math.max(graphBox.clientHeight, 200) * RING_MARGIN;
    var boxes = shown.map(nameBox);
    var area = boxes.reduce(function (sum, x) { return sum + (x[2] - x[0]) * (x[3] - x[1]); }, 0);
    if (area > SPREAD_ROOM * width * height) { return {}; }  // a small screen: no room to push into
    var at = shown.map(function (i) { return [NODES[i].x, NODES[i].y]; });
    function fitted() {  // the places on a screen that holds the nodes and their names
      var low = [Infinity, Infinity], high = [-Infinity, -Infinity], over = [0, 0];
      at.forEach(function (p, k) {
        low = [Math.min(low[0], p[0]), Math.min(low[1], p[1])];
        high = [Math.max(high[0], p[0]), Math.max(high[1], p[1])];
        over = [Math.max(over[0], boxes[k][2] - boxes[k][0]), Math.max(over[1], boxes[k][3] - boxes[k][1])];
      });
      var room = [Math.max(width - over[0], width / 4), Math.max(height - over[1], height / 4)];  // a name wider than the screen
      var k = Math.min(room[0] / Math.max(high[0] - low[0], 1), room[1] / Math.max(high[1] - low[1], 1));
      return at.map(function (p) { return [(p[0] - low[0]) * k, (p[1] - low[1]) * k]; });
    }
    for (var round = 0; round < SPREAD_ROUNDS; round++) {
      at = fitted();
      var crossed = false;
      for (var a = 0; a < shown.length; a++) {
        for (var b = a + 1; b < shown.length; b++) {
          var pa = at[a], pb = at[b], ba = boxes[a], bb = boxes[b];
          var wide = Math.min(pa[0] + ba[2], pb[0] + bb[2]) - Math.max(pa[0] + ba[0], pb[0] + bb[0]) + NAME_GAP;
          var tall = Math.min(pa[1] + ba[3], pb[1] + bb[3]) - Math.max(pa[1] + ba[1], pb[1] + bb[1]) + NAME_GAP;
          if (wide <= 0 || tall <= 0) { continue; }
          crossed = true;
          var axis = wide < tall ? 0 : 1;
          var away = (pa[axis] < pb[axis] || (pa[axis] === pb[axis] && a < b)) ? -1 : 1;
          var push = (Math.min(wide, tall) / 2) * away;
          pa[axis] += push;
          pb[axis] -= push;
        }
      }
      if (!crossed) { break; }
    }
    var places = {};
    shown.forEach(function (i, k) { places[i] = {x: Math.round(at[k][0] * 4), y: Math.round(at[k][1] * 4)}; });
    return places;
  }
  function fitRings() {  // the rings fitted a little wider; closer, on the focus, when cramped
    var scale = network.getScale() * RING_MARGIN;
    if (ringView === null || scale >= ringView.scale * RING_CRAMPED) {
      network.moveTo({scale: scale, animation: false});
      return;
    }
    var longer = ((Math.max(graphBox.clientWidth, graphBox.clientHeight) / 2) * RING_MARGIN) / Math.max(ringView.radius, 1);
    var closer = Math.max(scale, Math.min(ringView.scale, longer));
    network.moveTo({position: {x: ringView.x, y: ringView.y}, scale: closer, animation: false});
  }
  function placeFew(reached, shown) {  // a focus in rings, or the few the filters leave pushed apart
    var few = shown <= FEW, filtered = shown < NODES.length;  // everything: the layout as it is
    ringView = null;  // set by rings()
    var places = few ? (focus ? rings(reached) : filtered ? spread(reached) : {}) : {};
    var changes = [];
    moved.forEach(function (i) {
      if (!places[i]) { changes.push({id: NODES[i].id, x: NODES[i].x, y: NODES[i].y}); }
    });
    moved = Object.keys(places).map(Number);
    moved.forEach(function (i) { changes.push({id: NODES[i].id, x: places[i].x, y: places[i].y}); });
    if (changes.length) { nodes.update(changes); }
  }

  function readFilters() { return V.readFilters(controls); }
  var inYears = V.inYears;
  var state = V.state;  // the same rule as graph/view/filters.py (Filters.state and select)
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
    placeFew(reached, shown);
    if (network.getSelectedNodes().some(function (id) { return hiddenNodes[index[id]]; })) { network.unselectAll(); }
    filterStatus.textContent = words("showing", {shown: shown, total: NODES.length});
    shownNodes = shown;
    if (shown) {
      network.fit({animation: false});  // fitted to the nodes: a little wider for the names beside them
      if (moved.length) { fitRings(); }
      landmarkSizes();
    }
    if (actionsFor !== null) { showActions(hiddenNodes[actionsFor] ? null : actionsFor); }
    writeAddress();
  }
  V.onChange(controls, applyFilters);
  document.getElementById("reset").addEventListener("click", function () {
    setFocus(null);
    V.clearFilters(controls);
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
    V.showName(focusName, UI, focus ? name : "", focus && nodes.length === 1 ? DATA.nodes[nodes[0]].fallback : "");
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
  var shortId = V.shortId;
  var actions = document.getElementById("node-actions");
  var actionsFor = null;
  var button = V.button;
  function showActions(i) {
    actionsFor = i;
    actions.replaceChildren();
    actions.hidden = i === null;
    if (i === null) { return; }
    var id = shortId(DATA.iris[i]);
    var row = V.el("p", null, "actions");
    var link = V.pageLink(SITE, UI, NODES[i].group, id);
    if (link) { row.appendChild(link); }
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
    var hubLine = V.hub(UI, kindBoxes, counts, NODES[i].label);
    if (!hubLine) { return; }
    actions.appendChild(hubLine);
    if (hidden) { actions.appendChild(button(words("show_all", {n: hidden}), "show-all", function () { expand(i); })); }
  }
  // ------------------------------------------------------------ the view in the address
  // (the address's form and reading are in graph-common.js)
  var known = null;
  function ids() {  // short id -> what it names in the page; made when first needed
    if (known) { return known; }
    known = {nodes: Object.create(null), topics: Object.create(null), countries: Object.create(null), sources: Object.create(null)};
    DATA.iris.forEach(function (iri, i) { known.nodes[shortId(iri)] = i; });
    var facets = V.facetIds(DATA);
    known.topics = facets.topics;
    known.countries = facets.countries;
    DATA.sources.forEach(function (s, i) {
      var id = shortId(s[0]);
      (known.sources[id] = known.sources[id] || []).push(i);
    });
    return known;
  }
  var pick = V.pick;
  function citing(rows) {  // the nodes that cite one of these sources, or whose links do
    var found = NODES.map(function () { return false; });
    function cites(list) { return list.some(function (c) { return rows.indexOf(c[0]) !== -1; }); }
    DATA.nodes.forEach(function (d, i) { if (cites(d.cites)) { found[i] = true; } });
    DATA.edges.forEach(function (d, i) {
      if (cites(d.cites)) { found[index[EDGES[i].from]] = true; found[index[EDGES[i].to]] = true; }
    });
    return found.map(function (yes, i) { return yes ? i : -1; }).filter(function (i) { return i >= 0; });
  }
  var missing = "";  // what the address named that the graph lacks, said until the address changes
  function applyAddress() {
    var v = V.readAddress();
    if (status.textContent === missing) { status.textContent = missing = ""; }
    var names = ids();
    var topic = V.setFilters(controls, v, names);
    setFocus(null);
    var node = pick(names.nodes, v.focus);
    var sources = pick(names.sources, v.focus);
    var cited = sources === null ? [] : citing(sources);
    if (node !== null) {
      setFocus(v.focus, [node], NODES[node].label);
    } else if (cited.length) {
      setFocus(v.focus, cited, DATA.sources[sources[0]][1] || v.focus);
    } else if (pick(names.topics, v.focus) !== null && topic === null) {
      controls.topic.value = String(names.topics[v.focus]);  // a topic is not drawn: its filter is the view of it
    } else if (v.focus && pick(names.topics, v.focus) === null) {  // a link to what this graph lacks
      status.textContent = missing = v.focus + " " + UI.not_in_graph;
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
  function address() {
    var f = readFilters();
    var parts = [];
    if (focus) {
      parts.push("focus=" + V.encode(focus.id), "depth=" + depth());
      if (expanded.length) {
        parts.push("expand=" + expanded.map(function (i) { return V.encode(shortId(DATA.iris[i])); }).join(","));
      }
    }
    return parts.concat(V.filterAddress(controls, f, DATA)).join("&");
  }
  function writeAddress() { V.writeAddress(address()); }
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
