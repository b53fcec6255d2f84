/* The complaint receipt: "Copy" puts the reference and the receipt code on the
   clipboard, "Print" prints the page (the print stylesheet keeps the receipt and
   drops the rest). The buttons are shown only when this script runs: without it
   the page still shows the code, to write down. */
(function () {
  "use strict";
  var tools = document.querySelector("[data-receipt-tools]");
  if (!tools) { return; }
  var copy = tools.querySelector("[data-copy-receipt]");
  var print = tools.querySelector("[data-print-receipt]");
  var status = tools.querySelector("[data-copy-status]");
  var reference = document.getElementById("receipt-reference");
  var code = document.getElementById("receipt-code");
  function text() {
    var parts = [];
    if (reference) { parts.push(reference.getAttribute("data-reference")); }
    if (code) { parts.push(code.getAttribute("data-receipt-code")); }
    return parts.join("\n");
  }
  function say(message) { status.textContent = message; }
  function fallback() {
    var area = document.createElement("textarea");
    area.value = text();
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    document.body.removeChild(area);
    say(copy.getAttribute(done ? "data-copied-text" : "data-copy-failed-text"));
  }
  copy.addEventListener("click", function () {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text()).then(function () {
        say(copy.getAttribute("data-copied-text"));
      }, fallback);
    } else {
      fallback();
    }
  });
  if (typeof window.print === "function") {
    print.addEventListener("click", function () { window.print(); });
  } else {
    print.hidden = true;
  }
  tools.hidden = false;
}());
