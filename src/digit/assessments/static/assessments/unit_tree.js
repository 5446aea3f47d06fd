// The wave form's unit tree: a ticked unit already includes every unit below it, so those are
// shown ticked and cannot be changed while it is. Without this script every box stays free;
// ticking a unit and one below it invites the same people.
(function () {
  "use strict";

  function descendants(box) {
    var item = box.closest("li");
    return item ? item.querySelectorAll(":scope > ul input[type=checkbox]") : [];
  }

  function apply(box) {
    descendants(box).forEach(function (child) {
      if (box.checked) {
        child.dataset.wasChecked = child.dataset.wasChecked || String(child.checked);
        child.checked = true;
        child.disabled = true;
      } else if (child.disabled && !ancestorChecked(child)) {
        child.disabled = false;
        child.checked = child.dataset.wasChecked === "true";
        delete child.dataset.wasChecked;
      }
    });
  }

  function ancestorChecked(box) {
    var item = box.closest("li").parentElement.closest("li");
    while (item) {
      var own = item.querySelector(":scope > input[type=checkbox]");
      if (own && own.checked && !own.disabled) { return true; }
      item = item.parentElement.closest("li");
    }
    return false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var tree = document.querySelector(".unit-tree");
    if (!tree) { return; }
    tree.querySelectorAll("input[type=checkbox]:checked").forEach(apply);
    tree.addEventListener("change", function (event) {
      if (event.target.matches("input[type=checkbox]")) { apply(event.target); }
    });
  });
})();
