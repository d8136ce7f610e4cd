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
  var DISK_NOTE = "这是直接从磁盘打开的网页：文件夹链接会打开文件列表，全文检索也不能用。请在站点目录运行 <code>newsarchive serve</code>，再用它给出的地址浏览；或者在 site.yaml 里写 <code>use_directory_urls: false</code> 后重新构建，就能从磁盘直接浏览。";
  var DISK_NOTE_HANT = "這是直接從磁盤打開的網頁：文件夾鏈接會打開文件列表，全文檢索也不能用。請在站點目錄運行 <code>newsarchive serve</code>，再用它給出的地址瀏覽；或者在 site.yaml 裡寫 <code>use_directory_urls: false</code> 後重新構建，就能從磁盤直接瀏覽。";
  ready(function () {
    if (/^https?:$/.test(location.protocol)) {
      var els = document.querySelectorAll(".needs-url[data-href]");
      for (var i = 0; i < els.length; i++) {
        els[i].textContent = new URL(els[i].getAttribute("data-href"), location.href).href;
        els[i].classList.add("has-url");
      }
    } else if (location.protocol === "file:" && document.documentElement.hasAttribute("data-directory-urls")) {
      // the note is made here rather than carried, hidden, by every page (issue 16: bytes)
      var hant = /^zh-Hant/.test(document.documentElement.lang);
      var note = document.createElement("p");
      note.className = "disk-note";
      note.id = "disk-note";
      note.setAttribute("role", "note");
      note.innerHTML = hant ? DISK_NOTE_HANT : DISK_NOTE;
      document.body.insertBefore(note, document.querySelector(".site-header") || document.body.firstChild);
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
