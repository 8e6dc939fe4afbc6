/* The search page (tim-kiem/): Pagefind's JS API behind a small form.
 *
 * - The query and the filters live in the URL (?q=so+tu+phap&chu_tri=Sở+Tư+pháp), read on load and
 *   kept up to date with history.replaceState, so a search can be shared and bookmarked.
 * - "đ" is folded to "d" in the query, as generator/search.py folds it in the index, so "duong" finds
 *   "đường"; Pagefind itself ignores the other marks. Text is NFC-normalised first.
 * - The result count is announced in a polite live region.
 * Without JavaScript the page shows links to the agency and deadline pages instead.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var root = document.getElementById("kh-search");
  if (!root || !window.fetch || !window.URLSearchParams) return;
  var bundle = new URL(root.getAttribute("data-bundle") || "../pagefind/", document.baseURI).href;

  var form = document.getElementById("kh-search-form");
  var input = document.getElementById("kh-q");
  var status = document.getElementById("kh-search-status");
  var list = document.getElementById("kh-results");
  var more = document.getElementById("kh-more");
  var fallback = document.getElementById("kh-search-fallback");
  var filterCount = document.getElementById("kh-filter-count");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
  var scope = document.getElementById("kh-scope");
  var tinh = root.querySelector("select[data-filter=tinh]");
  var base = new URL("..", bundle);

  var module = null;     // pagefind.js
  var listing = { parts: [], provinces: {} };   // the bundles of a national site (generator/search.py)
  var national = false;  // true when the site is indexed as a national one
  var instances = {};    // scope → a Pagefind instance (a promise of one)
  var current = [];   // the results of the latest search
  var shown = 0;
  var searchId = 0;
  var timer = null;

  function nfc(text) {
    return (text || "").normalize ? (text || "").normalize("NFC") : (text || "");
  }

  /* The query as the index spells it: NFC, "đ" as "d" (see generator/search.py). */
  function fold(text) {
    return nfc(text).replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.getAttribute("data-filter")] = select.value;
    });
    return filters;
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  /* Choose `value` in a menu, adding it if the menu does not offer it (yet). */
  function choose(select, value) {
    if (value && !hasOption(select, value)) select.appendChild(new Option(value, value));
    select.value = value;
  }

  /* Read the URL into the form: ?q=…&<filter>=… (values NFC, so an NFD link still matches). */
  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    input.value = nfc(params.get("q") || "");
    selects.forEach(function (select) { choose(select, nfc(params.get(select.getAttribute("data-filter")) || "")); });
    if (national) {
      // Typed in the header of a province's page: search that province, tasks included.
      var from = nfc(params.get(FROM_PARAM) || "");
      if (!tinh.value && params.get(ALL_PARAM) !== ALL_VALUE && from && hasOption(scope, from)) choose(tinh, from);
      choose(scope, tinh.value || (params.get(ALL_PARAM) === ALL_VALUE ? "*" : ""));
    }
  }

  /* Where a national site searches: its plans, agencies and hubs (""), every task ("*"), or one
     province, whose name is also the tinh filter (so tim-kiem/?tinh=… opens in that province). */
  var ALL_PARAM = "pham_vi", ALL_VALUE = "moi-nhiem-vu", FROM_PARAM = "tu_tinh";

  function hasBundle(province) {
    return Object.prototype.hasOwnProperty.call(listing.provinces, province);
  }

  function scopeKey() {
    if (!national) return "";
    if (tinh.value) return hasBundle(tinh.value) ? "tinh:" + tinh.value : "";
    return scope.value === "*" ? "*" : "";
  }

  /* The Pagefind instance of a scope: the first bundle, with the task bundles of the scope merged in. */
  function instanceFor(key) {
    if (!instances[key]) {
      // noWorker: the index is small, and the worker would be one more script (12 kB) to download.
      var instance = module.createInstance({ basePath: bundle, baseUrl: base.pathname, noWorker: true });
      var parts = key === "*" ? listing.parts : key ? [listing.provinces[key.slice(5)]] : [];
      instances[key] = Promise.all(parts.map(function (part) {
        return instance.mergeIndex(new URL(part, base).pathname, { baseUrl: base.pathname });
      })).then(function () { return instance; });
      instances[key].catch(function () { delete instances[key]; });
    }
    return instances[key];
  }

  /* Write the form into the URL without adding a history entry. */
  function writeUrl() {
    var params = new URLSearchParams();
    var q = nfc(input.value).trim();
    if (q) params.set("q", q);
    selects.forEach(function (select) {
      if (select.value) params.set(select.getAttribute("data-filter"), select.value);
    });
    if (scopeKey() === "*") params.set(ALL_PARAM, ALL_VALUE);
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", url);
    }
  }

  function sortValues(name, values) {
    if (name === "quy") {
      var roman = { I: 1, II: 2, III: 3, IV: 4 };
      var key = function (v) {
        var m = /^Quý (I|II|III|IV)\/(\d{4})$/.exec(v);
        return m ? Number(m[2]) * 10 + roman[m[1]] : 0;
      };
      return values.sort(function (a, b) { return key(a) - key(b); });
    }
    return values.sort(function (a, b) { return a.localeCompare(b, "vi", { numeric: true }); });
  }

  /* The menus of the filters, with the values (and counts) of the scope searched; a chosen value
     stays even when the scope has none of it. */
  function fillFilters(all) {
    selects.forEach(function (select) {
      var name = select.getAttribute("data-filter");
      var counts = {};   // a search's counts list every value, those of no page in it with 0
      Object.keys(all[name] || {}).forEach(function (value) { if (all[name][value] > 0) counts[value] = all[name][value]; });
      var keep = select.value;
      Array.prototype.slice.call(select.options, 1).forEach(function (option) {
        if (!counts[option.value] && option.value !== keep) option.remove();
      });
      sortValues(name, Object.keys(counts)).forEach(function (value) {
        var existing = Array.prototype.filter.call(select.options, function (o) { return o.value === value; })[0];
        var label = value + " (" + counts[value] + ")";
        if (existing) existing.textContent = label;
        else select.appendChild(new Option(label, value));
      });
      select.value = keep;
      // On a national site the province is chosen with "Tìm trong", above the filters.
      select.closest(".kh-filter").hidden = (Object.keys(counts).length === 0 && !keep) || (national && select === tinh);
    });
  }

  /* The chosen filters, in words, beside the (closed) filter box: "(Tỉnh: Bắc Ninh)". */
  function showFilterCount() {
    var chosen = selects.filter(function (select) { return select.value && !(national && select === tinh); }).map(function (select) {
      return select.labels[0].textContent + ": " + select.value;
    });
    filterCount.textContent = chosen.length ? "(" + chosen.join("; ") + ")" : "";
  }

  /* A word as the index compares it: no marks, "đ" as "d", lower case, letters and digits only. */
  function bare(word) {
    return fold(word).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^0-9a-z\u00c0-\uffff]/g, "");
  }

  /* Our own excerpt, quoted from the page's text only: generator/search.py appends a folded copy of
     its đ-phrases after FOLDED_MARK, which Pagefind would otherwise happily quote ("dường dây"). The
     window of EXCERPT_WORDS words with the most matches (prefixes, as Pagefind matches) wins; the
     matches are marked. Pagefind gives the page's text as plain text (a title written
     "<script>…" comes back as those characters), so it is only ever put in text nodes. */
  var FOLDED_MARK = "\u2042\u2042\u2042";
  var EXCERPT_WORDS = 28;
  function quote(content, term) {
    var text = (content || "").split(FOLDED_MARK)[0];
    var tokens = text.split(/\s+/).filter(Boolean);
    var terms = term ? term.split(/\s+/).map(bare).filter(Boolean) : [];
    var hits = tokens.map(function (token) {
      var word = bare(token);
      for (var t = 0; t < terms.length; t++) if (word && word.indexOf(terms[t]) === 0) return t + 1;
      return 0;
    });
    var best = 0, bestScore = -1;
    for (var i = 0; i < tokens.length; i++) {
      if (i > 0 && !hits[i]) continue;   // windows start at a match (or at the top)
      var seen = {}, score = 0;
      for (var j = i; j < Math.min(tokens.length, i + EXCERPT_WORDS); j++) {
        if (hits[j]) {
          score += seen[hits[j]] ? 1 : 3;
          if (j > i && hits[j - 1] && hits[j - 1] !== hits[j]) score += 2;   // words side by side
          seen[hits[j]] = true;
        }
      }
      if (score > bestScore) { bestScore = score; best = i; }
    }
    var start = Math.max(0, Math.min(best - 4, tokens.length - EXCERPT_WORDS));
    var stop = Math.min(tokens.length, start + EXCERPT_WORDS);
    var out = document.createDocumentFragment();
    var plain = start > 0 ? "… " : "";
    for (var k = start; k < stop; k++) {
      if (hits[k]) {
        out.appendChild(document.createTextNode(plain));
        var mark = document.createElement("mark");
        mark.textContent = tokens[k];
        out.appendChild(mark);
        plain = " ";
      } else {
        plain += tokens[k] + " ";
      }
    }
    out.appendChild(document.createTextNode(plain.replace(/ $/, "") + (stop < tokens.length ? " …" : "")));
    return out;
  }

  function renderResult(data, term) {
    var item = document.createElement("li");
    item.className = "kh-result";
    var link = document.createElement("a");
    link.className = "kh-result-title";
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    var heading = document.createElement("p");
    heading.appendChild(link);
    item.appendChild(heading);
    var f = data.filters || {};
    var facts = [].concat(f.loai || [], f.ke_hoach || (f.tinh ? ["Tỉnh " + f.tinh[0]] : []));
    if (f.chu_tri && f.chu_tri.length) facts.push("Chủ trì: " + f.chu_tri.join(", "));
    if (f.tinh_trang && f.tinh_trang.length) facts.push(f.tinh_trang.join(", "));
    if (facts.length) {
      var meta = document.createElement("p");
      meta.className = "kh-result-facts";
      meta.textContent = facts.join(" · ");
      item.appendChild(meta);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "kh-result-excerpt";
    excerpt.appendChild(quote(data.content, term));
    item.appendChild(excerpt);
    return item;
  }

  var currentTerm = "";

  function showMore(id) {
    var batch = current.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      if (id !== searchId) return;
      datas.forEach(function (data) { list.appendChild(renderResult(data, currentTerm)); });
      more.hidden = shown >= current.length;
      root.setAttribute("data-state", "done");
    });
  }

  /* The longest run of consecutive matched words in a page: Vietnamese words are syllables, so a
     name like "Sở Tư pháp" is three words, and a page that has them side by side is the one meant.
     Pagefind ranks words one by one; results are ordered by the names found (below), then by this
     run (up to the number of words typed), then by Pagefind's score. */
  function longestRun(locations) {
    var sorted = locations.slice().sort(function (a, b) { return a - b; });
    var best = sorted.length ? 1 : 0, run = 1;
    for (var i = 1; i < sorted.length; i++) {
      if (sorted[i] === sorted[i - 1] + 1) run += 1;
      else if (sorted[i] !== sorted[i - 1]) run = 1;
      if (run > best) best = run;
    }
    return best;
  }

  /* Names typed in the query: when the words of an agency (or province) name appear in it, the pages
     whose lead agency (or province) it is come first, so "so tu phap qua han" puts Sở Tư pháp's page
     and its own tasks before pages that only mention it. */
  var NAMED = ["chu_tri", "tinh"];
  var names = {};   // filter → [{ value, words }]

  function learnNames(known) {
    NAMED.forEach(function (filter) {
      names[filter] = (known[filter] || []).map(function (value) {
        return { value: value, words: value.split(/\s+/).map(bare).filter(Boolean) };
      }).filter(function (name) { return name.words.length >= 2; });
    });
  }

  function namedIn(term, filters) {
    var typed = term.split(/\s+/).map(bare).filter(Boolean);
    var found = {};
    NAMED.forEach(function (filter) {
      if (filters[filter]) return;
      var best = null;
      (names[filter] || []).forEach(function (name) {
        var n = name.words.length;
        if (n > typed.length || (best && best.words.length >= n)) return;
        for (var i = 0; i + n <= typed.length; i++) {
          var same = name.words.every(function (word, k) {
            var t = typed[i + k];
            return i + k === typed.length - 1 ? word.indexOf(t) === 0 : word === t;  // the last word may be half typed
          });
          if (same) { best = name; return; }
        }
      });
      if (best) found[filter] = best.value;
    });
    return found;
  }

  function rank(results, term, boosted) {
    var words = term.split(/\s+/).filter(Boolean).length;
    var keyed = results.map(function (result, i) {
      var boost = boosted.filter(function (ids) { return ids[result.id]; }).length;
      return { result: result, run: Math.min(longestRun(result.words || []), words), boost: boost, i: i };
    });
    keyed.sort(function (a, b) {
      return (b.boost - a.boost) || (b.run - a.run) || (b.result.score - a.result.score) || (a.i - b.i);
    });
    return keyed.map(function (k) { return k.result; });
  }

  /* Pagefind's search, then the ranking above (one more, filtered search per name found). */
  function searchRanked(pagefind, term, filters) {
    var main = pagefind.search(term, { filters: filters });
    if (!term) return main.then(function (search) { return search && search.results; });
    var named = namedIn(term, filters);
    var extra = Object.keys(named).map(function (filter) {
      var narrower = {};
      Object.keys(filters).forEach(function (k) { narrower[k] = filters[k]; });
      narrower[filter] = named[filter];
      return pagefind.search(term, { filters: narrower }).then(function (search) {
        var ids = {};
        ((search && search.results) || []).forEach(function (r) { ids[r.id] = true; });
        return ids;
      });
    });
    return Promise.all([main].concat(extra)).then(function (all) {
      return all[0] && rank(all[0].results, term, all.slice(1));
    });
  }

  function describe(count, q, filters, key) {
    var what = q ? " cho “" + q + "”" : "";
    // On a national site the province is where the search runs (said in "Tìm trong"), not a filter.
    var n = Object.keys(filters).length - (national && filters.tinh ? 1 : 0);
    var how = n ? " (" + n + " bộ lọc)" : "";
    var where = !national ? "" : filters.tinh ? " trong tỉnh " + filters.tinh
      : key === "*" ? " trong mọi trang và nhiệm vụ của cả nước" : " trong kế hoạch, cơ quan và trang tổng hợp";
    var hint = national && !key && !filters.tinh ? " Để tìm cả trong từng nhiệm vụ, chọn một tỉnh hoặc “mọi nhiệm vụ” ở ô “Tìm trong”." : "";
    var instead = national && filters.tinh ? (n ? ", bỏ bớt bộ lọc hoặc tìm trong cả nước (ô “Tìm trong”)" : " hoặc tìm trong cả nước (ô “Tìm trong”)")
      : " hoặc bỏ bớt bộ lọc";
    if (!count) return "Không tìm thấy kết quả nào" + what + where + how + ". Hãy thử ít từ hơn" + instead + "." + hint;
    return "Tìm thấy " + count + " kết quả" + what + where + how + "." + hint;
  }

  function run() {
    var id = ++searchId;
    var q = nfc(input.value).trim();
    var filters = chosenFilters();
    writeUrl();
    showFilterCount();
    var empty = !q && !Object.keys(filters).length;
    fallback.hidden = !empty;
    if (empty) {
      if (box.open && filterBoxKey !== scopeKey()) loadFilters();
      list.textContent = "";
      current = [];
      more.hidden = true;
      status.textContent = "";
      root.setAttribute("data-state", "idle");
      return Promise.resolve();
    }
    root.setAttribute("data-state", "searching");
    var term = q ? fold(q) : null;
    var key = scopeKey();
    if (key && !instances[key]) status.textContent = "Đang tải chỉ mục tìm kiếm…";
    return instanceFor(key).then(function (pagefind) {
      if (id !== searchId) return null;
      if (filterBoxKey !== key && box.open) loadFilters();
      return searchRanked(pagefind, term, filters);
    }).then(function (results) {
      if (id !== searchId || !results) return;
      current = results;
      currentTerm = term || "";
      shown = 0;
      list.textContent = "";
      status.textContent = describe(current.length, q, filters, key);
      return showMore(id);
    }).catch(function (error) {
      if (id !== searchId) return;
      status.textContent = "Lỗi khi tìm kiếm: " + error;
      root.setAttribute("data-state", "error");
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 200);
  }

  /* The bundles of a national site (generator/search.py); a smaller site has none but the first. */
  function readListing() {
    return fetch(bundle + "kh-phan.json")
      .then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; })
      .then(function (found) {
        listing = { parts: found.parts || [], provinces: found.provinces || {} };
        national = listing.parts.length > 0 && !!scope;
      });
  }

  /* The filter menus are filled (values and counts) from Pagefind's filter index only when the filter
     box is opened: on a national site that index is megabytes, and most searches never use it. The
     names the ranking needs come with the page (data-names, written when the site is built). */
  var box = document.getElementById("kh-filters-box");
  var filtersLoaded = null;
  var filterBoxKey = null;   // the scope whose values the menus show

  function loadFilters() {
    var key = scopeKey();
    if (!filtersLoaded || filterBoxKey !== key) {
      filterBoxKey = key;
      filtersLoaded = instanceFor(key).then(function (pagefind) {
        // In a province, the counts of its own pages: the national index has every province's.
        if (key.indexOf("tinh:") !== 0) return pagefind.filters();
        return pagefind.search(null, { filters: { tinh: key.slice(5) } }).then(function (found) { return found && found.filters; });
      }).then(function (all) {
        if (filterBoxKey === key) fillFilters(all || {});
      }).catch(function (error) {
        if (filterBoxKey === key) {   // opening the box again tries again
          filtersLoaded = null;
          filterBoxKey = null;
        }
        if (window.console) console.error(error);
      });
    }
    return filtersLoaded;
  }

  function knownNames() {
    try {
      return JSON.parse(root.getAttribute("data-names") || "{}");
    } catch (error) {
      return {};
    }
  }

  function start(loaded) {
    module = loaded;
    return readListing()
      .then(function () {
        learnNames(knownNames());
        if (national) {
          document.getElementById("kh-scope-row").hidden = false;
          tinh.closest(".kh-filter").hidden = true;
          scope.addEventListener("change", function () {
            choose(tinh, scope.value === "*" ? "" : scope.value);
            run();
          });
        }
        readUrl();
        box.addEventListener("toggle", function () { if (box.open) loadFilters(); });
        if (box.open) loadFilters();
        root.hidden = false;
        root.setAttribute("data-state", "ready");
        input.addEventListener("input", schedule);
        selects.forEach(function (select) { select.addEventListener("change", run); });
        form.addEventListener("submit", function (event) { event.preventDefault(); window.clearTimeout(timer); run(); });
        document.getElementById("kh-clear").addEventListener("click", function () {
          // The province of a national site is where it searches, not a filter to clear.
          selects.forEach(function (select) { if (!(national && select === tinh)) select.value = ""; });
          run();
        });
        more.addEventListener("click", function () { showMore(searchId); });
        return run();
      });
  }

  import(bundle + "pagefind.js").then(start).catch(function (error) {
    root.hidden = true;
    fallback.hidden = false;
    var note = document.getElementById("kh-search-nojs");
    if (note) note.textContent = "Chưa tải được chỉ mục tìm kiếm (" + error.message + "). Bạn vẫn có thể tra cứu theo cơ quan hoặc theo thời hạn:";
    if (window.console) console.error(error);
  });
})();
