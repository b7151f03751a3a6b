// Typed registry forms (policyhub/admin/views/typed_widget.py): "add a row" under a list fact copies the last
// row's input, emptied. Static script, so the Content-Security-Policy needs no inline code.
document.addEventListener('click', function (ev) {
  var button = ev.target.closest ? ev.target.closest('[data-ph-add-row]') : null;
  if (!button) { return; }
  ev.preventDefault();
  var rows = document.querySelector('[data-ph-rows="' + button.getAttribute('data-ph-add-row') + '"]');
  if (!rows || !rows.lastElementChild) { return; }
  var copy = rows.lastElementChild.cloneNode(true);
  var input = copy.querySelector('input, select');
  if (input) {
    input.value = '';
    input.id = input.id.replace(/-\d+$/, '') + '-' + rows.children.length;
  }
  rows.appendChild(copy);
  if (input) { input.focus(); }
});
