// Live preview of the module editor: after a pause in typing, the text is posted to the preview endpoint,
// which renders it with the site's own Markdown renderer. Without JavaScript the "Preview" button does the same.
(function () {
  var form = document.querySelector('form.module-editor');
  if (!form) return;
  var textarea = form.querySelector('#Markdown');
  var target = document.getElementById('module-preview');
  var token = form.querySelector('input[name="__RequestVerificationToken"]');
  var timer = null;
  var latest = 0;

  function refresh() {
    var ticket = ++latest;
    var body = new FormData();
    body.append('markdown', textarea.value);
    if (token) body.append('__RequestVerificationToken', token.value);
    fetch(form.getAttribute('data-preview-url'), { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && ticket === latest) target.innerHTML = html; })
      .catch(function () { /* the Preview button still works */ });
  }

  textarea.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  if (!target.innerHTML.trim()) refresh();
})();

// Text typed and not saved is not lost by leaving the page: uploading a file, following a link or closing the tab
// first asks the browser's "leave the page?" question. Saving the editor's own form does not ask.
(function () {
  var form = document.querySelector('form.module-editor');
  if (!form) return;
  // A page shown again with text that was not saved (a refused save) starts out unsaved.
  var changed = form.dataset.unsaved === 'true';
  form.addEventListener('input', function () { changed = true; });
  form.addEventListener('submit', function () { changed = false; });
  window.addEventListener('beforeunload', function (event) {
    if (!changed) return;
    event.preventDefault();
    event.returnValue = '';
  });
})();

// A file over the upload limit is refused here, before minutes of sending it: the server would refuse it anyway.
(function () {
  var form = document.querySelector('form.module-upload');
  if (!form) return;
  var input = form.querySelector('input[type=file]');
  var error = form.querySelector('#file-error');
  var limit = Number(form.dataset.maxBytes);
  function tooLarge() { return input.files.length > 0 && input.files[0].size > limit; }
  function show() {
    var large = tooLarge();
    error.textContent = large ? form.dataset.tooLarge : '';
    if (large) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    return large;
  }
  input.addEventListener('change', show);
  form.addEventListener('submit', function (event) { if (show()) event.preventDefault(); });
})();
