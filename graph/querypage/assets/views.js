/* Result views beyond YASR's table, chosen by a `#defaultView:Name` comment in the query (as on
   the Wikidata Query Service): Timeline (rows on a time axis by their first date column),
   BarChart (a label column and a number column) and Graph (CONSTRUCT results, or rows of two
   IRIs: a link between them). Small SVG drawings, no library. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var DATE = /^-?\d{4}(-\d{2}(-\d{2})?)?/;
  var helpers;

  function svg(tag, attributes, text) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (k) { el.setAttribute(k, attributes[k]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function icon(letter) {
    var drawn = svg("svg", { viewBox: "0 0 20 20", width: "16", height: "16", "aria-hidden": "true" });
    drawn.appendChild(svg("text", { x: "10", y: "15", "text-anchor": "middle", "font-size": "14" }, letter));
    var box = document.createElement("span");
    box.appendChild(drawn);
    return box;
  }

  function linked(term, shown) {
    var page = term && term.type === "uri" ? helpers.pageOf(term.value) : null;
    if (!page) return svg("text", {}, shown);
    var link = svg("a", { href: page });
    link.appendChild(svg("text", {}, shown));
    return link;
  }

  function label(term) {
    if (!term) return "";
    if (term.type !== "uri") return term.value;
    var best = "";
    Object.keys(helpers.prefixes).forEach(function (p) {
      var namespace = helpers.prefixes[p];
      if (term.value.indexOf(namespace) === 0 && namespace.length > (helpers.prefixes[best] || "").length) best = p;
    });
    return best ? best + ":" + term.value.slice(helpers.prefixes[best].length) : term.value;
  }

  function bindings(yasr) {
    return (yasr.results && yasr.results.getBindings()) || [];
  }

  function variables(yasr) {
    return (yasr.results && yasr.results.getVariables()) || [];
  }

  function dateColumn(yasr) {
    var rows = bindings(yasr);
    return variables(yasr).find(function (v) {
      return rows.length > 0 && rows.every(function (r) { return !r[v] || (r[v].type !== "uri" && DATE.test(r[v].value)); }) &&
        rows.some(function (r) { return r[v]; });
    });
  }

  function numberColumn(yasr) {
    var rows = bindings(yasr);
    return variables(yasr).find(function (v) {
      return rows.length > 0 && rows.every(function (r) { return r[v] && r[v].type !== "uri" && isFinite(Number(r[v].value)); });
    });
  }

  function dayNumber(value) {
    var parts = DATE.exec(value)[0].split("-");
    var negative = value[0] === "-";
    if (negative) parts = parts.slice(1);
    var year = Number(parts[0]) * (negative ? -1 : 1);
    return year * 372 + (Number(parts[1] || 1) - 1) * 31 + Number(parts[2] || 1);
  }

  function frame(yasr, className, width, height, label) {
    // a group, not an image: its marks are links to the site's pages, which an image would hide
    var drawn = svg("svg", { class: className, viewBox: "0 0 " + width + " " + height, width: "100%",
      role: "group", "aria-label": label });
    yasr.resultsEl.appendChild(drawn);
    return drawn;
  }

  function Timeline(yasr) { this.yasr = yasr; this.label = "Timeline"; this.priority = 0; }
  Timeline.prototype.canHandleResults = function () { return Boolean(dateColumn(this.yasr)); };
  Timeline.prototype.getIcon = function () { return icon("⏱"); };
  Timeline.prototype.draw = function () {
    var column = dateColumn(this.yasr);
    var names = variables(this.yasr).filter(function (v) { return v !== column; });
    var rows = bindings(this.yasr).filter(function (r) { return r[column]; });
    rows.sort(function (a, b) { return dayNumber(a[column].value) - dayNumber(b[column].value); });
    var first = dayNumber(rows[0][column].value), last = dayNumber(rows[rows.length - 1][column].value);
    var width = 900, step = 22, height = rows.length * step + 40, left = 180, right = width - 20;
    var drawn = frame(this.yasr, "view-timeline", width, height, this.label);
    drawn.appendChild(svg("line", { x1: left, y1: 20, x2: right, y2: 20, class: "axis" }));
    drawn.appendChild(svg("text", { x: left, y: 14 }, rows[0][column].value.slice(0, 10)));
    drawn.appendChild(svg("text", { x: right, y: 14, "text-anchor": "end" }, rows[rows.length - 1][column].value.slice(0, 10)));
    rows.forEach(function (row, i) {
      var x = last === first ? (left + right) / 2 : left + ((dayNumber(row[column].value) - first) / (last - first)) * (right - left);
      var y = 40 + i * step;
      var mark = svg("g", { class: "mark" });
      mark.appendChild(svg("circle", { cx: x, cy: y - 4, r: 5 }));
      var caption = linked(row[names[0]], row[column].value + "  " + label(row[names[0]]));
      caption.setAttribute("transform", "translate(" + (x > width / 2 ? x - 10 : x + 10) + "," + y + ")");
      if (x > width / 2) caption.setAttribute("text-anchor", "end");
      mark.appendChild(caption);
      drawn.appendChild(mark);
    });
  };

  function BarChart(yasr) { this.yasr = yasr; this.label = "BarChart"; this.priority = 0; }
  BarChart.prototype.canHandleResults = function () { return Boolean(numberColumn(this.yasr)); };
  BarChart.prototype.getIcon = function () { return icon("▮"); };
  BarChart.prototype.draw = function () {
    var value = numberColumn(this.yasr);
    var name = variables(this.yasr).find(function (v) { return v !== value; });
    var rows = bindings(this.yasr);
    var most = Math.max.apply(null, rows.map(function (r) { return Math.abs(Number(r[value].value)); }).concat([1]));
    var width = 900, step = 24, left = 260, right = width - 80;
    var drawn = frame(this.yasr, "view-barchart", width, rows.length * step + 10, this.label);
    rows.forEach(function (row, i) {
      var y = 5 + i * step, length = (Math.abs(Number(row[value].value)) / most) * (right - left);
      var caption = linked(name ? row[name] : null, name ? label(row[name]) : String(i + 1));
      caption.setAttribute("transform", "translate(" + (left - 8) + "," + (y + 15) + ")");
      caption.setAttribute("text-anchor", "end");
      drawn.appendChild(caption);
      drawn.appendChild(svg("rect", { x: left, y: y + 3, width: Math.max(length, 1), height: step - 6, class: "bar" }));
      drawn.appendChild(svg("text", { x: left + length + 6, y: y + 15 }, row[value].value));
    });
  };

  function edges(yasr) {
    var rows = bindings(yasr);
    var names = variables(yasr);
    if (names.indexOf("subject") >= 0 && names.indexOf("object") >= 0 && yasr.results.getType() === "ttl") {
      return rows.filter(function (r) { return r.object.type === "uri"; }).map(function (r) { return [r.subject, r.object]; });
    }
    var iris = names.filter(function (v) { return rows.length > 0 && rows.every(function (r) { return r[v] && r[v].type === "uri"; }); });
    return iris.length >= 2 ? rows.map(function (r) { return [r[iris[0]], r[iris[1]]]; }) : [];
  }

  function Graph(yasr) { this.yasr = yasr; this.label = "Graph"; this.priority = 0; }
  Graph.prototype.canHandleResults = function () { return edges(this.yasr).length > 0; };
  Graph.prototype.getIcon = function () { return icon("⬡"); };
  Graph.prototype.draw = function () {
    var pairs = edges(this.yasr).slice(0, 400);
    var nodes = [], index = {};
    pairs.forEach(function (pair) {
      pair.forEach(function (term) {
        if (!(term.value in index)) { index[term.value] = nodes.length; nodes.push(term); }
      });
    });
    var size = 800, middle = size / 2, radius = size / 2 - 120;
    var drawn = frame(this.yasr, "view-graph", size, size, this.label);
    var at = nodes.map(function (_, i) {
      var angle = (2 * Math.PI * i) / nodes.length;
      return [middle + radius * Math.cos(angle), middle + radius * Math.sin(angle)];
    });
    pairs.forEach(function (pair) {
      var a = at[index[pair[0].value]], b = at[index[pair[1].value]];
      drawn.appendChild(svg("line", { x1: a[0], y1: a[1], x2: b[0], y2: b[1], class: "edge" }));
    });
    nodes.forEach(function (term, i) {
      var node = svg("g", { class: "node" });
      node.appendChild(svg("circle", { cx: at[i][0], cy: at[i][1], r: 6 }));
      var caption = linked(term, label(term));
      caption.setAttribute("transform", "translate(" + (at[i][0] + 8) + "," + (at[i][1] + 4) + ")");
      node.appendChild(caption);
      drawn.appendChild(node);
    });
  };

  var VIEWS = { Timeline: Timeline, BarChart: BarChart, Graph: Graph };

  window.hrgraphViews = {
    names: Object.keys(VIEWS),
    register: function (Yasr, pageHelpers) {
      helpers = pageHelpers;
      Object.keys(VIEWS).forEach(function (name) { Yasr.registerPlugin(name, VIEWS[name]); });
    },
  };
})();
