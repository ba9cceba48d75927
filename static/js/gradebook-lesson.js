/* The lesson page: "everyone present", the present count, the topic from the plan. */
(function () {
  "use strict";
  const form = document.getElementById("ls-form");
  if (!form) return;
  const presentEl = document.getElementById("ls-present");

  function count() {
    if (!presentEl) return;
    let present = 0;
    form.querySelectorAll(".ls-att").forEach((fs) => {
      const checked = fs.querySelector("input[type=radio]:checked");
      if (!checked || checked.value === "" || checked.value === "late") present += 1;
    });
    presentEl.textContent = present;
  }
  form.addEventListener("change", (e) => { if (e.target.type === "radio") count(); });

  const allPresent = document.getElementById("ls-all-present");
  if (allPresent) {
    allPresent.addEventListener("click", () => {
      form.querySelectorAll('.ls-att input[type=radio][value=""]').forEach((r) => { r.checked = true; });
      count();
    });
  }

  // choosing a plan topic fills the topic text unless the teacher typed their own
  const plan = document.getElementById("id_plan_topic");
  const topic = document.getElementById("id_topic");
  if (plan && topic) {
    let last = plan.options[plan.selectedIndex] ? plan.options[plan.selectedIndex].text.replace(/^\d+\.\s*/, "") : "";
    plan.addEventListener("change", () => {
      const text = plan.value ? plan.options[plan.selectedIndex].text.replace(/^\d+\.\s*/, "") : "";
      if (!topic.value.trim() || topic.value.trim() === last) topic.value = text;
      last = text;
    });
  }

  // the deputy's reason is copied into the small forms below
  const reason = document.getElementById("ls-reason");
  if (reason) {
    const copy = () => document.querySelectorAll("[data-reason-copy]").forEach((el) => { el.value = reason.value; });
    reason.addEventListener("input", copy);
    copy();
  }

  // leaving with unsaved changes asks first
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (e) => { if (dirty) { e.preventDefault(); e.returnValue = ""; } });
})();
