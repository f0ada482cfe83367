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
