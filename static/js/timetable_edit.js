// The timetable editor: the second-subgroup fields appear when a split subject is chosen.
(function () {
  "use strict";
  var form = document.getElementById("tt-form");
  if (!form) return;
  form.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches("select[name$='-a']")) return;
    var slot = select.closest(".tt-slot");
    var second = slot && slot.querySelector("[data-second]");
    if (!second) return;
    var option = select.options[select.selectedIndex];
    var split = option && option.dataset.subgroup;
    var secondSelect = second.querySelector("select");
    if (split) {
      second.hidden = false;
    } else if (secondSelect && !secondSelect.value) {
      second.hidden = true;
    }
  });
})();
