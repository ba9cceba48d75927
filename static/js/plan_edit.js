// The plan editor: add a topic, move topics up and down, mark for deletion; numbers follow.
(function () {
  "use strict";
  var list = document.getElementById("plan-rows");
  var template = document.getElementById("plan-row-template");
  var addButton = document.getElementById("plan-add");
  if (!list || !template) return;
  var counter = 0;

  function renumber() {
    var n = 0;
    list.querySelectorAll("[data-row]").forEach(function (row) {
      var deleted = row.querySelector("[data-delete]");
      var number = row.querySelector("[data-number]");
      var isDeleted = deleted && deleted.checked;
      row.style.opacity = isDeleted ? "0.45" : "";
      if (!isDeleted) n += 1;
      if (number) number.textContent = isDeleted ? "×" : String(n);
    });
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (!button) return;
    var row = button.closest("[data-row]");
    if (button.dataset.move === "-1" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (button.dataset.move === "1" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    }
    button.focus();
    renumber();
  });
  list.addEventListener("change", function (event) {
    if (event.target.matches("[data-delete]")) renumber();
  });
  if (addButton) {
    addButton.addEventListener("click", function () {
      counter += 1;
      var html = template.innerHTML.split("__new__").join("js" + Date.now() + counter);
      list.insertAdjacentHTML("beforeend", html);
      renumber();
      var rows = list.querySelectorAll("[data-row]");
      var title = rows[rows.length - 1].querySelector("input[name^='title-']");
      if (title) title.focus();
    });
  }
  renumber();
})();
