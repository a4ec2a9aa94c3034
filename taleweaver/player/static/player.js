/* taleweaver story player: title page, five scenes, end page with credits.
 *
 * Reads the story from <script type="application/json" id="tw-story"> (see page.py).
 * Each scene shows its picture (the animated SVG through <img>, so its SMIL/CSS animation
 * runs; else the still PNG), its text, and plays its sound: the full mix, else the narration
 * alone. While the sound plays, the word being spoken is highlighted from the word timings;
 * without timings the page is plain text. With no sound at all, "play" turns the pages after
 * a reading pause.
 *
 * Keys: Space plays/pauses, ← and → turn pages, R reads the page again, Home goes to the title.
 *
 * A story still being made (the web app's /play/job/ID, data.follow set): the pages made so
 * far are in data.pages, data.pageCount says how many there will be, and the player asks
 * data.follow (the job's API URL) every second for new pages. A page not made yet shows
 * "still being painted" and opens by itself when it arrives, so a child can start reading
 * page 1 while pages 2-5 are still being written.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tw-story").textContent);
  var root = document.getElementById("tw-player");
  var stage = document.getElementById("tw-stage");
  var pageNumber = document.getElementById("tw-page-number");
  var buttons = {
    previous: document.getElementById("tw-previous"),
    play: document.getElementById("tw-play"),
    replay: document.getElementById("tw-replay"),
    next: document.getElementById("tw-next")
  };
  var PLAY_ICON = buttons.play.innerHTML;
  var PAUSE_ICON = '<svg viewBox="0 0 64 64" aria-hidden="true" focusable="false"><path d="M14 10 h12 v44 h-12 Z M38 10 h12 v44 h-12 Z"/></svg>';
  var scenes = data.pages;
  var pageCount = data.pageCount || scenes.length;
  var LAST = pageCount + 1; // 0 = title page, 1..n = scenes, n+1 = end page
  var failed = null; // the job's message when a story being made failed
  var current = 0;
  var playing = false;
  var audio = new Audio();
  audio.preload = "auto";
  var wordSpans = [];
  var turnTimer = null;
  var frame = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fileUrl(name) { return data.fileBase + encodeURIComponent(name); }

  /* The scene text, with one <span> per spoken word when there are timings. */
  function sceneText(scene) {
    var p = el("p", "tw-text");
    wordSpans = [];
    var words = scene.words || [];
    if (!words.length) { p.textContent = scene.text; return p; }
    var at = 0;
    words.forEach(function (w, i) {
      if (w.char_start < at || w.char_end > scene.text.length) return; // skip a timing that does not fit
      p.appendChild(document.createTextNode(scene.text.slice(at, w.char_start)));
      var span = el("span", "tw-word", scene.text.slice(w.char_start, w.char_end));
      span.dataset.start = w.start;
      span.dataset.end = w.end;
      p.appendChild(span);
      wordSpans.push(span);
      at = w.char_end;
    });
    p.appendChild(document.createTextNode(scene.text.slice(at)));
    return p;
  }

  function renderTitle() {
    stage.appendChild(el("h1", "tw-title", data.title));
    var picks = el("ul", "tw-choices");
    data.choices.forEach(function (c) {
      // Names only: emoji need an emoji font, which many computers lack.
      picks.appendChild(el("li", "tw-choice", c.name));
    });
    stage.appendChild(picks);
    var start = el("button", "tw-start", "Start the story");
    start.type = "button";
    start.addEventListener("click", function () { playing = true; go(1); });
    stage.appendChild(start);
  }

  function renderScene(scene) {
    var figure = el("figure", "tw-picture");
    var picture = scene.picture || scene.still;
    if (picture) {
      var img = el("img");
      img.src = fileUrl(picture);
      img.alt = "Picture for page " + scene.index;
      // If the animated picture cannot be shown, fall back to the still one.
      if (scene.picture && scene.still) {
        img.addEventListener("error", function once() {
          img.removeEventListener("error", once);
          img.src = fileUrl(scene.still);
        });
      }
      figure.appendChild(img);
      stage.appendChild(figure);
    }
    // No picture yet (the scene stage did not run): the page is the text alone.
    stage.appendChild(sceneText(scene));
  }

  /* A page of a story still being made that is not ready yet. */
  function renderWaiting(index) {
    var box = el("div", "tw-waiting");
    box.appendChild(el("p", "tw-waiting-title", failed ? failed : "Page " + index + " is still being painted…"));
    if (!failed) box.appendChild(el("p", "tw-waiting-note", "It will open by itself in a moment."));
    stage.appendChild(box);
  }

  function renderEnd() {
    stage.appendChild(el("h1", "tw-title", "The End"));
    var again = el("button", "tw-start", "Read it again");
    again.type = "button";
    again.addEventListener("click", function () { playing = true; go(1); });
    stage.appendChild(again);
    if (data.endLinks.length) {
      var links = el("ul", "tw-end-links");
      data.endLinks.forEach(function (link) {
        var a = el("a", "tw-end-link", link.label);
        a.href = link.href;
        links.appendChild(el("li")).appendChild(a);
      });
      stage.appendChild(links);
    }
    var credits = el("section", "tw-credits");
    credits.setAttribute("aria-label", "Credits");
    credits.appendChild(el("h2", null, "Credits"));
    var list = el("ul");
    (data.credits.length ? data.credits : ["Story made with taleweaver."]).forEach(function (c) {
      list.appendChild(el("li", null, c));
    });
    credits.appendChild(list);
    stage.appendChild(credits);
  }

  function stopSound() {
    audio.pause();
    clearTimeout(turnTimer);
    cancelAnimationFrame(frame);
  }

  function go(index) {
    stopSound();
    current = Math.max(0, Math.min(LAST, index));
    stage.textContent = "";
    wordSpans = [];
    var scene = current >= 1 && current <= scenes.length ? scenes[current - 1] : null;
    var waiting = !scene && current >= 1 && current <= pageCount;
    if (current === 0) renderTitle();
    else if (scene) renderScene(scene);
    else if (waiting) renderWaiting(current);
    else renderEnd();
    root.dataset.page = current === 0 ? "title" : scene ? String(current) : waiting ? "waiting" : "end";
    pageNumber.textContent = scene || waiting ? "Page " + current + " of " + pageCount : "";
    buttons.previous.disabled = current === 0;
    buttons.next.disabled = current === LAST || waiting;
    buttons.replay.disabled = !scene;
    var sound = scene && (scene.audio || scene.narration);
    if (sound) { audio.src = fileUrl(sound); audio.load(); } else { audio.removeAttribute("src"); }
    if (scene && playing) startPage(); else if (!scene && !waiting) setPlaying(false);
  }

  /* A story still being made: ask for new pages until all are made (or the making failed). */
  function followTheMaking() {
    var request = new XMLHttpRequest();
    request.open("GET", data.follow);
    request.onload = function () {
      var job = null;
      try { job = JSON.parse(request.responseText); } catch (e) { job = null; }
      if (request.status !== 200 || !job) { setTimeout(followTheMaking, 2000); return; }
      var waitingFor = root.dataset.page === "waiting" ? current : 0;
      if (job.pages.length > scenes.length) scenes = job.pages;
      if (job.state === "failed") failed = job.error || "Oh no, this story got stuck. Please try again!";
      if (job.state === "done" && job.story_id) fetchCredits(job.story_id);
      if (waitingFor && (scenes.length >= waitingFor || failed)) go(waitingFor);
      if (job.state !== "done" && job.state !== "failed") setTimeout(followTheMaking, 1000);
    };
    request.onerror = function () { setTimeout(followTheMaking, 2000); };
    request.send();
  }

  /* The credits are written with the finished bundle. */
  function fetchCredits(storyId) {
    var request = new XMLHttpRequest();
    request.open("GET", "/api/stories/" + storyId + "/files/story.json");
    request.onload = function () {
      try { data.credits = JSON.parse(request.responseText).credits || data.credits; } catch (e) { /* keep */ }
    };
    request.send();
  }

  function setPlaying(value) {
    playing = value;
    root.dataset.state = value ? "playing" : "paused";
    buttons.play.innerHTML = value ? PAUSE_ICON : PLAY_ICON;
    buttons.play.setAttribute("aria-label", value ? "Pause" : "Play");
    buttons.play.title = value ? "Pause" : "Play";
  }

  function readingSeconds(scene) {
    if (scene.duration_s) return scene.duration_s;
    return Math.max(4, scene.text.split(/\s+/).length * 0.45);
  }

  function startPage() {
    var scene = scenes[current - 1];
    setPlaying(true);
    if (audio.getAttribute("src")) {
      var started = audio.play();
      if (started && started.catch) started.catch(function () { setPlaying(false); });
      followWords();
    } else {
      turnTimer = setTimeout(pageFinished, readingSeconds(scene) * 1000);
    }
  }

  function pageFinished() {
    if (!playing) return;
    turnTimer = setTimeout(function () { go(current + 1); }, 1200);
  }

  /* Highlight the word being spoken, every animation frame while the sound plays. */
  function followWords() {
    cancelAnimationFrame(frame);
    if (!wordSpans.length) return;
    var t = audio.currentTime;
    wordSpans.forEach(function (span) {
      var spoken = t >= +span.dataset.start && t < +span.dataset.end;
      span.classList.toggle("tw-spoken", spoken);
    });
    if (!audio.paused) frame = requestAnimationFrame(followWords);
  }

  audio.addEventListener("timeupdate", followWords);
  audio.addEventListener("play", followWords);
  audio.addEventListener("ended", function () {
    wordSpans.forEach(function (s) { s.classList.remove("tw-spoken"); });
    pageFinished();
  });
  audio.addEventListener("error", function () {
    // A missing or unplayable sound file: keep reading, turning pages on a timer.
    if (playing && current >= 1 && current <= scenes.length) {
      turnTimer = setTimeout(pageFinished, readingSeconds(scenes[current - 1]) * 1000);
    }
  });

  function togglePlay() {
    if (current === 0 || current === LAST) { setPlaying(true); go(1); return; }
    if (playing) { setPlaying(false); stopSound(); } else { startPage(); }
  }

  function replay() {
    if (current < 1 || current > scenes.length) return;
    stopSound();
    audio.currentTime = 0;
    startPage();
  }

  buttons.play.addEventListener("click", togglePlay);
  buttons.previous.addEventListener("click", function () { go(current - 1); });
  buttons.next.addEventListener("click", function () { go(current + 1); });
  buttons.replay.addEventListener("click", replay);

  document.addEventListener("keydown", function (event) {
    var tag = event.target.tagName;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === " " && tag !== "BUTTON" && tag !== "A") { event.preventDefault(); togglePlay(); }
    else if (event.key === "ArrowRight") { event.preventDefault(); go(current + 1); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); go(current - 1); }
    else if (event.key === "r" || event.key === "R") { replay(); }
    else if (event.key === "Home") { event.preventDefault(); setPlaying(false); go(0); }
  });

  setPlaying(false);
  go(0);
  if (data.follow) followTheMaking();
})();
