/* The auditor's verification pages follow the runs still queued or running: every few
   seconds each one's status is read from the API (GET /api/v1/audit/verifications/{id}/,
   signed in by the page's session) and its state and counts are updated in place; when
   one is done, the page says so in its live region (and the run's own page reloads to
   show what was found). Without JavaScript the pages say to reload them. */
(function () {
  "use strict";
  var INTERVAL = 4000;
  var news = document.getElementById("verification-news");

  function show(element, data) {
    var fields = element.querySelectorAll("[data-field]");
    for (var i = 0; i < fields.length; i += 1) {
      var name = fields[i].getAttribute("data-field");
      if (name === "state_label") {
        fields[i].textContent = data.state_label;
        fields[i].setAttribute("data-run-state", data.state);
      } else if (name === "problems_count") {
        if (data.is_finished) { fields[i].textContent = String(data.problems.length); }
      } else if (Object.prototype.hasOwnProperty.call(data, name)) {
        fields[i].textContent = String(data[name]);
      }
    }
  }

  function follow(element) {
    var url = element.getAttribute("data-status-url");
    function look() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          show(element, data);
          if (!data.is_finished) { window.setTimeout(look, INTERVAL); return; }
          element.removeAttribute("data-status-url");
          if (news) { news.textContent = element.getAttribute("data-run-name") + ": " + data.state_label; }
          if (element.getAttribute("data-reload-when-done")) { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(look, INTERVAL * 3); });
    }
    window.setTimeout(look, INTERVAL);
  }

  var pending = document.querySelectorAll("[data-status-url]");
  for (var i = 0; i < pending.length; i += 1) { follow(pending[i]); }
}());
