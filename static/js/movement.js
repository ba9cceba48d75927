// Import, movement book and new school year: small progressive enhancements (pages work without JS).
(function () {
  "use strict";

  // A form marked data-progress shows a progress indicator and blocks a double submit while the
  // server works (the import of 1,500 students takes a few seconds).
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.name === "cancel") return;
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      var box = document.getElementById(form.dataset.progress);
      if (box) box.setAttribute("data-active", "");
      form.querySelectorAll("button[type=submit]").forEach(function (b) {
        if (b !== submitter) b.disabled = true;
      });
      if (submitter) {
        // keep the submitter's name/value in the request, then disable it after the submit starts
        setTimeout(function () { submitter.disabled = true; }, 0);
      }
    });
  });

  // Arrival: a returning student needs no new-student fields.
  var returning = document.getElementById("id_returning");
  if (returning) {
    var fields = document.querySelectorAll("[data-new-student]");
    var toggle = function () {
      fields.forEach(function (el) { el.hidden = !!returning.value; });
    };
    returning.addEventListener("change", toggle);
    toggle();
  }

  // New school year: "kept down" and "leaves" exclude each other; count the choices per class.
  document.querySelectorAll(".mv-class").forEach(function (details) {
    var counter = details.querySelector("[data-chosen]");
    var update = function () {
      if (counter) counter.textContent = details.querySelectorAll("input[type=checkbox]:checked").length;
    };
    details.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox" || !box.checked) { update(); return; }
      var other = box.name === "repeat" ? "leave" : "repeat";
      var pair = details.querySelector("input[name=" + other + "][value='" + box.value + "']");
      if (pair) pair.checked = false;
      update();
    });
  });
})();
