/* "Receive notifications in this browser": registers the service worker, subscribes with the
   school's VAPID key and sends the subscription to the portal. Data from the section's
   data- attributes (no inline script). */
(function () {
  var section = document.querySelector(".notif-push[data-key]");
  if (!section || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  var button = section.querySelector("[data-push-subscribe]");
  var status = section.querySelector("[data-push-status]");
  button.hidden = false;

  function key(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  button.addEventListener("click", function () {
    navigator.serviceWorker.register(section.dataset.sw)
      .then(function (registration) {
        return Notification.requestPermission().then(function (permission) {
          if (permission !== "granted") throw new Error(section.dataset.denied || "denied");
          return registration.pushManager.subscribe({
            userVisibleOnly: true, applicationServerKey: key(section.dataset.key)
          });
        });
      })
      .then(function (subscription) {
        return fetch(section.dataset.url, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
          body: JSON.stringify(subscription.toJSON())
        });
      })
      .then(function (response) {
        status.textContent = response.ok ? section.dataset.done : section.dataset.failed;
      })
      .catch(function () { status.textContent = section.dataset.failed; });
  });
})();
