// The questionnaire without surprises.
// 1. Ticking "I don't know" disables the answer next to it (so a typed value is not sent along with
//    "don't know"); unticking gives it back.
// 2. Follow-up questions appear as soon as their condition holds, and answers another answer
//    settles (food is not a durable good) disappear, without a round trip: each such question
//    carries its rule in data-rule (the framework's condition, as JSON). A hidden question's inputs
//    are disabled, so nothing of it is sent.
// 3. After a refused save the focus is on the first refused answer (the markup's autofocus does it
//    without script; this makes sure of it after a swap), and the error summary's links move the
//    focus to their answer, not only the view.
// Without JavaScript the step still works: the server records "don't know" when the box is ticked,
// and follow-ups appear when the step is saved.
(function () {
  "use strict";
  var UNKNOWN = {};

  function inputsOf(question) {
    return Array.prototype.filter.call(question.querySelectorAll("input, select, textarea"), function (input) {
      return input.type !== "hidden";
    });
  }
  // "I don't know" and "not applicable": either one ticked disables the answer and the other box
  function markerBoxes(question) {
    return Array.prototype.slice.call(question.querySelectorAll(".dont-know input[type=checkbox]"));
  }
  function dontKnowBox(question) {
    var ticked = markerBoxes(question).filter(function (box) { return box.checked; });
    return ticked[0] || markerBoxes(question)[0] || null;
  }
  function syncDontKnow(question) {
    var boxes = markerBoxes(question);
    if (!boxes.length) { return; }
    var ticked = boxes.filter(function (box) { return box.checked; })[0];
    inputsOf(question).forEach(function (input) {
      if (boxes.indexOf(input) >= 0) {
        input.disabled = question.hidden || (ticked !== undefined && input !== ticked);
      } else {
        input.disabled = ticked !== undefined || question.hidden;
      }
    });
    question.classList.toggle("unknown", ticked !== undefined);
  }

  // The answer a question has on the page now, as the server would read it.
  function rawValue(form, id, type) {
    var question = form.querySelector('.question[data-question="' + id + '"]');
    if (!question || question.hidden) { return UNKNOWN; }
    var box = dontKnowBox(question);
    if (box && box.checked) { return UNKNOWN; }
    var fields = Array.prototype.filter.call(form.elements, function (el) { return el.name === id; });
    if (type === "multi_choice") {
      return fields.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
    }
    var value = "";
    fields.forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") { if (el.checked) { value = el.value; } }
      else { value = el.value; }
    });
    if (value === "") { return UNKNOWN; }
    if (type === "yes_no") { return value === "yes"; }
    if (type === "number" || type === "scale") {
      var number = parseFloat(String(value).replace(",", "."));
      return isNaN(number) ? UNKNOWN : number;
    }
    return value;
  }

  function holds(cond, value) {
    if (cond.known !== undefined) { return (value !== UNKNOWN) === cond.known; }
    if (value === UNKNOWN) { return null; }
    if (cond.equals !== undefined) { return value === cond.equals; }
    if (cond["in"] !== undefined) { return cond["in"].indexOf(value) >= 0; }
    if (cond.contains !== undefined) { return Array.isArray(value) && value.indexOf(cond.contains) >= 0; }
    if (typeof value !== "number") { return null; }
    if (cond.gte !== undefined && !(value >= cond.gte)) { return false; }
    if (cond.lte !== undefined && !(value <= cond.lte)) { return false; }
    if (cond.gt !== undefined && !(value > cond.gt)) { return false; }
    if (cond.lt !== undefined && !(value < cond.lt)) { return false; }
    return true;
  }

  function typeOf(form, id) {
    var question = form.querySelector('.question[data-question="' + id + '"]');
    var match = question && /\bq-(\w+)/.exec(question.className);
    return match ? match[1] : "";
  }

  // Walk the step's questions in order: a settled answer replaces the question's own, so a chain
  // (what the product is → durable? → repairable?) is followed in one pass.
  function update(form) {
    var settledValues = {};
    function valueOf(id, type) {
      return Object.prototype.hasOwnProperty.call(settledValues, id) ? settledValues[id] : rawValue(form, id, type);
    }
    form.querySelectorAll(".question[data-question]").forEach(function (question) {
      var rule = question.getAttribute("data-rule");
      if (!rule) { return; }
      rule = JSON.parse(rule);
      var id = question.getAttribute("data-question");
      var show = true;
      (rule.settled || []).forEach(function (entry) {
        var source = valueOf(entry[0], typeOf(form, entry[0]));
        if (source === entry[1]) { show = false; settledValues[id] = entry[2]; }
      });
      if (show && rule["if"]) {
        show = holds(rule["if"], valueOf(rule["if"].question, rule.type)) === true;
      }
      if (question.hidden === show) {
        question.hidden = !show;
        syncDontKnow(question);
      }
    });
  }

  function firstAnswer(question) {
    return inputsOf(question).filter(function (input) { return !input.disabled; })[0] || null;
  }
  function focusFirstProblem(form) {
    var active = document.activeElement;
    if (active && active !== document.body && active.id !== "main") { return; }
    var refused = form.querySelector('[aria-invalid="true"]:not([disabled])');
    if (refused) { refused.focus(); }
  }

  function wire(root) {
    root.querySelectorAll(".question").forEach(syncDontKnow);
    var form = root.id === "step-form" ? root : root.querySelector("#step-form");
    if (form) {
      // follow-ups are shown live here: the server need not stop on the step to show them
      var marker = form.querySelector("input.live-marker");
      if (marker) { marker.value = "1"; }
      update(form);
      focusFirstProblem(form);
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-focus-question]");
    if (!link) { return; }
    var question = document.getElementById("q-" + link.getAttribute("data-focus-question"));
    var input = question && firstAnswer(question);
    if (input) { event.preventDefault(); input.focus(); input.scrollIntoView({ block: "center" }); }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    var question = target.closest && target.closest(".question");
    if (question && target.matches(".dont-know input[type=checkbox]")) { syncDontKnow(question); }
    var form = target.closest && target.closest("#step-form");
    if (form) { update(form); }
  });
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("#step-form");
    if (form && event.target.type === "number") { update(form); }
  });
  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSwap", function (event) { wire(event.target); });
})();
