// Kring's only page script: small progressive enhancements. Everything works without it.
document.addEventListener("DOMContentLoaded", () => {
  // Forms marked data-confirm ask before a destructive submit.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
