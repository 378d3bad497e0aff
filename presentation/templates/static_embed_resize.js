// A static embed (publish/static_embeds.py) tells the host page its height, now and whenever it changes, with
// the live embed's message (embed_resize.js), so the embed code's iframe takes it (embed_code.html).
(function () {
  if (window.parent === window) return;  // opened in a tab of its own: nothing to size
  var last = 0, root = document.documentElement;
  function send() {
    var h = Math.ceil(root.getBoundingClientRect().height);
    if (Math.abs(h - last) < 2) return;
    last = h;
    window.parent.postMessage({type: "one-stockport:height", height: h}, "*");
  }
  new ResizeObserver(send).observe(root);
  send();
})();
