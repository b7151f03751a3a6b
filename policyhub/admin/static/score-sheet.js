// The score-sheet editor: show only the fields of the chosen scoring kind (without JavaScript every kind's
// fields are shown).
document.querySelectorAll('.ph-indicator').forEach(function (ind) {
  var select = ind.querySelector('select.ph-kind');
  function update() {
    ind.querySelectorAll('.ph-kind-fields').forEach(function (el) {
      el.style.display = el.getAttribute('data-for') === select.value ? '' : 'none';
    });
  }
  if (select) { select.addEventListener('change', update); update(); }
});
