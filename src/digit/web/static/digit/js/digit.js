// Digit: small progressive enhancements. Loaded with the CSP nonce; no inline code anywhere.
(function () {
  "use strict";

  // A table wider than the screen scrolls sideways inside its wrapper. Keyboard users must be
  // able to reach that scroll area (WCAG 2.1.1), so an overflowing wrapper becomes a focusable,
  // named region; one that fits is left out of the tab order.
  function markScrollableTables(root) {
    var wraps = (root || document).querySelectorAll(".table-wrap, .account-page table");
    wraps.forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label")) {
          var caption = wrap.querySelector("caption");
          var label = caption ? caption.textContent.trim() : "";
          wrap.setAttribute("aria-label", label || document.title.split("·")[0].trim());
        }
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
      }
    });
  }

  var pending = null;
  function schedule() {
    if (pending) { return; }
    pending = window.requestAnimationFrame(function () { pending = null; markScrollableTables(); });
  }

  document.addEventListener("DOMContentLoaded", function () { markScrollableTables(); });
  window.addEventListener("resize", schedule);
  document.addEventListener("htmx:afterSettle", function (event) { markScrollableTables(event.target); });
})();
