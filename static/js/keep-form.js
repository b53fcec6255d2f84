/*
 * Keeps what was typed in a long form (issue I.5), and the form's submission token with
 * it (issue I.4). Progressive enhancement: without it the forms work as before.
 *
 * <form data-keep="NAME">: its fields are saved in sessionStorage (this tab only) as the
 * visitor types, and put back when the form is shown again unfilled (after switching the
 * language, say). data-keep-restore="0" when the server re-showed what was sent (a form
 * with errors): the page is then the truth, and is saved as it is.
 * data-kept-sent="NAME" on an element of the page after a successful submission: the draft is
 * cleared, and only its token is kept, so that Back, then Send (the browser puts the
 * typed values back itself) sends that token again and the server answers "already sent"
 * instead of filing a second complaint.
 * File inputs, the CSRF token and the honeypot are never saved.
 */
(function () {
  "use strict";
  var SKIP = { csrfmiddlewaretoken: true, website: true };
  var TOKEN = "submission_token";
  // The sent token is kept briefly: long enough for Back, then Send; not for the next
  // person at a shared computer (the server never shows the receipt code again anyway).
  var SENT_KEPT_MS = 30 * 60 * 1000;

  function storage() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; // storage disabled: the form still works, it just forgets
    }
  }

  function read(store, key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function kept(element) {
    return element.name && !SKIP[element.name] && element.type !== "file" &&
      element.type !== "submit" && element.type !== "button";
  }

  function snapshot(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) return;
      var list = values[element.name] || (values[element.name] = []);
      if (element.type === "checkbox" || element.type === "radio") {
        if (element.checked) list.push(element.value);
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.selectedOptions, function (option) {
          list.push(option.value);
        });
      } else {
        list.push(element.value);
      }
    });
    return values;
  }

  function restore(form, values) {
    var used = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element) || !(element.name in values)) return;
      var list = values[element.name];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = list.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = list.indexOf(option.value) !== -1;
        });
      } else {
        var index = used[element.name] || 0;
        if (index < list.length) element.value = list[index];
        used[element.name] = index + 1;
      }
    });
  }

  function backForward() {
    var entries = window.performance && performance.getEntriesByType ?
      performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && entries[0].type === "back_forward";
  }

  function keep(form, store) {
    var key = "kept-form:" + form.getAttribute("data-keep");
    var draft = read(store, key + ":draft");
    var sent = read(store, key + ":sent");
    var token = form.elements[TOKEN];
    if (form.getAttribute("data-keep-restore") !== "0") {
      if (draft) {
        restore(form, draft);
      } else if (sent && token && backForward() && Date.now() - sent.at < SENT_KEPT_MS) {
        token.value = sent.token; // Back after sending: the same form, so the same token
      }
    }
    function save() {
      store.setItem(key + ":draft", JSON.stringify(snapshot(form)));
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
    if (draft || form.getAttribute("data-keep-restore") === "0") save();
  }

  function markSent(marker, store) {
    var key = "kept-form:" + marker.getAttribute("data-kept-sent");
    var draft = read(store, key + ":draft");
    if (draft && draft[TOKEN] && draft[TOKEN][0]) {
      store.setItem(key + ":sent", JSON.stringify({ token: draft[TOKEN][0], at: Date.now() }));
    }
    store.removeItem(key + ":draft");
  }

  var store = storage();
  if (!store) return;
  Array.prototype.forEach.call(document.querySelectorAll("form[data-keep]"), function (form) {
    keep(form, store);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-kept-sent]"), function (marker) {
    markSent(marker, store);
  });
})();
