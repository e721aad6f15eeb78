// Renders the Markdown preview beside each body field as the editor types, using the
// server's own renderer so the preview shows exactly what the public page will show.
"use strict";
(function () {
  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function attach(editor) {
    const textarea = editor.querySelector("textarea");
    const rendered = editor.querySelector(".markdown-editor__rendered");
    const url = editor.dataset.previewUrl;
    let timer = null;
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        const body = new URLSearchParams({ text: textarea.value });
        fetch(url, {
          method: "POST",
          body: body,
          headers: { "X-CSRFToken": csrfToken() },
          credentials: "same-origin",
        })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) { if (html !== null) { rendered.innerHTML = html; } });
      }, 300);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".markdown-editor").forEach(attach);
  });
})();
