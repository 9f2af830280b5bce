// The list pages' filters: each <select data-filter="KEY"> keeps the rows whose data-KEY
// (space-separated ids) holds the chosen value. Nothing is sent anywhere; the choice is kept
// in the address's fragment (#country=country/cambodia&topic=...) so a filtered view can be shared.
(function () {
  "use strict";
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  if (!selects.length) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("tbody tr"));
  var shown = document.querySelector(".filters .shown");

  function apply() {
    var wanted = selects.filter(function (s) { return s.value; });
    var count = 0;
    rows.forEach(function (row) {
      var keep = wanted.every(function (s) {
        var have = (row.getAttribute("data-" + s.getAttribute("data-filter")) || "").split(" ");
        return have.indexOf(s.value) !== -1;
      });
      row.hidden = !keep;
      if (keep) count += 1;
    });
    if (shown) shown.textContent = count + " / " + rows.length;
    var state = wanted.map(function (s) {
      return encodeURIComponent(s.getAttribute("data-filter")) + "=" + encodeURIComponent(s.value);
    }).join("&");
    history.replaceState(null, "", state ? "#" + state : location.pathname + location.search);
  }

  function restore() {
    var pairs = location.hash.replace(/^#/, "").split("&");
    pairs.forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length !== 2) return;
      var key = decodeURIComponent(parts[0]), value = decodeURIComponent(parts[1]);
      selects.forEach(function (s) {
        if (s.getAttribute("data-filter") !== key) return;
        var known = Array.prototype.some.call(s.options, function (o) { return o.value === value; });
        if (known) s.value = value;
      });
    });
  }

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  restore();
  apply();
})();
