/* newsarchive: two small things every page may need; the page reads fully without them.
 * 1. Without an absolute base_url the build cannot know the site's address, so citations and
 *    printed addresses are left empty rather than site-relative: fill them with the address
 *    this page was read at (http and https only).
 * 2. A site built with folder links (use_directory_urls) and opened from disk (file://) shows
 *    folder listings and cannot search: say so, and what to do. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn); else fn();
  }
  ready(function () {
    if (/^https?:$/.test(location.protocol)) {
      var els = document.querySelectorAll(".needs-url[data-href]");
      for (var i = 0; i < els.length; i++) {
        els[i].textContent = new URL(els[i].getAttribute("data-href"), location.href).href;
        els[i].classList.add("has-url");
      }
    } else if (location.protocol === "file:" && document.documentElement.hasAttribute("data-directory-urls")) {
      var note = document.getElementById("disk-note");
      if (note) note.hidden = false;
    }
  });
})();
