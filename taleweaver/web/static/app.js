/* taleweaver web pages: a small client over the REST API (/api). Every action is an API call;
 * every POST and DELETE carries the session's CSRF token in the X-CSRF-Token header. */
(function () {
  "use strict";
  var body = document.body;
  var session = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function say(text) { var m = $("message"); if (m) m.textContent = text || ""; }

  /* fetch() for the API: JSON in and out; a failed answer throws an Error with its message. */
  function api(method, path, payload) {
    var options = { method: method, headers: {}, credentials: "same-origin" };
    if (method !== "GET" && session) options.headers["X-CSRF-Token"] = session.csrf_token;
    if (payload !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(payload);
    }
    return fetch(path, options).then(function (response) {
      if (response.status === 204) return null;
      return response.json().then(function (data) {
        if (!response.ok) {
          var error = new Error(data.message || (typeof data.detail === "string" ? data.detail : "Something went wrong."));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function loadSession() {
    return api("GET", "/api/session").then(function (s) { session = s; return s; });
  }

  /* ---- Who is reading? ---- */
  function homePage() {
    loadSession().then(function (s) {
      if (!s.parent) {
        say("Ask a grown-up to sign in first.");
        var link = el("a", "big-button", "Grown-ups: sign in");
        link.href = "/parent";
        $("profiles").appendChild(link);
        return;
      }
      return api("GET", "/api/profiles").then(function (profiles) {
        if (!profiles.length) say("Ask a grown-up to add you in the grown-ups' area.");
        profiles.forEach(function (p) {
          var tile = el("a", "tile profile-tile");
          tile.appendChild(el("span", "tile-picture", p.display_name.charAt(0).toUpperCase())).setAttribute("aria-hidden", "true");
          tile.appendChild(el("span", "tile-name", p.display_name));
          if (p.has_consent) {
            tile.href = "/child/" + p.id;
          } else {
            tile.href = "/parent";
            tile.classList.add("tile-waiting");
            tile.appendChild(el("span", "tile-note", "Ask a grown-up first"));
          }
          $("profiles").appendChild(tile);
        });
      });
    }).catch(function (e) { say(e.message); });
  }

  /* ---- Pick four tiles, make the story ---- */
  var STAGE_WORDS = {
    story: "Writing the story",
    language: "Getting to know the characters",
    scenes: "Painting the pictures",
    sound: "Making the music and the voice",
    bundle: "Putting the book together"
  };

  function childPage() {
    var profile = body.dataset.profile;
    var picked = {};
    var params = new URLSearchParams(location.search);
    $("library-link").href = "/child/" + profile + "/library";
    Promise.all([loadSession(), api("GET", "/api/choices")]).then(function (results) {
      var choices = results[1];
      if (!results[0].parent) { location.href = "/"; return; }
      document.querySelectorAll(".step").forEach(function (step) {
        var kind = step.dataset.kind;
        var holder = step.querySelector(".tiles");
        choices[kind].forEach(function (item) {
          var tile = el("button", "tile choice-tile");
          tile.type = "button";
          tile.dataset.id = item.id;
          tile.setAttribute("aria-pressed", "false");
          tile.title = item.description;
          var picture = el("span", "tile-picture", item.emoji);
          picture.setAttribute("aria-hidden", "true");
          if (item.hex) {
            picture.textContent = "";
            picture.classList.add("swatch");
            picture.style.backgroundColor = item.hex;
          } else if (item.picture_url) {
            // OpenMoji's drawing of the emoji: not every computer has an emoji font.
            picture.textContent = "";
            var img = el("img");
            img.src = item.picture_url;
            img.alt = "";
            picture.appendChild(img);
          }
          tile.appendChild(picture);
          tile.appendChild(el("span", "tile-name", item.name));
          tile.addEventListener("click", function () { pick(step, kind, item.id); });
          holder.appendChild(tile);
        });
      });
      ["theme", "hero", "color", "adjective"].forEach(function (kind) {
        var wanted = params.get(kind);
        if (wanted) pick(document.querySelector('.step[data-kind="' + kind + '"]'), kind, wanted, true);
      });
      if (params.get("again") && ready()) makeStory();
    }).catch(function (e) { say(e.message); });

    function ready() { return ["theme", "hero", "color", "adjective"].every(function (k) { return picked[k]; }); }

    function pick(step, kind, id, quiet) {
      var found = false;
      step.querySelectorAll(".tile").forEach(function (tile) {
        var on = tile.dataset.id === id;
        found = found || on;
        tile.setAttribute("aria-pressed", on ? "true" : "false");
      });
      if (!found) return;
      picked[kind] = id;
      $("create").disabled = !ready();
      var next = step.nextElementSibling;
      if (!quiet && next && next.scrollIntoView) next.scrollIntoView({ behavior: "smooth", block: "start" });
    }

    $("create").addEventListener("click", makeStory);

    function makeStory() {
      say("");
      var request = { profile_id: +profile, theme: picked.theme, hero: picked.hero, color: picked.color, adjective: picked.adjective };
      api("POST", "/api/stories", request).then(function (job) {
        $("picker").hidden = true;
        $("making").hidden = false;
        follow(job);
      }).catch(function (e) { say(e.message); });
    }

    var leaving = false; // on the way to the player
    function show(job) {
      // Page 1 is ready: the child starts reading while the other pages are being made.
      if (leaving) return;
      if (job.pages_ready > 0 && job.state === "running") { leaving = true; location.href = "/play/job/" + job.id; return; }
      var words = STAGE_WORDS[job.stage] || "Getting ready";
      $("stage").textContent = words + "…";
      $("making").dataset.stage = job.stage || "waiting";
      if (job.total) $("progress").value = job.done / job.total;
    }

    function finished(job) {
      if (job.state === "done") { leaving = true; location.href = "/play/" + job.story_id; return; }
      $("making").hidden = true;
      $("picker").hidden = false;
      say(job.error || "Oh no, this story got stuck. Please try again!");
    }

    /* Server-Sent Events when the browser has them; polling the job otherwise. */
    function follow(job) {
      show(job);
      if (!window.EventSource) return poll(job.id);
      var stream = new EventSource("/api/jobs/" + job.id + "/events");
      stream.addEventListener("progress", function (e) { show(JSON.parse(e.data)); });
      ["done", "failed"].forEach(function (kind) {
        stream.addEventListener(kind, function (e) { stream.close(); finished(JSON.parse(e.data)); });
      });
      stream.onerror = function () { stream.close(); poll(job.id); };
    }

    function poll(jobId) {
      api("GET", "/api/jobs/" + jobId).then(function (job) {
        show(job);
        if (job.state === "done" || job.state === "failed") finished(job);
        else setTimeout(function () { poll(jobId); }, 1000);
      }).catch(function (e) { say(e.message); });
    }
  }

  /* ---- The child's library ---- */
  function libraryPage() {
    var profile = body.dataset.profile;
    $("new-story").href = "/child/" + profile;
    loadSession().then(function () { return api("GET", "/api/stories?profile_id=" + profile); }).then(function (stories) {
      if (!stories.length) say("No stories yet. Let's make one!");
      stories.forEach(function (s) {
        var tile = el("a", "tile story-tile");
        tile.href = s.play_url;
        tile.appendChild(el("span", "tile-name", s.title));
        $("stories").appendChild(tile);
      });
    }).catch(function (e) { say(e.message); });
  }

  /* ---- Parent area ---- */
  function parentPage() {
    var consentFor = null;
    var consentVersion = null;

    function showOnly(id) {
      ["gate", "auth", "dashboard", "consent"].forEach(function (name) { $(name).hidden = name !== id; });
    }

    function refresh() {
      return loadSession().then(function (s) {
        if (!s.gate_open) return askGate();
        if (!s.parent) return showOnly("auth");
        $("parent-email").textContent = s.parent.email;
        showOnly("dashboard");
        return drawProfiles();
      }).catch(function (e) { say(e.message); });
    }

    function askGate() {
      return api("POST", "/api/parent-gate/question").then(function (q) {
        $("gate-question").textContent = q.question + " (type the answer as digits)";
        $("gate-answer").value = "";
        showOnly("gate");
        $("gate-answer").focus();
      });
    }

    $("gate-form").addEventListener("submit", function (event) {
      event.preventDefault();
      api("POST", "/api/parent-gate", { answer: $("gate-answer").value }).then(function () { say(""); refresh(); })
        .catch(function (e) { say(e.message); askGate(); });
    });

    function signIn(path, email, password) {
      api("POST", "/api/" + path, { email: email, password: password })
        .then(function (s) { session = s; say(""); refresh(); })
        .catch(function (e) { say(e.message); });
    }
    $("login-form").addEventListener("submit", function (event) {
      event.preventDefault();
      signIn("login", $("login-email").value, $("login-password").value);
    });
    $("signup-form").addEventListener("submit", function (event) {
      event.preventDefault();
      signIn("accounts", $("signup-email").value, $("signup-password").value);
    });
    $("logout").addEventListener("click", function () {
      api("POST", "/api/logout").then(function () { location.href = "/"; });
    });

    $("profile-form").addEventListener("submit", function (event) {
      event.preventDefault();
      api("POST", "/api/profiles", { display_name: $("profile-name").value }).then(function () {
        $("profile-name").value = "";
        say("");
        drawProfiles();
      }).catch(function (e) { say(e.message); });
    });

    function button(label, action, className) {
      var b = el("button", className || "", label);
      b.type = "button";
      b.addEventListener("click", action);
      return b;
    }

    function drawProfiles() {
      return api("GET", "/api/profiles").then(function (profiles) {
        var list = $("profile-list");
        list.textContent = "";
        if (!profiles.length) list.appendChild(el("p", null, "No children yet: add one below."));
        profiles.forEach(function (p) {
          var card = el("article", "profile-card");
          card.dataset.profile = p.id;
          card.appendChild(el("h3", null, p.display_name));
          card.appendChild(el("p", "consent-state", p.has_consent ? "Consent given: can make stories." : "No consent yet: cannot make stories."));
          var actions = el("div", "card-actions");
          if (p.has_consent) {
            actions.appendChild(button("Withdraw consent (deletes " + p.display_name + "'s stories)", function () {
              if (!window.confirm("Withdraw consent and delete all of " + p.display_name + "'s stories?")) return;
              api("DELETE", "/api/profiles/" + p.id + "/consent").then(function (r) {
                say("Consent withdrawn; " + r.stories_deleted + " stories deleted.");
                drawProfiles();
              }).catch(function (e) { say(e.message); });
            }, "withdraw-consent"));
          } else {
            actions.appendChild(button("Give consent", function () { openConsent(p); }, "give-consent"));
          }
          var exportLink = el("a", "export", "Download stories (zip)");
          exportLink.href = "/api/profiles/" + p.id + "/export";
          actions.appendChild(exportLink);
          actions.appendChild(button("Delete profile", function () {
            if (!window.confirm("Delete " + p.display_name + " and all their stories?")) return;
            api("DELETE", "/api/profiles/" + p.id).then(drawProfiles).catch(function (e) { say(e.message); });
          }, "delete-profile"));
          card.appendChild(actions);
          var stories = el("ul", "story-list");
          card.appendChild(stories);
          list.appendChild(card);
          api("GET", "/api/stories?profile_id=" + p.id).then(function (items) {
            items.forEach(function (s) {
              var li = el("li");
              var a = el("a", null, s.title);
              a.href = s.play_url;
              li.appendChild(a);
              li.appendChild(button("Delete", function () {
                api("DELETE", "/api/stories/" + s.id).then(drawProfiles).catch(function (e) { say(e.message); });
              }, "delete-story"));
              stories.appendChild(li);
            });
          });
        });
      });
    }

    function openConsent(profile) {
      consentFor = profile;
      api("GET", "/api/consent-text").then(function (t) {
        consentVersion = t.version;
        $("consent-child").textContent = profile.display_name;
        $("consent-text").textContent = t.text;
        $("consent-password").value = "";
        showOnly("consent");
        $("consent-text").focus();
      }).catch(function (e) { say(e.message); });
    }
    $("consent-cancel").addEventListener("click", refresh);
    $("consent-form").addEventListener("submit", function (event) {
      event.preventDefault();
      api("POST", "/api/profiles/" + consentFor.id + "/consent", { password: $("consent-password").value, text_version: consentVersion })
        .then(function () { say("Thank you: " + consentFor.display_name + " can now make stories."); refresh(); })
        .catch(function (e) { say(e.message); });
    });

    refresh();
  }

  var pages = { home: homePage, child: childPage, library: libraryPage, parent: parentPage };
  if (pages[body.dataset.page]) pages[body.dataset.page]();
})();
