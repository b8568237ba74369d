'use strict';
(function () {
  var q = new URLSearchParams(location.search);
  var p = q.get('error');
  if (p) {
    var el = document.getElementById('login-error');
    if (p === 'throttled') {
      var wait = parseInt(q.get('wait'), 10);
      el.textContent = 'Too many failed attempts from your address. Try again '
        + (wait > 0 ? 'in ' + wait + (wait === 1 ? ' second.' : ' seconds.') : 'later.');
    } else {
      el.textContent = 'That token is not valid.';
    }
    el.hidden = false;
  }
})();
