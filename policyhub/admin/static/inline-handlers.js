// Flask-Admin writes a few event handlers inline (onclick="..."); the Content-Security-Policy blocks inline
// script, so the same behaviour is attached here: the delete confirmation, list actions, adding an inline
// row, and links that do nothing.
document.addEventListener('click', function (ev) {
  var el = ev.target.closest ? ev.target.closest('[onclick]') : null;
  if (!el) { return; }
  var code = el.getAttribute('onclick') || '';
  var m = code.match(/safeConfirm\('([\s\S]*)'\)/);
  if (m) {
    if (!window.confirm(m[1])) { ev.preventDefault(); }
    return;
  }
  m = code.match(/modelActions\.execute\('([^']*)'\)/);
  if (m && window.modelActions) { ev.preventDefault(); window.modelActions.execute(m[1]); return; }
  m = code.match(/faForm\.addInlineField\(this, '([^']*)'\)/);
  if (m && window.faForm) { ev.preventDefault(); window.faForm.addInlineField(el, m[1]); return; }
  if (/^\s*return false;?\s*$/.test(code)) { ev.preventDefault(); }
});
