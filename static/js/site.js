// Small enhancements; every page works without them.
"use strict";
const PHONE = window.matchMedia("(max-width: 40rem)");

// Calls back once the element comes into view: charts and maps below the fold are drawn when a
// reader scrolls to them, not while the page is still loading. Their boxes keep their size, so
// nothing moves when they are drawn.
function whenInView(element, callback) {
  if (!("IntersectionObserver" in window)) { callback(element); return; }
  const observer = new IntersectionObserver(function (entries) {
    if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
    observer.disconnect();
    callback(element);
  });
  observer.observe(element);
}

// Choosing a language remembers it, so the site's front door (/) opens in that language.
function rememberLanguage() {
  document.querySelectorAll(".language-switcher a[data-language]").forEach(function (link) {
    link.addEventListener("click", function () {
      const year = 60 * 60 * 24 * 365;
      document.cookie = "django_language=" + link.dataset.language + "; path=/; max-age=" + year + "; samesite=lax";
    });
  });
}

// On a phone the results come first: the filter panel comes folded behind its "Filters (n)"
// button. Wider screens show it open (the style sheet already shows its content).
function unfoldFilters() {
  if (PHONE.matches) return;
  document.querySelectorAll("details[data-fold-on-phones]").forEach(function (panel) {
    panel.open = true;
  });
}

// A filter form sends only the filters that are set, so the address is clean to share.
function cleanFilterForms() {
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("formdata", function (event) {
      const empty = [];
      event.formData.forEach(function (value, name) { if (value === "") empty.push(name); });
      empty.forEach(function (name) {
        const kept = event.formData.getAll(name).filter(function (value) { return value !== ""; });
        event.formData.delete(name);
        kept.forEach(function (value) { event.formData.append(name, value); });
      });
    });
  });
}

// A table wider than its box scrolls inside it: it becomes focusable (keyboard scrolling),
// names itself after its caption, and year tables start at the newest year.
function wideTables() {
  document.querySelectorAll(".table-scroll").forEach(function (box) {
    if (box.scrollWidth <= box.clientWidth + 1) return;
    box.classList.add("is-scrollable");
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    const caption = box.querySelector("caption");
    if (caption) box.setAttribute("aria-label", caption.textContent.trim());
    if (box.dataset.scroll === "end") {
      box.scrollLeft = box.scrollWidth;
      showWholeColumn(box);
    }
  });
}

// At its newest year, a table may leave a column half under its fixed first column, where the
// figures would be too small a target to tap: a little room at the end lets it slide fully under.
function showWholeColumn(box) {
  const heads = box.querySelectorAll("thead th");
  if (heads.length < 2) return;
  const edge = heads[0].getBoundingClientRect().right;
  for (const head of heads) {
    const cell = head.getBoundingClientRect();
    if (head !== heads[0] && cell.left < edge && cell.right > edge) {
      box.style.paddingRight = Math.round(cell.right - edge) + "px";
      box.scrollLeft = box.scrollWidth;
      return;
    }
  }
}

document.addEventListener("DOMContentLoaded", function () {
  rememberLanguage();
  unfoldFilters();
  cleanFilterForms();
  wideTables();
});
