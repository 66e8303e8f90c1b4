// Progressive enhancements only: every page works without this file.
"use strict";

document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-copy-link]");
  if (!link || !navigator.clipboard) {
    return;
  }
  event.preventDefault();
  navigator.clipboard.writeText(link.href).then(() => {
    const original = link.textContent;
    link.textContent = link.dataset.copiedText || original;
    link.setAttribute("aria-live", "polite");
    setTimeout(() => {
      link.textContent = original;
    }, 2000);
  });
});
