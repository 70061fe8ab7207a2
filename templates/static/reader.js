/* 学习简报 reader conveniences, ES5 for old browsers: the 大字 (large text)
   switch, remembered across pages, and the 打印本期 button. Both buttons are
   rendered hidden and shown here, so without JavaScript nothing half-works.
   Loaded in <head> so a remembered 大字 applies before the page is drawn. */
(function () {
  "use strict";

  var KEY = "bulletin-large-text";
  var LARGE = "large-text";
  var root = document.documentElement;

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: not remembered */ }
  }

  function hasClass(name) { return (" " + root.className + " ").indexOf(" " + name + " ") >= 0; }

  function setLarge(on) {
    var others = (" " + root.className + " ").replace(" " + LARGE + " ", " ");
    root.className = (on ? others + LARGE : others).replace(/^\s+|\s+$/g, "");
  }

  if (remembered()) { setLarge(true); }

  function each(selector, action) {
    var found = document.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) { action(found[i]); }
  }

  function ready() {
    each("[data-large-text]", function (button) {
      button.hidden = false;
      button.setAttribute("aria-pressed", hasClass(LARGE) ? "true" : "false");
      button.onclick = function () {
        var on = !hasClass(LARGE);
        setLarge(on);
        remember(on);
        each("[data-large-text]", function (other) { other.setAttribute("aria-pressed", on ? "true" : "false"); });
      };
    });
    each("[data-print]", function (button) {
      button.hidden = false;
      button.onclick = function () { window.print(); };
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
