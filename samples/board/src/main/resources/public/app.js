// The board page. Everything it knows about the server comes from the generated client, served by
// Poto at /poto/_client/ (board.js, types.js, codecs.js, poto-runtime.js): typed calls, a live stream
// over fetch, visitor login, and PotoError for every failure.
import { LocalStorageTokenStore, PotoClient, PotoError } from "/poto/_client/poto-runtime.js";
import { BoardModuleClient } from "/poto/_client/board.js";

const MAX_TEXT = 280;

// The session survives a reload; an expired or unknown visitor token is renewed by the runtime.
const client = new PotoClient({ tokenStore: new LocalStorageTokenStore("poto.board.session") });
const board = new BoardModuleClient(client);

const $ = (id) => document.getElementById(id);
const form = $("post-form");
const text = $("note-text");
const button = $("post-button");
const notes = $("notes");
const shown = new Set();
let me = null;

function showError(error) {
  const box = $("error");
  if (error === null) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  box.hidden = false;
  box.textContent = error instanceof PotoError
    ? `${error.message} (${error.code}${error.status ? `, HTTP ${error.status}` : ""})`
    : String(error);
}

function setStatus(state, label) {
  const status = $("status");
  status.dataset.state = state;
  status.textContent = label;
}

/** "visitor_Qm9vYmFy…" reads badly: show a short, stable nickname and a colour from the id. */
function shortName(userId) {
  const kind = userId.startsWith("visitor_") ? "visitor" : "user";
  return `${kind} ${userId.slice(-4)}`;
}

function nickname(userId) {
  return me !== null && userId === me.userId ? "you" : shortName(userId);
}

function hue(userId) {
  let h = 0;
  for (const c of userId) h = (h * 31 + c.codePointAt(0)) % 360;
  return h;
}

function addNote(note) {
  if (shown.has(note.id)) return;
  shown.add(note.id);
  const item = document.createElement("li");
  item.className = "note";
  item.dataset.id = String(note.id);
  item.style.setProperty("--hue", String(hue(note.author)));
  const head = document.createElement("div");
  head.className = "note-head";
  const author = document.createElement("span");
  author.className = "author";
  author.textContent = nickname(note.author);
  const time = document.createElement("time");
  time.dateTime = note.postedAt; // an Instant arrives as its exact ISO-8601 text
  time.textContent = new Date(note.postedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  head.append(author, time);
  const body = document.createElement("p");
  body.className = "text";
  body.textContent = note.text;
  item.append(head, body);
  // Newest first: notes arrive in id order, so each new one goes on top.
  notes.prepend(item);
  $("empty").hidden = true;
}

async function refreshInfo() {
  try {
    const info = await board.info();
    $("info").textContent = `${info.notes} note${info.notes === 1 ? "" : "s"} · ${info.watchers} watching`;
  } catch {
    // the count is decoration; the stream status says whether the board is reachable
  }
}

/** The caller's post count, kept by the server in the session (an atomic update per post). */
async function refreshMyPosts() {
  try {
    const posts = await board.myPosts();
    $("my-posts").textContent = `${posts} post${posts === 1 ? "" : "s"} by you`;
  } catch {
    // decoration, like the board's count
  }
}

/** Listens for ever: the backlog, then each new note; reconnects with a growing pause when cut off. */
async function watch() {
  for (let attempt = 0; ; attempt++) {
    try {
      setStatus("live", "● live");
      for await (const note of board.watch()) {
        attempt = 0;
        addNote(note);
        refreshInfo();
      }
      setStatus("offline", "stream ended, reconnecting…");
    } catch (error) {
      setStatus("offline", `offline (${error instanceof PotoError ? error.code : error}), reconnecting…`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** attempt, 15000)));
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  button.disabled = true;
  try {
    // No local insert: the note shows up when the stream delivers it, like everyone else's.
    await board.post(text.value);
    text.value = "";
    updateCounter();
    showError(null);
    refreshMyPosts();
  } catch (error) {
    // post() declares invalid_note: its typed fields say how long the note was and may be.
    const invalid = BoardModuleClient.errorOf("post", error);
    if (invalid?.code === "invalid_note") {
      $("counter").classList.toggle("over", invalid.length > invalid.maxLength);
    }
    showError(error);
  } finally {
    button.disabled = false;
    text.focus();
  }
});

function updateCounter() {
  const length = text.value.trim().length;
  const counter = $("counter");
  counter.textContent = `${length} / ${MAX_TEXT}`;
  counter.classList.toggle("over", length > MAX_TEXT);
}
text.addEventListener("input", updateCounter);
text.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
});

async function start() {
  try {
    if (client.session === null) {
      await client.loginAsVisitor();
    }
    me = await board.whoami();
    $("whoami").textContent = `You are ${shortName(me.userId)} (roles: ${me.roles.join(", ")})`;
    $("whoami").title = me.userId;
    button.disabled = false;
    refreshInfo();
    refreshMyPosts();
    watch();
  } catch (error) {
    $("whoami").textContent = "not signed in";
    setStatus("offline", "offline");
    showError(error);
  }
}

start();
