// The progress of an upload or PubMed search (review_intake/job.html): polls the job's JSON every second and
// reloads the page once the job has finished (the page then shows its result). Without JavaScript the page
// refreshes itself (<noscript> meta refresh).
(function () {
  "use strict";
  var box = document.getElementById("intake-job");
  if (!box || box.dataset.finished === "1") { return; }
  var step = document.getElementById("job-step");
  var count = document.getElementById("job-count");
  var bar = document.getElementById("job-bar");
  function poll() {
    fetch(box.dataset.json, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { setTimeout(poll, 3000); return; }
        if (s.finished) { window.location.reload(); return; }
        if (s.step_label) { step.textContent = s.step_label; }
        if (s.total) {
          count.textContent = s.done + " / " + s.total;
          bar.max = s.total;
          bar.value = s.done;
        } else {
          count.textContent = "";
          bar.removeAttribute("value");
        }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
