// senaste/: go to the newest year and keep the #section, which the page's meta
// refresh (the fallback without JavaScript) cannot carry over.
(function () {
  'use strict';
  var target = document.currentScript.getAttribute('data-target');
  location.replace(new URL(target, location.href).href + location.hash);
}());
