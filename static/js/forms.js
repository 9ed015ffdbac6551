// Small help for forms; every page works without it.
// 1. An error summary takes the focus, so a screen reader and a keyboard start there.
// 2. A form with data-confirm asks in a <dialog> before it is sent (without JavaScript
//    the server shows a confirmation page instead).
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // 3. Two minutes before the idle timeout: a warning with "Blijf ingelogd", which renews
  //    the session in the background (the page and what was typed stay).
  var session = document.getElementById("session-dialog");
  if (session && typeof session.showModal === "function") {
    var warnAfter = parseInt(session.dataset.warnAfter, 10) * 1000;
    var timer = null;
    var arm = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { session.showModal(); }, warnAfter);
    };
    session.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      window.fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 204) { session.close(); arm(); } else { window.location.reload(); }
        });
    });
    arm();
  }

  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var text = dialog.querySelector("[data-confirm-text]");
  var yes = dialog.querySelector("[data-confirm-yes]");
  var pending = null;

  // data-confirm-if="status:closed" asks only when the field "status" is "closed".
  function asks(form) {
    var rule = form.dataset.confirmIf;
    if (!rule) { return true; }
    var parts = rule.split(":");
    var field = form.elements[parts[0]];
    return Boolean(field) && parts[1].split(",").indexOf(field.value) >= 0;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-confirm]") || form.dataset.confirmed) { return; }
    if (!asks(form)) { return; }
    event.preventDefault();
    pending = form;
    text.textContent = form.dataset.confirm;
    yes.textContent = form.dataset.confirmButton || yes.dataset.label;
    dialog.showModal();
  });
  dialog.addEventListener("close", function () {
    if (dialog.returnValue !== "yes" || !pending) { pending = null; return; }
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "confirmed";
    field.value = "yes";
    pending.appendChild(field);
    pending.dataset.confirmed = "yes";
    pending.requestSubmit ? pending.requestSubmit() : pending.submit();
  });
}());
