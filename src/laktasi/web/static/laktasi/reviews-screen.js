// Screening shortcuts: i include, e exclude, m maybe, n next. Ignored while typing in a field (a reason or a
// note), and with Ctrl/Alt/Meta held, so the browser's own shortcuts keep working.
(function () {
  "use strict";
  var form = document.getElementById("decide");
  var record = document.getElementById("record");
  if (!form || !record) { return; }
  var keys = { i: "include", e: "exclude", m: "maybe" };
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.altKey || ev.metaKey) { return; }
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) { return; }
    var key = ev.key.toLowerCase();
    if (keys[key]) {
      ev.preventDefault();
      var button = form.querySelector('button[value="' + keys[key] + '"]');
      if (button) { form.requestSubmit(button); }
    } else if (key === "n") {
      ev.preventDefault();
      window.location.href = record.getAttribute("data-next");
    }
  });
})();
