// Progressive enhancements only: every page works without this file.
"use strict";

// After a failed submit, focus the first error (a form-wide message, or the first field
// marked invalid), so keyboard and screen-reader users land on what to fix. Each invalid
// field names its message with aria-describedby.
{
  const firstError = document.querySelector("#form-errors, [aria-invalid=true]");
  if (firstError) {
    firstError.focus();
  }
}

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

// The header's links fold behind a Menu button on a phone (the CSS decides when); without
// this file they are simply always shown.
{
  const nav = document.querySelector(".site-nav");
  const toggle = nav && nav.querySelector(".site-nav__toggle");
  if (toggle) {
    nav.classList.add("site-nav--foldable");
    toggle.hidden = false;
    const show = (open) => {
      toggle.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("site-nav--open", open);
    };
    toggle.addEventListener("click", () => show(toggle.getAttribute("aria-expanded") !== "true"));
    nav.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && nav.classList.contains("site-nav--open")) {
        show(false);
        toggle.focus();
      }
    });
  }
}
