// Small enhancements. Choosing a language remembers it, so the site's front door (/) opens in
// that language next time; the links work without this.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".language-switcher a[data-language]").forEach(function (link) {
    link.addEventListener("click", function () {
      const year = 60 * 60 * 24 * 365;
      document.cookie = "django_language=" + link.dataset.language + "; path=/; max-age=" + year + "; samesite=lax";
    });
  });
});
