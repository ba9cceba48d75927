// Small behaviours of the app's forms, without inline handlers (the Content-Security-Policy
// allows no inline script):
//   <form data-autosubmit>  submit the form when one of its fields changes;
//   <form data-go>          a <select> whose option values are addresses: go there on change;
//   <form data-confirm="…"> ask before submitting.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    const form = event.target.form;
    if (!form) return;
    if (form.hasAttribute("data-go") && event.target.value) {
      window.location.href = event.target.value;
    } else if (form.hasAttribute("data-autosubmit")) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
  document.addEventListener("submit", function (event) {
    const message = event.target.dataset ? event.target.dataset.confirm : null;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
