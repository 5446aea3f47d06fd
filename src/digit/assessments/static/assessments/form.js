/* The assessment form: one section per page, switched in the browser.
 *
 * Without this script every Next/Back button posts the form and the server redirects to the
 * other page. With it, Next and Back show the other section at once (the address and the
 * browser's history follow, so its back and forward buttons work), and the answers are sent to
 * the server when the person leaves or hides the page, so nothing is lost and the form can be
 * resumed on another device. "Save and finish later" and "Submit" still post the form.
 */
(function () {
  "use strict";
  var form = document.querySelector("form.assessment-form");
  if (!form) return;
  var sections = Array.prototype.slice.call(form.querySelectorAll("section.form-page"));
  var steps = document.querySelectorAll(".assessment-progress li");
  var dirty = false;

  function sectionOf(number) {
    return sections[number - 1] || null;
  }

  function current() {
    for (var i = 0; i < sections.length; i++) {
      if (!sections[i].hidden) return i + 1;
    }
    return 1;
  }

  function unanswered(section) {
    return Array.prototype.filter.call(
      section.querySelectorAll("fieldset[data-question]"),
      function (fieldset) { return !fieldset.querySelector("input[type=radio]:checked"); }
    );
  }

  function updateDoneMarks() {
    sections.forEach(function (section, index) {
      var mark = steps[index] && steps[index].querySelector(".step-done");
      if (mark) mark.hidden = unanswered(section).length > 0;
    });
  }

  function show(number, options) {
    var section = sectionOf(number);
    if (!section) return;
    sections.forEach(function (s) { s.hidden = s !== section; });
    Array.prototype.forEach.call(steps, function (step, index) {
      if (index === number - 1) step.setAttribute("aria-current", "step");
      else step.removeAttribute("aria-current");
    });
    var summary = document.getElementById("error-summary");
    if (summary && !options.keepSummary) summary.hidden = true;
    document.title = section.dataset.title + " – " + form.dataset.waveTitle + " · Digit";
    updateDoneMarks();
    if (options.push) {
      history.pushState({ page: number }, "", "?page=" + number);
    }
    if (options.focus !== false) {
      section.querySelector("h2").focus();
      window.scrollTo(0, 0);
    }
  }

  function clearErrors(section) {
    section.querySelectorAll("fieldset.question--error").forEach(function (fieldset) {
      fieldset.classList.remove("question--error");
      fieldset.removeAttribute("aria-describedby");
      var error = fieldset.querySelector(".errorlist");
      if (error) error.remove();
    });
    var box = section.querySelector("[data-page-errors]");
    box.hidden = true;
    box.querySelector("ul").replaceChildren();
  }

  // Next with statements left: the same error summary and messages as the server gives.
  function showErrors(section, missing) {
    clearErrors(section);
    var box = section.querySelector("[data-page-errors]");
    var list = box.querySelector("ul");
    missing.forEach(function (fieldset) {
      var name = fieldset.dataset.question;
      var message = document.createElement("p");
      message.className = "errorlist";
      message.id = name + "-error";
      var prefix = document.createElement("span");
      prefix.className = "visually-hidden";
      prefix.textContent = form.dataset.errorPrefix;
      message.append(prefix, " " + form.dataset.missing);
      fieldset.querySelector("legend").after(message);
      fieldset.classList.add("question--error");
      fieldset.setAttribute("aria-describedby", message.id);
      var link = document.createElement("a");
      link.href = "#" + name + "-0";
      link.dataset.pageLink = String(current());
      var words = fieldset.querySelector("legend").textContent.trim().split(/\s+/);
      link.textContent = form.dataset.missing + " " + words.slice(0, 8).join(" ") +
        (words.length > 8 ? " …" : "");
      var item = document.createElement("li");
      item.append(link);
      list.append(item);
    });
    box.hidden = false;
    box.focus();
  }

  // A copy of the answers in this tab's session storage: a reload (or pull-to-refresh) asks
  // for the page before the save sent on leaving has arrived, so the page can come back
  // without the latest answers. They are put back from here: only into statements the page
  // shows unanswered, so answers saved elsewhere since are never overwritten.
  var storeKey = "digit-answers:" + location.pathname;
  function remember() {
    try {
      var answered = {};
      form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
        answered[input.name] = input.value;
      });
      sessionStorage.setItem(storeKey, JSON.stringify(answered));
    } catch (error) { /* storage full or switched off: the server copy is enough */ }
  }
  function restore() {
    var answered;
    try {
      answered = JSON.parse(sessionStorage.getItem(storeKey) || "{}");
    } catch (error) {
      return;
    }
    Object.keys(answered).forEach(function (name) {
      var group = form.querySelectorAll("input[type=radio][name='" + CSS.escape(name) + "']");
      if (!group.length || Array.prototype.some.call(group, function (i) { return i.checked; })) return;
      Array.prototype.forEach.call(group, function (input) {
        if (input.value === answered[name]) {
          input.checked = true;
          dirty = true; // not on the server yet: sent when the person leaves
        }
      });
    });
  }

  form.addEventListener("change", function (event) {
    dirty = true;
    remember();
    var fieldset = event.target.closest("fieldset.question--error");
    if (fieldset && fieldset.querySelector("input:checked")) {
      fieldset.classList.remove("question--error");
      fieldset.removeAttribute("aria-describedby");
      var error = fieldset.querySelector(".errorlist");
      if (error) error.remove();
    }
  });

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    var action = button ? button.value : "";
    var page = current();
    // Enter in a radio group "presses" the form's first button, which may be on another page.
    if (!button || button.closest("section") !== sectionOf(page)) {
      var primary = sectionOf(page).querySelector(".form-actions button.primary");
      action = primary.value;
      button = primary;
    }
    var what = action.split(":")[0];
    if (what === "next" || what === "back") {
      event.preventDefault();
      var section = sectionOf(page);
      if (what === "next") {
        var missing = unanswered(section);
        if (missing.length) {
          showErrors(section, missing);
          return;
        }
      }
      clearErrors(section);
      show(what === "next" ? page + 1 : page - 1, { push: true });
      return;
    }
    if (button !== event.submitter) {
      event.preventDefault();
      form.requestSubmit(button);
      return;
    }
    dirty = false; // the post saves everything
    if (what === "submit") {
      try { sessionStorage.removeItem(storeKey); } catch (error) { /* nothing kept */ }
    }
  });

  // Links to a page of the form (progress steps, error summaries) switch in the browser.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-page-link]");
    if (!link) return;
    var number = parseInt(link.dataset.pageLink, 10);
    if (!sectionOf(number)) return;
    event.preventDefault();
    var hash = link.hash;
    show(number, { push: number !== current(), focus: !hash, keepSummary: Boolean(hash) });
    if (hash) {
      var target = document.getElementById(hash.slice(1));
      if (target) target.focus();
    }
  });

  window.addEventListener("popstate", function () {
    var number = parseInt(new URLSearchParams(location.search).get("page"), 10);
    show(sectionOf(number) ? number : 1, { push: false });
  });

  function answers() {
    var data = new FormData(form);
    data.set("action", "autosave");
    return data;
  }
  // Not form.action: the buttons named "action" shadow that property.
  var saveUrl = form.getAttribute("action");

  // Leaving or hiding the page (closing the tab, switching app on a phone): send the answers.
  function autosave() {
    if (!dirty || !navigator.sendBeacon) return;
    if (navigator.sendBeacon(saveUrl, answers())) dirty = false;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") autosave();
  });
  window.addEventListener("pagehide", autosave);

  // The other forms of the page (the language switch, signing out) leave it by a post whose
  // answer comes before "pagehide": a beacon sent then would reach the server after the next
  // page was made (the form again, in the other language, without the latest answers), or
  // after the session ended (answers lost). So save first, then let that form go.
  var leavingBy = null;
  document.addEventListener("submit", function (event) {
    var other = event.target;
    if (other === form) return;
    // The language switch comes back to the address it was rendered with: make it this page.
    var next = other.querySelector("input[name=next]");
    if (next) next.value = location.pathname + location.search;
    if (!dirty || other === leavingBy || !window.fetch) return;
    event.preventDefault();
    leavingBy = other;
    var submitter = event.submitter;
    var go = function () { other.requestSubmit(submitter); };
    var saved = function (response) {
      if (response.ok) dirty = false;
      go();
    };
    fetch(saveUrl, { method: "POST", body: answers(), credentials: "same-origin" }).then(saved, go);
  });

  restore();
  updateDoneMarks();
  history.replaceState({ page: current() }, "", location.href);
  // A link into the form from an error summary on the server's page: show its section.
  var target = location.hash && document.getElementById(location.hash.slice(1));
  if (target && target.closest("section.form-page")) {
    var page = sections.indexOf(target.closest("section.form-page")) + 1;
    if (page !== current()) show(page, { push: false, focus: false, keepSummary: true });
  } else if (document.getElementById("error-summary")) {
    // The server's answer to a post with problems: start at its summary, as Next does.
    document.getElementById("error-summary").focus();
  }
})();
