export { BusRecorder, type RecorderOptions } from "./testing/bus-recorder.js";
export { EventLog, type NthOptions } from "./testing/event-log.js";
export { RecordingPublisher } from "./testing/recording-publisher.js";
export { settle } from "./testing/settle.js";
