/* newsarchive: two small things every page may need; the page reads fully without them.
 * 1. Without an absolute base_url the build cannot know the site's address, so citations and
 *    printed addresses are left empty rather than site-relative: fill them with the address
 *    this page was read at (http and https only).
 * 2. A site built with folder links (use_directory_urls) and opened from disk (file://) shows
 *    folder listings and cannot search: say so, and what to do.
 * 3. The home page's "历史上的今天" goes to today's page when the archive has one (the
 *    reader's date), and "随便翻一期" to a random front page from random.json; without
 *    JavaScript they lead to the on-this-day and date indexes. */
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
    var index = function (el) { return el.hasAttribute("data-index-html") ? "index.html" : ""; };
    var today = document.getElementById("on-this-day-link");
    if (today) {
      var now = new Date();
      var md = ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
      if ((" " + today.getAttribute("data-days") + " ").indexOf(" " + md + " ") >= 0) {
        var base = today.getAttribute("href").replace(/index\.html$/, "");
        today.setAttribute("href", base + md + "/" + index(today));
      }
    }
    var random = document.getElementById("random-link");
    if (random) {
      random.addEventListener("click", function (event) {
        var list = new URL(random.getAttribute("data-list"), location.href);
        if (!/^https?:$/.test(list.protocol) || !window.fetch) return;  // from disk: the date index
        event.preventDefault();
        var fallback = random.href;
        fetch(list.href).then(function (r) { return r.json(); }).then(function (data) {
          var issues = (data && data.issues) || [];
          if (!issues.length) { location.href = fallback; return; }
          var pick = issues[Math.floor(Math.random() * issues.length)];
          if (typeof pick !== "string" || !/^[a-z0-9][a-z0-9\/-]*\/$/.test(pick)) { location.href = fallback; return; }
          location.href = new URL(random.getAttribute("data-prefix") + pick + index(random), list).href;
        }).catch(function () { location.href = fallback; });
      });
    }
  });
})();
