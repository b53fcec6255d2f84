/*
 * When a form comes back with errors, move the keyboard focus to its error summary
 * (issue I.10), so that a screen reader reads it first and Tab goes on to the fields
 * it links to. The summary carries data-error-summary and tabindex="-1" (focusable by
 * script, not in the Tab order); without JavaScript it is still the first thing after
 * the heading, and its links lead to the fields.
 * Loaded with <script src> (the Content-Security-Policy allows no inline script).
 */
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary || document.activeElement === summary) {
      return;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus();
    if (summary.scrollIntoView) {
      summary.scrollIntoView({ block: "start" });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
