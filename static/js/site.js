// Small enhancements: the language menu switches on change (its button remains for no-JS use).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const switcher = document.querySelector(".language-switcher");
  if (switcher) {
    const select = switcher.querySelector("select");
    select.addEventListener("change", function () { switcher.submit(); });
    switcher.querySelector("button").classList.add("visually-hidden");
  }
});
