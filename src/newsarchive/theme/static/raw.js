/* newsarchive raw-text page: mark the lines a link points at (#L26 or #L26-L62), as code
 * hosts do, also for a range typed by hand. Without it the page still works: every line and
 * every article's range is an anchor, and the stylesheet marks the article's own text. */
(function () {
  "use strict";
  function mark() {
    var m = /^#L(\d+)(?:-L(\d+))?$/.exec(location.hash);
    var old = document.querySelectorAll(".ln--hl");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("ln--hl");
    if (!m) return;
    var a = +m[1], b = m[2] ? +m[2] : a;
    if (b < a) { var t = a; a = b; b = t; }
    var first = null;
    for (var n = a; n <= b; n++) {
      var line = document.getElementById("L" + n);
      if (!line) continue;
      line.classList.add("ln--hl");
      if (!first) first = line;
    }
    if (first && !document.getElementById(location.hash.slice(1))) first.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", mark);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark); else mark();
})();
