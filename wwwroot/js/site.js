// A page answering what its reader just did says so where their attention is: the summary of a form's problems,
// or the notice of what was done, takes the focus on load, so that a screen reader reads it first and a long
// page scrolls to it. Without script the page still shows both.
(function () {
  var target = document.getElementById('error-summary') || document.querySelector('.alert[data-notice]');
  if (target) target.focus();
})();
