// What every page of the site does in the browser besides search (search.js):
// - on a narrow screen a table's rows are cards (site.css): each value is named by its
//   column's heading, so a reader far down a table knows which is "Made by" and which "Made to";
// - the language switch keeps what the reader is looking at: the page's fragment (a list's
//   filters, #status=...) and its query (a search, ?q=...) go to the same page in the other language.
(function () {
  "use strict";
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
