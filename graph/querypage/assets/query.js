/* The query page: YASQE (editor) and YASR (results) run against the page's own engine, never the
   network. In a file (build/site/query.html) the engine is Oxigraph's WebAssembly build holding
   the graph embedded beside the page; served (hrgraph serve, at /) it is the server's /sparql.
   Everything the page needs is in window.hrgraphQuery, written by graph/querypage/page.py. */
(function () {
  "use strict";
  var config = window.hrgraphQuery;
  var lang = chooseLanguage();

  function word(msgid) {
    var words = config.words[lang] || {};
    return words[msgid] || msgid;
  }

  function chooseLanguage() {
    var asked = new URLSearchParams(location.hash.slice(1)).get("lang");
    if (asked && config.languages.indexOf(asked) >= 0) return asked;
    return config.languages[0];
  }

  // ---- the engine: Oxigraph in the page, or the serving endpoint ----

  function prologue() {
    return Object.keys(config.prefixes)
      .sort()
      .map(function (p) { return "PREFIX " + p + ": <" + config.prefixes[p] + ">\n"; })
      .join("");
  }

  function isGraphQuery(text) {
    var body = text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>|#[^\n]*/g, " ");
    return /\b(CONSTRUCT|DESCRIBE)\b/i.test(body);
  }

  function answerFormat(query) {  // what either engine is asked to answer in
    return isGraphQuery(query) ? "application/n-triples" : "application/sparql-results+json";
  }

  // Oxigraph runs in a worker of its own, made from the engine's source (a page opened from a
  // file may start a worker from a blob, not from a file): a long query leaves the page
  // answering, and is stopped at the time limit, or by the reader, by ending the worker; a new
  // one loads the graph again.
  function workerMain(engine) {
    var oxigraph = engine(), store = null;
    self.onmessage = function (event) {
      var asked = event.data;
      try {
        if (asked.kind === "load") {
          var started = performance.now();
          oxigraph.initSync({ module: asked.wasm });
          var compiled = performance.now();
          store = new oxigraph.Store();
          store.load(asked.data, { format: "application/n-triples" });
          self.postMessage({ kind: "loaded", engineMs: compiled - started, triples: store.size });
        } else {
          self.postMessage({ id: asked.id, data: store.query(asked.query, { results_format: asked.format }) });
        }
      } catch (error) {
        self.postMessage({ id: asked.id, kind: asked.kind, error: String(error && error.message || error) });
      }
    };
  }

  function fileEngine() {
    var started = performance.now();
    var text = atob(window.hrgraphWasm);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    var data = window.hrgraphData;  // kept: a worker stopped is replaced, and loads it again
    window.hrgraphData = window.hrgraphWasm = null;
    var source = "(" + workerMain.toString() + ")(" + window.hrgraphEngine.toString() + ");";
    var url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    var worker = null, asked = {}, next = 0, first = true;
    function begin() {
      worker = new Worker(url);
      worker.onmessage = function (event) { answered(event.data); };
      worker.onerror = function (event) { event.preventDefault(); failed(String(event.message)); };
      worker.postMessage({ kind: "load", wasm: bytes, data: data });
    }
    function answered(message) {
      if (message.kind === "loaded") {
        if (first) {
          var loaded = performance.now() - started;
          window.hrgraphQueryLoaded = { ms: loaded, engineMs: message.engineMs, openedMs: performance.now(), triples: message.triples };
          status(word("Graph loaded in the page") + ": " + message.triples.toLocaleString() + " " +
            word("triples") + ", " + Math.round(loaded) + " ms");
          first = false;
        }
        return;
      }
      if (message.kind === "load") { failed(message.error); return; }
      var query = asked[message.id];
      if (!query) return;
      delete asked[message.id];
      clearTimeout(query.timer);
      showStop(Object.keys(asked).length > 0);
      if (message.error) query.reject(new Error(readable(message.error, query.text)));
      else query.resolve({ contentType: query.format, data: message.data });
    }
    function failed(error) {
      status(word("The graph could not be loaded in the page") + ": " + error);
      stop(error);
    }
    function stop(why) {  // the worker ended, every query asked of it refused, a new one started
      worker.terminate();
      Object.keys(asked).forEach(function (id) { clearTimeout(asked[id].timer); asked[id].reject(new Error(why)); });
      asked = {};
      showStop(false);
      begin();
    }
    stopQueries = function () { stop(word("Stopped.")); };
    begin();
    return function (query) {
      var format = answerFormat(query);
      return new Promise(function (resolve, reject) {
        var id = ++next;
        var limit = function () {
          stop(word("Stopped: the query ran for more than {s} seconds. A LIMIT or fewer patterns make it quicker; hrgraph query --timeout 0 runs it with no limit.").replace("{s}", config.timeLimit));
        };
        asked[id] = { text: query, format: format, resolve: resolve, reject: reject, timer: setTimeout(limit, config.timeLimit * 1000) };
        showStop(true);
        worker.postMessage({ id: id, query: prologue() + query, format: format });
      });
    };
  }

  // the reader's way to stop a query of the page's own engine, shown while one runs
  var stopQueries = null;
  function showStop(running) {
    document.getElementById("stop-query").hidden = !running;
  }

  // An engine's refusal for the reader: its places in the query as typed (the predefined
  // prefixes come before it), an undeclared prefix named, an update said to be one, and none
  // of the ranges of characters the parser could have read (as hrgraph query words them).
  var UPDATE = /^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b/i;
  function readable(said, query) {
    var shift = Object.keys(config.prefixes).length;
    var text = String(said).replace(/\bat (\d+):(\d+)/, function (all, line, column) {
      return Number(line) > shift ? "at " + (Number(line) - shift) + ":" + column : all;
    });
    var body = query.replace(/#[^\n]*/g, " ");
    var update = UPDATE.exec(body);
    if (update) return word("{keyword} is a SPARQL update: this page only reads the graph (change the facts in sources/ and run hrgraph build).").replace("{keyword}", update[1].toUpperCase());
    var at = /\bat (\d+):(\d+)/.exec(text);
    if (at && text.indexOf("Prefix not found") >= 0) {
      var line = query.split("\n")[Number(at[1]) - 1] || "";
      var name = /([A-Za-z][\w.-]*)?:[\w.-]*$/.exec(line.slice(0, Number(at[2]) - 1));
      if (name) {
        return word("At {at}, the prefix {prefix}: is not defined: write PREFIX {prefix}: <...> before the query, or use one of the predefined prefixes.")
          .replace("{at}", at[1] + ":" + at[2]).split("{prefix}").join(name[1] || "");
      }
    }
    return text.replace(/,?\s*\[[^\]]*\.\.=?[^\]]*\]/g, "").replace(/\s+/g, " ").trim();
  }

  function servedEngine() {
    status(word("Querying the server") + " (" + config.endpoint + ")");
    return function (query) {
      var accept = answerFormat(query);
      return fetch(config.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
        body: new URLSearchParams({ query: prologue() + query }).toString(),
      }).then(function (response) {
        return response.text().then(function (body) {
          if (!response.ok) throw new Error(response.status + " " + readable(body.trim(), query));
          return { contentType: response.headers.get("Content-Type") || accept, data: body };
        });
      });
    };
  }

  function status(text) {
    document.getElementById("engine-status").textContent = text;
  }

  // ---- links from results to the readers' site ----

  // config.pages is graph.rdf.pages.page_rule: the namespaces with pages and their folders
  function pageOf(iri) {
    var rule = config.pages;
    if (!rule) return null;
    var namespaces = Object.keys(rule.namespaces);
    for (var i = 0; i < namespaces.length; i++) {
      var name = iri.indexOf(namespaces[i]) === 0 ? iri.slice(namespaces[i].length) : "";
      if (new RegExp(rule.name).test(name)) return lang + "/" + rule.namespaces[namespaces[i]] + "/" + name + rule.suffix;
    }
    return null;
  }

  // ---- results ----

  function registerViews(Yasr) {
    var Table = Yasr.plugins.table;
    // values written whole, not cut at the column's width ("attested on 3 d…"): the reader
    // can still tick "Ellipse"
    Yasr.defaults.plugins.table.dynamicConfig = Object.assign({}, Yasr.defaults.plugins.table.dynamicConfig, { isEllipsed: false });
    // what the table says of its rows and pages, in DataTables' own translation (config.js)
    var table = Table.defaults.tableConfig;
    table.language = Object.assign({}, table.language, config.tableLanguage[lang] || {});
    var original = Table.prototype.getUriLinkFromBinding;
    Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      var html = original.call(this, binding, prefixes);
      var page = pageOf(binding.value);
      // the link as the bundle made it (and DOMPurify rewrote it, with double quotes)
      if (!page) return html;
      return html
        .replace(/href=("|')[^"']*\1/, 'href="' + page + '"')
        .replace(/ (target|rel)=("|')[^"']*\2/g, ""); // a page of the site opens in the same tab
    };
    window.hrgraphViews.register(Yasr, { pageOf: pageOf, word: word, prefixes: config.prefixes });
  }

  function defaultView(query) {
    var match = /^\s*#\s*defaultView:\s*(\w+)/im.exec(query);
    return match && window.hrgraphViews.names.indexOf(match[1]) >= 0 ? match[1] : "table";
  }

  var yasqe, yasr, engine;

  function run(query, view) {
    var started = performance.now();
    var chosen = view || defaultView(query);
    return engine(query).then(
      function (answer) {
        yasr.selectPlugin(chosen);
        var took = Math.round(performance.now() - started);
        yasr.setResponse({ contentType: answer.contentType, data: answer.data, status: 200 }, took);
        document.body.dataset.answered = String(Number(document.body.dataset.answered || 0) + 1);
      },
      function (error) {
        yasr.setResponse(error, performance.now() - started);
        document.body.dataset.answered = String(Number(document.body.dataset.answered || 0) + 1);
      }
    );
  }

  function runEditor() {
    var query = yasqe.getValue();
    var view = defaultView(query);
    setFragment({ query: query, view: view, lang: lang });
    return run(query, view);
  }

  // ---- local completers: prefixes, terms and ids of this graph, nothing from outside ----

  var cached = {};
  function fromGraph(key, query, column) {
    if (!cached[key]) {
      cached[key] = engine(query).then(function (answer) {
        return JSON.parse(answer.data).results.bindings.map(function (b) { return b[column].value; });
      }).catch(function () { return []; });
    }
    return cached[key];
  }

  function startingWith(list, token) {
    var start = (token && (token.autocompletionString || token.string)) || "";
    return list.filter(function (iri) { return iri.indexOf(start) === 0; }).slice(0, 100);
  }

  function registerCompleters(Yasqe) {
    var prefixList = Object.keys(config.prefixes).sort().map(function (p) {
      return p + ": <" + config.prefixes[p] + ">";
    });
    Yasqe.forkAutocompleter("prefixes", { name: "hrgPrefixes", persistenceId: null, get: function () {
      return Promise.resolve(prefixList);
    } }, false);
    Yasqe.forkAutocompleter("property", { name: "hrgProperties", get: function (_, token) {
      return fromGraph("properties", "SELECT DISTINCT ?p WHERE { ?s ?p ?o } ORDER BY ?p", "p").then(function (l) {
        return startingWith(l, token);
      });
    } }, false);
    Yasqe.forkAutocompleter("class", { name: "hrgClasses", get: function (_, token) {
      return fromGraph("classes", "SELECT DISTINCT ?c WHERE { ?s a ?c } ORDER BY ?c", "c").then(function (l) {
        return startingWith(l, token);
      });
    } }, false);
    Yasqe.forkAutocompleter("property", {
      name: "hrgIds",
      isValidCompletionPosition: function (editor) {
        var token = editor.getCompleteToken();
        var prefix = token.string.split(":")[0];
        return token.string.indexOf(":") > 0 && config.idPrefixes.indexOf(prefix) >= 0;
      },
      get: function (_, token) {
        var start = token.autocompletionString || "";
        var query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), " + JSON.stringify(start) +
          ")) } ORDER BY ?s LIMIT 100";
        return engine(query).then(function (answer) {
          return JSON.parse(answer.data).results.bindings.map(function (b) { return b.s.value; });
        }).catch(function () { return []; });
      },
    }, false);
    // the bundle's own completers ask prefix.cc and lov.linkeddata.es: gone before any editor exists
    ["prefixes", "property", "class"].forEach(function (name) { delete Yasqe.Autocompleters[name]; });
    Yasqe.defaults.autocompleters = ["variables", "hrgPrefixes", "hrgProperties", "hrgClasses", "hrgIds"];
    Yasqe.defaults.prefixCcApi = null;
  }

  // ---- shared addresses: #query=...&view=... or #saved=NAME&param=value ----

  function setFragment(values) {
    var params = new URLSearchParams();
    Object.keys(values).forEach(function (k) { if (values[k]) params.set(k, values[k]); });
    history.replaceState(null, "", "#" + params.toString());
  }

  /** The view picked among the results' tabs goes into the address, so a shared one shows it. */
  function keepView(view) {
    var params = new URLSearchParams(location.hash.slice(1));
    if (!params.get("query") && !params.get("saved")) return;
    params.set("view", view);
    history.replaceState(null, "", "#" + params.toString());
  }

  // an address changed while the page is open (edited, or a link followed) opens what it names,
  // as it would in a new tab; the page's own changes (replaceState) are not heard
  function followFragment() {
    var asked = new URLSearchParams(location.hash.slice(1)).get("lang");
    if (asked && asked !== lang && config.languages.indexOf(asked) >= 0) { location.reload(); return; }
    openFragment();
  }

  function openFragment() {
    var params = new URLSearchParams(location.hash.slice(1));
    if (params.get("saved")) {
      var values = {};
      params.forEach(function (v, k) { if (k !== "saved" && k !== "lang" && k !== "view") values[k] = v; });
      window.hrgraphGallery.open(params.get("saved"), values, true, params.get("view"));
    } else if (params.get("query")) {
      yasqe.setValue(params.get("query"));
      run(params.get("query"), params.get("view"));
    }
  }

  // ---- the page ----

  function translatePage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-word]").forEach(function (el) { el.textContent = word(el.dataset.word); });
    var site = document.getElementById("site-link");
    if (site) site.href = lang + "/index.html";
    var languages = document.getElementById("languages");
    config.languages.forEach(function (code) {
      var link = document.createElement("a");
      link.textContent = config.languageNames[code];
      link.href = "#lang=" + code;
      link.lang = code;
      if (code === lang) link.setAttribute("aria-current", "true");
      link.addEventListener("click", function () { setTimeout(function () { location.reload(); }, 0); });
      languages.appendChild(link);
    });
  }

  function start() {
    translatePage();
    document.getElementById("stop-query").addEventListener("click", function () { if (stopQueries) stopQueries(); });
    var Yasqe = window.Yasqe, Yasr = window.Yasr;
    registerCompleters(Yasqe);
    registerViews(Yasr);
    try {
      engine = config.mode === "file" ? fileEngine() : servedEngine();
    } catch (error) {
      status(word("The graph could not be loaded in the page") + ": " + error);
      return;
    }
    yasqe = new Yasqe(document.getElementById("editor"), {
      value: config.example,
      persistenceId: null,
      showQueryButton: true,
      resizeable: false,
      editorHeight: "260px",
      createShareableLink: null,
      consumeShareLink: null,
      // the editor's own keys call the CodeMirror instance's query(), bound to YASQE's HTTP one
      extraKeys: { "Ctrl-Enter": function () { runEditor(); }, "Cmd-Enter": function () { runEditor(); } },
    });
    yasqe.query = function () { return runEditor(); };
    knowPredefinedPrefixes(yasqe, config.prefixes);
    new MutationObserver(translateHints).observe(document.getElementById("editor"),
      { subtree: true, childList: true, characterData: true });
    var runButton = document.querySelector(".yasqe_queryButton");  // YASQE names it again as it runs
    var nameRunButton = function () { name(runButton, word("Run query"), ["title", "aria-label"]); };
    nameRunButton();
    new MutationObserver(nameRunButton).observe(runButton, { attributes: true, attributeFilter: ["title", "aria-label"] });
    yasqe.getInputField().setAttribute("aria-labelledby", "editor-note");  // the editor's own text box
    yasr = new Yasr(document.getElementById("results"), {
      persistenceId: null,
      prefixes: config.prefixes,
      pluginOrder: ["table", "response"].concat(window.hrgraphViews.names),
    });
    yasr.on("change", function () { keepView(yasr.selectedPlugin); });
    new MutationObserver(describeResults).observe(document.getElementById("results"),
      { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
    window.hrgraphPage = { yasqe: yasqe, yasr: yasr, run: run, engine: engine, word: word, lang: lang,
      setFragment: setFragment, pageOf: pageOf };
    window.hrgraphGallery.start(window.hrgraphPage, config);
    openFragment();
    window.addEventListener("hashchange", followFragment);
    document.body.dataset.ready = "true";
  }

  // The editor's checker knows only the prefixes a query declares, and marked 'hrg:' and the
  // other predefined ones as errors ("Prefix 'hrg' is not defined") in queries that run: its
  // every state now starts knowing them, and the text is checked again
  function knowPredefinedPrefixes(editor, prefixes) {
    var mode = editor.getMode(), start = mode.startState;
    mode.startState = function () {
      var state = start.apply(this, arguments);
      Object.keys(prefixes).forEach(function (p) { state.prefixes[p] = prefixes[p]; });
      return state;
    };
    editor.setValue(editor.getValue());
  }

  // YASR's own words in the page's language (the catalogue's): its views' names, the table's
  // switches, filter and page size, the download button and the count of results
  var VIEWS = { table: "Table", response: "Response", Timeline: "Timeline", BarChart: "Bar chart", Graph: "Graph" };
  var SWITCHES = ["Simple view", "Ellipse"];
  var COUNTED = /^(\d+) results? in ([\d.]+) seconds$/;

  function say(el, text) {  // only when it differs: each change is seen by the observer again
    if (el && el.textContent !== text) el.textContent = text;
  }

  function name(el, text, attributes) {
    if (el) attributes.forEach(function (a) { if (el.getAttribute(a) !== text) el.setAttribute(a, text); });
  }

  var HINTS = { "Press CTRL - <spacebar> to autocomplete": "Press Ctrl+Space to complete" };

  function translateHints() {  // YASQE's notes under the editor, as it writes them
    document.querySelectorAll("#editor .notification").forEach(function (el) {
      var msgid = HINTS[el.textContent];
      if (msgid) say(el, word(msgid));
    });
  }

  function translateResults(results) {
    Object.keys(VIEWS).forEach(function (view) {
      var button = results.querySelector(".yasr_btn.select_" + view);
      if (!button) return;
      say(button.lastElementChild, word(VIEWS[view]));
      name(button, word(VIEWS[view]), ["title", "aria-label"]);
    });
    results.querySelectorAll(".tableControls .switch .label").forEach(function (el) {
      var english = el.dataset.msgid || el.textContent.trim();
      if (SWITCHES.indexOf(english) < 0) return;
      el.dataset.msgid = english;
      say(el, word(english));
    });
    say(results.querySelector(".pageSizerLabel"), word("Page size:") + " ");
    name(results.querySelector(".tableFilter"), word("Filter query results"), ["placeholder", "aria-label"]);
    name(results.querySelector(".yasr_downloadIcon"), word("Download result"), ["title", "aria-label"]);
    var chip = results.querySelector(".yasr_response_chip"), counted = chip && COUNTED.exec(chip.textContent);
    if (counted) {
      var said = counted[1] === "1" ? word("1 result in {s} seconds") : word("{n} results in {s} seconds");
      say(chip, said.replace("{n}", counted[1]).replace("{s}", counted[2]));
    }
  }

  // YASR greys a view that cannot show the results by a class alone (set after it draws them),
  // and labels its page-size list with a span: both said to assistive technology too (by
  // aria-disabled, not the disabled attribute: YASR still lets a greyed view be picked)
  function describeResults() {
    var results = document.getElementById("results");
    translateResults(results);
    results.querySelectorAll(".yasr_btn").forEach(function (button) {
      button.setAttribute("aria-disabled", String(button.classList.contains("disabled")));
    });
    var sizer = results.querySelector("select.tableSizer"), label = results.querySelector(".pageSizerLabel");
    if (sizer && label) {
      label.id = "page-size-label";
      sizer.setAttribute("aria-labelledby", label.id);
    }
  }

  start();
})();
