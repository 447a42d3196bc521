// The test events of the bridge suites, in plain JavaScript so that worker
// threads and child processes (which load the built package) share them with
// the TypeScript tests.

export class ServerStatus {
  constructor(id, status) {
    this.id = id;
    this.status = status;
  }
  topics() {
    return [`servers/${this.id}/status`];
  }
}

export class UserMoved {
  constructor(id, team) {
    this.id = id;
    this.team = team;
  }
  topics() {
    return [`users/${this.id}/moved`, `teams/${this.team}/changed`];
  }
}

export const serverStatusKind = {
  name: "server.status",
  matches: (event) => event instanceof ServerStatus,
  toData: (event) => ({ id: event.id, status: event.status }),
  fromData: (data) => {
    if (typeof data?.id !== "string" || typeof data?.status !== "string") {
      throw new TypeError("server.status needs id and status");
    }
    return new ServerStatus(data.id, data.status);
  },
};

export const userMovedKind = {
  name: "user.moved",
  matches: (event) => event instanceof UserMoved,
  toData: (event) => ({ id: event.id, team: event.team }),
  fromData: (data) => new UserMoved(data.id, data.team),
};

/** How a test names what a bus received. */
export function describeEvent(event) {
  return event instanceof ServerStatus ? `${event.id}:${event.status}` : `${event.id}->${event.team}`;
}
