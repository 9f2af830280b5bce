/* The saved queries as a gallery: each with its title, description and a form for its
   parameters. The form binds values as `hrgraph query --saved` does: the query text with its
   VALUES block was made at build time by graph.sparql.saved.with_values_block, with a stand-in
   term per parameter; here each stand-in is replaced by the value's RDF term, written as
   Oxigraph writes it (graph.sparql.saved.to_term). */
(function () {
  "use strict";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var page, config, byName = {};

  function escapeLiteral(text) {
    return text.replace(/[\u0000-\u001f\u007f"\\]/g, function (c) {
      var named = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
      if (named[c]) return named[c];
      return "\\u" + ("000" + c.charCodeAt(0).toString(16).toUpperCase()).slice(-4);
    });
  }

  function onCalendar(raw) {
    var parts = (raw + "-01-01").slice(0, 10).split("-").map(Number);
    if (parts[0] < 1) return false;
    var day = new Date(Date.UTC(2000, parts[1] - 1, parts[2]));
    day.setUTCFullYear(parts[0]);
    return day.getUTCFullYear() === parts[0] && day.getUTCMonth() === parts[1] - 1 && day.getUTCDate() === parts[2];
  }

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  /** One value as the RDF term's text, or throws an Error that says what is wrong. */
  function toTerm(param, raw) {
    var word = page.word;
    if (param.kind === "iri") {
      var kind = raw.split("/")[0].replace(/-/g, "");
      if (new RegExp(config.patterns.id).test(raw) && config.prefixes[kind] !== undefined) {
        return "<" + config.prefixes[kind] + raw.slice(raw.indexOf("/") + 1) + ">";
      }
      if (/^(https?:\/\/|urn:)[^\u0000-\u0020<>"{}|^`\\]*$/.test(raw)) return "<" + raw + ">";
      throw new Error(param.name + ": " + JSON.stringify(raw) + " " + word("is not an id like person/keo-remy or a full IRI"));
    }
    if (param.kind === "date") {
      var match = new RegExp(config.patterns.date).exec(raw);
      if (!match || !onCalendar(raw)) {
        throw new Error(param.name + ": " + JSON.stringify(raw) + " " + word("is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)"));
      }
      var datatype = match[3] ? "date" : match[2] ? "gYearMonth" : "gYear";
      return '"' + raw + '"^^<' + XSD + datatype + ">";
    }
    if (param.kind === "integer") {
      if (!/^-?\d+$/.test(raw)) throw new Error(param.name + ": " + JSON.stringify(raw) + " " + word("is not a whole number"));
      return '"' + raw + '"^^<' + XSD + "integer>";
    }
    return '"' + escapeLiteral(raw) + '"';
  }

  /** The text the saved query runs with these values (as hrgraph query --saved NAME --param ...). */
  function bound(saved, values) {
    var terms = {};
    saved.params.forEach(function (param) {
      var raw = values[param.name];
      if (raw === undefined || raw === "") raw = param.default === null ? undefined : param.default;
      if (raw === undefined) {
        if (param.optional) return;
        throw new Error(page.word("A value is needed for") + " " + param.name + " (" + param.help + ")");
      }
      if (raw === "today" && param.kind === "date") raw = today();
      terms[param.name] = toTerm(param, raw);
    });
    var key = saved.params.filter(function (p) { return p.name in terms; }).map(function (p) { return p.name; }).join(",");
    var text = saved.templates[key];
    Object.keys(terms).forEach(function (name) { text = text.split(saved.standIns[name]).join(terms[name]); });
    return text;
  }

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) { el.setAttribute(k, attributes[k]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function completeNames(input, list) {
    var pending = 0;
    input.addEventListener("input", function () {
      var typed = input.value.trim();
      if (typed.length < 2 || typed.indexOf("/") >= 0) return;
      var asked = ++pending;
      var query = "SELECT DISTINCT ?s ?name WHERE { ?s rdfs:label|skos:altLabel ?name " +
        "FILTER(CONTAINS(LCASE(STR(?name)), LCASE(" + JSON.stringify(typed) + "))) } ORDER BY ?name LIMIT 20";
      page.engine(query).then(function (answer) {
        if (asked !== pending) return;
        list.textContent = "";
        JSON.parse(answer.data).results.bindings.forEach(function (b) {
          var id = b.s.value.split("/").slice(-2).join("/");
          list.appendChild(element("option", { value: id }, b.name.value));
        });
      }).catch(function () {});
    });
  }

  function form(saved, values) {
    var box = element("form", { class: "saved-form", "data-saved": saved.name });
    box.appendChild(element("h3", {}, saved.title[page.lang] || saved.title.en));
    box.appendChild(element("p", {}, saved.description[page.lang] || saved.description.en));
    var shown = element("pre", { class: "saved-sparql", "aria-label": page.word("The SPARQL it runs") });
    var problem = element("p", { class: "saved-problem", role: "alert" });
    function current() {
      var found = {};
      saved.params.forEach(function (p) { found[p.name] = box.elements[p.name].value.trim(); });
      return found;
    }
    function show() {
      try {
        shown.textContent = bound(saved, current());
        problem.textContent = "";
        return true;
      } catch (error) {
        problem.textContent = error.message;
        return false;
      }
    }
    saved.params.forEach(function (param) {
      var id = "param-" + saved.name + "-" + param.name;
      var label = element("label", { for: id }, param.name + (param.optional ? " (" + page.word("optional") + ")" : ""));
      var input = element("input", { id: id, name: param.name, type: "text", autocomplete: "off",
        placeholder: param.default || (param.kind === "date" ? "2025, 2025-11, 2025-11-24" : "") });
      input.value = values[param.name] || "";
      box.appendChild(label);
      box.appendChild(input);
      box.appendChild(element("small", {}, param.help));
      if (param.kind === "iri") {
        var list = element("datalist", { id: id + "-names" });
        input.setAttribute("list", list.id);
        box.appendChild(list);
        completeNames(input, list);
      }
      input.addEventListener("input", show);
    });
    var button = element("button", { type: "submit" }, page.word("Run"));
    box.appendChild(button);
    box.appendChild(problem);
    box.appendChild(shown);
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!show()) return;
      var fragment = { saved: saved.name, lang: page.lang };
      var given = current();
      Object.keys(given).forEach(function (k) { fragment[k] = given[k]; });
      page.setFragment(fragment);
      page.yasqe.setValue(shown.textContent);
      page.run(shown.textContent, saved.view);
    });
    show();
    return box;
  }

  function open(name, values, andRun) {
    var saved = byName[name];
    var place = document.getElementById("saved-form");
    place.textContent = "";
    if (!saved) {
      place.appendChild(element("p", { role: "alert" }, page.word("There is no saved query") + " " + JSON.stringify(name)));
      return;
    }
    var box = form(saved, values || {});
    place.appendChild(box);
    if (andRun) box.requestSubmit();
  }

  function start(thePage, theConfig) {
    page = thePage;
    config = theConfig;
    var list = document.getElementById("gallery");
    config.gallery.forEach(function (saved) {
      byName[saved.name] = saved;
      var item = element("li");
      var button = element("button", { type: "button", "data-saved": saved.name }, saved.title[page.lang] || saved.title.en);
      button.title = saved.description[page.lang] || saved.description.en;
      button.addEventListener("click", function () { open(saved.name, {}, false); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  window.hrgraphGallery = { start: start, open: open, bound: bound };
})();
