// What every page of the site does in the browser besides search (search.js):
// - on a narrow screen a table's rows are cards (site.css): each value is named by its
//   column's heading, so a reader far down a table knows which is "Made by" and which "Made to";
// - the language switch keeps what the reader is looking at: the page's fragment (a list's
//   filters, #status=...) and its query (a search, ?q=...) go to the same page in the other language;
// - on a narrow screen the drawing of what is one link away (figure.sketch) is laid out anew:
//   drawn at a phone's width its names were a few pixels high. The thing is put at the top and
//   its neighbours in two columns under it, in the ring's order (down the right, then up the
//   left), each name beside its node at its size, cut short with "…" where it would run off
//   (the whole name stays its node's title, as the page has it for names cut by the build).
//   Wider again, or printed, the drawing is as the page has it (and so it is with scripts off).
(function () {
  "use strict";
  var NARROW = window.matchMedia("(max-width: 40rem)");
  var sketch = document.querySelector("figure.sketch svg");
  if (sketch && sketch.querySelectorAll("circle").length > 1) {
    var WIDTH = 360, TOP = 40, FIRST = 78, ROW = 28, GAP = 18, ROOM = WIDTH / 2 - GAP - 14;
    var circles = sketch.querySelectorAll("circle");
    var texts = sketch.querySelectorAll("text");
    var lines = sketch.querySelectorAll("line");  // lines[k] joins the thing to node k + 1
    var asWritten = [];  // [element, name, value] of everything the narrow layout changes
    var keep = function (element, names) {
      names.forEach(function (name) { asWritten.push([element, name, element.getAttribute(name)]); });
    };
    keep(sketch, ["viewBox"]);
    Array.prototype.forEach.call(circles, function (c) { keep(c, ["cx", "cy"]); });
    Array.prototype.forEach.call(texts, function (t) { keep(t, ["x", "y", "text-anchor"]); });
    Array.prototype.forEach.call(lines, function (l) { keep(l, ["x1", "y1", "x2", "y2"]); });
    var names = Array.prototype.map.call(texts, function (t) { return t.textContent; });
    var added = [];  // the titles given to names cut here, taken away when the drawing is restored
    var titled = function (i) {  // a cut name's node says the whole name (to a screen reader)
      var node = texts[i].parentNode;
      if (node === sketch || node.querySelector("title")) { return; }
      var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = names[i];
      node.insertBefore(title, node.firstChild);
      added.push(title);
    };
    var at = function (c, name) { return parseFloat(c.getAttribute(name)); };
    var cx = at(circles[0], "cx"), cy = at(circles[0], "cy");
    var ring = [];  // the neighbours clockwise from the top, as the drawing has them
    for (var i = 1; i < circles.length; i++) { ring.push(i); }
    var turn = function (i) {
      var a = Math.atan2(at(circles[i], "cx") - cx, cy - at(circles[i], "cy"));
      return a < 0 ? a + 2 * Math.PI : a;
    };
    ring.sort(function (a, b) { return turn(a) - turn(b) || a - b; });
    var right = ring.slice(0, Math.ceil(ring.length / 2));
    var left = ring.slice(right.length).reverse();
    var place = function (i, x, y, anchor) {
      circles[i].setAttribute("cx", x);
      circles[i].setAttribute("cy", y);
      texts[i].setAttribute("x", anchor === "middle" ? x : anchor === "start" ? x + 10 : x - 10);
      texts[i].setAttribute("y", anchor === "middle" ? y - 16 : y + 4);
      texts[i].setAttribute("text-anchor", anchor);
      if (i > 0) {
        lines[i - 1].setAttribute("x1", WIDTH / 2);
        lines[i - 1].setAttribute("y1", TOP);
        lines[i - 1].setAttribute("x2", x);
        lines[i - 1].setAttribute("y2", y);
      }
    };
    var fit = function (i, room) {  // cut a name short where it would run off the drawing
      var text = texts[i], name = names[i];
      text.textContent = name;
      while (name.length > 2 && text.getComputedTextLength() > room) {
        name = name.slice(0, -2).replace(/\s+$/, "");
        text.textContent = name + "…";
      }
      if (name !== names[i]) { titled(i); }
    };
    var layOut = function () {
      if (!NARROW.matches) {
        asWritten.forEach(function (kept) { kept[0].setAttribute(kept[1], kept[2]); });
        Array.prototype.forEach.call(texts, function (t, i) { t.textContent = names[i]; });
        added.splice(0).forEach(function (title) { title.parentNode.removeChild(title); });
        return;
      }
      var rows = Math.max(right.length, left.length);
      sketch.setAttribute("viewBox", "0 0 " + WIDTH + " " + (FIRST + ROW * (rows - 1) + 16));
      place(0, WIDTH / 2, TOP, "middle");
      right.forEach(function (i, k) { place(i, WIDTH / 2 + GAP, FIRST + ROW * k, "start"); });
      left.forEach(function (i, k) { place(i, WIDTH / 2 - GAP, FIRST + ROW * k, "end"); });
      fit(0, WIDTH - 8);
      for (var k = 1; k < texts.length; k++) { fit(k, ROOM); }
    };
    NARROW.addEventListener("change", layOut);
    layOut();
  }
  Array.prototype.forEach.call(document.querySelectorAll(".scroll table"), function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (i > 0 && headings[i]) { cell.setAttribute("data-label", headings[i]); }
        });
      });
    });
    table.classList.add("labelled");
  });
  Array.prototype.forEach.call(document.querySelectorAll(".languages a[hreflang]"), function (link) {
    link.addEventListener("click", function () {
      var page = link.getAttribute("href").split(/[?#]/)[0];
      link.setAttribute("href", page + window.location.search + window.location.hash);
    });
  });
})();
