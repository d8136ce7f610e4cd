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
  // Under `newsarchive serve` the server marks the page as an editor's (class na-editor on
  // <html>): show the key of the parser's roles, box the units the model was unsure of, and
  // name each unit's role when pointed at.
  function editor() {
    if (!document.documentElement.classList.contains("na-editor")) return;
    var key = document.querySelector(".role-key");
    if (!key) return;
    key.hidden = false;
    var names = {};
    var entries = key.querySelectorAll(".u[data-role]");
    for (var i = 0; i < entries.length; i++) names[entries[i].getAttribute("data-role")] = entries[i].textContent;
    var units = document.querySelectorAll(".raw .u[data-role]");
    for (var j = 0; j < units.length; j++) {
      var u = units[j], role = u.getAttribute("data-role"), p = parseFloat(u.getAttribute("data-p"));
      if (p < UNSURE) u.classList.add("u--unsure");
      u.title = (names[role] || role) + "（" + role + "，把握 " + u.getAttribute("data-p") + "）";
    }
  }
  var UNSURE = 0.6;
  window.addEventListener("hashchange", mark);
  function ready() { mark(); editor(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();
