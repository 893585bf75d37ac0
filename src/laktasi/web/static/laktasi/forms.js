/* laktasi forms: no inline script (the Content-Security-Policy forbids it), a few small behaviours.
   - a draft kept when the session had ended is filled back into the form (see accounts/middleware.py);
   - after Save, the error summary at the top of a long form gets the focus, its links jump to each field;
   - buttons with data-fill put their data-value into the field with that id (sample-size helper). */
(function () {
  "use strict";
  function restoreDraft() {
    var node = document.getElementById("laktasi-draft");
    if (!node) return;
    var fields;
    try { fields = JSON.parse(node.textContent); } catch (e) { return; }
    if (!fields) return;
    Object.keys(fields).forEach(function (name) {
      var values = fields[name];
      document.querySelectorAll("form [name='" + CSS.escape(name) + "']").forEach(function (el) {
        if (el.type === "hidden" && name !== "idempotency_key") return;  // fresh hidden values win
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = values.indexOf(el.value) !== -1 || (el.value === "on" && values.length > 0);
        } else if (el.tagName === "SELECT" && el.multiple) {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
        } else if (el.type !== "file") {
          el.value = values[values.length - 1];
        }
      });
    });
  }
  function focusSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); summary.scrollIntoView({block: "start"}); }
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("button[data-fill]");
    if (!btn) return;
    var target = document.getElementById(btn.dataset.fill);
    if (target) { target.value = btn.dataset.value; target.dispatchEvent(new Event("change", {bubbles: true})); }
  });
  document.addEventListener("DOMContentLoaded", function () { restoreDraft(); focusSummary(); });
})();
