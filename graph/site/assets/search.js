/* Search of the readers' site: the box on every page and the list on search.html.
 *
 * The index is `<language folder>/search-index-<n>.js`, PARTS scripts (each adds its part to
 * window.HRG_SEARCH; a page opened from file:// cannot fetch a JSON file): each part's entries to
 * show and a MiniSearch index of their names, built by graph/site/search.py, put together here
 * into one MiniSearch engine (assets/vendor/minisearch/), the parts in order. Both are
 * loaded the first time the reader shows interest in the box (focus, pointer, typing), or at once
 * on search.html, so pages that are only read never pay for them. Matching ignores case and
 * diacritics (folded as search.py folds the names), finds words by their beginning, and allows one
 * typing error in words of five letters or more. Words in scripts written without spaces (Khmer,
 * Thai, Lao, Myanmar) are found as any part of a name. Text from the data is only ever set as
 * textContent. Runs under `script-src 'self'` (no inline script, no eval).
 */
(function () {
  'use strict';

  var SCRIPT = document.currentScript;
  var PARTS = 8; // search-index-0.js ... (graph/site/search.py's SHARDS)
  var SUGGESTIONS = 10; // under the box while typing
  var PAGE_SIZE = 100; // on search.html, then "more results"
  var UNSPACED = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff]/;
  var SEPARATORS = /[^\p{L}\p{N}\p{M}]+/u;
  var INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

  // For the reader nothing; for tests and benchmarks: the engine, `find`, the query the list
  // under the box was last made for (`shownFor`), and when each step happened (`timing`).
  var state = {
    loading: null,
    engine: null,
    entries: [],
    folders: [],
    kinds: [],
    notHere: '', // what the mark of a name in another language than the page's says
    unspaced: null,
    shownFor: null,
    timing: {},
  };
  window.hrgraphSearch = state;

  // ------------------------------------------------------------------ terms

  /** Lower-case, without diacritics: "Việt Nam" -> "viet nam" (Khmer signs are kept). */
  function fold(text) {
    return text
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/\u0111/g, 'd');
  }

  /** The folded words of a text, split at everything that is not a letter, digit or mark. */
  function wordsOf(text) {
    return fold(text).split(SEPARATORS).filter(Boolean);
  }

  /** Words found by their beginning ("pig" finds Pigai): of two letters or more, and the last
   *  word after others, however short ("keo r" finds Keo Remy). */
  function prefix(term, i, terms) {
    return term.length >= 2 || (i > 0 && i === terms.length - 1);
  }

  /** One typing error allowed in words of five letters or more. */
  function fuzzy(term) {
    return term.length >= 5 ? 1 : false;
  }

  // ------------------------------------------------------------------ loading

  function assetsURL() {
    return new URL('.', SCRIPT.src);
  }

  /** The page's language folder: from the form's action if it has one, else assets/../<lang>/. */
  function languageURL(form) {
    if (form && form.getAttribute('action')) return new URL('.', form.action);
    return new URL('../' + document.documentElement.lang + '/', assetsURL());
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = url.href;
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error('cannot load ' + url.href));
      };
      document.head.appendChild(script);
    });
  }

  /** A number for each of a part's folders or kinds in the whole index's list of them. */
  function numbered(names, numbers, all) {
    return names.map(function (name) {
      if (!numbers.has(name)) numbers.set(name, all.push(name) - 1);
      return numbers.get(name);
    });
  }

  /** MiniSearch with search.py's parts put in, in order, as one index: each part's entries are
   *  numbered after the earlier parts'. loadJS is given everything but the words, which are set
   *  here from their compact lists (each document's distance from the last one, then its count,
   *  negated, where above one) straight into the engine's map of words (loadJS itself sets them
   *  there, after reading objects keyed by numbers written as text). */
  function loadEngine() {
    var parts = window.HRG_SEARCH.slice().sort(function (a, b) {
      return a.part - b.part;
    });
    var folders = new Map();
    var kinds = new Map();
    var lengths = [];
    var words = new Map();
    state.folders = [];
    state.kinds = [];
    state.entries = [];
    parts.forEach(function (data) {
      var first = state.entries.length;
      var folderNumbers = numbered(data.folders, folders, state.folders);
      var kindNumbers = numbered(data.kinds, kinds, state.kinds);
      state.notHere = data.notHere || state.notHere;
      data.entries.forEach(function (row) {
        row[0] = folderNumbers[row[0]];
        row[2] = kindNumbers[row[2]];
        state.entries.push(row);
      });
      data.index.lengths.forEach(function (length) {
        lengths.push(length);
      });
      var found = data.index.index;
      for (var i = 0; i < found.length; i++) {
        var documents = words.get(found[i][0]);
        if (!documents) words.set(found[i][0], (documents = new Map()));
        var list = found[i][1];
        var id = first;
        for (var j = 0; j < list.length; j++) {
          id += list[j];
          documents.set(id, list[j + 1] < 0 ? -list[++j] : 1);
        }
      }
    });
    var total = 0;
    lengths.forEach(function (length) {
      total += length;
    });
    var index = {
      documentCount: lengths.length,
      nextId: lengths.length,
      documentIds: lengths.map(function (_, i) {
        return i;
      }),
      fieldIds: { names: 0 },
      fieldLength: lengths.map(function (length) {
        return [length];
      }),
      averageFieldLength: [lengths.length ? total / lengths.length : 0],
      storedFields: {},
      dirtCount: 0,
      index: [],
      serializationVersion: 2,
    };
    var engine = window.MiniSearch.loadJS(index, {
      fields: ['names'],
      tokenize: wordsOf,
      processTerm: function (term) {
        return UNSPACED.test(term) ? null : term;
      },
      searchOptions: { combineWith: 'AND', prefix: prefix, fuzzy: fuzzy },
    });
    words.forEach(function (documents, word) {
      engine._index.set(word, new Map([[0, documents]]));
    });
    return engine;
  }

  /** The search engine, loaded once (a promise). */
  function ready(form) {
    if (!state.loading) {
      state.timing.requested = performance.now();
      var wanted = [];
      if (!window.MiniSearch) wanted.push(loadScript(new URL('vendor/minisearch/minisearch.umd.js', assetsURL())));
      if (!window.HRG_SEARCH) {
        for (var part = 0; part < PARTS; part++) {
          wanted.push(loadScript(new URL('search-index-' + part + '.js', languageURL(form))));
        }
      }
      state.loading = Promise.all(wanted).then(function () {
        state.timing.loaded = performance.now();
        state.engine = loadEngine();
        state.timing.indexed = performance.now();
        return state.engine;
      });
    }
    return state.loading;
  }

  // ------------------------------------------------------------------ finding

  /** Each entry's names folded, where they hold unspaced script ('' elsewhere); made once. */
  function unspacedTexts() {
    if (!state.unspaced) {
      state.unspaced = state.entries.map(function (row) {
        var names = row[3] + (row[4] ? '\n' + row[4].join('\n') : '');
        return UNSPACED.test(names) ? fold(names).replace(INVISIBLE, '') : '';
      });
    }
    return state.unspaced;
  }

  function holdsAll(text, parts) {
    return parts.every(function (part) {
      return text.indexOf(part) >= 0;
    });
  }

  /** Entries whose names hold every part, those whose title holds them first, shortest first. */
  function scan(parts) {
    var texts = unspacedTexts();
    var found = [];
    for (var i = 0; i < texts.length; i++) {
      if (texts[i] && holdsAll(texts[i], parts)) {
        var inTitle = holdsAll(texts[i].split('\n', 1)[0], parts); // the title comes first
        found.push({ id: i, rank: (inTitle ? 0 : 1e9) + texts[i].length });
      }
    }
    found.sort(function (a, b) {
      return a.rank - b.rank || a.id - b.id;
    });
    return found.map(function (hit) {
      return hit.id;
    });
  }

  /** The order of two entries by their pages' addresses (of hits that score the same: the
   *  order does not depend on which part of the index holds them). */
  function byAddress(a, b) {
    var first = state.entries[a];
    var second = state.entries[b];
    var one = state.folders[first[0]] + first[1];
    var other = state.folders[second[0]] + second[1];
    return one < other ? -1 : one > other ? 1 : 0;
  }

  /** Entries matching the query, best first (of the same score, by address): [{page, kind, title}]. */
  function find(query) {
    if (!state.engine) return [];
    var all = wordsOf(query);
    var spaced = all.filter(function (word) {
      return !UNSPACED.test(word);
    });
    var parts = all.filter(function (word) {
      return UNSPACED.test(word);
    });
    var ids = [];
    if (spaced.length) {
      ids = state.engine
        .search(spaced.join(' '))
        .sort(function (a, b) {
          return b.score - a.score || byAddress(a.id, b.id);
        })
        .map(function (hit) {
          return hit.id;
        });
      if (parts.length) {
        var texts = unspacedTexts();
        ids = ids.filter(function (id) {
          return holdsAll(texts[id], parts);
        });
      }
    } else if (parts.length) {
      ids = scan(parts);
    }
    return ids.map(function (id) {
      var row = state.entries[id];
      return {
        page: state.folders[row[0]] + row[1] + '.html',
        kind: state.kinds[row[2]],
        title: row[3],
        fallback: row[5] || '',
      };
    });
  }
  state.find = find;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** What a hit shows: its name, marked as the site marks a name in another language than the
   *  page's (' (en)', saying that the page's language has none: graph/site/html.py's
   *  fallback_mark), and its kind. */
  function hitParts(hit, name) {
    var parts = [name];
    if (hit.fallback) {
      name.lang = hit.fallback;
      var mark = element('span', 'fallback', '(' + hit.fallback + ')');
      mark.lang = hit.fallback;
      if (state.notHere) mark.title = state.notHere;
      parts.push(' ', mark);
    }
    parts.push(' ', element('span', 'search-kind', hit.kind));
    return parts;
  }

  // ------------------------------------------------------------------ the box on every page

  function attach(form) {
    var input = form.querySelector('input[name="q"]');
    var list = form.querySelector('#search-results');
    if (!input || !list) return;
    var base = languageURL(form);
    var active = -1;
    var pending = false;

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');
    var label = form.querySelector('label[for="' + input.id + '"]');
    if (label) {
      label.id = label.id || input.id + '-label';
      list.setAttribute('aria-labelledby', label.id);
    }

    function options() {
      return list.querySelectorAll('[role="option"]');
    }

    function close() {
      list.replaceChildren();
      list.hidden = true;
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute('aria-selected', i === active ? 'true' : 'false');
      });
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    }

    function show() {
      pending = false;
      var hits = find(input.value).slice(0, SUGGESTIONS);
      state.shownFor = input.value;
      if (!hits.length) return close();
      var nodes = hits.map(function (hit, i) {
        var option = element('a', 'search-option');
        option.id = 'search-option-' + i;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.tabIndex = -1;
        option.href = new URL(hit.page, base).href;
        option.append.apply(option, hitParts(hit, element('span', 'search-name', hit.title)));
        return option;
      });
      list.replaceChildren.apply(list, nodes);
      list.hidden = false;
      active = -1;
      input.setAttribute('aria-expanded', 'true');
      input.removeAttribute('aria-activedescendant');
      state.timing.answered = state.timing.answered || performance.now();
    }

    /** Search at most once a frame, for the latest text in the box. */
    function update() {
      if (pending) return;
      pending = true;
      ready(form).then(function () {
        requestAnimationFrame(show);
      }, function (error) {
        pending = false;
        console.warn(error.message);
      });
    }

    function warm() {
      ready(form).catch(function () {});
    }

    input.addEventListener('focus', warm);
    form.addEventListener('pointerenter', warm);
    input.addEventListener('input', update);
    input.addEventListener('keydown', function (event) {
      var open = !list.hidden && options().length > 0;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (!open) update();
        else if (event.key === 'ArrowDown') highlight(active + 1);
        else highlight(active <= 0 ? -1 : active - 1);
        event.preventDefault();
      } else if (event.key === 'Enter' && open && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].href;
      } else if (event.key === 'Escape') {
        if (open) close();
        else input.value = '';
        event.preventDefault();
      }
    });
    form.addEventListener('focusout', function (event) {
      if (!form.contains(event.relatedTarget)) close();
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var query = input.value.trim();
      if (!query) return;
      window.location.href = new URL('search.html?q=' + encodeURIComponent(query), base).href;
    });
    close();
  }

  // ------------------------------------------------------------------ search.html

  /** A sentence with {count} and {query} filled in (set as text, never as HTML). */
  function fillIn(template, values) {
    return template.replace(/\{(count|query)\}/g, function (_, key) {
      return values[key];
    });
  }

  function searchPage(section, form) {
    var query = new URLSearchParams(window.location.search).get('q') || '';
    var input = form && form.querySelector('input[name="q"]');
    if (input) input.value = query;
    var summary = section.querySelector('#search-summary');
    var list = section.querySelector('#search-page-results');
    var more = section.querySelector('#search-more');
    var base = languageURL(form);
    if (!query.trim()) {
      summary.textContent = section.dataset.empty;
      return;
    }
    ready(form).then(function () {
      var hits = find(query);
      var shown = 0;
      summary.textContent = fillIn(hits.length ? section.dataset.found : section.dataset.none, {
        count: hits.length.toLocaleString(document.documentElement.lang),
        query: query,
      });
      function next() {
        hits.slice(shown, shown + PAGE_SIZE).forEach(function (hit) {
          var item = element('li', 'search-hit');
          var link = element('a', 'search-name', hit.title);
          link.href = new URL(hit.page, base).href;
          item.append.apply(item, hitParts(hit, link));
          list.append(item);
        });
        shown = Math.min(hits.length, shown + PAGE_SIZE);
        more.hidden = shown >= hits.length;
      }
      more.addEventListener('click', next);
      next();
      state.timing.answered = state.timing.answered || performance.now();
    }, function (error) {
      console.warn(error.message);
    });
  }

  function start() {
    var forms = document.querySelectorAll('form.search');
    forms.forEach(attach);
    var section = document.getElementById('search-page');
    if (section) searchPage(section, forms[0]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
