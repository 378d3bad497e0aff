// Runs in a zero-height component frame inside an embed: tells the host page the view's height, now and
// whenever it changes, so the host's iframe takes it (the embed code's listener, embed_code.html).
(function () {
  var app = window.parent, host = app.parent;
  if (host === app) return;  // opened in a tab of its own: nothing to size
  // This script's own (empty) frame takes no room: out of the flow, it adds no gap below the view.
  var own = window.frameElement && window.frameElement.closest('[data-testid="stElementContainer"]');
  if (own) { own.style.cssText += ";position:absolute;top:0;left:0;height:0;overflow:hidden"; }
  var last = 0, extra = 0;
  function send() {
    // The page scrolls in Streamlit's main element: its content's extent is the bottom of its lowest child
    // (the view, and the spacing Streamlit keeps below it), measured from the top of what scrolls.
    var scroller = app.document.querySelector('[data-testid="stMain"]');
    if (!scroller || !scroller.children.length) return;
    var top = scroller.getBoundingClientRect().top - scroller.scrollTop, bottom = 0;
    for (var i = 0; i < scroller.children.length; i++)
      bottom = Math.max(bottom, scroller.children[i].getBoundingClientRect().bottom);
    var style = app.getComputedStyle(scroller);
    var content = Math.ceil(bottom - top + parseFloat(style.paddingBottom || 0));
    // Streamlit keeps some spacing below the view that no box reports; it shows as overflow once the
    // frame is that small. Remember it and always add it, so the frame never scrolls and never see-saws.
    if (scroller.scrollHeight > scroller.clientHeight) extra = Math.max(extra, scroller.scrollHeight - content);
    var h = content + extra;
    if (Math.abs(h - last) < 2) return;
    last = h;
    host.postMessage({type: "one-stockport:height", height: h}, "*");
  }
  // The view's own box changes as Streamlit draws it (the page's body keeps the frame's size).
  var watched = new app.ResizeObserver(send);
  (function watch() {
    var main = app.document.querySelector('[data-testid="stMainBlockContainer"]');
    if (main) watched.observe(main); else setTimeout(watch, 100);
  })();
  app.addEventListener("resize", send);
  send();
})();
