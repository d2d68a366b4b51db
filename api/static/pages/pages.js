// The tooltip of a highlighted number: its label, value, unit, parent and section, shown on
// hover and on keyboard focus (every number is tabbable). Built with textContent only: the
// values come from report text, which is untrusted.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  if (!tip) { return; }
  var FIELDS = [["label", "Label"], ["value", "Value"], ["unit", "Unit"], ["approx", "Approx."],
                ["parent", "Part of"], ["section", "Section"], ["check", "Check"]];

  function show(mark) {
    var list = document.createElement("dl");
    FIELDS.forEach(function (field) {
      var value = mark.dataset[field[0]];
      if (!value) { return; }
      var term = document.createElement("dt");
      term.textContent = field[1];
      var detail = document.createElement("dd");
      detail.textContent = value;
      detail.className = "tip-" + field[0];
      list.appendChild(term);
      list.appendChild(detail);
    });
    tip.replaceChildren(list);
    tip.hidden = false;
    // Below the number, kept inside the viewport (numbers near the right edge).
    var box = mark.getBoundingClientRect();
    var room = document.documentElement.clientWidth - tip.offsetWidth - 4;
    tip.style.left = (window.scrollX + Math.max(4, Math.min(box.left, room))) + "px";
    tip.style.top = (window.scrollY + box.bottom + 6) + "px";
  }

  function hide() { tip.hidden = true; }

  function metricOf(event) {
    var target = event.target;
    return target && target.closest ? target.closest("mark.metric") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var mark = metricOf(event);
    if (mark) { show(mark); }
  });
  document.addEventListener("mouseout", function (event) {
    if (metricOf(event)) { hide(); }
  });
  document.addEventListener("focusin", function (event) {
    var mark = metricOf(event);
    if (mark) { show(mark); } else { hide(); }
  });
  document.addEventListener("focusout", function (event) {
    if (metricOf(event)) { hide(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });
  // Landing on #m<id>: show that number's tooltip too.
  function fromHash() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.matches("mark.metric")) { target.focus({ preventScroll: true }); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
