// Copy buttons for the section citations ("Citera"). The citations are plain HTML;
// this only adds the buttons, where the browser can copy, and says "Kopierat".
(function () {
  'use strict';
  var status = document.getElementById('cite-status');
  var buttons = document.querySelectorAll('.cite-copy');
  var canCopy = !!(navigator.clipboard && navigator.clipboard.writeText) ||
    (document.queryCommandSupported && document.queryCommandSupported('copy'));
  if (!status || !buttons.length || !canCopy) return;

  // The citation and the link's full address (relative permalinks resolve here).
  function citationOf(button) {
    var box = button.closest('.cite');
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
    // Cleared first, so saying it twice is announced twice.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      copy(citationOf(button)).then(function () {
        announce(status.getAttribute('data-copied'));
        button.classList.add('copied');
        window.setTimeout(function () { button.classList.remove('copied'); }, 2000);
      }, function () {
        // The text stays selectable by hand.
        var range = document.createRange();
        range.selectNodeContents(button.closest('.cite').querySelector('.cite-text'));
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      });
    });
  });
}());
