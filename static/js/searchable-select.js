/* A long pick-list (a school's 1,000 students) becomes a field you type into: Tom Select over
   <select data-searchable>. Matching ignores case and finds a word anywhere in the name; the texts
   come from the page's language (data-no-results, data-placeholder). No inline script. */
(function () {
  "use strict";
  function init(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var noResults = select.getAttribute("data-no-results") || "—";
    new TomSelect(select, {
      allowEmptyOption: false,
      maxOptions: 60,
      searchField: ["text"],
      placeholder: select.getAttribute("data-placeholder") || "",
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = noResults;
          return div;
        }
      }
    });
  }
  function run() {
    document.querySelectorAll("select[data-searchable]").forEach(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
