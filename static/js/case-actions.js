/* The case page's forms sit in <details> and open on demand (no script needed).
   Coming back to the page at an anchor (#panel, #votes, #notes, ...) after a form
   was sent opens the form that belongs there, so a second entry needs no click. */
(function () {
  "use strict";
  function openFor(hash) {
    var name = (hash || "").replace(/^#/, "");
    if (!name) { return; }
    var forms = document.querySelectorAll("details[data-opens-for]");
    for (var i = 0; i < forms.length; i += 1) {
      if (forms[i].getAttribute("data-opens-for") === name) { forms[i].open = true; }
    }
  }
  openFor(window.location.hash);
  window.addEventListener("hashchange", function () { openFor(window.location.hash); });
}());
