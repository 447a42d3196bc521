import { describe, expect, it, vi } from "vitest";
import { TopicIndex } from "../src/topic-index.js";
import { newTopic, parseTopic, Topic } from "../src/topic.js";

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

  describe("the walk cached on a topic", () => {
    it("walks the trie for a topic once, until a node is made", () => {
      const index = new TopicIndex<Member>();
      index.add(parseTopic("orders/*"), member("any"));
      const topic = newTopic("orders", "7");
      const out: Member[] = [];
      const segments = vi.spyOn(Topic.prototype, "segments", "get");
      try {
        for (let stamp = 1; stamp <= 3; stamp++) index.collect(topic, stamp, out);
        expect(segments).toHaveBeenCalledTimes(1);
        index.add(parseTopic("*/7"), member("seven"));
        segments.mockClear();
        for (let stamp = 4; stamp <= 6; stamp++) index.collect(topic, stamp, out);
        expect(segments).toHaveBeenCalledTimes(1);
      } finally {
        segments.mockRestore();
      }
      expect(out.map((m) => m.name)).toEqual(["any", "any", "any", ...Array(3).fill(["any", "seven"]).flat()]);
    });

    it("sees patterns added to and removed from the nodes it ends at", () => {
      const index = new TopicIndex<Member>();
      const first = member("first");
      const second = member("second");
      index.add(parseTopic("a/*/c"), member("deeper"));
      // The walk kept for "a/b" ends at the node "a/*" will use.
      expect(collect(index, 1, "a/b")).toEqual([]);
      // That node exists already, so no node is made and the kept walk stays.
      index.add(parseTopic("a/*"), first);
      index.add(parseTopic("a/*"), second);
      expect(collect(index, 2, "a/b")).toEqual(["first", "second"]);
      index.remove(parseTopic("a/*"), first);
      expect(collect(index, 3, "a/b")).toEqual(["second"]);
      index.remove(parseTopic("a/*"), second);
      expect(collect(index, 4, "a/b")).toEqual([]);
      expect(collect(index, 5, "a/b/c")).toEqual(["deeper"]);
    });

    it("finds a pattern again after its pruned node is made anew", () => {
      const index = new TopicIndex<Member>();
      const one = member("one");
      index.add(parseTopic("p/*"), one);
      expect(collect(index, 1, "p/q")).toEqual(["one"]);
      index.remove(parseTopic("p/*"), one);
      expect(index.nodeCount).toBe(0);
      expect(collect(index, 2, "p/q")).toEqual([]);
      index.add(parseTopic("p/*"), one);
      expect(collect(index, 3, "p/q")).toEqual(["one"]);
    });

    it("never takes a walk that another index cached on the same topic", () => {
      const left = new TopicIndex<Member>();
      const right = new TopicIndex<Member>();
      left.add(parseTopic("users/*"), member("left"));
      right.add(parseTopic("*/1"), member("right"));
      expect(collect(left, 1, "users/1")).toEqual(["left"]);
      expect(collect(right, 1, "users/1")).toEqual(["right"]);
      expect(collect(left, 2, "users/1")).toEqual(["left"]);
    });
  });
});
