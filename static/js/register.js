// School register: "tick everyone / nobody" buttons for lists of checkboxes.
// <button type="button" data-check-all="students" data-value="1"> ticks every input[name=students].
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-check-all]");
  if (!button) return;
  const on = button.dataset.value === "1";
  document.querySelectorAll(`input[type=checkbox][name="${button.dataset.checkAll}"]`).forEach((box) => {
    box.checked = on;
  });
});
