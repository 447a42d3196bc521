import { describe, expect, it } from "vitest";
import { TopicIndex } from "../src/topic-index.js";
import { parseTopic } from "../src/topic.js";

interface Member {
  name: string;
  stamp: number;
}

function member(name: string): Member {
  return { name, stamp: 0 };
}

function collect(index: TopicIndex<Member>, stamp: number, ...topics: string[]): string[] {
  const out: Member[] = [];
  for (const topic of topics) index.collect(parseTopic(topic), stamp, out);
  return out.map((m) => m.name);
}

describe("TopicIndex", () => {
  it("finds exact and wildcard patterns, one segment per `*`", () => {
    const index = new TopicIndex<Member>();
    index.add(parseTopic("users/42/updated"), member("exact"));
    index.add(parseTopic("users/*/updated"), member("middle"));
    index.add(parseTopic("*/42/*"), member("ends"));
    index.add(parseTopic("users/*"), member("short"));
    expect(collect(index, 1, "users/42/updated").sort()).toEqual(["ends", "exact", "middle"]);
    expect(collect(index, 2, "users/7/updated")).toEqual(["middle"]);
    expect(collect(index, 3, "users/7")).toEqual(["short"]);
    expect(collect(index, 4, "users/7/updated/again")).toEqual([]);
  });

  it("collects a member once per stamp across patterns and topics", () => {
    const index = new TopicIndex<Member>();
    const both = member("both");
    index.add(parseTopic("a/b"), both);
    index.add(parseTopic("a/*"), both);
    index.add(parseTopic("*/c"), both);
    expect(collect(index, 1, "a/b", "a/c")).toEqual(["both"]);
    expect(collect(index, 2, "a/b")).toEqual(["both"]);
  });

  it("prunes trie nodes and exact entries when their last pattern goes", () => {
    const index = new TopicIndex<Member>();
    const one = member("one");
    const two = member("two");
    index.add(parseTopic("a/*/c/d"), one);
    index.add(parseTopic("a/*/c/e"), two);
    index.add(parseTopic("x/y"), one);
    index.add(parseTopic("x/y"), two);
    expect(index.nodeCount).toBe(5);
    expect(index.exactCount).toBe(1);

    index.remove(parseTopic("a/*/c/d"), one);
    expect(index.nodeCount).toBe(4);
    index.remove(parseTopic("a/*/c/e"), two);
    expect(index.nodeCount).toBe(0);
    index.remove(parseTopic("x/y"), one);
    expect(index.exactCount).toBe(1);
    expect(collect(index, 1, "x/y")).toEqual(["two"]);
    index.remove(parseTopic("x/y"), two);
    expect(index.exactCount).toBe(0);
  });

  it("treats segments named like Object.prototype's members as plain segments", () => {
    const index = new TopicIndex<Member>();
    const proto = member("proto");
    const ctor = member("ctor");
    index.add(parseTopic("__proto__/*"), proto);
    index.add(parseTopic("*/constructor/toString"), ctor);
    expect(collect(index, 1, "__proto__/x")).toEqual(["proto"]);
    expect(collect(index, 2, "a/constructor/toString")).toEqual(["ctor"]);
    expect(collect(index, 3, "hasOwnProperty/x", "a/toString/constructor", "a/__proto__/toString")).toEqual([]);
    index.remove(parseTopic("__proto__/*"), proto);
    index.remove(parseTopic("*/constructor/toString"), ctor);
    expect(index.nodeCount).toBe(0);
    expect(collect(index, 4, "__proto__/x")).toEqual([]);
  });

  it("ignores removing what is not there", () => {
    const index = new TopicIndex<Member>();
    const one = member("one");
    index.add(parseTopic("a/*"), one);
    index.remove(parseTopic("a/*"), member("other"));
    index.remove(parseTopic("b/*"), one);
    index.remove(parseTopic("a/b"), one);
    expect(index.nodeCount).toBe(2);
    expect(collect(index, 1, "a/b")).toEqual(["one"]);
  });

  it("keeps members of a pattern in the order they were added", () => {
    const index = new TopicIndex<Member>();
    for (const name of ["first", "second", "third"]) index.add(parseTopic("t/*"), member(name));
    expect(collect(index, 1, "t/x")).toEqual(["first", "second", "third"]);
  });
});
