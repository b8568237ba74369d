'use strict';
(function () {
  var p = new URLSearchParams(location.search).get('error');
  if (p) {
    var el = document.getElementById('login-error');
    el.textContent = p === 'throttled' ? 'Too many failed attempts. Wait a minute and try again.' : 'That token is not valid.';
    el.hidden = false;
  }
})();
