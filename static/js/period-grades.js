// The period-grades sheet: "Fill empty ones with the suggested grades".
(function () {
  "use strict";
  const btn = document.getElementById("pg-fill");
  if (!btn) return;
  btn.addEventListener("click", function () {
    document.querySelectorAll("#pg-form tbody tr").forEach(function (tr) {
      const sug = tr.querySelector(".pg-sug");
      const sel = tr.querySelector('select[data-kind="period"]');
      if (sug && sel && !sel.value && sug.dataset.suggested) {
        sel.value = sug.dataset.suggested;
        sel.closest("td").classList.add("pg-changed");
      }
    });
  });
})();
