// The admin fills a slug from the title as you type (URLify). It drops en and em dashes,
// slashes and other punctuation, joining the words around them ("China–Uzbekistan" became
// "chinauzbekistan"): turn each run of them into a space first, so it becomes a hyphen.
// Wrapped once the page has loaded, whichever order the admin's scripts came in.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const original = window.URLify;
  if (typeof original !== "function" || original.keepsWordsApart) {
    return;
  }
  const punctuation = /[\u2010-\u2015\u2212\u00b7\u3001\u3002\uff0c\uff1a\u00ab\u00bb"“”«»()[\]{}\/\\.,:;!?&+*|]+/g;
  const wrapped = function (text, maxLength, allowUnicode) {
    return original(String(text).replace(punctuation, " "), maxLength, allowUnicode);
  };
  wrapped.keepsWordsApart = true;
  window.URLify = wrapped;
});
