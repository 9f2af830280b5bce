// What the two network pages share (graph/view/templates/graph-common.js): inlined before the
// page's own script (graph.js, or big.js for a large graph) as window.hrgraphView. Its
// functions take what they work on as arguments; none holds a page's state.
// Every text comes from the data: it is set with textContent, value, new Option or as a
// vis-network title string (shown with innerText), never as HTML.
window.hrgraphView = (function () {
  "use strict";
  function clip(text, size) { return text.length <= size ? text : text.slice(0, size - 1) + "\u2026"; }
  function words(ui, key, values) {
    return ui[key].replace(/\{(\w+)\}/g, function (_, name) { return String(values[name]); });
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function button(text, id, action) {
    var b = el("button", text);
    b.type = "button";
    b.id = id;
    b.addEventListener("click", action);
    return b;
  }
  function safeUrl(url) { return /^https?:\/\//i.test(url || "") ? url : null; }

  // ------------------------------------------------------------ the drawing
  function drawing(nodeItems, edgeItems, options, timing) {  // vis-network in #graph, its first drawing timed
    var nodes = new vis.DataSet(nodeItems);
    var edges = new vis.DataSet(edgeItems);
    var network = new vis.Network(document.getElementById("graph"), {nodes: nodes, edges: edges}, options);
    network.once("afterDrawing", function () {
      timing.firstDraw = performance.now();
      setTimeout(function () { timing.ready = performance.now(); }, 0);
    });
    return {nodes: nodes, edges: edges, network: network};
  }
  function hintZoom(network, readableAnyway) {  // when names are too small to show, say how to read them
    var zoomHint = document.getElementById("zoom-hint");
    network.on("afterDrawing", function () {
      var readable = readableAnyway() || network.getScale() * 18 >= 7;
      if (zoomHint.hidden !== readable) { zoomHint.hidden = readable; }
    });
  }

  // ------------------------------------------------------------ details ("says who?")
  function sourcesOf(cites, rows) {  // rows: the sources by number, as the page has them
    return cites.map(function (c) {
      var s = rows[c[0]];
      return {id: s[0], title: s[1], publisher: s[2], date: s[3], url: s[4], quote: c[1]};
    });
  }
  function tooltip(ui, label, summary, facts, sources) {
    var lines = [label, summary];
    facts.forEach(function (f) { lines.push(f[0] + ": " + clip(f[1], 160)); });
    if (sources.length) {
      lines.push(ui.says_who);
      sources.forEach(function (s) {
        lines.push("\u2022 " + [s.title, s.publisher, s.date].filter(Boolean).join(", "));
        if (s.quote) { lines.push("  \u201c" + clip(s.quote, 200) + "\u201d"); }
      });
    }
    return lines.filter(Boolean).join("\n");
  }
  // A name in `box`; with `fallback`, the language of a name that is not the page's, marked as
  // the readers' site marks such a name (graph/site/html.py's fallback_mark).
  function showName(box, ui, name, fallback) {
    box.textContent = name;
    box.removeAttribute("lang");
    if (fallback) {
      box.lang = fallback;
      var mark = el("span", "(" + fallback + ")", "fallback");
      mark.lang = fallback;
      mark.title = ui.not_here;
      box.append(" ", mark);
    }
  }
  function showDetails(box, ui, title, subtitle, facts, sources, fallback) {
    box.replaceChildren();
    var heading = el("h2");
    showName(heading, ui, title, fallback);
    box.appendChild(heading);
    if (subtitle) { box.appendChild(el("p", subtitle, "muted")); }
    if (facts.length) {
      var list = el("dl", null, "facts");
      facts.forEach(function (f) { list.appendChild(el("dt", f[0])); list.appendChild(el("dd", f[1])); });
      box.appendChild(list);
    }
    box.appendChild(el("h3", sources.length ? ui.says_who : ui.no_source));
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
  function edgeSubtitle(ui, dates) { return [ui.link, dates].filter(Boolean).join(" \u00b7 "); }

  // ------------------------------------------------------------ a node's page and neighbours
  var SHORT_ID = /^[a-z][a-z0-9-]*\/[a-z0-9][a-z0-9._-]*$/;
  function shortId(iri) { return iri.replace(/\/+$/, "").split("/").slice(-2).join("/"); }
  function sitePages(site) {  // 'site/en/' beside the site; 'en/' for the same page inside it
    var inside = site.inside && location.pathname.slice(-site.inside.length - 1) === "/" + site.inside;
    return inside ? site.pages.replace(/^[^\/]*\//, "") : site.pages;
  }
  function linkSiteHome(site) {  // the header's way back to the readers' site, when there is one
    var home = document.getElementById("site-home");
    if (home && site.pages) { home.href = sitePages(site) + "index.html"; home.hidden = false; }
  }
  function pageLink(site, ui, kind, id) {  // "Open its page" in the readers' site, or null
    if (!(site.pages && site.kinds.indexOf(kind) !== -1 && SHORT_ID.test(id))) { return null; }
    var a = el("a", ui.open_page);
    a.href = sitePages(site) + id + ".html";
    a.id = "open-page";
    return a;
  }
  function kindNames(kindBoxes) {  // kind -> its name in the legend
    var names = {};
    kindBoxes.forEach(function (b) { names[b.dataset.kind] = b.parentNode.querySelector(".kind").textContent; });
    return names;
  }
  function hub(ui, kindBoxes, counts, name) {  // "X links to 3 people, …", or null for no links
    var listed = kindBoxes.map(function (b) { return b.dataset.kind; }).filter(function (k) { return counts[k]; });
    if (!listed.length) { return null; }
    var names = kindNames(kindBoxes);
    var text = listed.map(function (k) { return words(ui, "kind_count", {kind: names[k], n: counts[k]}); });
    return el("p", words(ui, "hub", {name: name, counts: text.join(", ")}), "hub");
  }

  // ------------------------------------------------------------ filters
  function controls() {  // the filters' inputs, as both pages have them
    return {
      kindBoxes: Array.prototype.slice.call(document.querySelectorAll("#kinds input[type=checkbox]")),
      topic: document.getElementById("topic"),
      country: document.getElementById("country"),
      yearFrom: document.getElementById("year-from"),
      yearTo: document.getElementById("year-to"),
      depth: document.getElementById("depth")
    };
  }
  function fillFacets(c, facets) {  // the topics and countries offered, from the page's data
    facets.topics.forEach(function (t, i) { c.topic.appendChild(new Option(t[1], String(i))); });
    facets.countries.forEach(function (k, i) { c.country.appendChild(new Option(k[1], String(i))); });
  }
  function onChange(c, apply) {  // `apply` on any change of a filter (Enter in a number)
    c.kindBoxes.forEach(function (b) { b.addEventListener("change", apply); });
    [c.topic, c.country].forEach(function (s) { s.addEventListener("change", apply); });
    [c.yearFrom, c.yearTo, c.depth].forEach(function (input) {
      input.addEventListener("change", apply);
      input.addEventListener("keyup", function (e) { if (e.key === "Enter") { apply(); } });
    });
  }
  function clearFilters(c) {
    c.kindBoxes.forEach(function (b) { b.checked = true; });
    c.topic.value = "";
    c.country.value = "";
    c.yearFrom.value = "";
    c.yearTo.value = "";
  }
  function depth(c) {
    var value = parseInt(c.depth.value, 10);
    return isNaN(value) ? 1 : Math.max(0, Math.min(9, value));
  }
  function readFilters(c) {
    var kinds = {};
    var every = true;
    c.kindBoxes.forEach(function (b) { if (b.checked) { kinds[b.dataset.kind] = true; } else { every = false; } });
    var from = parseInt(c.yearFrom.value, 10);
    var to = parseInt(c.yearTo.value, 10);
    return {
      kinds: every ? null : kinds,
      topic: c.topic.value === "" ? null : Number(c.topic.value),
      country: c.country.value === "" ? null : Number(c.country.value),
      from: isNaN(from) ? null : from,
      to: isNaN(to) ? null : to
    };
  }
  function inYears(years, f) {
    var low = f.from === null ? -Infinity : f.from;
    var high = f.to === null ? Infinity : f.to;
    return years.some(function (y) { return y >= low && y <= high; });
  }
  // The rule of graph/view/filters.py (Filters.state) for one node: "yes", "no", or "unknown" /
  // "undated" when it has no topic, country or years of its own.
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

  // ------------------------------------------------------------ the view in the address
  // #focus=person/keo-remy&depth=1&expand=...&hide=Place&topic=topic/x&country=country/y&from=2020&to=2025
  // Values are looked up among the page's own ids and kinds; anything else is ignored.
  function facetIds(facets) {  // short id -> topic or country number
    var found = {topics: Object.create(null), countries: Object.create(null)};
    facets.topics.forEach(function (t, i) { found.topics[shortId(t[0])] = i; });
    facets.countries.forEach(function (k, i) { found.countries[shortId(k[0])] = i; });
    return found;
  }
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
  function setFilters(c, v, ids) {  // the filters the address `v` names; the topic's number or null
    var hide = (v.hide || "").split(",");
    c.kindBoxes.forEach(function (b) { b.checked = hide.indexOf(b.dataset.kind) === -1; });
    var topic = pick(ids.topics, v.topic);
    var country = pick(ids.countries, v.country);
    c.topic.value = topic === null ? "" : String(topic);
    c.country.value = country === null ? "" : String(country);
    c.yearFrom.value = year(v.from);
    c.yearTo.value = year(v.to);
    c.depth.value = /^\d$/.test(v.depth || "") ? v.depth : "1";
    return topic;
  }
  function encode(text) { return encodeURIComponent(text).replace(/%2F/g, "/"); }
  function filterAddress(c, f, facets) {  // the address's parts for the filters
    var parts = [];
    var hidden = c.kindBoxes.filter(function (b) { return !b.checked; });
    if (hidden.length) { parts.push("hide=" + hidden.map(function (b) { return encode(b.dataset.kind); }).join(",")); }
    if (f.topic !== null) { parts.push("topic=" + encode(shortId(facets.topics[f.topic][0]))); }
    if (f.country !== null) { parts.push("country=" + encode(shortId(facets.countries[f.country][0]))); }
    if (f.from !== null) { parts.push("from=" + f.from); }
    if (f.to !== null) { parts.push("to=" + f.to); }
    return parts;
  }
  // What is around a focus, in rings (big.js: what it loads around a pick; graph.js: a focus
  // that leaves few nodes): `layers[0]` is the focus, in the middle when it is one node, each
  // further layer on rings around it in its order, clockwise from the top, each ring at least
  // `step` canvas units beyond the last, its nodes `arc` apart: as many as fit (at least 6),
  // or with `oneRingEach` the whole layer, the ring as large as it takes. Every other ring is
  // turned by half a place. Node → [x, y].
  function rings(layers, arc, step, oneRingEach) {
    var at = Object.create(null);
    var radius = 0;
    layers.forEach(function (layer, d) {
      var k = 0;
      if (d === 0 && layer.length === 1) { at[layer[0]] = [0, 0]; k = 1; }
      for (var ring = 0; k < layer.length; ring++) {
        var fits = Math.max(6, Math.floor((2 * Math.PI * (radius + step)) / arc));
        var size = oneRingEach ? layer.length - k : Math.min(layer.length - k, fits);
        radius = Math.max(radius + step, (size * arc) / (2 * Math.PI));
        for (var n = 0; n < size; n++) {
          var angle = (2 * Math.PI * (n + (ring % 2) / 2)) / size - Math.PI / 2;
          at[layer[k + n]] = [Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))];
        }
        k += size;
      }
    });
    return at;
  }
  function writeAddress(wanted) {  // replaced, not pushed: Back leaves the page, not each change
    if (wanted === location.hash.replace(/^#/, "")) { return; }
    var page = location.href.split("#")[0];
    history.replaceState(history.state, "", wanted ? page + "#" + wanted : page);
  }

  return {
    clip: clip, words: words, el: el, button: button, safeUrl: safeUrl,
    drawing: drawing, hintZoom: hintZoom, rings: rings, showName: showName,
    sourcesOf: sourcesOf, tooltip: tooltip, showDetails: showDetails, edgeSubtitle: edgeSubtitle,
    SHORT_ID: SHORT_ID, shortId: shortId, pageLink: pageLink, linkSiteHome: linkSiteHome, hub: hub,
    controls: controls, fillFacets: fillFacets, onChange: onChange, clearFilters: clearFilters,
    depth: depth, readFilters: readFilters, inYears: inYears, state: state,
    facetIds: facetIds, pick: pick, readAddress: readAddress, setFilters: setFilters,
    encode: encode, filterAddress: filterAddress, writeAddress: writeAddress
  };
})();
