/* newsarchive: the switch between editions on an article page.
   An article page exists once for every edition of the site and carries each edition's words
   (header, navigation, older/newer links), each in an element of class "na-ed na-ed--<lang>";
   the inline script in <head> has already shown the reader's edition (data-na-edition on
   <html>, from this browser's storage). Here the switch buttons show the other edition in
   place and remember the choice (Material's __md_set: localStorage, scoped to the site; no
   cookie), and links home follow the edition shown. A file, not an inline script, so the
   Content-Security-Policy needs no exception for it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var key = "newsarchive.edition";
  var meta = document.querySelector('meta[name="newsarchive:editions"]');
  var editions = meta ? meta.content.split(" ") : [];

  function current() {
    var lang = root.getAttribute("data-na-edition");
    return editions.indexOf(lang) >= 0 ? lang : editions[0];
  }

  function relink(lang) {
    var links = document.querySelectorAll("[data-na-home-" + lang + "]");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("href", links[i].getAttribute("data-na-home-" + lang));
      var name = links[i].getAttribute("data-na-name-" + lang);
      links[i].setAttribute("title", name);
      links[i].setAttribute("aria-label", name);
    }
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
    relink(lang);
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

  relink(current());
})();
