// Small helpers for every page (no inline scripts: the Content-Security-Policy forbids them).
// A box that scrolls sideways (a wide table on a phone) must be reachable by keyboard to be read:
// give it a place in the tab order and a name, only while it actually overflows.
(function () {
  "use strict";
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function mark(root) {
    root.querySelectorAll("table.data, .pf-scroll, .table-scroll").forEach(function (box) {
      var overflowing = box.scrollWidth > box.clientWidth + 1;
      var reachable = box.querySelector(FOCUSABLE) !== null;
      if (overflowing && !reachable && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!overflowing && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { mark(document); });
  window.addEventListener("resize", function () { mark(document); });
  document.addEventListener("htmx:afterSwap", function (event) { mark(event.target); });
})();

// The user's menu (a <details>, usable without script): Escape closes it and gives the focus back
// to its name; a click elsewhere on the page closes it.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var menu = document.querySelector("details.user-menu[open]");
    if (menu && event.key === "Escape") {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    var menu = document.querySelector("details.user-menu[open]");
    if (menu && !menu.contains(event.target)) { menu.open = false; }
  });
})();
