// Rapport's only script, and an optional one: every page works without it.
// It asks in a dialog before a change with no undo (buttons with data-confirm) and then tells
// the server so (confirm=yes), which otherwise asks on a page of its own; and it keeps a form
// from being sent twice by an impatient second click.
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question) {
    if (!window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (!form.querySelector('input[name="confirm"]')) {
      const yes = document.createElement("input");
      yes.type = "hidden";
      yes.name = "confirm";
      yes.value = "yes";
      form.appendChild(yes);
    }
  }
  if (form.dataset.sent === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  // Let the browser navigate away; if it comes back (bfcache), allow sending again.
  window.addEventListener("pageshow", () => { delete form.dataset.sent; }, { once: true });
});
// After a failed post, bring the error summary into view and focus so screen readers read it.
const summary = document.querySelector(".error-summary");
if (summary) {
  summary.focus();
}
