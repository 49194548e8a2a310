// What htmx does not do by itself: say so when a request fails. An htmx request whose answer is an
// error (403 for an expired form, 404, 429, 500) is not swapped into the page (see the htmx-config in
// base.html), and one that cannot reach the server has no answer at all; without this the click
// would seem to do nothing. The error page's own heading and message are shown in the page's
// message area; the texts for "no answer" come translated in the body's data attributes.
(function () {
  "use strict";

  function area() {
    return document.querySelector("main .flash") || document.body;
  }

  function show(heading, message) {
    var box = document.createElement("div");
    box.className = "alert";
    box.setAttribute("role", "alert");
    var title = document.createElement("strong");
    title.textContent = heading;
    box.appendChild(title);
    if (message) {
      var text = document.createElement("p");
      text.textContent = message;
      box.appendChild(text);
    }
    var target = area();
    target.replaceChildren(box);
    box.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var body = document.body.dataset;
    var heading = body.errorHeading || "Error";
    var message = "";
    try {
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var section = page.querySelector(".error-page");
      if (section) {
        heading = (section.querySelector("h1") || {}).textContent || heading;
        var paragraphs = section.querySelectorAll("p:not(.error-code)");
        message = paragraphs.length ? paragraphs[0].textContent : "";
      }
    } catch (ignored) {
      // Not HTML: the general heading alone.
    }
    show(heading, message || body.errorMessage || "");
  });

  document.addEventListener("htmx:sendError", function () {
    var body = document.body.dataset;
    show(body.offlineHeading || "Offline", body.offlineMessage || "");
  });
})();
