// A page answering what its reader just did says so where their attention is: the summary of a form's problems,
// or the notice of what was done, takes the focus on load, so that a screen reader reads it first and a long
// page scrolls to it. A notice on a page opened at one of its parts (an application on "My applications") leaves
// the browser there. Without script the page still shows both.
(function () {
  var summary = document.getElementById('error-summary');
  if (summary) { summary.focus(); return; }
  var anchored = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  var notice = document.querySelector('.alert[data-notice]');
  if (notice && !anchored) notice.focus();
})();
