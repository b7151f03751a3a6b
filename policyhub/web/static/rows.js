// A list fact's rows (templates/portal/_macros.html): "add a row" copies the last row, emptied. A static
// script (the Content-Security-Policy allows no inline code); without it, the form still offers two empty rows.
document.addEventListener('click', function (ev) {
  var button = ev.target.closest ? ev.target.closest('[data-add-row]') : null;
  if (!button) { return; }
  ev.preventDefault();
  var rows = document.querySelector('[data-rows="' + button.getAttribute('data-add-row') + '"]');
  if (!rows || !rows.lastElementChild) { return; }
  var copy = rows.lastElementChild.cloneNode(true);
  var input = copy.querySelector('input, select');
  if (input) {
    input.value = '';
    input.id = button.getAttribute('data-add-row') + '-' + rows.children.length;
  }
  rows.appendChild(copy);
  if (input) { input.focus(); }
});
