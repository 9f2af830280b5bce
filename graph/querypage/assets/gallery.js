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

  // ---- an id is checked against the graph, as graph.sparql.param_check does for the command line

  function rows(answer) {
    return JSON.parse(answer.data).results.bindings;
  }

  function bigrams(text) {
    var found = [];
    for (var i = 0; i < text.length - 1; i++) found.push(text.slice(i, i + 2));
    return found;
  }

  /** How alike two texts are, 0 to 1 (Dice's coefficient over letter pairs). */
  function alike(a, b) {
    var x = bigrams(a.toLowerCase()), y = bigrams(b.toLowerCase());
    if (!x.length || !y.length) return a.toLowerCase() === b.toLowerCase() ? 1 : 0;
    var left = y.slice(), common = 0;
    x.forEach(function (pair) {
      var at = left.indexOf(pair);
      if (at >= 0) { common++; left.splice(at, 1); }
    });
    return (2 * common) / (x.length + y.length);
  }

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function containsWords(name, given) {
    var of = words(name), wanted = words(given);
    return wanted.length > 0 && wanted.every(function (w) { return of.indexOf(w) >= 0; });
  }

  function shortOf(iri) {
    return iri.split("/").slice(-2).join("/");
  }

  function suggestions(param, given) {
    var kinds = param.types.map(function (t) { return "<" + t + ">"; }).join(" ");
    var query = "SELECT ?entity ?name WHERE { " + (kinds ? "VALUES ?type { " + kinds + " } " : "") +
      "?entity a ?type . OPTIONAL { ?entity rdfs:label|skos:prefLabel ?name } }";
    var local = given.split("/").pop();
    return page.engine(query).then(function (answer) {
      var scores = {};
      rows(answer).forEach(function (row) {
        var id = shortOf(row.entity.value);
        var score = Math.max(alike(local, id.split("/").pop()), row.name ? alike(local.replace(/-/g, " "), row.name.value) : 0);
        if (row.name && containsWords(row.name.value, local)) score = Math.max(score, 0.9); // every word given is in the name
        scores[id] = Math.max(scores[id] || 0, score);
      });
      var best = Math.max.apply(null, Object.values(scores).concat([0]));
      var floor = Math.max(0.5, best - 0.1);
      return Object.keys(scores)
        .filter(function (id) { return scores[id] >= floor; })
        .sort(function (a, b) { return scores[b] - scores[a] || (a < b ? -1 : 1); })
        .slice(0, 3);
    });
  }

  var valueLists = {};

  /** The values the graph has for a text parameter's declared property (param.values), asked
      of the engine once per property. */
  function valuesOf(param) {
    if (!valueLists[param.values]) {
      valueLists[param.values] = page.engine("SELECT DISTINCT ?value WHERE { ?s <" + param.values + "> ?value } ORDER BY ?value")
        .then(function (answer) {
          return rows(answer).map(function (row) { return row.value.value; });
        }, function () {
          delete valueLists[param.values];
          return [];
        });
    }
    return valueLists[param.values];
  }

  /** Resolves when a text given is one of its declared values (as graph.sparql.param_check
      checks it); else rejects, with the closest values. */
  function checkValue(param, given) {
    return valuesOf(param).then(function (known) {
      if (known.indexOf(given) >= 0) return;
      var close = known.filter(function (v) { return alike(given, v) >= 0.6; })
        .sort(function (a, b) { return alike(given, b) - alike(given, a) || (a < b ? -1 : 1); }).slice(0, 3);
      var hint = close.length ? " (" + page.word("did you mean") + " " + close.join(", ") + "?)" : "";
      throw new Error(param.name + ": " + given + " " + page.word("is not in the graph") + hint);
    });
  }

  /** Resolves when every id given names a thing of its kind in the graph, and every text with
      declared values is one of them; else rejects, saying so. */
  function checkIds(saved, values) {
    var texts = saved.params.filter(function (p) { return p.kind === "text" && p.values && values[p.name]; })
      .map(function (param) { return checkValue(param, values[param.name]); });
    var checks = saved.params.filter(function (p) { return p.kind === "iri" && values[p.name]; }).map(function (param) {
      var term = toTerm(param, values[param.name]);
      return page.engine("SELECT DISTINCT ?type ?p WHERE { { " + term + " a ?type } UNION { " + term + " ?p ?o } } LIMIT 50")
        .then(function (answer) {
          var found = rows(answer);
          var types = found.filter(function (r) { return r.type; }).map(function (r) { return r.type.value; });
          if (found.length === 0) {
            return suggestions(param, values[param.name]).then(function (close) {
              var hint = close.length ? " (" + page.word("did you mean") + " " + close.join(", ") + "?)" : "";
              throw new Error(param.name + ": " + values[param.name] + " " + page.word("is not in the graph") + hint);
            });
          }
          var wanted = param.types.filter(function (t) { return types.indexOf(t) >= 0; });
          if (param.types.length && !wanted.length) {
            var named = function (t) { return t.split("#").pop(); };
            throw new Error(param.name + ": " + values[param.name] + " " + page.word("names a thing of another kind:") + " " +
              types.map(named).join(", ") + " ≠ " + param.types.map(named).join(" | "));
          }
        });
    });
    return Promise.all(checks.concat(texts));
  }

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) { el.setAttribute(k, attributes[k]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // ---- an id field completes names: every name and alias, in every language, of its kinds

  var nameLists = {};

  /** Lower case, Latin accents dropped ("Nguyễn" → "nguyen"); other scripts as they are. */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /** The names (rdfs:label, skos:altLabel, skos:prefLabel) of the things of a parameter's kinds,
      asked of the engine once per kinds. */
  function namesOf(param) {
    var key = param.types.join(" ");
    if (!nameLists[key]) {
      var kinds = param.types.map(function (t) { return "<" + t + ">"; }).join(" ");
      var query = "SELECT DISTINCT ?entity ?name WHERE { " +
        (kinds ? "VALUES ?type { " + kinds + " } ?entity a ?type . " : "") +
        "?entity rdfs:label|skos:altLabel|skos:prefLabel ?name } ORDER BY ?entity ?name";
      nameLists[key] = page.engine(query).then(function (answer) {
        return rows(answer).map(function (row) {
          var id = shortOf(row.entity.value);
          return { id: id, name: row.name.value, lang: row.name["xml:lang"] || "", folded: fold(row.name.value),
            foldedId: fold(id) };
        });
      }, function () {
        delete nameLists[key];
        return [];
      });
    }
    return nameLists[key];
  }

  /** Up to `most` ids whose name, alias or id holds the typed text (a name starting with it
      first, then one with a word or an id starting with it), each with the name that matched,
      in the page's language where more than one did. */
  function matching(names, typed, most) {
    var wanted = fold(typed), found = {}, order = [];
    names.forEach(function (entry) {
      var at = entry.folded.indexOf(wanted), atId = entry.foldedId.indexOf(wanted);
      if (at < 0 && atId < 0) return;
      var wordStart = at > 0 && /[\s\-(]/.test(entry.folded.charAt(at - 1));
      var idStart = atId === 0 || entry.foldedId.indexOf("/" + wanted) >= 0;
      var rank = at === 0 ? 0 : wordStart || idStart ? 1 : 2;
      var shown = at >= 0 ? { name: entry.name, lang: entry.lang } : { name: entry.id, lang: "" };
      var before = found[entry.id];
      if (!before) order.push(entry.id);
      if (!before || rank < before.rank || (rank === before.rank && shown.lang === page.lang && before.lang !== page.lang)) {
        found[entry.id] = { rank: rank, name: shown.name, lang: shown.lang };
      }
    });
    return order
      .sort(function (a, b) { return found[a].rank - found[b].rank || (a < b ? -1 : a > b ? 1 : 0); })
      .slice(0, most)
      .map(function (id) { return { id: id, name: found[id].name }; });
  }

  function completeNames(input, list, param) {
    var pending = 0;
    input.addEventListener("input", function () {
      var typed = input.value.trim();
      if (typed.length < 2) return;
      var asked = ++pending;
      namesOf(param).then(function (names) {
        if (asked !== pending) return;
        list.textContent = "";
        matching(names, typed, 20).forEach(function (found) {
          list.appendChild(element("option", { value: found.id }, found.name));
        });
        list.dataset.completed = typed;
      });
    });
  }

  /** The form of a saved query; `view`, when given, is the view of its first answer (a shared
      address's), else the query's own #defaultView. */
  function form(saved, values, view) {
    var box = element("form", { class: "saved-form", "data-saved": saved.name });
    box.appendChild(element("h3", {}, saved.title[page.lang] || saved.title.en));
    box.appendChild(element("p", {}, saved.description[page.lang] || saved.description.en));
    var shown = element("pre", { class: "saved-sparql", role: "region", tabindex: "0",
      "aria-label": page.word("The SPARQL it runs") });
    var problem = element("p", { class: "saved-problem", role: "alert" });
    function current() {
      var found = {};
      saved.params.forEach(function (p) { found[p.name] = box.elements[p.name].value.trim(); });
      return found;
    }
    // what is wrong is said when the reader leaves a field (of its value) or runs the query (of
    // every field), not while a value is being typed, nor of a form just opened
    function show(quietly) {
      try {
        shown.textContent = bound(saved, current());
        problem.textContent = "";
        return true;
      } catch (error) {
        if (!quietly) problem.textContent = error.message;
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
        completeNames(input, list, param);
      } else if (param.values) {  // the graph's values to pick from
        var offered = element("datalist", { id: id + "-values" });
        input.setAttribute("list", offered.id);
        box.appendChild(offered);
        valuesOf(param).then(function (known) {
          known.forEach(function (value) { offered.appendChild(element("option", { value: value })); });
        });
      }
      input.addEventListener("input", function () { show(true); });
      input.addEventListener("change", function () {  // a value left: what is wrong with it, if anything
        var raw = input.value.trim();
        show(true);
        problem.textContent = "";
        if (raw === "" || (raw === "today" && param.kind === "date")) return;
        try { toTerm(param, raw); } catch (error) { problem.textContent = error.message; }
      });
    });
    var button = element("button", { type: "submit" }, page.word("Run"));
    box.appendChild(button);
    box.appendChild(problem);
    box.appendChild(shown);
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!show()) {
        box.dataset.refused = String(Number(box.dataset.refused || 0) + 1);
        return;
      }
      var chosen = view || saved.view;
      view = null;
      var fragment = { saved: saved.name, lang: page.lang, view: chosen };
      var given = current();
      Object.keys(given).forEach(function (k) { fragment[k] = given[k]; });
      page.setFragment(fragment);
      var text = shown.textContent;
      checkIds(saved, given).then(
        function () {
          page.yasqe.setValue(text);
          return page.run(text, chosen);
        },
        function (error) {
          problem.textContent = error.message;
          shown.textContent = "";  // refused: this SPARQL is not run
          box.dataset.refused = String(Number(box.dataset.refused || 0) + 1);
        }
      );
    });
    show(true);
    return box;
  }

  function open(name, values, andRun, view) {
    var saved = byName[name];
    var place = document.getElementById("saved-form");
    place.textContent = "";
    if (!saved) {
      place.appendChild(element("p", { role: "alert" }, page.word("There is no saved query") + " " + JSON.stringify(name)));
      return;
    }
    var box = form(saved, values || {}, view);
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
