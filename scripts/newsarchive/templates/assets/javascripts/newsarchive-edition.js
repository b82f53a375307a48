/* newsarchive: the switch between editions on an article page.
   An article page exists once for every edition of the site and carries each edition's words:
   text (header, navigation, older/newer links, Material's words) in elements of class
   "na-ed na-ed--<lang>", and attributes (links home, labels) as data-na-<attribute>-<lang>
   for each edition after the first whose value differs from the first's, which is the
   attribute's own value (recorded here first, so it is not written twice on every page);
   the page's title and Material's few other words are on the newsarchive:editions <meta>. The
   inline script in <head> has already shown the reader's edition (data-na-edition and lang on
   <html>, from this browser's storage). Here the attributes and the title follow it, and the
   switch buttons show the other edition in place and remember the choice (Material's
   __md_set: localStorage, scoped to the site; no cookie). A file, not an inline script, so the
   Content-Security-Policy needs no exception for it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var key = "newsarchive.edition";
  var meta = document.querySelector('meta[name="newsarchive:editions"]');
  var editions = meta ? meta.content.split(" ") : [];
  var ATTRIBUTES = ["href", "title", "aria-label"];

  // The first edition's values are the page's own: recorded where the others are looked up.
  function record(element, name, value) {
    if (element && value !== null && !element.hasAttribute(name)) {
      element.setAttribute(name, value);
    }
  }

  var first = editions[0];
  for (var a = 0; a < ATTRIBUTES.length; a++) {
    for (var e = 1; e < editions.length; e++) {
      var others = document.querySelectorAll("[data-na-" + ATTRIBUTES[a] + "-" + editions[e] + "]");
      for (var o = 0; o < others.length; o++) {
        record(others[o], "data-na-" + ATTRIBUTES[a] + "-" + first,
               others[o].getAttribute(ATTRIBUTES[a]));
      }
    }
  }
  var skip = document.querySelector(".md-skip");
  var permalink = document.querySelector(".md-content a.headerlink");
  record(meta, "data-na-doctitle-" + first, document.title);
  record(meta, "data-na-skip-" + first, skip ? skip.textContent : null);
  record(meta, "data-na-permalink-" + first, permalink ? permalink.getAttribute("title") : null);

  function current() {
    var lang = root.getAttribute("data-na-edition");
    return editions.indexOf(lang) >= 0 ? lang : editions[0];
  }

  // An edition's value, or the first edition's when it says the same.
  function value(element, name, lang) {
    var own = element.getAttribute("data-na-" + name + "-" + lang);
    return own !== null ? own : element.getAttribute("data-na-" + name + "-" + first);
  }

  function said(name, lang) {
    return meta ? value(meta, name, lang) : null;
  }

  function setText(selector, value, attribute) {
    if (value === null) {
      return;
    }
    var found = document.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) {
      if (attribute) {
        found[i].setAttribute(attribute, value);
      } else {
        found[i].textContent = value;
      }
    }
  }

  function show(lang) {
    root.lang = lang;
    for (var a = 0; a < ATTRIBUTES.length; a++) {
      var found = document.querySelectorAll("[data-na-" + ATTRIBUTES[a] + "-" + first + "]");
      for (var i = 0; i < found.length; i++) {
        found[i].setAttribute(ATTRIBUTES[a], value(found[i], ATTRIBUTES[a], lang));
      }
    }
    var title = said("doctitle", lang);
    if (title !== null) {
      document.title = title;
    }
    setText(".md-skip", said("skip", lang));
    setText(".md-content a.headerlink", said("permalink", lang), "title");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-na-switch]") : null;
    if (!button) {
      return;
    }
    var lang = button.getAttribute("data-na-switch");
    root.setAttribute("data-na-edition", lang);
    try {
      __md_set(key, lang);
    } catch (e) {
      /* storage refused: the choice lasts for this page only */
    }
    show(lang);
    // The button just used is hidden now: keep the keyboard on the switch, which offers the
    // edition the reader left.
    var offers = document.querySelectorAll("[data-na-switch]");
    for (var i = 0; i < offers.length; i++) {
      if (offers[i].offsetParent !== null) {
        offers[i].focus();
        break;
      }
    }
  });

  show(current());
})();
