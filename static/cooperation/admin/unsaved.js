// Leaving an edit form with unsaved changes asks first, as a word processor would. Saving (or
// opening a preview in another tab) does not.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const form = document.querySelector("#content-main form");
  if (!form) {
    return;
  }
  let changed = false;
  let saving = false;
  form.addEventListener("input", function () { changed = true; });
  form.addEventListener("change", function () { changed = true; });
  form.addEventListener("submit", function (event) {
    if (!(event.submitter && event.submitter.name === "_preview")) {
      saving = true;
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed && !saving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
