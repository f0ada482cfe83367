// A page answering what its reader just did says so where their attention is: the summary of a form's problems,
// or the notice of what was done, takes the focus on load, so that a screen reader reads it first and a long
// page scrolls to it. On a page opened at one of its parts (an application on "My applications", the instructors
// of a course), the notice is about that part: it moves to just above it, where the browser went, and takes the
// focus there. Without script the page still shows both, the notice at the top.
(function () {
  var summary = document.getElementById('error-summary');
  if (summary) { summary.focus(); return; }
  var notice = document.querySelector('.alert[data-notice]');
  if (!notice) return;
  var anchored = null;
  try { anchored = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* a mangled address */ }
  if (!anchored) { notice.focus(); return; }
  // A row cannot hold a notice: it goes above the row's table (and the box the table scrolls in).
  var above = anchored.closest('tr') ? anchored.closest('.table-responsive') || anchored.closest('table') : anchored;
  if (above !== notice && !above.contains(notice) && !notice.contains(above)) above.parentNode.insertBefore(notice, above);
  // The browser goes to the part once the page has loaded, and takes the focus off anything else as it does.
  window.addEventListener('load', function () { setTimeout(function () { notice.focus(); }, 0); });
})();

// "Select all" of a list's checkboxes: shown only when script runs, as it does nothing without it. It ticks or clears
// every box of its form named as it says, and shows a partial selection as mixed.
(function () {
  document.querySelectorAll('input[data-select-all]').forEach(function (all) {
    var boxes = Array.prototype.slice.call(all.form.querySelectorAll('input[type=checkbox][name="' + all.dataset.selectAll + '"]'));
    if (boxes.length === 0) return;
    function reflect() {
      var ticked = boxes.filter(function (b) { return b.checked; }).length;
      all.checked = ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
    all.addEventListener('change', function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
      reflect();
    });
    boxes.forEach(function (b) { b.addEventListener('change', reflect); });
    reflect();
    all.hidden = false;
  });
})();

// The profile's time zone: the browser's own zone is offered when none is chosen, as a button: choosing it silently
// would save it with any other change, over a "same as each course" the person chose on purpose.
(function () {
  var select = document.querySelector('[data-browser-zone]');
  if (!select || select.value) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // Browsers may name a zone by an older name (Asia/Calcutta for Asia/Kolkata): compare as the browser names each.
  function named(value) { try { return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone; } catch (e) { return null; } }
  var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; })
    || Array.prototype.find.call(select.options, function (o) { return o.value && named(o.value) === zone; });
  if (!option) return;
  var offer = document.createElement('button');
  offer.type = 'button';
  offer.className = 'btn btn-link p-0 mt-1 browser-zone-offer';
  offer.textContent = select.getAttribute('data-browser-zone-offer').replace('{0}', option.textContent);
  offer.addEventListener('click', function () { option.selected = true; select.focus(); offer.remove(); });
  select.insertAdjacentElement('afterend', offer);
})();

// A button that prints the page (the certificate): a script of the site's own, as the pages run no inline script.
document.querySelectorAll('[data-print]').forEach(function (button) {
  button.addEventListener('click', function () { window.print(); });
});
