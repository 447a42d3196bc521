import { describe, expect, it } from "vitest";
import { Topic, newTopic, parseTopic } from "../src/index.js";

describe("parseTopic", () => {
  it("splits the text into segments and keeps its text form", () => {
    const topic = parseTopic("users/42/updated");
    expect(topic.segments).toEqual(["users", "42", "updated"]);
    expect(topic.toString()).toBe("users/42/updated");
    expect(`${topic}`).toBe("users/42/updated");
    expect(topic.isPattern).toBe(false);
  });

  it("treats a whole `*` segment as a wildcard and the topic as a pattern", () => {
    expect(parseTopic("users/*/updated").isPattern).toBe(true);
    expect(parseTopic("*").isPattern).toBe(true);
  });

  it.each([
    ["", "cannot be empty"],
    ["a//b", "cannot be empty"],
    ["/a", "cannot be empty"],
    ["a/", "cannot be empty"],
    ["a*", '"*" must be a whole segment'],
    ["users/*x/updated", '"*" must be a whole segment'],
    ["**", '"*" must be a whole segment'],
  ])("rejects %j with a TypeError that quotes it", (text, problem) => {
    expect(() => parseTopic(text)).toThrow(TypeError);
    expect(() => parseTopic(text)).toThrow(JSON.stringify(text));
    expect(() => parseTopic(text)).toThrow(problem);
  });

  it.each([[42], [null], [undefined], [{}], [["a"]]])("rejects the non-string %j", (value) => {
    expect(() => parseTopic(value as unknown as string)).toThrow(TypeError);
    expect(() => parseTopic(value as unknown as string)).toThrow(/must be a string/);
  });

  it("returns the same Topic for a text parsed again (no second split)", () => {
    expect(parseTopic("cache/hit")).toBe(parseTopic("cache/hit"));
  });

  it("keeps parsing correctly past the cache bound", () => {
    const first = parseTopic("bounded/0");
    for (let i = 1; i <= 5000; i++) parseTopic(`bounded/${i}`);
    const again = parseTopic("bounded/0");
    expect(again).not.toBe(first); // evicted, so the cache did not keep all 5,001
    expect(again.equals(first)).toBe(true);
  });
});

describe("newTopic", () => {
  it("builds a topic from segments", () => {
    const topic = newTopic("users", "42");
    expect(topic).toBeInstanceOf(Topic);
    expect(topic.toString()).toBe("users/42");
    expect(newTopic("users", "*").isPattern).toBe(true);
  });

  it.each([
    [[], "at least one segment"],
    [["a/b"], 'cannot contain "/"'],
    [["ok", ""], "cannot be empty"],
    [["a*"], '"*" must be a whole segment'],
    [[7], "must be a string"],
  ])("rejects segments %j with a TypeError that quotes them", (segments, problem) => {
    const build = () => newTopic(...(segments as string[]));
    expect(build).toThrow(TypeError);
    expect(build).toThrow(problem);
    const bad = segments.at(-1);
    if (bad !== undefined) expect(build).toThrow(typeof bad === "string" ? JSON.stringify(bad) : String(bad));
  });

  it("cannot be changed afterwards", () => {
    const topic = newTopic("a", "b");
    expect(() => (topic.segments as string[]).push("c")).toThrow(TypeError);
    expect(topic.toString()).toBe("a/b");
  });
});

describe("Topic.matches", () => {
  it.each([
    ["foo/bar", "foo/bar", true],
    ["foo/bar", "foo/*", true],
    ["foo/bar", "*/bar", true],
    ["foo/bar", "*/*", true],
    ["foo", "foo/*", false],
    ["foo/bar/baz", "foo/*", false],
    ["foo/bar", "foo", false],
    ["foo/bar", "foo/baz", false],
    ["foo/bar", "*", false],
  ])("%s against %s is %s", (topic, pattern, expected) => {
    expect(parseTopic(topic).matches(pattern)).toBe(expected);
    expect(parseTopic(topic).matches(parseTopic(pattern))).toBe(expected);
  });
});

describe("Topic.equals", () => {
  it("compares segments, accepting a string or a Topic", () => {
    expect(newTopic("a", "b").equals("a/b")).toBe(true);
    expect(newTopic("a", "b").equals(parseTopic("a/b"))).toBe(true);
    expect(newTopic("a", "b").equals("a/c")).toBe(false);
    expect(newTopic("a", "*").equals("a/*")).toBe(true);
  });

  it("throws a TypeError for a bad argument", () => {
    expect(() => newTopic("a").equals("a//b")).toThrow(TypeError);
  });
});

describe("Topic as a value", () => {
  it("compares by its text in deep equality and serialises as its text", () => {
    expect(parseTopic("users/1")).toEqual(newTopic("users", "1"));
    expect(parseTopic("users/1")).not.toEqual(parseTopic("users/2"));
    expect(JSON.stringify({ topic: parseTopic("users/1") })).toBe('{"topic":{"isPattern":false,"text":"users/1"}}');
  });
});
