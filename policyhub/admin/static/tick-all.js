// A checkbox with data-tick-all="CLASS" ticks or unticks every enabled checkbox of that class in its form.
document.addEventListener("change", function (e) {
  var box = e.target;
  if (!box.matches || !box.matches("input[data-tick-all]")) return;
  var form = box.form || document;
  form.querySelectorAll("input." + box.getAttribute("data-tick-all") + ":not(:disabled)").forEach(function (b) {
    b.checked = box.checked;
  });
});
