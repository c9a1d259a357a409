/* styrdok header search: loads static/search.js (the search itself, ~40 KB) only when
   the search box in the header is first used, so pages stay light for readers who
   never search. search.js then takes over the box, including what was typed so far. */
(function () {
  "use strict";
  var me = document.currentScript, asked = false;
  function wake(e) {
    var t = e.target;
    if (asked || !t || !t.matches || !t.matches("form.search-form[data-manifest] input[type=search]")) return;
    asked = true;
    var s = document.createElement("script");
    s.src = me.getAttribute("data-search");
    // Live reload may swap the page body in place: search.js listens on document.
    s.setAttribute("data-keep-on-swap", "");
    document.head.appendChild(s);
  }
  document.addEventListener("focusin", wake);
  document.addEventListener("input", wake);
})();
