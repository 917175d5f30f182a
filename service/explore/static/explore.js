// Progressive touches only: every page works without this file.
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
document.addEventListener("DOMContentLoaded", function () {
  // Show the reader's local time on hover; the page itself says UTC.
  document.querySelectorAll("time[datetime*='T']").forEach(function (el) {
    var moment = new Date(el.getAttribute("datetime"));
    if (!isNaN(moment)) {
      el.title = "Your local time: " + moment.toLocaleString();
    }
  });
});
