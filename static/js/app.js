// Small progressive enhancements. Pages work without this file; no inline scripts (CSP).
document.addEventListener("DOMContentLoaded", () => {
  // Auto-submit filter forms whose <select> carries data-autosubmit.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
