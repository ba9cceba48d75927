// The year-end archive page: while an archive is being built, ask for its progress every two
// seconds and update the progress bar; reload the page when it is ready (or failed).
(function () {
  "use strict";
  var poll = document.getElementById("archive-poll");
  if (!poll) { return; }
  var ids = poll.dataset.ids.split(",").filter(Boolean);
  var url = poll.dataset.url + "?" + ids.map(function (id) { return "id=" + encodeURIComponent(id); }).join("&");

  function tick() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var finished = true;
        data.archives.forEach(function (a) {
          var bar = document.querySelector('[data-archive-progress="' + a.id + '"]');
          var label = document.querySelector('[data-archive-label="' + a.id + '"]');
          if (bar) { bar.value = a.percent; bar.textContent = a.percent + " %"; }
          if (label) { label.textContent = a.state_label + ": " + a.done + " / " + a.total; }
          if (a.state === "queued" || a.state === "running") { finished = false; }
        });
        if (finished) { window.location.reload(); } else { window.setTimeout(tick, 2000); }
      })
      .catch(function () { window.setTimeout(tick, 5000); });
  }
  window.setTimeout(tick, 1000);
})();
