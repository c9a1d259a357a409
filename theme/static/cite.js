// Copy buttons for the section citations ("Citera"). The citations are plain HTML;
// this only shows the buttons, where the browser can copy, and says "Kopierat".
// It marks <html> and listens on the document, so it keeps working when the preview
// server (styrdok serve) swaps in a new <body>.
(function () {
  'use strict';
  var canCopy = !!(navigator.clipboard && navigator.clipboard.writeText) ||
    !!(document.queryCommandSupported && document.queryCommandSupported('copy'));
  if (!canCopy) return;
  document.documentElement.classList.add('can-copy');

  // The citation and the link's full address (relative permalinks resolve here).
  function citationOf(box) {
    return box.querySelector('.cite-ref').textContent + ' ' + box.querySelector('.cite-text a').href;
  }

  // Older browsers and plain http: copy through a selected, off-screen text area.
  function copyBySelection(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.left = '-9999px';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error('copy'));
  }

  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).catch(function () { return copyBySelection(text); });
    }
    return copyBySelection(text);
  }

  function announce(text) {
    var status = document.getElementById('cite-status');
    if (!status) return;
    // Cleared first, so saying it twice is announced twice.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text || status.getAttribute('data-copied'); }, 50);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('.cite-copy') : null;
    if (!button) return;
    var box = button.closest('.cite');
    copy(citationOf(box)).then(function () {
      announce();
      button.classList.add('copied');
      window.setTimeout(function () { button.classList.remove('copied'); }, 2000);
    }, function () {
      // The text stays selectable by hand.
      var range = document.createRange();
      range.selectNodeContents(box.querySelector('.cite-text'));
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    });
  });
}());
