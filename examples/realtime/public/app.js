// The page: messages from the server are published on a local Bus, and each
// UI part subscribes there to the topics it shows. The topics the server
// sends this page are changed at runtime over the same WebSocket.
import { Bus } from "@flamigo/events";
import { decodeMessage } from "@flamigo/events/client";

const DEFAULT_TOPICS = ["servers/*/status", "counter/ticked", "alerts/*"];
const LOG_LIMIT = 50;

/** A message from the server, published locally under the server's topic ("servers:web-1:status" → "servers/web-1/status"). */
class Incoming {
  constructor(message) {
    this.message = message;
  }
  topics() {
    return [this.message.topic().replaceAll(":", "/")];
  }
  get payload() {
    return this.message.payload();
  }
}

const ui = new Bus({ onError: (error) => showProblem(`A UI part failed: ${error.message}`) });
const $ = (selector) => document.querySelector(selector);

ui.subscribe((_ctx, { payload }) => renderServer(payload), { topics: "servers/*/status" });
ui.subscribe((_ctx, { payload }) => ($("#counter").textContent = String(payload.value)), { topics: "counter/ticked" });
ui.subscribe((_ctx, { payload }) => prepend("#users", item(payload.name, { user: payload.name })), { topics: "users/*/joined" });
ui.subscribe((_ctx, { payload }) => prepend("#alerts", item(payload.text, { alert: payload.id })), { topics: "alerts/*" });
ui.subscribe((_ctx, { payload }) => renderSubscriptions(payload), { topics: "subscriptions" });
ui.subscribe((_ctx, { payload }) => showProblem(payload.message), { topics: "error" });
ui.subscribe((_ctx, { message }) => logMessage(message), { all: true });

const socket = new WebSocket(new URL("/ws", location.href).href.replace(/^http/, "ws"));
socket.addEventListener("open", () => {
  setConnection("connected");
  for (const topic of initialTopics()) command({ subscribe: topic });
});
socket.addEventListener("close", () => setConnection("disconnected"));
socket.addEventListener("message", ({ data }) => {
  try {
    ui.publish(new Incoming(decodeMessage(data)));
  } catch (error) {
    showProblem(`Cannot read a message from the server: ${error.message}`);
  }
});

$("#subscribe-form").addEventListener("submit", (event) => {
  event.preventDefault();
  command({ subscribe: $("#topic-input").value.trim() });
  $("#topic-input").value = "";
});
for (const button of document.querySelectorAll(".suggestion")) {
  button.addEventListener("click", () => command({ subscribe: button.textContent }));
}

function command(body) {
  showProblem("");
  socket.send(JSON.stringify(body));
}

/** `?topics=a,b` picks the first topics; without it the page starts with a few. */
function initialTopics() {
  const given = new URLSearchParams(location.search).get("topics");
  if (given === null) return DEFAULT_TOPICS;
  return given.split(",").filter((topic) => topic !== "");
}

function renderServer({ id, status }) {
  let row = document.querySelector(`#servers tr[data-server="${CSS.escape(id)}"]`);
  if (row === null) {
    row = document.createElement("tr");
    row.dataset.server = id;
    row.append(document.createElement("td"), document.createElement("td"));
    row.firstChild.textContent = id;
    row.lastChild.className = "status";
    $("#servers").append(row);
  }
  row.lastChild.textContent = status;
  row.dataset.status = status;
}

function renderSubscriptions(topics) {
  $("#subscriptions").replaceChildren(
    ...topics.map((topic) => {
      const entry = item(topic, { subscribed: topic });
      const remove = document.createElement("button");
      remove.textContent = "Unsubscribe";
      remove.addEventListener("click", () => command({ unsubscribe: topic }));
      entry.append(remove);
      return entry;
    }),
  );
}

function logMessage(message) {
  const entry = item(`${message.topic()} ${JSON.stringify(message.payload())}`, { topic: message.topic() });
  prepend("#log", entry);
  while ($("#log").children.length > LOG_LIMIT) $("#log").lastChild.remove();
}

function item(text, data) {
  const entry = document.createElement("li");
  const label = document.createElement("span");
  label.textContent = text;
  entry.append(label);
  Object.assign(entry.dataset, data);
  return entry;
}

function prepend(selector, entry) {
  $(selector).prepend(entry);
}

function setConnection(state) {
  $("#connection").textContent = state;
  $("#connection").dataset.state = state;
}

function showProblem(text) {
  $("#problem").textContent = text;
}
