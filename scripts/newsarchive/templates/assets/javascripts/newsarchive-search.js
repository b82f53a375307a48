/* newsarchive: mounts Pagefind's search interface on the search page.
   A file, not an inline script, so the Content-Security-Policy needs no exception for it.
   The site may live in a sub-folder (GitHub project pages), so the base URL is taken from
   this script's own address rather than assumed to be "/". Each edition of the site has its
   own index (data-na-bundle: "pagefind/", "fr/pagefind/"), whose language sets the words of
   Pagefind's interface; data-na-open names the filter shown open (Language, Langue). A query
   in ?q= runs at once, which makes searches linkable. A large archive's index comes in parts
   (data-na-parts), which Pagefind merges into one list of results and one set of filters. */
(function () {
  "use strict";
  var root = document.getElementById("na-search");
  var script = document.currentScript;
  if (!root || !script || typeof PagefindUI === "undefined") {
    return;
  }
  var base = new URL("../../", script.src).pathname;
  var parts = (root.getAttribute("data-na-parts") || "").split(" ").filter(Boolean);
  var ui = new PagefindUI({
    element: root,
    baseUrl: base,
    bundlePath: base + (root.getAttribute("data-na-bundle") || "pagefind/"),
    // Each part links its results from the site's base too (GitHub project pages).
    mergeIndex: parts.map(function (part) { return { bundlePath: base + part, baseUrl: base }; }),
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    autofocus: true,
    openFilters: [root.getAttribute("data-na-open") || "Language"]
  });
  // Pagefind's box has only a placeholder; name it by the page's visible heading (axe).
  var input = root.querySelector("input");
  if (input && document.getElementById("na-search-title")) {
    input.setAttribute("aria-labelledby", "na-search-title");
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
