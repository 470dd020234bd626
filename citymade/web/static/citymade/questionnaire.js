// The questionnaire without surprises: ticking "I don't know" disables the answer next to it (so a
// typed value is not sent along with "don't know"), unticking gives it back. Without JavaScript the
// step still works: the server records "don't know" when the box is ticked.
(function () {
  "use strict";
  function sync(box) {
    var question = box.closest(".question");
    if (!question) { return; }
    question.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (input === box || input.type === "hidden") { return; }
      input.disabled = box.checked;
    });
    question.classList.toggle("unknown", box.checked);
  }
  function boxes(root) {
    return root.querySelectorAll(".question .dont-know input[type=checkbox]");
  }
  function wire(root) { boxes(root).forEach(sync); }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches(".question .dont-know input[type=checkbox]")) { sync(target); }
  });
  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  // the step form is redrawn by HTMX when a follow-up question appears
  document.addEventListener("htmx:afterSwap", function (event) { wire(event.target); });
})();
