// Follows a job on /jobs/<id>/ through the API, once a second, instead of reloading the
// page (the page reloads itself when JavaScript is off). Reloads once when the job ends,
// so the result and any download are shown by the server.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-url]");
  if (!box || box.dataset.finished === "true") { return; }
  var bar = box.querySelector("[data-job-progress]");
  var status = box.querySelector("[data-job-status]");
  var step = box.querySelector("[data-job-step]");
  var counts = box.querySelector("[data-job-counts]");

  function show(job) {
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    status.textContent = job.status_label;
    if (step) { step.textContent = job.step; }
    counts.textContent = job.total ? job.progress_text : job.percent + "%";
  }

  function poll() {
    fetch(box.dataset.jobUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (job) {
        show(job);
        if (job.status === "done" || job.status === "failed") { window.location.reload(); }
        else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
